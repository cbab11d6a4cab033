"""The car queue (CQ-CAT-1, CQ-DATE-*, EC-APP-9): enrollment from the regional department's
decision, numbering by enrollment date then journal number, separate numbering per category,
the history of every number, the officers' queue list (scope) and the cabinet page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.test import Client

from cbi.accounts.models import CabinetAccount, Representation
from cbi.carqueue.queue import services as queue
from cbi.carqueue.models import QueueDecision, QueueEntry, QueueNumberChange
from cbi.carqueue.queue.selectors import person_place
from cbi.registry.models import Address, Assessment, DisabilityStatus, Organization, Person, Territory
from tests.carqueue.test_applications import register, with_assessment
from tests.carqueue.test_workflow import run_to
from tests.clock import STORY_NOW
from tests.conftest import LVIV_DISTRICT, PECHERSKYI, SHEVCHENKIVSKYI, signed_in

# Every story here is dated (October–November 2026): freeze today just after it.
pytestmark = pytest.mark.time_machine(STORY_NOW)

QUEUE = "/staff/car-queue/queue/"
CABINET = "/cabinet/car-queue/"

PEOPLE = [
    # surname, given name, patronymic, birth date, sex
    ("Шевчук", "Василь", "Петрович", date(1961, 2, 14), "male"),
    ("Коваль", "Марія", "Степанівна", date(1979, 8, 30), "female"),
    ("Ткачук", "Олег", "Миколайович", date(1990, 1, 5), "male"),
    ("Лисенко", "Ганна", "Олексіївна", date(1955, 12, 1), "female"),
    ("Бойко", "Ігор", "Іванович", date(1972, 6, 19), "male"),
]


def new_person(office, *, surname="Петренко", given_name="Олена", patronymic="Іванівна",
               date_of_birth=date(1985, 3, 27), sex="female") -> Person:
    """A person who refused a taxpayer number (mark in the passport): no РНОКПП to invent."""
    return Person.objects.create(surname=surname, given_name=given_name, patronymic=patronymic,
                                 date_of_birth=date_of_birth, sex=sex, rnokpp=None, rnokpp_refused=True,
                                 office=office)


def registered(person):
    """Registered in Kyiv, group II (general disease) since 2020: eligible but for the assessment."""
    Address.objects.create(person=person, kind="registered", street="вул. Велика Васильківська", building="72",
                           territory=Territory.objects.get(code="UA80000000001078669"), postcode="03150")
    DisabilityStatus.objects.create(person=person, group="II", cause="general_disease", established_on=date(2020, 1, 1))
    return person


def people(organizations, count: int, office: str = SHEVCHENKIVSKYI) -> list:
    return [new_person(organizations[office], surname=surname, given_name=given, patronymic=patronymic,
                       date_of_birth=born, sex=sex)
            for surname, given, patronymic, born, sex in PEOPLE[:count]]


def entry(person, region, *, category="general", enrolled=date(2024, 3, 1), journal=1, status="active"):
    return QueueEntry.objects.create(person=person, region=region, category=category, enrollment_date=enrolled,
                                     journal_number=journal, status=status)


def numbers(region, category="general") -> list[tuple[str, int | None]]:
    return list(QueueEntry.objects.filter(region=region, category=category, status="active")
                .order_by("number").values_list("person__surname", "number"))


# --- enrollment through the decision ----------------------------------------------------------


def test_the_decision_enrolled_puts_the_person_in_the_queue(person, district_officer, regional_officer):
    # The МСЕК found indications on 22.10.2026, after the application: its date counts (CQ-DATE-1).
    applicant = with_assessment(person, on=date(2026, 10, 22))
    application = register(district_officer, applicant, received_on=date(2026, 10, 12))
    application = run_to("decided", district_officer, regional_officer, application)
    assert application.status == "enrolled"

    entry = QueueEntry.objects.get(application=application)
    assert entry.person == applicant and entry.region.code == "rd-80" and entry.status == "active"
    assert (entry.category, entry.enrollment_date, entry.journal_number) == ("general", date(2026, 10, 22), 1)
    assert entry.number == 1 and entry.numbered_at is not None and entry.family_key is None
    assert [r["rule_id"] for r in entry.reasons] == ["CQ-CAT-2", "CQ-DATE-1"]
    assert all(r["citation"].startswith("Постанова КМУ № 999") and r["reason_uk"] and r["reason_en"]
               for r in entry.reasons)

    decision = QueueDecision.objects.get(entry=entry)
    assert (decision.kind, decision.status, decision.rule_id) == ("enrollment", "confirmed", "CQ-DATE-1")
    assert decision.effective_on == date(2026, 10, 22) and decision.decided_by == regional_officer
    assert "Постанова КМУ № 999" in decision.citation

    change = entry.number_changes.get()
    assert (change.old_number, change.new_number, change.cause) == (None, 1, "enrollment")
    # Calling enroll again does not make a second entry.
    assert queue.enroll(application=application, actor=regional_officer) == entry
    assert QueueEntry.objects.count() == 1


def test_a_refused_application_makes_no_entry(organizations, district_officer, regional_officer):
    person = registered(new_person(organizations[SHEVCHENKIVSKYI]))
    with_assessment(person, indications=False)
    application = run_to("decided", district_officer, regional_officer,
                         register(district_officer, person, received_on=date(2026, 10, 12)))
    assert application.status == "refused" and not QueueEntry.objects.exists()


def test_an_earlier_enrollment_date_takes_an_earlier_place(organizations, district_officer, regional_officer):
    """Two people decided in the same month: the one whose assessment came earlier is No. 1,
    even though their application reached the regional journal later."""
    late, early = (registered(p) for p in people(organizations, 2))
    # late: no assessment after the application → the application's date 12.10.2026 (CQ-DATE-1).
    with_assessment(late, on=date(2026, 9, 1))
    first = run_to("decided", district_officer, regional_officer,
                   register(district_officer, late, received_on=date(2026, 10, 12)))
    # early: registered 01.10, assessment on 05.10 (after the application) → 05.10.2026.
    second = register(district_officer, early, received_on=date(2026, 10, 1))
    second = run_to("registered_at_region", district_officer, regional_officer, second, start=date(2026, 10, 1))
    Assessment.objects.create(person=early, kind="msek", assessed_on=date(2026, 10, 5), indications_for_car=True)
    second = run_to("decided", district_officer, regional_officer, second, start=date(2026, 10, 1))
    region = Organization.objects.get(code="rd-80")
    # The regional journal also numbers the decisions: 1 (registered), 2 (decision), 3.
    assert (first.region_number, second.region_number) == (1, 3)
    assert numbers(region) == [("Коваль", 1), ("Шевчук", 2)]
    moved = QueueEntry.objects.get(application=first).number_changes.order_by("id")
    assert [(c.old_number, c.new_number, c.cause) for c in moved] == [(None, 1, "enrollment"), (1, 2, "enrollment")]


def test_joint_family_application_is_one_entry_with_a_family_key(person, district_officer, regional_officer):
    """CQ-DATE-3: the family is enrolled from the first member's date (here the other
    member's recorded enrollment date, 03.02.2025)."""
    applicant = with_assessment(person)
    application = register(district_officer, applicant, received_on=date(2026, 10, 12), kind="joint_family",
                           family_enrollment_date=date(2025, 2, 3))
    application = run_to("decided", district_officer, regional_officer, application)
    entry = QueueEntry.objects.get()
    assert entry.family_key == application.pk and entry.enrollment_date == date(2025, 2, 3)
    assert [r["rule_id"] for r in entry.reasons] == ["CQ-CAT-2", "CQ-DATE-3"]
    assert QueueDecision.objects.get(entry=entry).rule_id == "CQ-DATE-3"


def test_member_asking_separately_gets_own_entry_from_own_date(person, district_officer, regional_officer):
    """CQ-DATE-4: from the date they could have been enrolled alone (their original
    application of 01.06.2026, assessment then) and in their own category."""
    applicant = with_assessment(person, on=date(2026, 6, 10))
    application = register(district_officer, applicant, received_on=date(2026, 10, 12), kind="separate_from_family",
                           original_registered_on=date(2026, 6, 1))
    run_to("decided", district_officer, regional_officer, application)
    entry = QueueEntry.objects.get()
    assert entry.family_key is None and entry.category == "general"
    assert entry.enrollment_date == date(2026, 6, 10)
    assert entry.reasons[1]["rule_id"] == "CQ-DATE-4"


def test_replacement_is_not_earlier_than_the_end_of_the_ten_years(person, district_officer, regional_officer):
    """CQ-DATE-5: the previous car was issued 20.12.2016 → not before 20.12.2026."""
    applicant = with_assessment(person)
    application = register(district_officer, applicant, received_on=date(2026, 10, 12), kind="replacement",
                           previous_car_issued_on=date(2016, 12, 20))
    run_to("decided", district_officer, regional_officer, application)
    entry = QueueEntry.objects.get()
    assert entry.enrollment_date == date(2026, 12, 20) and entry.reasons[1]["rule_id"] == "CQ-DATE-5"


def test_reestablished_disability_counts_from_the_new_certificate(person, district_officer, regional_officer):
    """CQ-DATE-7: the registry holds the removed status and the re-established one."""
    DisabilityStatus.objects.filter(person=person).update(established_on=date(2018, 1, 10), ended_on=date(2022, 3, 1))
    DisabilityStatus.objects.create(person=person, group="II", cause="general_disease", established_on=date(2025, 9, 4))
    applicant = with_assessment(person)
    application = register(district_officer, applicant, received_on=date(2026, 10, 12),
                           kind="after_reestablishment")
    run_to("decided", district_officer, regional_officer, application)
    entry = QueueEntry.objects.get()
    assert entry.enrollment_date == date(2025, 9, 4) and entry.reasons[1]["rule_id"] == "CQ-DATE-7"
    assert entry.flags == []


# --- numbering ---------------------------------------------------------------------------------


@pytest.fixture
def kyiv(organizations):
    return organizations["rd-80"]


def test_numbers_follow_the_date_then_the_journal_number(organizations, kyiv):
    a, b, c, d = people(organizations, 4)
    entry(a, kyiv, enrolled=date(2024, 5, 1), journal=7)
    entry(b, kyiv, enrolled=date(2024, 3, 1), journal=9)
    entry(c, kyiv, enrolled=date(2024, 3, 1), journal=4)
    entry(d, kyiv, enrolled=date(2023, 12, 30), journal=12)
    assert queue.renumber(kyiv, "general", cause="recount") == 4
    assert numbers(kyiv) == [("Лисенко", 1), ("Ткачук", 2), ("Коваль", 3), ("Шевчук", 4)]
    # Nothing changed: nothing is written.
    assert queue.renumber(kyiv, "general", cause="recount") == 0
    assert QueueNumberChange.objects.count() == 4


def test_renumbering_after_a_removal_records_every_change(organizations, kyiv):
    a, b, c = people(organizations, 3)
    first = entry(a, kyiv, enrolled=date(2024, 1, 10), journal=1)
    second = entry(b, kyiv, enrolled=date(2024, 2, 10), journal=2)
    third = entry(c, kyiv, enrolled=date(2024, 3, 10), journal=3)
    queue.renumber(kyiv, "general", cause="enrollment")
    QueueEntry.objects.filter(pk=first.pk).update(status="removed")
    assert queue.renumber(kyiv, "general", cause="removal") == 3
    assert numbers(kyiv) == [("Коваль", 1), ("Ткачук", 2)]
    first.refresh_from_db()
    assert first.number is None
    trail = {e.pk: [(c.old_number, c.new_number, c.cause) for c in e.number_changes.order_by("id")]
             for e in (first, second, third)}
    assert trail == {
        first.pk: [(None, 1, "enrollment"), (1, None, "removal")],
        second.pk: [(None, 2, "enrollment"), (2, 1, "removal")],
        third.pk: [(None, 3, "enrollment"), (3, 2, "removal")],
    }


def test_each_category_and_region_is_numbered_separately(organizations, kyiv):
    a, b, c, d = people(organizations, 4)
    lviv = organizations["rd-46"]
    entry(a, kyiv, category="first_priority", enrolled=date(2024, 6, 1), journal=1)
    entry(b, kyiv, category="general", enrolled=date(2024, 1, 1), journal=2)
    entry(c, kyiv, category="first_priority", enrolled=date(2024, 2, 1), journal=3)
    entry(d, lviv, category="first_priority", enrolled=date(2020, 2, 1), journal=1)
    assert queue.renumber_all() == 4
    assert numbers(kyiv, "first_priority") == [("Ткачук", 1), ("Шевчук", 2)]
    assert numbers(kyiv, "general") == [("Коваль", 1)]
    assert numbers(lviv, "first_priority") == [("Лисенко", 1)]


def test_the_command_renumbers_everything(organizations, kyiv, capsys):
    a, b = people(organizations, 2)
    entry(a, kyiv, enrolled=date(2024, 6, 1), journal=1)
    entry(b, kyiv, enrolled=date(2024, 1, 1), journal=2)
    call_command("carqueue_renumber")
    assert "2" in capsys.readouterr().out
    assert numbers(kyiv) == [("Коваль", 1), ("Шевчук", 2)]
    assert set(QueueNumberChange.objects.values_list("cause", flat=True)) == {"recount"}


def test_person_place_gives_category_number_reasons_and_history(organizations, kyiv):
    a, b = people(organizations, 2)
    mine = entry(a, kyiv, enrolled=date(2024, 6, 1), journal=5)
    mine.reasons = [{"rule_id": "CQ-DATE-1", "citation": "Постанова КМУ № 999, п. 10",
                     "reason_uk": "Дата огляду.", "reason_en": "Assessment date."}]
    mine.save()
    queue.renumber(kyiv, "general", cause="enrollment")
    entry(b, kyiv, enrolled=date(2024, 1, 1), journal=6)
    queue.renumber(kyiv, "general", cause="enrollment")
    [place] = person_place(a)
    assert (place.category, place.number, place.enrollment_date) == ("general", 2, date(2024, 6, 1))
    assert [(r.rule_id, r.text) for r in place.reasons] == [("CQ-DATE-1", "Дата огляду.")]
    assert [(h.old_number, h.new_number) for h in place.history] == [(1, 2), (None, 1)]
    assert person_place(people(organizations, 3)[2]) == []


# --- the officers' queue list ------------------------------------------------------------------


@pytest.fixture
def queue_rows(organizations, kyiv):
    """Kyiv: Шевчук (Shevchenkivskyi office) and Коваль (Pecherskyi); Lviv: Ткачук."""
    shevchuk = people(organizations, 1)[0]
    koval = people(organizations, 2, office=PECHERSKYI)[1]
    tkachuk = people(organizations, 3, office=LVIV_DISTRICT)[2]
    entry(shevchuk, kyiv, enrolled=date(2024, 2, 1), journal=1)
    entry(koval, kyiv, enrolled=date(2024, 1, 1), journal=2)
    entry(tkachuk, organizations["rd-46"], enrolled=date(2024, 1, 1), journal=1)
    queue.renumber_all()
    return {"shevchuk": shevchuk, "koval": koval, "tkachuk": tkachuk}


def test_regional_officer_sees_the_queue_of_their_region(regional_officer, queue_rows):
    page = signed_in(regional_officer).get(QUEUE + "?category=general")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Коваль" in text and "Шевчук" in text and "Ткачук" not in text
    assert text.index("Коваль") < text.index("Шевчук")
    assert f"/staff/persons/{queue_rows['koval'].pk}/" in text


def test_district_officer_sees_only_the_persons_of_their_office(district_officer, queue_rows):
    text = signed_in(district_officer).get(QUEUE + "?category=general").content.decode()
    assert "Шевчук" in text and "Коваль" not in text and "Ткачук" not in text


def _office_list(client, category: str, page: int = 1) -> str:
    return client.get(QUEUE + f"?category={category}&page={page}").content.decode()


def test_the_district_list_shows_the_office_entries_in_order_in_every_region_and_page(
        organizations, district_officer, kyiv):
    """Issue #14 §2: the district officer's list reads the office's persons' ids first (not the
    national queue index); what it shows is unchanged: the active entries of the persons of the
    office, in any region's queue, in queue order, 50 a page, the tab counting them all."""
    shevchenkivskyi, pecherskyi = organizations[SHEVCHENKIVSKYI], organizations[PECHERSKYI]
    lviv = organizations["rd-46"]
    ours = [new_person(shevchenkivskyi, surname=f"Наша{i:03d}") for i in range(53)]
    theirs = [new_person(pecherskyi, surname=f"Сусідня{i:03d}") for i in range(53)]
    QueueEntry.objects.bulk_create(
        # The two offices' persons interleaved in one queue of Kyiv, by enrollment date.
        [QueueEntry(person=p, region=kyiv, category="first_priority", journal_number=2 * i + 1,
                    enrollment_date=date(2024, 1, 1) + timedelta(days=2 * i)) for i, p in enumerate(ours[:52])]
        + [QueueEntry(person=p, region=kyiv, category="first_priority", journal_number=2 * i + 2,
                      enrollment_date=date(2024, 1, 2) + timedelta(days=2 * i)) for i, p in enumerate(theirs[:52])]
        # One of ours in the Lviv queue, one of ours removed, one of theirs in the general queue.
        + [QueueEntry(person=ours[52], region=lviv, category="first_priority", journal_number=1,
                      enrollment_date=date(2020, 1, 1)),
           QueueEntry(person=ours[0], region=lviv, category="first_priority", journal_number=2,
                      enrollment_date=date(2019, 1, 1), status="removed"),
           QueueEntry(person=theirs[52], region=kyiv, category="general", journal_number=200,
                      enrollment_date=date(2024, 1, 1))])
    queue.renumber_all()
    client = signed_in(district_officer)
    first = _office_list(client, "first_priority")
    second = _office_list(client, "first_priority", page=2)
    # The tabs count the office's active entries: 52 in Kyiv + 1 in Lviv; none in the general queue.
    assert 'aria-current="page">Першочергова черга</a> (53)' in first
    assert ">Загальна черга</a> (0)" in first
    assert "Сусідня" not in first + second
    shown = [f"Наша{i:03d}" for i in range(53) if f"Наша{i:03d}" in first]
    assert shown == [f"Наша{i:03d}" for i in range(50)]
    # Page 2: the rest of Kyiv in queue order, then the Lviv entry (the queues follow by region).
    assert "Наша049" not in second
    assert second.index("Наша050") < second.index("Наша051") < second.index("Наша052")
    assert "Сторінка 2 з 2" in second
    # Numbers are the places in the whole Kyiv queue: ours are the odd places.
    kyiv_numbers = dict(QueueEntry.objects.filter(region=kyiv, category="first_priority")
                        .values_list("person__surname", "number"))
    assert kyiv_numbers["Наша000"] == 1 and kyiv_numbers["Сусідня000"] == 2 and kyiv_numbers["Наша051"] == 103
    assert "Сусідня" not in _office_list(client, "general")


def test_the_district_list_follows_a_person_who_moved_to_another_office(
        organizations, district_officer, other_district_officer, regional_officer, kyiv):
    """The list reads the person's office as it is now (no copy on the entry to keep in step):
    a person moved by the regional officer to another office is in that office's list at once."""
    from cbi.registry import services as registry_services

    shevchuk = people(organizations, 1)[0]
    entry(shevchuk, kyiv, category="general", journal=1)
    queue.renumber_all()
    ours, theirs = signed_in(district_officer), signed_in(other_district_officer)
    assert "Шевчук" in _office_list(ours, "general") and "Шевчук" not in _office_list(theirs, "general")
    registry_services.update_person(actor=regional_officer, person=shevchuk,
                                    data={"office": organizations[PECHERSKYI]})
    assert "Шевчук" not in _office_list(ours, "general") and "Шевчук" in _office_list(theirs, "general")


def test_the_district_list_reads_the_office_persons_ids_first(district_officer, queue_rows):
    """Issue #14 §2: the entries are filtered by the ids of the office's persons (a subquery on
    ``person_office_id``; ``= ANY(ARRAY(…))`` on PostgreSQL), not by joining every entry of the
    queue to its person; and the pager takes the tab's count (no second COUNT of the list)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        text = signed_in(district_officer).get(QUEUE + "?category=general").content.decode()
    assert "Шевчук" in text
    entries = [q["sql"] for q in queries if 'FROM "carqueue_queueentry"' in q["sql"]]
    assert len(entries) == 2, entries  # the tabs' counts and the page
    for sql in entries:
        # SQLite: IN (subquery); PostgreSQL: = ANY(ARRAY(subquery)) (cbi/carqueue/queue/selectors.py).
        assert ('"carqueue_queueentry"."person_id" IN (SELECT' in sql
                or '"carqueue_queueentry"."person_id" = ANY(ARRAY(SELECT' in sql)
        assert '"registry_person"."office_id" =' not in sql


def test_national_auditor_chooses_a_region(auditor, queue_rows):
    client = signed_in(auditor)
    first = client.get(QUEUE).content.decode()
    assert "Шевчук" not in first and "Ткачук" not in first
    lviv = client.get(QUEUE + "?region=rd-46&category=general").content.decode()
    assert "Ткачук" in lviv and "Шевчук" not in lviv


def test_the_list_is_paged_by_fifty(organizations, regional_officer, kyiv):
    office = organizations[SHEVCHENKIVSKYI]
    persons = [new_person(office, surname=f"Особа{i:03d}") for i in range(55)]
    QueueEntry.objects.bulk_create([
        QueueEntry(person=p, region=kyiv, category="general", enrollment_date=date(2024, 1, 1) + timedelta(days=i),
                   journal_number=i + 1) for i, p in enumerate(persons)])
    queue.renumber(kyiv, "general", cause="recount")
    client = signed_in(regional_officer)
    first = client.get(QUEUE + "?category=general").content.decode()
    assert "Особа049" in first and "Особа050" not in first
    second = client.get(QUEUE + "?category=general&page=2").content.decode()
    assert "Особа050" in second and "Особа054" in second and "Особа000" not in second


def test_the_list_follows_the_numbers_and_reads_the_index_order(organizations, regional_officer, kyiv):
    """Issue #14 §2: the list is ordered as the queue_order index is (region, category,
    enrollment date, journal number), which is the order of the numbers (CQ-CAT-1): no sort by the
    region's name or the number, and the officer still sees № 1, 2, 3 in order."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    shevchuk, _koval, _tkachuk, lysenko, boiko = people(organizations, 5)
    # Created out of order: the latest enrollment first, a tie broken by the journal number.
    entry(shevchuk, kyiv, enrolled=date(2024, 5, 1), journal=7)
    entry(boiko, kyiv, enrolled=date(2024, 1, 1), journal=9)
    entry(lysenko, kyiv, enrolled=date(2024, 1, 1), journal=3)
    queue.renumber_all()
    with CaptureQueriesContext(connection) as queries:
        text = signed_in(regional_officer).get(QUEUE + "?category=general").content.decode()
    assert text.index("Лисенко") < text.index("Бойко") < text.index("Шевчук")
    assert numbers(kyiv) == [("Лисенко", 1), ("Бойко", 2), ("Шевчук", 3)]
    listing = [q["sql"] for q in queries if "ORDER BY" in q["sql"] and "carqueue_queueentry" in q["sql"]]
    assert listing, "the page lists the queue entries"
    order_by = listing[-1].split("ORDER BY", 1)[1]
    assert '"registry_organization"."name"' not in order_by and '"number"' not in order_by
    assert '"enrollment_date"' in order_by and '"journal_number"' in order_by


def test_administrator_and_the_public_have_no_queue_list(administrator, client, queue_rows):
    assert signed_in(administrator).get(QUEUE).status_code == 403
    assert client.get(QUEUE).status_code == 302


# --- the cabinet page --------------------------------------------------------------------------


def cabinet_client(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def cabinet_user(username: str, person=None):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username=username, password="Пароль-для-тесту-2026")
    CabinetAccount.objects.create(user=user, person=person, registered_via="code")
    return user


def test_the_person_sees_their_category_number_reasons_and_history(queue_rows):
    koval = queue_rows["koval"]
    place = QueueEntry.objects.get(person=koval)
    place.reasons = [{"rule_id": "CQ-DATE-1", "citation": "Постанова КМУ № 999, п. 10",
                      "reason_uk": "Дата огляду експертної команди.", "reason_en": "The assessment date."}]
    place.save()
    page = cabinet_client(cabinet_user("koval", koval)).get(CABINET)
    text = page.content.decode()
    assert page.status_code == 200
    assert "01.01.2024" in text and "CQ-DATE-1" in text and "Дата огляду експертної команди." in text
    assert "Постанова КМУ № 999, п. 10" in text
    assert "Шевчук" not in text  # nobody else's data


def test_a_representative_sees_the_place_of_the_person_they_act_for(queue_rows):
    parent = cabinet_user("mother", None)
    Representation.objects.create(account=parent.cabinet_account, person=queue_rows["shevchuk"])
    text = cabinet_client(parent).get(CABINET).content.decode()
    assert "Шевчук Василь Петрович" in text and "01.02.2024" in text
    # Acting for nobody else: someone else's representative gets nothing about Шевчук.
    stranger = cabinet_user("stranger", queue_rows["koval"])
    other = cabinet_client(stranger).get(CABINET).content.decode()
    assert "Шевчук" not in other and "Коваль" in other


def test_a_person_not_in_the_queue_gets_a_clear_message(organizations):
    someone = people(organizations, 4)[3]
    text = cabinet_client(cabinet_user("lysenko", someone)).get(CABINET).content.decode()
    assert "not in the car queue" in text or "не перебуваєте" in text or "How to get a car" in text


def test_the_cabinet_page_needs_a_cabinet_account(client, regional_officer):
    page = client.get(CABINET)
    assert page.status_code == 302 and "/cabinet/login/" in page["Location"]
    staff = cabinet_client(regional_officer).get(CABINET)
    assert staff.status_code == 302 and "/cabinet/login/" in staff["Location"]


# --- the benchmark cannot rot ------------------------------------------------------------------


def test_the_benchmark_runs_on_a_small_queue(organizations):
    """bench/queue_numbering.py on the test database with 200 entries (docs/performance.md)."""
    from bench import queue_numbering

    result = queue_numbering.run(entries=200, lookups=5, keep=False)
    assert result["entries"] == 200 and result["renumber_all_s"] >= 0 and result["floor_s"] >= 0
    assert result["numbers_ok"]
    assert not QueueEntry.objects.exists()
