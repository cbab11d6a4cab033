"""The catalogue of assistive products (EC-APP-7): groups and products with their
ISO 9999 codes and service life, and the manufacturers and service providers who
supply or repair them, with the regions they serve.

Names and descriptions are data in two languages (Ukrainian first, English second);
``localized`` picks the one for the active language.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def localized(obj, field: str) -> str:
    """``obj.<field>_en`` when the page is in English and it is filled in, else ``obj.<field>``."""
    if (get_language() or "uk").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, field)


class ProductGroup(models.Model):
    """A group of the catalogue: an ISO 9999 class or subclass ("12 22" manual wheelchairs)."""

    iso_code = models.CharField(_("ISO 9999 code"), max_length=12, unique=True)
    name = models.CharField(_("name (Ukrainian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("description (Ukrainian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["iso_code"]
        verbose_name = _("product group")
        verbose_name_plural = _("product groups")

    def __str__(self) -> str:
        return f"{self.iso_code} {self.display_name}"

    @property
    def display_name(self) -> str:
        return localized(self, "name")

    @property
    def display_description(self) -> str:
        return localized(self, "description")


class Product(models.Model):
    """A kind of assistive product ("крісло колісне з ручним приводом, кімнатне")."""

    group = models.ForeignKey(ProductGroup, on_delete=models.PROTECT, related_name="products",
                              verbose_name=_("product group"))
    iso_code = models.CharField(_("ISO 9999 code"), max_length=12, db_index=True)
    name = models.CharField(_("name (Ukrainian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("plain description (Ukrainian)"))
    description_en = models.TextField(_("plain description (English)"), blank=True)
    #: Drives replacement (EC-APP-2): a replacement is possible after this many years.
    service_life_years = models.DecimalField(_("service life in years"), max_digits=4, decimal_places=1)
    is_active = models.BooleanField(_("can be applied for"), default=True)
    # Case-folded name and description for text search (SQLite folds only ASCII).
    search_key = models.TextField(editable=False, default="")
    history = HistoricalRecords()

    class Meta:
        ordering = ["iso_code", "name"]
        verbose_name = _("assistive product")
        verbose_name_plural = _("assistive products")
        constraints = [
            models.CheckConstraint(name="product_service_life_positive",
                                   condition=models.Q(service_life_years__gt=0)),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return localized(self, "name")

    @property
    def display_description(self) -> str:
        return localized(self, "description")

    def save(self, *args, **kwargs):
        self.search_key = " ".join([self.iso_code, self.name, self.name_en, self.description,
                                    self.description_en]).casefold()
        super().save(*args, **kwargs)


class Supplier(models.Model):
    """A manufacturer or a service provider (repairs, fitting), with the regions it serves."""

    class Kind(models.TextChoices):
        MANUFACTURER = "manufacturer", _("manufacturer")
        SERVICE_PROVIDER = "service_provider", _("service provider")
        BOTH = "both", _("manufacturer and service provider")

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    edrpou = models.CharField(_("EDRPOU code"), max_length=10, blank=True)
    #: Oblasts (and Kyiv) served: КАТОТТГ units of category O or K.
    regions = models.ManyToManyField("registry.Territory", related_name="+", blank=True,
                                     verbose_name=_("regions served"))
    products = models.ManyToManyField(Product, related_name="suppliers", blank=True,
                                      verbose_name=_("products supplied or serviced"))
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    #: The enterprise as an organization, when it works on electronic referrals through the
    #: enterprise portal (its users' staff profiles point at it); empty: not connected.
    organization = models.OneToOneField("organizations.Organization", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="supplier",
                                        limit_choices_to={"kind": "enterprise"},
                                        verbose_name=_("enterprise in the referrals portal"))
    history = HistoricalRecords(m2m_fields=[regions, products])

    class Meta:
        ordering = ["name"]
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")

    def __str__(self) -> str:
        return self.name


class NormIsImmutable(Exception):
    """A norm version is never rewritten: a change of the norm is a new version."""


class Norm(models.Model):
    """One version of the norm for a product, or for a whole group when no product-level norm
    exists: the term of use after which a replacement is due, the maximum compensation for a
    product bought independently and who may receive it, with its legal source and the date it
    takes effect from.

    Versions are insert-only (``save`` refuses to rewrite one): a change of the norm adds a
    version with a later ``effective_from``, so an application is judged, and its decision keeps,
    the version in force on its submission date. ``verified`` is False for every value nobody
    confirmed against the official text (docs/assistive-products-procedure.md).
    """

    product = models.ForeignKey(Product, null=True, blank=True, on_delete=models.PROTECT, related_name="norms",
                                verbose_name=_("assistive product"))
    group = models.ForeignKey(ProductGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="norms",
                              verbose_name=_("product group"))
    #: The name as the legal list writes it.
    legal_name = models.CharField(_("legal name"), max_length=300)
    term_of_use_months = models.PositiveSmallIntegerField(_("term of use in months"))
    max_compensation = models.DecimalField(_("maximum compensation, UAH"), max_digits=10, decimal_places=2,
                                           null=True, blank=True)
    #: Who may receive it (Ukrainian; English second).
    entitled = models.TextField(_("who may receive it (Ukrainian)"))
    entitled_en = models.TextField(_("who may receive it (English)"), blank=True)
    source_act = models.CharField(_("legal act"), max_length=300)
    source_annex = models.CharField(_("annex"), max_length=100, blank=True)
    source_item = models.CharField(_("item"), max_length=100, blank=True)
    effective_from = models.DateField(_("in force from"))
    verified = models.BooleanField(_("checked against the official text"), default=False)
    note = models.TextField(_("note"), blank=True)
    loaded_at = models.DateTimeField(_("loaded"), auto_now_add=True)

    class Meta:
        ordering = ["-effective_from", "-id"]
        verbose_name = _("norm")
        verbose_name_plural = _("norms")
        constraints = [
            models.CheckConstraint(name="norm_product_xor_group",
                                   condition=(models.Q(product__isnull=False, group__isnull=True)
                                              | models.Q(product__isnull=True, group__isnull=False))),
            models.CheckConstraint(name="norm_term_positive", condition=models.Q(term_of_use_months__gt=0)),
            models.CheckConstraint(name="norm_max_compensation_positive",
                                   condition=models.Q(max_compensation__isnull=True) | models.Q(max_compensation__gt=0)),
            models.UniqueConstraint(fields=["product", "effective_from"], name="norm_product_version_unique",
                                    condition=models.Q(product__isnull=False)),
            models.UniqueConstraint(fields=["group", "effective_from"], name="norm_group_version_unique",
                                    condition=models.Q(group__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.legal_name} ({self.effective_from:%d.%m.%Y})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise NormIsImmutable(f"norm {self.pk} is a version already in use; add a new version instead")
        super().save(*args, **kwargs)

    @property
    def display_entitled(self) -> str:
        return localized(self, "entitled")

    @property
    def term_of_use_years(self):
        """Whole years when the months make whole years, else None (the page then says months)."""
        return self.term_of_use_months // 12 if self.term_of_use_months % 12 == 0 else None

    @property
    def source(self) -> str:
        """The citation as people read it: act, annex, item (those known)."""
        return ", ".join(part for part in (self.source_act, self.source_annex, self.source_item) if part)
