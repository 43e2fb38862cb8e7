"""Make the Outlook message files (.msg) among these samples; see README.md beside this file.

    .venv/bin/python tests/intake/mail_samples/make_msg_samples.py

msgforge (MIT, in requirements-dev.txt) writes Outlook's own format (MS-CFB and MS-OXMSG): the
MAPI properties, the HTML body also as compressed RTF, attachments. Its output is the same bytes
for the same message, so making them again changes nothing.
"""

from datetime import UTC, datetime
from pathlib import Path

from msgforge import Message

HERE = Path(__file__).resolve().parent

#: A small PDF the resident attaches (a sketch of the plan, in words).
PLAN_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def resident_with_signature():
    """A resident's idea, in HTML and plain text, signed with name, address and phone, with a PDF."""
    message = Message(
        subject="Idee: moestuin op het veldje aan de Kastanjelaan",
        text_body=(
            "Beste wijkmanager,\n\n"
            "Met zes buren willen wij een moestuin beginnen op het braakliggende veldje aan de "
            "Kastanjelaan. Kunt u ons helpen met toestemming en een waterpunt?\n\n"
            "Met vriendelijke groet,\n\n"
            "Gaëlle van 't Hof\n"
            "Kastanjelaan 12\n"
            "9999 AB Voorbeeldstad\n"
            "06-12345678\n"
        ),
        html_body=(
            "<p>Beste wijkmanager,</p>"
            "<p>Met zes buren willen wij een <b>moestuin</b> beginnen op het braakliggende veldje aan de "
            "Kastanjelaan. Kunt u ons helpen met toestemming en een waterpunt?</p>"
            "<p>Met vriendelijke groet,</p>"
            "<p>Gaëlle van 't Hof<br>Kastanjelaan 12<br>9999 AB Voorbeeldstad<br>06-12345678</p>"
        ),
        sender=("gaelle.vanthof@example.nl", "Gaëlle van 't Hof"),
        to=[("wijk-noord@voorbeeldstad.example", "Wijkteam Noord")],
        sent=datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
    )
    message.attach_bytes("plan moestuin.pdf", PLAN_PDF)
    return message


def colleague_forwards_inline():
    """A colleague forwards a resident's mail from Outlook: "FW:" and Outlook's header block."""
    return Message(
        subject="FW: Bankje bij de vijver",
        text_body=(
            "Hoi Noor, is dit iets voor jou?\n\n"
            "Sanne\n\n"
            "________________________________\n"
            "Van: Karel Appel <karel.appel@example.org>\n"
            "Verzonden: maandag 3 maart 2025 14:12\n"
            "Aan: Gemeente Voorbeeldstad <info@voorbeeldstad.example>\n"
            "Onderwerp: Bankje bij de vijver\n\n"
            "Goedemiddag,\n\n"
            "Bij de vijver in het park staat geen enkel bankje meer. Wij willen er graag een laten "
            "plaatsen en het onderhoud samen met de buurt doen.\n\n"
            "Groet,\nKarel Appel\n"
        ),
        sender=("sanne.devries@voorbeeldstad.example", "Sanne de Vries"),
        to=[("noor.devries@voorbeeldstad.example", "Noor de Vries")],
        sent=datetime(2025, 3, 3, 14, 30, tzinfo=UTC),
    )


def main():
    samples = {
        "outlook_signature.msg": resident_with_signature(),
        "outlook_forward_inline.msg": colleague_forwards_inline(),
    }
    for name, message in samples.items():
        message.save(str(HERE / name))
        print(f"wrote {name}")


if __name__ == "__main__":
    main()
