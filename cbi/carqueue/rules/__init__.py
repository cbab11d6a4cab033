"""Pure rules engine for the car queue under Cabinet of Ministers Resolution No. 999.

No Django here: the web layer validates a facts document, passes a `RulesConfig` stored as
data, and returns `evaluate(...).model_dump(mode="json")`.
"""

from .categories import (
    BatchAllocation,
    QueueItem,
    allocate_batch,
    cq_cat_1_separate_numbering,
    cq_cat_2_category_grounds,
    cq_cat_3_batch_quota,
    number_queue,
    queue_order_key,
)
from .citations import CITATIONS, RULE_IDS, citation
from .config import CategoryGround, GroundMatch, Item8ExceptionKind, RulesConfig, config_json_schema
from .dates import add_days, add_months, add_years, end_of_month, is_younger_than
from .documents import cq_doc_1_documents, required_documents
from .eligibility import (
    cq_elig_1_person_status,
    cq_elig_2_no_recent_vehicle,
    cq_elig_3_no_charity_or_new_purchase,
    cq_elig_4_representative_checked,
    cq_elig_5_vehicle_register,
    cq_elig_6_contraindications_without_family,
    cq_elig_7_medical_indications,
)
from .engine import RULES, evaluate, evaluate_removal
from .enrollment import (
    cq_date_1_assessment_date,
    cq_date_2_application_date,
    cq_date_3_joint_family,
    cq_date_4_separate_from_family,
    cq_date_5_replacement,
    cq_date_6_family_change,
    cq_date_7_reestablishment,
    cq_date_8_work_injury,
    enrollment_date,
)
from .enums import Category, Outcome, ShareKind
from .facts import Facts, facts_json_schema, parse_facts
from .flow import (
    cq_flow_1_referrals,
    cq_flow_2_form_088,
    cq_flow_3_forward_documents,
    cq_flow_4_decision_sent,
    cq_flow_5_monthly_registration,
    deadline_status,
    form_088_due,
    monthly_registration_due,
    referral_due,
)
from .removal import (
    contraindication_removal_deadline,
    cq_rm_1_disability_removed,
    cq_rm_2_fixed_term_not_renewed,
    cq_rm_3_contraindications_no_transfer,
    cq_rm_4_item_5_grounds_lost,
    cq_rm_5_group_changed,
    removal_warning_date,
    renewal_deadline,
)
from .results import Decision, RuleResult, decision_json_schema

__all__ = [
    "BatchAllocation", "CITATIONS", "Category", "CategoryGround", "Decision", "Facts",
    "GroundMatch", "Item8ExceptionKind", "Outcome", "QueueItem", "RULES", "RULE_IDS",
    "RuleResult", "RulesConfig", "ShareKind", "add_days", "add_months", "add_years",
    "allocate_batch", "citation", "config_json_schema", "contraindication_removal_deadline",
    "cq_cat_1_separate_numbering", "cq_cat_2_category_grounds", "cq_cat_3_batch_quota",
    "cq_date_1_assessment_date", "cq_date_2_application_date", "cq_date_3_joint_family",
    "cq_date_4_separate_from_family", "cq_date_5_replacement", "cq_date_6_family_change",
    "cq_date_7_reestablishment", "cq_date_8_work_injury", "cq_doc_1_documents",
    "cq_elig_1_person_status", "cq_elig_2_no_recent_vehicle",
    "cq_elig_3_no_charity_or_new_purchase", "cq_elig_4_representative_checked",
    "cq_elig_5_vehicle_register", "cq_elig_6_contraindications_without_family",
    "cq_elig_7_medical_indications", "cq_flow_1_referrals", "cq_flow_2_form_088",
    "cq_flow_3_forward_documents", "cq_flow_4_decision_sent", "cq_flow_5_monthly_registration",
    "cq_rm_1_disability_removed", "cq_rm_2_fixed_term_not_renewed",
    "cq_rm_3_contraindications_no_transfer", "cq_rm_4_item_5_grounds_lost",
    "cq_rm_5_group_changed", "deadline_status", "decision_json_schema", "end_of_month", "enrollment_date", "evaluate",
    "evaluate_removal", "facts_json_schema", "form_088_due", "is_younger_than",
    "monthly_registration_due", "number_queue", "parse_facts", "queue_order_key",
    "referral_due", "removal_warning_date", "renewal_deadline", "required_documents",
]
