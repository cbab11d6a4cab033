"""Every write to the catalogue: the reference-data loader and the administrators'
maintenance (groups, products, suppliers, deactivation).

Products are never deleted: applications refer to them. A product or supplier that
is no longer offered is deactivated and disappears from the public catalogue.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cbi.common.updates import model_update, save_with_history
from cbi.registry.models import Territory

from .error_codes import CatalogueErrorCode
from .models import Product, ProductGroup, Supplier
from .selectors import region_choices

DATA_FILE = Path(__file__).resolve().parent / "data" / "catalogue.json"
LOADER_REASON = gettext_noop("Loaded from the catalogue reference data")

_ISO_CODE = re.compile(r"^\d{2}( \d{2}){0,2}$")


def normalize_iso_code(value: str) -> str:
    """``"122203"``, ``"12-22-03"`` or ``"12 22 03"`` → ``"12 22 03"``."""
    digits = re.sub(r"\D", "", value or "")
    if digits and len(digits) % 2 == 0 and len(digits) <= 6 and re.fullmatch(r"[\d\s.\-]+", value.strip()):
        return " ".join(digits[i:i + 2] for i in range(0, len(digits), 2))
    return (value or "").strip()


def _check_iso_code(code: str, *, group: ProductGroup | None = None) -> None:
    if not _ISO_CODE.match(code):
        raise ValidationError({"iso_code": ValidationError(_(
            "Write the ISO 9999 code as two-digit numbers separated by spaces, for example 12 22 03."),
            code=CatalogueErrorCode.ISO_CODE_FORMAT.value)})
    if group is not None and not (code + " ").startswith(group.iso_code + " "):
        raise ValidationError({"iso_code": ValidationError(_(
            "The code must start with the code of the group (%(group)s): choose another group or correct the code.")
            % {"group": group.iso_code}, code=CatalogueErrorCode.ISO_CODE_OUTSIDE_GROUP.value)})


@transaction.atomic
def save_group(*, actor, group: ProductGroup | None = None, iso_code: str, name: str, name_en: str = "",
               description: str = "", description_en: str = "") -> ProductGroup:
    group = group or ProductGroup()
    iso_code = normalize_iso_code(iso_code)
    _check_iso_code(iso_code)
    if len(iso_code) > 5:
        raise ValidationError({"iso_code": ValidationError(_(
            "A group is an ISO 9999 class or subclass: write two or four digits, for example 12 22."),
            code=CatalogueErrorCode.GROUP_CODE_LENGTH.value)})
    if group.pk and group.iso_code != iso_code and group.products.exclude(iso_code__startswith=iso_code).exists():
        raise ValidationError({"iso_code": ValidationError(_(
            "Products of this group have codes that do not start with the new code. "
            "Move or correct those products first."), code=CatalogueErrorCode.GROUP_CODE_ORPHANS_PRODUCTS.value)})
    group.iso_code, group.name, group.name_en = iso_code, name.strip(), name_en.strip()
    group.description, group.description_en = description.strip(), description_en.strip()
    save_with_history(instance=group, user=actor)
    return group


@transaction.atomic
def save_product(*, actor, product: Product | None = None, group: ProductGroup, iso_code: str, name: str,
                 description: str, service_life_years: Decimal, name_en: str = "",
                 description_en: str = "") -> Product:
    product = product or Product()
    iso_code = normalize_iso_code(iso_code)
    _check_iso_code(iso_code, group=group)
    duplicate = Product.objects.filter(iso_code=iso_code, name__iexact=name.strip()).exclude(pk=product.pk)
    if duplicate.exists():
        raise ValidationError({"name": ValidationError(_(
            "The catalogue already has a product with this name and code. Edit that product instead."),
            code=CatalogueErrorCode.PRODUCT_DUPLICATE.value)})
    product.group, product.iso_code, product.name, product.name_en = group, iso_code, name.strip(), name_en.strip()
    product.description, product.description_en = description.strip(), description_en.strip()
    product.service_life_years = service_life_years
    save_with_history(instance=product, user=actor)
    return product


@transaction.atomic
def set_active(*, actor, obj: Product | Supplier, active: bool) -> Product | Supplier:
    """Deactivate or reactivate a product or a supplier (they are never deleted)."""
    obj, _updated = model_update(instance=obj, fields=["is_active"], data={"is_active": active}, user=actor)
    return obj


@transaction.atomic
def save_supplier(*, actor, supplier: Supplier | None = None, name: str, kind: str, regions, products,
                  edrpou: str = "", address: str = "", phone: str = "", email: str = "",
                  website: str = "") -> Supplier:
    supplier = supplier or Supplier()
    allowed = set(region_choices().values_list("code", flat=True))
    if any(region.pk not in allowed for region in regions):
        raise ValidationError({"regions": ValidationError(_("Choose oblasts or the city of Kyiv only."),
                                                         code=CatalogueErrorCode.REGIONS_ONLY.value)})
    supplier.name, supplier.kind, supplier.edrpou = name.strip(), kind, edrpou.strip()
    supplier.address, supplier.phone, supplier.email, supplier.website = (
        address.strip(), phone.strip(), email.strip(), website.strip())
    save_with_history(instance=supplier, user=actor)
    _set_links(supplier, actor, regions=regions, products=products)
    return supplier


def _set_links(supplier: Supplier, actor, *, regions, products) -> None:
    """Replace the regions and products; simple_history records each change of the links."""
    new_regions = {r.pk for r in regions}
    new_products = {p.pk for p in products}
    if (set(supplier.regions.values_list("pk", flat=True)) == new_regions
            and set(supplier.products.values_list("pk", flat=True)) == new_products):
        return
    supplier._history_user = actor
    supplier.regions.set(new_regions)
    supplier.products.set(new_products)


# --- the reference data ---------------------------------------------------------------------


def _update(instance, values: dict, actor) -> bool:
    """Set the values; save (with a history record) only when something changed."""
    _instance, changed = model_update(instance=instance, fields=values, data=values, user=actor, reason=LOADER_REASON)
    return changed


@transaction.atomic
def load_catalogue(*, actor=None, path: Path | str = DATA_FILE) -> dict[str, int]:
    """Load (or refresh) the groups, products and suppliers from the JSON file.

    Idempotent: groups are matched by ISO code, products by ISO code and name,
    suppliers by name; unchanged rows are not saved again, so a second run adds
    no history. The file's values win for the fields it lists; whether a product
    or supplier is active is left as the administrators set it.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    counts = {"groups": 0, "products": 0, "suppliers": 0, "changed": 0}
    groups: dict[str, ProductGroup] = {}
    for row in data["groups"]:
        group = ProductGroup.objects.filter(iso_code=row["iso_code"]).first() or ProductGroup(iso_code=row["iso_code"])
        counts["changed"] += _update(group, {k: row.get(k, "") for k in
                                             ("name", "name_en", "description", "description_en")}, actor)
        groups[group.iso_code] = group
        counts["groups"] += 1
    for row in data["products"]:
        group = groups[row["group"]]
        _check_iso_code(row["iso_code"], group=group)
        product = (Product.objects.filter(iso_code=row["iso_code"], name=row["name"]).first()
                   or Product(iso_code=row["iso_code"], name=row["name"]))
        values = {k: row.get(k, "") for k in ("name_en", "description", "description_en")}
        values.update(group_id=group.pk, service_life_years=Decimal(str(row["service_life_years"])))
        counts["changed"] += _update(product, values, actor)
        counts["products"] += 1
    territories = {t.code: t for t in Territory.objects.filter(code__in={c for s in data["suppliers"]
                                                                        for c in s["regions"]})}
    for row in data["suppliers"]:
        supplier = Supplier.objects.filter(name=row["name"]).first() or Supplier(name=row["name"])
        counts["changed"] += _update(supplier, {k: row.get(k, "") for k in
                                                ("kind", "edrpou", "address", "phone", "email", "website")}, actor)
        products = Product.objects.filter(group__iso_code__in=row["groups"])
        _set_links(supplier, actor, regions=[territories[c] for c in row["regions"]], products=products)
        counts["suppliers"] += 1
    return counts


# --- norms ----------------------------------------------------------------------------------

NORM_FIELDS = ("legal_name", "term_of_use_months", "max_compensation", "entitled", "entitled_en",
               "source_act", "source_annex", "source_item", "verified", "note")


def _norm_values(row: dict) -> dict:
    source = row.get("source") or {}
    amount = row.get("max_compensation")
    return {
        "legal_name": row["legal_name"].strip(),
        "term_of_use_months": int(row["term_of_use_months"]),
        "max_compensation": Decimal(str(amount)).quantize(Decimal("0.01")) if amount not in (None, "") else None,
        "entitled": row["entitled"].strip(),
        "entitled_en": (row.get("entitled_en") or "").strip(),
        "source_act": source["act"].strip(),
        "source_annex": (source.get("annex") or "").strip(),
        "source_item": (source.get("item") or "").strip(),
        # A value is verified only when the file says so explicitly.
        "verified": row.get("verified") is True,
        "note": (row.get("note") or "").strip(),
    }


def _norm_target(row: dict) -> dict:
    if "product" in row:
        product = Product.objects.filter(iso_code=row["product"]["iso_code"], name=row["product"]["name"]).first()
        if product is not None:
            return {"product": product}
    elif "group" in row:
        group = ProductGroup.objects.filter(iso_code=row["group"]).first()
        if group is not None:
            return {"group": group}
    raise ValidationError(_("The norms file names a product or group the catalogue does not have: %(target)s.")
                          % {"target": row.get("product") or row.get("group")},
                          code=CatalogueErrorCode.NORM_TARGET_UNKNOWN.value)


@transaction.atomic
def load_norms(*, path: Path | str | None = None) -> dict[str, int]:
    """Add the norm versions of the data file (``settings.CATALOGUE_NORMS_FILE`` by default).

    Idempotent and insert-only: a version (product or group, effective_from) already loaded with
    the same values is skipped; one loaded with other values is an error, because a change of a
    norm must be a new version with a later ``effective_from`` (past decisions keep theirs).
    """
    from datetime import date

    from django.conf import settings

    from .models import Norm

    data = json.loads(Path(path or settings.CATALOGUE_NORMS_FILE).read_text(encoding="utf-8"))
    counts = {"norms": 0, "added": 0, "unverified": 0}
    for row in data["norms"]:
        target = _norm_target(row)
        effective_from = date.fromisoformat(row["effective_from"])
        values = _norm_values(row)
        existing = Norm.objects.filter(effective_from=effective_from, **target).first()
        if existing is not None:
            if any(getattr(existing, field) != value for field, value in values.items()):
                raise ValidationError(_(
                    "The norm for %(target)s in force from %(date)s is already loaded with other values. "
                    "A norm is never rewritten: give the changed norm a later date it is in force from.")
                    % {"target": values["legal_name"], "date": effective_from.strftime("%d.%m.%Y")},
                    code=CatalogueErrorCode.NORM_VERSION_CONFLICT.value)
        else:
            norm = Norm(effective_from=effective_from, **target, **values)
            norm.full_clean()
            norm.save()
            counts["added"] += 1
        counts["norms"] += 1
        counts["unverified"] += not values["verified"]
    return counts
