"""What the domains above cases keep of a case of a particular kind (the right to challenge's
proposal and decision), for the API's case: cases know no domain above them, so such a domain
registers how to tell its details when the app is set up (`create_app`)."""

_details = {}


def register_kind_details(name, tell):
    """`tell(initiative)` gives the `name` object of the API's case, or None for other kinds."""
    _details[name] = tell


def kind_details(name, initiative):
    tell = _details.get(name)
    return tell(initiative) if tell is not None else None
