"""The anonymiser on tricky Dutch text: names with particles, common words, accents, initials,
phone numbers in every notation, e-mail addresses and street addresses."""

import pytest

from initiatives.core.anonymise.anonymiser import Anonymiser, redact
from initiatives.core.anonymise.patterns import phone_digits
from initiatives.core.anonymise.screening import may_hold_any, may_hold_known, screen_keys


@pytest.fixture
def anonymiser():
    return Anonymiser(
        names=["Jan de Vries", "Anne van der Meer", "Ayşe Yılmaz", "Ahmed El Idrissi"],
        emails=["jan.devries@example.org", "Ayse@Example.NET"],
        phones=["06-12345678", "+31 20 765 4321"],
        address="Merelstraat 12a",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jan de Vries belde.", "[naam] belde."),
        ("jan de vries belde.", "[naam] belde."),  # the full name in any case
        ("Gesprek met J.P. de Vries.", "Gesprek met [naam]."),  # initials go along
        ("Mevrouw Van der Meer wil meer groen.", "Mevrouw [naam] wil meer groen."),
        ("Anne van der Meer en Anne.", "[naam] en [naam]."),
        ("Vries zei het, en Vriesland ligt verder.", "[naam] zei het, en Vriesland ligt verder."),
        ("Vries' plan en Vriess plan", "[naam]' plan en [naam] plan"),
        ("Idrissis idee", "[naam] idee"),  # genitive
        ("Ayse Yilmaz en AYŞE", "[naam] en [naam]"),  # accents and dotless i ignored
        ("Ahmed El Idrissi, El Idrissi en Idrissi", "[naam], [naam] en [naam]"),
        # Particles and common words stay on their own.
        ("De gemeente van de stad en de buurt.", "De gemeente van de stad en de buurt."),
        ("Er komen meer bewoners dan vorig jaar.", "Er komen meer bewoners dan vorig jaar."),
        ("Op 15 jan. 2024 belde Jan.", "Op 15 jan. 2024 belde [naam]."),
        ("Het vriest en de meerderheid wil het.", "Het vriest en de meerderheid wil het."),
    ],
)
def test_names_are_redacted_per_word(anonymiser, text, expected):
    assert anonymiser.redact(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mail jan.devries@example.org.", "Mail [e-mailadres]."),
        ("Mail AYSE@example.net of iemand@gemeente.nl", "Mail [e-mailadres] of [e-mailadres]"),
        ("jan.devries@example.org", "[e-mailadres]"),  # not "[naam].[naam]@..."
    ],
)
def test_email_addresses_are_redacted(anonymiser, text, expected):
    assert anonymiser.redact(text) == expected


@pytest.mark.parametrize(
    "number",
    [
        "06-12345678",
        "0612345678",
        "06 12345678",
        "06-1234 5678",
        "06 12 34 56 78",
        "(06) 12345678",
        "06 - 1234 5678",
        "+31 6 1234 5678",
        "+31612345678",
        "+31 (0)6-12345678",
        "0031 6 12345678",
        "020-1234567",
        "020 123 45 67",
        "(020) 1234567",
        "0345-123456",
        "0345 12 34 56",
        "0800-1234",
        "0900 1234567",
        "+32 470 12 34 56",
    ],
)
def test_phone_numbers_in_any_dutch_notation_are_redacted(number):
    assert redact(f"Bel {number} na vijven.") == "Bel [telefoonnummer] na vijven."


@pytest.mark.parametrize(
    "text",
    [
        "Op 06-05-2024 10 uur en 06-05-2024 10:30 in zaal 2.",
        "Huisnummer 12, € 1.200 en 0,50 per stuk.",
        "In 2023 kwamen 45 bewoners; KvK 01234567.",
        "Tussen 09.00-12.00 uur en 08.30 uur.",
    ],
)
def test_dates_amounts_and_codes_are_no_phone_numbers(text):
    assert redact(text) == text


def test_the_cases_own_phone_numbers_are_found_in_odd_notations(anonymiser):
    assert anonymiser.redact("Nummer: 0 6 1 2 3 4 5 6 7 8.") == "Nummer: [telefoonnummer]."
    assert anonymiser.redact("Vast: 020 76 54 321") == "Vast: [telefoonnummer]"


def test_a_street_address_is_redacted_with_its_house_number(anonymiser):
    assert anonymiser.redact("Het veldje achter Merelstraat 12a.") == "Het veldje achter [adres]."
    assert anonymiser.redact("Op merelstraat 12 A") == "Op [adres]"
    # The street alone is no one's address; any street with a house number may be someone's.
    assert anonymiser.redact("Moestuin aan de Merelstraat") == "Moestuin aan de Merelstraat"
    assert anonymiser.redact("Merelstraat 14") == "[adres]"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ik woon aan de Laan van Meerdervoort 123a in Den Haag.", "Ik woon aan de [adres] in Den Haag."),
        ("2e Jan Steenstraat 14-A, 1073 VN Amsterdam", "[adres], [adres] Amsterdam"),
        ("Jan van Galenstraat 7", "[adres]"),
        ("Postcode 5038 AB, huisnummer 12.", "Postcode [adres], huisnummer 12."),
        ("Post naar 3512PH 12 graag", "Post naar [adres] graag"),
        ("Op Hoofdstraat 5 is het buurthuis", "Op [adres] is het buurthuis"),
        ("Kerkpad 3, 1234 ab", "[adres], 1234 ab"),
        ("vinkenhof 3 en Markt 12", "vinkenhof 3 en [adres]"),
    ],
)
def test_any_street_with_a_house_number_and_any_postcode_is_redacted(text, expected):
    """Whoever lives there: a signature's address is rarely in the contact table."""
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Op de vergadering 3 maart waren 12 bewoners; fase 2, artikel 12 van de APV.",
        "We zijn onderweg 2 dagen, de weg 3 keer over.",
        "De Merelstraat is 120 meter lang.",
    ],
)
def test_numbers_near_words_are_no_addresses(text):
    assert redact(text) == text


def test_a_place_is_not_an_address():
    anonymiser = Anonymiser(address="Speeltuin Merelpark")
    assert anonymiser.redact("In de Speeltuin Merelpark") == "In de Speeltuin Merelpark"


def test_organisations_are_kept():
    anonymiser = Anonymiser(names=["Kees Groen"])
    text = "Stichting Groen Vogelwijk wil meer groen; Groen belde."
    assert anonymiser.redact(text) == "Stichting [naam] Vogelwijk wil meer groen; [naam] belde."
    # The organisation's own name stays when it holds no resident's name.
    assert (
        Anonymiser(names=["Kees Bos"]).redact("Bewonersvereniging De Blaak") == "Bewonersvereniging De Blaak"
    )


def test_a_name_typed_in_lower_case_still_counts():
    assert Anonymiser(names=["piet bakker"]).redact("Piet Bakker en piet") == "[naam] en [naam]"


def test_nothing_to_redact_leaves_the_text_alone():
    anonymiser = Anonymiser(names=["Jan de Vries"])
    assert anonymiser.redact("") == ""
    assert anonymiser.redact(None) == ""
    assert anonymiser.redact("Een moestuin in de wijk.") == "Een moestuin in de wijk."


@pytest.mark.parametrize(
    ("phone", "digits"),
    [("06-12345678", "0612345678"), ("+31 6 1234 5678", "0612345678"), ("+31 (0)20 1234567", "0201234567")],
)
def test_phone_digits_are_as_dialled_in_the_netherlands(phone, digits):
    assert phone_digits(phone) == digits


TEXTS = [
    "Jan de Vries belde.",
    "Een moestuin in de wijk.",
    "Mail jan.devries@example.org.",
    "Bel 06-12345678 na vijven.",
    "Vast: 020 76 54 321",
    "Het veldje achter Merelstraat 12a.",
    "Moestuin aan de Merelstraat",
    "Idrissis idee",
    "Ayse Yilmaz en AYŞE",
    "In 2023 kwamen 45 bewoners.",
    "De gemeente van de stad en de buurt.",
    "",
]


@pytest.mark.parametrize("count", [1, 2, 3])
def test_texts_that_hold_nothing_together_are_left_as_they_are(anonymiser, count):
    """`holds_nothing` may look at many texts at once: if it says so, redact changes none."""
    for start in range(len(TEXTS)):
        texts = TEXTS[start : start + count]
        if anonymiser.holds_nothing("\n".join(texts)):
            assert [anonymiser.redact(text) for text in texts] == texts
    assert anonymiser.holds_nothing("Een moestuin in de wijk.\nDe gemeente van de stad en de buurt.")


NAMES = ["Jan de Vries", "Anne van der Meer", "Ayşe Yılmaz", "Ahmed El Idrissi"]
MORE_TEXTS = [
    "Jansens plan",
    "Meer groen in de wijk",
    "Anne belt morgen",
    "El Idrissi schreef",
    "Merelstraat 12",
    "Merelstraat",
    "J.P. de Vries",
    "Bel 020-7654321",
    "bewoners",
]


@pytest.mark.parametrize("count", [1, 2, 3])
def test_the_export_screen_passes_every_text_the_anonymiser_changes(anonymiser, count):
    """The export looks at a case's texts without an anonymiser first (`may_hold_any`, then
    `may_hold_known`): where it says they hold nothing, `redact` changes none of them."""
    keys = screen_keys(NAMES)
    texts = TEXTS + MORE_TEXTS
    for start in range(len(texts)):
        group = texts[start : start + count]
        joined = "\n".join(group)
        may = may_hold_any([joined])[0] or may_hold_known(joined.lower(), keys)
        if not may:
            assert [anonymiser.redact(text) for text in group] == group, group
        if any(anonymiser.redact(text) != text for text in group):
            assert may, group
    assert may_hold_any(["Een moestuin.", "Bel 06-12345678", "mail@example.org", "Ayşe"]) == [
        False,
        True,
        True,
        True,
    ]
