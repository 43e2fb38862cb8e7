"""The dossier PDF shows the stakeholder map, its table and the influence/interest grid; named
persons only for those who may see the case's contact details."""

import io

from pypdf import PdfReader


def _text(response):
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_dossier_shows_the_map_and_the_table(demo_world, mapped_case, signed_in):
    text = _text(signed_in("noord").get(f"/initiatives/{mapped_case['initiative_id']}/dossier.pdf"))
    assert "Betrokkenen, genummerd zoals op de kaart" in text
    assert "Karel Kwast" in text
    assert "Binnen de gemeente" in text  # the map's own texts
    assert "Invloed 5" in text  # the grid


def test_the_dossier_of_a_reader_outside_the_team_names_nobody(demo_world, mapped_case, signed_in):
    text = _text(signed_in("secretaris").get(f"/initiatives/{mapped_case['initiative_id']}/dossier.pdf"))
    assert f"een collega van {mapped_case['permits']}" in text
    for name in ("Karel Kwast", "Els Eikenboom"):
        assert name not in text
