"""Audit entries told in the reader's language.

The stored summary is untranslated English for whoever reads the database; people are never shown
it. An entry is told from its action and its data: "Stage changed: Intake → Mapping".

Free-text fields are logged as changed without their values (see `operations.FREE_TEXT_FIELDS`),
so an edit is told by the fields it changed: "Case edited: description, next step changed".
The log keeps usernames; people are named by their current display name, looked up when told.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from initiatives.audit import vocabulary
from initiatives.audit.details import CHANGE_ACTIONS, term_label
from initiatives.audit.words import LABELS, enum_of, stage_title

#: Every action the application logs, with what people read. A test holds that none is missing.
ACTION_TITLES = {
    # cases
    "initiative.opened": _l("Case opened"),
    "initiative.updated": _l("Case edited"),
    "initiative.moved": _l("Stage changed"),
    "initiative.team_changed": _l("Team changed"),
    "initiative.handed_over": _l("Case handed over"),
    "initiative.withdrawn": _l("Case withdrawn"),
    "initiative.reinstated": _l("Case taken back"),
    "initiative.contact_added_instead": _l("New contact added to this case instead of a new case"),
    "initiative.possible_duplicate": _l("Marked as a possible duplicate"),
    "initiative.possible_duplicate_cleared": _l("Mark possible duplicate cleared"),
    "activity.added": _l("Activity added"),
    "activity.voided": _l("Timeline entry voided"),
    "activity.corrected": _l("Timeline note corrected"),
    "activity.visibility_changed": _l("Timeline entry shown to or hidden from the initiators"),
    "initiator.added": _l("Contact person added"),
    "initiator.updated": _l("Contact person changed"),
    "initiator.removed": _l("Contact person removed"),
    "attachment.added": _l("File added"),
    "attachment.downloaded": _l("File opened"),
    "attachment.removed": _l("File removed"),
    "status_link.created": _l("Status link for initiators made"),
    "status_link.revoked": _l("Status link for initiators revoked"),
    "status_link.message_received": _l("Message from the initiators received"),
    "status_mails.turned_on": _l("Status mails to the initiators turned on"),
    "status_mails.changed": _l("Sentence in the status mails changed"),
    "status_mails.turned_off": _l("Status mails to the initiators turned off"),
    "status_mails.queued": _l("Status mail to the initiators queued"),
    "status_link.satisfaction_answered": _l("Satisfaction answered by the initiators"),
    "attachment.archive_marked": _l("File marked or unmarked for the case system's archive"),
    # the case system (ZGW)
    "zgw.zaak_created": _l("Record made in the case system"),
    "zgw.object_sent": _l("Sent to the case system"),
    "zgw.pushed": _l("Case sent to the case system"),
    "zgw.push_failed": _l("Sending to the case system failed"),
    "zgw.mapping_changed": _l("Case system tables changed"),
    "barrier.recorded": _l("Barrier recorded"),
    "barrier.updated": _l("Barrier changed"),
    "help.requested": _l("Help asked for"),
    "help.updated": _l("Help changed"),
    "help.granted": _l("Help granted"),
    "help.refused": _l("Help refused"),
    "help.applied": _l("Help applied"),
    "stakeholder.added": _l("Stakeholder added"),
    "stakeholder.updated": _l("Stakeholder changed"),
    "stakeholder.stance_changed": _l("Stance of a stakeholder recorded"),
    "stakeholder.removed": _l("Stakeholder removed"),
    "challenge.proposal_recorded": _l("Proposal of a challenge recorded"),
    "challenge.deadline_changed": _l("Decision term of a challenge changed"),
    "challenge.decided": _l("Decision on a challenge recorded"),
    "challenge.agreement_recorded": _l("Agreement on a challenge recorded"),
    "challenge.evaluated": _l("Challenge evaluated"),
    "challenge.term_changed": _l("Decision term for challenges changed"),
    "challenge_task.added": _l("Task for challenges added"),
    "challenge_task.updated": _l("Task for challenges changed"),
    "merge.requested": _l("Merge of two cases asked for"),
    "merge.confirmed": _l("Merge of two cases confirmed"),
    "merge.declined": _l("Merge of two cases declined"),
    "merge.done": _l("Cases merged"),
    "merge.undone": _l("Merge of two cases undone"),
    # exports and reports
    "export.cases": _l("Case list exported"),
    "export.personal_data": _l("Case list exported with contact details"),
    "export.dossier": _l("Dossier downloaded"),
    "export.council_report": _l("Council report downloaded"),
    # personal data and refusals
    "personal_data.viewed": _l("Contact details viewed"),
    "access.denied": _l("Access refused"),
    "access.denied_repeated": _l("Access refused more often"),
    "privacy.purge": _l("Retention period applied"),
    "privacy.contacts_anonymised": _l("Contact persons anonymised"),
    "privacy.subject_access": _l("Subject access request answered"),
    # accounts and signing in
    "user.created": _l("Account created"),
    "user.updated": _l("Account changed"),
    "user.deactivated": _l("Account deactivated"),
    "user.password_changed": _l("Password changed"),
    "auth.login": _l("Signed in"),
    "auth.login_failed": _l("Sign-in failed"),
    "auth.reentry_failed": _l("Wrong password when asked again"),
    "auth.signed_out_after_failures": _l("Signed out after wrong passwords"),
    "auth.failures_reported": _l("Told of failed sign-ins"),
    "auth.logout": _l("Signed out"),
    "auth.session_expired": _l("Session expired"),
    "auth.recovery_code_used": _l("Recovery code used"),
    "auth.totp_enrolled": _l("Two-step verification switched on"),
    "auth.totp_removed": _l("Two-step verification switched off"),
    "auth.sso_bound": _l("Account linked to single sign-on"),
    "auth.sso_unbound": _l("Link to single sign-on removed"),
    "auth.sso_login_failed": _l("Single sign-on refused"),
    "api_token.created": _l("API token made"),
    "api_token.revoked": _l("API token revoked"),
    "api_token.revoked_all": _l("API tokens revoked"),
    "notifications.preferences_changed": _l("Notification settings changed"),
    # reference data
    "neighbourhood.created": _l("Neighbourhood added"),
    "neighbourhood.updated": _l("Neighbourhood changed"),
    "geo.shapes_imported": _l("Shapes of the wijken and buurten imported"),
    "department.created": _l("Department added"),
    "department.updated": _l("Department changed"),
    "themes.created": _l("Theme added"),
    "themes.updated": _l("Theme changed"),
    "skills.created": _l("Skill added"),
    "skills.updated": _l("Skill changed"),
    "barrier_categories.created": _l("Barrier category added"),
    "barrier_categories.updated": _l("Barrier category changed"),
    "help_categories.created": _l("Help category added"),
    "help_categories.updated": _l("Help category changed"),
    # demo data
    "demo.initiatives_created": _l("Demo cases made"),
}
#: Actions whose entry names the object by a field of its data (a username, a code or a name).
NAMED_BY = {
    "user.created": "username",
    "neighbourhood.created": "code",
    "department.created": "name",
}


def action_title(action):
    """The title of an action for people; the code itself for an action without one."""
    title = ACTION_TITLES.get(action)
    return str(title) if title is not None else action


def changed_fields(data):
    """Name the changed fields for people: "description, next step" (known fields first, in order)."""
    known = [str(label) for name, label in LABELS.items() if name in data]
    unknown = sorted(name for name in data if name not in LABELS)
    names = known + unknown
    return ", ".join(name[:1].lower() + name[1:] for name in names)


def display_names(usernames):
    """{username: the name people know them by} for the accounts the log names."""
    wanted = {name for name in usernames if name}
    if not wanted:
        return {}
    return vocabulary.names_for_usernames(wanted)


def _people(usernames, names):
    return ", ".join(names.get(username, username) for username in usernames)


def _team_change(data):
    before, after = data["team"]
    names = display_names([*before, *after])
    parts = []
    if joined := [username for username in after if username not in before]:
        parts.append(_("%(people)s added", people=_people(joined, names)))
    if left := [username for username in before if username not in after]:
        parts.append(_("%(people)s removed", people=_people(left, names)))
    return "; ".join(parts)


def _new_value(data, name):
    """The value `name` has after the change: the second of [old, new], or the value itself."""
    value = data.get(name)
    return value[1] if isinstance(value, list) and len(value) == 2 else value


def _detail(entry, data):
    """What follows the title: the part of the data that tells this entry from others of its kind."""
    action = entry.action
    if action in CHANGE_ACTIONS and data:
        return _("%(fields)s changed", fields=changed_fields(data))
    if action == "initiative.moved" and isinstance(data.get("stage"), list):
        old, new = data["stage"]
        return f"{stage_title(old)} → {stage_title(new)}"
    if action == "initiative.handed_over" and isinstance(data.get("owner"), list):
        names = display_names(data["owner"])
        return f"{_people(data['owner'][:1], names)} → {_people(data['owner'][1:], names)}"
    if action == "initiative.team_changed" and isinstance(data.get("team"), list):
        return _team_change(data)
    if (
        action == "activity.added"
        and (kinds := enum_of("kind")) is not None
        and data.get("kind") in set(kinds)
    ):
        return str(kinds(data["kind"]).title).lower()
    if action in ("barrier.recorded", "help.requested") and data.get("category"):
        return term_label(entry.object_type, data["category"])
    if action in ("export.cases", "export.personal_data") and "rows" in data:
        rows = data["rows"]
        return ngettext(
            "%(num)d case, %(format)s",
            "%(num)d cases, %(format)s",
            rows,
            format=str(data.get("format", "")).upper(),
        )
    if action.endswith(".created") and action.split(".")[0] in (
        "themes",
        "skills",
        "barrier_categories",
        "help_categories",
    ):
        code = _new_value(data, "code")
        return term_label(entry.object_type, code) if code else ""
    if action in NAMED_BY:
        return str(_new_value(data, NAMED_BY[action]) or "")
    if action == "privacy.contacts_anonymised" and "contacts" in data:
        return ngettext("%(num)d contact person", "%(num)d contact persons", data["contacts"])
    if action in ("access.denied_repeated", "auth.failures_reported") and "count" in data:
        return ngettext("%(num)d time", "%(num)d times", data["count"])
    if action == "privacy.purge" and data.get("dry_run"):
        return _("trial run, nothing changed")
    return ""


def describe_entry(entry):
    """Return a short description of an audit entry for people, in their language."""
    title = action_title(entry.action)
    detail = _detail(entry, entry.data or {}) if entry.action in ACTION_TITLES else ""
    return f"{title}: {detail}" if detail else title
