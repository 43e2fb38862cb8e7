"""The declared access policy: for every endpoint, what each kind of actor gets.

`tests/test_access.py` walks the app's URL map and fails when an endpoint is missing here, or
answers differently from its entry. Add every new route to this table.

Outcomes: 200 (allowed), 302 (redirect: to the log-in page for anonymous users, or after a POST),
403 (forbidden), or "login" (redirected to the log-in page). Under /api/ the actors call with
their Bearer token (see API_REQUESTS for the bodies): 201 (created) and 401 (no valid token) too.
"""

#: neighbourhood_manager works in the wijk of the test case; other_manager in another wijk;
#: team_member is a manager of another wijk on the test case's team (works the case like its
#: wijk's manager: reads and changes it, sees the contact details).
ACTORS = (
    "anonymous",
    "neighbourhood_manager",
    "other_manager",
    "team_member",
    "secretary",
    "admin",
    "deactivated",
)

ALLOWED = dict.fromkeys(ACTORS, 200)
#: Signing in or out: every signed-in actor is sent on (the log-in page, or after logging out).
SIGNED_IN_USERS_REDIRECTED = dict.fromkeys(ACTORS, 302)
SIGNED_IN = {**ALLOWED, "anonymous": "login", "deactivated": "login"}
ADMIN_ONLY = {
    **SIGNED_IN,
    "neighbourhood_manager": 403,
    "other_manager": 403,
    "team_member": 403,
    "secretary": 403,
}
#: Reading cases: managers and secretaries; admins manage reference data, not cases.
CASE_READERS = {**SIGNED_IN, "admin": 403}
#: The council report: the secretary's.
SECRETARY_ONLY = {**CASE_READERS, "neighbourhood_manager": 403, "other_manager": 403, "team_member": 403}
#: Opening cases: neighbourhood managers (in their own wijken).
MANAGERS = {**CASE_READERS, "secretary": 403}


def case_editors(outcome):
    """Changing the test case: its wijk's manager and its team, who get `outcome` for an empty form."""
    return {**MANAGERS, "neighbourhood_manager": outcome, "team_member": outcome, "other_manager": 403}


def author_or_owner(outcome):
    """Correcting or voiding a timeline entry, removing a file: its author (or uploader) and the
    case's owner, both the wijk's manager here; the team member did not make them."""
    return {**case_editors(outcome), "team_member": 403}


#: The API is called with each actor's Bearer token; without a valid one it answers 401.
API_SIGNED_IN = {**SIGNED_IN, "anonymous": 401, "deactivated": 401}
API_CASE_READERS = {**API_SIGNED_IN, "admin": 403}
API_MANAGERS = {**API_CASE_READERS, "secretary": 403}
API_SECRETARY_ONLY = {
    **API_CASE_READERS,
    "neighbourhood_manager": 403,
    "other_manager": 403,
    "team_member": 403,
}


def api_case_editors(outcome):
    """Changing the test case over the API: its wijk's manager and its team, who get `outcome`."""
    return {**API_MANAGERS, "neighbourhood_manager": outcome, "team_member": outcome, "other_manager": 403}


#: A merge's answer or undoing on a case without one: a conflict for any manager who reads it.
API_MANAGERS_CONFLICT = {
    **API_MANAGERS,
    "neighbourhood_manager": 409,
    "other_manager": 409,
    "team_member": 409,
}
#: A merge's answer and undo: the owner learns that none waits (409); others learn nothing (403).
API_OWNER_CONFLICT = {**API_MANAGERS_CONFLICT, "other_manager": 403, "team_member": 403}


def api_author_or_owner(outcome):
    """As `author_or_owner`, over the API."""
    return {**api_case_editors(outcome), "team_member": 403}


#: The JSON body and headers each API write gets: valid, so an allowed actor succeeds.
API_REQUESTS = {
    "api.create_initiative": {
        "json": {
            "title": "Buurtkamer",
            "description": "Een plek om elkaar te ontmoeten.",
            "neighbourhood": "WK999902",
            "channel": "walk_in",
            "received_on": "2026-01-05",
        }
    },
    "api.update_initiative": {"json": {"next_step": "Terugbellen"}, "headers": {"If-Match": "*"}},
    "api.move_initiative": {"json": {"to": "mapping"}},
    "api.add_activity": {"json": {"kind": "call", "happened_on": "2026-01-05", "practice": "intake"}},
    "api.add_initiator": {"json": {"name": "Ans Bakker"}},
    "api.change_my_notification_preferences": {"json": {"digest_hour": "08:00"}},
    "api.record_barrier": {"json": {"category": "silos"}},
    "api.update_barrier": {
        "json": {"description": "Niemand voelt zich eigenaar."},
        "headers": {"If-Match": "*"},
    },
    "api.request_help": {"json": {"category": "budget", "provider": "management"}},
    "api.update_help": {"json": {"description": "Steun van de wethouder."}, "headers": {"If-Match": "*"}},
    "api.add_stakeholder": {
        "json": {
            "side": "outside",
            "role": "adviser",
            "influence": 2,
            "interest": 3,
            "organisation": "De Basisschool",
        }
    },
    "api.update_stakeholder": {
        "json": {"stance": "for", "note": "Na het gesprek."},
        "headers": {"If-Match": "*"},
    },
    "api.replace_challenge": {"json": {"task": "Maaien"}, "headers": {"If-Match": "*"}},
    "api.update_challenge": {"json": {"task": "Maaien"}, "headers": {"If-Match": "*"}},
    "api.withdraw_initiative": {"json": {"reason": "Dubbel geregistreerd."}},
    "api.reinstate_initiative": {"json": {"reason": "Toch geen dubbel."}},
    # A case number that does not exist: 422 once allowed; tests/merging merges two cases.
    "api.merge_initiative": {"json": {"into": 2147483647, "reason": "Dubbel binnengekomen."}},
    "api.decline_merge": {"json": {"reason": "Twee verschillende ideeen."}},
    "api.undo_merge": {"json": {"reason": "Toch twee zaken."}},
    "api.void_activity": {"json": {"reason": "Bij de verkeerde zaak gezet."}},
    "api.show_activity_to_initiators": {"json": {"visible_to_initiators": True}},
    "api.correct_activity": {
        "json": {"note": "Jan belde over het veldje achter de school.", "reason": "Tikfout."}
    },
}


#: endpoint -> (method, URL with the demo data's ids, expected outcome per actor)
POLICY = {
    "static": ("GET", "/static/css/bricoleur.css", ALLOWED),
    "system.healthz": ("GET", "/healthz", ALLOWED),
    "system.language": ("POST", "/language", dict.fromkeys(ACTORS, 302)),
    # The proxy's page for a file it refused as too large: 413 for everyone, with the way back.
    "system.file_too_large": (
        "GET",
        "/file-too-large?from=/initiatives/{initiative_id}/files",
        dict.fromkeys(ACTORS, 413),
    ),
    "auth.login": (
        "GET",
        "/login",
        {**SIGNED_IN_USERS_REDIRECTED, "anonymous": 200, "deactivated": 200},
    ),
    "auth.logout": (
        "POST",
        "/logout",
        {**SIGNED_IN_USERS_REDIRECTED, "anonymous": "login", "deactivated": "login"},
    ),
    "auth.password": ("GET", "/account/password", SIGNED_IN),
    "notifications.preferences": ("GET", "/account/notifications", SIGNED_IN),
    "notifications.index": ("GET", "/notifications", SIGNED_IN),
    # Everyone's own notices only: no such notice (of yours), 404.
    "notifications.mark_read": (
        "POST",
        "/notifications/999999/read",
        {actor: 404 if outcome == 200 else outcome for actor, outcome in SIGNED_IN.items()},
    ),
    "notifications.mark_all_read": (
        "POST",
        "/notifications/read",
        {actor: 302 if outcome == 200 else outcome for actor, outcome in SIGNED_IN.items()},
    ),
    # Without a pending log-in the code page sends everyone back (to /login, or home).
    "auth.second_factor": ("GET", "/login/code", dict.fromkeys(ACTORS, 302)),
    "auth.account": ("GET", "/account", SIGNED_IN),
    # An empty form: the account page again, with the errors.
    "auth.create_token": ("POST", "/account/tokens", SIGNED_IN),
    "auth.remove_two_factor": ("POST", "/account/two-factor/remove", SIGNED_IN),
    # No such token (of yours): 404.
    "auth.revoke_token": (
        "POST",
        "/account/tokens/999999/revoke",
        {actor: 404 if outcome == 200 else outcome for actor, outcome in SIGNED_IN.items()},
    ),
    # The demo admin has enrolled already, and is sent on to the account page.
    "auth.two_factor_setup": ("GET", "/account/two-factor", {**SIGNED_IN, "admin": 302}),
    "auth.revoke_user_token": (
        "POST",
        "/admin/users/{user_id}/tokens/999999/revoke",
        {**ADMIN_ONLY, "admin": 404},
    ),
    "auth.reset_user_two_factor": (
        "POST",
        "/admin/users/{user_id}/two-factor/reset",
        {**ADMIN_ONLY, "admin": 302},
    ),
    # Single sign-on is not configured in these tests, so its routes do not exist for anyone;
    # tests/auth_sso/ checks who may use them when it is.
    "sso.start": ("GET", "/login/sso", dict.fromkeys(ACTORS, 404)),
    "sso.callback": ("GET", "/login/sso/callback", dict.fromkeys(ACTORS, 404)),
    "sso.confirm_binding": ("GET", "/login/sso/confirm", dict.fromkeys(ACTORS, 404)),
    "home.index": ("GET", "/", SIGNED_IN),
    "admin.users": ("GET", "/admin/users", ADMIN_ONLY),
    "admin.new_user": ("GET", "/admin/users/new", ADMIN_ONLY),
    "admin.edit_user": ("GET", "/admin/users/{user_id}", ADMIN_ONLY),
    "admin.neighbourhoods": ("GET", "/admin/neighbourhoods", ADMIN_ONLY),
    "admin.new_neighbourhood": ("GET", "/admin/neighbourhoods/new", ADMIN_ONLY),
    "admin.edit_neighbourhood": ("GET", "/admin/neighbourhoods/{neighbourhood_id}", ADMIN_ONLY),
    "admin.departments": ("GET", "/admin/departments", ADMIN_ONLY),
    "admin.new_department": ("GET", "/admin/departments/new", ADMIN_ONLY),
    "admin.edit_department": ("GET", "/admin/departments/{department_id}", ADMIN_ONLY),
    "admin.lists": ("GET", "/admin/lists", ADMIN_ONLY),
    "admin.mail": ("GET", "/admin/mail", ADMIN_ONLY),
    # No such mail: 404.
    "admin.retry_mail": ("POST", "/admin/mail/999999/retry", {**ADMIN_ONLY, "admin": 404}),
    "admin.vocabulary": ("GET", "/admin/lists/skills", ADMIN_ONLY),
    "admin.new_term": ("GET", "/admin/lists/themes/new", ADMIN_ONLY),
    "admin.edit_term": ("GET", "/admin/lists/skills/1", ADMIN_ONLY),
    "audit.index": ("GET", "/admin/audit", ADMIN_ONLY),
    "privacy.statement": ("GET", "/privacy", ALLOWED),
    "privacy.admin": ("GET", "/admin/privacy", ADMIN_ONLY),
    # POSTs without an e-mail address or phone number: the admin gets the form back with an error.
    "privacy.subject": ("POST", "/admin/privacy/subject", {**ADMIN_ONLY, "admin": 422}),
    "privacy.export": ("POST", "/admin/privacy/subject/export", {**ADMIN_ONLY, "admin": 422}),
    "privacy.erase": ("POST", "/admin/privacy/erase", {**ADMIN_ONLY, "admin": 422}),
    "cases.index": ("GET", "/initiatives", CASE_READERS),
    "exports.cases_csv": ("GET", "/initiatives/export.csv", CASE_READERS),
    "exports.cases_xlsx": ("GET", "/initiatives/export.xlsx", CASE_READERS),
    "dashboard.index": ("GET", "/dashboard", CASE_READERS),
    "cases.new": ("GET", "/initiatives/new", MANAGERS),
    "intake.new_from_email": ("GET", "/initiatives/new/email", MANAGERS),
    "cases.show": ("GET", "/initiatives/{initiative_id}", CASE_READERS),
    # A file's content cannot be anonymised: only those who see the contact details download it.
    "cases.download": ("GET", "/initiatives/{initiative_id}/files/{attachment_id}", case_editors(200)),
    "cases.edit": ("GET", "/initiatives/{initiative_id}/edit", case_editors(200)),
    "cases.move": ("POST", "/initiatives/{initiative_id}/move", case_editors(422)),
    "cases.add_activity": ("POST", "/initiatives/{initiative_id}/activities", case_editors(422)),
    "cases.add_initiator": ("POST", "/initiatives/{initiative_id}/initiators", case_editors(422)),
    # The button clearing the mark "mogelijk dubbel": who may is sent back to the case (which has
    # no mark here, so it says so).
    "cases.clear_possible_duplicate": (
        "POST",
        "/initiatives/{initiative_id}/possible-duplicate/clear",
        case_editors(302),
    ),
    "cases.edit_initiator": (
        "GET",
        "/initiatives/{initiative_id}/initiators/{initiator_id}",
        case_editors(200),
    ),
    "cases.remove_initiator": (
        "POST",
        "/initiatives/{initiative_id}/initiators/{initiator_id}/remove",
        case_editors(302),
    ),
    "cases.set_team": ("POST", "/initiatives/{initiative_id}/team", case_editors(302)),
    "cases.hand_over": ("POST", "/initiatives/{initiative_id}/owner", case_editors(422)),
    "cases.upload": ("POST", "/initiatives/{initiative_id}/files", case_editors(422)),
    # Undoing mistakes: each asks for a reason on a page of its own (the confirmation).
    "cases.withdraw": ("GET", "/initiatives/{initiative_id}/withdraw", case_editors(200)),
    # The test case is not withdrawn: its editors are sent back to it.
    "cases.reinstate": ("GET", "/initiatives/{initiative_id}/reinstate", case_editors(302)),
    # Merging: its owner only (the wijk's manager here; not the team, whom the policy refuses).
    # The test case waits for no merge and is merged into none: its editors are sent back to it.
    "merging.merge": ("GET", "/initiatives/{initiative_id}/merge", {**case_editors(200), "team_member": 403}),
    "merging.confirm": ("POST", "/initiatives/{initiative_id}/merge/confirm", case_editors(302)),
    "merging.decline": ("GET", "/initiatives/{initiative_id}/merge/decline", case_editors(302)),
    "merging.undo": ("GET", "/initiatives/{initiative_id}/merge/undo", case_editors(302)),
    "cases.void_activity": (
        "GET",
        "/initiatives/{initiative_id}/activities/{activity_id}/void",
        author_or_owner(200),
    ),
    "cases.correct_activity": (
        "GET",
        "/initiatives/{initiative_id}/activities/{activity_id}/correct",
        author_or_owner(200),
    ),
    # Only the CSRF token: the button's hidden yes/no is missing, so the allowed get 400.
    "cases.show_activity_to_initiators": (
        "POST",
        "/initiatives/{initiative_id}/activities/{activity_id}/visibility",
        author_or_owner(400),
    ),
    "cases.remove_file": (
        "GET",
        "/initiatives/{initiative_id}/files/{attachment_id}/remove",
        author_or_owner(200),
    ),
    "lessons.index": ("GET", "/lessons", CASE_READERS),
    "reports.dossier": ("GET", "/initiatives/{initiative_id}/dossier.pdf", CASE_READERS),
    "reports.council": ("GET", "/reports/council", SECRETARY_ONLY),
    "reports.council_pdf": ("GET", "/reports/council.pdf", SECRETARY_ONLY),
    "reports.council_docx": ("GET", "/reports/council.docx", SECRETARY_ONLY),
    "barriers.record_barrier": ("POST", "/initiatives/{initiative_id}/barriers", case_editors(422)),
    "barriers.edit_barrier": ("GET", "/initiatives/{initiative_id}/barriers/{barrier_id}", case_editors(200)),
    "barriers.set_barrier_status": (
        "POST",
        "/initiatives/{initiative_id}/barriers/{barrier_id}/status",
        case_editors(422),
    ),
    "barriers.request_help": ("POST", "/initiatives/{initiative_id}/helps", case_editors(422)),
    "barriers.decide_help": (
        "POST",
        "/initiatives/{initiative_id}/helps/{help_id}/decision",
        case_editors(422),
    ),
    "barriers.apply_help": (
        "POST",
        "/initiatives/{initiative_id}/helps/{help_id}/applied",
        case_editors(422),
    ),
    "api_docs.openapi_json": ("GET", "/api/v1/openapi.json", ALLOWED),
    "api.me": ("GET", "/api/v1/me", API_SIGNED_IN),
    "api.my_notification_preferences": ("GET", "/api/v1/me/notifications", API_SIGNED_IN),
    "api.change_my_notification_preferences": ("PUT", "/api/v1/me/notifications", API_SIGNED_IN),
    "api.council_report_pdf": ("GET", "/api/v1/reports/council.pdf", API_SECRETARY_ONLY),
    "api.council_report_docx": ("GET", "/api/v1/reports/council.docx", API_SECRETARY_ONLY),
    "api.dashboard_barriers": ("GET", "/api/v1/dashboard/barriers", API_CASE_READERS),
    "api.neighbourhoods_geojson": ("GET", "/api/v1/neighbourhoods.geojson", API_CASE_READERS),
    "api.neighbourhoods": ("GET", "/api/v1/neighbourhoods", API_SIGNED_IN),
    "api.list_initiatives": ("GET", "/api/v1/initiatives", API_CASE_READERS),
    "api.similar_initiatives": ("GET", "/api/v1/initiatives/similar?title=Moestuin", API_CASE_READERS),
    "api.export_initiatives_csv": ("GET", "/api/v1/exports/initiatives.csv", API_CASE_READERS),
    "api.export_initiatives_xlsx": ("GET", "/api/v1/exports/initiatives.xlsx", API_CASE_READERS),
    "api.create_initiative": (
        "POST",
        "/api/v1/initiatives",
        # The body opens the case in the test case's wijk: the team member works elsewhere.
        {**API_MANAGERS, "neighbourhood_manager": 201, "other_manager": 403, "team_member": 403},
    ),
    "api.get_initiative": ("GET", "/api/v1/initiatives/{initiative_id}", API_CASE_READERS),
    "api.update_initiative": ("PATCH", "/api/v1/initiatives/{initiative_id}", api_case_editors(200)),
    "api.move_initiative": (
        "POST",
        "/api/v1/initiatives/{initiative_id}/transitions",
        api_case_editors(200),
    ),
    "api.withdraw_initiative": (
        "POST",
        "/api/v1/initiatives/{initiative_id}/withdraw",
        api_case_editors(200),
    ),
    # The test case is not withdrawn: a conflict for its editors.
    "api.reinstate_initiative": (
        "POST",
        "/api/v1/initiatives/{initiative_id}/reinstate",
        api_case_editors(409),
    ),
    # Merging over the API: the owner's request names a case (the body: the test case itself,
    # refused); the test case waits for no merge and is merged into none (409 for its readers).
    "api.merge_initiative": (
        "POST",
        "/api/v1/initiatives/{initiative_id}/merge",
        api_case_editors(422),
    ),
    "api.confirm_merge": ("POST", "/api/v1/initiatives/{initiative_id}/merge/confirm", API_OWNER_CONFLICT),
    "api.decline_merge": ("POST", "/api/v1/initiatives/{initiative_id}/merge/decline", API_OWNER_CONFLICT),
    "api.undo_merge": ("POST", "/api/v1/initiatives/{initiative_id}/merge/undo", API_OWNER_CONFLICT),
    "api.void_activity": (
        "POST",
        "/api/v1/initiatives/{initiative_id}/activities/{activity_id}/void",
        api_author_or_owner(200),
    ),
    "api.correct_activity": (
        "POST",
        "/api/v1/initiatives/{initiative_id}/activities/{activity_id}/correct",
        api_author_or_owner(200),
    ),
    "api.show_activity_to_initiators": (
        "POST",
        "/api/v1/initiatives/{initiative_id}/activities/{activity_id}/visibility",
        api_author_or_owner(200),
    ),
    "api.list_activities": ("GET", "/api/v1/initiatives/{initiative_id}/activities", API_CASE_READERS),
    "api.add_activity": ("POST", "/api/v1/initiatives/{initiative_id}/activities", api_case_editors(201)),
    "api.list_initiators": ("GET", "/api/v1/initiatives/{initiative_id}/initiators", api_case_editors(200)),
    "api.add_initiator": ("POST", "/api/v1/initiatives/{initiative_id}/initiators", api_case_editors(201)),
    "api.initiative_history": ("GET", "/api/v1/initiatives/{initiative_id}/history", API_CASE_READERS),
    "api.list_barriers": ("GET", "/api/v1/initiatives/{initiative_id}/barriers", API_CASE_READERS),
    "api.record_barrier": ("POST", "/api/v1/initiatives/{initiative_id}/barriers", api_case_editors(201)),
    "api.update_barrier": ("PATCH", "/api/v1/barriers/{barrier_id}", api_case_editors(200)),
    "api.list_helps": ("GET", "/api/v1/initiatives/{initiative_id}/helps", API_CASE_READERS),
    "stakeholders.add": ("POST", "/initiatives/{initiative_id}/stakeholders", case_editors(422)),
    "stakeholders.edit": (
        "GET",
        "/initiatives/{initiative_id}/stakeholders/{stakeholder_id}",
        case_editors(200),
    ),
    "stakeholders.contact": (
        "GET",
        "/initiatives/{initiative_id}/stakeholders/contacts/{activity_id}",
        case_editors(200),
    ),
    # Only the CSRF token: without the version the removal is refused as stale, back to the case.
    "stakeholders.remove": (
        "POST",
        "/initiatives/{initiative_id}/stakeholders/{stakeholder_id}/remove",
        case_editors(302),
    ),
    "api.request_help": ("POST", "/api/v1/initiatives/{initiative_id}/helps", api_case_editors(201)),
    "api.update_help": ("PATCH", "/api/v1/helps/{help_id}", api_case_editors(200)),
    "api.categories": ("GET", "/api/v1/categories", API_SIGNED_IN),
    # The stakeholder map: read by the case's readers (named persons only for its team), changed
    # by those who may edit the case.
    "api.list_stakeholders": ("GET", "/api/v1/initiatives/{initiative_id}/stakeholders", API_CASE_READERS),
    "api.add_stakeholder": (
        "POST",
        "/api/v1/initiatives/{initiative_id}/stakeholders",
        api_case_editors(201),
    ),
    "api.get_stakeholder": ("GET", "/api/v1/stakeholders/{stakeholder_id}", API_CASE_READERS),
    "api.update_stakeholder": ("PATCH", "/api/v1/stakeholders/{stakeholder_id}", api_case_editors(200)),
    # The right to challenge: its forms on a case, for those who may edit it. The test case is an
    # initiative, so what they save is refused (422; the one-click inadmissible goes back to the
    # case, 302) and the API answers 409 (tests/challenges drive a right-to-challenge case).
    "challenges.save_proposal": ("POST", "/initiatives/{initiative_id}/challenge", case_editors(422)),
    "challenges.change_deadline": (
        "POST",
        "/initiatives/{initiative_id}/challenge/deadline",
        case_editors(422),
    ),
    "challenges.decide": ("POST", "/initiatives/{initiative_id}/challenge/decision", case_editors(422)),
    "challenges.inadmissible": (
        "POST",
        "/initiatives/{initiative_id}/challenge/inadmissible",
        case_editors(302),
    ),
    "challenges.save_agreement": (
        "POST",
        "/initiatives/{initiative_id}/challenge/agreement",
        case_editors(422),
    ),
    "challenges.evaluate": ("POST", "/initiatives/{initiative_id}/challenge/evaluation", case_editors(422)),
    "challenges.admin": ("GET", "/admin/challenges", ADMIN_ONLY),
    "challenges.add_task": ("POST", "/admin/challenges/tasks", {**ADMIN_ONLY, "admin": 422}),
    "challenges.toggle_task": ("POST", "/admin/challenges/tasks/999999/toggle", {**ADMIN_ONLY, "admin": 404}),
    "challenges.edit_task": ("GET", "/admin/challenges/tasks/999999", {**ADMIN_ONLY, "admin": 404}),
    "challenges.set_term": ("POST", "/admin/challenges/term", {**ADMIN_ONLY, "admin": 422}),
    # The test case is an initiative, not a challenge: it has none to read (404).
    "api.get_challenge": (
        "GET",
        "/api/v1/initiatives/{initiative_id}/challenge",
        {
            **API_CASE_READERS,
            "neighbourhood_manager": 404,
            "other_manager": 404,
            "team_member": 404,
            "secretary": 404,
        },
    ),
    "api.replace_challenge": (
        "PUT",
        "/api/v1/initiatives/{initiative_id}/challenge",
        {**api_case_editors(409)},
    ),
    "api.update_challenge": (
        "PATCH",
        "/api/v1/initiatives/{initiative_id}/challenge",
        {**api_case_editors(409)},
    ),
    # The calendar: a feed's address is its key, so an unknown one is 404 for everyone; the test
    # case has no follow-up date, so its readers get 404 too (tests/notifications/test_calendar.py).
    "calendar.feed": ("GET", "/calendar/no-such-token.ics", dict.fromkeys(ACTORS, 404)),
    "calendar.follow_up": (
        "GET",
        "/initiatives/{initiative_id}/follow-up.ics",
        {actor: 404 if outcome == 200 else outcome for actor, outcome in CASE_READERS.items()},
    ),
    # The initiators' status page: its secret is its key, so an unknown one is 404 for everyone
    # (tests/status_page). The case page's buttons and the API: those who may edit the case; the
    # test case has no link, so revoking it is 404 in the API and a message on the case page.
    "status_page.show": ("GET", "/status/no-such-token", dict.fromkeys(ACTORS, 404)),
    "status_page.answer_satisfaction": (
        "POST",
        "/status/no-such-token/satisfaction",
        dict.fromkeys(ACTORS, 404),
    ),
    "status_page.make_link": ("POST", "/initiatives/{initiative_id}/status-link", case_editors(200)),
    "status_page.revoke_link": ("POST", "/initiatives/{initiative_id}/status-link/revoke", case_editors(302)),
    "status_page.mails": ("GET", "/initiatives/{initiative_id}/status-mails", case_editors(200)),
    # The case system (ZGW): off in these tests, so 404 for those the rule lets in; with it on,
    # ZGW_ON_POLICY below (tests/zgw/test_pages.py).
    "zgw.push": (
        "POST",
        "/initiatives/{initiative_id}/zgw",
        {actor: 404 if outcome == 200 else outcome for actor, outcome in CASE_READERS.items()},
    ),
    "zgw.archive_files": (
        "POST",
        "/initiatives/{initiative_id}/zgw/files",
        {actor: 404 if outcome == 200 else outcome for actor, outcome in MANAGERS.items()},
    ),
    "zgw.admin": ("GET", "/admin/zgw", {**ADMIN_ONLY, "admin": 404}),
    "api.make_status_link": (
        "POST",
        "/api/v1/initiatives/{initiative_id}/status-link",
        api_case_editors(201),
    ),
    "api.revoke_status_link": (
        "DELETE",
        "/api/v1/initiatives/{initiative_id}/status-link",
        api_case_editors(404),
    ),
    # The map of cases: read by the case list's readers (the list's filters; `work=mine`, Mijn
    # werk's map, for managers only); a case's location set by those who may edit the case.
    "locations.map": ("GET", "/initiatives/map", CASE_READERS),
    "locations.map_features": ("GET", "/initiatives/map.geojson", CASE_READERS),
    "locations.map_shapes": ("GET", "/initiatives/map/shapes.geojson", CASE_READERS),
    "locations.location": ("GET", "/initiatives/{initiative_id}/location", case_editors(200)),
    "api.initiatives_geojson": ("GET", "/api/v1/initiatives.geojson", API_CASE_READERS),
    "api.calendar": ("GET", "/api/v1/me/calendar", API_SIGNED_IN),
    "api.revoke_calendar": (
        "DELETE",
        "/api/v1/me/calendar",
        {actor: 204 if outcome == 200 else outcome for actor, outcome in API_SIGNED_IN.items()},
    ),
}

#: The case system's routes while it is configured (tests/zgw/test_pages.py, against a ZGW server
#: on loopback): its owner and the secretary send the case (the owner is the wijk's manager here;
#: a team member or another wijk's manager may read the case but not send it); those who edit the
#: case mark its files for the archive; the admin keeps the mapping tables.
ZGW_ON_POLICY = {
    "zgw.push": {
        **CASE_READERS,
        "neighbourhood_manager": 302,
        "secretary": 302,
        "other_manager": 403,
        "team_member": 403,
    },
    "zgw.archive_files": case_editors(302),
    "zgw.admin": ADMIN_ONLY,
}
