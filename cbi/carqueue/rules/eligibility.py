"""CQ-ELIG-1..7: who can be enrolled."""

from __future__ import annotations

from datetime import date

from .common import (
    HOLDER_UK,
    REGARDLESS_LABELS,
    assessment_label_en,
    assessment_label_uk,
    checked_holders,
    min_age_reached_on,
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
from .terms import (
    CHILD_MIN_AGE_YEARS,
    LOOKBACK_YEARS,
    PURCHASED_CAR_MAX_AGE_YEARS,
    VEHICLE_OPERATION_YEARS,
    YEARS_GEN,
    YEARS_NOM,
    en_count,
    uk_count,
)

#: How the terms read in the reasons below.
_AGE_UK, _AGE_EN = uk_count(CHILD_MIN_AGE_YEARS, YEARS_GEN), str(CHILD_MIN_AGE_YEARS)
_VEHICLE_UK, _VEHICLE_EN = uk_count(VEHICLE_OPERATION_YEARS, YEARS_GEN), en_count(VEHICLE_OPERATION_YEARS, "year")
_LOOKBACK_UK, _LOOKBACK_EN = uk_count(LOOKBACK_YEARS, YEARS_GEN), en_count(LOOKBACK_YEARS, "year")
_PURCHASED_UK = uk_count(PURCHASED_CAR_MAX_AGE_YEARS, YEARS_GEN)
_PURCHASED_EN = en_count(PURCHASED_CAR_MAX_AGE_YEARS, "year")



def _join(parts: list[str]) -> str:
    return " ".join(parts)


def _holder_en(vehicle: Vehicle) -> str:
    return "the person" if vehicle.whose == Holder.person else "the legal representative"


# --- CQ-ELIG-1 ---------------------------------------------------------------------------


def cq_elig_1_person_status(facts: Facts, config: RulesConfig) -> RuleResult:
    """Citizenship, residence, institutions, detention, the minimum age for children, and (for a new
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
        not_before = min_age_reached_on(facts)
        if not_before > on:
            problems.append((
                f"дитині ще не виповнилося {_AGE_UK} (виповниться {fmt_uk(not_before)})",
                f"the child is not yet {_AGE_EN} (turns {_AGE_EN} on {fmt_en(not_before)})",
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
    child_uk = (f" Дитині виповнилося {uk_count(CHILD_MIN_AGE_YEARS, YEARS_NOM)} {fmt_uk(not_before)}."
                if not_before else "")
    child_en = f" The child turned {_AGE_EN} on {fmt_en(not_before)}." if not_before else ""
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
    holder, in operation for less than VEHICLE_OPERATION_YEARS: (certainly, possibly — only the model
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
        if is_younger_than(earliest, VEHICLE_OPERATION_YEARS, on):
            certain.append(vehicle)
        elif is_younger_than(latest, VEHICLE_OPERATION_YEARS, on):
            possible.append(vehicle)
    return certain, possible


def _recent_vehicle_text(vehicle: Vehicle, on: date) -> tuple[str, str]:
    start_uk, start_en = operation_start_text(vehicle)
    earliest, _ = operation_start_bounds(vehicle)
    full = add_years(earliest, VEHICLE_OPERATION_YEARS)
    return (
        f"{vehicle_label_uk(vehicle)}, зареєстрований на {HOLDER_UK[vehicle.whose]} "
        f"{fmt_uk(vehicle.registered_on)}, в експлуатації з {start_uk} — менше {_VEHICLE_UK} станом "
        f"на {fmt_uk(on)} ({uk_count(VEHICLE_OPERATION_YEARS, YEARS_NOM)} — {fmt_uk(full)})",
        f"{vehicle_label_en(vehicle)}, registered to {_holder_en(vehicle)} on "
        f"{fmt_en(vehicle.registered_on)}, in operation since {start_en} — less than {_VEHICLE_EN} "
        f"on {fmt_en(on)} ({_VEHICLE_EN} on {fmt_en(full)})",
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
            f"і напівпричепів), що перебував в експлуатації менш як {_VEHICLE_UK}." + note_uk,
            "No motor vehicle (other than trailers and semi-trailers) in personal use that has "
            f"been in operation for less than {_VEHICLE_EN}." + note_en,
        )
    texts = [_recent_vehicle_text(v, on) for v in certain + possible]
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
    """The enrollment date the LOOKBACK_YEARS look-back is counted from: the recorded one for an
    enrolled person, else the computed one, else the application's registration date."""
    if facts.queue_entry is not None:
        return facts.queue_entry.enrolled_on
    return enrollment_date(facts, config) or facts.application.registered_on


def lookback_window(facts: Facts, config: RulesConfig) -> tuple[date, date]:
    """[enrollment date − LOOKBACK_YEARS, later of enrollment date and evaluation date], inclusive."""
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
                f"експлуатації з {start_uk} — менше {_PURCHASED_UK} на дату реєстрації",
                f"purchased {label_en} registered on {fmt_en(vehicle.registered_on)}, in "
                f"operation since {start_en} — less than {_PURCHASED_EN} at registration",
            )
            if is_younger_than(earliest, PURCHASED_CAR_MAX_AGE_YEARS, vehicle.registered_on):
                failed.append(text)
            elif is_younger_than(latest, PURCHASED_CAR_MAX_AGE_YEARS, vehicle.registered_on):
                uncertain.append(text)
    period_uk = f"{fmt_uk(start)}–{fmt_uk(end)}"
    period_en = f"from {fmt_en(start)} to {fmt_en(end)}"
    if failed:
        return result(
            rule_id,
            Outcome.failed,
            f"Протягом {_LOOKBACK_UK} перед взяттям на облік і за час перебування на обліку "
            f"({period_uk}): " + "; ".join(t[0] for t in failed) + ".",
            f"Within {_LOOKBACK_EN} before enrollment and while in the queue ({period_en}): "
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
        f"автомобіль з експлуатацією менше {_PURCHASED_UK} не реєструвався.",
        f"{period_en.capitalize()} no car was received as charitable aid and no purchased car in "
        f"operation for less than {_PURCHASED_EN} was registered.",
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
            f"{fmt_uk(start)} ({uk_count(LOOKBACK_YEARS, YEARS_NOM)} перед взяттям на облік).",
            f"The register extract covers from {fmt_en(check.covers_from)} but must cover from "
            f"{fmt_en(start)} ({_LOOKBACK_EN} before enrollment).",
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
