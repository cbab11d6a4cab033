"""The registry (ЦБІ): persons with disabilities and what is known about them.

Names follow shared/domain/glossary.md. Every model that holds a person's data
keeps a full history (django-simple-history): who changed it, when, and the
old and new values; the person's change-history page is built from it.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import validators
from cbi.organizations.models import Organization

from .error_codes import RegistryErrorCode


class Territory(models.Model):
    """A unit of the official codifier КАТОТТГ (edition 19.01.2024)."""

    class Category(models.TextChoices):
        OBLAST = "O", _("oblast")
        SPECIAL_CITY = "K", _("city with special status")
        DISTRICT = "P", _("district")
        COMMUNITY = "H", _("territorial community")
        CITY = "M", _("city")
        URBAN_SETTLEMENT = "X", _("settlement")
        VILLAGE = "C", _("village")
        CITY_DISTRICT = "B", _("district of a city")

    code = models.CharField(max_length=19, primary_key=True)
    name = models.CharField(max_length=120)
    category = models.CharField(max_length=1, choices=Category.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    # The oblast (or Kyiv / Sevastopol) the unit belongs to, for fast scoping.
    region_code = models.CharField(max_length=19, db_index=True)
    # "Львівська обл., Львівський р-н, Львівська громада" — for display and search.
    full_name = models.CharField(max_length=400)
    # The name as search compares it (names.search_key: case-folded, no apostrophes);
    # SQLite compares only ASCII case-insensitively.
    name_key = models.CharField(max_length=120, db_index=True)

    class Meta:
        ordering = ["name"]
        # The oblasts and special cities in name order (the catalogue's region filter, every
        # page): without it PostgreSQL reads all 31 751 units (bench/pages.py --server, EXPLAIN).
        indexes = [models.Index(fields=["category", "name"], name="registry_territory_cat_name")]
        verbose_name = _("territory")
        verbose_name_plural = _("territories")

    def __str__(self) -> str:
        return self.full_name


class Sex(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")


class Person(models.Model):
    """A person with a disability (or a child with a disability) kept in ЦБІ."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    surname = models.CharField(_("surname"), max_length=100)
    given_name = models.CharField(_("given name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    date_of_birth = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    rnokpp = models.CharField(
        _("taxpayer number (РНОКПП)"), max_length=10, null=True, blank=True, unique=True,
        validators=[validators.validate_rnokpp],
    )
    # A person who refuses a taxpayer number on religious grounds has a mark
    # in the passport instead (відмітка в паспорті).
    rnokpp_refused = models.BooleanField(_("refused a taxpayer number (mark in the passport)"), default=False)
    # A child usually has no taxpayer number: a minor (under 18) is identified by the
    # birth certificate instead, "І-КВ 123456" (series, space, six digits).
    birth_certificate = models.CharField(
        _("birth certificate (a child without a taxpayer number)"), max_length=20, blank=True, default="",
    )
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    office = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="persons",
        verbose_name=_("social protection office"),
        limit_choices_to={"kind": Organization.Kind.SOCIAL_PROTECTION_OFFICE},
    )
    # Lowercased surname for exact, case-insensitive search.
    surname_key = models.CharField(max_length=100, editable=False, db_index=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["surname_key", "updated_at"])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [
            models.Index(fields=["surname_key", "date_of_birth"], name="person_surname_dob"),
            # The registry import looks for suspected duplicates among the persons born on a
            # row's date (or with day and month swapped): docs/registry-import.md.
            models.Index(fields=["date_of_birth"], name="person_dob"),
            # An office's persons as ids from the index alone (no row read): the district
            # officer's car queue joins them to the queue entries — 350 → 135 ms at 3 million
            # persons, 22 000 an office (bench/pages.py --server, docs/performance.md).
            models.Index(fields=["office", "id"], name="person_office_id"),
        ]
        constraints = [
            # Exactly one way to identify the person: the РНОКПП, the refusal mark in the
            # passport, or (for a child without a РНОКПП) the birth certificate.
            models.CheckConstraint(
                name="person_rnokpp_refusal_or_birth_certificate",
                condition=(Q(rnokpp__isnull=False) & Q(rnokpp_refused=False) & Q(birth_certificate=""))
                | (Q(rnokpp__isnull=True) & Q(rnokpp_refused=True) & Q(birth_certificate=""))
                | (Q(rnokpp__isnull=True) & Q(rnokpp_refused=False) & ~Q(birth_certificate="")),
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def audit_subject(self) -> tuple:
        """Whose data this is, for the access log (``cbi.audit.services.whose``)."""
        return self, None

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.surname, self.given_name, self.patronymic) if p)

    def age_on(self, on: date) -> int:
        born = self.date_of_birth
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))

    @property
    def is_child(self) -> bool:
        return self.age_on(date.today()) < 18

    def clean(self) -> None:
        if self.rnokpp:
            self.rnokpp = validators.normalize_rnokpp(self.rnokpp)
        if self.rnokpp and self.rnokpp_refused:
            raise ValidationError(
                {"rnokpp_refused": ValidationError(_(
                    "A person with a taxpayer number cannot also have the refusal mark. Remove the number or "
                    "untick the mark."), code=RegistryErrorCode.RNOKPP_WITH_REFUSAL.value)}
            )
        if self.birth_certificate:
            self.birth_certificate = validators.normalize_birth_certificate(self.birth_certificate)
            if self.rnokpp or self.rnokpp_refused:
                raise ValidationError({"birth_certificate": ValidationError(_(
                    "The birth certificate identifies only a child without a taxpayer number. "
                    "Remove it: this person has a taxpayer number or the refusal mark."),
                    code=RegistryErrorCode.BIRTH_CERTIFICATE_NOT_ALLOWED.value)})
            series, _space, number = self.birth_certificate.partition(" ")
            errors = validators.validate_birth_certificate(series, number)
            if errors:
                raise ValidationError({"birth_certificate": list(errors.values())})
            if self.date_of_birth and self.age_on(date.today()) >= 18:
                raise ValidationError({"birth_certificate": ValidationError(_(
                    "An adult is identified by the taxpayer number (РНОКПП) or the refusal mark, "
                    "not by the birth certificate."), code=RegistryErrorCode.BIRTH_CERTIFICATE_ADULT.value)})
        elif not self.rnokpp and not self.rnokpp_refused:
            raise ValidationError(
                {"rnokpp": ValidationError(_(
                    "Enter the taxpayer number (РНОКПП), or tick the box if the person refused it and has a mark "
                    "in the passport."), code=RegistryErrorCode.RNOKPP_REQUIRED.value)}
            )
        if self.date_of_birth and self.date_of_birth > date.today():
            raise ValidationError({"date_of_birth": ValidationError(_("The date of birth cannot be in the future."),
                                                                   code=RegistryErrorCode.DATE_OF_BIRTH_FUTURE.value)})

    def save(self, *args, **kwargs):
        self.surname_key = (self.surname or "").strip().casefold()
        if not self.rnokpp:
            self.rnokpp = None
        super().save(*args, **kwargs)


class PersonPart(models.Model):
    """Base for records that belong to one person (for scoping and history)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE)

    class Meta:
        abstract = True


class IdentityDocument(PersonPart):
    class Kind(models.TextChoices):
        PASSPORT_BOOKLET = "passport_booklet", _("passport of a citizen of Ukraine (booklet)")
        ID_CARD = "id_card", _("passport of a citizen of Ukraine (ID card)")
        BIRTH_CERTIFICATE = "birth_certificate", _("birth certificate")
        OTHER = "other", _("other document")

    kind = models.CharField(_("document kind"), max_length=20, choices=Kind.choices)
    series = models.CharField(_("series"), max_length=10, blank=True)
    number = models.CharField(_("number"), max_length=30)
    issued_on = models.DateField(_("date of issue"), null=True, blank=True)
    issued_by = models.CharField(_("issued by"), max_length=255, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "series", "number"], name="identity_document_unique")
        ]
        indexes = [models.Index(fields=["number"], name="identity_document_number")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.series}{self.number}".strip()

    def clean(self) -> None:
        self.series = validators.normalize_series(self.series)
        if self.kind == self.Kind.BIRTH_CERTIFICATE:
            self.series = self.series.translate(validators.LATIN_TO_CYRILLIC)
        self.number = (self.number or "").strip().replace(" ", "")
        check = validators.DOCUMENT_VALIDATORS.get(self.kind)
        if check:
            errors = check(self.series, self.number)
            if errors:
                raise ValidationError(errors)
        if self.issued_on and self.valid_until and self.valid_until < self.issued_on:
            raise ValidationError({"valid_until": ValidationError(_("The document cannot expire before it was issued."),
                                                                 code=RegistryErrorCode.DOCUMENT_EXPIRES_BEFORE_ISSUE.value)})


class Address(PersonPart):
    class Kind(models.TextChoices):
        REGISTERED = "registered", _("registered address")
        ACTUAL = "actual", _("actual address")

    kind = models.CharField(_("address kind"), max_length=10, choices=Kind.choices)
    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("settlement or community"),
    )
    street = models.CharField(_("street"), max_length=200)
    building = models.CharField(_("building"), max_length=20)
    apartment = models.CharField(_("apartment"), max_length=20, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        constraints = [models.UniqueConstraint(fields=["person", "kind"], name="one_address_per_kind")]

    def __str__(self) -> str:
        parts = [self.postcode, str(self.territory), self.street, self.building]
        if self.apartment:
            parts.append(f"кв. {self.apartment}")
        return ", ".join(p for p in parts if p)

    def clean(self) -> None:
        if self.postcode and not (self.postcode.isdigit() and len(self.postcode) == 5):
            raise ValidationError({"postcode": ValidationError(_("A postcode has 5 digits, for example 01001."),
                                                              code=RegistryErrorCode.POSTCODE.value)})
        if self.territory_id and self.territory.category in (
            Territory.Category.OBLAST, Territory.Category.DISTRICT
        ):
            raise ValidationError(
                {"territory": ValidationError(_(
                    "Choose a community, city, settlement or village, not a whole oblast or district."),
                    code=RegistryErrorCode.TERRITORY_NOT_A_PLACE.value)}
            )


class DisabilityGroup(models.TextChoices):
    I = "I", _("group I")
    II = "II", _("group II")
    III = "III", _("group III")
    CHILD = "child", _("child with disability")


class DisabilityCause(models.TextChoices):
    GENERAL_DISEASE = "general_disease", _("general disease")
    FROM_CHILDHOOD = "from_childhood", _("from childhood")
    WORK_INJURY = "work_injury", _("work injury")
    OCCUPATIONAL_DISEASE = "occupational_disease", _("occupational disease")
    WAR = "war", _("war disability")
    CHORNOBYL = "chornobyl", _("Chornobyl disaster")
    MILITARY_SERVICE = "military_service", _("illness during military service")
    OTHER = "other", _("other cause")


class Assessment(PersonPart):
    """A medical assessment: МСЕК, expert team (ЕКОПФО), ЛКК or ВЛК conclusion."""

    class Kind(models.TextChoices):
        MSEK = "msek", _("medical and social expert commission (МСЕК)")
        EXPERT_TEAM = "expert_team", _("expert team for the assessment of daily functioning")
        LKK = "lkk", _("medical advisory commission (ЛКК)")
        VLK = "vlk", _("military medical commission (ВЛК)")

    kind = models.CharField(_("assessment body"), max_length=12, choices=Kind.choices)
    assessed_on = models.DateField(_("date of the assessment"))
    conclusion_number = models.CharField(_("conclusion number"), max_length=40)
    body_name = models.CharField(_("name of the body"), max_length=255, blank=True)
    indications_for_car = models.BooleanField(_("medical indications for a car"), default=False)
    hand_controls = models.BooleanField(_("car with hand controls"), default=False)
    contraindications_to_driving = models.BooleanField(_("contraindications to driving"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-assessed_on"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} № {self.conclusion_number}, {self.assessed_on:%d.%m.%Y}"

    def clean(self) -> None:
        if self.assessed_on and self.assessed_on > date.today():
            raise ValidationError({"assessed_on": ValidationError(_("The date of the assessment cannot be in the future."),
                                                                 code=RegistryErrorCode.ASSESSMENT_DATE_FUTURE.value)})
        if self.hand_controls and not self.indications_for_car:
            raise ValidationError(
                {"hand_controls": ValidationError(_(
                    "Hand controls are set only together with medical indications for a car."),
                    code=RegistryErrorCode.HAND_CONTROLS_WITHOUT_CAR.value)}
            )


class DisabilityStatus(PersonPart):
    """One period of established disability. The newest one is the current status."""

    group = models.CharField(_("disability group"), max_length=5, choices=DisabilityGroup.choices)
    subgroup_a = models.BooleanField(_("subgroup A"), default=False)
    cause = models.CharField(_("disability cause"), max_length=24, choices=DisabilityCause.choices)
    established_on = models.DateField(_("established on"))
    # Fixed-term (до дати) when set; indefinite (безстроково) when empty.
    valid_until = models.DateField(_("established until"), null=True, blank=True)
    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("assessment behind it"),
    )
    ended_on = models.DateField(_("removed on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-established_on"]
        verbose_name = _("disability status")
        verbose_name_plural = _("disability statuses")
        constraints = [
            models.CheckConstraint(name="subgroup_a_only_group_i", condition=Q(subgroup_a=False) | Q(group="I")),
        ]

    def __str__(self) -> str:
        text = self.get_group_display()
        if self.subgroup_a:
            text += " " + str(_("(subgroup A)"))
        return text

    @property
    def is_indefinite(self) -> bool:
        return self.valid_until is None

    def clean(self) -> None:
        errors = {}
        if self.subgroup_a and self.group != DisabilityGroup.I:
            errors["subgroup_a"] = ValidationError(_("Subgroup A exists only in group I."),
                                                     code=RegistryErrorCode.SUBGROUP_A_ONLY_GROUP_I.value)
        if self.valid_until and self.established_on and self.valid_until <= self.established_on:
            errors["valid_until"] = ValidationError(_("The end of a fixed term must be after the date it was established."),
                                                      code=RegistryErrorCode.STATUS_ENDS_BEFORE_ESTABLISHED.value)
        if self.ended_on and self.established_on and self.ended_on < self.established_on:
            errors["ended_on"] = ValidationError(_("The removal date cannot be before the date it was established."),
                                                   code=RegistryErrorCode.STATUS_REMOVED_BEFORE_ESTABLISHED.value)
        if self.assessment_id and self.person_id and self.assessment.person_id != self.person_id:
            errors["assessment"] = ValidationError(_("Choose an assessment of this person."),
                                                     code=RegistryErrorCode.ASSESSMENT_OF_ANOTHER_PERSON.value)
        if errors:
            raise ValidationError(errors)


class RelatedIndividual(PersonPart):
    """Someone close to the person who is not (necessarily) in ЦБІ themselves:
    a legal representative or a family member."""

    surname = models.CharField(_("surname"), max_length=100)
    given_name = models.CharField(_("given name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    rnokpp = models.CharField(
        _("taxpayer number (РНОКПП)"), max_length=10, blank=True, validators=[validators.validate_rnokpp]
    )

    class Meta:
        abstract = True

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.surname, self.given_name, self.patronymic) if p)


class Representative(RelatedIndividual):
    """A legal representative (parent, guardian, custodian) of the person."""

    class Kind(models.TextChoices):
        PARENT = "parent", _("parent")
        ADOPTIVE_PARENT = "adoptive_parent", _("adoptive parent")
        GUARDIAN = "guardian", _("guardian")
        CUSTODIAN = "custodian", _("custodian")
        OTHER = "other", _("other legal representative")

    class AuthorityDocument(models.TextChoices):
        BIRTH_CERTIFICATE = "birth_certificate", _("child's birth certificate")
        COURT_DECISION = "court_decision", _("court decision")
        GUARDIANSHIP_DECISION = "guardianship_decision", _("decision of the guardianship body")
        POWER_OF_ATTORNEY = "power_of_attorney", _("power of attorney")
        OTHER = "other", _("other document")

    kind = models.CharField(_("who the representative is"), max_length=16, choices=Kind.choices)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    authority_document = models.CharField(
        _("proof of authority"), max_length=24, choices=AuthorityDocument.choices
    )
    authority_document_number = models.CharField(_("number of the proof of authority"), max_length=60)
    authority_document_date = models.DateField(_("date of the proof of authority"))
    authority_valid_until = models.DateField(_("authority valid until"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("legal representative")
        verbose_name_plural = _("legal representatives")

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_kind_display()})"

    def clean(self) -> None:
        if self.authority_valid_until and self.authority_document_date and (
            self.authority_valid_until < self.authority_document_date
        ):
            raise ValidationError(
                {"authority_valid_until": ValidationError(_(
                    "The authority cannot end before the document that grants it."),
                    code=RegistryErrorCode.AUTHORITY_ENDS_BEFORE_DOCUMENT.value)}
            )


class FamilyMember(RelatedIndividual):
    class Relation(models.TextChoices):
        SPOUSE = "spouse", _("husband or wife")
        CHILD = "child", _("son or daughter")
        PARENT = "parent", _("father or mother")
        SIBLING = "sibling", _("brother or sister")
        GRANDPARENT = "grandparent", _("grandfather or grandmother")
        GRANDCHILD = "grandchild", _("grandson or granddaughter")
        OTHER = "other", _("other relative")

    relation = models.CharField(_("relation"), max_length=12, choices=Relation.choices)
    registered_at_same_address = models.BooleanField(_("registered at the same address"), default=False)
    holds_driving_licence = models.BooleanField(_("holds a driving licence"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("family member")
        verbose_name_plural = _("family members")

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_relation_display()})"
