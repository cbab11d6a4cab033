"""The terms, limits and deadlines of Resolution No. 999 — each held once, with its source.

Every text that states one of these numbers (the engine's reasons, the help page, form
hints, letters) takes it from here, so a change of the law is a change of one line.
`tests/carqueue/test_terms.py` fails when a user-facing string writes one of them as a
literal again. The table of terms and sources is in docs/carqueue-rules.md ("Terms").

Pure Python (no Django): the engine imports it, and so do the views that fill templates.
Values configurable by an administrator (warning days, the age of a register extract)
are not terms of the law: they live in `RulesConfig` (config.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from .citations import RESOLUTION

Unit = Literal["years", "months", "days"]


@dataclass(frozen=True)
class Term:
    """One number of the law: its name here, value, unit, the rules that use it, and where
    the law says it (item / paragraph of the Procedure, with the law's own words)."""

    name: str
    value: int
    unit: Unit
    rule_ids: tuple[str, ...]
    source: str
    wording: str


#: CQ-ELIG-1: a child with a disability is enrolled from this age.
CHILD_MIN_AGE_YEARS: Final = 5
#: CQ-ELIG-2 / CQ-RM-4: a motor vehicle in personal use bars enrollment while it has been in
#: operation for less than this many years.
VEHICLE_OPERATION_YEARS: Final = 10
#: CQ-ELIG-3 / CQ-ELIG-5: the look-back before enrollment (charity car, purchased car,
#: vehicle-register extract).
LOOKBACK_YEARS: Final = 7
#: CQ-ELIG-3: a purchased car registered in the look-back bars enrollment when it had been in
#: operation for less than this many years.
PURCHASED_CAR_MAX_AGE_YEARS: Final = 5
#: CQ-DATE-5: a car provided under the Procedure is replaced not earlier than the end of its
#: operation period of this many years; it is also the period it is given for.
CAR_OPERATION_YEARS: Final = 10
#: CQ-RM-2 / CQ-RM-3: months within which a fixed-term disability must be renewed, and within
#: which a person with contraindications and nobody to pass the right to is removed.
REMOVAL_MONTHS: Final = 6
#: CQ-FLOW-1: days to send the referrals for an application that came by post.
POST_REFERRAL_DAYS: Final = 3
#: CQ-FLOW-2: days the health facility has to send form 088/o after the examination.
FORM_088_DAYS: Final = 5
#: CQ-FLOW-5: days after the end of the month to register the month's documents.
MONTHLY_REGISTRATION_DAYS: Final = 20

TERMS: Final[tuple[Term, ...]] = (
    Term("CHILD_MIN_AGE_YEARS", CHILD_MIN_AGE_YEARS, "years", ("CQ-ELIG-1",),
         f"{RESOLUTION}, п. 1 (за публічним викладом Порядку)", "діти з інвалідністю з 5 років"),
    Term("VEHICLE_OPERATION_YEARS", VEHICLE_OPERATION_YEARS, "years", ("CQ-ELIG-2", "CQ-RM-4"),
         f"{RESOLUTION}, п. 5, абз. 2", "що перебував в експлуатації менш як 10 років"),
    Term("LOOKBACK_YEARS", LOOKBACK_YEARS, "years", ("CQ-ELIG-3", "CQ-ELIG-5"),
         f"{RESOLUTION}, п. 5, абз. 3 і 5",
         "протягом семи років перед взяттям на облік і за час перебування на обліку"),
    Term("PURCHASED_CAR_MAX_AGE_YEARS", PURCHASED_CAR_MAX_AGE_YEARS, "years", ("CQ-ELIG-3",),
         f"{RESOLUTION}, п. 5, абз. 3", "придбаний автомобіль, строк експлуатації якого менше ніж п'ять років"),
    Term("CAR_OPERATION_YEARS", CAR_OPERATION_YEARS, "years", ("CQ-DATE-5", "CQ-CAT-3"),
         f"{RESOLUTION}, абзац «У разі заміни автомобіля…»",
         "не раніше закінчення десятирічного строку експлуатації автомобіля"),
    Term("REMOVAL_MONTHS", REMOVAL_MONTHS, "months", ("CQ-RM-2", "CQ-RM-3"),
         f"{RESOLUTION}, абзаци «У разі коли особи з інвалідністю… не поновлюють…» і «Якщо у особи "
         "з інвалідністю, яка має протипоказання…»",
         "не поновлюють без поважних причин інвалідність протягом шести місяців; знімається з обліку "
         "протягом шести місяців з дня встановлення такого факту"),
    Term("POST_REFERRAL_DAYS", POST_REFERRAL_DAYS, "days", ("CQ-FLOW-1",),
         f"{RESOLUTION}, абзац «Після реєстрації заяви…»", "у разі надходження заяви поштою у триденний строк"),
    Term("FORM_088_DAYS", FORM_088_DAYS, "days", ("CQ-FLOW-2",),
         f"{RESOLUTION}, абзац «Після проходження особою з інвалідністю медичного огляду…»",
         "лікувально-профілактичний заклад у п'ятиденний строк надсилає… (форма № 088/о)"),
    Term("MONTHLY_REGISTRATION_DAYS", MONTHLY_REGISTRATION_DAYS, "days", ("CQ-FLOW-5",),
         f"{RESOLUTION}, абзац «Реєстрація усіх документів…»",
         "проводиться протягом 20 днів після закінчення місяця"),
)


def values() -> dict[str, int]:
    """Every term by its name, for a template context (``terms.REMOVAL_MONTHS``)."""
    return {term.name: term.value for term in TERMS}


# --- Saying a count in Ukrainian and English ----------------------------------------------

#: Ukrainian forms (one, few, many) after a number, by grammatical case.
YEARS_NOM: Final = ("рік", "роки", "років")
YEARS_GEN: Final = ("року", "років", "років")
MONTHS_NOM: Final = ("місяць", "місяці", "місяців")
MONTHS_GEN: Final = ("місяця", "місяців", "місяців")
DAYS_GEN: Final = ("дня", "днів", "днів")


def uk_count(number: int, forms: tuple[str, str, str]) -> str:
    """``number`` with the Ukrainian noun form it takes: 1 місяць, 2 місяці, 6 місяців,
    11 місяців, 21 місяць (forms are one, few, many of the case the sentence needs)."""
    one, few, many = forms
    tens, units = number % 100, number % 10
    if units == 1 and tens != 11:
        form = one
    elif 2 <= units <= 4 and not 12 <= tens <= 14:
        form = few
    else:
        form = many
    return f"{number} {form}"


def en_count(number: int, noun: str) -> str:
    """``number`` with an English noun: 1 year, 10 years."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
