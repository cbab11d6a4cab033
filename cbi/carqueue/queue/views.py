"""The officers' car-queue list (/staff/car-queue/queue/): one category at a time, 50 rows
per page, in queue order. Scope: ``selectors.queue_scope``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode

from cbi.accounts.decorators import staff_required
from cbi.accounts.roles import Capability
from cbi.registry.marks import mark_persons

from ..models import CATEGORY_LABELS, QueueCategory
from . import selectors


PAGE_SIZE = 50


@staff_required(Capability.VIEW_CAR_APPLICATIONS)
def queue_list(request: HttpRequest) -> HttpResponse:
    scope = selectors.queue_scope(request.user, region_code=request.GET.get("region", ""))
    if scope is None:
        raise PermissionDenied
    category = request.GET.get("category", "")
    if category not in QueueCategory.values:
        category = QueueCategory.FIRST_PRIORITY
    counts = selectors.category_counts(scope)
    base = {"region": scope.region.code} if scope.choose_region and scope.region else {}
    tabs = [{"code": code, "label": CATEGORY_LABELS[code], "count": counts.get(code, 0),
             "url": "?" + urlencode({**base, "category": code}), "current": code == category}
            for code in QueueCategory.values]
    paginator = Paginator(selectors.queue_entries(scope, category=category), PAGE_SIZE)
    # The tab's count is the count of this list (the same selector): no second COUNT query.
    paginator.count = counts.get(category, 0)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    mark_persons(request.user, [entry.person for entry in page.object_list])
    return render(request, "carqueue/queue_list.html", {
        "scope": scope, "category": category, "category_label": CATEGORY_LABELS[category], "tabs": tabs,
        "page": page, "page_query": urlencode({**base, "category": category}),
    })
