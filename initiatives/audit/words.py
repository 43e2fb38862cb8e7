"""The audit's own words for the data of its entries: field names, the titles of codes it writes,
and which fields hold dates, moments, enum members, list codes or technical codes.

The domains add their words through `vocabulary`; `details` uses these to tell the data as rows.
"""

from flask_babel import lazy_gettext as _l

from initiatives.audit import vocabulary
from initiatives.core.i18n import LANGUAGE_NAMES
from initiatives.core.roles import Role

#: Field names in the audit data, in the order they are told.
FIELD_LABELS = {
    "title": _l("Title"),
    "description": _l("Description"),
    "neighbourhood": _l("Neighbourhood"),
    "address": _l("Address or place"),
    "channel": _l("Came in by"),
    "received_on": _l("Date of first contact"),
    "themes": _l("Themes"),
    "support_requested": _l("Support asked for"),
    "next_step": _l("Next step"),
    "follow_up_on": _l("Follow up on"),
    "in_council_report": _l("In the council report"),
    "location": _l("Location on the map"),
    "latitude": _l("Latitude"),
    "longitude": _l("Longitude"),
    "category": _l("Category"),
    "provider": _l("Who provides or decides"),
    "department": _l("Department"),
    "stage": _l("Stage"),
    "raised_on": _l("Raised on"),
    "status": _l("Status"),
    "resolved_on": _l("Resolved or accepted on"),
    "requested_on": _l("Asked on"),
    "decided_on": _l("Decided on"),
    "decided_by": _l("Decided by"),
    "applied_on": _l("Applied on"),
    "answer_due_on": _l("Answer due on"),
    "effects": _l("Effects"),
    "side": _l("Inside or outside"),
    "stakeholder_role": _l("Role in the initiative"),
    "case_kind": _l("Kind of case"),
    "challenged_task": _l("Task challenged"),
    "task_text": _l("Task in the challengers' words"),
    "task": _l("Task"),
    "better_because": _l("Why they can do it better or cheaper"),
    "involvement": _l("Their involvement and expertise"),
    "support_evidence": _l("Support in the neighbourhood"),
    "cost_estimate": _l("Cost estimate (euros)"),
    "requested_support": _l("Cooperation or support asked of the municipality"),
    "quality_guarantee": _l("How quality and continuity are guaranteed"),
    "takes_over": _l("What the challengers take over"),
    "agreed_result": _l("The result agreed"),
    "budget": _l("Budget (euros)"),
    "agreement_ends_on": _l("Agreement ends on"),
    "review_dates": _l("Progress reviews"),
    "decision_due_on": _l("Decision due on"),
    "decision": _l("Decision"),
    "decision_grounds": _l("Grounds"),
    "within_term": _l("Decided within the term"),
    "evaluation": _l("Evaluation"),
    "evaluated_on": _l("Evaluated on"),
    "decision_term_weeks": _l("Decision term (weeks from receipt)"),
    "excluded": _l("Excluded by the verordening"),
    "exclusion_reason": _l("Reason for the exclusion"),
    "stance": _l("Stance"),
    "influence": _l("Influence"),
    "interest": _l("Interest"),
    "contact_person": _l("Linked contact person"),
    "activity_ids": _l("Timeline entries with them"),
    "stakeholder_id": _l("Stakeholder it came from (number)"),
}
#: The other names in the audit data: of stage moves, activities, accounts, exports, sign-ins...
OTHER_LABELS = {
    # the import of the neighbourhoods' shapes (flask geo import)
    "source_file": _l("File"),
    "coordinate_system": _l("Coordinate reference system"),
    "tolerance_metres": _l("Simplified by (metres)"),
    "matched": _l("Neighbourhoods given their shape"),
    "created": _l("Neighbourhoods added"),
    "not_in_bricoleur": _l("In the file, not in Bricoleur"),
    "missing": _l("In Bricoleur, not in the file"),
    "reason": _l("Reason"),
    "result": _l("Result"),
    "lessons": _l("Lessons learned"),
    "owner": _l("Owner"),
    "note": _l("Note"),
    "team": _l("Team"),
    "kind": _l("Kind"),
    "practice": _l("Practice"),
    "skills": _l("Skills"),
    "visible_to_initiators": _l("Visible to initiators"),
    "recipients": _l("Contact persons mailed"),
    "new_link": _l("New status link made"),
    "fields": _l("Details given"),
    "name": _l("Name"),
    "email": _l("E-mail address"),
    "phone": _l("Phone number"),
    "organisation": _l("Organisation"),
    "organisation_kind": _l("Kind of organisation"),
    "initiative": _l("Case"),
    "content_type": _l("Kind of file"),
    "size": _l("Size"),
    "via": _l("Shown on"),
    "format": _l("File format"),
    "filters": _l("Filters"),
    "personal_data": _l("With contact details"),
    "rows": _l("Cases"),
    "from": _l("From"),
    "to": _l("Up to and including"),
    "status_code": _l("Answer"),
    "http_method": _l("Kind of request"),
    "method": _l("Way of signing in"),
    "path": _l("Address (URL)"),
    "endpoint": _l("Page"),
    "username": _l("Username"),
    "full_name": _l("Full name"),
    "role": _l("Role"),
    "active": _l("In use"),
    "neighbourhoods": _l("Neighbourhoods"),
    "step": _l("Step"),
    "sessions_ended": _l("Sessions ended"),
    "remaining": _l("Recovery codes left"),
    "by_admin": _l("By an administrator"),
    "user": _l("Account"),
    "expires_at": _l("Valid until"),
    "tokens": _l("API tokens"),
    "issuer": _l("Sign-in provider"),
    "subject": _l("Person at the provider"),
    "confirmed_by": _l("Confirmed by"),
    "merged_case": _l("Case merged (number)"),
    "merged_into": _l("Merged into case (number)"),
    "moved_timeline_entries": _l("Timeline entries moved"),
    "moved_barriers": _l("Barriers moved"),
    "moved_helps": _l("Helps moved"),
    "moved_files": _l("Files moved"),
    "moved_stakeholders": _l("Stakeholders moved"),
    "copied_contact_persons": _l("Contact persons copied"),
    "team_members_added": _l("Colleagues added to the team"),
    "themes_added": _l("Themes added"),
    "code": _l("Code"),
    "label_nl": _l("Dutch label"),
    "label_en": _l("English label"),
    "position": _l("Position"),
    "parent": _l("Wijk"),
    "contacts": _l("Contact persons"),
    "texts": _l("Texts anonymised"),
    "files": _l("Files deleted"),
    "dry_run": _l("Trial run"),
    "cutoff": _l("Closed on or before"),
    "retention_months": _l("Retention period (months)"),
    "cases": _l("Cases"),
    "output": _l("Answered as"),
    "contact_ids": _l("Contact person numbers"),
    "case_ids": _l("Case numbers"),
    "candidates": _l("Looks like case numbers"),
    "activity": _l("Timeline entry (number)"),
    "contact": _l("Contact person"),
    "other_case_ids": _l("Case numbers mentioning them"),
    "count": _l("Number"),
    "score": _l("Satisfaction (1 to 5)"),
    "purpose": _l("Asked for"),
    "since": _l("Since"),
    "minute": _l("In the minute from"),
    "first_id": _l("First case number"),
    "last_id": _l("Last case number"),
    "seed": _l("Seed"),
    "activities": _l("Activities"),
    "barriers": _l("Barriers"),
    "helps": _l("Helps"),
    "zaak_url": _l("Its record in the case system"),
    "zgw_object": _l("Object in the case system"),
    "problems": _l("Not sent (reported)"),
    "zgw_table": _l("Table"),
    "codes": _l("Codes changed"),
    "for_archive": _l("For the archive"),
    # one's notification settings: the kinds of notice (notifications.events.EVENT_TITLES)...
    "follow_up_due": _l("A follow-up date is reached"),
    "follow_up_overdue": _l("A follow-up date has passed"),
    "handed_over": _l("A case is handed over to you"),
    "team_changed": _l("You are added to or removed from a case's team"),
    "help_decided": _l("A help you asked for is granted or refused"),
    "barrier_open_long": _l("A barrier on your case has been open for 30, 60 or 90 days"),
    "initiator_replied": _l("An initiator replied through the status page"),
    "mail_imported": _l("A mailbox import opened a case for you"),
    "challenge_due": _l("The college's decision on your challenge is due soon or overdue"),
    # ...and the digest and the mails
    "digest_hour": _l("Time of the daily digest"),
    "digest_on_weekends": _l("Also on Saturdays and Sundays"),
    "language": _l("Language of the e-mails"),
}
#: How a kind of notice is received (notifications.events.CHANNEL_TITLES).
NOTIFICATION_CHANNELS = {
    "email": _l("E-mail at once"),
    "digest": _l("Daily digest"),
    "in_app": _l("Only in Bricoleur"),
    "off": _l("Off"),
}
#: The kinds of text an anonymisation counts (`privacy.anonymisation.Anonymisation.texts`).
TEXT_KIND_LABELS = {
    "activity_notes": _l("Timeline"),
    "stage_change_reasons": _l("Reason for a stage move"),
    "barrier_descriptions": _l("Barriers"),
    "help_descriptions": _l("Helps"),
    "help_deciders": _l("Decided by"),
    "file_names": _l("File name"),
    "satisfaction_comments": _l("Comment on the initiators' satisfaction"),
    "stakeholder_names": _l("Names of stakeholders"),
    "stance_notes": _l("Notes on stances"),
    "challenge_texts": _l("Texts of the right to challenge"),
}
LABELS = FIELD_LABELS | OTHER_LABELS | TEXT_KIND_LABELS
#: What a data value that is a code means, per field name (enum-like values the code writes); the
#: domains add theirs (`vocabulary.register_value_labels`), such as the reasons for an erasure.
CODE_TITLES = {
    "method": {
        "password": _l("password"),
        "totp": _l("password and code from the app"),
        "recovery_code": _l("password and recovery code"),
        "oidc": _l("single sign-on"),
    },
    "contact": {
        "added": _l("added"),
        "known": _l("known already"),
        "none": _l("none given"),
    },
    "step": {
        "password": _l("password"),
        "second_factor": _l("code from the app"),
        "sso_binding": _l("linking to single sign-on"),
    },
    "reason": {
        "idle": _l("inactive for too long"),
        "lifetime": _l("signed in for too long"),
        "deactivated": _l("account deactivated"),
        "password_changed": _l("password changed"),
        "second_factor_reset": _l("two-step verification reset"),
        "wrong": _l("wrong code"),
        "reused": _l("code used before"),
        "claim_missing": _l("the provider did not give the username"),
        "unknown": _l("no account with that username"),
        "bound_to_other": _l("the account is linked to someone else"),
        "already_bound": _l("the account is already linked"),
        "missing": _l("nothing waiting to be linked"),
        "expired": _l("waited too long"),
        "contact_erased": _l("a contact person's data was erased"),
    },
    "via": {
        "case page": _l("the case page"),
        "contact form": _l("the contact person's form"),
        "api initiators": _l("the API (contact persons)"),
    },
    "confirmed_by": {"password": _l("password")},
    "purpose": {
        "password_change": _l("changing the password"),
        "api_token": _l("making an API token"),
        "two_factor_removal": _l("switching off two-step verification"),
    },
    "output": {"screen": _l("on screen"), "pdf": _l("PDF"), "json": _l("JSON")},
    "status_code": {401: _l("401: not signed in"), 403: _l("403: not allowed")},
    "language": LANGUAGE_NAMES,
    **dict.fromkeys(
        (
            "follow_up_due",
            "follow_up_overdue",
            "handed_over",
            "team_changed",
            "help_decided",
            "barrier_open_long",
            "initiator_replied",
            "mail_imported",
            "challenge_due",
        ),
        NOTIFICATION_CHANNELS,
    ),
}
#: Fields whose values are codes or addresses for technicians, never sentences: shown as code.
CODE_FIELDS = frozenset(
    {
        "http_method", "path", "endpoint", "content_type", "issuer", "subject", "seed", "code",
        "source_file", "coordinate_system", "created", "not_in_bricoleur", "missing",
    }
)  # fmt: skip
#: Kinds of object whose "name" is the name of a part of the municipality, never a resident's.
NAMED_UNITS = frozenset({"neighbourhoods", "departments"})
#: Per action, names of its data that mean something else there than elsewhere.
ALIASES = {"access.denied": {"status": "status_code", "method": "http_method"}}
#: Fields whose values are members of an enum with titles; the domains add theirs (a case's stage,
#: a help's provider: `vocabulary.register_enum_field`), and the status field means the status of
#: the kind of object the entry is about (`vocabulary.register_status_titles`).
ENUM_FIELDS = {"role": Role}
#: Fields that hold dates (ISO text).
DATE_FIELDS = frozenset(
    {
        "received_on",
        "follow_up_on",
        "raised_on",
        "resolved_on",
        "requested_on",
        "decided_on",
        "applied_on",
        "answer_due_on",
        "decision_due_on",
        "agreement_ends_on",
        "evaluated_on",
        "cutoff",
        "expires_at",
        "from",
        "to",
        "raised_from",
        "raised_to",
        "requested_from",
        "requested_to",
    }
)
#: Fields that hold a moment (ISO text with a time).
DATETIME_FIELDS = frozenset({"since", "minute"})
#: Fields that hold codes of an admin-editable list, shown by their label.
TERM_FIELDS = {
    "themes": "themes",
    "theme": "themes",
    "skills": "skills",
    "barrier_category": "barrier_categories",
    "help_category": "help_categories",
    "resolved_by_help": "help_categories",
}
#: Which list the `category` and `code` fields of an entry belong to, by its object.
TERMS_BY_OBJECT = {
    "barriers": "barrier_categories",
    "helps": "help_categories",
    "themes": "themes",
    "skills": "skills",
    "barrier_categories": "barrier_categories",
    "help_categories": "help_categories",
}


def code_titles(name):
    """{code: title} of the codes the application writes in field `name`; None for other fields."""
    own, registered = CODE_TITLES.get(name), vocabulary.value_labels(name)
    if own is None and not registered:
        return None
    return {**(own or {}), **registered}


def enum_of(name):
    """The enum whose members are the values of field `name`, or None."""
    return ENUM_FIELDS.get(name) or vocabulary.enum_of(name)


def field_label(name):
    label = LABELS.get(name)
    return str(label) if label is not None else name


def stage_title(value):
    stage = enum_of("stage")
    try:
        return str(stage(value).title)
    except (TypeError, ValueError):  # no stages registered, or not one of them
        return str(value)
