from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from .roles import Capability, has_capability, staff_profile


def staff(request):
    user = getattr(request, "user", None)
    profile = staff_profile(user) if user is not None else None
    if profile is None or not user.is_verified():
        return {"staff_profile": None}
    items = []
    if has_capability(user, Capability.VIEW_PERSON):
        items.append((reverse("registry:search"), _("Find a person")))
    if has_capability(user, Capability.CREATE_PERSON):
        items.append((reverse("registry:person_create"), _("Register a person")))
    if has_capability(user, Capability.REVIEW_PRIMARY_REGISTRATION):
        items.append((reverse("primary:review_list"), _("Primary registrations")))
    if has_capability(user, Capability.VIEW_ACCESS_LOG):
        items.append((reverse("audit:access_log"), _("Access log")))
    if has_capability(user, Capability.USE_WHAT_IF):
        items.append((reverse("carqueue:what_if"), _("Car queue: what-if")))
    if has_capability(user, Capability.VIEW_CAR_APPLICATIONS):
        items.append((reverse("carqueue:application_list"), _("Car applications")))
    if has_capability(user, Capability.VIEW_CAR_APPLICATIONS):
        items.append((reverse("carqueue:queue_list"), _("Car queue")))
    if has_capability(user, Capability.VIEW_QUEUE_DECISIONS):
        items.append((reverse("carqueue:removal_list"), _("Removals and warnings")))
    if has_capability(user, Capability.DECIDE_QUEUE):
        items.append((reverse("carqueue:allocation_list"), _("Car allocation")))
    if has_capability(user, Capability.USE_WHAT_IF) or has_capability(user, Capability.MANAGE_RULES_SETTINGS):
        items.append((reverse("carqueue:settings"), _("Car-queue settings")))
    if has_capability(user, Capability.VIEW_PRODUCT_APPLICATIONS):
        items.append((reverse("applications_staff:work_list"), _("Assistive product applications")))
    if has_capability(user, Capability.VIEW_PRODUCT_APPLICATIONS):
        items.append((reverse("applications_staff:referral_monitor"), _("Electronic referrals")))
    if has_capability(user, Capability.WORK_REFERRALS):
        items.append((reverse("referrals_enterprise:list"), _("Referrals to our enterprise")))
    if has_capability(user, Capability.REVIEW_COMPLAINTS):
        items.append((reverse("complaints_staff:list"), _("Complaints about decisions")))
    if has_capability(user, Capability.VIEW_SURVEY_RESULTS):
        items.append((reverse("applications_staff:surveys"), _("Surveys")))
    if has_capability(user, Capability.VIEW_DASHBOARD):
        items.append((reverse("dashboard:dashboard"), _("Figures")))
    if has_capability(user, Capability.MANAGE_CATALOGUE):
        items.append((reverse("catalogue_staff:products"), _("Catalogue")))
    if has_capability(user, Capability.HANDLE_BARRIER_REPORTS):
        items.append((reverse("help:staff_report_list"), _("Accessibility barrier reports")))
    if has_capability(user, Capability.IMPORT_REGISTRY):
        items.append((reverse("imports:upload"), _("Registry import")))
    if has_capability(user, Capability.MERGE_DUPLICATES):
        items.append((reverse("duplicates:list"), _("Suspected duplicates")))
    if has_capability(user, Capability.REVERSE_MERGE):
        items.append((reverse("duplicates:merges"), _("Merges of duplicates")))
    if has_capability(user, Capability.MANAGE_STAFF):
        items.append((reverse("accounts:team"), _("Staff")))
    path = request.path
    menu = [{"url": url, "label": label, "current": path == url} for url, label in items]
    return {"staff_profile": profile, "staff_menu": menu}
