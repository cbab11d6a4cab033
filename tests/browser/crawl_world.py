"""The world the accessibility crawler walks through, and what it visits beyond links.

``build_world()`` runs the project's demo builder (``manage.py seed_demo``: organizations,
staff with TOTP, persons, cabinet accounts, car applications through the real workflow) and
adds only what the demo does not make. Everything else the crawler finds by following links,
so new demo data (and new apps' pages linked from the menus) is picked up without a change here.

``PARAMS`` — start URLs for routes no link leads to (links that arrive by e-mail, one object per
status). ``FLOWS`` — the multi-step paths (sign-up through id.gov.ua, a draft application…)
whose pages only exist in a session.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from io import StringIO

from django.apps import apps
from django.urls import NoReverseMatch, reverse

from tests.browser.crawler import PASSWORD, Crawler, submit_main_form

UNCONFIRMED = "crawl.unconfirmed"
NEW_STAFF = "crawl.newstaff"
APPLICANTS = "crawl.applicants"
LVIV_DISTRICT = "spo-ua46060000000042587"

# Models with a status whose page is opened once per distinct status (one object each):
# (model label, route name, URL keyword or None, roles, filter). As staff the route is the
# object's page; in the cabinet ("applicant") it is opened while acting for the object's person.
# The filter picks objects the roles may open (the district officer's office; staff never see a
# draft). A model or route that does not exist (yet) is skipped.
STAFF_ROLES_PER_STATUS = ("district officer", "regional officer")
SHEVCHENKIVSKYI = "spo-ua80000000001078669"
STATUS_PAGES = [
    ("carqueue.CarApplication", "carqueue:application_detail", "pk", STAFF_ROLES_PER_STATUS, {}),
    ("carqueue.CarApplication", "cabinet:car_queue", None, ("applicant",), {}),
    ("applications.ProductApplication", "applications_staff:detail", "pk", STAFF_ROLES_PER_STATUS,
     {"office__code": SHEVCHENKIVSKYI, "submitted_at__isnull": False}),
    ("applications.ProductApplication", "applications_cabinet:detail", "pk", ("applicant",), {}),
]


@dataclass
class World:
    base_url: str
    status_objects: dict = field(default_factory=dict)  # index in STATUS_PAGES -> {status: object}
    confirm_token: str = ""
    reopen_token: str = ""
    done_session: str = ""
    reset_path: str = ""
    correction_pk: int | None = None
    queue_entries: list = field(default_factory=list)   # removed and flagged entries
    identity_rnokpp: str = ""
    import_job_pk: str = ""
    duplicates: dict = field(default_factory=dict)       # "pair", "survivor", "merge": ids for the duplicates pages


def _per_status(label: str, filters: dict) -> dict:
    try:
        model = apps.get_model(label)
    except LookupError:
        return {}
    objects = {}
    for obj in model.objects.filter(**filters).order_by("pk"):
        objects.setdefault(obj.status, obj)
    return objects


def build_world(base_url: str) -> World:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.tokens import default_token_generator
    from django.core import signing
    from django.core.management import call_command
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from cbi.cabinet.accounts import CONFIRM_SALT
    from cbi.accounts.models import CabinetAccount, Representation, Role
    from cbi.accounts.services import create_staff_member
    from cbi.cabinet import services as cabinet_services
    from cbi.primary import services as primary_services
    from cbi.organizations.models import Organization
    from cbi.registry.models import Person
    from tests.browser.crawler import DEMO_PERSONS
    from tests.primary.journey import CHILD_ANSWERS, submit_application

    call_command("seed_demo", persons=DEMO_PERSONS, quiet_logins=True, stdout=StringIO(), stderr=StringIO())
    User = get_user_model()
    world = World(base_url=base_url)
    officer = User.objects.get(username="officer.shevchenkivskyi")

    # An office with nothing in its lists, and a staff member who has no second factor yet.
    empty = create_staff_member(username="crawl.officer.empty", password=PASSWORD, first_name="Тарас",
                                last_name="Гнатюк", email="crawl.empty@cbi.example", role=Role.DISTRICT_OFFICER,
                                organization=Organization.objects.get(code=LVIV_DISTRICT))
    TOTPDevice.objects.create(user=empty, name="crawl", confirmed=True)
    create_staff_member(username=NEW_STAFF, password=PASSWORD, first_name="Оксана", last_name="Литвин",
                        email="crawl.new@cbi.example", role=Role.DISTRICT_OFFICER,
                        organization=officer.staff_profile.organization)

    with_account = CabinetAccount.objects.exclude(person=None).values_list("person", flat=True)
    free = Person.objects.exclude(pk__in=with_account).exclude(cabinet_representations__isnull=False)
    # A cabinet account whose e-mail is not confirmed yet, and its confirmation link.
    someone = free.exclude(email="").order_by("rnokpp").first()
    user = User(username=UNCONFIRMED, email="crawl.unconfirmed@example.com",
                first_name=someone.given_name, last_name=someone.surname)
    user.set_password(PASSWORD)
    user.save()
    account = CabinetAccount.objects.create(user=user, person=someone, registered_via="code")
    world.confirm_token = signing.dumps({"a": account.pk, "e": user.email}, salt=CONFIRM_SALT)
    world.identity_rnokpp = free.exclude(pk=someone.pk).order_by("-rnokpp").first().rnokpp

    # A password-reset link as the e-mail would carry it.
    person_user = User.objects.get(username="cabinet.person")
    world.reset_path = reverse("cabinet:password_reset_confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(person_user.pk)),
        "token": default_token_generator.make_token(person_user)})

    # A request to correct the data, for the officer to handle.
    correction = cabinet_services.request_correction(
        user=person_user, person=person_user.cabinet_account.person,
        text="У моїй адресі помилка: номер будинку 12, а не 21.")
    world.correction_pk = correction.pk

    # Primary registration: one sent (its "done" page lives in that browser's session), one returned.
    client, _sent = submit_application()
    from django.conf import settings

    world.done_session = client.cookies[settings.SESSION_COOKIE_NAME].value
    _client, returned = submit_application(CHILD_ANSWERS, slots=("identity", "rnokpp", "right", "authority"))
    primary_services.return_for_corrections(actor=officer, registration=returned,
                                            reasons="Додайте чіткий скан свідоцтва про народження.")
    world.reopen_token = primary_services.reopen_link_token(returned)

    world.queue_entries = _queue_decisions(User.objects.get(username="regional.kyiv"))
    world.import_job_pk = str(_registry_import(User.objects.get(username="admin.ministry")).pk)
    world.duplicates = _duplicates(officer)

    from cbi.help import services as help_services

    help_services.submit_report(page="/cabinet/applications/new/", client="crawl",
                                description="Після помилки фокус не переходить до списку помилок.",
                                assistive_technology="screen_reader")

    # One object per status, and a cabinet account acting for one applicant per status.
    world.status_objects = {index: _per_status(label, filters)
                            for index, (label, _route, _kwarg, _roles, filters) in enumerate(STATUS_PAGES)}
    applicants = User(username=APPLICANTS, email="crawl.applicants@example.com",
                      first_name="Галина", last_name="Савчук")
    applicants.set_password(PASSWORD)
    applicants.save()
    from django.utils import timezone

    holder = CabinetAccount.objects.create(user=applicants, registered_via="code",
                                           email_confirmed_at=timezone.now())
    persons = []
    for objects in world.status_objects.values():
        for obj in objects.values():
            person = getattr(obj, "person", None)
            if person is not None and person not in persons:
                persons.append(person)
    for person in persons:
        Representation.objects.create(account=holder, person=person)
    return world


def _queue_decisions(regional) -> list[int]:
    """Removed and flagged entries of the regional officer's region (tests/carqueue/decisions.py)."""
    from cbi.carqueue.models import QueueEntry
    from tests.carqueue.decisions import make_queue_decisions

    region = regional.staff_profile.organization
    entries = list(QueueEntry.objects.filter(region=region, status="active").order_by("-number")[:3])
    if len(entries) < 3:
        raise AssertionError(f"the demo has {len(entries)} persons in the queue; raise DEMO_PERSONS")
    made = make_queue_decisions(regional, entries)
    return [made.removed.pk, made.flagged.pk]


def _registry_import(admin):
    """A registry import through the upload service: one row imported, one rejected (a wrong
    РНОКПП check digit), so the job's page shows its summary and offers the report."""
    import csv

    from django.core.files.uploadedfile import SimpleUploadedFile

    from cbi.imports import columns, services

    rows = [
        dict(surname="Мельник", given_name="Андрій", patronymic="Васильович", date_of_birth="04.11.1972", sex="ч",
             rnokpp="2660604511", document_kind="ID-картка", document_number="001234567", office=SHEVCHENKIVSKYI,
             group="I", subgroup_a="так", cause="інвалідність внаслідок війни", established_on="01.03.2023"),
        dict(surname="Бондар", given_name="Ігор", patronymic="Олексійович", date_of_birth="30.01.1963", sex="ч",
             rnokpp="2304008811", office=SHEVCHENKIVSKYI),
    ]
    stream = StringIO()
    writer = csv.writer(stream, delimiter=";")
    writer.writerow([column.header for column in columns.COLUMNS])
    writer.writerows([[values.get(column.key, "") for column in columns.COLUMNS] for values in rows])
    upload = SimpleUploadedFile("reiestr-kyiv.csv", stream.getvalue().encode("utf-8-sig"), content_type="text/csv")
    job = services.start_import(actor=admin, upload=upload)
    if job.counts.get(services.Outcome.IMPORTED) != 1:
        raise AssertionError(f"the crawl's registry import did not import its row: {job.status} {job.counts}")
    return job


def _duplicates(officer) -> dict:
    """Two suspected pairs of the officer's office (docs/duplicates.md): Ганна / Анна Коваленко
    stays open (the work list, the comparison and the merge confirmation are crawled); Василь /
    Васил Гнатюк is merged, so the administrator opens the merge and its reversal form, and the
    merged record carries its mark on the person pages and lists."""
    from datetime import date

    from cbi.duplicates import services
    from cbi.duplicates.models import DuplicatePair
    from cbi.registry.demo import make_rnokpp
    from cbi.registry.models import DisabilityStatus, IdentityDocument
    from tests.conftest import make_person

    office = officer.staff_profile.organization

    def pair_of(surname, first, second, patronymic, born, sex, serial):
        persons = []
        for i, given in enumerate((first, second)):
            person = make_person(office, surname=surname, given_name=given, patronymic=patronymic,
                                 date_of_birth=born, sex=sex, rnokpp=make_rnokpp(born, serial + i, sex == "male"))
            IdentityDocument.objects.create(person=person, kind="id_card", number=f"{serial * 1000 + i:09d}",
                                            issued_on=date(2018, 9, 4 + i), issued_by="8036")
            DisabilityStatus.objects.create(person=person, group="II", cause="general_disease",
                                            established_on=date(2022, 2, 17))
            persons.append(person)
        a, b = sorted(persons, key=lambda p: str(p.pk))
        return persons[0], DuplicatePair.objects.create(person_a=a, person_b=b, score=91.0)

    kept, open_pair = pair_of("Коваленко", "Ганна", "Анна", "Петрівна", date(1968, 7, 21), "female", 611)
    survivor, merged_pair = pair_of("Гнатюк", "Василь", "Васил", "Іванович", date(1959, 1, 30), "male", 612)
    merge = services.merge(actor=officer, pair_id=merged_pair.pk, survivor_id=survivor.pk)
    return {"pair": str(open_pair.pk), "survivor": str(kept.pk), "merge": str(merge.pk)}


# --- Start URLs for routes no link reaches --------------------------------------------------

def status_pages(world: World, role: str) -> list[tuple[object, str]]:
    """(object, URL) for each status of each model in STATUS_PAGES, for this role."""
    pages = []
    for index, (_label, route, kwarg, roles, _filters) in enumerate(STATUS_PAGES):
        if role not in roles:
            continue
        for obj in world.status_objects.get(index, {}).values():
            try:
                pages.append((obj, reverse(route, kwargs={kwarg: obj.pk} if kwarg else None)))
            except NoReverseMatch:
                continue
    return pages


def _status_urls(world: World, role: str) -> list[tuple[str, int]]:
    return [(url, 200) for _obj, url in status_pages(world, role)]


def start_urls(world: World, role: str) -> list[tuple[str, int]]:
    """(URL, expected status) to visit as this role whether or not a link leads there."""
    urls: list[tuple[str, int]] = []
    if role == "anonymous":
        urls += [
            (reverse("cabinet:register_code"), 200),
            (reverse("cabinet:password_reset_done"), 200),
            (reverse("cabinet:password_reset_complete"), 200),
            (world.reset_path, 200),
            (reverse("cabinet:confirm_email", kwargs={"token": "not-a-real-token"}), 400),
            (reverse("primary:reopen", kwargs={"signed": "not-a-real-token"}), 404),
            (reverse("primary:reopen", kwargs={"signed": world.reopen_token}), 200),
            (reverse("signatures:kep") + "?next=" + reverse("cabinet:register_identity"), 200),
            (reverse("signatures:verified"), 200),
        ]
    if role == "regional officer":
        urls += [(reverse("carqueue:removal_entry", kwargs={"pk": pk}), 200) for pk in world.queue_entries]
    if role == "administrator" and world.import_job_pk:
        urls.append((reverse("imports:job", kwargs={"pk": world.import_job_pk}), 200))
    if role == "administrator" and world.duplicates:
        urls.append((reverse("duplicates:merge_detail", kwargs={"pk": world.duplicates["merge"]}), 200))
    if role in ("district officer", "regional officer") and world.duplicates:
        pair = world.duplicates["pair"]
        urls += [(reverse("duplicates:pair", kwargs={"pk": pair}), 200),
                 (reverse("duplicates:merge", kwargs={"pk": pair}) + "?survivor=" + world.duplicates["survivor"], 200)]
    if role in ("Fund branch officer", "enterprise user"):
        urls += _procedure_urls(role)
    if role == "district officer" and world.correction_pk:
        urls.append((reverse("cabinet:handle_correction", kwargs={"pk": world.correction_pk}), 200))
    return urls + _status_urls(world, role)


def _procedure_urls(role: str) -> list[tuple[str, int]]:
    """The procedure in force (seed_demo's referrals): the branch decides a forwarded application,
    issues a referral for an approved one and may cancel an open one; the enterprise opens its
    portal, a referral and a step on it (issue #16 §1)."""
    from cbi.applications.models import ProductApplication, Referral

    open_referral = Referral.objects.filter(status="issued").order_by("pk").first()
    if role == "enterprise user":
        urls = [(reverse("referrals_enterprise:list"), 200)]
        if open_referral is not None:
            urls += [(reverse("referrals_enterprise:detail", kwargs={"pk": open_referral.pk}), 200),
                     (reverse("referrals_enterprise:act", kwargs={"pk": open_referral.pk, "action": "decline"}), 200)]
        accepted = Referral.objects.filter(status="accepted").order_by("pk").first()
        if accepted is not None:
            urls.append((reverse("referrals_enterprise:act", kwargs={"pk": accepted.pk,
                                                                     "action": "record_delivery"}), 200))
        return urls
    urls = [(reverse("applications_staff:referral_monitor"), 200)]
    forwarded = ProductApplication.objects.filter(status="forwarded_to_branch").order_by("pk").first()
    if forwarded is not None:
        urls.append((reverse("applications_staff:branch_act", kwargs={"pk": forwarded.pk, "action": "approve"}), 200))
    approved = ProductApplication.objects.filter(status="approved", referrals__isnull=True,
                                                 decided_by__username="fund.kyiv").order_by("pk").first()
    if approved is not None:
        urls.append((reverse("applications_staff:referral_new", kwargs={"pk": approved.pk}), 200))
    if open_referral is not None:
        urls.append((reverse("applications_staff:referral_cancel", kwargs={
            "pk": open_referral.application_id, "referral_id": open_referral.pk}), 200))
    return urls


# --- Flows: pages that only exist within a session ------------------------------------------

def flow_unconfirmed_account(crawler: Crawler, page, world: World) -> None:
    """Signing in before confirming the e-mail shows "check your e-mail"; then the link confirms it."""
    page.goto("/cabinet/login/")
    submit_main_form(page, username=UNCONFIRMED, password=PASSWORD)
    crawler.check(page, "anonymous", route="cabinet:login", status=200, state="flow")
    crawler.open(page, "anonymous", reverse("cabinet:confirm_email", kwargs={"token": world.confirm_token}))


def flow_new_staff_member(crawler: Crawler, page, world: World) -> None:
    """A staff member without a second factor is asked to set one up."""
    page.goto("/staff/login/")
    submit_main_form(page, username=NEW_STAFF, password=PASSWORD)
    visit = crawler.check(page, "anonymous", route="accounts:staff_login", status=200, state="flow")
    crawler.try_error_states(page, "anonymous", visit)


def flow_id_gov_ua(crawler: Crawler, page, world: World) -> None:
    """Sign-up through (the local mock of) id.gov.ua, ending on the account form."""
    start = reverse("signatures:idgovua_start") + "?next=" + reverse("cabinet:register_identity")
    crawler.open(page, "anonymous", start)
    submit_main_form(page, rnokpp=world.identity_rnokpp)
    page.wait_for_load_state()
    visit = crawler.check(page, "anonymous", route="signatures:idgovua_callback", status=200, state="flow")
    crawler.try_error_states(page, "anonymous", visit)


def flow_primary_draft(crawler: Crawler, page, world: World) -> None:
    """A draft application: the second step, then the check page with answers missing."""
    page.goto(reverse("primary:step", kwargs={"slug": "who"}))
    page.locator("main form[method=post] input[type=radio]").first.check()
    with page.expect_navigation():
        page.locator("main form[method=post] [type=submit]").last.click()
    visit = crawler.check(page, "anonymous", route="primary:step", status=200, state="flow")
    crawler.try_error_states(page, "anonymous", visit)
    crawler.open(page, "anonymous", reverse("primary:check"))


def flow_primary_done(crawler: Crawler, page, world: World) -> None:
    from django.conf import settings

    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": world.done_session,
                               "url": world.base_url}])
    crawler.open(page, "anonymous", reverse("primary:done"))


def flow_barrier_report(crawler: Crawler, page, world: World) -> None:
    """A barrier report sent from the accessibility statement ends on its confirmation page."""
    page.goto(reverse("help:report") + "?page=/help/")
    submit_main_form(page, description="Кнопка «Продовжити» не читається програмою екранного доступу.")
    crawler.check(page, "anonymous", route="help:report_sent", status=200, state="flow")


ANONYMOUS_FLOWS = [flow_unconfirmed_account, flow_new_staff_member, flow_id_gov_ua, flow_primary_draft,
                   flow_primary_done, flow_barrier_report]


def flow_each_applicant(crawler: Crawler, page, world: World, role: str) -> None:
    """Acting for one applicant per status (the switcher): the cabinet's page of that application."""
    switch = f"form[action='{reverse('cabinet:switch_person')}']"
    for obj, url in status_pages(world, "applicant"):
        page.goto(reverse("cabinet:home"))
        if page.locator(f"{switch} select").count():  # no switcher when there is one person only
            page.select_option(f"{switch} select", str(obj.person_id))
            with page.expect_navigation():
                page.locator(f"{switch} [type=submit]").click()
        crawler.open(page, role, url)
        for extra in _cabinet_pages_of(obj):
            crawler.open(page, role, extra)


def _cabinet_pages_of(obj) -> list[str]:
    """The pages an application's status opens in the cabinet, besides its own page."""
    if obj._meta.label != "applications.ProductApplication":
        return []
    from cbi.applications import services, workflow

    routes = {workflow.DRAFT: ["check"], workflow.SUBMITTED: ["submitted", "withdraw"],
              workflow.INFORMATION_REQUESTED: ["provide_information"]}.get(obj.status, [])
    if services.survey_open(obj):
        routes.append("survey")
    return [reverse(f"applications_cabinet:{name}", kwargs={"pk": obj.pk}) for name in routes]


# --- The whole crawl ------------------------------------------------------------------------

def _guarded(crawler: Crawler, what: str, action) -> None:
    """A broken flow is reported with the rest, and the crawl goes on."""
    page = crawler.new_page()
    try:
        action(page)
    except Exception as error:  # noqa: BLE001 - every failure is reported in the crawl's problems
        from tests.browser.conftest import ARTIFACTS

        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"crawl-{what.replace(' ', '_').replace(',', '')}.png"), full_page=True)
        crawler.result.problems.append(f"{what}: {type(error).__name__}: {str(error).splitlines()[0][:300]} "
                                       f"(at {page.url})")
    finally:
        page.context.close()


def run(browser, base_url: str):
    import time

    from tests.browser.crawler import CABINET_ROLES, STAFF_ROLES, _cabinet_sign_in, _staff_sign_in

    started = time.monotonic()
    world = build_world(base_url)
    crawler = Crawler(browser, base_url)
    crawler.result.world_seconds = time.monotonic() - started
    for flow in ANONYMOUS_FLOWS:
        _guarded(crawler, f"anonymous, {flow.__name__}", lambda page, flow=flow: flow(crawler, page, world))
    _guarded(crawler, "anonymous", lambda page: crawler.crawl(page, "anonymous", "/", start_urls(world, "anonymous")))
    for role, username in CABINET_ROLES.items():
        def cabinet(page, role=role, username=username):
            _cabinet_sign_in(crawler, page, username, role)
            crawler.crawl(page, role, reverse("cabinet:home"), start_urls(world, role))
        _guarded(crawler, role, cabinet)

    def applicants(page, role="representative (one applicant per status)"):
        _cabinet_sign_in(crawler, page, APPLICANTS, role)
        flow_each_applicant(crawler, page, world, role)
    _guarded(crawler, "applicants", applicants)
    for role, username in STAFF_ROLES.items():
        def staff(page, role=role, username=username):
            _staff_sign_in(crawler, page, username, role)
            crawler.crawl(page, role, reverse("accounts:staff_home"), start_urls(world, role))
        _guarded(crawler, role, staff)
    crawler.result.seconds = time.monotonic() - started
    return crawler.result
