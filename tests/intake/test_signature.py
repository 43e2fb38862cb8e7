"""Signatures under e-mails: recognised, read into contact data, and taken out of the text."""

import pytest

from initiatives.intake.signature import Signature, split_signature

BODY = "Beste wijkmanager,\n\nWij willen een moestuin op het veldje achter de school."


def test_a_dutch_signature_with_address_phone_and_email():
    signed = split_signature(
        BODY + "\n\nMet vriendelijke groet,\n\nAyşe Yılmaz\nVinkenstraat 14\n1234 AB Voorbeeldstad\n"
        "06-12345678\nayse@example.nl"
    )

    assert signed.signature == Signature(
        name="Ayşe Yılmaz",
        address="Vinkenstraat 14, 1234 AB Voorbeeldstad",
        phones=("06-12345678",),
        emails=("ayse@example.nl",),
    )
    assert signed.text == BODY  # the sign-off goes with the signature


def test_a_signature_after_the_rfc_3676_separator():
    signed = split_signature(BODY + "\n\nHartelijke groet,\n\n-- \nJosé Özdemir\nLindelaan 12, Noord")

    assert signed.signature == Signature(name="José Özdemir", address="Lindelaan 12, Noord")
    assert signed.text == BODY


def test_a_separator_without_a_sign_off():
    signed = split_signature(
        BODY
        + "\n-- \nGaëlle van 't Hof | Bewonersgroep De Linde\nT +31 (0)6 1234 5678 | E: gaelle@example.nl"
    )

    assert signed.signature == Signature(
        name="Gaëlle van 't Hof",
        phones=("+31 (0)6 1234 5678",),
        emails=("gaelle@example.nl",),
        organisation="Bewonersgroep De Linde",
    )
    assert signed.text == BODY


def test_international_numbers_labels_a_role_and_a_postcode_with_a_street_without_ending():
    signed = split_signature(
        BODY
        + "\n\nMvg\nPiet de Vries\nVoorzitter Buurtvereniging Vogelwijk\nDe Linde 4\n1234AB Voorbeeldstad\n"
        "T 020-1234567\nMob.: 0031 6 87654321\nwww.vogelwijk.example"
    )

    assert signed.signature == Signature(
        name="Piet de Vries",
        address="De Linde 4, 1234AB Voorbeeldstad",
        phones=("020-1234567", "0031 6 87654321"),
        organisation="Buurtvereniging Vogelwijk",  # without the role in front
    )
    assert signed.text == BODY


def test_a_name_on_the_sign_off_line_and_the_mail_programs_footer():
    signed = split_signature(
        "Hoi,\n\nKan er een bankje komen?\n\nGroetjes, Fatma\n\nVerzonden vanaf mijn iPhone"
    )

    assert signed.signature == Signature(name="Fatma")
    assert signed.text == "Hoi,\n\nKan er een bankje komen?"


def test_the_first_name_gives_way_to_the_full_one_and_a_sentence_stays():
    signed = split_signature(
        BODY
        + "\n\nGroeten,\nMette\n\n-- \nMette Jansen-de Boer, tel. 06 12 34 56 78\nE-mail: mette@example.nl\n\n"
        "PS: de foto's van het veldje volgen morgen."
    )

    assert signed.signature == Signature(
        name="Mette Jansen-de Boer", phones=("06 12 34 56 78",), emails=("mette@example.nl",)
    )
    assert signed.text == BODY + "\n\nPS: de foto's van het veldje volgen morgen."


def test_an_english_signature():
    signed = split_signature(
        "Dear Sir or Madam,\n\nCould we have a bench by the pond?\n\nKind regards,\nJohn O'Neill\n"
        "Chair, Residents' Association Vogelwijk\n+31 20 123 4567"
    )

    assert signed.signature == Signature(
        name="John O'Neill", phones=("+31 20 123 4567",), organisation="Residents' Association Vogelwijk"
    )
    assert signed.text == "Dear Sir or Madam,\n\nCould we have a bench by the pond?"


def test_a_place_under_the_street_and_two_people():
    signed = split_signature(BODY + "\n\nGroet,\nAnna & Piet Smit\nKerkweg 3\nVoorbeeldstad")

    assert signed.signature == Signature(name="Anna & Piet Smit", address="Kerkweg 3, Voorbeeldstad")


def test_the_signature_ends_at_the_quoted_message_which_stays():
    text = (
        "Ja, dinsdag kan ik.\n\nGroet,\nFatma Bakker\n06-87654321\n\n"
        "Op ma 3 mrt 2025 om 14:12 schreef Sanne <sanne@gemeente.example>:\n"
        "> Zullen we afspreken?\n> Met vriendelijke groet,\n> Sanne"
    )
    signed = split_signature(text)

    assert signed.signature == Signature(name="Fatma Bakker", phones=("06-87654321",))
    assert signed.text == (
        "Ja, dinsdag kan ik.\n\n"
        "Op ma 3 mrt 2025 om 14:12 schreef Sanne <sanne@gemeente.example>:\n"
        "> Zullen we afspreken?\n> Met vriendelijke groet,\n> Sanne"
    )


def test_a_signature_in_an_outlook_quote_is_not_the_senders():
    text = (
        "Dank u, dinsdag om 19:00 kan ik.\n\nJan\n\n-----Original Message-----\n"
        "From: Sanne Wijkmanager <wijkmanager.noord@gemeente.example>\n\nZullen we afspreken?\n\n"
        "Met vriendelijke groet,\nSanne Wijkmanager\n020-5551234"
    )

    signed = split_signature(text)

    assert signed.signature is None
    assert signed.text == text


@pytest.mark.parametrize(
    "text",
    [
        BODY,
        BODY + "\n\nJan Jansen",  # a name but no sign-off: nothing to go by
        "Groeten uit de buurt en tot ziens bij het feest.\nWe komen met z'n tienen.",
        # a sign-off halfway: a letter goes on after it
        "Groeten,\n\n"
        + "\n".join(f"Punt {number}: we willen meer bankjes in het park." for number in range(14)),
    ],
)
def test_text_without_a_recognisable_signature_is_kept_as_it_is(text):
    signed = split_signature(text)

    assert signed.signature is None
    assert signed.text == text


def test_a_sign_off_alone_is_taken_out_with_nothing_to_read():
    signed = split_signature(BODY + "\n\nVriendelijke groeten,")

    assert signed.signature == Signature()
    assert signed.text == BODY
