"""Every read of the catalogue: the public lists (only what is active) and the
administrators' lists and histories."""

from __future__ import annotations

import re

from django.db.models import Prefetch, Q, QuerySet

from cbi.registry.models import Territory
from cbi.registry.selectors import _display
from cbi.registry.services import CRIMEA_CODE, SEVASTOPOL_CODE

from .models import Product, ProductGroup, Supplier


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


# --- history --------------------------------------------------------------------------------

HIDDEN_FIELDS = {"search_key"}


def object_history(obj) -> list[dict]:
    """Who changed what in the object, newest first: each entry with when, who, kind
    (+ created, ~ changed) and the changed fields with old → new values. A fixed number of
    queries, however long the history: the many-to-many snapshots (a supplier's regions and
    products) are read once for all entries, not twice per entry (tests/web/test_query_budgets.py)."""
    records = list(obj.history.select_related("history_user").order_by("history_date", "history_id"))
    snapshots = _m2m_snapshots(obj, records)
    entries, previous = [], None
    for record in records:
        changes = []
        if previous is not None:
            for change in record.diff_against(previous, excluded_fields=HIDDEN_FIELDS | set(snapshots)).changes:
                field = obj._meta.get_field(change.field)
                old, new = _display(type(obj), field, change.old), _display(type(obj), field, change.new)
                changes.append({"field": field.verbose_name, "old": old, "new": new})
            for name, (by_record, names) in snapshots.items():
                old = _related_names(by_record.get(previous.history_id, ()), names)
                new = _related_names(by_record.get(record.history_id, ()), names)
                if old != new:
                    changes.append({"field": obj._meta.get_field(name).verbose_name, "old": old, "new": new})
            if not changes:
                previous = record
                continue
        entries.append({"at": record.history_date, "user": record.history_user, "kind": record.history_type,
                        "reason": record.history_change_reason or "", "changes": changes})
        previous = record
    entries.reverse()
    return entries


def _m2m_snapshots(obj, records) -> dict[str, tuple[dict, dict]]:
    """For each many-to-many field the history keeps: {history_id: related pks} of every record,
    and {pk: name} of every related object named in any of them — two queries per field."""
    fields = getattr(type(obj).history.model, "_history_m2m_fields", [])
    snapshots = {}
    for field in fields:
        attname = field.m2m_reverse_field_name()
        by_record: dict[int, list] = {record.history_id: [] for record in records}
        if records:
            through = getattr(records[0], field.name).model
            rows = through.objects.filter(history_id__in=list(by_record)).values_list("history_id", attname)
            for history_id, pk in rows:
                by_record[history_id].append(pk)
        pks = {pk for values in by_record.values() for pk in values}
        names = {o.pk: str(getattr(o, "full_name", "") or o) for o in field.related_model.objects.filter(pk__in=pks)}
        snapshots[field.name] = (by_record, names)
    return snapshots


def _related_names(pks, names: dict) -> str:
    """Names of the related objects in a simple_history m2m snapshot."""
    return "; ".join(sorted(names[pk] for pk in pks if pk in names)) or "—"
