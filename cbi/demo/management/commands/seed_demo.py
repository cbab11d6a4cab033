"""Demo data: organizations, staff of every role, a synthetic population.

Idempotent: running it again creates nothing twice. ``--persons N`` streams
the population in batches (constant memory) and reports progress.
"""

from __future__ import annotations

import base64
import hashlib
import sys
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import reset_queries, transaction
from django.test.utils import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.utils import bulk_create_with_history

from cbi.agencies.demo import seed_agency_client
from cbi.accounts.models import Role, StaffProfile
from cbi.accounts.services import create_staff_member
from cbi.registry import services
from cbi.registry.demo import PopulationGenerator
from cbi.organizations.models import Organization
from cbi.registry.models import (
    Address, Assessment, DisabilityStatus, FamilyMember, IdentityDocument, Person, Representative, Territory,
)

DEMO_PASSWORD = "Demo-CBI-2026!"
# (username, first name, last name, role, organization code, position)
DEMO_STAFF = [
    ("officer.shevchenkivskyi", "Олена", "Коваленко", Role.DISTRICT_OFFICER, "spo-ua80000000001078669", "головний спеціаліст"),
    ("officer.pecherskyi", "Андрій", "Мельник", Role.DISTRICT_OFFICER, "spo-ua80000000000624772", "провідний спеціаліст"),
    ("regional.kyiv", "Ірина", "Бондаренко", Role.REGIONAL_OFFICER, "rd-80", "начальник відділу"),
    ("admin.ministry", "Сергій", "Ткаченко", Role.ADMINISTRATOR, "ministry", "адміністратор системи"),
    ("auditor.ministry", "Наталія", "Кравченко", Role.AUDITOR, "ministry", "аудитор"),
    # Reviews complaints about the regional departments' car-queue decisions (docs/complaints.md).
    ("complaints.ministry", "Тетяна", "Савченко", Role.MINISTRY_OFFICER, "ministry", "головний спеціаліст з розгляду скарг"),
    # The procedure in force for assistive products (issue #16 §1): the Kyiv branch of the Fund and
    # a demo enterprise (a catalogue supplier of Kyiv, linked by cbi.applications.demo.seed_referrals).
    ("fund.kyiv", "Людмила", "Остапенко", Role.FUND_BRANCH_OFFICER, "fb-80", "головний спеціаліст відділення Фонду"),
    ("enterprise.demo", "Віктор", "Гнатюк", Role.ENTERPRISE_USER, "ent-demo", "менеджер з направлень"),
]
DEMO_OFFICES = ["spo-ua80000000001078669", "spo-ua80000000000624772"]
PART_MODELS = {
    "documents": IdentityDocument, "addresses": Address, "statuses": DisabilityStatus,
    "assessments": Assessment, "representatives": Representative, "family": FamilyMember,
}


def demo_totp_key(username: str) -> str:
    """A fixed, publicly known TOTP key for a demo account (never for real staff)."""
    return hashlib.sha1(f"cbi-demo-totp:{username}".encode()).hexdigest()


def demo_totp_secret(username: str) -> str:
    return base64.b32encode(bytes.fromhex(demo_totp_key(username))).decode()


class Command(BaseCommand):
    help = "Create demo organizations, staff and a synthetic population (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=int, default=120, help="size of the population (default 120)")
        parser.add_argument("--batch", type=int, default=1000)
        parser.add_argument("--quiet-logins", action="store_true", help="do not print the demo logins")
        parser.add_argument("--url", default="http://127.0.0.1:8000",
                            help="where the service is served, for the printed sign-in addresses")

    def handle(self, *args, persons: int, batch: int, quiet_logins: bool, url: str, **options):
        if not Territory.objects.exists():
            self.stderr.write("The territorial codifier is empty: run `manage.py migrate` first.")
            sys.exit(1)
        counts = services.ensure_organizations()
        services.ensure_fund_branches()
        Organization.objects.get_or_create(code="ent-demo", defaults={
            "name": "Демонстраційне підприємство (допоміжні засоби)", "kind": Organization.Kind.ENTERPRISE})
        self.ensure_staff()
        self.stdout.write(f"      organizations: {Organization.objects.count()} ({counts['created']} new); "
                          f"staff: {len(DEMO_STAFF)} demo accounts")
        self.seed_population(persons, batch)
        self.ensure_cabinet_accounts()
        self.ensure_car_queue()
        seed_agency_client()  # issue #17: one demo agency client (cbi/agencies/demo.py)
        self.ensure_assistive_products()
        self.refresh_statistics()
        if not quiet_logins:
            self.print_logins(url.rstrip("/"))

    def ensure_assistive_products(self) -> None:
        """The catalogue, applications for assistive products in every status, a right ended (death)
        and a right suspended then lifted (issue #16 §3), and electronic referrals (§1)."""
        from cbi.applications.demo import seed_applications, seed_referrals, seed_right_events
        from cbi.catalogue.services import load_catalogue, load_norms

        load_catalogue()
        load_norms()
        # The demo's notifications stay in the cabinets; their e-mails would only flood the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            counts = seed_applications()
            right_counts = seed_right_events()
            counts.update(seed_referrals())
        self.stdout.write(f"      assistive products: {counts['applications']} applications, "
                          f"{counts['issued_products']} products issued, {counts['surveys']} surveys, "
                          f"{right_counts['right_events']} events on the right, "
                          f"{counts['referrals']} electronic referrals")

    def refresh_statistics(self) -> None:
        """The public waiting times and queue lengths, as the nightly job computes them."""
        from cbi.statistics.services import refresh_public_statistics

        refresh = refresh_public_statistics()
        self.stdout.write(f"      public statistics: {refresh.waiting_times.count()} waiting-time figures")

    @transaction.atomic
    def ensure_staff(self) -> None:
        User = get_user_model()
        for username, first, last, role, org_code, position in DEMO_STAFF:
            if User.objects.filter(username=username).exists():
                continue
            user = create_staff_member(
                username=username, password=DEMO_PASSWORD, first_name=first, last_name=last,
                email=f"{username}@cbi.example", role=role,
                organization=Organization.objects.get(code=org_code), position=position,
            )
            TOTPDevice.objects.create(user=user, name="demo", key=demo_totp_key(username), confirmed=True)

    @transaction.atomic
    def ensure_cabinet_accounts(self) -> None:
        """A person with their own cabinet, and a parent acting for a child."""
        from django.utils import timezone

        from cbi.accounts.models import CabinetAccount, Representation
        from cbi.notifications.models import Notification

        User = get_user_model()
        office = Organization.objects.get(code=DEMO_OFFICES[0])
        today = timezone.localdate()
        came_of_age = today.replace(year=today.year - 18)
        # Filtered in the database: at --persons 1000000 an office has hundreds of thousands.
        in_office = Person.objects.filter(office=office).order_by("rnokpp")
        adult = in_office.filter(date_of_birth__lte=came_of_age).exclude(email="").first()
        child = in_office.filter(date_of_birth__gt=came_of_age, representative__isnull=False).first()
        for username, person, represents in (("cabinet.person", adult, None), ("cabinet.parent", None, child)):
            if User.objects.filter(username=username).exists() or (person is None and represents is None):
                continue
            holder = represents.representative_set.first() if represents else None
            user = User(username=username, email=f"{username}@example.com",
                        first_name=(holder or person).given_name, last_name=(holder or person).surname)
            user.set_password(DEMO_PASSWORD)
            user.save()
            account = CabinetAccount.objects.create(user=user, person=person, registered_via="code",
                                                    email_confirmed_at=timezone.now())
            if represents:
                Representation.objects.create(account=account, person=represents, representative=holder)
            Notification.objects.create(
                person=person or represents, subject="Ласкаво просимо до електронного кабінету",
                body="Тут з’являтимуться рішення щодо ваших заяв і повідомлення від органу соціального захисту.",
            )

    def ensure_car_queue(self) -> None:
        """Car applications taken through the real workflow (journals, deadlines,
        decisions by the rules engine, queue numbers), a few left half-way so the
        officers' work lists are not empty. Runs once."""
        from datetime import timedelta

        from django.core.exceptions import PermissionDenied, ValidationError
        from django.utils import timezone

        from cbi.carqueue.intake import services as carqueue
        from cbi.carqueue.models import CarApplication
        from cbi.carqueue.facts import facts_for

        if CarApplication.objects.exists():
            return
        User = get_user_model()
        officer = User.objects.get(username="officer.shevchenkivskyi")
        regional = User.objects.get(username="regional.kyiv")
        office = officer.staff_profile.organization
        candidates = (
            Person.objects.filter(office=office, assessment__indications_for_car=True,
                                  disabilitystatus__group__in=["I", "II"], disabilitystatus__ended_on__isnull=True)
            .distinct().order_by("rnokpp")[:14]
        )
        today = timezone.localdate()
        done = skipped = 0
        for index, person in enumerate(candidates):
            received = today - timedelta(days=200 - index * 12)
            data = {"received_via": "post" if index % 4 == 3 else "in_person", "received_on": received, "kind": "first"}
            try:
                with transaction.atomic():
                    draft = CarApplication(person=person, office=office, registered_by=officer, **data)
                    presented = [item.code for item in carqueue.journal_checklist(facts_for(person, draft))]
                    application = carqueue.register_application(actor=officer, person=person, data=data,
                                                                presented=presented)
                    if index % 7 == 6:
                        continue  # waits for its referrals
                    issued = received + timedelta(days=1)
                    carqueue.issue_referrals(actor=officer, application=application, issued_on=issued)
                    if index % 7 == 5:
                        continue  # waits for the health facility's notice
                    exam = issued + timedelta(days=10)
                    carqueue.record_notice(actor=officer, application=application, health_exam_on=exam,
                                           form_088_sent_on=exam + timedelta(days=3),
                                           notice_received_on=exam + timedelta(days=5))
                    carqueue.send_to_region(actor=officer, application=application, sent_on=exam + timedelta(days=7))
                    if index % 7 == 4:
                        continue  # waits for registration at the regional department
                    carqueue.register_at_region(actor=regional, application=application,
                                                registered_on=exam + timedelta(days=12))
                    carqueue.decide(actor=regional, application=application, decided_on=exam + timedelta(days=20))
                    done += 1
            except (ValidationError, PermissionDenied) as error:
                skipped += 1
                self.stderr.write(f"  demo car application skipped: {error}")
        self.stdout.write(f"      car applications: {done} decided, {len(candidates) - done - skipped} in progress")

    def _offices(self) -> list[tuple[int, list[str]]]:
        """Demo offices first (most persons live there), then every office in the country."""
        result = []
        settlement = [Territory.Category.CITY, Territory.Category.URBAN_SETTLEMENT, Territory.Category.VILLAGE]
        for office in Organization.objects.filter(kind=Organization.Kind.SOCIAL_PROTECTION_OFFICE).select_related("territory"):
            district = office.territory
            if district.category == Territory.Category.CITY_DISTRICT:
                places = [district.code]
            else:
                places = list(
                    Territory.objects.filter(parent__parent=district, category__in=settlement)
                    .order_by("code").values_list("code", flat=True)
                )
            if places:
                result.append((office.pk, office.code, places))
        demo = [o for o in result if o[1] in DEMO_OFFICES]
        # Weight the demo offices: 2 of every 3 persons live in them.
        weighted = []
        for i in range(max(1, len(result))):
            weighted.append(demo[i % len(demo)] if i % 3 != 2 and demo else result[i % len(result)])
        return [(pk, places) for pk, _code, places in weighted]

    def seed_population(self, total: int, batch: int) -> None:
        generator = PopulationGenerator(offices=self._offices())
        started = time.monotonic()
        created = 0
        for start in range(0, total, batch):
            stop = min(total, start + batch)
            created += self._seed_batch(generator, start, stop)
            # With DEBUG on, Django keeps the last 9,000 SQL statements; bulk
            # inserts are large, so that log alone would grow to ~1 GB.
            reset_queries()
            if total > batch:
                rate = stop / max(0.001, time.monotonic() - started)
                self.stderr.write(f"      persons {stop:,}/{total:,} ({rate:,.0f}/s)")
        self.stdout.write(f"      persons: {created} new, {Person.objects.count()} in the registry")

    @transaction.atomic
    def _seed_batch(self, generator: PopulationGenerator, start: int, stop: int) -> int:
        demo_people = list(generator.people(start, stop))
        existing = set(
            Person.objects.filter(rnokpp__in=[p.person["rnokpp"] for p in demo_people]).values_list("rnokpp", flat=True)
        )
        demo_people = [p for p in demo_people if p.person["rnokpp"] not in existing]
        if not demo_people:
            return 0
        persons = []
        for demo in demo_people:
            person = Person(**demo.person)
            person.surname_key = person.surname.casefold()
            persons.append(person)
        bulk_create_with_history(persons, Person, batch_size=500, default_change_reason="demo data")
        by_kind: dict[str, list] = {kind: [] for kind in PART_MODELS}
        status_links = []
        for demo, person in zip(demo_people, persons):
            assessment = None
            for part in demo.parts:
                data = dict(part.data)
                if part.kind == "statuses":
                    link = data.pop("assessment")
                    obj = DisabilityStatus(person=person, **data)
                    status_links.append((obj, assessment if link == "last" else None))
                    continue
                obj = PART_MODELS[part.kind](person=person, **data)
                if part.kind == "assessments":
                    assessment = obj
                by_kind[part.kind].append(obj)
        for kind in ("documents", "addresses", "assessments", "representatives", "family"):
            if by_kind[kind]:
                bulk_create_with_history(by_kind[kind], PART_MODELS[kind], batch_size=500,
                                         default_change_reason="demo data")
        statuses = []
        for status, assessment in status_links:
            status.assessment = assessment
            statuses.append(status)
        bulk_create_with_history(statuses, DisabilityStatus, batch_size=500, default_change_reason="demo data")
        return len(persons)

    def print_logins(self, url: str) -> None:
        self.stdout.write("\nDemo logins (password for all: %s)" % DEMO_PASSWORD)
        self.stdout.write(f"Staff sign in at {url}/staff/login/ with a second factor: add the key")
        self.stdout.write("to an authenticator app, or print the current code with")
        self.stdout.write("  .venv/bin/python manage.py demo_otp LOGIN\n")
        for username, first, last, role, org_code, _pos in DEMO_STAFF:
            profile = StaffProfile.objects.select_related("organization").get(user__username=username)
            # One line a login, so the printed list stays short as roles are added (issue #11 §5).
            self.stdout.write(f"  {username:<22} TOTP key {demo_totp_secret(username)}  "
                              f"{profile.get_role_display()}, {profile.organization.name}")
        self.stdout.write(f"\nElectronic cabinet ({url}/cabinet/login/, same password, no second factor):")
        self.stdout.write("  cabinet.person             a person with disability, acting for themselves")
        self.stdout.write("  cabinet.parent             a parent acting for a child with disability")
