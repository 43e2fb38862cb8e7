"""Named persons on the map are personal data: the case page, its map and its timeline name them
only to those who may see the case's contact details; the others read "een collega van ...",
"een bewoner" or the organisation."""

import pytest

NAMES = ("Karel Kwast", "Els Eikenboom", "Jan Jansen")


@pytest.mark.parametrize("reader", ["zuid", "secretaris"])
def test_readers_outside_the_team_see_no_names_on_the_case_page(demo_world, mapped_case, signed_in, reader):
    page = signed_in(reader).get(f"/initiatives/{mapped_case['initiative_id']}").get_data(as_text=True)
    assert "Kaart van betrokkenen" in page
    for name in NAMES:
        assert name not in page
    assert f"een collega van {mapped_case['permits']}" in page
    assert "een bewoner" in page  # the linked contact person
    assert "Woonstichting Thuis" in page
    assert "Betrokkene toevoegen" not in page


def test_the_team_sees_the_names(demo_world, mapped_case, signed_in):
    page = signed_in("noord").get(f"/initiatives/{mapped_case['initiative_id']}").get_data(as_text=True)
    for name in NAMES:
        assert name in page


def test_a_reader_outside_the_team_cannot_open_the_edit_page(demo_world, mapped_case, signed_in):
    url = f"/initiatives/{mapped_case['initiative_id']}/stakeholders/{mapped_case['colleague']}"
    assert signed_in("zuid").get(url).status_code == 403
    assert signed_in("secretaris").get(url).status_code == 403
