"""CQ-DATE-1..8: the enrollment date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from .common import (
    assessment_label_en,
    assessment_label_uk,
    counting_assessments,
    min_age_reached_on,
    regardless_grounds,
)
from .config import RulesConfig
from .dates import add_years, fmt_en, fmt_uk
from .enums import ApplicationKind, DisabilityEventKind, Outcome, SeparateReason
from .facts import Assessment, Facts
from .results import RuleResult, result
from .terms import CAR_OPERATION_YEARS, CHILD_MIN_AGE_YEARS, YEARS_GEN, uk_count

#: Application kinds whose date comes from the person's own base rule (DATE-1/2/8).
_BASE_KINDS = frozenset({ApplicationKind.first, ApplicationKind.joint_family})

_GOVERNING_BY_KIND: dict[ApplicationKind, str] = {
    ApplicationKind.joint_family: "CQ-DATE-3",
    ApplicationKind.separate_from_family: "CQ-DATE-4",
    ApplicationKind.replacement: "CQ-DATE-5",
    ApplicationKind.after_family_change: "CQ-DATE-6",
    ApplicationKind.after_reestablishment: "CQ-DATE-7",
}


# --- shared computations -----------------------------------------------------------------


def indication_date(
    facts: Facts, config: RulesConfig, registered_on: date
) -> tuple[date | None, Assessment | None]:
    """CQ-DATE-1 arithmetic: the first conclusion with indications for a car issued on or
    after `registered_on`; if every such conclusion predates the application, the
    application's registration date (documented assumption); None when there is none."""
    positive = [a for a in counting_assessments(facts, config) if a.indications_for_car]
    after = [a for a in positive if a.assessed_on >= registered_on]
    if after:
        return after[0].assessed_on, after[0]
    if positive:
        return registered_on, positive[-1]
    return None, None


def base_rule_id(facts: Facts, config: RulesConfig) -> str:
    """Which of CQ-DATE-2 / CQ-DATE-8 / CQ-DATE-1 gives this person's own date."""
    if regardless_grounds(facts):
        return "CQ-DATE-2"
    if facts.disability.cause in config.work_injury_causes:
        return "CQ-DATE-8"
    return "CQ-DATE-1"


def base_enrollment_date(facts: Facts, config: RulesConfig, registered_on: date) -> date | None:
    rule_id = base_rule_id(facts, config)
    if rule_id == "CQ-DATE-2":
        return registered_on
    if rule_id == "CQ-DATE-8" and config.work_injury_enrollment_rule == "application_date":
        return registered_on
    return indication_date(facts, config, registered_on)[0]


def governing_date_rule(facts: Facts, config: RulesConfig) -> str:
    """The rule id whose date is the enrollment date for this application."""
    return _GOVERNING_BY_KIND.get(facts.application.kind) or base_rule_id(facts, config)


def enrollment_date(facts: Facts, config: RulesConfig) -> date | None:
    """The enrollment date computed for the application (not the recorded one)."""
    rule = DATE_RULES[governing_date_rule(facts, config)]
    value = rule(facts, config).data.get("enrollment_date")
    return value if isinstance(value, date) else None


def _dated(
    rule_id: str,
    facts: Facts,
    day: date,
    reason_uk: str,
    reason_en: str,
    *,
    outcome: Outcome = Outcome.applied,
    flag_code: str | None = None,
    **data: object,
) -> RuleResult:
    """An `applied` date result; a child is not enrolled before the minimum age (CQ-ELIG-1)."""
    if facts.is_child and day < min_age_reached_on(facts):
        reached = min_age_reached_on(facts)
        reason_uk += (f" Дитину беруть на облік не раніше досягнення "
                      f"{uk_count(CHILD_MIN_AGE_YEARS, YEARS_GEN)}: {fmt_uk(reached)}.")
        reason_en += f" A child is enrolled no earlier than turning {CHILD_MIN_AGE_YEARS}: {fmt_en(reached)}."
        day = reached
    return result(
        rule_id, outcome, reason_uk, reason_en, flag_code=flag_code, enrollment_date=day, **data
    )


def _not_governing(rule_id: str, facts: Facts, config: RulesConfig) -> RuleResult:
    governing = governing_date_rule(facts, config)
    return result(
        rule_id,
        Outcome.not_applicable,
        f"Дату взяття на облік визначає правило {governing}.",
        f"The enrollment date is set by {governing}.",
    )


# --- the rules ---------------------------------------------------------------------------


def cq_date_1_assessment_date(facts: Facts, config: RulesConfig) -> RuleResult:
    rule_id = "CQ-DATE-1"
    if base_rule_id(facts, config) != rule_id or facts.application.kind not in _BASE_KINDS:
        return _not_governing(rule_id, facts, config)
    registered_on = facts.application.registered_on
    day, assessment = indication_date(facts, config, registered_on)
    if day is None or assessment is None:
        return result(
            rule_id,
            Outcome.not_applicable,
            "Дату не можна визначити: немає висновку про наявність медичних показань для "
            "забезпечення автомобілем.",
            "No date yet: there is no conclusion finding indications for a car.",
        )
    if assessment.assessed_on >= registered_on:
        return _dated(
            rule_id,
            facts,
            day,
            f"Дата огляду: {assessment_label_uk(assessment)} видано не раніше дати реєстрації "
            f"заяви {fmt_uk(registered_on)}.",
            f"Assessment date: the {assessment_label_en(assessment)} was issued no earlier than "
            f"the application's registration date {fmt_en(registered_on)}.",
        )
    return _dated(
        rule_id,
        facts,
        day,
        f"{assessment_label_uk(assessment).capitalize()} видано раніше дати реєстрації заяви, "
        f"тому датою взяття на облік є дата реєстрації заяви {fmt_uk(registered_on)} "
        "(припущення, див. документацію).",
        f"The {assessment_label_en(assessment)} predates the application, so the "
        f"application's registration date {fmt_en(registered_on)} is used (documented "
        "assumption).",
    )


def cq_date_2_application_date(facts: Facts, config: RulesConfig) -> RuleResult:
    rule_id = "CQ-DATE-2"
    if base_rule_id(facts, config) != rule_id or facts.application.kind not in _BASE_KINDS:
        return _not_governing(rule_id, facts, config)
    registered_on = facts.application.registered_on
    return _dated(
        rule_id,
        facts,
        registered_on,
        "Право на автомобіль незалежно від медичних показань: береться на облік з дати "
        f"подання заяви з документами за п. 34 — {fmt_uk(registered_on)}.",
        "Right to a car regardless of medical indications: enrolled from the date of the "
        f"application with the item 34 documents, {fmt_en(registered_on)}.",
    )


def cq_date_3_joint_family(facts: Facts, config: RulesConfig) -> RuleResult:
    rule_id = "CQ-DATE-3"
    application = facts.application
    if application.kind != ApplicationKind.joint_family:
        return _not_governing(rule_id, facts, config)
    own = base_enrollment_date(facts, config, application.registered_on)
    candidates = list(application.family_enrollment_dates) + ([own] if own else [])
    first = min(candidates)
    return _dated(
        rule_id,
        facts,
        first,
        "Сім'я з двома і більше особами з інвалідністю за спільною заявою береться на облік "
        f"з дати взяття на облік першої з них: {fmt_uk(first)}.",
        "A family with two or more persons with disabilities, on a joint application, is "
        f"enrolled from the enrollment date of the first of them: {fmt_en(first)}.",
    )


def cq_date_4_separate_from_family(facts: Facts, config: RulesConfig) -> RuleResult:
    rule_id = "CQ-DATE-4"
    application = facts.application
    if application.kind != ApplicationKind.separate_from_family:
        return _not_governing(rule_id, facts, config)
    died = application.separate_reason == SeparateReason.family_member_died
    why_uk = "після смерті члена сім'ї, з яким перебувала на обліку" if died else "окремо від сім'ї"
    why_en = "after the death of the family member enrolled with" if died else "separately"
    if application.separate_enrollment_date is not None:
        day = application.separate_enrollment_date
        how_uk, how_en = "дата, встановлена посадовою особою", "date recorded by the officer"
    else:
        assert application.original_registered_on is not None  # facts model guarantees
        computed = base_enrollment_date(facts, config, application.original_registered_on)
        if computed is None:
            return result(
                rule_id,
                Outcome.not_applicable,
                "Дату не можна визначити: немає висновку про наявність медичних показань.",
                "No date yet: there is no conclusion finding indications for a car.",
            )
        day = computed
        base = base_rule_id(facts, config)
        how_uk = f"за правилом {base} для первинної заяви від {fmt_uk(application.original_registered_on)}"
        how_en = f"by {base} for the original application of {fmt_en(application.original_registered_on)}"
    return _dated(
        rule_id,
        facts,
        day,
        f"Береться на облік {why_uk} з дати, з якої могла бути взята на облік, якби не "
        f"перебувала на обліку як сім'я ({how_uk}): {fmt_uk(day)}; категорія — власна.",
        f"Enrolled {why_en} from the date the person could have been enrolled had they not "
        f"been enrolled as a family ({how_en}): {fmt_en(day)}; in their own category.",
    )


def cq_date_5_replacement(facts: Facts, config: RulesConfig) -> RuleResult:
    rule_id = "CQ-DATE-5"
    application = facts.application
    if application.kind != ApplicationKind.replacement:
        return _not_governing(rule_id, facts, config)
    assert application.previous_car_issued_on is not None  # facts model guarantees
    period_end = add_years(application.previous_car_issued_on, CAR_OPERATION_YEARS)
    day = max(application.registered_on, period_end)
    return _dated(
        rule_id,
        facts,
        day,
        f"Заміна автомобіля, виданого {fmt_uk(application.previous_car_issued_on)}: з дати "
        f"заяви {fmt_uk(application.registered_on)}, але не раніше закінчення "
        f"{CAR_OPERATION_YEARS}-річного строку експлуатації {fmt_uk(period_end)} — {fmt_uk(day)}.",
        f"Replacement of the car issued on {fmt_en(application.previous_car_issued_on)}: from "
        f"the application date {fmt_en(application.registered_on)}, but not earlier than the "
        f"end of its {CAR_OPERATION_YEARS}-year operation period {fmt_en(period_end)}: {fmt_en(day)}.",
        period_end=period_end,
    )


def cq_date_6_family_change(facts: Facts, config: RulesConfig) -> RuleResult:
    rule_id = "CQ-DATE-6"
    application = facts.application
    if application.kind != ApplicationKind.after_family_change:
        return _not_governing(rule_id, facts, config)
    return _dated(
        rule_id,
        facts,
        application.registered_on,
        "Після зміни складу сім'ї (раніше не взято на облік через протипоказання до керування "
        "без члена сім'ї) — з дати звернення із заявою та документами, що підтверджують "
        f"зміни: {fmt_uk(application.registered_on)}.",
        "After a change in family composition (earlier not enrolled for contraindications "
        "without a family member): from the date of the application with the documents "
        f"confirming the change, {fmt_en(application.registered_on)}.",
    )


def reestablishment_date(facts: Facts) -> date | None:
    """The date of re-establishment: the latest `reestablished` event, else the current
    `established_on` when the history shows an earlier removal."""
    history = sorted(facts.disability.history, key=lambda e: e.on)
    events = [e for e in history if e.event == DisabilityEventKind.reestablished]
    if events:
        return events[-1].on
    established = facts.disability.established_on
    if any(e.event == DisabilityEventKind.removed and e.on <= established for e in history):
        return established
    return None


def cq_date_7_reestablishment(facts: Facts, config: RulesConfig) -> RuleResult:
    rule_id = "CQ-DATE-7"
    if facts.application.kind != ApplicationKind.after_reestablishment:
        return _not_governing(rule_id, facts, config)
    day = reestablishment_date(facts)
    if day is None:
        established = facts.disability.established_on
        return _dated(
            rule_id,
            facts,
            established,
            "В історії інвалідності немає зняття та повторного встановлення; тимчасово "
            f"використано дату встановлення {fmt_uk(established)} — перевірте довідку.",
            "The disability history shows no removal and re-establishment; the "
            f"establishment date {fmt_en(established)} is used for now — check the "
            "certificate.",
            outcome=Outcome.flagged,
            flag_code="reestablishment_not_in_history",
        )
    return _dated(
        rule_id,
        facts,
        day,
        f"Інвалідність знято і повторно встановлено: з дати встановлення за новою довідкою "
        f"{fmt_uk(day)}.",
        f"Disability removed and later re-established: from the re-establishment date on the "
        f"new certificate, {fmt_en(day)}.",
    )


def cq_date_8_work_injury(facts: Facts, config: RulesConfig) -> RuleResult:
    rule_id = "CQ-DATE-8"
    if facts.disability.cause not in config.work_injury_causes:
        return result(
            rule_id,
            Outcome.not_applicable,
            "Інвалідність не внаслідок трудового каліцтва.",
            "The disability is not due to a work injury.",
        )
    if base_rule_id(facts, config) != rule_id or facts.application.kind not in _BASE_KINDS:
        return _not_governing(rule_id, facts, config)
    outcome = Outcome.flagged if config.work_injury_flag_for_officer else Outcome.applied
    flag = "work_injury_enrollment_date_review" if config.work_injury_flag_for_officer else None
    registered_on = facts.application.registered_on
    note_uk = (
        "Порядок виключає трудове каліцтво з правила про дату огляду, а іншої дати не "
        "встановлює; за налаштуванням "
    )
    note_en = (
        "The resolution excludes work injury from the assessment-date rule and names no "
        "other date; by configuration "
    )
    if config.work_injury_enrollment_rule == "application_date":
        day: date | None = registered_on
        note_uk += f"використано дату заяви {fmt_uk(registered_on)}."
        note_en += f"the application date {fmt_en(registered_on)} is used."
    else:
        day, _ = indication_date(facts, config, registered_on)
        note_uk += f"використано дату огляду {fmt_uk(day)}."
        note_en += f"the assessment date {fmt_en(day)} is used."
    if day is None:
        return result(
            rule_id,
            Outcome.flagged,
            note_uk + " Висновку з показаннями ще немає.",
            note_en + " There is no conclusion with indications yet.",
            flag_code="work_injury_enrollment_date_review",
        )
    suffix_uk = " Потрібна перевірка посадовою особою." if flag else ""
    suffix_en = " An officer must review it." if flag else ""
    return _dated(
        rule_id, facts, day, note_uk + suffix_uk, note_en + suffix_en, outcome=outcome, flag_code=flag
    )


DATE_RULES: dict[str, Callable[[Facts, RulesConfig], RuleResult]] = {
    "CQ-DATE-1": cq_date_1_assessment_date,
    "CQ-DATE-2": cq_date_2_application_date,
    "CQ-DATE-3": cq_date_3_joint_family,
    "CQ-DATE-4": cq_date_4_separate_from_family,
    "CQ-DATE-5": cq_date_5_replacement,
    "CQ-DATE-6": cq_date_6_family_change,
    "CQ-DATE-7": cq_date_7_reestablishment,
    "CQ-DATE-8": cq_date_8_work_injury,
}
