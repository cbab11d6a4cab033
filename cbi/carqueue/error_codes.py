"""Stable codes of the errors the car queue raises (Resolution No. 999; docs/architecture.md,
"Errors have codes"). ``carqueue/rules/`` is pure and raises none of these."""

from enum import Enum

from django.utils.translation import gettext_lazy as _


class CarqueueErrorCode(Enum):
    # Rules settings (CQ-SET): services.update_rules_settings, RulesSettings.clean, the form.
    SETTINGS_REASON_REQUIRED = "settings_reason_required"
    SETTINGS_REASON_SHORT = "settings_reason_short"
    CONFIG_INVALID = "config_invalid"
    STALE = "stale"
    UNCHANGED = "unchanged"
    QUOTAS_NOT_100 = "quotas_not_100"
    ITEM8_NAME_MISSING = "item8_name_missing"
    ITEM8_NAME_TOO_LONG = "item8_name_too_long"
    # The evaluation API and the what-if page.
    FACTS_INVALID = "facts_invalid"
    # The what-if form: a field needed by what was chosen (the message names the field,
    # as Django's own "required" does).
    REQUIRED = "required"
    BIRTH_AFTER_EVALUATION = "birth_after_evaluation"
    REGISTERED_AFTER_EVALUATION = "registered_after_evaluation"
    INDEFINITE_WITH_END = "indefinite_with_end"
    WAR_ONLY = "war_only"
    REPRESENTATIVE_KIND_REQUIRED = "representative_kind_required"
    # Applications and their steps (CQ-FLOW-*).
    RECEIVED_FUTURE = "received_future"
    PREVIOUS_CAR_DATE_REQUIRED = "previous_car_date_required"
    ORIGINAL_REGISTRATION_DATE_REQUIRED = "original_registration_date_required"
    FAMILY_ENROLLMENT_DATE_REQUIRED = "family_enrollment_date_required"
    DATE_FUTURE = "date_future"
    REFERRALS_BEFORE_RECEIVED = "referrals_before_received"
    EXAM_BEFORE_REFERRALS = "exam_before_referrals"
    FORM_088_BEFORE_EXAM = "form_088_before_exam"
    NOTICE_BEFORE_FORM_088 = "notice_before_form_088"
    SENT_BEFORE_NOTICE = "sent_before_notice"
    DOCUMENTS_ARRIVED_BEFORE_SENT = "documents_arrived_before_sent"
    REGISTERED_BEFORE_DOCUMENTS = "registered_before_documents"
    MISSING_DOCUMENTS_REASON = "missing_documents_reason"
    WITHDRAWAL_REASON = "withdrawal_reason"
    STEP_NOT_POSSIBLE = "step_not_possible"
    # The queue (CQ-Q-*).
    NOT_ENROLLED = "not_enrolled"
    NO_CATEGORY_OR_DATE = "no_category_or_date"
    NO_REGIONAL_NUMBER = "no_regional_number"
    ALREADY_ENROLLED = "already_enrolled"
    # Removals, flags, restoration (CQ-RM-*).
    NOT_IN_QUEUE = "not_in_queue"
    NOT_A_REMOVAL_RULE = "not_a_removal_rule"
    NOT_A_WARNED_DEADLINE = "not_a_warned_deadline"
    NO_SUCH_FLAG = "no_such_flag"
    FLAG_REASON_REQUIRED = "flag_reason_required"
    REMOVAL_REASON_REQUIRED = "removal_reason_required"
    NOT_A_PROPOSED_REMOVAL = "not_a_proposed_removal"
    NOT_DISMISSIBLE = "not_dismissible"
    DISMISSAL_REASON_REQUIRED = "dismissal_reason_required"
    NOT_REMOVED = "not_removed"
    RESTORE_REASON_REQUIRED = "restore_reason_required"
    ANOTHER_ENTRY_IN_REGION = "another_entry_in_region"
    # Cars: batches, offers, humanitarian cars (CQ-CAT-3).
    CARS_AT_LEAST_ONE = "cars_at_least_one"
    ARRIVAL_FUTURE = "arrival_future"
    OFFER_ANSWERED = "offer_answered"
    HUMANITARIAN_NOT_IN_QUEUE = "humanitarian_not_in_queue"
    HUMANITARIAN_CONSENT_REQUIRED = "humanitarian_consent_required"
    ISSUE_DATE_FUTURE = "issue_date_future"


# Messages raised at more than one place: written once.
NOT_IN_QUEUE = _("The entry is not in the queue any more.")
NO_SUCH_FLAG = _("The entry has no such flag.")
ARRIVAL_FUTURE = _("The date the cars arrived cannot be in the future.")
NOTHING_CHANGED = _("Nothing is changed: the new values are the same as the current ones.")
# A problem pydantic found in the settings document: its path and its (English) text.
CONFIG_PROBLEM = _("%(path)s: %(problem)s")
