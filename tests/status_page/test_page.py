"""What the initiators' page shows (the title, the stage in one sentence, the visible steps by
date and kind, the next step, when they hear from us, the owner's name and work e-mail), and
what it never shows: every internal field of the case holds a marker that must not appear."""

from bs4 import BeautifulSoup
from flask_babel import force_locale

from initiatives.cases.stages import Stage
from initiatives.status_page.sentences import STAGE_SENTENCES
from tests.status_page.conftest import MARKER, make_link


def _text(response):
    return " ".join(BeautifulSoup(response.get_data(as_text=True), "html.parser").get_text(" ").split())


def test_the_page_shows_where_the_initiative_stands(demo_world, secret_case):
    path = make_link(demo_world, secret_case)
    response = demo_world.test_client().get(path, headers={"Accept-Language": "en"})
    assert response.status_code == 200
    text = _text(response)
    assert "Moestuin op het veldje" in text
    assert str(Stage.INTAKE.title) in text
    with demo_world.test_request_context(), force_locale("en"):
        assert str(STAGE_SENTENCES[Stage.INTAKE]) in text
    assert "Meeting" in text
    assert "Phone call" in text
    assert "Site visit" not in text  # visible, but voided
    assert "Internal consultation" not in text  # not marked visible
    assert "Een gesprek met de buren plannen" in text
    assert "Noor de Vries" in text
    assert "noord@voorbeeldstad.example" in text


def test_the_page_never_shows_what_is_internal(demo_world, secret_case):
    path = make_link(demo_world, secret_case)
    for language in ("nl", "en"):
        response = demo_world.test_client().get(path, headers={"Accept-Language": language})
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert MARKER not in html
        assert MARKER.lower() not in html.lower()  # the initiator's e-mail address too
        assert "0611111111" not in html
        assert "Sem Jansen" not in html
        assert "Collega" not in html


def test_the_page_is_kept_out_of_search_engines_referrers_and_caches(demo_world, secret_case):
    path = make_link(demo_world, secret_case)
    response = demo_world.test_client().get(path)
    assert response.headers["X-Robots-Tag"].startswith("noindex")
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response.headers["Cache-Control"]
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert page.find("meta", attrs={"name": "robots"})["content"].startswith("noindex")
    # Nothing from elsewhere: every stylesheet, script and image is the app's own.
    for element in page.find_all(["link", "script", "img"]):
        address = element.get("href") or element.get("src") or ""
        assert address.startswith("/"), address
    # No menu, no search, no account: the page is not the team's.
    assert page.find(attrs={"role": "search"}) is None
    assert page.find("nav") is None


def test_the_page_speaks_dutch_unless_the_browser_asks_for_english(demo_world, secret_case):
    path = make_link(demo_world, secret_case)
    client = demo_world.test_client()
    dutch = BeautifulSoup(
        client.get(path, headers={"Accept-Language": "nl"}).get_data(as_text=True), "html.parser"
    )
    english = BeautifulSoup(
        client.get(path, headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True), "html.parser"
    )
    assert dutch.html["lang"] == "nl"
    assert english.html["lang"] == "en"
    assert BeautifulSoup(client.get(path).get_data(as_text=True), "html.parser").html["lang"] == "nl"
