"""Sharing a batch of cars between the categories (CQ-CAT-3) and humanitarian cars (item 41)."""

from __future__ import annotations

from datetime import date

import pytest

from cbi.carqueue.decisions import services as queue_decisions
from cbi.carqueue.models import CarOffer, QueueDecision, QueueEntry, QueueNumberChange
from cbi.carqueue.rules.citations import citation
from cbi.registry.models import DisabilityStatus
from cbi.carqueue.error_codes import CarqueueErrorCode
from tests.conftest import PECHERSKYI, SHEVCHENKIVSKYI, make_person



def valid_rnokpp(index: int) -> str:
    from stdnum.ua import rntrc

    base = f"{2700000000 + index * 7919:010d}"[:9]
    return next(base + str(d) for d in range(10) if rntrc.is_valid(base + str(d)))


def make_queue(organizations, *, general: int, first_priority: int = 0, out_of_turn: int = 0) -> dict:
    """Persons of Kyiv enrolled in the categories, in journal order."""
    queue: dict[str, list[QueueEntry]] = {"first_priority": [], "out_of_turn": [], "general": []}
    number = 100
    for category, count in (("first_priority", first_priority), ("out_of_turn", out_of_turn),
                            ("general", general)):
        for i in range(count):
            number += 1
            person = make_person(organizations[SHEVCHENKIVSKYI if number % 2 else PECHERSKYI],
                                 surname=f"Коваль{'енко' if i % 2 else 'чук'}", given_name="Тарас",
                                 rnokpp=valid_rnokpp(number), sex="male", patronymic="Іванович")
            DisabilityStatus.objects.create(person=person, group="II", cause="general_disease",
                                            established_on=date(2019, 1, 1))
            entry = QueueEntry.objects.create(person=person, region=organizations["rd-80"], category=category,
                                              enrollment_date=date(2020, 1, 1 + i), journal_number=number)
            queue[category].append(entry)
    for category in queue:
        if queue[category]:
            queue_decisions.renumber(queue[category][0], cause="test")
    return queue


def test_batch_is_shared_by_the_default_quotas(organizations, regional_officer):
    queue = make_queue(organizations, first_priority=6, out_of_turn=4, general=3)
    _, shares = queue_decisions.propose_batch(region=organizations["rd-80"], cars=10)
    assert [(s.category, s.quota, s.count) for s in shares] == [
        ("first_priority", 50, 5), ("out_of_turn", 30, 3), ("general", 20, 2)]
    batch = queue_decisions.record_batch(actor=regional_officer, region=organizations["rd-80"],
                                    arrived_on=date(2024, 5, 6), cars=10)
    assert batch.allocation["counts"] == {"first_priority": 5, "out_of_turn": 3, "general": 2}
    assert batch.allocation["quotas"] == {"first_priority": 50, "out_of_turn": 30, "general": 20}
    offered = {c: [o.entry for o in batch.offers.filter(category=c).order_by("entry__journal_number")]
               for c in queue}
    assert offered["first_priority"] == queue["first_priority"][:5]  # the top of each queue
    assert offered["general"] == queue["general"][:2]


def test_a_short_queue_passes_its_share_on(organizations, regional_officer):
    make_queue(organizations, first_priority=1, out_of_turn=0, general=5)
    _, shares = queue_decisions.propose_batch(region=organizations["rd-80"], cars=4)
    assert [s.count for s in shares] == [1, 0, 3]


def test_accepting_provides_the_car_and_renumbers(organizations, regional_officer):
    queue = make_queue(organizations, general=3)
    batch = queue_decisions.record_batch(actor=regional_officer, region=organizations["rd-80"],
                                    arrived_on=date(2024, 5, 6), cars=1)
    [offer] = batch.offers.all()
    decision = queue_decisions.accept_offer(offer=offer, actor=regional_officer, on=date(2024, 5, 10))
    assert (decision.kind, decision.rule_id, decision.citation) == ("car_provided", "CQ-CAT-3", citation("CQ-CAT-3"))
    first, second, third = (QueueEntry.objects.get(pk=e.pk) for e in queue["general"])
    assert first.status == "provided" and first.number is None
    assert (second.number, third.number) == (1, 2)
    assert QueueNumberChange.objects.filter(entry=second, old_number=2, new_number=1).exists()


def test_a_declined_offer_passes_to_the_next_in_line(organizations, regional_officer):
    queue = make_queue(organizations, general=3)
    batch = queue_decisions.record_batch(actor=regional_officer, region=organizations["rd-80"],
                                    arrived_on=date(2024, 5, 6), cars=1)
    [offer] = batch.offers.all()
    following = queue_decisions.decline_offer(offer=offer, actor=regional_officer, on=date(2024, 5, 8))
    assert following.entry == queue["general"][1] and following.batch == batch and following.status == "offered"
    offer.refresh_from_db()
    assert offer.status == "declined"
    # the one who declined keeps their place
    assert QueueEntry.objects.get(pk=queue["general"][0].pk).status == "active"
    last = queue_decisions.decline_offer(offer=following, actor=regional_officer, on=date(2024, 5, 9))
    assert last.entry == queue["general"][2]
    assert queue_decisions.decline_offer(offer=last, actor=regional_officer, on=date(2024, 5, 10)) is None
    batch.refresh_from_db()
    assert batch.allocation["unallocated"] == 1
    with pytest.raises(queue_decisions.DecisionError) as answered:
        queue_decisions.accept_offer(offer=last, actor=regional_officer)
    assert answered.value.code == CarqueueErrorCode.OFFER_ANSWERED.value


def test_humanitarian_car_needs_consent(organizations, regional_officer):
    queue = make_queue(organizations, general=2)
    entry = queue["general"][1]
    with pytest.raises(queue_decisions.DecisionError) as refused:
        queue_decisions.issue_humanitarian(entry=entry, actor=regional_officer, on=date(2024, 5, 6), consent=False)
    assert refused.value.code == CarqueueErrorCode.HUMANITARIAN_CONSENT_REQUIRED.value
    assert not CarOffer.objects.exists()
    offer = queue_decisions.issue_humanitarian(entry=entry, actor=regional_officer, on=date(2024, 5, 6), consent=True,
                                          note="Благодійний фонд «Рідні», лист № 14/05.")
    assert offer.humanitarian and offer.batch is None and offer.status == "accepted"
    decision = QueueDecision.objects.get(entry=entry)
    assert decision.kind == "car_provided" and "п. 41" in decision.reason_uk and "згодою" in decision.reason_uk
    entry.refresh_from_db()
    assert entry.status == "provided"
    assert QueueEntry.objects.get(pk=queue["general"][0].pk).number == 1


def test_allocation_pages(organizations, regional_officer, auditor):
    from django.urls import reverse

    from tests.conftest import signed_in

    queue = make_queue(organizations, first_priority=1, out_of_turn=1, general=2)
    client = signed_in(regional_officer)
    new = reverse("carqueue:allocation_new")
    assert client.get(new).status_code == 200
    preview = client.post(new, {"arrived_on": "2024-05-06", "cars": "3"})
    text = preview.content.decode()
    assert preview.status_code == 200 and "CQ-CAT-3" in text and queue["general"][0].person.full_name in text
    from cbi.carqueue.models import CarBatch

    assert not CarBatch.objects.exists()  # the preview records nothing
    done = client.post(new, {"arrived_on": "2024-05-06", "cars": "3", "confirm": "1"})
    batch = CarBatch.objects.get()
    assert done.status_code == 302 and batch.offers.count() == 3
    offer = batch.offers.get(category="general")
    answer = reverse("carqueue:allocation_answer", args=[offer.pk, "decline"])
    assert client.get(answer).status_code == 200
    assert client.post(answer).status_code == 302
    assert batch.offers.filter(category="general", status="offered").get().entry == queue["general"][1]
    # read-only for national bodies
    national = signed_in(auditor)
    assert national.get(reverse("carqueue:allocation_detail", args=[batch.pk])).status_code == 200
    assert national.get(new).status_code == 403


def test_humanitarian_page_requires_the_consent_box(organizations, regional_officer):
    from django.urls import reverse

    from tests.conftest import signed_in

    queue = make_queue(organizations, general=1)
    entry = queue["general"][0]
    client = signed_in(regional_officer)
    url = reverse("carqueue:allocation_humanitarian")
    data = {"entry": entry.pk, "issued_on": "2024-05-06", "note": "Фонд «Рідні», акт № 14 від 02.05.2024."}
    refused = client.post(url, data)
    assert refused.status_code == 200 and 'aria-invalid="true"' in refused.content.decode()
    preview = client.post(url, {**data, "consent": "on"})
    assert preview.status_code == 200 and not CarOffer.objects.exists()
    done = client.post(url, {**data, "consent": "True", "confirm": "1"})
    assert done.status_code == 302
    assert CarOffer.objects.get().humanitarian


def test_another_regions_batch_is_a_404(organizations, regional_officer):
    from django.urls import reverse

    from cbi.accounts.models import Role
    from tests.conftest import make_staff, signed_in

    make_queue(organizations, general=1)
    batch = queue_decisions.record_batch(actor=regional_officer, region=organizations["rd-80"],
                                    arrived_on=date(2024, 5, 6), cars=1)
    lviv = signed_in(make_staff(organizations, "regional.lviv", Role.REGIONAL_OFFICER, "rd-46"))
    assert lviv.get(reverse("carqueue:allocation_detail", args=[batch.pk])).status_code == 404
    offer = batch.offers.get()
    assert lviv.get(reverse("carqueue:allocation_answer", args=[offer.pk, "accept"])).status_code == 404


def test_humanitarian_car_is_judged_by_the_engine_and_written_to_the_journal(organizations, regional_officer):
    from cbi.carqueue.intake.journal import verify
    from cbi.carqueue.models import CarApplication, JournalEntry

    queue = make_queue(organizations, general=3)
    entry = queue["general"][2]  # third in line: item 41 goes outside the queue order
    entry.application = CarApplication.objects.create(
        person=entry.person, office=entry.person.office, received_via="in_person", received_on=date(2019, 12, 20),
        kind="first", status="enrolled", enrollment_date=entry.enrollment_date, category="general",
        registered_by=regional_officer, decision={"applied_rules": []})
    entry.save()
    queue_decisions.issue_humanitarian(entry=entry, actor=regional_officer, on=date(2024, 5, 6), consent=True,
                                  received_on=date(2024, 4, 29), note="Фонд «Рідні», акт № 14 від 29.04.2024.")
    decision = QueueDecision.objects.get(entry=entry, kind="car_provided")
    assert decision.rule_id == "CQ-CAT-3" and decision.citation == citation("CQ-CAT-3")
    assert "29.04.2024" in decision.reason_uk and "згодою від 06.05.2024" in decision.reason_uk
    assert "поза квотами й поза черговістю" in decision.reason_uk and "CQ-DATE-5" in decision.reason_uk
    [record] = JournalEntry.objects.filter(application=entry.application, kind="car_provided")
    assert record.payload["humanitarian"] is True and record.payload["outside_queue"] is True
    assert record.payload["consent_on"] == "2024-05-06" and record.payload["received_on"] == "2024-04-29"
    assert record.payload["decision"] == decision.pk
    assert verify(record.journal)[1] is None
    # the first two keep their places; nobody else got a car
    assert [QueueEntry.objects.get(pk=e.pk).number for e in queue["general"][:2]] == [1, 2]


def test_a_quota_car_is_written_to_the_journal_too(organizations, regional_officer):
    from cbi.carqueue.models import CarApplication, JournalEntry

    queue = make_queue(organizations, general=1)
    entry = queue["general"][0]
    entry.application = CarApplication.objects.create(
        person=entry.person, office=entry.person.office, received_via="in_person", received_on=date(2019, 12, 20),
        kind="first", status="enrolled", enrollment_date=entry.enrollment_date, category="general",
        registered_by=regional_officer, decision={"applied_rules": []})
    entry.save()
    queue_decisions.record_batch(region=organizations["rd-80"], arrived_on=date(2024, 5, 6), cars=1,
                                 actor=regional_officer)
    offer = CarOffer.objects.get(entry=entry)
    queue_decisions.accept_offer(offer=offer, actor=regional_officer, on=date(2024, 5, 8))
    [record] = JournalEntry.objects.filter(application=entry.application, kind="car_provided")
    assert record.payload["humanitarian"] is False and record.payload["offer"] == offer.pk
