"""The push of a case to the municipality's case system, and the admin's mapping tables.

A push makes the case's zaak once (its URL kept) and then adds what the case system does not have
yet: statuses for the stage changes, roles for the owner, the contact persons and the
stakeholders, the neighbourhood as zaakobject, the files marked for the archive, the result, and
last the end status (which closes the zaak, so everything else must be there first). Every
object made is kept (`ZgwPushedItem`) and flushed at once, so a push is never sent twice, and a
push that fails half-way ends without an exception: the request (or the CLI) commits what was
made, and the next push resumes after it. What the mapping cannot tell (a stage, a result or a
stakeholder without a type) is reported and skipped; the rest goes on.
"""

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _

from initiatives.audit.models import AuditEntry, Outcome
from initiatives.audit.operations import record
from initiatives.cases.attachments import path_of
from initiatives.cases.stages import Stage
from initiatives.core.db import utcnow
from initiatives.core.rules import RuleError
from initiatives.extensions import db
from initiatives.stakeholders.queries import stakeholders_of
from initiatives.zgw import mapping
from initiatives.zgw.client import ZgwClient, ZgwError
from initiatives.zgw.config import settings as zgw_settings
from initiatives.zgw.mapping import ZAAKGEOMETRIE
from initiatives.zgw.models import MappingKind, PushedKind, ZgwMapping, ZgwPushedItem, ZgwZaak


@dataclass
class PushReport:
    """What one push did: how many objects it made, what it reported, the error that stopped it."""

    initiative_id: int
    zaak_url: str = ""
    sent: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    error: ZgwError | None = None

    @property
    def ok(self):
        return self.error is None


@dataclass
class Catalogue:
    """What the Catalogi API says of the configured zaaktype."""

    statustypen: list
    roltypen: list

    def roltype(self, generic):
        for roltype in self.roltypen:
            if roltype.get("omschrijvingGeneriek") == generic:
                return roltype["url"]
        return None


def read_catalogue(client):
    """The zaaktype's status and role types. The lists are asked for by the zaaktype's
    identificatie (the Catalogi API's documents declare its `zaaktype` filter an integer, which
    no URL is) and kept to the types of this version of the zaaktype."""
    zaaktype_url = client.settings.zaaktype
    zaaktype = client.get(zaaktype_url)
    by_identification = {"zaaktypeIdentificatie": zaaktype.get("identificatie", "")}

    def of_this_version(resource):
        found = client.list_all(client.catalogi(resource), by_identification)
        return [item for item in found if item.get("zaaktype") == zaaktype_url]

    return Catalogue(statustypen=of_this_version("statustypen"), roltypen=of_this_version("roltypen"))


def zaak_of(initiative):
    return db.session.get(ZgwZaak, initiative.id)


def _pushed(initiative):
    rows = db.session.scalars(sa.select(ZgwPushedItem).where(ZgwPushedItem.initiative_id == initiative.id))
    return {(row.kind, row.local_key): row.remote_url for row in rows}


class _Push:
    """One push of one case; `run` never raises a ZgwError (it ends the report)."""

    def __init__(self, initiative, actor, client):
        self.initiative = initiative
        self.actor = actor
        self.client = client
        self.settings = client.settings
        self.report = PushReport(initiative.id)
        self.pushed = _pushed(initiative)

    def run(self):
        try:
            catalogue = read_catalogue(self.client)
            self._zaak()
            self._zaakgeometrie()
            types = mapping.status_types(self.settings, catalogue.statustypen)
            self.report.problems += types.problems
            changes = list(self.initiative.stage_changes)
            closing = [change for change in changes if change.to_stage == Stage.CLOSED]
            for change in changes:
                if change.to_stage != Stage.CLOSED:
                    self._status(change, types)
            self._roles(catalogue)
            self._zaakobject()
            self._documents()
            result_sent = self._result(closing[-1] if closing and self.initiative.is_closed else None)
            if result_sent:
                for change in closing:
                    self._status(change, types)
        except ZgwError as error:
            self.report.error = error
            self._log(
                "zgw.push_failed",
                f"push of case {self.initiative.id} to the case system failed: {error.status}",
                {"status_code": error.status, "count": len(self.report.sent)},
                outcome=Outcome.FAILURE,
            )
            return self.report
        zaak = zaak_of(self.initiative)
        zaak.sent_at = utcnow()
        self._log(
            "zgw.pushed",
            f"case {self.initiative.id} pushed to the case system: {len(self.report.sent)} new",
            {"count": len(self.report.sent), "problems": len(self.report.problems)},
        )
        return self.report

    def _log(self, action, summary, data, **extra):
        """An audit entry of this push, on its case."""
        record(
            action,
            actor=self.actor,
            object_type="initiatives",
            object_id=self.initiative.id,
            initiative=self.initiative,
            summary=summary,
            data=data,
            **extra,
        )

    # -- the steps ------------------------------------------------------------------------------

    def _zaak(self):
        existing = zaak_of(self.initiative)
        if existing is not None:
            self.report.zaak_url = existing.zaak_url
            return
        created = self.client.create(
            self.client.zaken("zaken"), mapping.zaak(self.initiative, self.settings), crs=True
        )
        db.session.add(ZgwZaak(initiative_id=self.initiative.id, zaak_url=created["url"]))
        db.session.flush()
        self.report.zaak_url = created["url"]
        self.report.sent.append("zaak")
        self._log(
            "zgw.zaak_created",
            f"zaak of case {self.initiative.id} made in the case system",
            {"zaak_url": created["url"]},
        )

    def _location_changed_since_sent(self):
        """Whether the case's location changed after the zaak last got it (when it was made, or the
        last time its geometry was sent): the audit log of the case says."""
        entries = db.session.execute(
            sa.select(AuditEntry.id, AuditEntry.action, AuditEntry.data)
            .where(
                AuditEntry.initiative_id == self.initiative.id,
                AuditEntry.action.in_(("zgw.zaak_created", "zgw.object_sent", "initiative.updated")),
            )
            .order_by(AuditEntry.id)
        ).all()
        changed = False
        for _id, action, data in entries:
            data = data or {}
            if action == "zgw.zaak_created" or (
                action == "zgw.object_sent" and data.get("zgw_object") == ZAAKGEOMETRIE
            ):
                changed = False
            elif action == "initiative.updated" and "location" in data:
                changed = True
        return changed

    def _zaakgeometrie(self):
        """The location set, changed or cleared after the zaak got it: PATCH the zaak's geometry."""
        if not self._location_changed_since_sent():
            return
        self.client.update(
            self.report.zaak_url, {"zaakgeometrie": mapping.zaakgeometrie(self.initiative)}, crs=True
        )
        self.report.sent.append(ZAAKGEOMETRIE)
        self._log(
            "zgw.object_sent",
            f"{ZAAKGEOMETRIE} of case {self.initiative.id} sent to the case system",
            {"zgw_object": ZAAKGEOMETRIE},
        )

    def _send(self, kind, local_key, resource, body):
        """POST `body` to `resource` unless it was sent before; the remote URL."""
        key = (kind, str(local_key))
        if key in self.pushed:
            return self.pushed[key]
        created = self.client.create(resource, body)
        db.session.add(
            ZgwPushedItem(
                initiative_id=self.initiative.id,
                kind=kind,
                local_key=str(local_key),
                remote_url=created["url"],
            )
        )
        db.session.flush()
        self.pushed[key] = created["url"]
        self.report.sent.append(str(kind))
        self._log(
            "zgw.object_sent",
            f"{kind} of case {self.initiative.id} sent to the case system",
            {"zgw_object": str(kind)},
        )
        return created["url"]

    def _status(self, change, types):
        statustype = types.by_stage.get(change.to_stage)
        if statustype is None:
            return
        body = mapping.status(self.report.zaak_url, statustype, change)
        self._send(PushedKind.STATUS, change.id, self.client.zaken("statussen"), body)

    def _roles(self, catalogue):
        zaak_url = self.report.zaak_url
        behandelaar = catalogue.roltype("behandelaar")
        if behandelaar is None:
            self.report.problems.append(_('The zaaktype has no role type "behandelaar".'))
        else:
            owner = self.initiative.owner
            body = mapping.owner_rol(zaak_url, behandelaar, owner)
            self._send(PushedKind.ROL, f"owner-{owner.id}", self.client.zaken("rollen"), body)
        people = [initiator for initiator in self.initiative.initiators if initiator.name]
        initiator_type = catalogue.roltype("initiator")
        if people and initiator_type is None:
            self.report.problems.append(_('The zaaktype has no role type "initiator".'))
        elif people:
            for initiator in people:
                body = mapping.initiator_rol(zaak_url, initiator_type, initiator)
                self._send(PushedKind.ROL, f"initiator-{initiator.id}", self.client.zaken("rollen"), body)
        self._stakeholders(catalogue)

    def _stakeholders(self, catalogue):
        """The stakeholders as "belanghebbende" or "adviseur"; one linked to a contact person is
        that person's "initiator" role already."""
        missing = set()
        for stakeholder in stakeholders_of(self.initiative):
            if stakeholder.initiator_id is not None:
                continue
            generic = mapping.stakeholder_roltype(stakeholder)
            roltype = catalogue.roltype(generic)
            if roltype is None:
                missing.add(generic)
                continue
            body = mapping.stakeholder_rol(self.report.zaak_url, roltype, stakeholder)
            if body is not None:
                self._send(PushedKind.ROL, f"stakeholder-{stakeholder.id}", self.client.zaken("rollen"), body)
        for generic in sorted(missing):
            self.report.problems.append(
                _(
                    'The zaaktype has no role type "%(generic)s": stakeholders with that role are not sent.',
                    generic=generic,
                )
            )

    def _zaakobject(self):
        neighbourhood = self.initiative.neighbourhood
        body = mapping.zaakobject(self.report.zaak_url, neighbourhood)
        self._send(PushedKind.ZAAKOBJECT, neighbourhood.id, self.client.zaken("zaakobjecten"), body)

    def _documents(self):
        for attachment in self.initiative.attachments:
            if not attachment.for_archive or not attachment.has_content:
                continue
            if not self.settings.informatieobjecttype:
                self.report.problems.append(_("No informatieobjecttype is configured: files are not sent."))
                return
            document_url = self.pushed.get((PushedKind.DOCUMENT, str(attachment.id)))
            if document_url is None:
                content = path_of(attachment).read_bytes()
                body = mapping.document(attachment, content, self.settings)
                document_url = self._send(
                    PushedKind.DOCUMENT,
                    attachment.id,
                    self.client.documenten("enkelvoudiginformatieobjecten"),
                    body,
                )
            body = mapping.zaakinformatieobject(self.report.zaak_url, document_url, attachment)
            self._send(
                PushedKind.ZAAKINFORMATIEOBJECT,
                attachment.id,
                self.client.zaken("zaakinformatieobjecten"),
                body,
            )

    def _result(self, closing):
        """Send the result of a closed case; whether the zaak has one (so its end status may follow)."""
        if closing is None:
            return False
        result = self.initiative.result
        resultaattype = mapping.result_type(self.settings, result)
        if resultaattype is None:
            self.report.problems.append(
                _('No result type is set for the result "%(result)s".', result=result.title)
            )
            return (PushedKind.RESULTAAT, str(closing.id)) in self.pushed
        body = mapping.resultaat(self.report.zaak_url, resultaattype, result)
        self._send(PushedKind.RESULTAAT, closing.id, self.client.zaken("resultaten"), body)
        return True


def push(initiative, actor, client=None):
    """Push `initiative` to the case system; a PushReport. Raises RuleError when it is off."""
    settings = zgw_settings()
    if settings is None:
        raise RuleError(_("The case system is not configured."))
    return _Push(initiative, actor, client or ZgwClient(settings)).run()


# -- the admin's tables ---------------------------------------------------------------------------


def save_table(kind, table, actor):
    """Set the admin's table of `kind` to `table` (code -> URL; an empty URL removes the row)."""
    existing = {
        row.code: row for row in db.session.scalars(sa.select(ZgwMapping).where(ZgwMapping.kind == kind))
    }
    changed = {}
    for code, url in table.items():
        url = (url or "").strip()
        row = existing.get(code)
        if row is not None and not url:
            db.session.delete(row)
            changed[code] = [row.url, ""]
        elif row is None and url:
            db.session.add(ZgwMapping(kind=kind, code=code, url=url, changed_by=actor))
            changed[code] = ["", url]
        elif row is not None and row.url != url:
            changed[code] = [row.url, url]
            row.url, row.changed_by = url, actor
    if not changed:
        return False
    db.session.flush()
    record(
        "zgw.mapping_changed",
        actor=actor,
        object_type=ZgwMapping.__tablename__,
        summary=f"{kind} table for the case system changed: {', '.join(sorted(changed))}",
        data={"zgw_table": str(kind), "codes": sorted(changed)},
    )
    return True


def mark_for_archive(attachment, actor, for_archive):
    """Mark a file to go to the case system with its case (or not)."""
    if attachment.for_archive == for_archive:
        return False
    attachment.for_archive = for_archive
    db.session.flush()
    record(
        "attachment.archive_marked",
        attachment,
        actor=actor,
        initiative=attachment.initiative,
        summary=f"file {attachment.id} {'marked' if for_archive else 'unmarked'} for the case system",
        data={"for_archive": for_archive},
    )
    return True


__all__ = ["MappingKind", "PushReport", "mark_for_archive", "push", "save_table"]
