"""The public catalogue (EC-APP-7): no sign-in, GET filters that work without JavaScript."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode

from . import selectors
from .forms import CatalogueFilterForm, SupplierFilterForm
from .models import Product

PAGE_SIZE = 20


def paginate(request: HttpRequest, queryset, size: int = PAGE_SIZE) -> dict:
    """The page asked for and the query string of the other GET parameters (for page links)."""
    page = Paginator(queryset, size).get_page(request.GET.get("page"))
    query = urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v])
    return {"page": page, "page_query": query, "page_range": page.paginator.get_elided_page_range(page.number)}


def product_list(request: HttpRequest) -> HttpResponse:
    form = CatalogueFilterForm(request.GET or None)
    filters = form.filters()
    products = selectors.public_products(group=filters.get("group"), region=filters.get("region"),
                                         query=filters.get("q", ""))
    return render(request, "catalogue/product_list.html", {"form": form, "filtered": bool(filters),
                                                           **paginate(request, products)})


def product_detail(request: HttpRequest, product_id: int) -> HttpResponse:
    try:
        product = selectors.public_product(product_id)
    except Product.DoesNotExist:
        raise Http404 from None
    norm = selectors.norm_in_force(product, on=timezone.localdate())
    return render(request, "catalogue/product_detail.html", {"product": product, "norm": norm,
                                                             "suppliers": product.active_suppliers})


def supplier_list(request: HttpRequest) -> HttpResponse:
    form = SupplierFilterForm(request.GET or None)
    filters = form.filters()
    suppliers = selectors.public_suppliers(region=filters.get("region"), kind=filters.get("kind", ""))
    context = paginate(request, suppliers)
    for supplier in context["page"].object_list:
        supplier.active_groups = selectors.groups_of(supplier.active_products)
    return render(request, "catalogue/supplier_list.html", {"form": form, "filtered": bool(filters), **context})
