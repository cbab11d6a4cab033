"""Every read of the catalogue: the public lists (only what is active) and the
administrators' lists and histories."""

from __future__ import annotations

import re
from datetime import date

from django.db.models import F, Prefetch, Q, QuerySet

from cbi.common.history import HistoryEntry, history_entries
from cbi.registry.models import Territory
from cbi.registry.services import CRIMEA_CODE, SEVASTOPOL_CODE

from .models import Norm, Product, ProductGroup, Supplier


def region_choices() -> QuerySet[Territory]:
    """Regions a supplier may serve: the oblasts and the city of Kyiv (КАТОТТГ O and K),
    as the registry's regional departments (without the occupied Crimea and Sevastopol)."""
    return (Territory.objects.filter(category__in=[Territory.Category.OBLAST, Territory.Category.SPECIAL_CITY])
            .exclude(code__in=[CRIMEA_CODE, SEVASTOPOL_CODE]).order_by("name"))


def _text_filter(queryset: QuerySet, query: str) -> QuerySet:
    """Every word of the query, case-folded (SQLite folds only ASCII), in the search key;
    digits only ("12 22", "122203") are an ISO 9999 code or its beginning."""
    digits = re.sub(r"\s", "", query or "")
    if digits.isdigit() and len(digits) % 2 == 0:
        code = " ".join(digits[i:i + 2] for i in range(0, len(digits), 2))
        return queryset.filter(Q(iso_code=code) | Q(iso_code__startswith=code + " "))
    for word in (query or "").casefold().split():
        queryset = queryset.filter(search_key__contains=word)
    return queryset


def active_suppliers() -> QuerySet[Supplier]:
    return Supplier.objects.filter(is_active=True).prefetch_related("regions")


def public_products(*, group: ProductGroup | None = None, region: Territory | None = None,
                    query: str = "") -> QuerySet[Product]:
    """Active products; in a region: those with an active supplier serving it."""
    products = Product.objects.filter(is_active=True).select_related("group")
    if group is not None:
        products = products.filter(group=group)
    if region is not None:
        products = products.filter(pk__in=Product.objects.filter(
            suppliers__is_active=True, suppliers__regions=region).values("pk"))
    return _text_filter(products, query).order_by("iso_code", "name")


def public_product(pk: int) -> Product:
    """An active product with its active suppliers (``Product.DoesNotExist`` otherwise)."""
    return (Product.objects.filter(is_active=True).select_related("group")
            .prefetch_related(Prefetch("suppliers", queryset=active_suppliers(), to_attr="active_suppliers"))
            .get(pk=pk))


def public_suppliers(*, region: Territory | None = None, kind: str = "") -> QuerySet[Supplier]:
    suppliers = active_suppliers().prefetch_related(
        Prefetch("products", queryset=Product.objects.filter(is_active=True).select_related("group"),
                 to_attr="active_products"))
    if region is not None:
        suppliers = suppliers.filter(regions=region)
    if kind:
        # "both" serves either need.
        suppliers = suppliers.filter(Q(kind=kind) | Q(kind=Supplier.Kind.BOTH))
    return suppliers.order_by("name")


def groups_of(products) -> list[ProductGroup]:
    """The distinct groups of the products, in catalogue order."""
    groups = {p.group.pk: p.group for p in products}
    return sorted(groups.values(), key=lambda g: g.iso_code)


def staff_products(*, group: ProductGroup | None = None, query: str = "", status: str = "") -> QuerySet[Product]:
    products = Product.objects.select_related("group")
    if group is not None:
        products = products.filter(group=group)
    if status == "active":
        products = products.filter(is_active=True)
    elif status == "inactive":
        products = products.filter(is_active=False)
    return _text_filter(products, query).order_by("iso_code", "name")


# --- norms ----------------------------------------------------------------------------------


def norm_in_force(product: Product, *, on: date) -> Norm | None:
    """The norm version in force for the product on the date: the latest version of the
    product's own norm that took effect on or before it, else the latest of its group's;
    None when no norm was in force (the catalogue's service life then applies)."""
    if product is None:
        return None
    return (Norm.objects.filter(Q(product=product) | Q(group_id=product.group_id, product__isnull=True),
                                effective_from__lte=on)
            .order_by(F("product").asc(nulls_last=True), "-effective_from", "-id").first())


def norm_history(product: Product) -> list[Norm]:
    """Every version of the product's (and its group's) norm, newest first."""
    return list(Norm.objects.filter(Q(product=product) | Q(group_id=product.group_id, product__isnull=True))
                .order_by("-effective_from", "-id"))


# --- history --------------------------------------------------------------------------------

HIDDEN_FIELDS = {"search_key"}


def object_history(obj) -> list[HistoryEntry]:
    """Who changed what in the object, newest first: each entry with when, who, kind
    (+ created, ~ changed) and the changed fields with old → new values."""
    return history_entries(obj.history.all(), excluded_fields=HIDDEN_FIELDS)
