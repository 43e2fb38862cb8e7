"""A contact person's e-mail address and phone number as keys: one spelling for every notation,
so that the same person is found again however they wrote them ("06-12345678", "+31 6 1234 5678"
and "0031612345678" are one number; "Anna@Example.NL" and "anna@example.nl" one address)."""

import phonenumbers

#: Numbers without a country code are Dutch.
REGION = "NL"


def email_key(email):
    """The address in lower case, without surrounding spaces; None when there is none."""
    key = (email or "").strip().lower()
    return key or None


def phone_key(phone):
    """The first phone number in `phone` in E.164 ("+31612345678"); None when it holds none.

    A field may hold several numbers ("06-12345678, 010-1234567", from a signature): the first
    is the key."""
    text = (phone or "").strip()
    if not text:
        return None
    for match in phonenumbers.PhoneNumberMatcher(text, REGION, leniency=phonenumbers.Leniency.POSSIBLE):
        return phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
    try:
        number = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
