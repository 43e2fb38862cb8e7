"""The case list's barrier and help filters, which the dashboard's numbers link to."""

from urllib.parse import urlencode

import pytest

from tests.dashboard.html import case_ids

#: (filters, the cases that match) on the data set of conftest.py
FILTERED = [
    ({"barrier_category": "silos"}, "ABC"),
    ({"barrier_category": "risk_aversion"}, "D"),  # a retired category still finds its cases
    ({"barrier_status": "accepted"}, "B"),
    ({"barrier_status": "open", "barrier_category": "colleagues"}, ""),
    ({"department": "none"}, "B"),
    ({"department": "{FIN}"}, "D"),
    ({"barrier_stage": "intake"}, "A"),
    ({"raised_from": "2025-06-01"}, "BC"),
    ({"raised_to": "2024-12-31"}, "B"),
    ({"raised_from": "2025-03-31", "raised_to": "2025-03-31"}, "B"),
    # One barrier must match all barrier filters together: A has an open barrier and one in
    # Openbare Ruimte, but its open one in Openbare Ruimte is b9, in the stage intake.
    ({"barrier_status": "open", "department": "{OR}", "barrier_stage": "mapping"}, "D"),
    ({"help_category": "budget"}, "AD"),
    ({"help_status": "requested"}, "C"),
    ({"help_status": "granted,applied"}, "ABCD"),
    ({"help_provider": "management"}, "AB"),
    ({"help_provider": "department:{FIN}"}, "D"),
    ({"help_provider": "department"}, "ACD"),
    ({"resolved_by_help": "backing"}, "ABC"),
    ({"requested_from": "2025-06-01"}, "BC"),
    ({"requested_to": "2024-12-31"}, "D"),
    # Help filters with barrier filters: the help must have addressed such a barrier.
    ({"barrier_category": "silos", "help_category": "budget"}, "A"),
    ({"barrier_category": "colleagues", "resolved_by_help": "budget"}, "D"),
    ({"department": "{OR}", "resolved_by_help": "backing"}, "AB"),
    # Several neighbourhoods, as the dashboard links for a manager with several wijken.
    ({"neighbourhood": "WK999901,WK999903"}, "CD"),
    ({"neighbourhood": "WK999901,WK999903", "barrier_category": "colleagues"}, "CD"),
    # Unusable values are ignored, as the other filters of the list do.
    (
        {"barrier_status": "gone", "raised_from": "soon", "help_status": "maybe", "help_provider": "me"},
        "ABCDE",
    ),
]


def _url(filters, data_set):
    departments = data_set["departments"]
    values = {
        name: value.format(OR=departments["Openbare Ruimte"], FIN=departments["Financiën"])
        for name, value in filters.items()
    }
    return "/initiatives?" + urlencode(values)


@pytest.mark.parametrize(("filters", "cases"), FILTERED)
def test_barrier_and_help_filters(signed_in, data_set, filters, cases):
    page = signed_in("secretaris").get(_url(filters, data_set)).get_data(as_text=True)
    assert case_ids(page) == {data_set["cases"][key] for key in cases}


def test_the_active_filters_read_as_a_sentence_with_a_way_out(signed_in, data_set):
    browser = signed_in("secretaris")
    browser.submit("/language", {"language": "en", "next": "/"}, form_url="/")
    query = {
        "barrier_category": "silos",
        "barrier_status": "open",
        "raised_from": "2025-01-01",
        "help_status": "granted,applied",
        "stage": "intake",
    }
    page = browser.get("/initiatives?" + urlencode(query)).get_data(as_text=True)
    sentence = page.split('class="utrecht-paragraph barrier-filters">', 1)[1].split("<a ", 1)[0]
    assert " ".join(sentence.split()) == (
        "Only initiatives with a barrier: category “Silos between departments”, still open, raised on or "
        "after 1 Jan 2025. With a help for such a barrier: granted or applied."
    )
    # The clear link keeps the list's own filters and drops those the dashboard's links add.
    assert 'href="/initiatives?stage=intake">Clear these filters</a>' in page
    # Filtering again from the form keeps them.
    assert '<input type="hidden" name="barrier_category" value="silos">' in page
    assert '<input type="hidden" name="help_status" value="granted,applied">' in page


def test_without_barrier_filters_there_is_no_sentence(signed_in, data_set):
    page = signed_in("secretaris").get("/initiatives?stage=intake").get_data(as_text=True)
    assert "barrier-filters" not in page
