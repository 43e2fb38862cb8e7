"""Error pages in the house style and problem+json on the API for 400, 403, 404, 409, 412, 413, 429,
500 and 503, each provoked for real where the app has a way to, and JSON logs on stdout."""

import io
import json
import logging
import os
import re

import pytest
import sqlalchemy as sa
from flask import Blueprint, abort

from initiatives.cases.models import Initiative
from initiatives.core.access import public
from initiatives.extensions import db, limiter
from tests.api.conftest import ApiClient, issue_token
from tests.conftest import DEMO_PASSWORD, csrf_token_from

DUTCH_TITLES = {
    400: "Het verzoek kon niet worden verwerkt",
    403: "Geen toegang",
    404: "Pagina niet gevonden",
    409: "Gewijzigd door iemand anders",
    412: "Gewijzigd door iemand anders",
    413: "Bestand te groot",
    429: "Te veel pogingen",
    500: "Er ging iets mis",
    503: "Tijdelijk niet beschikbaar",
}
ENGLISH_TITLES = {
    400: "The request could not be processed",
    403: "No access",
    404: "Page not found",
    409: "Changed by someone else",
    412: "Changed by someone else",
    413: "File too large",
    429: "Too many attempts",
    500: "Something went wrong",
    503: "Temporarily unavailable",
}

# The tests add routes that fail on purpose, which Flask allows only on a new app.
pytestmark = pytest.mark.fresh_app


def _fail(code):
    if code == 500:
        raise RuntimeError("a bug in a handler")
    abort(code)


@pytest.fixture
def failing_app(app):
    """The app with a test-only blueprint whose routes fail with the code in their URL, as a page
    and under /api/, and one API route with a rate limit of one request a minute."""
    bp = Blueprint("test_errors", __name__)
    bp.add_url_rule("/test-errors/<int:code>", "page", public(_fail))
    bp.add_url_rule("/api/v1/test-errors/<int:code>", "api", public(_fail))
    bp.add_url_rule(
        "/api/v1/test-limited", "limited", public(limiter.limit("1 per minute")(lambda: {"ok": True}))
    )
    app.register_blueprint(bp)
    # As in production: an exception becomes the 500 page instead of reaching the test.
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


def assert_house_style_page(response, status):
    assert response.status_code == status
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert '<html lang="nl"' in page
    assert f'<h1 class="utrecht-heading-1">{DUTCH_TITLES[status]}</h1>' in page
    assert f"Foutcode {status}" in page
    assert "utrecht-page" in page or "utrecht-document" in page  # the base layout, not a bare text
    return page


def assert_problem(response, status, language="nl"):
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    titles = DUTCH_TITLES if language == "nl" else ENGLISH_TITLES
    assert problem["type"] == "about:blank"
    assert problem["status"] == status
    assert problem["title"] == titles[status]
    assert problem["detail"]
    return problem


CODES = [400, 403, 404, 409, 412, 413, 429, 500, 503]


@pytest.mark.parametrize("status", CODES)
def test_every_error_has_a_dutch_page_in_the_house_style(failing_app, status):
    response = failing_app.test_client().get(f"/test-errors/{status}")
    page = assert_house_style_page(response, status)
    assert "a bug in a handler" not in page  # no internals shown


@pytest.mark.parametrize("status", CODES)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_error_is_a_problem_on_the_api(failing_app, status, language):
    response = failing_app.test_client().get(
        f"/api/v1/test-errors/{status}", headers={"Accept-Language": language}
    )
    problem = assert_problem(response, status, language)
    assert "a bug in a handler" not in json.dumps(problem)


# The real ways to each error.


def test_400_a_form_without_its_csrf_token(app):
    response = app.test_client().post("/login", data={"username": "noord", "password": "x"})
    page = assert_house_style_page(response, 400)
    assert "Het formulier was verlopen" in page


def test_400_a_body_that_is_not_json_on_the_api(demo_world):
    token = issue_token(demo_world, "noord")
    response = demo_world.test_client().post(
        "/api/v1/initiatives",
        data="{not json",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert_problem(response, 400)


def test_403_a_page_and_a_resource_the_user_may_not_reach(demo_world, signed_in):
    assert_house_style_page(signed_in("noord").get("/admin/users"), 403)
    client = ApiClient(demo_world.test_client(), issue_token(demo_world, "beheer"))
    assert_problem(client.get("/api/v1/initiatives"), 403)


def test_404_an_unknown_case(demo_world, signed_in):
    assert_house_style_page(signed_in("noord").get("/initiatives/987654"), 404)
    client = ApiClient(demo_world.test_client(), issue_token(demo_world, "noord"))
    assert_problem(client.get("/api/v1/initiatives/987654"), 404)


def test_409_a_stale_form_version(demo_world, test_case, signed_in):
    """Two people edit the same case; the second save is refused with 409 and saves nothing."""
    case_id = test_case["initiative_id"]
    url = f"/initiatives/{case_id}/edit"
    first, second = signed_in("noord"), signed_in("noord")
    with demo_world.app_context():
        case = db.session.get(Initiative, case_id)
        form = {
            "title": case.title,
            "description": case.description,
            "neighbourhood": str(case.neighbourhood_id),
            "address": "",
            "channel": "phone",
            "received_on": case.received_on.isoformat(),
            "version": str(case.version),
        }
    assert first.submit(url, form | {"title": "Pluktuin"}).status_code == 302
    response = second.submit(url, form | {"title": "Groentetuin"})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert '<html lang="nl"' in page
    assert "Pluktuin" in page
    with demo_world.app_context():
        assert db.session.get(Initiative, case_id).title == "Pluktuin"


def test_409_a_move_the_workflow_does_not_have(demo_world, test_case):
    client = ApiClient(demo_world.test_client(), issue_token(demo_world, "noord"))
    response = client.post(
        f"/api/v1/initiatives/{test_case['initiative_id']}/transitions", json={"to": "intake"}
    )
    assert response.status_code == 409
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["status"] == 409


def test_412_a_stale_if_match(demo_world, test_case):
    client = ApiClient(demo_world.test_client(), issue_token(demo_world, "noord"))
    url = f"/api/v1/initiatives/{test_case['initiative_id']}"
    assert client.patch(url, json={"title": "Eerst"}, headers={"If-Match": '"1"'}).status_code == 200
    assert_problem(client.patch(url, json={"title": "Daarna"}, headers={"If-Match": '"1"'}), 412)
    with demo_world.app_context():
        assert db.session.get(Initiative, test_case["initiative_id"]).title == "Eerst"


@pytest.mark.parametrize("app_config", [{"MAX_ATTACHMENT_BYTES": 1024}])
def test_413_an_oversized_upload_and_body(demo_world, test_case, signed_in):
    noord = signed_in("noord")
    case_id = test_case["initiative_id"]
    token = csrf_token_from(noord.get(f"/initiatives/{case_id}").get_data(as_text=True))
    response = noord.client.post(
        f"/initiatives/{case_id}/files",
        data={"csrf_token": token, "file": (io.BytesIO(b"x" * (3 * 1024 * 1024)), "enorm.txt")},
        content_type="multipart/form-data",
    )
    assert_house_style_page(response, 413)
    client = ApiClient(demo_world.test_client(), issue_token(demo_world, "noord"))
    assert_problem(client.post("/api/v1/initiatives", json={"title": "x" * (3 * 1024 * 1024)}), 413)


def test_429_too_many_failed_sign_ins_and_api_calls(failing_app, demo_world):
    client = demo_world.test_client()
    for _attempt in range(5):
        token = csrf_token_from(client.get("/login").get_data(as_text=True))
        client.post("/login", data={"csrf_token": token, "username": "noord", "password": "wrong"})
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"csrf_token": token, "username": "noord", "password": DEMO_PASSWORD}
    )
    assert_house_style_page(response, 429)
    assert failing_app.test_client().get("/api/v1/test-limited").status_code == 200
    response = failing_app.test_client().get("/api/v1/test-limited")
    assert_problem(response, 429)
    assert int(response.headers["Retry-After"]) > 0


# Logs.


@pytest.fixture
def logs(capsys):
    """Read the JSON lines the app wrote to stdout; the stdout handler is removed afterwards."""
    root = logging.getLogger()
    level = root.level

    def read():
        return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]

    yield read
    for handler in [h for h in root.handlers if getattr(h, "bricoleur", False)]:
        root.removeHandler(handler)
    root.setLevel(level)
    logging.getLogger("werkzeug").setLevel(logging.NOTSET)


JSON_LOGS = {"LOG_TO_STDOUT": True, "LOG_FORMAT": "json"}


@pytest.mark.parametrize("app_config", [JSON_LOGS])
def test_every_request_is_one_json_line_without_secrets_or_personal_data(demo_world, test_case, logs):
    client = demo_world.test_client()
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"csrf_token": token, "username": "noord", "password": DEMO_PASSWORD})
    response = client.get("/initiatives?q=Jansen", headers={"X-Request-ID": "proxy-given-id-42"})
    api_token = issue_token(demo_world, "noord")
    api = demo_world.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {api_token}"})
    lines = logs()
    requests = [line for line in lines if line["logger"] == "initiatives.requests"]
    assert [(line["method"], line["path"], line["status"]) for line in requests] == [
        ("GET", "/login", 200),
        ("POST", "/login", 302),
        ("GET", "/initiatives", 200),
        ("GET", "/api/v1/me", 200),
    ]
    with demo_world.app_context():
        from initiatives.auth.users import find_user

        noord_id = find_user("noord").id
    listing = requests[2]
    assert set(listing) >= {"time", "level", "logger", "message", "request_id"}
    assert set(listing) >= {"method", "path", "status", "duration_ms", "user_id"}
    assert listing["level"] == "INFO"
    assert listing["request_id"] == response.headers["X-Request-ID"] == "proxy-given-id-42"
    assert listing["user_id"] == noord_id
    assert isinstance(listing["duration_ms"], float)
    assert requests[3]["user_id"] == noord_id  # a token's user too
    assert requests[3]["request_id"] == api.headers["X-Request-ID"]
    assert requests[0]["user_id"] is None
    assert len({line["request_id"] for line in requests}) == 4
    written = json.dumps(lines)
    for secret in (DEMO_PASSWORD, api_token, token, "Jansen", "session=", "jan@example.org"):
        assert secret not in written


@pytest.mark.parametrize("app_config", [JSON_LOGS])
def test_a_request_id_that_is_not_plausible_is_replaced(app, logs):
    response = app.test_client().get("/healthz", headers={"X-Request-ID": "<script>alert(1)</script>"})
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])
    assert logs()[-1]["request_id"] == response.headers["X-Request-ID"]


@pytest.mark.parametrize("app_config", [JSON_LOGS])
def test_an_error_is_logged_with_its_traceback_and_request_id(failing_app, logs):
    response = failing_app.test_client().get("/test-errors/500")
    assert response.status_code == 500
    lines = logs()
    error = next(line for line in lines if line["logger"] == "initiatives")
    assert error["level"] == "ERROR"
    assert "RuntimeError: a bug in a handler" in error["exc_info"]
    assert error["request_id"] == response.headers["X-Request-ID"]
    request_line = lines[-1]
    assert (request_line["status"], request_line["level"]) == (500, "ERROR")


@pytest.mark.parametrize("app_config", [{"LOG_TO_STDOUT": True, "LOG_FORMAT": "text"}])
def test_plain_text_logs_for_development(app, capsys, logs):
    response = app.test_client().get("/healthz")
    out = capsys.readouterr().out
    assert re.search(
        rf"INFO initiatives\.requests \[{response.headers['X-Request-ID']}\] GET /healthz 200 [0-9.]+ ms",
        out,
    )


def test_production_logs_json_by_default():
    import config

    assert os.environ.get("BRICOLEUR_LOG_FORMAT", "json") == config.ProductionConfig.LOG_FORMAT
    assert os.environ.get("BRICOLEUR_LOG_FORMAT", "text") == config.DevelopmentConfig.LOG_FORMAT


def test_an_unknown_log_format_is_refused(database_url):
    from initiatives import create_app

    with pytest.raises(ValueError, match="BRICOLEUR_LOG_FORMAT"):
        create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": database_url, "LOG_FORMAT": "xml"})


def test_nothing_half_saved_after_a_500(failing_app):
    """A handler that flushes and then fails leaves no row behind (the unit of work rolls back)."""
    from initiatives.organisation.models import Department

    def flush_then_fail():
        db.session.add(Department(name="Half"))
        db.session.flush()
        raise RuntimeError("after the flush")

    failing_app.add_url_rule("/test-flush-then-fail", "flush_then_fail", public(flush_then_fail))
    assert_house_style_page(failing_app.test_client().get("/test-flush-then-fail"), 500)
    with failing_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Department)) == 0
