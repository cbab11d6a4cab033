from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cbi.accounts.decorators import staff_required
from cbi.accounts.roles import Capability

from .selectors import access_log_visible_to, officer_reference


@staff_required(Capability.VIEW_ACCESS_LOG)
def access_log(request: HttpRequest) -> HttpResponse:
    page = Paginator(access_log_visible_to(request.user), 50).get_page(request.GET.get("page"))
    for entry in page.object_list:
        entry.reference = officer_reference(entry.user_id) if entry.user_id else ""
    return render(request, "audit/access_log.html", {"page": page})
