"""The first push of a closed case against Prism (`@stoplight/prism-cli`, a dev dependency in
package.json): mock servers generated from the same OpenAPI documents in ../shared/zgw, which
with `--errors` refuse any request the documents do not allow. The Zaken and Documenten APIs are
Prism's; the Catalogi API is the loopback server of `fake_zgw`, so that which status and role
types a case gets does not depend on Prism's made-up data. Prism keeps nothing: its example
answers (the same `url` for each object) are accepted as they come.

Prism does not read a `discriminator` (its documentation of errors says so; stoplightio/prism
issue 2345), and a Rol or ZaakObject body fits several of its permissive `oneOf` variants, which
it then refuses. So Prism gets the documents with each discriminated variant bound to its own
value of the discriminating property: what the discriminator says, written as an enum. Its own
answer for such a body, made up from the schemas, breaks them (patterns, a required field of a
nested object), so the answers of POST /rollen and /zaakobjecten get an example, filled in by
`fake_zgw` as it fills its own answers."""

import json
import os
import signal
import socket
import subprocess
import time

import pytest
import requests
import sqlalchemy as sa

from config import BASE_DIR
from initiatives.cases import operations as cases
from initiatives.cases.stages import Result, Stage
from initiatives.extensions import db
from initiatives.organisation.models import Department
from initiatives.stakeholders.operations import add_stakeholder
from initiatives.zgw import operations
from initiatives.zgw.models import MappingKind, PushedKind, ZgwPushedItem, ZgwZaak
from tests.conftest import open_test_case
from tests.zgw.conftest import zaaktype
from tests.zgw.fake_zgw import settings_for, specification
from tests.zgw.test_push import RESULT_TYPE

PRISM = BASE_DIR / "node_modules" / ".bin" / "prism"
STARTUP_SECONDS = 60

pytestmark = pytest.mark.skipif(
    not PRISM.exists(), reason="node_modules/.bin/prism is missing: run `make setup` (npm ci)"
)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _discriminators_as_enums(document):
    """A copy of the API's `document` (a dict) in which every `oneOf` with a discriminator's
    mapping has its variants bound to their values of the discriminating property."""
    document = json.loads(json.dumps(document))
    for schema in document["components"]["schemas"].values():
        discriminator = schema.get("discriminator") or {}
        if "oneOf" not in schema or not discriminator.get("mapping"):
            continue
        values = {}
        for value, reference in discriminator["mapping"].items():
            values.setdefault(reference, []).append(value)
        schema["oneOf"] = [
            {
                "allOf": [
                    variant,
                    {"properties": {discriminator["propertyName"]: {"enum": values[variant["$ref"]]}}},
                ]
            }
            if variant.get("$ref") in values
            else variant
            for variant in schema["oneOf"]
        ]
    return document


#: The discriminated answers Prism cannot make up: (path, the discriminating property's value).
EXAMPLE_ANSWERS = {
    "zaken": {"/rollen": ("betrokkeneType", "medewerker"), "/zaakobjecten": ("objectType", "wijk")}
}


def _with_examples(api, document, fake):
    for path, (name, value) in EXAMPLE_ANSWERS.get(api, {}).items():
        answer = fake._filled(api, path, "post", 201, {"url": f"http://example.com{path}/1", name: value})
        document["paths"][path]["post"]["responses"]["201"]["content"]["application/json"]["example"] = answer
    return document


def _start(api, directory, fake):
    """Prism on a free loopback port for `api`'s document; (process, base URL)."""
    port = _free_port()
    document = directory / f"{api}-openapi.json"
    document.write_text(json.dumps(_with_examples(api, _discriminators_as_enums(specification(api)), fake)))
    process = subprocess.Popen(
        [str(PRISM), "mock", "--errors", "-h", "127.0.0.1", "-p", str(port), str(document)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, ended as one
    )
    return process, f"http://127.0.0.1:{port}"


def _wait_until_it_answers(process, base_url):
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"prism stopped with exit code {process.returncode}")
        try:
            requests.get(base_url, timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.25)
    pytest.fail(f"prism did not answer within {STARTUP_SECONDS} s")


def _stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture(scope="module")
def prism(tmp_path_factory, zgw_server):
    """Prism's Zaken and Documenten APIs, started once for this module (in parallel): base URLs."""
    directory = tmp_path_factory.mktemp("prism")
    started = {api: _start(api, directory, zgw_server) for api in ("zaken", "documenten")}
    try:
        for process, base_url in started.values():
            _wait_until_it_answers(process, base_url)
        yield {api: base_url for api, (_process, base_url) in started.items()}
    finally:
        for process, _base_url in started.values():
            _stop(process)


@pytest.fixture
def app_config(zgw_server, prism):
    """The fake's Catalogi API (and its zaaktype), Prism's Zaken and Documenten APIs."""
    return {
        **settings_for(zgw_server.base_url, zaaktype(zgw_server)),
        "ZGW_ZAKEN_API": prism["zaken"],
        "ZGW_DOCUMENTEN_API": prism["documenten"],
    }


def test_the_first_push_of_a_closed_case_passes_prism(demo_world, zgw):
    zgw.catalogue(zaaktype(zgw), roles=("behandelaar", "initiator", "belanghebbende", "adviseur"))
    with demo_world.app_context():
        initiative = open_test_case()
        owner = initiative.owner
        cases.move_case(initiative, owner, Stage.MAPPING)
        cases.move_case(initiative, owner, Stage.CLOSED, result=Result.REALISED, lessons="Goed gegaan.")
        operations.mark_for_archive(initiative.attachments[0], owner, True)
        department = db.session.scalars(sa.select(Department).order_by(Department.id)).first()
        scores = {"influence": 3, "interest": 4}
        add_stakeholder(initiative, owner, side="inside", role="decider", department=department, **scores)
        add_stakeholder(
            initiative,
            owner,
            side="outside",
            role="adviser",
            organisation="Welzijn Noord",
            name="Ahmed",
            **scores,
        )
        operations.save_table(MappingKind.RESULT, {str(Result.REALISED): RESULT_TYPE}, owner)
        db.session.commit()

        report = operations.push(initiative, owner)
        db.session.commit()

        assert report.ok, report.error and report.error.message
        assert report.problems == []
        # The zaak; intake, mapping and (after the result) closed; the owner, the contact person
        # and two stakeholders; the wijk; the file and its link; the result.
        assert sorted(report.sent) == sorted(
            [
                "zaak",
                "status",
                "status",
                "status",
                "rol",
                "rol",
                "rol",
                "rol",
                "zaakobject",
                "document",
                "zaakinformatieobject",
                "resultaat",
            ]
        )
        assert db.session.get(ZgwZaak, initiative.id).zaak_url.startswith("http")
        kinds = db.session.scalars(
            sa.select(ZgwPushedItem.kind).where(ZgwPushedItem.initiative_id == initiative.id)
        ).all()
        assert kinds.count(PushedKind.STATUS) == 3
        assert PushedKind.RESULTAAT in kinds
    # Only the Catalogi API was asked of the fake server: the rest went to Prism.
    assert {path.split("/")[1] for _method, path in zgw.requests} == {"catalogi"}
