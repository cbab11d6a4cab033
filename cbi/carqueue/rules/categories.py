"""CQ-CAT-1..3: categories, ordering within a category, and sharing out a batch of cars."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from datetime import date
from fractions import Fraction
from math import floor

from pydantic import BaseModel, ConfigDict, Field

from .common import category_ground
from .config import RulesConfig
from .enrollment import enrollment_date
from .enums import CATEGORY_ORDER, ApplicationKind, Category, Outcome
from .facts import Facts, IsoDate, PositiveInt, Text
from .dates import add_years, fmt_en, fmt_uk
from .terms import CAR_OPERATION_YEARS, en_count
from .results import RuleResult, result

#: Item 41 flag: a humanitarian car is recorded but the person's consent is not.
HUMANITARIAN_CONSENT_FLAG = "humanitarian_consent_missing"

CATEGORY_UK: dict[Category, str] = {
    Category.first_priority: "першочергове забезпечення",
    Category.out_of_turn: "позачергове забезпечення",
    Category.general: "загальна черга",
}


# --- CQ-CAT-1 ----------------------------------------------------------------------------


def queue_order_key(enrollment_date: date, journal_number: int | None) -> tuple[date, int]:
    """Order within a category: enrollment date, ties broken by the journal registration
    number (an entry without a number goes after those with one on the same date)."""
    return enrollment_date, journal_number if journal_number is not None else sys.maxsize


class QueueItem(BaseModel):
    """One entry of a category's queue, as the allocation and numbering need it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    entry_id: Text
    enrollment_date: IsoDate
    journal_number: PositiveInt | None = None

    @property
    def order_key(self) -> tuple[date, int]:
        return queue_order_key(self.enrollment_date, self.journal_number)


def number_queue(items: Sequence[QueueItem]) -> list[tuple[int, QueueItem]]:
    """Numbers (1-based) of one category's entries; recomputed, never typed in."""
    ordered = sorted(items, key=lambda item: (item.order_key, item.entry_id))
    return [(index, item) for index, item in enumerate(ordered, start=1)]


def cq_cat_1_separate_numbering(facts: Facts, config: RulesConfig) -> RuleResult:
    rule_id = "CQ-CAT-1"
    category = category_ground(facts, config).category
    day = (
        facts.queue_entry.enrolled_on if facts.queue_entry is not None
        else enrollment_date(facts, config)
    )
    number = (
        facts.queue_entry.journal_number
        if facts.queue_entry is not None and facts.queue_entry.journal_number is not None
        else facts.application.journal_number
    )
    number_uk = f"№ {number} у журналі" if number is not None else "номер у журналі ще не присвоєно"
    number_en = f"journal No. {number}" if number is not None else "no journal number yet"
    return result(
        rule_id,
        Outcome.applied,
        f"Окрема нумерація в категорії «{CATEGORY_UK[category]}»: місце визначається датою "
        f"взяття на облік, а за однакової дати — номером реєстрації в журналі ({number_uk}).",
        f"Separate numbering in category '{category.value}': the place follows the enrollment "
        f"date, ties broken by the journal registration number ({number_en}).",
        category=category.value,
        order_date=day,
        journal_number=number,
    )


# --- CQ-CAT-2 ----------------------------------------------------------------------------


def report_tags(facts: Facts) -> list[str]:
    """Counted separately in reports: families and children with disabilities."""
    tags: list[str] = []
    if facts.application.kind == ApplicationKind.joint_family:
        tags.append("family")
    if facts.is_child:
        tags.append("child")
    return tags


def cq_cat_2_category_grounds(facts: Facts, config: RulesConfig) -> RuleResult:
    rule_id = "CQ-CAT-2"
    ground = category_ground(facts, config)
    uk = (
        f"Підстава «{ground.label_uk}» → категорія «{CATEGORY_UK[ground.category]}»; "
        + ("безоплатно." if ground.paid_percent == 0 else f"оплата {ground.paid_percent}% вартості.")
    )
    en = (
        f"Ground '{ground.label_en}' → category '{ground.category.value}'; "
        + ("free of charge." if ground.paid_percent == 0 else f"{ground.paid_percent}% of the price paid.")
    )
    recorded = facts.queue_entry.category if facts.queue_entry is not None else None
    if recorded is not None and recorded != ground.category:
        return result(
            rule_id,
            Outcome.flagged,
            uk + f" У черзі записано іншу категорію: «{CATEGORY_UK[recorded]}».",
            en + f" The queue entry records a different category: '{recorded.value}'.",
            flag_code="category_differs_from_recorded",
            category=ground.category.value,
            ground_code=ground.code,
            paid_percent=ground.paid_percent,
            report_tags=report_tags(facts),
        )
    return result(
        rule_id,
        Outcome.applied,
        uk,
        en,
        category=ground.category.value,
        ground_code=ground.code,
        paid_percent=ground.paid_percent,
        report_tags=report_tags(facts),
    )


# --- CQ-CAT-3 ----------------------------------------------------------------------------


def _humanitarian_car(facts: Facts) -> RuleResult | None:
    """Item 41: a car received as humanitarian aid for this named enrolled person is issued
    to them outside the quotas and the queue order, only with their consent; the entry
    ends as provided with that car, whose replacement follows CQ-DATE-5."""
    car = facts.queue_entry.humanitarian_car if facts.queue_entry else None
    if car is None:
        return None
    rule_id = "CQ-CAT-3"
    if car.consent_on is None:
        return result(
            rule_id,
            Outcome.flagged,
            f"Автомобіль, отриманий {fmt_uk(car.received_on)} як гуманітарна допомога для цієї "
            "особи, видається поза чергою лише за її згодою (або згодою законного представника); "
            "згоду не зафіксовано (п. 41).",
            f"The car received on {fmt_en(car.received_on)} as humanitarian aid for this person is "
            "issued outside the queue only with their (or the legal representative's) consent; no "
            "consent is recorded (item 41).",
            flag_code=HUMANITARIAN_CONSENT_FLAG,
            humanitarian=True,
            received_on=car.received_on,
        )
    replacement_from = add_years(facts.evaluation_date, CAR_OPERATION_YEARS)
    return result(
        rule_id,
        Outcome.applied,
        f"Автомобіль, отриманий {fmt_uk(car.received_on)} як гуманітарна допомога для цієї особи, "
        f"видається їй поза квотами й поза черговістю за згодою від {fmt_uk(car.consent_on)} (п. 41); "
        "особа знімається з черги як забезпечена автомобілем. Заміна — не раніше закінчення "
        f"{CAR_OPERATION_YEARS}-річного строку експлуатації ({fmt_uk(replacement_from)}, якщо автомобіль видано "
        "в день оцінювання; CQ-DATE-5).",
        f"The car received on {fmt_en(car.received_on)} as humanitarian aid for this person is "
        f"issued to them outside the quotas and the queue order with their consent of "
        f"{fmt_en(car.consent_on)} (item 41); the entry ends as provided with a car. Replacement "
        f"not before the end of {en_count(CAR_OPERATION_YEARS, 'year')} of operation ({fmt_en(replacement_from)} if issued on the "
        "evaluation date; CQ-DATE-5).",
        humanitarian=True,
        outside_queue=True,
        received_on=car.received_on,
        consent_on=car.consent_on,
        replacement_not_before=replacement_from,
    )


def cq_cat_3_batch_quota(facts: Facts, config: RulesConfig) -> RuleResult:
    rule_id = "CQ-CAT-3"
    humanitarian = _humanitarian_car(facts)
    if humanitarian is not None:
        return humanitarian
    category = category_ground(facts, config).category
    percent = config.quotas[category]
    return result(
        rule_id,
        Outcome.applied,
        f"Категорії «{CATEGORY_UK[category]}» припадає {percent}% кожної партії автомобілів "
        "регіону; автомобіль пропонується першим у черзі категорії. Автомобіль, отриманий як "
        "гуманітарна допомога для визначеної особи, видається їй поза чергою за згодою (п. 41).",
        f"Category '{category.value}' receives {percent}% of each batch of cars for the "
        "region; the top of the category's queue is offered a car. A car received as "
        "humanitarian aid for a named person is issued to them outside the queue, with "
        "consent (item 41).",
        category=category.value,
        quota_percent=percent,
    )


class BatchAllocation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    counts: dict[Category, int]
    offers: dict[Category, list[QueueItem]]
    #: Cars left over because every queue was exhausted.
    unallocated: int = Field(ge=0)


def _largest_remainder(total: int, weights: Mapping[Category, int]) -> dict[Category, int]:
    """Split `total` by `weights` (Hamilton method); ties go in CATEGORY_ORDER."""
    weight_sum = sum(weights.values())
    if weight_sum == 0:
        weights = {category: 1 for category in weights}
        weight_sum = len(weights)
    exact = {c: Fraction(total * w, weight_sum) for c, w in weights.items()}
    shares = {c: floor(value) for c, value in exact.items()}
    left = total - sum(shares.values())
    order = sorted(
        weights, key=lambda c: (-(exact[c] - shares[c]), CATEGORY_ORDER.index(c))
    )
    for category in order[:left]:
        shares[category] += 1
    return shares


def allocate_batch(
    cars: int,
    queues: Mapping[Category, Sequence[QueueItem]],
    config: RulesConfig,
) -> BatchAllocation:
    """CQ-CAT-3: share `cars` between the categories by the configured quotas.

    Largest-remainder rounding. A category that cannot use its share (an empty or short
    queue) passes the rest on to the categories that still have people waiting, again in
    proportion to their quotas; categories with a 0% quota receive cars only when no
    category with a positive quota has anyone left. The top of each queue (CQ-CAT-1
    order) is offered the cars.
    """
    if cars < 0:
        raise ValueError("cars must not be negative")
    ordered = {c: sorted(queues.get(c, ()), key=lambda i: (i.order_key, i.entry_id)) for c in CATEGORY_ORDER}
    counts = {c: 0 for c in CATEGORY_ORDER}
    remaining = cars
    while remaining > 0:
        active = [c for c in CATEGORY_ORDER if counts[c] < len(ordered[c])]
        if not active:
            break
        positive = [c for c in active if config.quotas[c] > 0]
        pool = positive or active
        shares = _largest_remainder(remaining, {c: config.quotas[c] for c in pool})
        given = 0
        for category, share in shares.items():
            take = min(share, len(ordered[category]) - counts[category])
            counts[category] += take
            given += take
        remaining -= given
        if given == 0:  # cannot happen (shares sum to remaining); guard against loops
            break
    offers = {c: list(ordered[c][: counts[c]]) for c in CATEGORY_ORDER}
    return BatchAllocation(counts=counts, offers=offers, unallocated=remaining)
