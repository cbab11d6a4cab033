"""Reads of the staff dashboards (issue #15 §1): the scope a staff member sees, and the tables of
figures of that scope, from the summary rows of the nightly refresh.

A page makes the same few queries whatever the size of the registry: the refresh, the figures
of one organization (a few hundred rows), the figures of its regions or offices side by side,
and the names of organizations and product groups.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cbi.accounts.roles import Capability, has_capability
from cbi.organizations.scope import Level as ScopeLevel
from cbi.organizations.scope import scope_of
from cbi.applications import workflow
from cbi.applications.models import KIND_LABELS, STATUS_LABELS
from cbi.carqueue.models import ApplicationDeadline, QueueCategory
from cbi.catalogue.models import ProductGroup
from cbi.complaints.subjects import SUBJECTS
from cbi.letters.appeals import review_term
from cbi.registry.models import DisabilityGroup, Organization
from cbi.web.collation import sorted_uk

from . import dashboard as d
from .disclosure import primary, suppressed_cells
from .models import DashboardFigure, Refresh

Level = DashboardFigure.Level


@dataclass(frozen=True)
class DashboardScope:
    """Whose figures a dashboard shows: one office, one region, or the whole country."""
    level: str
    organization: Organization | None   # None: the whole country
    regions: list[Organization]         # the regions a national body may choose from ([] otherwise)

    @property
    def children_level(self) -> str | None:
        return {Level.COUNTRY: Level.REGION, Level.REGION: Level.OFFICE}.get(self.level)


def dashboard_scope(user, *, region_code: str = "") -> DashboardScope | None:
    """A district officer sees their office; a regional department its region; a national body
    the whole country, or one region it chooses (``region_code``)."""
    scope = scope_of(user)
    if scope.level == ScopeLevel.NONE:
        return None
    org = scope.organization
    if scope.level == ScopeLevel.NATIONAL:
        regions = sorted_uk(Organization.objects.filter(kind=Organization.Kind.REGIONAL_DEPARTMENT)
                            .select_related("territory"), key=_org_name)
        chosen = next((r for r in regions if r.code == region_code), None)
        if chosen is not None:
            return DashboardScope(Level.REGION, chosen, regions)
        return DashboardScope(Level.COUNTRY, None, regions)
    if scope.level == ScopeLevel.REGION:
        # A branch of the Fund sees the region of its oblast.
        region = scope.regional_department()
        return DashboardScope(Level.REGION, region, []) if region else None
    return DashboardScope(Level.OFFICE, org, [])


def _org_name(org: Organization) -> str:
    if org.kind == Organization.Kind.REGIONAL_DEPARTMENT and org.territory_id:
        return org.territory.full_name
    return org.name


@dataclass(frozen=True)
class Cell:
    value: int
    hidden: bool = False
    url: str = ""


@dataclass
class Row:
    label: str
    cells: list[Cell]
    url: str = ""


@dataclass
class Table:
    slug: str
    title: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    summary: str = ""
    chart: bool = True

    @property
    def bars(self) -> list[tuple[str, Cell]]:
        """The chart: the last column (the total) of every row."""
        return [(row.label, row.cells[-1]) for row in self.rows]

    @property
    def chart_max(self) -> int:
        return max([cell.value for _, cell in self.bars if not cell.hidden] or [0])


def _capfirst(text) -> str:
    text = str(text)
    return text[:1].upper() + text[1:]


def min_cell() -> int:
    return settings.STATISTICS_MIN_CELL


def _months(end: date, period: int) -> date:
    """The first month of the last ``period`` months up to ``end``."""
    index = end.year * 12 + end.month - 1 - (period - 1)
    return date(index // 12, index % 12 + 1, 1)


class Figures:
    """The figures of one organization (or the country) over the chosen months."""

    def __init__(self, rows, since: date):
        self.values: dict[tuple[str, str, str], int] = defaultdict(int)
        self.by_month: dict[tuple[str, date], int] = defaultdict(int)
        for measure, key, subkey, month, value in rows:
            if month is not None and month < since:
                continue
            self.values[(measure, key, subkey)] += value
            if month is not None:
                self.by_month[(measure, month)] += value

    def total(self, measure: str, key: str | None = None, subkey: str | None = None) -> int:
        return sum(v for (m, k, s), v in self.values.items()
                   if m == measure and (key is None or k == key) and (subkey is None or s == subkey))

    def keys(self, measure: str) -> list[tuple[str, str]]:
        return sorted({(k, s) for (m, k, s) in self.values if m == measure})


def _line(values: list[int], urls: list[str] | None = None) -> list[Cell]:
    """One line of cells whose total is shown last: small counts hidden (disclosure.py)."""
    hidden = suppressed_cells(dict(enumerate(values)), min_cell())
    total = sum(values)
    urls = urls or [""] * (len(values) + 1)
    cells = [Cell(v, i in hidden, urls[i]) for i, v in enumerate(values)]
    return cells + [Cell(total, primary(total, min_cell()), urls[-1])]


def _single(value: int, url: str = "") -> list[Cell]:
    return [Cell(value, primary(value, min_cell()), url)]


def _hide_column(rows: list[Row], column: int) -> None:
    """Secondary suppression down a column whose total is shown (the last row)."""
    hidden = suppressed_cells({i: row.cells[column].value for i, row in enumerate(rows[:-1])}, min_cell())
    for i in hidden:
        cell = rows[i].cells[column]
        rows[i].cells[column] = Cell(cell.value, True, cell.url)


@dataclass
class Dashboard:
    refresh: Refresh | None
    scope: DashboardScope
    period: int
    tables: list[Table] = field(default_factory=list)

    def table(self, slug: str) -> Table | None:
        return next((t for t in self.tables if t.slug == slug), None)


def _figure_rows(refresh: Refresh, level: str, organization: Organization | None):
    return (DashboardFigure.objects.filter(refresh=refresh, level=level, organization=organization)
            .values_list("measure", "key", "subkey", "month", "value"))


def dashboard(user, *, region_code: str = "", period: int = 12) -> Dashboard | None:
    scope = dashboard_scope(user, region_code=region_code)
    if scope is None:
        return None
    refresh = Refresh.objects.order_by("-finished_at").first()
    board = Dashboard(refresh=refresh, scope=scope, period=period)
    # Before the first refresh the tables are empty (the page says so; a download has the headers).
    since = _months(refresh.period_end if refresh else timezone.localdate(), period)
    figures = Figures(_figure_rows(refresh, scope.level, scope.organization) if refresh else [], since)
    links = _Links(scope, since, user)
    board.tables = [
        _persons(figures, links), _primary(figures, links), _applications_by_kind(figures, links),
        _applications_by_status(figures, links), _applications_by_group(figures), _applications_by_month(figures, since),
        _deadlines(figures, links),
        _queue_length(figures, links), _queue_flows(figures, links), _removals(figures, links), _survey(figures, links),
    ]
    if scope.children_level is not None and refresh is not None:
        board.tables.append(_side_by_side(refresh, scope, since))
    return board


class _Links:
    """The filtered list behind a figure, so that an officer can check it."""

    def __init__(self, scope: DashboardScope, since: date, user=None):
        self.scope = scope
        self.since = since
        self.user = user

    def _may(self, capability) -> bool:
        """A figure links to its list only for a user who may open that list (an administrator
        sees the figures, not the persons' cases)."""
        return self.user is None or has_capability(self.user, capability)

    def persons(self) -> str:
        return reverse("registry:search") if self._may(Capability.VIEW_PERSON) else ""

    def primary(self, key: str) -> str:
        if not self._may(Capability.REVIEW_PRIMARY_REGISTRATION):
            return ""
        status = {d.PRIMARY_ACCEPTED: "accepted", d.PRIMARY_RETURNED: "returned"}.get(key, "")
        query = {"submitted_from": self.since.strftime("%d.%m.%Y")}
        if status:
            query["status"] = status
        return reverse("primary:review_list") + "?" + urlencode(query)

    def complaints(self) -> str:
        if not self._may(Capability.REVIEW_COMPLAINTS):
            return ""
        return reverse("complaints_staff:list") + "?" + urlencode({"status": "all"})

    def applications(self, **query) -> str:
        if not self._may(Capability.VIEW_PRODUCT_APPLICATIONS):
            return ""
        return reverse("applications_staff:work_list") + "?" + urlencode(query)

    def queue(self, category: str) -> str:
        if not self._may(Capability.VIEW_CAR_APPLICATIONS):
            return ""
        query = {"category": category}
        if self.scope.regions and self.scope.organization is not None:
            query["region"] = self.scope.organization.code
        return reverse("carqueue:queue_list") + "?" + urlencode(query)


    def decided(self, kind: str, rule_id: str = "") -> str:
        """The confirmed removals (by ground) or cars provided since the period's start."""
        if not self._may(Capability.VIEW_QUEUE_DECISIONS):
            return ""
        query = {"decided": kind, "since": self.since.isoformat()}
        if rule_id:
            query["rule"] = rule_id
        return reverse("carqueue:removal_list") + "?" + urlencode(query)

    def surveys(self) -> str:
        return reverse("applications_staff:surveys") if self._may(Capability.VIEW_SURVEY_RESULTS) else ""

    def car_applications(self, *, overdue: bool = False) -> str:
        if not self._may(Capability.VIEW_CAR_APPLICATIONS):
            return ""
        url = reverse("carqueue:application_list")
        return url + "?" + urlencode({"overdue": "on"}) if overdue else url


def _deadlines(figures: Figures, links: _Links) -> Table:
    """Decisions in time / late against the deadlines the project tracks (dashboard.py says which)."""
    columns = [str(d.DEADLINE_LABELS[outcome]) for outcome in d.DEADLINE_OUTCOMES] + [_("Total")]
    overdue_column = d.DEADLINE_OUTCOMES.index(d.DEADLINE_OVERDUE)
    rows = []
    for code, label in ApplicationDeadline.Code.choices:
        key = d.deadline_key(d.DEADLINE_CAR_QUEUE, code)
        values = [figures.total(d.DEADLINES, key, outcome) for outcome in d.DEADLINE_OUTCOMES]
        urls = [""] * (len(values) + 1)
        urls[overdue_column] = links.car_applications(overdue=True)
        rows.append(Row(_("Car application: %(deadline)s (%(rule)s)") % {
            "deadline": label, "rule": ApplicationDeadline.RULE_IDS[code]},
            _line(values, urls), url=links.car_applications()))
    for status, days in workflow.DUE_DAYS.items():
        key = d.deadline_key(d.DEADLINE_APPLICATIONS, status)
        values = [figures.total(d.DEADLINES, key, outcome) for outcome in d.DEADLINE_OUTCOMES]
        urls = [""] * (len(values) + 1)
        urls[overdue_column] = links.applications(status=status, overdue="on")
        rows.append(Row(_("Assistive-product application, step “%(status)s” (%(days)s days)") % {
            "status": STATUS_LABELS[status], "days": days},
            _line(values, urls), url=links.applications(status=status)))
    for kind in SUBJECTS.values():
        key = d.deadline_key(d.DEADLINE_COMPLAINTS, kind.name)
        values = [figures.total(d.DEADLINES, key, outcome) for outcome in d.DEADLINE_OUTCOMES]
        rows.append(Row(_("Complaint about a %(decision)s (%(days)s days)") % {
            "decision": kind.label, "days": review_term().value},
            _line(values, [""] * (len(values) + 1)), url=links.complaints()))
    rows = [row for row in rows if row.cells[-1].value]
    met, missed, overdue = (figures.total(d.DEADLINES, None, outcome)
                            for outcome in (d.DEADLINE_MET, d.DEADLINE_MISSED, d.DEADLINE_OVERDUE))
    return Table("deadlines", _("Decisions in time and late against the deadlines"), columns, rows, chart=False,
                 summary=_("%(met)s steps done in time, %(missed)s done late; %(overdue)s not done and overdue.") % {
                     "met": met, "missed": missed, "overdue": overdue})


def _persons(figures: Figures, links: _Links) -> Table:
    columns = [str(band.label) for band in d.AGE_BANDS] + [_("Total")]
    rows = []
    for group, label in DisabilityGroup.choices:
        values = [figures.total(d.PERSONS, group, band.key) for band in d.AGE_BANDS]
        rows.append(Row(_capfirst(label), _line(values), url=links.persons()))
    total = figures.total(d.PERSONS)
    return Table("persons", _("Persons in ЦБІ by disability group and age"), columns, rows,
                 summary=_("%(count)s persons with a disability status in force.") % {"count": total})


def _primary(figures: Figures, links: _Links) -> Table:
    rows = [Row(_capfirst(label), _single(figures.total(d.PRIMARY, key), links.primary(key)))
            for key, label in d.PRIMARY_LABELS.items()]
    received = figures.total(d.PRIMARY, d.PRIMARY_RECEIVED)
    return Table("primary", _("Requests for primary registration"), [_("Requests")], rows,
                 summary=_("%(received)s requests received; %(accepted)s accepted, %(returned)s returned.") % {
                     "received": received, "accepted": figures.total(d.PRIMARY, d.PRIMARY_ACCEPTED),
                     "returned": figures.total(d.PRIMARY, d.PRIMARY_RETURNED)})


def _applications_by_kind(figures: Figures, links: _Links) -> Table:
    rows = [Row(_capfirst(KIND_LABELS[kind]),
                _single(figures.total(d.APPLICATIONS, kind), links.applications(kind=kind)))
            for kind in workflow.KINDS]
    return Table("applications-kind", _("Applications for assistive products by kind"), [_("Applications")], rows,
                 summary=_("%(count)s applications submitted.") % {"count": figures.total(d.APPLICATIONS)})


def _applications_by_status(figures: Figures, links: _Links) -> Table:
    statuses = [s for s in workflow.STATUSES if s != workflow.DRAFT]
    rows = [Row(_capfirst(STATUS_LABELS[s]),
                _single(sum(figures.total(d.APPLICATIONS, k, s) for k in workflow.KINDS),
                        links.applications(status=s)))
            for s in statuses]
    rows = [row for row in rows if row.cells[0].value]
    undecided = sum(figures.total(d.APPLICATIONS, None, s) for s in workflow.UNDECIDED_STATUSES)
    return Table("applications-status", _("Applications for assistive products by status today"),
                 [_("Applications")], rows,
                 summary=_("%(count)s of them are waiting for a decision.") % {"count": undecided})


def _applications_by_group(figures: Figures) -> Table:
    codes = {key for key, _sub in figures.keys(d.APPLICATION_GROUPS)}
    names = dict(ProductGroup.objects.filter(iso_code__in=codes).values_list("iso_code", "name"))
    rows = [Row(f"{names.get(code, '')} ({code})", _single(figures.total(d.APPLICATION_GROUPS, code)))
            for code in sorted(codes)]
    rows.sort(key=lambda row: -row.cells[0].value)
    top = rows[0].label if rows else "—"
    return Table("applications-group", _("Applications for assistive products by product group"),
                 [_("Applications")], rows, summary=_("Most applications are for: %(group)s.") % {"group": top})


def _month_label(month: date) -> str:
    return month.strftime("%m.%Y")


def _applications_by_month(figures: Figures, since: date) -> Table:
    months = sorted(m for (measure, m) in figures.by_month if measure == d.APPLICATIONS)
    rows = [Row(_month_label(m), _single(figures.by_month[(d.APPLICATIONS, m)])) for m in months]
    busiest = max(rows, key=lambda row: row.cells[0].value).label if rows else "—"
    return Table("applications-month", _("Applications for assistive products by month"), [_("Applications")],
                 rows, summary=_("The month with most applications: %(month)s.") % {"month": busiest})


def _queue_length(figures: Figures, links: _Links) -> Table:
    rows = [Row(_capfirst(label), _single(figures.total(d.QUEUE_LENGTH, code), links.queue(code)))
            for code, label in QueueCategory.choices]
    return Table("queue-length", _("People in the car queue today by part of the queue"), [_("People")], rows,
                 summary=_("%(count)s people are in the car queue.") % {"count": figures.total(d.QUEUE_LENGTH)})


def _queue_flows(figures: Figures, links: _Links) -> Table:
    enrolled = [figures.total(d.QUEUE_ENROLLED, code) for code, _label in QueueCategory.choices]
    rows = [Row(_("Enrolled: %(category)s") % {"category": label}, _single(n, links.queue(code)), url=links.queue(code))
            for (code, label), n in zip(QueueCategory.choices, enrolled, strict=True)]
    removed, provided = links.decided("removal"), links.decided("car_provided")
    rows.append(Row(_("Removed from the queue"), _single(figures.total(d.QUEUE_REMOVED), removed), url=removed))
    rows.append(Row(_("Provided with a car"), _single(figures.total(d.QUEUE_ALLOCATED), provided), url=provided))
    return Table("queue-flows", _("Car queue: enrollments, removals and cars provided"), [_("People")], rows,
                 summary=_("%(enrolled)s people enrolled, %(removed)s removed, %(allocated)s provided with a car.") % {
                     "enrolled": sum(enrolled), "removed": figures.total(d.QUEUE_REMOVED),
                     "allocated": figures.total(d.QUEUE_ALLOCATED)})


def _removals(figures: Figures, links: _Links) -> Table:
    rows = [Row(f"{citation} ({rule_id})" if citation else rule_id,
                _single(figures.total(d.QUEUE_REMOVED, rule_id, citation), links.decided("removal", rule_id)),
                url=links.decided("removal", rule_id))
            for rule_id, citation in figures.keys(d.QUEUE_REMOVED)]
    return Table("queue-removals", _("Removals from the car queue by ground"), [_("People")], rows,
                 summary=_("%(count)s people removed from the queue.") % {"count": figures.total(d.QUEUE_REMOVED)})


def _survey(figures: Figures, links: _Links) -> Table:
    counts = {rating: figures.total(d.SURVEY, str(rating)) for rating in range(5, 0, -1)}
    rows = [Row(_("%(rating)s of 5") % {"rating": rating}, _single(n), url=links.surveys())
            for rating, n in counts.items()]
    answers = sum(counts.values())
    if answers >= min_cell():
        average = sum(r * n for r, n in counts.items()) / answers
        summary = _("%(count)s answers; the average rating is %(average).1f of 5.") % {
            "count": answers, "average": average}
    else:
        summary = _("Too few answers to show the average rating.")
    return Table("survey", _("Satisfaction survey after the product was provided"), [_("Answers")], rows,
                 summary=summary)


SIDE_BY_SIDE = (
    (d.PERSONS, gettext_lazy("Persons in ЦБІ")),
    (d.PRIMARY, gettext_lazy("Requests for primary registration received")),
    (d.APPLICATIONS, gettext_lazy("Applications for assistive products")),
    (d.QUEUE_LENGTH, gettext_lazy("People in the car queue")),
    (d.QUEUE_ALLOCATED, gettext_lazy("Provided with a car")),
)


def _side_by_side(refresh: Refresh, scope: DashboardScope, since: date) -> Table:
    """The regions (for the ministry) or the offices (for a region) side by side: two queries."""
    level = scope.children_level
    children = Organization.objects.filter(
        kind=Organization.Kind.REGIONAL_DEPARTMENT if level == Level.REGION else Organization.Kind.SOCIAL_PROTECTION_OFFICE)
    if level == Level.OFFICE:
        children = children.filter(parent=scope.organization)
    children = sorted_uk(children.select_related("territory"), key=_org_name)
    totals: dict[tuple[int, str], int] = defaultdict(int)
    rows_in = (DashboardFigure.objects.filter(refresh=refresh, level=level, organization__in=[c.pk for c in children])
               .values_list("organization_id", "measure", "key", "month", "value"))
    for org_id, measure, key, month, value in rows_in:
        if month is not None and month < since:
            continue
        if measure == d.PRIMARY and key != d.PRIMARY_RECEIVED:
            continue
        totals[(org_id, measure)] += value
    rows = [Row(_org_name(c), [Cell(totals[(c.pk, m)]) for m, _label in SIDE_BY_SIDE]) for c in children]
    rows.append(Row(_("Total"), [Cell(sum(totals[(c.pk, m)] for c in children)) for m, _label in SIDE_BY_SIDE]))
    for column in range(len(SIDE_BY_SIDE)):
        for row in rows:
            cell = row.cells[column]
            if primary(cell.value, min_cell()):
                row.cells[column] = Cell(cell.value, True)
        _hide_column(rows, column)
    title = _("Regions side by side") if level == Level.REGION else _("Offices side by side")
    return Table("side-by-side", title, [str(label) for _m, label in SIDE_BY_SIDE], rows, chart=False,
                 summary=_("Each row is one %(what)s; the last row is the total.") % {
                     "what": _("region") if level == Level.REGION else _("office")})
