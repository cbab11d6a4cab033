"""The scope rule, once: which staff member may see which person, application or queue entry.

A staff member belongs to one organization, and sees what belongs to it:

* the Ministry and the Fund (national bodies) — everything;
* a regional department — the persons and applications of the district offices under it, and
  the car queue it keeps (entries and car batches of its region);
* a territorial branch of the Fund — the same region as the regional department whose
  territory (oblast) it serves;
* a district social protection office — its own persons and applications, their entries in
  its region's car queue (``office_field`` and ``region_field`` both given) or in any region's
  (``office_field`` only, the queue list), and the car batches of its region;
* an enterprise that makes or supplies assistive products — no person through this rule (its
  users reach only the electronic referrals addressed to it);
* anyone without a staff profile — nothing.

Every selector and view applies it through ``scoped(queryset, user=..., office_field=...,
region_field=...)``: ``office_field`` names the path from the row to the district office it
belongs to (``"office"``, ``"person__office"``, ``""`` for the office itself), ``region_field``
the path to the regional department (``"region"`` of a queue entry or a car batch). An object out
of scope is simply not in the queryset: a view's 404 is then the same for "forbidden" and
"missing" (docs/security.md).

This module imports no domain app (``.importlinter``): the staff profile is read from the
user's ``staff_profile`` attribute.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Q, QuerySet

from .models import Organization

__all__ = ["Level", "Scope", "scope_of", "scope_q", "scoped"]


class Level(StrEnum):
    NONE = "none"            # not staff: sees nothing
    OFFICE = "office"        # a district social protection office
    REGION = "region"        # a regional department or a territorial branch of the Fund
    NATIONAL = "national"    # the Ministry, the Fund


@dataclass(frozen=True)
class Scope:
    """What a staff member may see: the ``level`` and the ``organization`` it is anchored to."""

    level: Level
    organization: Organization | None = None

    @property
    def region(self) -> Organization | None:
        """The regional department whose queue the scope holds (None for national bodies,
        the Fund's branches and non-staff)."""
        org = self.organization
        if self.level == Level.OFFICE:
            return org.parent
        if self.level == Level.REGION and org.kind == Organization.Kind.REGIONAL_DEPARTMENT:
            return org
        return None

    @property
    def enterprise(self) -> Organization | None:
        """The enterprise (a maker or supplier of assistive products) the scope is anchored to:
        its users see the electronic referrals addressed to it and nothing else."""
        org = self.organization
        return org if org is not None and org.kind == Organization.Kind.ENTERPRISE else None

    def regional_department(self) -> Organization | None:
        """The regional department of the scope's region: its own, or, for a territorial branch of
        the Fund, the one of the same oblast (one query). None for national bodies and non-staff."""
        if self.region is not None:
            return self.region
        if self.level == Level.REGION and self.organization.territory_id is not None:
            return Organization.objects.filter(kind=Organization.Kind.REGIONAL_DEPARTMENT,
                                               territory=self.organization.territory_id).first()
        return None

    def q(self, *, office_field: str | None = None, region_field: str | None = None) -> Q | None:
        """The filter for rows reached by ``office_field`` and/or ``region_field``; None when
        the scope sees no row (callers return ``.none()``)."""
        if office_field is None and region_field is None:
            raise ValueError("scope needs office_field or region_field")
        org = self.organization
        if self.level == Level.NONE:
            return None
        if self.level == Level.NATIONAL:
            return Q()
        if self.level == Level.OFFICE:
            # Both paths given (a queue entry): the office's persons in its region's queue.
            q = Q(**{_path(office_field, "pk"): org.pk}) if office_field is not None else Q()
            if region_field is not None:
                q &= Q(**{region_field: org.parent_id})
            return q
        # Level.REGION
        if org.kind == Organization.Kind.REGIONAL_DEPARTMENT:
            if region_field is not None:
                return Q(**{region_field: org.pk})
            return Q(**{_path(office_field, "parent"): org.pk})
        # A territorial branch of the Fund: the region of the same oblast.
        if org.territory_id is None:
            return None
        if region_field is not None:
            return Q(**{f"{region_field}__territory": org.territory_id})
        return Q(**{_path(office_field, "parent__territory"): org.territory_id})


def _path(field: str, suffix: str) -> str:
    """``office`` + ``parent`` -> ``office__parent``; the office itself ("") -> ``parent``;
    ``pk`` of a relation is the relation itself."""
    if suffix == "pk":
        return field or "pk"
    return f"{field}__{suffix}" if field else suffix


def scope_of(user) -> Scope:
    """The scope of ``user``: from the organization of their staff profile."""
    if not getattr(user, "is_authenticated", False):
        return Scope(Level.NONE)
    profile = getattr(user, "staff_profile", None)
    if profile is None:
        return Scope(Level.NONE)
    return scope_of_organization(profile.organization)


def scope_of_organization(org: Organization | None) -> Scope:
    """The scope of the staff of ``org`` (a background job working for an organization)."""
    if org is None:
        return Scope(Level.NONE)
    if org.kind == Organization.Kind.ENTERPRISE:
        # No person through this rule: an enterprise's users reach only the referrals addressed to
        # it (``Scope.enterprise``, read by applications.selectors.referrals_for_enterprise).
        return Scope(Level.NONE, org)
    if org.is_national:
        return Scope(Level.NATIONAL, org)
    if org.is_regional:
        return Scope(Level.REGION, org)
    return Scope(Level.OFFICE, org)


def scope_q(user, *, office_field: str | None = None, region_field: str | None = None) -> Q | None:
    """``scope_of(user).q(...)``: for callers that combine the filter with others."""
    return scope_of(user).q(office_field=office_field, region_field=region_field)


def scoped(queryset: QuerySet, *, user, office_field: str | None = None,
           region_field: str | None = None) -> QuerySet:
    """The rows of ``queryset`` that ``user`` may see."""
    q = scope_q(user, office_field=office_field, region_field=region_field)
    return queryset.none() if q is None else queryset.filter(q)
