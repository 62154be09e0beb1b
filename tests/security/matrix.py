"""The authorization matrix: for EVERY named URL of the project, the status each role gets for a GET.

HOW TO ADD YOUR URL (one line per URL name, in EXPECTED below):

    "myapp:thing_detail": CASE_PAGE,                      # a page of the case any unit in the case may open
    "myapp:thing_edit": CONVENER_PAGE,                    # only the convener's (or lead's) unit
    "myapp:report": STAFF_PAGE.but(outsider=403),         # a profile with an exception
    "myapp:new": CASE_PAGE.with_query("?person={person}"),  # a query string filled from the World

Pick the profile that says who may open the page; `.but(role=status)` changes single roles. If your URL has a
parameter name that is not in PARAMS yet, add it there (it names an object of tests/security/world.py; add the
object to the world too). URLs under admin/ need no entry: the admin site is checked by a rule (only is_staff).
The REST API (namespace `rest`, under api/v1/) and the FHIR export (namespace `fhir`) answer JSON with their own
statuses (401 without credentials, 405 for another method before any lookup) and have their own matrices:
tests/api/test_rest_access.py walks every operation of the OpenAPI document for the systems of the convener's,
an actor's and an unrelated unit and without credentials, and tests/api/test_fhir.py asks every resource type
as every persona. `test_api_urls_are_covered_by_their_own_matrix` below keeps the two lists complete.
`tests/security/test_authorization_matrix.py` fails for a URL name missing here and for every status that
differs, and no status may be 200 where a role has no business (that is the point: zero unexpected 200s).

Statuses: 200, 302 (a redirect that is not to the login page), 403, 404, 405, LOGIN (redirect to log in).
For every role whose GET status is 403, 404 or LOGIN, a POST with an empty body must give the same status.

Roles (the users come from tests/security/world.py):
    convener              staff of the convener's unit (the school)
    actor                 staff of BUP, an active actor covered by the consent
    outsider              staff of a unit that takes no part in the case
    manager               manager (enhetschef) of the convener's unit
    local_admin           local administrator of the school's principal (is_staff, no case role)
    county_coordinator    county coordinator (Role.COUNTY_COORDINATOR)
    auditor               log auditor (Role.AUDITOR)
    anonymous             not logged in
    actor_after_withdrawal  the BUP staff member after the individual withdrew the consent
    actor_after_expiry      the BUP staff member after the consent ran out without renewal
"""

from dataclasses import dataclass, replace

LOGIN = "LOGIN"

ROLES = (
    "convener",
    "actor",
    "outsider",
    "manager",
    "local_admin",
    "county_coordinator",
    "auditor",
    "anonymous",
    "actor_after_withdrawal",
    "actor_after_expiry",
)


@dataclass(frozen=True)
class Row:
    convener: int | str
    actor: int | str
    outsider: int | str
    manager: int | str
    local_admin: int | str
    county_coordinator: int | str
    auditor: int | str
    anonymous: int | str
    actor_after_withdrawal: int | str
    actor_after_expiry: int | str
    query: str = ""

    def but(self, **statuses) -> "Row":
        return replace(self, **statuses)

    def with_query(self, query: str) -> "Row":
        return replace(self, query=query)

    def status(self, role: str) -> int | str:
        return getattr(self, role)


#                  convener actor outsider manager admin county auditor anonymous withdrawn expired
CASE_PAGE = Row(200, 200, 404, 200, 404, 404, 404, LOGIN, 404, 404)
"""The case and what is in it: every unit in the case (convener's, lead's, actors covered by the consent)."""
CONVENER_PAGE = Row(200, 403, 404, 200, 404, 404, 404, LOGIN, 404, 404)
"""Calling and changing meetings, the lead's decisions: the convener's or lead's unit; an actor gets 403."""
INVITED_UNIT_PAGE = Row(403, 200, 404, 403, 404, 404, 404, LOGIN, 404, 404)
"""Answering BUP's invitation: only the invited unit."""
STAFF_PAGE = Row(200, 200, 200, 200, 403, 403, 403, LOGIN, 200, 200)
"""Finding or registering a person to start a case: any staff member or manager."""
LOGGED_IN_PAGE = Row(200, 200, 200, 200, 200, 200, 200, LOGIN, 200, 200)
"""The user's own pages (overview, own second factor), showing only what their role allows."""
CONVENER_MANAGER_PAGE = Row(403, 403, 404, 200, 404, 404, 404, LOGIN, 404, 404)
"""Naming who sees a protected identity: the manager of the convener's unit; other case staff get 403."""
MANAGER_PAGE = Row(403, 403, 403, 200, 403, 403, 403, LOGIN, 403, 403)
"""A unit manager's own pages (the unit inbox): managers of any unit; everyone else 403."""
COUNTY_PAGE = Row(403, 403, 403, 403, 403, 200, 403, LOGIN, 403, 403)
"""The county coordinator's pages (routine profiles, contact directory): that role only, 403 for the rest."""
PUBLIC_PAGE = Row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200)
"""Open to everyone, logged in or not, with nothing personal on it (SIP-kollen's anonymous survey)."""
STATISTICS_PAGE = Row(404, 404, 404, 200, 404, 200, 404, LOGIN, 404, 404)
"""Aggregated statistics: unit managers and county coordinators; everyone else 404."""
NOBODY_HERE = Row(404, 404, 404, 404, 404, 404, 404, LOGIN, 404, 404)
"""Valid for nobody in the world's state (e.g. a new plan version needs an approved one): 404 for all."""
REPORTER_PAGE = Row(200, 404, 404, 200, 404, 404, 404, LOGIN, 404, 404)
"""The school's deviation about BUP: its reporter (the convener) and the school's manager; BUP's staff get 404."""
SCHOOL_MANAGER_PAGE = Row(404, 404, 404, 200, 404, 404, 404, LOGIN, 404, 404)
"""The dispute the school's manager raised: only the managers of the two units (and escalation levels)."""
MANAGER_FORM = Row(403, 403, 403, 200, 403, 403, 403, LOGIN, 403, 403)
"""Forms only a unit manager may open (raise a dispute, start a Rutinkollen)."""
POST_ONLY = Row(405, 405, 405, 405, 405, 405, 405, LOGIN, 405, 405)
"""A button's action: a GET is refused after login."""

EXPECTED: dict[str, Row] = {
    # overview, accounts, login
    "overview:home": LOGGED_IN_PAGE,
    "overview:inbox": MANAGER_PAGE,
    "overview:assign": Row(405, 405, 405, 405, 405, 405, 405, LOGIN, 405, 405),  # POST only
    "overview:downtime": STAFF_PAGE,  # the form; the PDF holds only the user's own cases (tests/overview)
    "login": Row(302, 302, 302, 302, 302, 302, 302, 200, 302, 302),
    "logout": Row(405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "set_language": Row(302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    "accounts:second_factor_verify": Row(302, 302, 302, 302, 302, 302, 302, LOGIN, 302, 302),
    "accounts:second_factor_enrol": LOGGED_IN_PAGE,
    # login with e-legitimation: not configured in the test settings (tests/accounts/test_oidc.py configures it)
    "accounts:oidc_start": Row(404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "accounts:oidc_callback": Row(404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    # people
    "people:search": STAFF_PAGE,
    "people:create": STAFF_PAGE,
    "people:detail": CASE_PAGE,
    "people:guardian_add": CASE_PAGE,
    "people:representative_add": CASE_PAGE,
    "people:related_add": CASE_PAGE,
    # cases
    "cases:start": CASE_PAGE.with_query("?person={person}"),
    "cases:paper_kit": NOBODY_HERE.with_query("?person={person}"),  # the world's person is not protected
    "cases:protected_identity": CONVENER_MANAGER_PAGE,
    "cases:protected_identity_revoke": CONVENER_MANAGER_PAGE,
    "cases:detail": CASE_PAGE,
    "cases:consent_withdraw": CASE_PAGE,
    "cases:assessment": CASE_PAGE,
    "cases:consent_record": CASE_PAGE,
    "cases:consent_scan": CASE_PAGE,
    "cases:actor_add": CASE_PAGE,
    "cases:actor_leave": CASE_PAGE,
    "cases:preparation": CASE_PAGE,
    "cases:close": CASE_PAGE,
    # meetings
    "meetings:propose": CONVENER_PAGE,
    "meetings:enter_afterwards": CONVENER_PAGE,
    "meetings:detail": CASE_PAGE,
    "meetings:edit": CONVENER_PAGE,
    "meetings:send": CONVENER_PAGE,
    "meetings:move": CONVENER_PAGE,
    "meetings:withdraw": CONVENER_PAGE,
    "meetings:unit_add": CONVENER_PAGE,
    "meetings:unit_remove": CONVENER_PAGE,
    "meetings:participant_add": CONVENER_PAGE,
    "meetings:participant_remove": CONVENER_PAGE,
    "meetings:answer": INVITED_UNIT_PAGE,
    "meetings:record": CONVENER_PAGE,
    "meetings:ics": CASE_PAGE,
    "meetings:invitation_pdf": CASE_PAGE,
    "meetings:participant_pdf": CASE_PAGE,
    # plans
    "plans:detail": CASE_PAGE,
    "plans:create": CASE_PAGE,
    "plans:revise": NOBODY_HERE,
    "plans:history": CASE_PAGE,
    "plans:compare": CASE_PAGE,
    "plans:event_report": CASE_PAGE,
    "plans:event_decide": CONVENER_PAGE,
    "plans:close": CONVENER_PAGE,
    "plans:version": CASE_PAGE,
    "plans:edit": CASE_PAGE,
    "plans:lead": CASE_PAGE,
    "plans:goal_add": CASE_PAGE,
    "plans:goal_edit": CASE_PAGE,
    "plans:goal_remove": CASE_PAGE,
    "plans:intervention_add": CASE_PAGE,
    "plans:intervention_edit": CASE_PAGE,
    "plans:intervention_remove": CASE_PAGE,
    "plans:intervention_status": CASE_PAGE,
    "plans:contact_set": CASE_PAGE,
    "plans:contact_remove": CASE_PAGE,
    "plans:approve": CASE_PAGE,
    "plans:approve_on_paper": CONVENER_PAGE,
    "plans:agreement": CASE_PAGE,
    "plans:pdf": CASE_PAGE,
    "plans:pdf_relative": CASE_PAGE,
    # messaging (a thread from the school to BUP)
    "messaging:list": CASE_PAGE,
    "messaging:start": CASE_PAGE,
    "messaging:thread": CASE_PAGE,
    "messaging:attachment": CASE_PAGE,
    # log follow-up (auditors only; the export without a search leads back to the form) and the log extract
    "logreview:search": Row(403, 403, 403, 403, 403, 403, 200, LOGIN, 403, 403),
    "logreview:export": Row(403, 403, 403, 403, 403, 403, 302, LOGIN, 403, 403),
    "logreview:person_extract": CASE_PAGE,
    # county coordinators: routine profiles and contact directory, read-only
    "county:profiles": COUNTY_PAGE,
    "county:profile_detail": COUNTY_PAGE,
    "county:contacts": COUNTY_PAGE,
    # notifications: only the user's own; marking read is POST only (another user's notification: 404, tested in
    # tests/notifications/test_bell_and_views.py)
    "notifications:list": LOGGED_IN_PAGE,
    "notifications:read": Row(405, 405, 405, 405, 405, 405, 405, LOGIN, 405, 405),
    "notifications:read_all": Row(405, 405, 405, 405, 405, 405, 405, LOGIN, 405, 405),
    "notifications:settings": LOGGED_IN_PAGE,
    # interfaces: GetCarePlans answers only the national platform's certificate (404 to everyone else, even to
    # a POST); API tokens are a local administrator's page; revoking needs a token, of which the world has none
    "api:riv_get_care_plans": Row(404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "api:tokens": Row(404, 404, 404, 404, 200, 404, 404, LOGIN, 404, 404),
    "api:token_revoke": NOBODY_HERE,
    # deviations and disputes
    "deviations:list": LOGGED_IN_PAGE,
    "deviations:report": STAFF_PAGE,
    "deviations:detail": REPORTER_PAGE,
    "deviations:receive": POST_ONLY,
    "deviations:start_resolving": POST_ONLY,
    "deviations:comment": POST_ONLY,
    "deviations:answer": REPORTER_PAGE.but(convener=403, manager=403),  # the concerned unit's (BUP's) manager only
    "deviations:close": REPORTER_PAGE.but(convener=403),  # the reporting unit's manager
    "deviations:dispute_open": MANAGER_FORM,
    "deviations:dispute_detail": SCHOOL_MANAGER_PAGE,
    "deviations:dispute_escalate": SCHOOL_MANAGER_PAGE,
    "deviations:dispute_interim": SCHOOL_MANAGER_PAGE,
    "deviations:dispute_resolve": SCHOOL_MANAGER_PAGE,
    # Rutinkollen: the school's manager and the convener, designated reviewer
    "routine_audits:list": LOGGED_IN_PAGE,
    "routine_audits:create": MANAGER_FORM,
    "routine_audits:detail": REPORTER_PAGE,
    "routine_audits:review": REPORTER_PAGE,
    "routine_audits:complete": REPORTER_PAGE.but(convener=403),
    # SIP-kollen: codes are handed out from the held meeting; anyone holding a code answers, without logging in
    "survey_codes:codes": CASE_PAGE,
    "surveys:start": PUBLIC_PAGE,
    "surveys:start_easy": PUBLIC_PAGE,
    "surveys:link": PUBLIC_PAGE,
    "surveys:link_easy": PUBLIC_PAGE,
    # statistics: aggregates for managers (their units and principal) and county coordinators (the county)
    "statistics:page": STATISTICS_PAGE,
    "statistics:csv": STATISTICS_PAGE,
    "statistics:xlsx": STATISTICS_PAGE,
}

WITHOUT_PERSONAL_DATA: set[str] = {
    "login",
    "logout",
    "set_language",
    "accounts:second_factor_verify",
    "accounts:second_factor_enrol",
    "accounts:oidc_start",
    "accounts:oidc_callback",
    "people:search",  # the empty search form; a search result is audited (tests/security/test_read_audit.py)
    "people:create",
    "overview:downtime",  # the form to choose a unit; the PDF it makes is audited (tests/overview/test_downtime.py)
    "notifications:list",  # kinds, case numbers and dates only
    "notifications:settings",
    "api:tokens",  # token names, units and who created them: no individual's data
    "deviations:list",  # units, categories and case numbers, no names; the rows shown are audited all the same
    "deviations:report",  # the empty form (opened from a case, the case read is audited)
    "deviations:dispute_open",  # the empty form (opened from a deviation, the deviation read is audited)
    "routine_audits:list",  # units, periods and results per indicator
    "routine_audits:create",  # period, sample size and the unit's staff
    "routine_audits:complete",  # the confirmation names the unit and period only
    "surveys:start",  # SIP-kollen is anonymous: its pages hold no person at all
    "surveys:start_easy",
    "surveys:link",
    "surveys:link_easy",
    "statistics:page",  # aggregates only, groups under five suppressed beyond the unit
    "statistics:csv",
    "statistics:xlsx",
}
"""URL names whose pages show no personal data. Every OTHER page that answers 200 must write a read (or print)
audit event about the person: tests/security/test_read_audit.py checks each one."""

PARAMS: dict[str, str] = {
    "case_pk": "case",
    "consent_pk": "consent",
    "actor_pk": "actor_row",
    "invitation_pk": "invitation",
    "participant_pk": "participant",
    "version_pk": "version",
    "goal_pk": "goal",
    "intervention_pk": "intervention",
    "contact_pk": "contact",
    "event_pk": "event",
    "related_pk": "relative",
    "viewer_pk": "viewer",
    "dispute_pk": "dispute",
    "audited_pk": "audited_case",
    "attachment_pk": "attachment",
    "code": "survey_code",
}
"""URL parameter name -> the World object whose pk fills it."""

PK_BY_NAMESPACE: dict[str, str] = {
    "cases": "case",
    "people": "person",
    "meetings": "meeting",
    "deviations": "deviation",
    "routine_audits": "routine_audit",
    "api": "case",
    "messaging": "thread",
    "logreview": "person",
    "county": "profile",
    "notifications": "notification",
    "survey_codes": "held_meeting",
}
"""What a bare `pk` parameter means in each URL namespace."""
