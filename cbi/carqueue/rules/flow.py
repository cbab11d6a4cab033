"""CQ-FLOW-1..5: the path of the application and its deadlines.

Deadlines are counted in calendar days (the summary gives the day counts of terms.py
without "робочих"). A deadline that falls on a
day off is not moved (documented assumption). These rules never change eligibility.
"""

from __future__ import annotations

from datetime import date

from .config import RulesConfig
from .dates import add_days, end_of_month, fmt_en, fmt_uk
from .enums import Outcome, ReceivedVia
from .facts import Facts
from .results import RuleResult, result
from .terms import DAYS_GEN, FORM_088_DAYS, MONTHLY_REGISTRATION_DAYS, POST_REFERRAL_DAYS, en_count, uk_count


def referral_due(registered_on: date, received_via: ReceivedVia) -> date:
    """CQ-FLOW-1: referrals on the registration day; within POST_REFERRAL_DAYS for a postal
    application (counted from its registration)."""
    return add_days(registered_on, POST_REFERRAL_DAYS if received_via == ReceivedVia.post else 0)


def form_088_due(health_exam_on: date) -> date:
    """CQ-FLOW-2: form 088/o sent within FORM_088_DAYS after the examination."""
    return add_days(health_exam_on, FORM_088_DAYS)


def monthly_registration_due(documents_complete_on: date) -> date:
    """CQ-FLOW-5: registered within MONTHLY_REGISTRATION_DAYS after the end of the month in which the
    application with all documents arrived."""
    return add_days(end_of_month(documents_complete_on), MONTHLY_REGISTRATION_DAYS)


def deadline_status(due_on: date, done_on: date | None, today: date) -> str:
    """met / missed (done late) / pending (not done, not yet due) / overdue."""
    if done_on is not None:
        return "met" if done_on <= due_on else "missed"
    return "pending" if today <= due_on else "overdue"


_STATUS_OUTCOME = {
    "met": Outcome.passed,
    "missed": Outcome.failed,
    "pending": Outcome.applied,
    "overdue": Outcome.failed,
}
_STATUS_UK = {
    "met": "виконано вчасно",
    "missed": "виконано із запізненням",
    "pending": "очікується",
    "overdue": "прострочено",
}


def _deadline_result(
    rule_id: str,
    code: str,
    what_uk: str,
    what_en: str,
    due_on: date,
    done_on: date | None,
    today: date,
) -> RuleResult:
    status = deadline_status(due_on, done_on, today)
    done_uk = f" (виконано {fmt_uk(done_on)})" if done_on else ""
    done_en = f" (done on {fmt_en(done_on)})" if done_on else ""
    return result(
        rule_id,
        _STATUS_OUTCOME[status],
        f"{what_uk} — строк до {fmt_uk(due_on)}: {_STATUS_UK[status]}{done_uk}.",
        f"{what_en} — due by {fmt_en(due_on)}: {status}{done_en}.",
        flag_code=f"{code}_{status}" if status in ("missed", "overdue") else None,
        due_on=due_on,
        deadline_code=code,
        deadline_status=status,
    )


def _no_data(rule_id: str, uk: str, en: str) -> RuleResult:
    return result(rule_id, Outcome.not_applicable, uk, en)


def cq_flow_1_referrals(facts: Facts, config: RulesConfig) -> RuleResult:
    rule_id = "CQ-FLOW-1"
    application = facts.application
    process = application.process
    by_post = application.received_via == ReceivedVia.post
    what_uk = "Направлення до закладу охорони здоров'я та на огляд (МСЕК / експертна команда) " + (
        f"протягом {uk_count(POST_REFERRAL_DAYS, DAYS_GEN)} (заява поштою)" if by_post else "в день реєстрації заяви"
    )
    what_en = "Referrals to the health facility and to the assessment body " + (
        f"within {en_count(POST_REFERRAL_DAYS, 'day')} (postal application)" if by_post else "on the registration day"
    )
    due_on = referral_due(application.registered_on, application.received_via)
    if process is None:  # the facts do not track the procedure: state the deadline only
        return result(
            rule_id,
            Outcome.applied,
            f"{what_uk} — строк до {fmt_uk(due_on)} (хід розгляду не відстежується).",
            f"{what_en} — due by {fmt_en(due_on)} (the procedure is not tracked in the facts).",
            due_on=due_on,
            deadline_code="referrals",
            deadline_status="untracked",
        )
    return _deadline_result(
        rule_id, "referrals", what_uk, what_en, due_on, process.referrals_issued_on,
        facts.evaluation_date,
    )


def cq_flow_2_form_088(facts: Facts, config: RulesConfig) -> RuleResult:
    process = facts.application.process
    if process is None or process.health_exam_on is None:
        return _no_data(
            "CQ-FLOW-2",
            "Медичний огляд у закладі охорони здоров'я ще не зафіксовано.",
            "The health facility examination is not recorded yet.",
        )
    return _deadline_result(
        "CQ-FLOW-2",
        "form_088",
        f"Заклад охорони здоров'я надсилає форму 088/о на огляд і повідомляє орган соціального "
        f"захисту (огляд {fmt_uk(process.health_exam_on)})",
        f"The health facility sends form 088/o to the assessment body and notifies the social "
        f"protection office (examined on {fmt_en(process.health_exam_on)})",
        form_088_due(process.health_exam_on),
        process.form_088_sent_on,
        facts.evaluation_date,
    )


def cq_flow_3_forward_documents(facts: Facts, config: RulesConfig) -> RuleResult:
    rule_id = "CQ-FLOW-3"
    process = facts.application.process
    if process is None or process.social_office_notified_on is None:
        return _no_data(
            rule_id,
            "Повідомлення закладу охорони здоров'я ще не надійшло.",
            "The health facility's notice has not arrived yet.",
        )
    if process.documents_forwarded_on is not None:
        return result(
            rule_id,
            Outcome.passed,
            f"Документи з заявою надіслано до структурного підрозділу "
            f"{fmt_uk(process.documents_forwarded_on)}.",
            f"The documents and the application were sent to the regional department on "
            f"{fmt_en(process.documents_forwarded_on)}.",
        )
    return result(
        rule_id,
        Outcome.applied,
        f"Повідомлення отримано {fmt_uk(process.social_office_notified_on)}: надішліть документи "
        "з заявою до структурного підрозділу (строк у Порядку не встановлено).",
        f"Notice received on {fmt_en(process.social_office_notified_on)}: send the documents "
        "with the application to the regional department (no deadline in the resolution).",
        flag_code="forward_documents",
    )


def cq_flow_4_decision_sent(facts: Facts, config: RulesConfig) -> RuleResult:
    rule_id = "CQ-FLOW-4"
    process = facts.application.process
    to_representative = facts.is_child or facts.person.legally_incapable
    recipients = ["social_protection_office", "representative" if to_representative else "person"]
    if process is None or process.documents_complete_on is None:
        return _no_data(
            rule_id,
            "Документи до структурного підрозділу ще не надійшли.",
            "The documents have not reached the regional department yet.",
        )
    whom_uk = "законному представнику" if to_representative else "особі з інвалідністю"
    whom_en = "the legal representative" if to_representative else "the person"
    if process.decision_sent_on is not None:
        return result(
            rule_id,
            Outcome.passed,
            f"Рішення надіслано письмово органу соціального захисту та {whom_uk} "
            f"{fmt_uk(process.decision_sent_on)}.",
            f"The written decision was sent to the social protection office and to {whom_en} "
            f"on {fmt_en(process.decision_sent_on)}.",
            recipients=recipients,
        )
    return result(
        rule_id,
        Outcome.applied,
        f"Зареєструйте заяву в журналі, прийміть рішення і надішліть його письмово органу "
        f"соціального захисту та {whom_uk}.",
        f"Register the application in the journal, decide, and send the written decision to "
        f"the social protection office and to {whom_en}.",
        recipients=recipients,
    )


def cq_flow_5_monthly_registration(facts: Facts, config: RulesConfig) -> RuleResult:
    process = facts.application.process
    if process is None or process.documents_complete_on is None:
        return _no_data(
            "CQ-FLOW-5",
            "Заява з усіма документами до структурного підрозділу ще не надійшла.",
            "The application with all documents has not reached the regional department yet.",
        )
    return _deadline_result(
        "CQ-FLOW-5",
        "monthly_registration",
        f"Реєстрація документів, що надійшли {fmt_uk(process.documents_complete_on)}, протягом "
        f"{uk_count(MONTHLY_REGISTRATION_DAYS, DAYS_GEN)} після закінчення місяця",
        f"Registration of the documents received on {fmt_en(process.documents_complete_on)} "
        f"within {en_count(MONTHLY_REGISTRATION_DAYS, 'day')} after the end of that month",
        monthly_registration_due(process.documents_complete_on),
        process.journal_registered_on,
        facts.evaluation_date,
    )
