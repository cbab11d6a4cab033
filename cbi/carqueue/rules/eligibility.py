"""CQ-ELIG-1..7: who can be enrolled."""

from __future__ import annotations

from datetime import date

from .common import (
    HOLDER_UK,
    REGARDLESS_LABELS,
    assessment_label_en,
    assessment_label_uk,
    checked_holders,
    fifth_birthday,
    in_use_on,
    latest_assessment,
    names,
    operation_start_bounds,
    operation_start_text,
    regardless_grounds,
    replaced_vehicle,
    representative_checked,
    transfer_candidates,
    vehicle_label_en,
    vehicle_label_uk,
)
from .config import RulesConfig
from .dates import add_days, add_years, fmt_en, fmt_uk, is_younger_than
from .enums import NON_MOTOR_KINDS, AcquiredHow, DisabilityTerm, Holder, Outcome, RegisterSource
from .enrollment import enrollment_date
from .facts import Facts, Vehicle
from .results import RuleResult, result

#: ELIG-3: the look-back period before enrollment, in years.
LOOKBACK_YEARS = 7


def _join(parts: list[str]) -> str:
    return " ".join(parts)


def _holder_en(vehicle: Vehicle) -> str:
    return "the person" if vehicle.whose == Holder.person else "the legal representative"


# --- CQ-ELIG-1 ---------------------------------------------------------------------------


def cq_elig_1_person_status(facts: Facts, config: RulesConfig) -> RuleResult:
    """Citizenship, residence, institutions, detention, age 5 for children, and (for a new
    application) a disability in force."""
    rule_id = "CQ-ELIG-1"
    person, disability, on = facts.person, facts.disability, facts.evaluation_date
    problems: list[tuple[str, str]] = []
    if not person.citizen_of_ukraine:
        problems.append(("особа не є громадянином України", "the person is not a citizen of Ukraine"))
    if not person.registered_residence_in_ukraine:
        problems.append((
            "місце проживання не зареєстровано в Україні",
            "no registered place of residence in Ukraine",
        ))
    if person.in_state_care_full_support:
        problems.append((
            "проживає в установі на повному державному утриманні",
            "lives in a care institution on full state support",
        ))
    if person.in_detention:
        problems.append(("перебуває в місцях позбавлення волі", "is held in a place of detention"))
    not_before: date | None = None
    if facts.is_child:
        not_before = fifth_birthday(facts)
        if not_before > on:
            problems.append((
                f"дитині ще не виповнилося 5 років (виповниться {fmt_uk(not_before)})",
                f"the child is not yet 5 (turns 5 on {fmt_en(not_before)})",
            ))
    if not facts.is_enrolled:  # while enrolled, CQ-RM-1 / CQ-RM-2 deal with these
        if disability.removed_on is not None and disability.removed_on <= on:
            problems.append((
                f"інвалідність знято {fmt_uk(disability.removed_on)}",
                f"the disability was removed on {fmt_en(disability.removed_on)}",
            ))
        elif (
            disability.term == DisabilityTerm.fixed
            and disability.valid_until is not None
            and disability.valid_until < on
        ):
            problems.append((
                f"строк інвалідності закінчився {fmt_uk(disability.valid_until)}; потрібно її "
                "поновити",
                f"the disability's term ended on {fmt_en(disability.valid_until)}; it must be "
                "renewed",
            ))
    if problems:
        return result(
            rule_id,
            Outcome.failed,
            "Не береться на облік: " + "; ".join(p[0] for p in problems) + ".",
            "Not enrolled: " + "; ".join(p[1] for p in problems) + ".",
            not_before=not_before,
        )
    child_uk = f" Дитині виповнилося 5 років {fmt_uk(not_before)}." if not_before else ""
    child_en = f" The child turned 5 on {fmt_en(not_before)}." if not_before else ""
    return result(
        rule_id,
        Outcome.passed,
        "Громадянин України з зареєстрованим місцем проживання в Україні, не перебуває на "
        "повному державному утриманні чи в місцях позбавлення волі." + child_uk,
        "A citizen of Ukraine with a registered residence in Ukraine, not on full state "
        "support in an institution and not in detention." + child_en,
        not_before=not_before,
    )


# --- CQ-ELIG-2 ---------------------------------------------------------------------------


def recent_motor_vehicles(facts: Facts) -> tuple[list[Vehicle], list[Vehicle]]:
    """Motor vehicles (not trailers) in use on the evaluation date, held by a checked
    holder, in operation for less than 10 years: (certainly, possibly — only the model
    year is known and the answer depends on the day)."""
    on = facts.evaluation_date
    holders = checked_holders(facts)
    exempt = replaced_vehicle(facts)
    certain: list[Vehicle] = []
    possible: list[Vehicle] = []
    for vehicle in facts.vehicles:
        if vehicle is exempt or vehicle.kind in NON_MOTOR_KINDS or vehicle.whose not in holders:
            continue
        if not in_use_on(vehicle, on):
            continue
        earliest, latest = operation_start_bounds(vehicle)
        if is_younger_than(earliest, 10, on):
            certain.append(vehicle)
        elif is_younger_than(latest, 10, on):
            possible.append(vehicle)
    return certain, possible


def _age_10_text(vehicle: Vehicle, on: date) -> tuple[str, str]:
    start_uk, start_en = operation_start_text(vehicle)
    earliest, _ = operation_start_bounds(vehicle)
    ten = add_years(earliest, 10)
    return (
        f"{vehicle_label_uk(vehicle)}, зареєстрований на {HOLDER_UK[vehicle.whose]} "
        f"{fmt_uk(vehicle.registered_on)}, в експлуатації з {start_uk} — менше 10 років станом "
        f"на {fmt_uk(on)} (10 років — {fmt_uk(ten)})",
        f"{vehicle_label_en(vehicle)}, registered to {_holder_en(vehicle)} on "
        f"{fmt_en(vehicle.registered_on)}, in operation since {start_en} — less than 10 years "
        f"on {fmt_en(on)} (10 years on {fmt_en(ten)})",
    )


def cq_elig_2_no_recent_vehicle(facts: Facts, config: RulesConfig) -> RuleResult:
    rule_id = "CQ-ELIG-2"
    on = facts.evaluation_date
    certain, possible = recent_motor_vehicles(facts)
    if not certain and not possible:
        exempt = replaced_vehicle(facts)
        note_uk = (
            f" Автомобіль, що замінюється ({vehicle_label_uk(exempt)}), оцінюється за CQ-DATE-5."
            if exempt else ""
        )
        note_en = (
            f" The car being replaced ({vehicle_label_en(exempt)}) is governed by CQ-DATE-5."
            if exempt else ""
        )
        return result(
            rule_id,
            Outcome.passed,
            "Немає в особистому користуванні автомобільного транспортного засобу (крім причепів "
            "і напівпричепів), що перебував в експлуатації менш як 10 років." + note_uk,
            "No motor vehicle (other than trailers and semi-trailers) in personal use that has "
            "been in operation for less than 10 years." + note_en,
        )
    texts = [_age_10_text(v, on) for v in certain + possible]
    found_uk = "; ".join(t[0] for t in texts)
    found_en = "; ".join(t[1] for t in texts)
    refs = [v.ref or v.description or v.kind.value for v in certain + possible]
    exception = facts.item8_exception if config.allow_officer_item8_exception else None
    if exception is not None:
        return result(
            rule_id,
            Outcome.flagged,
            f"{found_uk}. Посадова особа зафіксувала виняток за п. 8: «{exception.reason}».",
            f"{found_en}. An officer recorded an item 8 exception: \"{exception.reason}\".",
            flag_code="item8_exception_recorded",
            vehicles=refs,
            item8_exception_code=exception.code,
        )
    if certain:
        return result(
            rule_id,
            Outcome.failed,
            f"Не береться на облік: {found_uk}.",
            f"Not enrolled: {found_en}.",
            vehicles=refs,
        )
    return result(
        rule_id,
        Outcome.flagged,
        f"Відомий лише рік випуску, і від точної дати залежить результат: {found_uk}. "
        "Посадова особа має встановити дату початку експлуатації.",
        f"Only the model year is known and the outcome depends on the exact day: {found_en}. "
        "An officer must establish the start of operation.",
        flag_code="vehicle_operation_start_unknown",
        vehicles=refs,
    )


# --- CQ-ELIG-3 ---------------------------------------------------------------------------


def reference_enrollment_date(facts: Facts, config: RulesConfig) -> date:
    """The enrollment date the 7-year look-back is counted from: the recorded one for an
    enrolled person, else the computed one, else the application's registration date."""
    if facts.queue_entry is not None:
        return facts.queue_entry.enrolled_on
    return enrollment_date(facts, config) or facts.application.registered_on


def lookback_window(facts: Facts, config: RulesConfig) -> tuple[date, date]:
    """[enrollment date − 7 years, later of enrollment date and evaluation date], inclusive."""
    reference = reference_enrollment_date(facts, config)
    return add_years(reference, -LOOKBACK_YEARS), max(reference, facts.evaluation_date)


def cq_elig_3_no_charity_or_new_purchase(facts: Facts, config: RulesConfig) -> RuleResult:
    rule_id = "CQ-ELIG-3"
    start, end = lookback_window(facts, config)
    holders = checked_holders(facts)
    failed: list[tuple[str, str]] = []
    uncertain: list[tuple[str, str]] = []
    for vehicle in facts.vehicles:
        if (
            vehicle.whose not in holders
            or vehicle.kind not in config.charity_purchase_vehicle_kinds
            or not start <= vehicle.registered_on <= end
        ):
            continue
        label_uk, label_en = vehicle_label_uk(vehicle), vehicle_label_en(vehicle)
        if vehicle.acquired_how == AcquiredHow.charity:
            failed.append((
                f"{label_uk} отримано як благодійну допомогу {fmt_uk(vehicle.registered_on)}",
                f"{label_en} received as charitable aid on {fmt_en(vehicle.registered_on)}",
            ))
        elif vehicle.acquired_how == AcquiredHow.purchased:
            earliest, latest = operation_start_bounds(vehicle)
            start_uk, start_en = operation_start_text(vehicle)
            text = (
                f"придбаний {label_uk} зареєстровано {fmt_uk(vehicle.registered_on)}, в "
                f"експлуатації з {start_uk} — менше 5 років на дату реєстрації",
                f"purchased {label_en} registered on {fmt_en(vehicle.registered_on)}, in "
                f"operation since {start_en} — less than 5 years at registration",
            )
            if is_younger_than(earliest, 5, vehicle.registered_on):
                failed.append(text)
            elif is_younger_than(latest, 5, vehicle.registered_on):
                uncertain.append(text)
    period_uk = f"{fmt_uk(start)}–{fmt_uk(end)}"
    period_en = f"from {fmt_en(start)} to {fmt_en(end)}"
    if failed:
        return result(
            rule_id,
            Outcome.failed,
            f"Протягом 7 років перед взяттям на облік і за час перебування на обліку "
            f"({period_uk}): " + "; ".join(t[0] for t in failed) + ".",
            f"Within 7 years before enrollment and while in the queue ({period_en}): "
            + "; ".join(t[1] for t in failed) + ".",
            window_start=start,
            window_end=end,
        )
    if uncertain:
        return result(
            rule_id,
            Outcome.flagged,
            f"Відомий лише рік випуску ({period_uk}): " + "; ".join(t[0] for t in uncertain)
            + ". Посадова особа має встановити дату початку експлуатації.",
            f"Only the model year is known ({period_en}): " + "; ".join(t[1] for t in uncertain)
            + ". An officer must establish the start of operation.",
            flag_code="vehicle_operation_start_unknown",
            window_start=start,
            window_end=end,
        )
    return result(
        rule_id,
        Outcome.passed,
        f"За період {period_uk} автомобіль як благодійну допомогу не отримувався, придбаний "
        "автомобіль з експлуатацією менше 5 років не реєструвався.",
        f"{period_en.capitalize()} no car was received as charitable aid and no purchased car in "
        "operation for less than 5 years was registered.",
        window_start=start,
        window_end=end,
    )


# --- CQ-ELIG-4 ---------------------------------------------------------------------------


def cq_elig_4_representative_checked(facts: Facts, config: RulesConfig) -> RuleResult:
    rule_id = "CQ-ELIG-4"
    if not representative_checked(facts):
        return result(
            rule_id,
            Outcome.not_applicable,
            "Повнолітня дієздатна особа: умови CQ-ELIG-2/3 перевіряються лише щодо неї.",
            "An adult with legal capacity: CQ-ELIG-2/3 are checked on the person only.",
        )
    who_uk = "дитини з інвалідністю" if facts.is_child else "недієздатної особи з інвалідністю"
    who_en = "a child with a disability" if facts.is_child else "a legally incapable person"
    representative = facts.representative
    if representative is None:
        return result(
            rule_id,
            Outcome.failed,
            f"Для {who_uk} потрібні відомості про законного представника: умови п. 5 "
            "перевіряються і щодо нього.",
            f"For {who_en} the legal representative must be given: the item 5 conditions are "
            "checked on them too.",
        )
    name = representative.full_name or representative.kind.value
    return result(
        rule_id,
        Outcome.applied,
        f"Для {who_uk} умови CQ-ELIG-2/3 перевірено також щодо законного представника "
        f"({name}).",
        f"For {who_en} CQ-ELIG-2/3 were also checked on the legal representative ({name}).",
    )


# --- CQ-ELIG-5 ---------------------------------------------------------------------------


def cq_elig_5_vehicle_register(facts: Facts, config: RulesConfig) -> RuleResult:
    rule_id = "CQ-ELIG-5"
    check = facts.vehicle_register
    start, _ = lookback_window(facts, config)
    if check is None or check.source == RegisterSource.manual:
        return result(
            rule_id,
            Outcome.flagged,
            "Відомості про транспортні засоби не отримано з Єдиного державного реєстру МВС; "
            "рішення попереднє до перевірки за реєстром.",
            "The vehicle facts were not obtained from the MIA vehicle register; the decision "
            "is provisional until the register is checked.",
            flag_code="vehicle_register_not_checked",
        )
    stale_after = add_days(check.fetched_on, config.vehicle_register_max_age_days)
    if stale_after < facts.evaluation_date:
        return result(
            rule_id,
            Outcome.flagged,
            f"Витяг з реєстру від {fmt_uk(check.fetched_on)} застарів (старший за "
            f"{config.vehicle_register_max_age_days} дн.); потрібна повторна перевірка.",
            f"The register extract of {fmt_en(check.fetched_on)} is older than "
            f"{config.vehicle_register_max_age_days} days; re-check the register.",
            flag_code="vehicle_register_stale",
            fetched_on=check.fetched_on,
        )
    if check.covers_from is not None and check.covers_from > start:
        return result(
            rule_id,
            Outcome.flagged,
            f"Витяг з реєстру охоплює період з {fmt_uk(check.covers_from)}, а потрібно з "
            f"{fmt_uk(start)} (7 років перед взяттям на облік).",
            f"The register extract covers from {fmt_en(check.covers_from)} but must cover from "
            f"{fmt_en(start)} (7 years before enrollment).",
            flag_code="vehicle_register_incomplete",
            fetched_on=check.fetched_on,
        )
    if representative_checked(facts):
        whose_uk, whose_en = "особи та законного представника", "the person and the legal representative"
    else:
        whose_uk, whose_en = "особи", "the person"
    demo_uk = " (демонстраційні дані)" if check.source == RegisterSource.fake else ""
    demo_en = " (demo data)" if check.source == RegisterSource.fake else ""
    return result(
        rule_id,
        Outcome.passed,
        f"Відомості про транспортні засоби {whose_uk} отримано з реєстру МВС "
        f"{fmt_uk(check.fetched_on)}{demo_uk}.",
        f"Vehicle facts for {whose_en} were obtained from the MIA vehicle register on "
        f"{fmt_en(check.fetched_on)}{demo_en}.",
        fetched_on=check.fetched_on,
        source=check.source.value,
    )


# --- CQ-ELIG-6 ---------------------------------------------------------------------------


def cq_elig_6_contraindications_without_family(facts: Facts, config: RulesConfig) -> RuleResult:
    rule_id = "CQ-ELIG-6"
    if facts.is_enrolled:
        return result(
            rule_id,
            Outcome.not_applicable,
            "Особа вже на обліку: протипоказання перевіряються за CQ-RM-3.",
            "The person is already enrolled: contraindications are handled by CQ-RM-3.",
        )
    assessment = latest_assessment(facts, config)
    if assessment is None or not (
        assessment.indications_for_car
        and assessment.hand_controls
        and assessment.contraindications_to_driving
    ):
        return result(
            rule_id,
            Outcome.not_applicable,
            "Немає одночасно показань до автомобіля з ручним керуванням і протипоказань до "
            "керування.",
            "No combination of indications for a hand-controlled car and contraindications to "
            "driving.",
        )
    members = transfer_candidates(facts, config, allow_other_person=False)
    label_uk, label_en = assessment_label_uk(assessment), assessment_label_en(assessment)
    if members:
        return result(
            rule_id,
            Outcome.passed,
            f"За {label_uk}: показання до автомобіля з ручним керуванням і протипоказання до "
            f"керування; право користування може бути передано члену сім'ї, зареєстрованому за "
            f"місцем реєстрації особи ({names(members)}).",
            f"Per the {label_en}: indications for a hand-controlled car and contraindications to "
            "driving; the right to use the car can pass to a family member registered at the "
            f"person's address ({names(members)}).",
        )
    return result(
        rule_id,
        Outcome.failed,
        f"Не береться на облік: за {label_uk} є показання до автомобіля з ручним керуванням і "
        "протипоказання до керування, а члена сім'ї, зареєстрованого за місцем реєстрації "
        "особи, якому можна передати право користування, немає.",
        f"Not enrolled: per the {label_en} there are indications for a hand-controlled car and "
        "contraindications to driving, and no family member registered at the person's address "
        "to whom the right to use the car could pass.",
    )


# --- CQ-ELIG-7 ---------------------------------------------------------------------------


def cq_elig_7_medical_indications(facts: Facts, config: RulesConfig) -> RuleResult:
    rule_id = "CQ-ELIG-7"
    grounds = regardless_grounds(facts)
    if grounds:
        return result(
            rule_id,
            Outcome.applied,
            "Право на автомобіль незалежно від медичних показань: "
            + "; ".join(REGARDLESS_LABELS[g][0] for g in grounds) + ".",
            "Right to a car regardless of medical indications: "
            + "; ".join(REGARDLESS_LABELS[g][1] for g in grounds) + ".",
            grounds=grounds,
        )
    assessment = latest_assessment(facts, config)
    if assessment is None:
        return result(
            rule_id,
            Outcome.failed,
            "Немає висновку МСЕК / експертної команди про наявність медичних показань для "
            "забезпечення автомобілем (очікується огляд за направленням).",
            "There is no MSEK / expert team conclusion on indications for a car (awaiting the "
            "assessment after the referral).",
            flag_code="awaiting_assessment",
        )
    if not assessment.indications_for_car:
        return result(
            rule_id,
            Outcome.failed,
            f"Останній {assessment_label_uk(assessment)}: медичних показань для забезпечення "
            "автомобілем не встановлено.",
            f"The latest {assessment_label_en(assessment)} found no indications for a car.",
        )
    return result(
        rule_id,
        Outcome.passed,
        f"{assessment_label_uk(assessment).capitalize()}: є медичні показання для забезпечення "
        "автомобілем.",
        f"The {assessment_label_en(assessment)} found indications for a car.",
        assessment_date=assessment.assessed_on,
    )
