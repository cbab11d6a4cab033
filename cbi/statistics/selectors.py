"""Reads of the published statistics, with small counts suppressed (disclosure.py).

Every public figure goes through here, so the pages, the CSV and the JSON publish the same
cells and hide the same cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings

from cbi.carqueue.models import QueueCategory
from cbi.catalogue.models import ProductGroup
from cbi.organizations.models import Organization
from cbi.web.collation import sorted_uk

from .disclosure import suppressed_cells
from .models import QueueLength, Refresh, WaitingTime


def min_cell() -> int:
    return settings.STATISTICS_MIN_CELL


def latest_refresh() -> Refresh | None:
    return Refresh.objects.order_by("-finished_at").first()


def regions() -> list[Organization]:
    """Regional departments in Ukrainian alphabetical order of their region's name ("м. Київ" is
    found under К, beside Київська обл.)."""
    departments = Organization.objects.filter(kind=Organization.Kind.REGIONAL_DEPARTMENT).select_related("territory")
    return sorted_uk(departments, key=lambda d: d.territory.name if d.territory_id else d.name)


def region_name(department: Organization) -> str:
    return department.territory.full_name if department.territory_id else department.name


def product_groups(refresh: Refresh | None) -> list[ProductGroup]:
    """The product groups with at least one delivery in the period, alphabetically."""
    if refresh is None:
        return []
    ids = refresh.waiting_times.values_list("product_group_id", flat=True)
    return sorted_uk(ProductGroup.objects.filter(pk__in=ids), key=lambda group: group.name)


@dataclass(frozen=True)
class WaitingCell:
    region: Organization | None  # None: the whole country
    cases: int
    hidden: bool
    median_days: float | None = None
    p90_days: float | None = None
    median_days_year_ago: float | None = None

    @property
    def change_days(self) -> float | None:
        """Days shorter (negative) or longer than a year ago, when both years are published."""
        if self.hidden or self.median_days is None or self.median_days_year_ago is None:
            return None
        return self.median_days - self.median_days_year_ago


def _cell(row: WaitingTime | None, region: Organization | None, hidden: bool) -> WaitingCell:
    if row is None:
        return WaitingCell(region=region, cases=0, hidden=False)
    if hidden:
        return WaitingCell(region=region, cases=row.cases, hidden=True)
    year_ago = row.median_days_year_ago if row.cases_year_ago >= min_cell() else None
    return WaitingCell(region=region, cases=row.cases, hidden=False, median_days=row.median_days,
                       p90_days=row.p90_days, median_days_year_ago=year_ago)


@dataclass
class WaitingTable:
    group: ProductGroup
    country: WaitingCell
    regions: list[WaitingCell] = field(default_factory=list)

    def for_region(self, region: Organization | None) -> WaitingCell:
        if region is None:
            return self.country
        return next((cell for cell in self.regions if cell.region == region),
                    WaitingCell(region=region, cases=0, hidden=False))


def waiting_table(refresh: Refresh, group: ProductGroup) -> WaitingTable:
    """The group's waiting times in every region and in the whole country."""
    rows = {row.region_id: row for row in refresh.waiting_times.filter(product_group=group)}
    return _waiting_table(group, rows, regions())


def waiting_tables(refresh: Refresh) -> list[WaitingTable]:
    """Every group's table, in the order of ``product_groups``: the same three queries however
    many groups the refresh counted."""
    by_group: dict[int, dict] = {}
    for row in refresh.waiting_times.all():
        by_group.setdefault(row.product_group_id, {})[row.region_id] = row
    departments = regions()
    return [_waiting_table(group, by_group.get(group.pk, {}), departments) for group in product_groups(refresh)]


def _waiting_table(group: ProductGroup, rows: dict, departments: list[Organization]) -> WaitingTable:
    hidden = suppressed_cells({d.pk: rows[d.pk].cases if d.pk in rows else 0 for d in departments}, min_cell())
    country = rows.get(None)
    return WaitingTable(
        group=group,
        country=_cell(country, None, bool(country) and 0 < country.cases < min_cell()),
        regions=[_cell(rows.get(d.pk), d, d.pk in hidden) for d in departments],
    )


@dataclass(frozen=True)
class QueueRow:
    region: Organization | None
    cells: list[tuple[str, int, bool]]  # (category, length, hidden)


CATEGORIES = [QueueCategory.FIRST_PRIORITY, QueueCategory.OUT_OF_TURN, QueueCategory.GENERAL]


def queue_table(refresh: Refresh) -> list[QueueRow]:
    """The car-queue length by region and category, and the whole country's last."""
    lengths = {(row.region_id, row.category): row.length for row in refresh.queue_lengths.all()}
    departments = regions()
    hidden: set = set()
    for category in CATEGORIES:
        line = {(d.pk, category): lengths.get((d.pk, category), 0) for d in departments}
        hidden |= suppressed_cells(line, min_cell())
    rows = [QueueRow(region=d, cells=[(c, lengths.get((d.pk, c), 0), (d.pk, c) in hidden) for c in CATEGORIES])
            for d in departments]
    totals = [(c, sum(lengths.get((d.pk, c), 0) for d in departments)) for c in CATEGORIES]
    rows.append(QueueRow(region=None, cells=[(c, n, 0 < n < min_cell()) for c, n in totals]))
    return rows


# --- open data: flat records, the same cells as the pages ---------------------------------------

def waiting_time_records(refresh: Refresh) -> list[dict]:
    records = []
    for table in waiting_tables(refresh):
        group = table.group
        for cell in [*table.regions, table.country]:
            if cell.cases == 0 and cell.region is not None:
                continue
            records.append({
                "period_start": refresh.period_start.isoformat(),
                "period_end": refresh.period_end.isoformat(),
                "product_group_iso9999": group.iso_code,
                "product_group": group.name,
                "region_katottg": cell.region.territory_id if cell.region else "",
                "region": region_name(cell.region) if cell.region else "Україна",
                "cases": None if cell.hidden else cell.cases,
                "suppressed": cell.hidden,
                "median_days": cell.median_days,
                "p90_days": cell.p90_days,
            })
    return records


def queue_length_records(refresh: Refresh) -> list[dict]:
    records = []
    for row in queue_table(refresh):
        for category, length, hidden in row.cells:
            records.append({
                "date": refresh.period_end.isoformat(),
                "region_katottg": row.region.territory_id if row.region else "",
                "region": region_name(row.region) if row.region else "Україна",
                "category": category,
                "length": None if hidden else length,
                "suppressed": hidden,
            })
    return records
