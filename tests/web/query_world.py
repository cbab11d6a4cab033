"""Grow the route × audience test's world (``tests/accounts/test_route_access.py``) so that every
list a page shows, and every part a record page shows, has ``n`` more rows — for the query
budgets (``tests/web/test_query_budgets.py``): a page whose count of queries grows with its rows
makes a query per row.

The rows are made the way the system makes them where that is cheap (services for applications,
reports, staff members), directly otherwise; all in the offices and region the askers see:
Shevchenkivskyi district of Kyiv and the Kyiv regional department.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

SURNAMES = ["Бондар", "Коваль", "Кравець", "Мельник", "Шевчук", "Поліщук", "Романенко", "Гончаренко", "Лисенко",
            "Марченко", "Остапенко", "Руденко", "Савченко", "Тимошенко", "Уманець", "Федоренко", "Харченко",
            "Циганенко", "Черненко", "Шаповал", "Юрченко", "Яковенко", "Антоненко", "Білик", "Вакуленко"]
MEN = ["Андрій", "Богдан", "Василь", "Григорій", "Дмитро", "Євген", "Захар", "Іван", "Кирило", "Любомир",
       "Максим", "Назар", "Олексій", "Павло", "Роман", "Степан", "Тарас", "Юрій"]
WOMEN = ["Алла", "Богдана", "Віра", "Галина", "Дарина", "Євгенія", "Зоя", "Ірина", "Катерина", "Лариса",
         "Марія", "Надія", "Оксана", "Поліна", "Раїса", "Світлана", "Тетяна", "Уляна"]


def _name(i: int) -> tuple[str, str, str, bool]:
    """A surname, a given name, a patronymic and the sex of the i-th synthetic person."""
    male = i % 2 == 0
    surname = SURNAMES[i % len(SURNAMES)]
    if male:
        return surname, MEN[i % len(MEN)], "Петрович", True
    return surname, WOMEN[i % len(WOMEN)], "Миколаївна", False


def one_of_each(world) -> None:
    """What the access test's world lacks for every list to have one row: Олена has a family
    member and a legal representative, one officer's read of her record is in the log, she has
    her place in the Kyiv queue, and the rules settings were stored once."""
    from django.contrib.auth import get_user_model

    from cbi.audit.models import AccessEvent
    from cbi.registry.models import FamilyMember, Representative

    olena = world.objects["olena"]
    FamilyMember.objects.create(person=olena, relation="child", surname="Петренко", given_name="Ірина",
                                patronymic="Олегівна", date_of_birth=date(2008, 9, 1))
    Representative.objects.create(person=olena, kind="other", surname="Петренко", given_name="Ірина",
                                  patronymic="Олегівна", authority_document="power_of_attorney",
                                  authority_document_number="ННО 123456", authority_document_date=date(2025, 2, 3))
    officer = get_user_model().objects.get(username="officer.shevchenkivskyi")
    AccessEvent.objects.create(event_type=AccessEvent.EventType.PERSON_RECORD,
                               purpose=AccessEvent.Purpose.RECORD_KEEPING, channel=AccessEvent.Channel.STAFF,
                               user=officer, role=officer.staff_profile.role,
                               organization=officer.staff_profile.organization, person=olena,
                               object_kind="person", object_id=str(olena.pk))
    # Her place in the Kyiv queue, where her enrolled application puts her.
    from cbi.carqueue.decisions import services as queue_decisions
    from cbi.carqueue.models import QueueEntry

    if not QueueEntry.objects.filter(person=olena, status="active").exists():
        entry = QueueEntry.objects.create(person=olena, region=officer.staff_profile.organization.parent,
                                          category="general", enrollment_date=date(2020, 11, 3), journal_number=480,
                                          application=world.objects["car"])
        queue_decisions.renumber(entry, cause="query budget test")
    # The rules settings, as the administrator stored them once.
    from cbi.carqueue.settings import services as carqueue_services
    from cbi.carqueue.settings.selectors import current_rules_config

    admin = get_user_model().objects.get(username="admin.ministry")
    config = current_rules_config().model_copy(update={"work_injury_flag_for_officer": False})
    carqueue_services.update_rules_settings(actor=admin, config=config,
                                            reason="Налаштування за постановою КМУ № 999 у чинній редакції.")
    # The published statistics, as the nightly refresh leaves them: the waiting time of one
    # product group (the whole country and Kyiv) and the length of the Kyiv car queue.
    from django.utils import timezone

    from cbi.organizations.models import Organization
    from cbi.statistics.models import QueueLength, Refresh, WaitingTime

    today = timezone.localdate()
    refresh = Refresh.objects.create(finished_at=timezone.now(), period_start=today - timedelta(days=365),
                                     period_end=today - timedelta(days=1))
    kyiv = Organization.objects.get(code="rd-80")
    for region in (None, kyiv):
        WaitingTime.objects.create(refresh=refresh, product_group=world.objects["group"], region=region, cases=48,
                                   median_days=93.5, p90_days=171.0, cases_year_ago=41, median_days_year_ago=120.0)
    for category, length in (("first_priority", 212), ("out_of_turn", 57), ("general", 1480)):
        QueueLength.objects.create(refresh=refresh, region=kyiv, category=category, length=length)


def grow(world, n: int) -> None:
    from django.contrib.auth import get_user_model

    from cbi.organizations.models import Organization

    User = get_user_model()
    orgs = {o.code: o for o in Organization.objects.all()}
    officer = User.objects.get(username="officer.shevchenkivskyi")
    regional = User.objects.get(username="regional.kyiv")
    olena_user = User.objects.get(username="olena.petrenko")
    olena = world.objects["olena"]

    persons = _persons(orgs, n)
    _record_parts(olena, officer, n)
    _staff(orgs, n)
    _access_events(olena, n)
    _notifications(olena, n)
    _corrections(olena, olena_user, n)
    _barrier_reports(n)
    _primary_registrations(world.objects["registration"], n)
    _catalogue(world, n)
    _product_applications(world, olena, olena_user, officer, n)
    _car_applications(world, persons, officer, n)
    _queue(world, persons, orgs, regional, n)
    _rules_settings(n)
    _imports(n)
    _statistics(world, n)
    _duplicates(world, persons, officer, n)


def _rules_settings(n: int) -> None:
    """``n`` more changes of the car-queue rules settings (the settings page lists them)."""
    from django.contrib.auth import get_user_model

    from cbi.carqueue.settings import services as carqueue_services
    from cbi.carqueue.settings.selectors import current_rules_config

    admin = get_user_model().objects.get(username="admin.ministry")
    for i in range(n):
        # The officer's flag for a work injury switched on and off (each change must change something).
        config = current_rules_config().model_copy(update={"work_injury_flag_for_officer": i % 2 == 0})
        carqueue_services.update_rules_settings(
            actor=admin, config=config,
            reason=f"Перевірка налаштувань після зміни постанови КМУ № 999, запис {i + 1}.")


def _imports(n: int) -> None:
    """``n`` more registry imports of the ministry's administrator (the upload page lists them)."""
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile

    from cbi.imports.models import ImportJob

    admin = get_user_model().objects.get(username="admin.ministry")
    for i in range(n):
        job = ImportJob(created_by=admin, organization=admin.staff_profile.organization,
                        file_name=f"reiestr-chastyna-{i + 1}.csv", status=ImportJob.Status.DONE, total_rows=200,
                        done_rows=200, counts={"imported": 180 + i % 20, "rejected": 20 - i % 20})
        job.report.save(f"reiestr-chastyna-{i + 1}.csv.report.csv",
                        ContentFile("\ufeffРядок;Результат\n2;імпортовано\n".encode()), save=False)
        job.save()


def _duplicates(world, persons, officer, n: int) -> None:
    """``n`` more suspected pairs to check (Олена's second record "Алена" with each grown
    namesake) and ``n`` more merges (each grown namesake's second record merged into it): the work
    list and the administrators' list of merges show them."""
    from cbi.duplicates.models import DuplicatePair, Merge

    alena = world.objects["pair"].person_a if world.objects["pair"].person_a.given_name == "Алена" \
        else world.objects["pair"].person_b
    olena = world.objects["olena"]
    for i, person in enumerate(persons[:n]):
        a, b = sorted((alena, person), key=lambda p: str(p.pk))
        DuplicatePair.objects.create(person_a=a, person_b=b, score=80.0 + i % 20)
        a, b = sorted((olena, person), key=lambda p: str(p.pk))
        merged_pair = DuplicatePair.objects.create(person_a=a, person_b=b, score=85.0, status="merged",
                                                   decided_by=officer)
        Merge.objects.create(pair=merged_pair, survivor=olena, merged=person, merged_by=officer, moved=[])


def _statistics(world, n: int) -> None:
    """The latest refresh of the published statistics: the waiting times of ``n`` more product
    groups (the whole country and Kyiv), of the asked group in more regions, and ``n`` more cells
    of the car-queue length (other regions and parts of the queue)."""
    from cbi.catalogue.models import ProductGroup
    from cbi.statistics.models import QueueLength, Refresh, WaitingTime
    from cbi.statistics.selectors import regions

    refresh = Refresh.objects.latest()
    kyiv = next(region for region in regions() if region.code == "rd-80")
    counted = refresh.waiting_times.values("product_group")
    for i, group in enumerate(ProductGroup.objects.exclude(pk__in=counted).order_by("pk")[:n]):
        for region in (None, kyiv):
            WaitingTime.objects.create(refresh=refresh, product_group=group, region=region, cases=20 + i,
                                       median_days=30.0 + i, p90_days=60.0 + 2 * i)
    others = [region for region in regions() if region.code != "rd-80"]
    for i, region in enumerate(others[:n]):
        WaitingTime.objects.create(refresh=refresh, product_group=world.objects["group"], region=region,
                                   cases=10 + i, median_days=70.0 + i, p90_days=150.0 + i)
    cells = [(region, category) for region in others for category in ("first_priority", "out_of_turn", "general")]
    for i, (region, category) in enumerate(cells[:n]):
        QueueLength.objects.create(refresh=refresh, region=region, category=category, length=25 + 7 * i)


# --- Persons and their records ----------------------------------------------------------------

def _persons(orgs, n: int) -> list:
    """``n`` persons of Shevchenkivskyi district, namesakes of Олена Петренко born on her birthday
    (the search by surname and date of birth finds them all, and shows the first 20), with an ID
    card, an address and a disability status each."""
    from cbi.registry.demo import make_rnokpp
    from cbi.registry.models import Address, DisabilityStatus, IdentityDocument, Territory
    from tests.conftest import SHEVCHENKIVSKYI, make_person

    kyiv = Territory.objects.get(code="UA80000000001078669")
    office = orgs[SHEVCHENKIVSKYI]
    people = []
    for i in range(n):
        _surname, given, _patronymic, male = _name(i)
        born = date(1985, 3, 27)
        person = make_person(office, surname="Петренко", given_name=given,
                             patronymic="Петрович" if male else "Петрівна", date_of_birth=born,
                             sex="male" if male else "female", rnokpp=make_rnokpp(born, 100 + i, male))
        IdentityDocument.objects.create(person=person, kind="id_card", number=f"{1000 + i:09d}",
                                        issued_on=date(2019, 6, 1) + timedelta(days=i), issued_by="8000")
        Address.objects.create(person=person, kind="registered", territory=kyiv, street="вул. Велика Васильківська",
                               building=str(10 + i), apartment=str(i + 1), postcode="01004")
        DisabilityStatus.objects.create(person=person, group=("I", "II", "III")[i % 3], cause="general_disease",
                                        established_on=date(2020, 1, 15) + timedelta(days=i))
        people.append(person)
    return people


def _record_parts(olena, officer, n: int) -> None:
    """Олена's record: ``n`` more documents, statuses, assessments, representatives and
    family members, and ``n`` changes of her phone number (the history page)."""
    from cbi.registry.models import (
        Address, Assessment, DisabilityStatus, FamilyMember, IdentityDocument, Representative, Territory,
    )

    # One address of each kind a person may have (the pair is unique).
    kyiv = Territory.objects.get(code="UA80000000001078669")
    for kind in ("registered", "actual"):
        Address.objects.get_or_create(person=olena, kind=kind, defaults={
            "territory": kyiv, "street": "вул. Саксаганського", "building": "41", "postcode": "01033"})
    for i in range(n):
        surname, given, patronymic, male = _name(i)
        IdentityDocument.objects.create(person=olena, kind="other", number=f"ПОСВ-{i + 1:04d}",
                                        issued_on=date(2010, 1, 1) + timedelta(days=30 * i),
                                        issued_by="Міністерство соціальної політики України")
        assessment = Assessment.objects.create(person=olena, kind="msek", assessed_on=date(2000, 1, 1) + timedelta(days=90 * i),
                                               conclusion_number=f"МСЕК-{i + 1}/{2000 + i // 4}",
                                               body_name="Київська міська МСЕК № 3")
        DisabilityStatus.objects.create(person=olena, group="II", cause="general_disease", assessment=assessment,
                                        established_on=date(2000, 1, 1) + timedelta(days=90 * i),
                                        ended_on=date(2000, 1, 1) + timedelta(days=90 * i + 89))
        Representative.objects.create(person=olena, kind="other", surname=surname, given_name=given,
                                      patronymic=patronymic, authority_document="power_of_attorney",
                                      authority_document_number=f"ННО {100000 + i}",
                                      authority_document_date=date(2024, 1, 1) + timedelta(days=i))
        FamilyMember.objects.create(person=olena, relation="sibling", surname=surname, given_name=given,
                                    patronymic=patronymic, date_of_birth=date(1980, 1, 1) + timedelta(days=40 * i))
    for i in range(n):
        olena.phone = f"+38067{1000000 + i:07d}"
        olena._history_user = officer
        olena.save()


def _staff(orgs, n: int) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from cbi.accounts.models import Role
    from cbi.accounts.services import create_staff_member
    from tests.conftest import PASSWORD, SHEVCHENKIVSKYI

    for i in range(n):
        surname, given, _patronymic, _male = _name(i)
        user = create_staff_member(username=f"officer.{i + 1:02d}", password=PASSWORD, first_name=given,
                                   last_name=surname, email=f"officer.{i + 1:02d}@cbi.example",
                                   role=Role.DISTRICT_OFFICER, organization=orgs[SHEVCHENKIVSKYI])
        TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def _access_events(olena, n: int) -> None:
    """``n`` reads of Олена's record by officers of her office (the access log, "who viewed my data")."""
    from django.contrib.auth import get_user_model

    from cbi.audit.models import AccessEvent

    officers = list(get_user_model().objects.filter(username__startswith="officer.").order_by("username"))
    for i in range(n):
        user = officers[i % len(officers)]
        AccessEvent.objects.create(event_type=AccessEvent.EventType.PERSON_RECORD,
                                   purpose=AccessEvent.Purpose.RECORD_KEEPING, channel=AccessEvent.Channel.STAFF,
                                   user=user, role=user.staff_profile.role, organization=user.staff_profile.organization,
                                   person=olena, object_kind="person", object_id=str(olena.pk))


def _notifications(olena, n: int) -> None:
    from cbi.notifications.models import Notification

    for i in range(n):
        Notification.objects.create(person=olena, subject=f"Зміна статусу заяви № {i + 1}",
                                    body="Статус вашої заяви змінено. Подробиці — у кабінеті.")


def _corrections(olena, olena_user, n: int) -> None:
    from cbi.cabinet import services as cabinet_services

    for i in range(n):
        cabinet_services.request_correction(user=olena_user, person=olena,
                                            text=f"У моїх даних помилка в номері квартири: {i + 1}, а не {i + 2}.")


def _barrier_reports(n: int) -> None:
    from cbi.help import services as help_services

    for i in range(n):
        help_services.submit_report(page=f"/catalogue/?page={i + 1}", client=f"query-budget-{i}",
                                    description="Кнопка «Далі» не читається програмою екранного доступу.")


def _primary_registrations(registration, n: int) -> None:
    """``n`` more requests for primary registration sent to the same office (copies of the one sent
    through the pages, with other names and numbers)."""
    import secrets
    import uuid

    from django.forms.models import model_to_dict

    from cbi.primary.models import PrimaryRegistration

    fields = model_to_dict(registration, exclude=["id", "token_hash", "reference", "territory", "office", "person"])
    for i in range(n):
        _surname, given, _patronymic, _male = _name(i)
        PrimaryRegistration.objects.create(
            **{**fields, "given_name": given, "identity_number": f"{2000 + i:09d}", "rnokpp": ""},
            id=uuid.uuid4(), token_hash=secrets.token_hex(32), reference=f"ПР-Q{i + 1:05d}",
            territory=registration.territory, office=registration.office)


def _catalogue(world, n: int) -> None:
    """``n`` more products in the first product's group, ``n`` suppliers of that product serving
    Kyiv, ``n`` groups, and ``n`` changes of the product, the group and the supplier (their
    history pages)."""
    from cbi.catalogue.models import Product, ProductGroup, Supplier
    from cbi.registry.models import Territory

    product, group, supplier = world.objects["product"], world.objects["group"], world.objects["supplier"]
    kyiv = Territory.objects.get(code="UA80000000000093317")
    for i in range(n):
        extra = Product.objects.create(group=product.group, iso_code=product.iso_code,
                                       name=f"{product.name}, модель {i + 1}", name_en=f"{product.name_en}, model {i + 1}",
                                       description="Модель іншого виробника з тими самими властивостями.",
                                       service_life_years=Decimal("4"))
        other = Supplier.objects.create(name=f"ТОВ «Реабілітація-Сервіс {i + 1}»", kind=Supplier.Kind.BOTH,
                                        phone=f"+38044{3000000 + i:07d}", address=f"м. Київ, вул. Кирилівська, {i + 1}")
        other.products.add(product, extra)
        other.regions.add(kyiv)
        ProductGroup.objects.create(iso_code=f"{product.group.iso_code} {60 + i:02d}", name=f"{group.name}, підгрупа {i + 1}",
                                    name_en=f"{group.name_en}, subgroup {i + 1}")
    for i in range(n):
        product.description = f"Опис, редакція {i + 1}."
        product.save()
        group.name_en = f"{group.name_en.split(' (')[0]} ({i + 1})"
        group.save()
        supplier.phone = f"+38044{2000000 + i:07d}"
        supplier.save()


# --- Assistive products -----------------------------------------------------------------------

def _product_applications(world, olena, olena_user, officer, n: int) -> None:
    """``n`` more applications of Олена's, through the services, at every stage up to the product
    handed over (with her survey); and ``n`` events and ``n`` files on the submitted one whose page
    is asked."""
    from cbi.applications import workflow
    from cbi.applications.models import ApplicationDocument, ApplicationEvent, Survey
    from cbi.catalogue.models import Product
    from cbi.documents.models import Document
    from cbi.documents.services import store_document
    from tests.applications.fixtures import advance, new_application, pdf_file

    products = list(Product.objects.filter(is_active=True).order_by("pk")[:10])
    stages = [workflow.SUBMITTED, workflow.UNDER_REVIEW, workflow.INFORMATION_REQUESTED, workflow.APPROVED,
              workflow.PROVIDED]
    for i in range(n):
        application = advance(new_application(workflow.PROVISION, person=olena, person_user=olena_user,
                                              product=products[i % len(products)]),
                              stages[i % len(stages)], officer=officer, person_user=olena_user)
        if application.status == workflow.PROVIDED:
            Survey.objects.create(application=application, rating=1 + i % 5, submitted_by=olena_user,
                                  comment="Крісло зручне, але видали через два місяці.")
    submitted = world.objects["submitted"]
    for i in range(n):
        asked = i % 2 == 0
        ApplicationEvent.objects.create(
            application=submitted, action=workflow.REQUEST_INFORMATION if asked else workflow.PROVIDE_INFORMATION,
            from_status=workflow.UNDER_REVIEW if asked else workflow.INFORMATION_REQUESTED,
            to_status=workflow.INFORMATION_REQUESTED if asked else workflow.INFORMATION_PROVIDED,
            by=officer if asked else olena_user, role="district_officer" if asked else "person", rule_id="EC-APP-5",
            reason="Додайте, будь ласка, висновок лікаря." if asked else "")
        document = store_document(file=pdf_file(f"vysnovok-{i + 1}.pdf"), kind=Document.Kind.REHABILITATION_PROGRAMME,
                                  actor=olena_user, person=olena)
        ApplicationDocument.objects.create(application=submitted, document=document, added_by=olena_user)


# --- The car queue ----------------------------------------------------------------------------

def _car_applications(world, persons, officer, n: int) -> None:
    """``n`` car applications of the new persons, registered by the office over the last weeks; and
    ``n`` more events on Олена's (the page asked)."""
    from django.utils import timezone

    from cbi.carqueue.models import CarApplicationEvent
    from tests.carqueue.test_applications import register, with_assessment

    today = timezone.localdate()
    for i, person in enumerate(persons[:n]):
        register(officer, with_assessment(person, on=today - timedelta(days=60)),
                 received_on=today - timedelta(days=1 + i % 28))
    car = world.objects["car"]
    for i in range(n):
        CarApplicationEvent.objects.create(application=car, action="note", from_status=car.status,
                                           to_status=car.status, by=officer, role="district_officer",
                                           reason=f"Телефонна розмова з заявницею № {i + 1}: уточнено адресу.")


def _queue(world, persons, orgs, regional, n: int) -> None:
    """``n`` more entries of the Kyiv queue (numbered by the numbering service), a removal proposed
    for each, ``n`` batches of one car, ``n`` offers in the batch whose page is asked, ``n``
    decisions on the flagged entry, and ``n`` changes of Олена's number."""
    from django.utils import timezone

    from cbi.carqueue.decisions import services as queue_decisions
    from cbi.carqueue.models import CarBatch, CarOffer, QueueDecision, QueueEntry, QueueNumberChange

    today = timezone.localdate()
    region = orgs["rd-80"]
    entries = [QueueEntry.objects.create(person=person, region=region, category="general",
                                         enrollment_date=date(2022, 1, 10) + timedelta(days=i),
                                         journal_number=700 + i) for i, person in enumerate(persons[:n])]
    queue_decisions.renumber(entries[0], cause="query budget test")
    for entry in entries:
        QueueDecision.objects.create(entry=entry, kind="removal", status="proposed", rule_id="CQ-RM-1",
                                     citation="Постанова КМУ № 999, п. 12",
                                     reason_uk="Строк встановлення інвалідності закінчився.",
                                     effective_on=today, proposed_by_system=True)
    batch = world.objects["queue"].batch
    for i in range(n):
        CarBatch.objects.create(region=region, arrived_on=today - timedelta(days=7 * (i + 1)), cars=1,
                                created_by=regional)
        CarOffer.objects.create(batch=batch, entry=entries[i], category="general", offered_on=today)
    flagged = world.objects["queue"].flagged
    for i in range(n):
        QueueDecision.objects.create(entry=flagged, kind="flag", status="confirmed", rule_id="CQ-RM-5",
                                     citation="Постанова КМУ № 999, п. 14",
                                     reason_uk="Змінено групу інвалідності: потрібен повторний огляд.",
                                     effective_on=today - timedelta(days=i), decided_by=regional)
    olena_entry = QueueEntry.objects.get(person=world.objects["olena"], status="active")
    for i in range(n):
        QueueNumberChange.objects.create(entry=olena_entry, old_number=n - i + 1, new_number=n - i,
                                         cause="Перенумерування черги")
