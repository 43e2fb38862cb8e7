"""Security headers on every kind of response, through Flask-Talisman; HTTPS only in production."""

import re
from pathlib import Path

import pytest

import config
from initiatives import create_app
from tests.api.conftest import api_as  # noqa: F401  (a fixture)
from tests.conftest import test_config as app_settings

TEMPLATES = Path(config.BASE_DIR) / "templates"


def assert_security_headers(response):
    headers = response.headers
    policy = dict(part.strip().partition(" ")[::2] for part in headers["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert "unsafe-eval" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in headers  # plain HTTP outside production


@pytest.mark.parametrize(
    ("who", "url", "status", "mimetype"),
    [
        ("noord", "/", 200, "text/html"),
        ("noord", "/initiatives/{case}", 200, "text/html"),
        (None, "/login", 200, "text/html"),
        (None, "/admin/users", 302, "text/html"),  # a redirect to the log-in page
        ("noord", "/no-such-page", 404, "text/html"),
        ("noord", "/admin/users", 403, "text/html"),
        ("noord", "/initiatives/export.csv", 200, "text/csv"),
        (
            "noord",
            "/initiatives/export.xlsx",
            200,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("noord", "/initiatives/{case}/dossier.pdf", 200, "application/pdf"),
        (None, "/static/css/bricoleur.css", 200, "text/css"),
        (None, "/healthz", 200, "application/json"),
    ],
)
def test_every_page_and_download_carries_the_headers(test_case, signed_in, app, who, url, status, mimetype):
    client = signed_in(who) if who else app.test_client()
    response = client.get(url.format(case=test_case["initiative_id"]))
    assert response.status_code == status
    assert response.mimetype == mimetype
    assert_security_headers(response)


@pytest.mark.parametrize(
    ("who", "url", "status", "mimetype"),
    [
        ("noord", "/api/v1/initiatives", 200, "application/json"),
        ("noord", "/api/v1/openapi.json", 200, "application/json"),
        (None, "/api/v1/initiatives", 401, "application/problem+json"),
        ("beheer", "/api/v1/initiatives", 403, "application/problem+json"),
        ("noord", "/api/v1/initiatives/999999", 404, "application/problem+json"),
        ("noord", "/api/v1/exports/initiatives.csv", 200, "text/csv"),
    ],
)
def test_every_api_answer_carries_the_headers(demo_world, api_as, who, url, status, mimetype):  # noqa: F811
    response = api_as(who).get(url)
    assert response.status_code == status
    assert response.mimetype == mimetype
    assert_security_headers(response)


@pytest.mark.parametrize(
    ("who", "url", "status", "kept"),
    [
        ("noord", "/", 200, False),
        ("noord", "/initiatives/{case}", 200, False),
        ("noord", "/initiatives/{case}/files/{file}", 200, False),
        ("noord", "/initiatives/{case}/dossier.pdf", 200, False),
        ("noord", "/initiatives/export.csv", 200, False),
        ("noord", "/dashboard", 200, False),
        ("noord", "/initiatives/999999", 404, False),
        ("noord", "/admin/users", 403, False),
        ("noord", "/static/css/bricoleur.css", 200, True),  # the same for everyone
        (None, "/login", 200, True),  # nothing of anyone's on it
        (None, "/static/css/bricoleur.css", 200, True),
        (None, "/healthz", 200, True),
    ],
)
def test_no_cache_keeps_what_a_signed_in_person_saw(test_case, signed_in, app, who, url, status, kept):
    """Case pages hold residents' personal data: a shared computer's cache must not keep them."""
    client = signed_in(who) if who else app.test_client()
    response = client.get(url.format(case=test_case["initiative_id"], file=test_case["attachment_id"]))
    assert response.status_code == status
    assert ("no-store" not in response.headers.get("Cache-Control", "")) is kept


@pytest.mark.parametrize(
    ("who", "url", "status"),
    [
        ("noord", "/api/v1/initiatives", 200),
        ("noord", "/api/v1/initiatives/{case}", 200),
        ("noord", "/api/v1/exports/initiatives.csv", 200),
        (None, "/api/v1/initiatives", 401),
        ("beheer", "/api/v1/initiatives", 403),
        ("noord", "/api/v1/initiatives/999999", 404),
    ],
)
def test_no_api_answer_may_be_stored(test_case, api_as, who, url, status):  # noqa: F811
    response = api_as(who).get(url.format(case=test_case["initiative_id"]))
    assert response.status_code == status
    assert "no-store" in response.headers["Cache-Control"]


def test_the_session_cookie_keeps_its_settings(browser):
    response = browser.login("noord")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # the tests speak plain HTTP


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"""href\s*=\s*["']\s*javascript:""", re.I)


def test_no_template_has_inline_script_event_handler_or_style():
    """The policy forbids them, so the browser would ignore them: keep them in static/ files.
    Mails are no pages (no policy; mail programs read only inline styles)."""
    offending = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        if template.parent.name == "mail":
            continue
        text = template.read_text(encoding="utf-8")
        for name, pattern in (
            ("inline script", INLINE_SCRIPT),
            ("event handler", EVENT_HANDLER),
            ("inline style", INLINE_STYLE),
            ("javascript: URL", JAVASCRIPT_URL),
        ):
            if pattern.search(text):
                offending.append(f"{template.relative_to(TEMPLATES)}: {name}")
    assert offending == []


# -- production: HTTPS only -------------------------------------------------------------------


@pytest.fixture
def production_app(_schema, database_url):
    return create_app(app_settings(database_url, ENV_NAME="production", SECRET_KEY="p" * 40, TESTING=True))


def test_production_redirects_plain_http_to_https(production_app):
    response = production_app.test_client().get("/login")
    assert response.status_code == 302
    assert response.location == "https://localhost/login"


def test_production_sends_hsts_over_https(production_app):
    response = production_app.test_client().get("/login", base_url="https://localhost")
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Secure" in response.headers.get("Set-Cookie", "Secure")


def test_production_answers_the_health_check_over_plain_http(production_app):
    """Load balancers probe it so; a redirect would mark the server as down."""
    response = production_app.test_client().get("/healthz")
    assert response.status_code in (200, 503)
    assert response.mimetype == "application/json"


# -- map tiles: their host, and only theirs, for images ----------------------------------------


def _policy(response):
    return dict(
        part.strip().partition(" ")[::2] for part in response.headers["Content-Security-Policy"].split(";")
    )


def test_without_map_tiles_images_come_from_this_site_only(app):
    response = app.test_client().get("/login")
    assert _policy(response)["img-src"] == "'self' data:"


@pytest.mark.usefixtures("_schema")
@pytest.mark.parametrize(
    ("tiles", "img_src"),
    [
        (
            "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:28992/{z}/{x}/{y}.png",
            "'self' data: https://service.pdok.nl",
        ),
        ("https://tiles.example.nl:8443/osm/{z}/{x}/{y}.png", "'self' data: https://tiles.example.nl:8443"),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "'self' data:"),  # no single host: no tiles
        ("javascript:alert(1)//{z}", "'self' data:"),
    ],
)
def test_map_tiles_allow_exactly_their_host_for_images(database_url, tiles, img_src):
    tiled = create_app(app_settings(database_url, MAP_TILES_URL=tiles))
    response = tiled.test_client().get("/login")
    policy = _policy(response)
    assert policy["img-src"] == img_src
    assert policy["default-src"] == "'self'"
    assert policy["connect-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert_security_headers(response)
