"""Synthetic, realistic demo population for the registry.

Deterministic: person number ``i`` always gets the same name, РНОКПП (with a
valid check digit and the date of birth and sex encoded the way the real
number does), address in a real community of its office's district, and
disability history. That makes seeding idempotent (existing РНОКПП are
skipped) and lets ``--persons 1000000`` stream in batches without holding the
population in memory.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from faker import Faker

RNOKPP_EPOCH = date(1899, 12, 31)
RNOKPP_WEIGHTS = (-1, 5, 7, 9, 4, 6, 10, 5, 7)
# Days of birth cycle over ~88 years; the serial part grows with the index,
# so (day, serial) pairs never repeat for up to 31,999 × 999 persons.
BIRTH_DAYS = 32_000
FIRST_BIRTH = date(1936, 1, 1)
CHILD_BIRTH_DAYS = 365 * 15
# Fixed, so that the same index gives the same child (and РНОКПП) on any day.
CHILD_ANCHOR = date(2026, 1, 1)


def rnokpp_check_digit(first_nine: str) -> int:
    total = sum(int(d) * w for d, w in zip(first_nine, RNOKPP_WEIGHTS))
    return total % 11 % 10


def feminine_surname(surname: str) -> str:
    """The mother's form of a child's surname (Ковальський → Ковальська)."""
    if surname.endswith(("ський", "цький", "зький")) or surname.endswith("ий"):
        return surname[:-2] + "а"
    return surname


def make_rnokpp(born: date, serial: int, male: bool) -> str:
    """РНОКПП: days since 31.12.1899, a serial, a sex digit (odd for men), a check digit."""
    days = (born - RNOKPP_EPOCH).days
    sex_digit = (serial * 2 + (1 if male else 0)) % 10
    if male and sex_digit % 2 == 0 or not male and sex_digit % 2 == 1:
        sex_digit = (sex_digit + 1) % 10
    first_nine = f"{days:05d}{serial % 1000:03d}{sex_digit}"
    return first_nine + str(rnokpp_check_digit(first_nine))


@dataclass
class DemoPart:
    kind: str
    data: dict


@dataclass
class DemoPerson:
    index: int
    person: dict
    parts: list[DemoPart] = field(default_factory=list)


CAUSES_ADULT = [
    ("general_disease", 55), ("work_injury", 6), ("occupational_disease", 4), ("war", 14),
    ("chornobyl", 4), ("military_service", 7), ("from_childhood", 10),
]
GROUPS_ADULT = [("I", 15), ("II", 45), ("III", 40)]


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs)
    return rng.choices(values, weights=weights, k=1)[0]


def _clamp_past(day: date, today: date) -> date:
    return min(day, today - timedelta(days=1))


class PopulationGenerator:
    def __init__(self, *, offices: list[tuple[int, list[str]]], today: date | None = None, seed: int = 999):
        """``offices``: (office id, territory codes of places in its district)."""
        self.offices = offices
        self.today = today or date.today()
        self.seed = seed
        self.faker = Faker("uk_UA")

    def person(self, index: int) -> DemoPerson:
        rng = random.Random(self.seed * 1_000_003 + index)
        self.faker.seed_instance(self.seed * 7_919 + index)
        fk = self.faker
        born = FIRST_BIRTH + timedelta(days=index % BIRTH_DAYS)
        # One person in eight is a child: move the birth date into the last 17 years.
        is_child = rng.random() < 0.12
        if is_child:
            born = CHILD_ANCHOR - timedelta(days=365 * 2 + (index * 37) % CHILD_BIRTH_DAYS)
        male = rng.random() < 0.52
        # Children's birth days repeat every CHILD_BIRTH_DAYS indices; their
        # serials live in 500..999 so they never meet an adult's number.
        serial = 500 + (index // CHILD_BIRTH_DAYS) % 500 if is_child else index // BIRTH_DAYS
        rnokpp = make_rnokpp(born, serial, male)
        surname = fk.last_name_male() if male else fk.last_name_female()
        office_id, places = self.offices[index % len(self.offices)]
        person = {
            "surname": surname,
            "given_name": fk.first_name_male() if male else fk.first_name_female(),
            "patronymic": fk.middle_name_male() if male else fk.middle_name_female(),
            "date_of_birth": born,
            "sex": "male" if male else "female",
            "rnokpp": rnokpp,
            "rnokpp_refused": False,
            "phone": f"+38067{index % 10_000_000:07d}",
            "email": f"demo{index}@example.com" if rng.random() < 0.6 else "",
            "office_id": office_id,
        }
        result = DemoPerson(index=index, person=person)
        age = (self.today - born).days // 365
        if is_child:
            result.parts.append(DemoPart("documents", {
                "kind": "birth_certificate", "series": rng.choice(["І-ЖС", "І-КИ", "ІІ-БК", "І-ЛВ"]),
                "number": f"{(index * 7) % 1_000_000:06d}", "issued_on": born + timedelta(days=10),
                "issued_by": "Відділ державної реєстрації актів цивільного стану",
            }))
        elif age >= 16 and rng.random() < 0.5:
            issued = _clamp_past(born + timedelta(days=365 * 16 + rng.randint(0, 2000)), self.today)
            result.parts.append(DemoPart("documents", {
                "kind": "passport_booklet", "series": rng.choice(["МК", "СО", "ВА", "КВ", "НЕ", "АР"]),
                "number": f"{(index * 13) % 1_000_000:06d}", "issued_on": issued,
                "issued_by": "Шевченківським РУ ГУ МВС України в м. Києві",
            }))
        else:
            issued = _clamp_past(date(2017, 1, 1) + timedelta(days=index % 3000), self.today)
            result.parts.append(DemoPart("documents", {
                "kind": "id_card", "series": "", "number": f"{index % 1_000_000_000:09d}",
                "issued_on": issued, "issued_by": f"{8000 + index % 100}",
                "valid_until": issued + timedelta(days=3652),
            }))
        result.parts.append(DemoPart("addresses", {
            "kind": "registered", "territory_id": places[index % len(places)],
            "street": fk.street_name(), "building": str(rng.randint(1, 120)),
            "apartment": str(rng.randint(1, 200)) if rng.random() < 0.6 else "",
            "postcode": f"{rng.randint(1000, 99999):05d}",
        }))
        # Assessment and disability status (and, for some, an earlier status).
        adult_from = born + timedelta(days=365 * 18)
        if is_child:
            group, cause = "child", "from_childhood"
            assessed = _clamp_past(born + timedelta(days=rng.randint(180, max(181, (self.today - born).days - 1))), self.today)
            kind = "lkk"
        else:
            group, cause = _weighted(rng, GROUPS_ADULT), _weighted(rng, CAUSES_ADULT)
            start = max(adult_from, date(2000, 1, 1))
            span = max(1, (self.today - start).days - 30)
            assessed = start + timedelta(days=rng.randint(0, span))
            kind = "expert_team" if assessed >= date(2025, 1, 1) else "msek"
        indications = group in ("I", "II") and rng.random() < 0.35
        assessment = {
            "kind": kind, "assessed_on": assessed,
            "conclusion_number": f"{assessed.year}/{index % 100000:05d}",
            "body_name": "Експертна команда з оцінювання повсякденного функціонування" if kind == "expert_team"
            else ("Лікарсько-консультативна комісія дитячої поліклініки" if kind == "lkk" else "Обласна МСЕК"),
            "indications_for_car": indications,
            "hand_controls": indications and rng.random() < 0.4,
            "contraindications_to_driving": indications and rng.random() < 0.1,
        }
        result.parts.append(DemoPart("assessments", assessment))
        fixed_term = group == "III" or is_child or rng.random() < 0.3
        if is_child:
            valid_until = born + timedelta(days=365 * 18)
        elif fixed_term:
            valid_until = assessed + timedelta(days=365 * rng.choice([1, 2, 3]))
        else:
            valid_until = None
        if not is_child and group != "I" and rng.random() < 0.25 and assessed - timedelta(days=800) > adult_from:
            earlier = assessed - timedelta(days=rng.randint(400, 800))
            result.parts.append(DemoPart("statuses", {
                "group": "III", "subgroup_a": False, "cause": cause, "established_on": earlier,
                "valid_until": earlier + timedelta(days=365), "ended_on": None, "assessment": None,
            }))
        result.parts.append(DemoPart("statuses", {
            "group": group, "subgroup_a": group == "I" and rng.random() < 0.3, "cause": cause,
            "established_on": assessed, "valid_until": valid_until, "ended_on": None, "assessment": "last",
        }))
        if is_child:
            mother_born = born - timedelta(days=365 * rng.randint(22, 38))
            result.parts.append(DemoPart("representatives", {
                "kind": "parent", "surname": feminine_surname(surname),
                "given_name": fk.first_name_female(), "patronymic": fk.middle_name_female(),
                "date_of_birth": mother_born, "rnokpp": make_rnokpp(mother_born, 900 + index % 99, False),
                "phone": f"+38050{index % 10_000_000:07d}", "email": f"parent{index}@example.com",
                "authority_document": "birth_certificate",
                "authority_document_number": f"{(index * 7) % 1_000_000:06d}",
                "authority_document_date": born + timedelta(days=10), "authority_valid_until": None,
            }))
        if rng.random() < 0.5:
            spouse_male = not male
            result.parts.append(DemoPart("family", {
                "relation": "spouse" if not is_child else "parent",
                "surname": surname,
                "given_name": fk.first_name_male() if spouse_male else fk.first_name_female(),
                "patronymic": fk.middle_name_male() if spouse_male else fk.middle_name_female(),
                "date_of_birth": born - timedelta(days=rng.randint(-1500, 1500)) if not is_child
                else born - timedelta(days=365 * 30),
                "rnokpp": "", "registered_at_same_address": rng.random() < 0.85,
                "holds_driving_licence": rng.random() < 0.6,
            }))
        return result

    def people(self, start: int, stop: int) -> Iterator[DemoPerson]:
        for index in range(start, stop):
            yield self.person(index)
