"""The world of the merged mark in lists (tests/duplicates/test_merge_mark_in_lists.py and
tests/browser/test_merge_mark_lists.py): Олена Петренко is the kept record; "Алена Петренко",
the same woman written with a typo by another clerk, was merged into her. Afterwards a paper
application, a car application and a queue entry were still entered on Алена's old record (the
officer looked her up by the old card)."""

from __future__ import annotations

from datetime import date

from cbi.applications import workflow
from cbi.carqueue.decisions import services as queue_decisions
from cbi.carqueue.models import QueueDecision, QueueEntry
from cbi.organizations.models import Organization
from cbi.registry.demo import make_rnokpp
from cbi.registry.models import DisabilityStatus, IdentityDocument
from tests.applications.fixtures import advance, cabinet_user_for, new_application
from tests.carqueue.test_applications import register, with_assessment
from tests.conftest import SHEVCHENKIVSKYI, make_person
from tests.duplicates.test_merged_mark import _merged


def _with_status(person):
    """Group II since 2023 and an ID card: what a car application needs from the registry."""
    IdentityDocument.objects.create(person=person, kind="id_card", number=f"{abs(hash(person.pk)) % 10**9:09d}",
                                    issued_on=date(2019, 6, 1), issued_by="8000")
    DisabilityStatus.objects.create(person=person, group="II", cause="general_disease", established_on=date(2023, 5, 15))
    return person


def build(organizations, district_officer, wheelchair) -> dict:
    """Олена Петренко kept, Алена merged into her; then a submitted product application, a car
    application, a queue entry and a proposed removal on Алена's old record and on Тарас
    Бондар's, a neighbour never merged."""
    olena, alena, merge = _merged(organizations, district_officer)
    # Тарас Бондар, a neighbour of the same office, never merged: his rows carry no mark.
    taras = make_person(organizations[SHEVCHENKIVSKYI], surname="Бондар", given_name="Тарас",
                        patronymic="Андрійович", sex="male", date_of_birth=date(1971, 8, 14),
                        rnokpp=make_rnokpp(date(1971, 8, 14), 55, True))
    for person, username in ((alena, "alena.petrenko"), (taras, "taras.bondar")):
        _with_status(person)
        user = cabinet_user_for(person, username)
        advance(new_application(workflow.PROVISION, person=person, person_user=user, product=wheelchair),
                workflow.SUBMITTED, officer=district_officer, person_user=user)
        register(district_officer, with_assessment(person))
    region = Organization.objects.get(code="rd-80")
    for number, person in enumerate((alena, taras), start=1):
        entry = QueueEntry.objects.create(person=person, region=region, category="general",
                                          enrollment_date=date(2021, 4, 12 + number), journal_number=900 + number)
        QueueDecision.objects.create(entry=entry, kind="removal", status="proposed", rule_id="CQ-RM-1",
                                     citation="Постанова КМУ № 999, п. 12",
                                     reason_uk="Строк встановлення інвалідності закінчився.",
                                     effective_on=date(2026, 12, 1), proposed_by_system=True)
    queue_decisions.renumber(entry, cause="test")
    return {"olena": olena, "alena": alena, "taras": taras, "merge": merge}


def more_merged(world, officer, wheelchair, n: int) -> None:
    """``n`` more persons, each merged into a kept twin, each with the same rows as Алена."""
    from cbi.duplicates import services
    from cbi.duplicates.models import DuplicatePair
    office = world["olena"].office
    region = Organization.objects.get(code="rd-80")
    names = ["Оксана", "Ірина", "Марія", "Галина", "Тетяна", "Лариса", "Надія", "Віра", "Зоя", "Уляна"]
    for i in range(n):
        born = date(1960 + i, 5, 3)
        kept = make_person(office, surname="Коваль", given_name=names[i], patronymic="Степанівна",
                           date_of_birth=born, rnokpp=make_rnokpp(born, 10 + i, False))
        twin = make_person(office, surname="Коваль", given_name=names[i] + "а"[: i % 2], patronymic="Степанiвна",
                           date_of_birth=born, rnokpp=make_rnokpp(born, 40 + i, False))
        first, second = sorted((kept, twin), key=lambda p: str(p.pk))
        pair = DuplicatePair.objects.create(person_a=first, person_b=second, score=97)
        services.merge(actor=officer, pair_id=pair.pk, survivor_id=kept.pk)
        _with_status(twin)
        user = cabinet_user_for(twin, f"twin.{i}")
        advance(new_application(workflow.PROVISION, person=twin, person_user=user, product=wheelchair),
                workflow.SUBMITTED, officer=officer, person_user=user)
        register(officer, with_assessment(twin))
        entry = QueueEntry.objects.create(person=twin, region=region, category="general",
                                          enrollment_date=date(2022, 2, 1 + i), journal_number=950 + i)
        QueueDecision.objects.create(entry=entry, kind="removal", status="proposed", rule_id="CQ-RM-1",
                                     citation="Постанова КМУ № 999, п. 12",
                                     reason_uk="Строк встановлення інвалідності закінчився.",
                                     effective_on=date(2026, 12, 1), proposed_by_system=True)
    queue_decisions.renumber(entry, cause="test")
