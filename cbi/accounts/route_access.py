"""Who reaches which page, and how much of it: one declared entry per URL name (issue #12).

Each route says who it is for (anyone, a cabinet account, staff), the capability it needs
(read from the one capability table, ``roles.py`` — which staff roles reach a route is derived,
never repeated here) and the scope of what it shows:

- ``PUBLIC`` — the same page for everyone; nobody's personal data;
- ``SESSION`` — what this browser started (a draft application, a sign-up in progress) or
  the holder of a link sent by e-mail;
- ``ACTING_FOR`` — the cabinet: the account holder's own data, or the person they legally
  represent (the switcher; ``cbi.accounts.selectors.persons_user_may_act_for``);
- ``ORGANIZATION`` — staff: a district officer their own office, a regional officer (or a
  branch of the Fund) their region, national bodies everyone (``cbi.organizations.scope``;
  ``tests/organizations/test_every_page_is_scoped.py`` proves every such page applies it);
- ``SHARED`` — staff pages with no person's data (settings, the catalogue, barrier reports).

Refusals are uniform: anyone not signed in as the right kind of account is sent to that sign-in
page; staff without the capability get 403; an object out of scope is 404, the same answer as
a missing one. ``tests/accounts/test_route_access.py`` asks every route as every audience and
compares the answers with this table; a route without an entry fails it.
``python manage.py access_rules`` writes the table into docs/access-rules.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils import translation

from .models import Role
from .roles import ROLE_CAPABILITIES, Capability


class Who(StrEnum):
    ANYONE = "anyone"
    CABINET = "cabinet"              # a signed-in cabinet account
    STAFF = "staff"                  # a signed-in staff member with a verified second factor
    CABINET_OR_STAFF = "cabinet or staff"


class Scope(StrEnum):
    PUBLIC = "public"
    SESSION = "own session or link"
    ACTING_FOR = "own or represented person"
    ORGANIZATION = "own office / region / national"
    SHARED = "no personal data"


class Answer(StrEnum):
    """What a GET gets."""
    OK = "ok"                         # the page (or the route's declared success code)
    CABINET_SIGN_IN = "cabinet sign-in"   # 302 to the cabinet's sign-in page
    STAFF_SIGN_IN = "staff sign-in"       # 302 to the staff sign-in page
    FORBIDDEN = "403"
    NOT_FOUND = "404"
    POST_ONLY = "405"


@dataclass(frozen=True)
class Access:
    who: Who
    scope: Scope
    capability: Capability | None = None   # staff: the capability the route needs (None: any staff member)
    success: int = 200                      # a GET's answer to those allowed (302: the page sends on)
    post_only: bool = False                 # GET answers 405 to those who pass the access check
    method_first: bool = False              # the method is checked before access: GET is 405 for everyone
    hidden: bool = False                    # every refusal is 404 (nothing tells "exists" from "forbidden")
    gate: str = ""                          # a further rule inside the scope, 403 when it says no
    note: str = ""

    def staff_roles(self) -> frozenset[str]:
        """The staff roles that pass the capability check (from ``ROLE_CAPABILITIES``)."""
        if self.who not in (Who.STAFF, Who.CABINET_OR_STAFF):
            return frozenset()
        if self.capability is None:
            return frozenset(ROLE_CAPABILITIES)
        return frozenset(role for role, capabilities in ROLE_CAPABILITIES.items() if self.capability in capabilities)


def anyone(*, scope: Scope = Scope.PUBLIC, **options) -> Access:
    return Access(Who.ANYONE, scope, **options)


def cabinet(*, scope: Scope = Scope.ACTING_FOR, **options) -> Access:
    return Access(Who.CABINET, scope, **options)


def staff(capability: Capability | None, *, scope: Scope = Scope.ORGANIZATION, **options) -> Access:
    return Access(Who.STAFF, scope, capability, **options)


C = Capability
MOCK = "the local stand-in for id.gov.ua, 404 unless IDGOVUA_MOCK is on (development and tests)"
WORKFLOW_STEP = "the workflow's table of steps names the role that takes each step"
SETTINGS_READERS = ("the car-queue rules are read by those who change them (MANAGE_RULES_SETTINGS) or use the "
                    "what-if (USE_WHAT_IF): not by the Fund's branches and enterprises")

ROUTES: dict[str, Access] = {
    # --- Public pages, sign-in and sign-up ----------------------------------------------------
    "web:home": anyone(),
    "healthz": anyone(note="plain-text health check for the load balancer"),
    "metrics": anyone(scope=Scope.SHARED, note="Prometheus metrics, no personal data: a token from settings, "
                      "or loopback connections not through a proxy"),
    "set_language": anyone(success=302, note="Django's language switch: POST changes the language; GET only goes back"),
    "web:display": anyone(post_only=True, note="display preferences; redirect back"),
    "web:switch": anyone(post_only=True, note="a header switch that keeps what was typed"),
    "statistics:waiting_times": anyone(note="aggregates only; counts below STATISTICS_MIN_CELL suppressed"),
    "statistics:car_queue": anyone(note="aggregates only; counts below STATISTICS_MIN_CELL suppressed"),
    "statistics:open_data": anyone(),
    "statistics:dataset": anyone(note="the same suppressed aggregates as CSV or JSON"),
    "help:index": anyone(),
    "help:car": anyone(),
    "help:products": anyone(),
    "help:statement": anyone(),
    "help:report": anyone(),
    "help:report_sent": anyone(scope=Scope.SESSION, success=302,
                               note="only right after a report from this browser; otherwise to the form"),
    "catalogue:product_list": anyone(),
    "catalogue:product_detail": anyone(),
    "catalogue:supplier_list": anyone(),
    "accounts:staff_login": anyone(),
    "accounts:staff_login_code": anyone(scope=Scope.SESSION, success=302,
                                        note="only after the password step of this browser; otherwise back to it"),
    "accounts:staff_totp_setup": anyone(scope=Scope.SESSION, success=302,
                                        note="only after the password step of a staff member without a second factor"),
    "accounts:staff_logout": anyone(post_only=True),
    "cabinet:start": anyone(),
    "cabinet:register": anyone(),
    "cabinet:register_code": anyone(),
    "cabinet:register_identity": anyone(scope=Scope.SESSION, success=302,
                                        note="only after an identification of this browser (КЕП or id.gov.ua)"),
    "cabinet:registered": anyone(scope=Scope.SESSION, success=302,
                                 note="only right after a sign-up in this browser; otherwise to the sign-in page"),
    "cabinet:confirm_email": anyone(scope=Scope.SESSION, success=400,
                                    note="a signed link from the e-mail; a wrong one is 400"),
    "cabinet:login": anyone(),
    "cabinet:logout": anyone(post_only=True),
    "cabinet:password_reset": anyone(),
    "cabinet:password_reset_done": anyone(),
    "cabinet:password_reset_confirm": anyone(scope=Scope.SESSION,
                                             note="a signed link from the e-mail; a wrong one says so"),
    "cabinet:password_reset_complete": anyone(),
    "signatures:kep": anyone(),
    "signatures:kep_check_file": anyone(scope=Scope.SESSION, note="the one-time text to sign, bound to the session"),
    "signatures:idgovua_start": anyone(success=302, note="sends the browser to id.gov.ua"),
    "signatures:idgovua_callback": anyone(scope=Scope.SESSION, success=400,
                                          note="the return from id.gov.ua of this browser's sign-in; 400 without it"),
    "signatures:verified": anyone(scope=Scope.SESSION),
    "signatures:mock_idgovua_authorize": anyone(success=400, note=MOCK + "; 400 without a sign-in's parameters"),
    "signatures:mock_idgovua_token": anyone(success=400, note=MOCK + "; 400 without a code to exchange"),
    "signatures:mock_idgovua_user_info": anyone(scope=Scope.SESSION, success=401,
                                                note=MOCK + "; 401 without its access token"),

    # --- Primary registration (no account: the draft belongs to the browser) -----------------
    "primary:start": anyone(),
    "primary:step": anyone(scope=Scope.SESSION),
    "primary:check": anyone(scope=Scope.SESSION, success=302, note="without a draft in this browser: to the start"),
    "primary:done": anyone(scope=Scope.SESSION, success=302, note="without a sent application in this browser: to the start"),
    "primary:save": anyone(scope=Scope.SESSION, success=302,
                           note="POST saves the draft for later and shows its return code once; GET goes back"),
    "primary:resume": anyone(),
    "primary:places": anyone(note="JSON for the address field"),
    "primary:reopen": anyone(scope=Scope.SESSION, success=404,
                             note="a signed link from the officer's letter; a wrong one is 404"),
    "primary:review_list": staff(C.REVIEW_PRIMARY_REGISTRATION),
    "primary:review_detail": staff(C.REVIEW_PRIMARY_REGISTRATION),
    "primary:review_accept": staff(C.REVIEW_PRIMARY_REGISTRATION),
    "primary:review_return": staff(C.REVIEW_PRIMARY_REGISTRATION),

    # --- The cabinet --------------------------------------------------------------------------
    "cabinet:home": cabinet(),
    "cabinet:switch_person": cabinet(post_only=True),
    "cabinet:correction": cabinet(),
    "cabinet:add_person": cabinet(),
    "cabinet:notifications": cabinet(),
    "cabinet:notification_channels": cabinet(),
    "cabinet:notification": cabinet(),
    "cabinet:car_queue": cabinet(),
    "cabinet:car_refusal": cabinet(note="a refused car application of the person acted for"),
    "cabinet:car_refusal_letter": cabinet(note="the written decision (PDF) on that application"),
    "cabinet:car_removal": cabinet(note="a removal from the car queue of the person acted for"),
    "cabinet:car_removal_letter": cabinet(note="the written removal decision (PDF)"),
    "cabinet:data_reads": cabinet(),
    "cabinet:data_reads_csv": cabinet(),
    "applications_cabinet:list": cabinet(),
    "applications_cabinet:new": cabinet(),
    "applications_cabinet:my_products": cabinet(),
    "applications_cabinet:detail": cabinet(),
    "applications_cabinet:step": cabinet(),
    "applications_cabinet:check": cabinet(),
    "applications_cabinet:submitted": cabinet(),
    "applications_cabinet:discard": cabinet(),
    "applications_cabinet:withdraw": cabinet(),
    "applications_cabinet:provide_information": cabinet(),
    "applications_cabinet:decision_pdf": cabinet(),
    "applications_cabinet:right_letter_pdf": cabinet(),
    "complaints_cabinet:new": cabinet(),
    "complaints_cabinet:detail": cabinet(),
    "complaints_cabinet:letter": cabinet(),
    "agencies:consents": cabinet(note="which agencies may ask about the person, and the person's consents"),
    "agencies:grant": cabinet(post_only=True, note="gives a consent to a current purpose that needs one"),
    "agencies:withdraw": cabinet(note="a consent in force of the person acted for; confirmation, then POST"),
    "applications_cabinet:survey": cabinet(),
    "applications_cabinet:enterprise": cabinet(note="the person chooses the enterprise for a provision or replacement "
                                                   "while no referral is open; otherwise back to the application"),
    "documents:open": Access(Who.CABINET_OR_STAFF, Scope.ACTING_FOR, C.VIEW_PERSON, hidden=True,
                             note="a file: to the person's own or representative's cabinet, and to staff who see "
                                  "the person (or review the primary registration it came with)"),

    # --- Staff: persons --------------------------------------------------------------------
    "accounts:staff_home": staff(None, scope=Scope.SHARED, note="links to the pages of the role; no rows"),
    "registry:search": staff(C.VIEW_PERSON),
    "registry:person_create": staff(C.CREATE_PERSON),
    "registry:territory_suggestions": staff(C.EDIT_PERSON, scope=Scope.SHARED, note="JSON for the address field"),
    "registry:person_detail": staff(C.VIEW_PERSON),
    "registry:person_edit": staff(C.EDIT_PERSON),
    "registry:person_history": staff(C.VIEW_HISTORY),
    "registry:person_part_create": staff(C.EDIT_PERSON),
    "registry:person_part_edit": staff(C.EDIT_PERSON),
    "cabinet:issue_code": staff(C.ISSUE_AUTHORIZATION_CODE),
    "cabinet:receipt_pdf": staff(C.ISSUE_AUTHORIZATION_CODE,
                                 note="once, right after the code is issued in the same session; then 404"),
    "cabinet:handle_correction": staff(C.EDIT_PERSON),
    "audit:access_log": staff(C.VIEW_ACCESS_LOG),

    # --- Staff: the car queue ----------------------------------------------------------------
    "carqueue:settings": staff(None, scope=Scope.SHARED, gate=SETTINGS_READERS),
    "carqueue:settings_edit": staff(C.MANAGE_RULES_SETTINGS, scope=Scope.SHARED),
    "carqueue:what_if": staff(C.USE_WHAT_IF, scope=Scope.SHARED),
    "carqueue:application_list": staff(C.VIEW_CAR_APPLICATIONS),
    "carqueue:application_new": staff(C.REGISTER_CAR_APPLICATION),
    "carqueue:application_detail": staff(C.VIEW_CAR_APPLICATIONS),
    "carqueue:referral_pdf": staff(C.VIEW_CAR_APPLICATIONS),
    "carqueue:decision_pdf": staff(C.VIEW_CAR_APPLICATIONS),
    "carqueue:application_action": staff(C.VIEW_CAR_APPLICATIONS, gate=WORKFLOW_STEP),
    "carqueue:deadline_report": staff(C.VIEW_CAR_APPLICATIONS),
    "carqueue:queue_list": staff(C.VIEW_CAR_APPLICATIONS),
    "carqueue:removal_list": staff(C.VIEW_QUEUE_DECISIONS),
    "carqueue:removal_confirm": staff(C.DECIDE_QUEUE),
    "carqueue:removal_dismiss": staff(C.DECIDE_QUEUE),
    "carqueue:removal_letter": staff(C.VIEW_QUEUE_DECISIONS),
    "carqueue:removal_entry": staff(C.VIEW_QUEUE_DECISIONS),
    "carqueue:removal_restore": staff(C.DECIDE_QUEUE),
    "carqueue:removal_clear_flag": staff(C.DECIDE_QUEUE),
    "carqueue:allocation_list": staff(C.VIEW_QUEUE_DECISIONS),
    "carqueue:allocation_new": staff(C.DECIDE_QUEUE),
    "carqueue:allocation_humanitarian": staff(C.DECIDE_QUEUE),
    "carqueue:allocation_detail": staff(C.VIEW_QUEUE_DECISIONS),
    "carqueue:allocation_answer": staff(C.DECIDE_QUEUE),
    "api:evaluate_facts": staff(None, scope=Scope.SHARED, post_only=True, method_first=True,
                                note="JSON API: facts in, decision out, nothing stored"),
    "api:openapi-json": anyone(note="the API's description"),
    "api:openapi-view": anyone(note="the API's description"),
    "api:api-root": anyone(success=404, note="no page of its own"),
    "agencies_api:search": anyone(scope=Scope.SHARED, post_only=True, method_first=True,
                                  note="agencies' API: a registered client's bearer key (cbi/agencies)"),
    "agencies_api:subscribe": anyone(scope=Scope.SHARED, post_only=True, method_first=True,
                                     note="agencies' API: a registered client's bearer key (cbi/agencies)"),
    "agencies_api:openapi": anyone(note="the agencies' API description"),

    # --- Staff: assistive products -----------------------------------------------------------
    "applications_staff:work_list": staff(C.VIEW_PRODUCT_APPLICATIONS),
    "applications_staff:surveys": staff(C.VIEW_SURVEY_RESULTS),
    "dashboard:dashboard": staff(C.VIEW_DASHBOARD, note="aggregates of the scope from the nightly summary tables"),
    "dashboard:download": staff(C.VIEW_DASHBOARD, note="one table of the dashboard as CSV or XLSX"),
    "applications_staff:paper_new": staff(C.PROCESS_PRODUCT_APPLICATION),
    "applications_staff:record_issued": staff(C.PROCESS_PRODUCT_APPLICATION),
    "applications_staff:detail": staff(C.VIEW_PRODUCT_APPLICATIONS),
    "applications_staff:act": staff(C.PROCESS_PRODUCT_APPLICATION,
                                    note="a step the application's status does not allow sends back to its page"),
    "applications_staff:branch_act": staff(C.DECIDE_PRODUCT_APPLICATION,
                                           note="the territorial branch of the Fund of the office's region decides "
                                                "a forwarded application; another step sends back to its page"),
    "applications_staff:referral_new": staff(C.ISSUE_REFERRAL,
                                             note="the branch of the office's region, for an approved provision or "
                                                  "replacement without an open referral"),
    "applications_staff:referral_cancel": staff(C.ISSUE_REFERRAL,
                                                note="an open referral of an application of the branch's region"),
    "applications_staff:referral_monitor": staff(C.VIEW_PRODUCT_APPLICATIONS,
                                                 note="open referrals of the applications in the scope, with due dates"),
    "referrals_enterprise:list": staff(C.WORK_REFERRALS, note="the referrals addressed to the user's enterprise"),
    "referrals_enterprise:detail": staff(C.WORK_REFERRALS, note="a referral addressed to the user's enterprise"),
    "referrals_enterprise:act": staff(C.WORK_REFERRALS,
                                      note="a step on a referral addressed to the user's enterprise; a step its "
                                           "status does not allow sends back to its page"),
    "applications_staff:decision_pdf": staff(C.VIEW_PRODUCT_APPLICATIONS),
    "applications_staff:right_letter_pdf": staff(C.VIEW_PRODUCT_APPLICATIONS,
                                                 note="an application moved by an event on the person's right"),
    "applications_staff:right_new": staff(C.PROCESS_PRODUCT_APPLICATION,
                                          note="a district officer whose scope holds the person; confirmed before saved"),
    "applications_staff:right_lift": staff(C.PROCESS_PRODUCT_APPLICATION,
                                           note="a suspension of the right of a person in the officer's scope"),
    "complaints_staff:list": staff(C.REVIEW_COMPLAINTS, note="the complaints addressed to the staff member's own body "
                                   "(a regional department: its offices' decisions; the Ministry: the regional "
                                   "departments' car-queue decisions)"),
    "complaints_staff:detail": staff(C.REVIEW_COMPLAINTS, note="a complaint addressed to the staff member's own body"),
    "complaints_staff:letter": staff(C.REVIEW_COMPLAINTS, note="a complaint addressed to the staff member's own body"),
    "catalogue_staff:products": staff(C.MANAGE_CATALOGUE, scope=Scope.SHARED),
    "catalogue_staff:groups": staff(C.MANAGE_CATALOGUE, scope=Scope.SHARED),
    "catalogue_staff:suppliers": staff(C.MANAGE_CATALOGUE, scope=Scope.SHARED),
    "catalogue_staff:product_add": staff(C.MANAGE_CATALOGUE, scope=Scope.SHARED),
    "catalogue_staff:product_edit": staff(C.MANAGE_CATALOGUE, scope=Scope.SHARED),
    "catalogue_staff:product_history": staff(C.MANAGE_CATALOGUE, scope=Scope.SHARED),
    "catalogue_staff:group_add": staff(C.MANAGE_CATALOGUE, scope=Scope.SHARED),
    "catalogue_staff:group_edit": staff(C.MANAGE_CATALOGUE, scope=Scope.SHARED),
    "catalogue_staff:group_history": staff(C.MANAGE_CATALOGUE, scope=Scope.SHARED),
    "catalogue_staff:supplier_add": staff(C.MANAGE_CATALOGUE, scope=Scope.SHARED),
    "catalogue_staff:supplier_edit": staff(C.MANAGE_CATALOGUE, scope=Scope.SHARED),
    "catalogue_staff:supplier_history": staff(C.MANAGE_CATALOGUE, scope=Scope.SHARED),
    "catalogue_staff:product_action": staff(C.MANAGE_CATALOGUE, scope=Scope.SHARED),
    "catalogue_staff:supplier_action": staff(C.MANAGE_CATALOGUE, scope=Scope.SHARED),

    # --- Staff: running the system -----------------------------------------------------------
    "accounts:team": staff(C.MANAGE_STAFF, note="the staff of the organizations the administrator manages"),
    "accounts:team_member_create": staff(C.MANAGE_STAFF),
    "accounts:team_member": staff(C.MANAGE_STAFF),
    "accounts:team_member_action": staff(C.MANAGE_STAFF),
    "help:staff_report_list": staff(C.HANDLE_BARRIER_REPORTS, scope=Scope.SHARED),
    "imports:upload": staff(C.IMPORT_REGISTRY, note="the imports of the administrator's own organization"),
    "imports:template": staff(C.IMPORT_REGISTRY, scope=Scope.SHARED, note="the empty column template"),
    "imports:job": staff(C.IMPORT_REGISTRY, note="an import of the administrator's own organization"),
    "imports:report": staff(C.IMPORT_REGISTRY, note="the per-row report of an import of their organization"),
    "duplicates:list": staff(C.MERGE_DUPLICATES, note="pairs whose two persons are both in scope; POST starts a scan"),
    "duplicates:pair": staff(C.MERGE_DUPLICATES, note="both persons side by side"),
    "duplicates:dismiss": staff(C.MERGE_DUPLICATES, post_only=True, note="not a duplicate, with a reason"),
    "duplicates:merge": staff(C.MERGE_DUPLICATES, note="GET with the kept record: the confirmation; POST: the merge"),
    "duplicates:merges": staff(C.REVERSE_MERGE, note="merges whose two persons are both in scope"),
    "duplicates:merge_detail": staff(C.REVERSE_MERGE, note="what moved; POST reverses the merge"),
    "help:staff_report_detail": staff(C.HANDLE_BARRIER_REPORTS, scope=Scope.SHARED),
}


# --- Audiences and the answer each gets -------------------------------------------------------

@dataclass(frozen=True)
class Audience:
    """Someone asking for a page: not signed in, a cabinet account, or a staff member of a role.
    ``entitled`` — whether the object in the URL is within their reach (their own person, a
    person they represent, a person or object inside their organization's scope)."""
    name: str
    kind: str                     # "anonymous", "cabinet" or "staff"
    role: str | None = None


def answer(access: Access, audience: Audience, *, entitled: bool, passes_gate: bool = True) -> Answer:
    """The answer ``audience`` gets to a GET of a route with ``access``."""
    if access.method_first and access.post_only:
        return Answer.POST_ONLY
    refusal = _refusal(access, audience, entitled=entitled, passes_gate=passes_gate)
    if refusal is not None:
        return Answer.NOT_FOUND if access.hidden else refusal
    return Answer.POST_ONLY if access.post_only else Answer.OK


def _refusal(access: Access, audience: Audience, *, entitled: bool, passes_gate: bool) -> Answer | None:
    if access.who == Who.ANYONE:
        return None
    if access.who == Who.CABINET_OR_STAFF:
        if audience.kind == "anonymous" or not entitled:
            return Answer.NOT_FOUND
        if audience.kind == "staff" and audience.role not in access.staff_roles():
            return Answer.NOT_FOUND
        return None
    if access.who == Who.CABINET:
        if audience.kind != "cabinet":
            return Answer.CABINET_SIGN_IN
        return None if entitled else Answer.NOT_FOUND
    # Who.STAFF
    if audience.kind != "staff":
        return Answer.STAFF_SIGN_IN
    if audience.role not in access.staff_roles():
        return Answer.FORBIDDEN
    if access.scope == Scope.ORGANIZATION and not entitled:
        return Answer.NOT_FOUND
    if not passes_gate:
        return Answer.FORBIDDEN
    return None


# --- The table as a document ------------------------------------------------------------------

def _doc_audiences() -> list[tuple[str, Audience]]:
    with translation.override("en"):
        staff_columns = [(str(label), Audience(str(label), "staff", role)) for role, label in Role.choices]
    return [
        ("anonymous", Audience("anonymous", "anonymous")),
        ("cabinet: own", Audience("cabinet person", "cabinet")),
        ("cabinet: representative", Audience("representative", "cabinet")),
        *staff_columns,
    ]


_ROLE_SCOPE = {
    Role.DISTRICT_OFFICER: "own office",
    Role.REGIONAL_OFFICER: "own region",
    Role.ADMINISTRATOR: "national¹",
    Role.AUDITOR: "national¹",
    Role.MINISTRY_OFFICER: "national¹",
    Role.FUND_BRANCH_OFFICER: "own region",
    Role.ENTERPRISE_USER: "own enterprise's referrals",
}


def _cell(access: Access, label: str, audience: Audience) -> str:
    result = answer(access, audience, entitled=True)
    if result == Answer.POST_ONLY and access.method_first:
        return "405"
    if result in (Answer.OK, Answer.POST_ONLY):
        if access.scope in (Scope.ORGANIZATION, Scope.ACTING_FOR) and audience.kind == "staff":
            text = _ROLE_SCOPE[audience.role]
        elif access.scope == Scope.ACTING_FOR and audience.kind == "cabinet":
            text = "represented person" if audience.name == "representative" else "own person"
        else:
            text = {Scope.PUBLIC: "yes", Scope.SESSION: "own session", Scope.SHARED: "yes"}.get(access.scope, "yes")
        if access.gate:
            text += "²"
        if access.success != 200 and result == Answer.OK:
            text += f" ({access.success})"
        if result == Answer.POST_ONLY:
            text += " (POST; GET 405)"
        return text
    return {Answer.CABINET_SIGN_IN: "→ sign-in", Answer.STAFF_SIGN_IN: "→ sign-in"}.get(result, str(result))


def render_markdown(patterns: dict[str, str]) -> str:
    """docs/access-rules.md: the table, one row per route, one column per audience."""
    audiences = _doc_audiences()
    header = ["route", "path", *[label for label, _ in audiences], "notes"]
    lines = [
        "# Access rules — who reaches which page",
        "",
        "Generated from `cbi/accounts/route_access.py` (the declared table) and `cbi/accounts/roles.py`",
        "(capabilities of each staff role) by `python manage.py access_rules`; do not edit by hand.",
        "`tests/accounts/test_route_access.py` asks every route as every audience — also a district",
        "officer of another district and a regional officer of another region — and fails when an",
        "answer differs from this table or a route has no entry.",
        "",
        "A cell is what a GET of the route shows that audience: the scope it reaches (`own office`,",
        "`own region`, `national`, `own person`, `represented person`, `own session` — what this",
        "browser started or the holder of a link sent by e-mail, `yes` — the same for everyone), or the",
        "refusal: `→ sign-in` (sent to the sign-in page), `403` (no capability), `404`. An object outside",
        "the scope is always 404, the same answer as a missing one. `(POST; GET 405)`: the route changes",
        "something and answers a GET with 405 once access is granted. A code in brackets is what the",
        "route answers those it lets in when there is nothing for them yet (302: it sends them on).",
        "",
        "¹ Administrators and auditors of a regional department: their region. "
        "² Inside the scope, " + WORKFLOW_STEP + "; other roles get 403.",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
    ]
    for name in sorted(ROUTES):
        access = ROUTES[name]
        cells = [_cell(access, label, audience) for label, audience in audiences]
        note = access.note
        if access.capability:
            note = f"`{access.capability}`" + (f"; {note}" if note else "")
        lines.append(f"| `{name}` | `/{patterns.get(name, '?')}` | " + " | ".join(cells) + f" | {note} |")
    return "\n".join(lines) + "\n"
