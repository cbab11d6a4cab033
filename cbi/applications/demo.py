"""Demo applications for assistive products, driven through the real services.

``seed_applications()`` gives the demo cabinet accounts (``cabinet.person``, ``cabinet.parent``
acting for a child) and the demo offices (``officer.shevchenkivskyi``, ``officer.pecherskyi``)
applications of every kind in every status the kind can reach: cabinet and paper ones, one
filed by a parent for a child, an early replacement with its reason, a compensation with the
amount, a document update bringing version 2 of a file, surveys with ratings and comments, and
products received earlier (some already due for replacement). Timelines are moved into the
past afterwards, so the work lists show realistic dates and overdue marks. Runs once: nothing
is created when any application exists.

``seed_right_events()`` adds the two states of the right to assistive products (issue #16 §3,
AP-RIGHT-1..3) through ``services.record_right_event`` / ``lift_right_suspension``: a person of
the Shevchenkivskyi office whose right ended on death (their open applications cancelled, the
letters addressed to the heirs), and the child of the demo cabinet ``cabinet.parent`` whose right
was suspended because a product was sold before its term of use ended, then lifted (the
application returned to where it stopped). Runs once: nothing is created when any event exists.
"""

from __future__ import annotations

import functools

from collections import deque
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cbi.accounts.models import Representation
from cbi.documents.models import Document
from cbi.letters.registry import render_letter
from cbi.registry.models import Person

from . import right, rules, selectors, services, workflow
from .kinds import SUBJECT_ISSUED_PRODUCT, SUBJECT_PRODUCT, profile
from .models import ApplicationDocument, ApplicationEvent, IssuedProduct, ProductApplication, RightEvent, Survey

OFFICERS = ("officer.shevchenkivskyi", "officer.pecherskyi")
CABINET_PERSON, CABINET_PARENT = "cabinet.person", "cabinet.parent"

#: The statuses each kind can be in (every one gets a demo application).
STATUSES_BY_KIND = {
    kind: [s for s in workflow.STATUSES
           if s == workflow.DRAFT or any(to == s and kind in rule.kinds and rule.action not in workflow.RIGHT_ACTIONS
                                         for (_f, to), rule in workflow.TRANSITIONS.items())]
    for kind in workflow.KINDS
}

REASONS = {
    workflow.REQUEST_INFORMATION: [
        "Додайте, будь ласка, індивідуальну програму реабілітації з рекомендацією цього засобу.",
        "Потрібна довідка лікаря про зміну потреб (дитина виросла з попереднього крісла).",
        "Додайте фото пошкодження та акт сервісного центру.",
    ],
    workflow.APPROVE: [
        "Потребу підтверджено індивідуальною програмою реабілітації.",
        "Документи повні; засіб передбачено індивідуальною програмою реабілітації.",
        "Витрати підтверджено фіскальним чеком; засіб відповідає рекомендації ІПР.",
    ],
    workflow.REFUSE: [
        "Засіб не передбачено індивідуальною програмою реабілітації; зверніться до лікаря для її перегляду.",
        "Засіб цього виду видано менше року тому, строк користування не сплив, пошкодження не підтверджено.",
    ],
    workflow.MARK_READY: [
        "Склад управління, вул. Велика Житомирська, 15, каб. 4; пн–пт 9:00–17:00. Візьміть паспорт.",
        "Сервісний центр ТОВ «Новий крок», вул. Січових Стрільців, 22; вт і чт 10:00–16:00.",
    ],
    workflow.WITHDRAW: ["Письмова заява особи про відкликання від 14.01.2026."],
    workflow.CLOSE: ["Засіб видано, акт приймання-передачі підписано."],
    workflow.MARK_PAID: ["Кошти перераховано на рахунок особи, платіжна інструкція № 3187."],
    workflow.MARK_REPAIRED: ["Замінено гальмівний механізм і шину заднього колеса."],
}
REQUESTS = {
    workflow.PROVISION: ["Прошу забезпечити засобом відповідно до індивідуальної програми реабілітації.",
                         "Пересуваюся лише з допомогою, прошу видати засіб для самостійного пересування вдома.",
                         "Прошу забезпечити засобом, потрібним для навчання в школі."],
    workflow.COMPENSATION: ["Придбав засіб самостійно, бо потреба була термінова. Прошу компенсувати вартість.",
                            "Купила засіб за власні кошти за рекомендацією лікаря, прошу компенсацію."],
    workflow.REPLACEMENT: ["Засіб зношений і не підлягає ремонту, прошу заміну.",
                           "Строк користування сплив, засіб розхитаний і небезпечний."],
    workflow.REPAIR: ["Зламалася ручка гальма на лівому колесі.", "Не тримає заряд акумулятор, тріснула рама."],
    workflow.DOCUMENT_UPDATE: ["Додаю оновлену індивідуальну програму реабілітації."],
}
PRODUCTS = ["Крісло колісне з ручним приводом кімнатне", "Милиці ліктьові", "Слуховий апарат завушний цифровий",
            "Протез гомілки модульний", "Ходунки на колесах (ролатор)", "Тростина біла тактильна складана",
            "Крісло колісне з електроприводом кімнатне", "Устілки ортопедичні індивідуальні",
            "Подушка протипролежнева на сидіння", "Відеозбільшувач електронний портативний"]
SELLERS = ["ФОП Гнатюк В. П.", "ТОВ «Медтехніка-Київ»", "Аптека «Подорожник», вул. Саксаганського, 40"]


@functools.cache
def _scan_bytes(title: str) -> bytes:
    """One demo scan per kind of document, laid out once: drawing a PDF per application took two
    thirds of the first ``make run``."""
    return render_letter(kind="letters.plain", subject=title,
                         lines=["Демонстраційна копія документа: такі файли завантажує особа або посадова особа."])


#: The demo scan of each kind of document a profile gives as its main one: (title, file name).
SCANS = {
    Document.Kind.REHABILITATION_PROGRAMME: ("Індивідуальна програма реабілітації", "ipr.pdf"),
    Document.Kind.PURCHASE_RECEIPT: ("Фіскальний чек", "chek.pdf"),
    Document.Kind.PRODUCT_PHOTO: ("Фото пошкодження", "foto.pdf"),
}


def _pdf(title: str, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, _scan_bytes(title), content_type="application/pdf")


#: A closed demo application was fulfilled first (not refused): the status it is closed from.
CLOSED_FROM = {workflow.PROVISION: workflow.PROVIDED, workflow.REPLACEMENT: workflow.PROVIDED,
               workflow.COMPENSATION: workflow.COMPENSATION_PAID, workflow.REPAIR: workflow.REPAIRED,
               workflow.DOCUMENT_UPDATE: workflow.APPROVED}


def _path(kind: str, target: str) -> list[tuple[str, workflow.Transition]]:
    """The shortest way through the table from a draft to ``target`` for ``kind`` (to
    ``closed`` through fulfilment)."""
    if target == workflow.CLOSED:
        before = CLOSED_FROM[kind]
        return _path(kind, before) + [(target, workflow.TRANSITIONS[(before, target)])]
    queue, seen = deque([(workflow.DRAFT, [])]), {workflow.DRAFT}
    while queue:
        status, path = queue.popleft()
        if status == target:
            return path
        for (frm, to), rule in workflow.TRANSITIONS.items():
            if frm == status and kind in rule.kinds and to not in seen and rule.action not in workflow.RIGHT_ACTIONS:
                seen.add(to)
                queue.append((to, path + [(to, rule)]))
    raise ValueError(f"{kind} cannot reach {target}")


class _Seeder:
    def __init__(self, *, today: date, users: dict, products: list):
        self.today, self.users, self.products, self.counter = today, users, products, 0
        self.branch_officers: dict = {}

    def branch_officer(self, officer):
        """The demo officer of the Fund's territorial branch serving ``officer``'s office (the one
        scope rule: a branch serves the offices of its oblast; ``fund.kyiv`` for both demo offices)."""
        from cbi.accounts.models import Role, StaffProfile

        territory = officer.staff_profile.organization.parent.territory_id
        if territory not in self.branch_officers:
            profile = (StaffProfile.objects.filter(role=Role.FUND_BRANCH_OFFICER, organization__territory=territory,
                                                   user__is_active=True)
                       .select_related("user").order_by("user__username").first())
            if profile is None:
                raise ValueError("no officer of the Fund's branch serves the demo office: run seed_demo's users first")
            self.branch_officers[territory] = profile.user
        return self.branch_officers[territory]

    def pick(self, items: list):
        self.counter += 1
        return items[self.counter % len(items)]

    def product(self):
        return self.pick(self.products)

    def issued(self, officer, person, product, years_ago: float, serial: str = "") -> IssuedProduct:
        return services.record_issued_product(actor=officer, person=person, product=product,
                                              issued_on=self.today - timedelta(days=int(365 * years_ago)),
                                              serial_number=serial)

    def draft(self, kind: str, *, person, officer, actor=None, product=None, issued=None, related=None,
              replacement_reason: str = "", request_text: str = "") -> ProductApplication:
        """A complete draft: by ``actor`` in the cabinet, or on paper by ``officer``."""
        on_paper = actor is None
        actor = actor or officer
        kind_profile = profile(kind)
        fields = {"request_text": request_text or self.pick(REQUESTS[kind])}
        if kind_profile.subject == SUBJECT_PRODUCT:
            fields["product"] = product or self.product()
        if kind_profile.subject == SUBJECT_ISSUED_PRODUCT:
            if issued is None:
                used = self.product()  # received when its service life had ended half a year ago
                issued = self.issued(officer, person, used, float(used.service_life_years) + 0.5)
            fields["issued_product"] = issued
        if kind_profile.asks_replacement_reason:
            fields["replacement_reason"] = replacement_reason or "service_life_ended"
        if kind_profile.asks_purchase:
            fields.update(purchase_amount=Decimal(self.pick(["6480.00", "12350.00", "3920.50"])),
                          purchase_date=self.today - timedelta(days=40), seller=self.pick(SELLERS))
        if kind_profile.updates_documents:
            fields["related_application"] = related or self.run(
                workflow.PROVISION, workflow.UNDER_REVIEW, person=person, officer=officer, actor=None if on_paper else actor)
        application = services.start_draft(actor=actor, person=person, kind=kind, on_paper=on_paper, **fields)
        title, name = SCANS[kind_profile.main_document]
        if kind_profile.updates_documents:  # a new version of that document of the related application
            base = application.related_application
            earlier = ApplicationDocument.objects.filter(
                application=base, document__kind=kind_profile.main_document).order_by("-added_at").first()
            services.add_document(actor=actor, application=base, added_with=application,
                                  replaces=earlier.document if earlier else None, kind=kind_profile.main_document,
                                  file=_pdf(f"{title} (оновлена)", name.replace(".pdf", "-2.pdf")))
        else:
            services.add_document(actor=actor, application=application, kind=kind_profile.main_document,
                                  file=_pdf(title, name))
        return application

    def run(self, kind: str, target: str, *, person, officer, actor=None, **draft) -> ProductApplication:
        """A new application of ``kind`` taken to ``target`` (cabinet steps by ``actor``)."""
        application = self.draft(kind, person=person, officer=officer, actor=actor, **draft)
        return self.advance(application, target, officer=officer, actor=actor)

    def advance(self, application, target: str, *, officer, actor=None) -> ProductApplication:
        """From a draft to ``target``; the person's steps by ``actor`` when filed in the cabinet."""
        for to, rule in _path(application.kind, target):
            by = actor if (actor is not None and workflow.PERSON in rule.roles) else officer
            if workflow.DISTRICT_OFFICER not in rule.roles and workflow.FUND_BRANCH in rule.roles:
                by = self.branch_officer(officer)  # a provision or replacement: the branch decides
            reason = self.pick(REASONS[rule.action]) if rule.action in REASONS else ""
            if rule.action in (workflow.APPROVE, workflow.REFUSE):
                application = services.decide(
                    actor=by, application=application, approve=rule.action == workflow.APPROVE, reasons=reason,
                    approved_amount=(application.purchase_amount - Decimal("400.00")
                                     if application.profile.officer_approves_amount else None))
                continue
            changes = None
            if rule.action == workflow.START_FULFILMENT:
                supplier = selectors.suppliers_for(application).first()
                changes = {"supplier": supplier} if supplier else None
            application = services.move(actor=by, application=application, to=to, reason=reason, changes=changes)
        return application


def _age(application: ProductApplication, days: int) -> None:
    """Move the application's timeline ``days`` into the past (events keep their order)."""
    delta = timedelta(days=days)
    ProductApplication.objects.filter(pk=application.pk).update(
        created_at=F("created_at") - delta, status_changed_at=F("status_changed_at") - delta)
    for field in ("submitted_at", "decided_at", "due_on", "information_due_on"):
        ProductApplication.objects.filter(pk=application.pk, **{f"{field}__isnull": False}).update(
            **{field: F(field) - delta})
    ApplicationEvent.objects.filter(application=application).update(at=F("at") - delta)
    ApplicationDocument.objects.filter(application=application).update(added_at=F("added_at") - delta)
    for issued in IssuedProduct.objects.filter(application=application):
        issued.issued_on -= delta
        issued.replacement_possible_on = rules.add_years(issued.issued_on, issued.service_life_years)
        issued.save(update_fields=["issued_on", "replacement_possible_on"])


def seed_applications(*, today: date | None = None) -> dict[str, int]:
    """Create the demo applications once; returns what was created (zeros when skipped)."""
    from cbi.catalogue.models import Product

    counts = {"applications": 0, "issued_products": 0, "surveys": 0}
    if ProductApplication.objects.exists():
        return counts
    if not Product.objects.exists():
        from cbi.catalogue.services import load_catalogue

        load_catalogue()
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=[*OFFICERS, CABINET_PERSON, CABINET_PARENT])
             .select_related("cabinet_account__person")}
    if not all(name in users for name in OFFICERS):
        return counts
    products = list(Product.objects.filter(is_active=True, name__in=PRODUCTS).select_related("group"))
    if not products:
        return counts
    with transaction.atomic():
        _seed(_Seeder(today=today or timezone.localdate(), users=users, products=products), users)
    counts["applications"] = ProductApplication.objects.count()
    counts["issued_products"] = IssuedProduct.objects.count()
    counts["surveys"] = Survey.objects.count()
    return counts


def _persons(officer, exclude) -> list[Person]:
    adults_born_before = timezone.localdate().replace(year=timezone.localdate().year - 18)
    return list(Person.objects.filter(office=officer.staff_profile.organization, date_of_birth__lte=adults_born_before)
                .exclude(pk__in=exclude).order_by("rnokpp")[:40])


def _seed(seeder: _Seeder, users: dict) -> None:
    first, second = users[OFFICERS[0]], users[OFFICERS[1]]
    own = users.get(CABINET_PERSON)
    parent = users.get(CABINET_PARENT)
    me = own.cabinet_account.person if own and own.cabinet_account.person_id else None
    link = Representation.objects.filter(account__user=parent).select_related("person").first() if parent else None
    child = link.person if link else None
    offices = {first.staff_profile.organization_id: first, second.staff_profile.organization_id: second}
    if me is not None and me.office_id not in offices:
        me = None
    if child is not None and child.office_id not in offices:
        child = None
    product = {p.name: p for p in seeder.products}
    wheelchair = product.get(PRODUCTS[0], seeder.products[0])
    crutches = product.get(PRODUCTS[1], seeder.products[0])

    # The person with their own cabinet: a story across several applications.
    if me is not None:
        me_officer = offices[me.office_id]
        old_chair = seeder.issued(me_officer, me, wheelchair, 4.6, "КК-2021-0417")  # due for replacement
        new_crutches = seeder.issued(me_officer, me, crutches, 0.8, "МЛ-5521")  # early replacement below
        done = seeder.run(workflow.PROVISION, workflow.CLOSED, person=me, officer=me_officer, actor=own,
                          product=product.get("Подушка протипролежнева на сидіння"))
        services.submit_survey(actor=own, application=done, rating=5, comment="Усе швидко, дякую працівникам складу.")
        _age(done, 160)
        paid = seeder.run(workflow.COMPENSATION, workflow.COMPENSATION_PAID, person=me, officer=me_officer, actor=own)
        services.submit_survey(actor=own, application=paid, rating=4, comment="Компенсацію отримала, але чекала довго.")
        _age(paid, 70)
        early = seeder.run(workflow.REPLACEMENT, workflow.UNDER_REVIEW, person=me, officer=me_officer, actor=own,
                           issued=new_crutches, replacement_reason="damaged",
                           request_text="Милиця тріснула після падіння на сходах, користуватися небезпечно.")
        _age(early, 12)
        asked = seeder.run(workflow.PROVISION, workflow.INFORMATION_REQUESTED, person=me, officer=me_officer,
                           actor=own, product=product.get("Слуховий апарат завушний цифровий"))
        _age(asked, 5)
        # The person answers with a document update: version 2 of the programme.
        update = seeder.draft(workflow.DOCUMENT_UPDATE, person=me, officer=me_officer, actor=own, related=asked)
        services.submit(actor=own, application=update)
        services.move(actor=own, application=asked, to=workflow.INFORMATION_PROVIDED,
                      reason="Додала оновлену програму реабілітації заявою на оновлення документів.")
        seeder.run(workflow.REPAIR, workflow.REGISTERED, person=me, officer=me_officer, actor=own, issued=old_chair)

    # A parent for a child.
    if child is not None:
        child_officer = offices[child.office_id]
        given = seeder.run(workflow.PROVISION, workflow.PROVIDED, person=child, officer=child_officer, actor=parent,
                           product=wheelchair, request_text="Син виріс із попереднього крісла, потрібне дитяче крісло.")
        services.submit_survey(actor=parent, application=given, rating=5, comment="Крісло підібрали за зростом сина.")
        _age(given, 45)
        seeder.run(workflow.REPAIR, workflow.READY_FOR_PICKUP, person=child, officer=child_officer, actor=parent,
                   issued=IssuedProduct.objects.get(application=given))

    # Every kind in every status it can reach: paper applications of other persons of the two offices.
    exclude = [p.pk for p in (me, child) if p is not None]
    people = {officer: _persons(officer, exclude) for officer in (first, second)}
    index = 0
    for kind in workflow.KINDS:
        for status in STATUSES_BY_KIND[kind]:
            officer = first if index % 3 != 2 else second
            persons = people[officer] or people[first]
            if not persons:
                return
            person = persons[index % len(persons)]
            index += 1
            if status == workflow.DRAFT:
                # Drafts are started in the cabinet and left to come back to.
                if me is not None:
                    seeder.draft(kind, person=me, officer=offices[me.office_id], actor=own)
                else:
                    seeder.draft(kind, person=person, officer=officer)
                continue
            application = seeder.run(kind, status, person=person, officer=officer)
            # Older ones first in time; a few past their due date (overdue on the work list).
            _age(application, (index * 7) % 50)


# --- The right ended and suspended (issue #16 §3) ------------------------------------------------

#: The demo's documents behind the events (realistic, invented numbers).
DEATH_CERTIFICATE = "Свідоцтво про смерть серії І-ТП № 512374"
DEATH_NOTE = "Про смерть повідомила донька під час особистого прийому; засоби підлягають поверненню."
SALE_ACT = "Акт перевірки використання засобу реабілітації № 14"
SALE_NOTE = "Милиці ліктьові, видані за кошти державного бюджету, продано через оголошення до закінчення строку."
RETURN_ACT = "Акт приймання-передачі засобу реабілітації № 31"
RETURN_NOTE = "Милиці повернуто до складу управління; підстав для подальшого зупинення немає."


def _date_event(event: RightEvent, day: date) -> None:
    """Put an event (and the application steps it caused) on ``day``, as if recorded then."""
    at = timezone.make_aware(datetime.combine(day, time(11, 0)))
    RightEvent.objects.filter(pk=event.pk).update(recorded_at=at)
    ApplicationEvent.objects.filter(right_event=event).update(at=at)
    ProductApplication.objects.filter(events__right_event=event).update(status_changed_at=at)


def _deceased_candidate(officer, exclude) -> Person | None:
    """An adult of the officer's office with no application and no cabinet yet: the second by
    РНОКПП of three such, so not the first or the last one the browser crawl's world picks."""
    adults_born_before = timezone.localdate().replace(year=timezone.localdate().year - 18)
    free = list(Person.objects.filter(office=officer.staff_profile.organization, date_of_birth__lte=adults_born_before,
                                      product_applications__isnull=True, right_events__isnull=True)
                .exclude(pk__in=exclude).exclude(cabinet_account__isnull=False).order_by("rnokpp")[:3])
    return free[1] if len(free) == 3 else None


def seed_right_events(*, today: date | None = None) -> dict[str, int]:
    """Create the demo events on the right once; returns what was created (zeros when skipped)."""
    counts = {"right_events": 0, "moved_applications": 0}
    if RightEvent.objects.exists() or not ProductApplication.objects.exists():
        return counts
    from cbi.catalogue.models import Product

    today = today or timezone.localdate()
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=[*OFFICERS, CABINET_PARENT])}
    if not all(name in users for name in OFFICERS):
        return counts
    products = {p.name: p for p in Product.objects.filter(is_active=True, name__in=PRODUCTS)}
    seeder = _Seeder(today=today, users=users, products=list(products.values()))
    if not seeder.products:
        return counts
    offices = {users[name].staff_profile.organization_id: users[name] for name in OFFICERS}
    parent = users.get(CABINET_PARENT)
    link = Representation.objects.filter(account__user=parent).select_related("person").first() if parent else None
    child = link.person if link and link.person.office_id in offices else None
    with transaction.atomic():
        first = users[OFFICERS[0]]
        deceased = _deceased_candidate(first, [child.pk] if child else [])
        if child is not None:  # recorded first: its decisions are the older ones
            _sale_story(seeder, offices[child.office_id], child, products, today)
        if deceased is not None:
            _death_story(seeder, first, deceased, products, today)
    counts["right_events"] = RightEvent.objects.count()
    counts["moved_applications"] = ApplicationEvent.objects.filter(right_event__isnull=False).count()
    return counts


def _death_story(seeder: _Seeder, officer, person: Person, products: dict, today: date) -> None:
    """AP-RIGHT-1: a person with a wheelchair and two open applications dies; the office records the
    death from the certificate; both applications are cancelled with letters to the heirs."""
    chair = products.get(PRODUCTS[0], seeder.products[0])
    issued = seeder.issued(officer, person, chair, 2.2, "КК-2023-1180")
    cushion = products.get("Подушка протипролежнева на сидіння", seeder.products[0])
    provision = seeder.run(workflow.PROVISION, workflow.UNDER_REVIEW, person=person, officer=officer, product=cushion,
                           request_text="Прошу забезпечити протипролежневою подушкою: пересуваюся лише на кріслі.")
    _age(provision, 21)
    repair = seeder.run(workflow.REPAIR, workflow.REGISTERED, person=person, officer=officer, issued=issued,
                        request_text="Не працює гальмо правого колеса крісла.")
    _age(repair, 9)
    event = services.record_right_event(actor=officer, person=person, ground=right.DEATH,
                                        source_document=DEATH_CERTIFICATE, source_date=today - timedelta(days=6),
                                        note=DEATH_NOTE)
    _date_event(event, today - timedelta(days=3))


def _sale_story(seeder: _Seeder, officer, child: Person, products: dict, today: date) -> None:
    """AP-RIGHT-2/3: crutches issued to the child were sold before their term of use ended; the
    office suspends the right (the open application waits), and lifts the suspension once the
    crutches are returned (the application goes on from where it stopped)."""
    crutches = products.get(PRODUCTS[1], seeder.products[0])
    seeder.issued(officer, child, crutches, 0.9, "МЛ-2025-0311")
    if not selectors.open_applications_of(child).exists():
        seeder.run(workflow.PROVISION, workflow.UNDER_REVIEW, person=child, officer=officer,
                   product=products.get("Ходунки на колесах (ролатор)", seeder.products[0]))
    suspension = services.record_right_event(actor=officer, person=child, ground=right.PRODUCT_DISPOSED,
                                             source_document=SALE_ACT, source_date=today - timedelta(days=24),
                                             note=SALE_NOTE)
    _date_event(suspension, today - timedelta(days=22))
    lift = services.lift_right_suspension(actor=officer, suspension=suspension, source_document=RETURN_ACT,
                                          source_date=today - timedelta(days=8), note=RETURN_NOTE)
    _date_event(lift, today - timedelta(days=7))


# --- The procedure in force (issue #16 §1): the Kyiv branch of the Fund and an enterprise ------------

FUND_BRANCH_USER, ENTERPRISE_USER = "fund.kyiv", "enterprise.demo"
#: The demo enterprise's organization (``seed_demo`` creates it before its user; linked here to a
#: catalogue supplier of Kyiv).
ENTERPRISE_CODE = "ent-demo"


def seed_referrals() -> dict[str, int]:
    """Applications of Shevchenkivskyi district (Kyiv) under the procedure in force, through the real
    services: one forwarded to the Kyiv branch of the Fund (to decide), one approved (a referral to
    issue), one with a referral issued, one accepted, one delivered with its act. The demo enterprise
    is a catalogue supplier of Kyiv connected to the portal. Runs once."""
    from cbi.catalogue.models import Supplier
    from cbi.organizations.models import Organization

    from .models import Referral

    counts = {"referrals": 0}
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=[OFFICERS[0], FUND_BRANCH_USER, ENTERPRISE_USER])}
    organization = Organization.objects.filter(code=ENTERPRISE_CODE).first()
    if len(users) < 3 or organization is None or Referral.objects.exists():
        return counts
    officer, branch, enterprise_user = users[OFFICERS[0]], users[FUND_BRANCH_USER], users[ENTERPRISE_USER]
    kyiv = officer.staff_profile.organization.parent.territory_id
    supplier = (Supplier.objects.filter(is_active=True, regions=kyiv, organization__isnull=True)
                .order_by("name").first()) or Supplier.objects.filter(organization=organization).first()
    if supplier is None:
        return counts
    with transaction.atomic():
        if supplier.organization_id is None:
            supplier.organization = organization
            supplier.save(update_fields=["organization"])
            Organization.objects.filter(pk=organization.pk).update(name=supplier.name)
        products = list(supplier.products.filter(is_active=True).order_by("iso_code")[:5])
        persons = list(Person.objects.filter(office=officer.staff_profile.organization, product_applications__isnull=True)
                       .order_by("rnokpp")[:5])
        for index, (person, product) in enumerate(zip(persons, products * 5)):
            application = services.start_draft(actor=officer, person=person, kind=workflow.PROVISION, on_paper=True,
                                               product=product, request_text=REQUESTS[workflow.PROVISION][0],
                                               **({"filed_via": ProductApplication.FiledVia.CNAP,
                                                   "place_of_receipt": "ЦНАП Дарницької районної в місті Києві "
                                                                       "державної адміністрації"} if index == 0 else {}))
            application = services.submit(actor=officer, application=application)
            for to in (workflow.REGISTERED, workflow.UNDER_REVIEW, workflow.FORWARDED):
                application = services.move(actor=officer, application=application, to=to)
            if index == 0:
                continue  # waits for the branch's decision
            application = services.decide(actor=branch, application=application, approve=True,
                                          reasons=REASONS[workflow.APPROVE][0])
            if index == 1:
                continue  # the referral is still to be issued
            referral = services.issue_referral(actor=branch, application=application, enterprise=supplier)
            counts["referrals"] += 1
            if index >= 3:
                services.enterprise_step(actor=enterprise_user, referral=referral, action="accept")
            if index == 4:
                services.enterprise_step(actor=enterprise_user, referral=referral, action="record_delivery",
                                         delivered_on=timezone.localdate(), serial_number=f"DEMO-{product.pk:05d}",
                                         act_file=_pdf("Акт приймання-передачі", "akt-peredachi.pdf"))
    return counts
