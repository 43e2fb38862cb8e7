"""Anonymising what leaves Bricoleur: residents' names, e-mail addresses, phone numbers and street
addresses are replaced by "[naam]", "[e-mailadres]", "[telefoonnummer]" and "[adres]", also
inside free text (DOMAIN.md, "Council reports and privacy").

An `Anonymiser` is built per case from the personal data the case knows: its initiators' names,
e-mail addresses and phone numbers, and its address when that is a street address. Organisations
are not personal data and are kept. On top of that, any e-mail address, any phone number in
common Dutch (or international) notation, any postcode (with the house number after it) and any
street name with a house number ("Merelstraat 12", "Laan van Meerdervoort 5a") is redacted,
whoever it belongs to.

Names are matched per word, ignoring case and accents: the full name ("Jan de Vries"), the
surname with its particles ("de Vries", "van der Meer"), and every name part of three letters or
more ("Jan", "Vries"), with initials in front ("J.P. de Vries") taken along. Particles ("van",
"de", "der", "ten"...) are never redacted on their own, and a name part that is also a common
Dutch word ("Meer", "Bakker", "Groen", "Jan" as in "15 jan.") only where it is capitalised.
Redacting too much is preferred over leaking: "Meer" at the start of a sentence goes too when a
resident is called Van der Meer.

The package's parts: `words` (the labels, particles and common words, folding text), `patterns`
(e-mail addresses, phone numbers, postcodes and street addresses, whoever they belong to), `terms`
(what a known name or address gives to match), `screening` (quick looks that tell a text holds
nothing to redact), `anonymiser` (the `Anonymiser` of a case, and `redact` for text of no case)
and `case_texts` (a case's texts anonymised).
"""

#: The version of the rules in this package. Raise it with every change to what is redacted: the public
#: copies of case texts made under older rules are then made again (`public_texts`).
RULES_VERSION = 2
