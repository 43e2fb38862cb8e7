"""The one error of every domain's rules: a change the rules refuse.

Operations raise it (or a domain's subclass, named for what it guards) with a message for the
user and, when the refusal is about one input, that input's `field`; web forms put the message at
that field, the API answers 422 with it. One class, so that handlers catch one thing.
"""


class RuleError(ValueError):
    """A change the rules refuse; `message` is shown to the user, `field` names the input."""

    def __init__(self, message, field=None):
        super().__init__(str(message))
        self.field = field
