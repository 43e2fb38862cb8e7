"""Reading e-mails into cases: encodings, HTML, attachments, forwards and broken input.

The samples in mail_samples/ are shaped after what Gmail, Outlook, Apple Mail and others send."""

import base64
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from initiatives.intake.mail import parse_mail
from initiatives.intake.mail_attachments import safe_filename
from initiatives.intake.mail_headers import clean_subject
from initiatives.intake.mail_types import NOT_AN_EMAIL, MailAttachment, MailError

SAMPLES = Path(__file__).parent / "mail_samples"
CET = timezone(timedelta(hours=1))


def sample(name):
    return parse_mail((SAMPLES / name).read_bytes())


def test_plain_utf8_message():
    mail = sample("plain_utf8.eml")

    assert mail.message_id == "<CAF3x9q1Ve7dPz+kQ4@mail.example.nl>"
    assert mail.sender_name == "José Özdemir"
    assert mail.sender_email == "jose.ozdemir@example.nl"
    assert mail.subject == "Idee: cafétafels op het plein, budget € 250"
    assert mail.received_at == datetime(2025, 3, 3, 14, 12, 5, tzinfo=CET)
    assert mail.body == (
        "Beste wijkmanager,\n"
        "\n"
        "Wij willen deze zomer op het Lindeplein een café-avond houden met lange tafels.\n"
        "De buren van nummer 12 tot 30 doen mee. We denken aan € 250 voor huur van tafels.\n"
        "\n"
        "Hartelijke groet,\n"
        "\n"
        "-- \n"
        "José Özdemir\n"
        "Lindelaan 12, Noord"
    )
    assert mail.attachments == ()
    assert mail.forwarded_by is None


def test_latin1_quoted_printable_with_encoded_word_headers():
    mail = sample("latin1_quoted_printable.eml")

    assert mail.sender_name == "Gaëlle van 't Hof"
    assert mail.sender_email == "gaelle.vanthof@example.nl"
    assert mail.subject == "Ideeën voor een geveltuin bij het café"
    assert "wij hebben ideeën voor een geveltuin.\nDe kosten" in mail.body
    assert mail.body.endswith("Met vriendelijke groet,\nGaëlle van 't Hof")
    assert "\r" not in mail.body
    # "-0000" means: time zone unknown; it is read as UTC.
    assert mail.received_at == datetime(2025, 3, 4, 9, 30, tzinfo=UTC)


def test_windows1252_base64_with_euro_sign():
    mail = sample("windows1252_base64.eml")

    assert mail.sender_name == "Renée Bakker"
    assert mail.subject == "Buurtbarbecue: € 400 voor de Eikenlaan"
    assert "Voor de buurtbarbecue vragen wij € 400 subsidie.\n“Iedereen is welkom”" in mail.body


@pytest.mark.parametrize(
    ("raw", "subject", "body"),
    [
        # The euro sign of Windows-1252 in a text that says it is ISO-8859-1.
        (
            b"From: a@example.nl\nContent-Type: text/plain; charset=iso-8859-1\n\n\x80 5 voor caf\xe9",
            "",
            "€ 5 voor café",
        ),
        # UTF-8 that says it is ISO-8859-1, and an unknown charset.
        (b"From: a@example.nl\nContent-Type: text/plain; charset=iso-8859-1\n\n\xe2\x82\xac 5", "", "€ 5"),
        (b"From: a@example.nl\nContent-Type: text/plain; charset=x-unknown\n\n\xe2\x82\xac 5", "", "€ 5"),
        # Raw 8-bit headers, in UTF-8 and in Windows-1252.
        ("From: a@example.nl\nSubject: Café € 5\n\nx".encode(), "Café € 5", "x"),
        ("From: a@example.nl\nSubject: Café € 5\n\nx".encode("cp1252"), "Café € 5", "x"),
    ],
)
def test_mislabelled_and_undeclared_charsets(raw, subject, body):
    mail = parse_mail(raw)

    assert (mail.subject, mail.body) == (subject, body)


def test_html_only_becomes_safe_readable_text():
    mail = sample("html_only.eml")

    assert mail.sender_name == "Ayşe Yılmaz"
    assert mail.body == (
        "Beste wijkmanager,\n"
        "\n"
        "Wij willen een moestuin op het veldje achter de Café & Co.\n"
        "Kosten: € 150 – voor zaden & gereedschap.\n"
        "Dat is alles.\n"
        "\n"
        "Wat we nodig hebben:\n"
        "\n"
        "- toestemming voor het veldje\n"
        "- een <waterpunt> in de buurt\n"
        "\n"
        "Meer info op onze site (https://buurtmoestuin.example.nl/plan).\n"
        "\n"
        "Groeten,\n"
        "Ayşe Yılmaz"
    )
    for leak in (
        "alert",
        "script",
        "MsoNormal",
        "Calibri",
        "Geheime titel",
        "mso-commentaar",
        "steelKoekjes",
    ):
        assert leak not in mail.body


def test_alternative_prefers_plain_text_and_keeps_the_inline_image():
    mail = sample("alternative_related.eml")

    assert mail.body == (
        "Hoi,\n\nHierbij de plattegrond van het speelveldje.\nZie de plek met het kruisje.\n\nGroet,\nMila"
    )
    assert "HTML-VERSIE" not in mail.body
    [image] = mail.attachments
    assert (image.filename, image.content_type) == ("plattegrond.png", "image/png")
    assert image.data.startswith(b"\x89PNG\r\n\x1a\n")


def test_alternative_with_empty_plain_text_uses_the_html():
    raw = (
        b"From: a@example.nl\nSubject: x\nContent-Type: multipart/alternative; boundary=b\n\n"
        b"--b\nContent-Type: text/plain\n\n \n"
        b"--b\nContent-Type: text/html\n\n<p>Uit de <i>HTML</i></p><p>versie</p>\n--b--\n"
    )

    assert parse_mail(raw).body == "Uit de HTML\n\nversie"


def test_attachments_with_encoded_and_unsafe_filenames():
    mail = sample("attachments.eml")

    assert mail.body == "In de bijlage het plan en de begroting voor de buurttuin."
    assert [(a.filename, a.content_type) for a in mail.attachments] == [
        ("Begroting buurttuin € 350.pdf", "application/pdf"),  # RFC 2231
        ("foto speeltuin één.jpg", "image/jpeg"),  # inline, RFC 2047 in the parameter
        ("notulen bewonersavond.txt", "text/plain"),
        ("passwd", "application/octet-stream"),  # was "../../etc/passwd"
    ]  # and the S/MIME signature is left out
    pdf, photo, minutes, passwd = mail.attachments
    assert pdf.data.startswith(b"%PDF-1.4\n")
    assert pdf.data.endswith(b"%%EOF\n")
    assert photo.data.startswith(b"\xff\xd8\xff")
    assert minutes == MailAttachment("notulen bewonersavond.txt", "text/plain", b"Aanwezig: 14 bewoners.\r\n")
    assert passwd.data == b"root:x:0:0:root:/root:/bin/bash\n"


@pytest.mark.parametrize(
    ("name", "content_type", "safe"),
    [
        ("../../etc/passwd", "application/octet-stream", "passwd"),
        ("..\\..\\Windows\\win.ini", "text/plain", "win.ini"),
        ("C:\\Users\\jan\\Pictures\\speeltuin.jpg", "image/jpeg", "speeltuin.jpg"),
        ("foto\u202egpj.exe", "application/octet-stream", "fotogpj.exe"),  # no right-to-left trick
        ("verslag\x00.pdf", "application/pdf", "verslag.pdf"),
        ("..", "application/pdf", "attachment.pdf"),
        ("", "image/jpeg", "attachment.jpg"),
        ("Café-plan één.pdf", "application/pdf", "Café-plan één.pdf"),
    ],
)
def test_safe_filename(name, content_type, safe):
    assert safe_filename(name, content_type) == safe


def test_forward_as_attached_message_uses_the_original():
    mail = sample("forward_as_attachment.eml")

    assert mail.forwarded_by == "p.devries@gemeente.example"
    assert mail.sender_name == "Gaëlle van 't Hof"
    assert mail.sender_email == "gaelle.vanthof@example.nl"
    assert mail.subject == "Idee voor de speeltuin – nét een idee"
    assert mail.body == (
        "Hoi Sanne, dit kwam bij mij binnen. Kun jij dit oppakken?\n"
        "\n"
        "Piet\n"
        "\n"
        "----------\n"
        "\n"
        "Beste Piet,\n"
        "\n"
        "Kan er een klimrek bij de speeltuin? Ideeën genoeg!\n"
        "\n"
        "Gaëlle"
    )
    assert [(a.filename, a.content_type) for a in mail.attachments] == [("schets klimrek.jpg", "image/jpeg")]
    assert mail.message_id == "<origineel-42@example.nl>"
    assert mail.received_at == datetime(2025, 3, 2, 16, 20, tzinfo=CET)


def test_forward_as_base64_encoded_message():
    inner = b"From: Jan <jan@example.nl>\r\nSubject: Drempels\r\n\r\nGraag drempels.\r\n"
    raw = (
        b"From: p.devries@gemeente.example\r\nSubject: Fwd: Drempels\r\n"
        b"Content-Type: multipart/mixed; boundary=XX\r\n\r\n"
        b"--XX\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64.encodebytes(inner)
        + b"--XX--\r\n"
    )
    mail = parse_mail(raw)

    assert (mail.sender_name, mail.sender_email, mail.subject, mail.body, mail.forwarded_by) == (
        "Jan",
        "jan@example.nl",
        "Drempels",
        "Graag drempels.",
        "p.devries@gemeente.example",
    )


@pytest.mark.parametrize(
    ("name", "sender_name", "sender_email", "subject", "forwarded_text"),
    [
        (
            "forward_gmail_nl.eml",
            "Gaëlle van 't Hof",
            "gaelle.vanthof@example.nl",
            "Bankje bij de vijver",
            "Beste meneer De Vries,\n\nKan er een bankje bij de vijver komen?",
        ),
        (
            "forward_gmail_en_html.eml",
            "José Özdemir",
            "jose.ozdemir@example.nl",
            "Street party on Lindelaan",
            "Dear Sir or Madam,\n\nWe would like to close the street",
        ),
        (
            "forward_apple_mail.eml",
            "José Özdemir",
            "jose.ozdemir@example.nl",
            "Re: Community garden",
            # format=flowed: the soft line breaks are joined again
            "Hello Piet,\n\nThe residents of the Lindelaan would like to turn the empty lot into a "
            "community garden. Twelve households have signed up already.\n\nJosé",
        ),
        (
            "forward_outlook_nl.eml",
            "Renée Bakker",
            "renee.bakker@example.nl",
            "Kunstwerk op de rotonde – € 1.200",
            "Goedemiddag,\n\nWij willen een kunstwerk op de rotonde",
        ),
        (
            "forward_outlook_en.eml",
            "Jan Jansen",
            "jan.jansen@example.nl",
            "RE: Speed bumps in the Beukenstraat",
            "Hello,\n\nThe children play in the street",
        ),
        (
            "forward_outlook_web_html.eml",
            "Mila Jansen",
            "mila.jansen@example.nl",
            "Jeu de boules-baan",
            "Beste Piet,\n\nKunnen we een jeu de boules-baan aanleggen bij het buurthuis?",
        ),
    ],
)
def test_inline_forward_gives_the_original_sender_and_subject(
    name, sender_name, sender_email, subject, forwarded_text
):
    mail = sample(name)

    assert (mail.sender_name, mail.sender_email) == (sender_name, sender_email)
    assert mail.subject == subject
    assert mail.forwarded_by == "p.devries@gemeente.example"
    assert forwarded_text in mail.body
    for header in ("Van:", "From:", "Subject:", "Onderwerp:", "Verzonden:", "Sent:", "To:", "Aan:"):
        assert header not in mail.body


def test_inline_forward_keeps_the_colleagues_note_above_the_marker():
    mail = sample("forward_gmail_nl.eml")

    assert mail.body == (
        "Hoi Sanne,\n"
        "\n"
        "Zie hieronder, een idee van een bewoner uit jouw wijk.\n"
        "\n"
        "Groet,\n"
        "Piet\n"
        "\n"
        "---------- Doorgestuurd bericht ---------\n"
        "\n"
        "Beste meneer De Vries,\n"
        "\n"
        "Kan er een bankje bij de vijver komen? Veel ouderen wandelen daar.\n"
        "\n"
        "Met groet,\n"
        "Gaëlle"
    )
    assert mail.message_id == "<CAGmail-fwd-nl@mail.gmail.example>"


def test_a_reply_that_quotes_the_original_message_is_no_forward():
    mail = sample("reply_outlook.eml")

    assert (mail.sender_name, mail.sender_email, mail.forwarded_by) == (
        "Jan Jansen",
        "jan.jansen@example.nl",
        None,
    )
    assert mail.subject == "RE: Uw idee voor drempels"
    assert mail.body.startswith(
        "Dank u, dinsdag om 19:00 kan ik.\n\nJan\n\n-----Original Message-----\nFrom: Sanne"
    )


@pytest.mark.parametrize(
    ("subject", "cleaned"),
    [
        ("Fwd: Fwd: Idee voor het plein", "Idee voor het plein"),
        ("FW: Fw:fwd: Idee", "Idee"),
        ("Doorst: Bankje", "Bankje"),
        ("TR: Banc public", "Banc public"),
        ("[Fwd: Oud idee]", "Oud idee"),
        ("FW: RE: Drempels", "RE: Drempels"),
        ("Tractorpulling: vergunning", "Tractorpulling: vergunning"),
        ("", ""),
    ],
)
def test_forward_prefixes_are_stripped_from_the_subject(subject, cleaned):
    assert clean_subject(subject) == cleaned


def test_forward_prefix_without_a_forwarded_message():
    mail = parse_mail(b"From: Piet <p.devries@gemeente.example>\nSubject: Fwd: Idee\n\nZie bijlage.\n")

    assert (mail.subject, mail.sender_email, mail.forwarded_by) == (
        "Idee",
        "p.devries@gemeente.example",
        None,
    )


@pytest.mark.parametrize(
    ("raw", "message_id", "received_at"),
    [
        (b"From: a@example.nl\n\nx", None, None),
        (b"From: a@example.nl\nDate: gisteren\nMessage-ID:   \n\nx", None, None),
        (
            b"From: a@example.nl\nDate: Tue, 4 Mar 2025 09:30:00\nMessage-ID: <a b@x>\n\nx",
            "<ab@x>",
            datetime(2025, 3, 4, 9, 30, tzinfo=UTC),  # no time zone: UTC
        ),
    ],
)
def test_message_id_and_date(raw, message_id, received_at):
    mail = parse_mail(raw)

    assert (mail.message_id, mail.received_at) == (message_id, received_at)
    assert mail.received_at is None or mail.received_at.tzinfo is not None


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b" \r\n\r\n\t", id="white space"),
        pytest.param(bytes(range(256)) * 16, id="binary"),
        pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), id="a broken compound file"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01", id="image"),
        pytest.param(b"hello world", id="text"),
        pytest.param(b"Note: buy milk\nand eggs\n", id="text with a colon"),
        pytest.param(b"<html><body><p>Hallo</p></body></html>", id="html"),
    ],
)
def test_what_is_not_an_email_is_refused(raw):
    with pytest.raises(MailError) as refused:
        parse_mail(raw)

    assert str(refused.value) == str(NOT_AN_EMAIL)
    assert str(refused.value).startswith(
        "This file is not an e-mail message. Choose an e-mail saved as .eml or .msg."
    )


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(b"Subject: Idee\r\n\r\n", id="subject only"),
        pytest.param(
            b"From: Jan Jansen\r\nDate: Mon, 3 Mar 2025 14:12:05 +0100\r\n\r\n  \r\n", id="no address"
        ),
    ],
)
def test_an_email_without_sender_and_text_is_refused(raw):
    with pytest.raises(MailError, match="no sender and no text"):
        parse_mail(raw)
