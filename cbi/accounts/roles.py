"""What each staff role may do: one table, read by ``has_capability``."""

from __future__ import annotations

from enum import StrEnum

from .models import Role


class Capability(StrEnum):
    VIEW_PERSON = "view_person"
    EDIT_PERSON = "edit_person"
    CREATE_PERSON = "create_person"
    VIEW_HISTORY = "view_history"
    VIEW_ACCESS_LOG = "view_access_log"
    MANAGE_STAFF = "manage_staff"
    REVIEW_PRIMARY_REGISTRATION = "review_primary_registration"
    ISSUE_AUTHORIZATION_CODE = "issue_authorization_code"
    MANAGE_RULES_SETTINGS = "manage_rules_settings"
    USE_WHAT_IF = "use_what_if"
    VIEW_CAR_APPLICATIONS = "view_car_applications"
    REGISTER_CAR_APPLICATION = "register_car_application"
    DECIDE_CAR_APPLICATION = "decide_car_application"
    # Car-queue decisions (removals, restorations, flags) and car allocation: regional
    # officers decide; national bodies read (docs/carqueue-removals.md).
    VIEW_QUEUE_DECISIONS = "view_queue_decisions"
    DECIDE_QUEUE = "decide_queue"
    # Assistive products (docs/assistive-products.md): administrators keep the catalogue;
    # district offices process applications; everyone with a case role reads them and the
    # survey aggregates in their scope.
    MANAGE_CATALOGUE = "manage_catalogue"
    VIEW_PRODUCT_APPLICATIONS = "view_product_applications"
    PROCESS_PRODUCT_APPLICATION = "process_product_application"
    VIEW_SURVEY_RESULTS = "view_survey_results"
    # Reports of accessibility barriers sent from the accessibility statement.
    HANDLE_BARRIER_REPORTS = "handle_barrier_reports"
    # Bringing in the registry a region already keeps (a CSV or XLSX file; docs/registry-import.md):
    # an administrator of the regional department (or a national body) runs it once, officers
    # then keep the records.
    IMPORT_REGISTRY = "import_registry"
    # Suspected duplicate persons (docs/duplicates.md): officers who keep the records check the
    # pairs in their scope and merge them; only an administrator reverses a merge.
    MERGE_DUPLICATES = "merge_duplicates"
    REVERSE_MERGE = "reverse_merge"
    # Staff dashboards (docs/statistics.md): aggregate figures of the staff member's scope.
    VIEW_DASHBOARD = "view_dashboard"
    # The procedure in force for assistive products (issue #16 §1, docs/assistive-products-procedure.md):
    # a territorial branch of the Fund decides the applications its region's offices forward and
    # issues or cancels electronic referrals; an enterprise works on the referrals addressed to it.
    DECIDE_PRODUCT_APPLICATION = "decide_product_application"
    ISSUE_REFERRAL = "issue_referral"
    WORK_REFERRALS = "work_referrals"
    # Complaints about decisions (docs/complaints.md): reviewed by the body above the one that decided.
    REVIEW_COMPLAINTS = "review_complaints"


ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.DISTRICT_OFFICER: frozenset(
        {Capability.VIEW_PERSON, Capability.EDIT_PERSON, Capability.CREATE_PERSON, Capability.VIEW_HISTORY,
         Capability.USE_WHAT_IF, Capability.ISSUE_AUTHORIZATION_CODE, Capability.REVIEW_PRIMARY_REGISTRATION,
         Capability.VIEW_CAR_APPLICATIONS, Capability.REGISTER_CAR_APPLICATION,
         Capability.VIEW_PRODUCT_APPLICATIONS, Capability.PROCESS_PRODUCT_APPLICATION,
         Capability.VIEW_SURVEY_RESULTS, Capability.MERGE_DUPLICATES,
         Capability.VIEW_DASHBOARD}
    ),
    Role.REGIONAL_OFFICER: frozenset(
        {Capability.VIEW_PERSON, Capability.EDIT_PERSON, Capability.CREATE_PERSON, Capability.VIEW_HISTORY,
         Capability.USE_WHAT_IF, Capability.REVIEW_PRIMARY_REGISTRATION,
         Capability.VIEW_CAR_APPLICATIONS, Capability.DECIDE_CAR_APPLICATION,
         Capability.VIEW_QUEUE_DECISIONS, Capability.DECIDE_QUEUE,
         Capability.VIEW_PRODUCT_APPLICATIONS, Capability.VIEW_SURVEY_RESULTS, Capability.MERGE_DUPLICATES,
         Capability.VIEW_DASHBOARD, Capability.REVIEW_COMPLAINTS}
    ),
    # Administrators run the system (organizations, staff, settings); they do
    # not handle persons' cases.
    Role.ADMINISTRATOR: frozenset({Capability.MANAGE_STAFF, Capability.MANAGE_RULES_SETTINGS,
                                   Capability.MANAGE_CATALOGUE, Capability.VIEW_SURVEY_RESULTS,
                                   Capability.HANDLE_BARRIER_REPORTS, Capability.IMPORT_REGISTRY,
                                   Capability.REVERSE_MERGE, Capability.VIEW_DASHBOARD}),
    # Officers of the Ministry of Social Policy review the complaints about the regional
    # departments' car-queue decisions (docs/complaints.md): they read the original case (the
    # application, the queue entry and its decisions, the person, the rules with the what-if)
    # country-wide and decide the complaint; an upheld complaint reopens the case through the car
    # queue's own services.
    Role.MINISTRY_OFFICER: frozenset(
        {Capability.VIEW_PERSON, Capability.VIEW_HISTORY, Capability.USE_WHAT_IF, Capability.VIEW_CAR_APPLICATIONS,
         Capability.VIEW_QUEUE_DECISIONS, Capability.VIEW_PRODUCT_APPLICATIONS, Capability.VIEW_DASHBOARD,
         Capability.REVIEW_COMPLAINTS}
    ),
    # Auditors read records, histories and the access log in their scope, and
    # change nothing. Their readings are logged like anyone else's.
    Role.AUDITOR: frozenset(
        {Capability.VIEW_PERSON, Capability.VIEW_HISTORY, Capability.VIEW_ACCESS_LOG, Capability.USE_WHAT_IF,
         Capability.VIEW_CAR_APPLICATIONS, Capability.VIEW_QUEUE_DECISIONS,
         Capability.VIEW_PRODUCT_APPLICATIONS, Capability.VIEW_SURVEY_RESULTS, Capability.VIEW_DASHBOARD}
    ),
    # A territorial branch of the Fund: its region's applications (scope.py), decisions and referrals.
    Role.FUND_BRANCH_OFFICER: frozenset(
        {Capability.VIEW_PRODUCT_APPLICATIONS, Capability.DECIDE_PRODUCT_APPLICATION, Capability.ISSUE_REFERRAL}
    ),
    # An enterprise: only the referrals addressed to it (the enterprise portal), nothing else.
    Role.ENTERPRISE_USER: frozenset({Capability.WORK_REFERRALS}),
}

# Which kinds of organization a role may be attached to.
ROLE_ORGANIZATION_KINDS: dict[str, frozenset[str]] = {
    Role.DISTRICT_OFFICER: frozenset({"social_protection_office"}),
    Role.REGIONAL_OFFICER: frozenset({"regional_department"}),
    Role.ADMINISTRATOR: frozenset({"ministry", "fund", "regional_department"}),
    Role.AUDITOR: frozenset({"ministry", "fund", "regional_department"}),
    Role.MINISTRY_OFFICER: frozenset({"ministry"}),
    Role.FUND_BRANCH_OFFICER: frozenset({"fund_branch"}),
    Role.ENTERPRISE_USER: frozenset({"enterprise"}),
}


def staff_profile(user):
    if not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "staff_profile", None)


def has_capability(user, capability: Capability) -> bool:
    profile = staff_profile(user)
    if profile is None or not user.is_active:
        return False
    return capability in ROLE_CAPABILITIES.get(profile.role, frozenset())
