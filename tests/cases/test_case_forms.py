"""Case forms that cannot mislead: what the rules need is not labelled "(niet verplicht)", nothing
the figures count is preselected, a refused save opens at an error summary that links to each
failing field, and a successful one at its confirmation."""

import re

import pytest

from tests.cases.conftest import field_error


@pytest.fixture
def noord(signed_in):
    return signed_in("noord")


def _label(page, field_id):
    return re.search(rf'<label class="utrecht-form-label" for="{field_id}">(.*?)</label>', page, re.S).group(
        1
    )


def _description(page, field_id):
    return re.search(rf'id="{field_id}-description">(.*?)</div>', page, re.S).group(1)


@pytest.mark.parametrize(
    ("field_id", "needed_when"),
    [
        ("reason", "Nodig als u teruggaat, een fase overslaat of de zaak heropent."),
        ("result", "Nodig als u de zaak afrondt."),
        ("lessons", "Nodig bij afronden: wat zou u opnieuw doen, en wat niet?"),
    ],
)
def test_what_a_move_may_need_says_when_not_optional(test_case, noord, field_id, needed_when):
    page = noord.get(f"/initiatives/{test_case['initiative_id']}").get_data(as_text=True)
    assert "niet verplicht" not in _label(page, field_id)
    assert _description(page, field_id) == needed_when


def test_a_truly_optional_field_still_says_so(test_case, noord):
    page = noord.get(f"/initiatives/{test_case['initiative_id']}").get_data(as_text=True)
    assert "(niet verplicht)" in _label(page, "note")  # the activity's note


def test_a_select_that_always_holds_a_choice_is_not_optional(test_case, noord):
    page = noord.get(f"/initiatives/{test_case['initiative_id']}").get_data(as_text=True)
    for field_id in ("kind", "practice", "barrier-stage"):
        assert "niet verplicht" not in _label(page, field_id), field_id


def test_the_activity_preselects_no_kind(test_case, noord):
    page = noord.get(f"/initiatives/{test_case['initiative_id']}").get_data(as_text=True)
    select = re.search(r'<select[^>]*id="kind".*?</select>', page, re.S).group(0)
    assert re.findall(r"<option([^>]*)>([^<]*)</option>", select)[0] == (' value=""', "Kies een soort…")
    assert "selected" not in select


def test_the_intake_preselects_no_channel(demo_world, noord):
    page = noord.get("/initiatives/new").get_data(as_text=True)
    select = re.search(r'<select[^>]*id="channel".*?</select>', page, re.S).group(0)
    options = re.findall(r"<option([^>]*)>([^<]*)</option>", select)
    assert options[0] == (' value=""', "Kies hoe het binnenkwam…")  # shown, as nothing is selected
    assert not [label for attributes, label in options if "selected" in attributes]


def test_a_refused_save_opens_at_the_error_summary(test_case, noord):
    case_url = f"/initiatives/{test_case['initiative_id']}"
    page = noord.get(case_url).get_data(as_text=True)
    assert f'action="{case_url}/move#error-summary"' in page  # the response opens at the summary
    response = noord.submit(
        f"{case_url}/move", {"to": "practical_support", "version": "1"}, form_url=case_url
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    summary = re.search(
        r'<div class="[^"]*error-summary" id="error-summary" tabindex="-1" data-focus-on-load>.*?</ul>',
        page,
        re.S,
    )
    assert summary, "no error summary"
    links = re.findall(r'<a class="utrecht-link" href="#([^"]+)">([^<]+)</a>', summary.group(0))
    assert links == [("reason", "Reden: Geef een reden op als u teruggaat of een fase overslaat.")]
    assert field_error(page, "reason") == "Geef een reden op als u teruggaat of een fase overslaat."


def test_a_radio_group_is_linked_at_its_first_option(test_case, noord):
    case_url = f"/initiatives/{test_case['initiative_id']}"
    response = noord.submit(f"{case_url}/move", {"version": "1"}, form_url=case_url)
    page = response.get_data(as_text=True)
    assert re.search(r'<a class="utrecht-link" href="#to-0">Naar fase: ', page)
    assert 'id="to-0"' in page


def test_a_successful_save_opens_at_its_confirmation(test_case, noord):
    case_url = f"/initiatives/{test_case['initiative_id']}"
    response = noord.submit(
        f"{case_url}/activities",
        {"kind": "call", "happened_on": "2026-01-05", "practice": "intake", "note": "Gebeld."},
        form_url=case_url,
    )
    assert response.status_code == 302
    assert response.location == f"{case_url}#timeline-confirmation"
    page = noord.get(response.location).get_data(as_text=True)
    timeline = page[page.index('<section id="timeline"') :]
    assert re.match(
        r'<section id="timeline"[^>]*>\s*<h2[^>]*>Tijdlijn</h2>\s*'
        r'<div class="flash-messages" id="timeline-confirmation" role="status" tabindex="-1" data-focus-on-load>',
        timeline,
    )
    top = page[page.index('<main id="main"') : page.index("<h1")]
    assert "flash-messages" not in top  # shown once, where the work happened
