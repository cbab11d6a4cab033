"""Administrators keep the catalogue: groups, products, suppliers (MANAGE_CATALOGUE)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from cbi.accounts.decorators import staff_required
from cbi.accounts.roles import Capability
from cbi.web.forms import add_validation_error

from . import selectors, services
from .forms import ProductForm, ProductGroupForm, StaffProductFilterForm, SupplierForm
from .models import Product, ProductGroup, Supplier
from .views import paginate

manage = staff_required(Capability.MANAGE_CATALOGUE)

# What each kind of object is called and how it is saved.
KINDS = {
    "group": {
        "model": ProductGroup, "form": ProductGroupForm, "save": services.save_group, "list": "catalogue_staff:groups",
        "add": gettext_lazy("Add a product group"), "edit": gettext_lazy("Edit the product group"),
        "added": gettext_lazy("The product group is added."), "saved": gettext_lazy("The product group is saved."),
    },
    "product": {
        "model": Product, "form": ProductForm, "save": services.save_product, "list": "catalogue_staff:products",
        "add": gettext_lazy("Add a product"), "edit": gettext_lazy("Edit the product"),
        "added": gettext_lazy("The product is added to the catalogue."), "saved": gettext_lazy("The product is saved."),
    },
    "supplier": {
        "model": Supplier, "form": SupplierForm, "save": services.save_supplier, "list": "catalogue_staff:suppliers",
        "add": gettext_lazy("Add a supplier"), "edit": gettext_lazy("Edit the supplier"),
        "added": gettext_lazy("The supplier is added."), "saved": gettext_lazy("The supplier is saved."),
    },
}

ACTIONS = {
    ("product", "deactivate"): (
        False,
        gettext_lazy("Deactivate the product?"),
        gettext_lazy("The product disappears from the public catalogue and people can no longer apply for it. "
                     "Applications already made keep it. You can reactivate it later."),
        gettext_lazy("The product is deactivated."),
    ),
    ("product", "reactivate"): (
        True,
        gettext_lazy("Reactivate the product?"),
        gettext_lazy("The product appears in the public catalogue again and people can apply for it."),
        gettext_lazy("The product is active again."),
    ),
    ("supplier", "deactivate"): (
        False,
        gettext_lazy("Deactivate the supplier?"),
        gettext_lazy("The supplier disappears from the public catalogue and from the lists of suppliers. "
                     "You can reactivate it later."),
        gettext_lazy("The supplier is deactivated."),
    ),
    ("supplier", "reactivate"): (
        True,
        gettext_lazy("Reactivate the supplier?"),
        gettext_lazy("The supplier appears in the public catalogue again."),
        gettext_lazy("The supplier is active again."),
    ),
}


@manage
def products(request: HttpRequest) -> HttpResponse:
    form = StaffProductFilterForm(request.GET or None)
    found = selectors.staff_products(**form.filters())
    return render(request, "catalogue/staff/products.html", {"form": form, **paginate(request, found, 50)})


@manage
def groups(request: HttpRequest) -> HttpResponse:
    return render(request, "catalogue/staff/groups.html", {"groups": ProductGroup.objects.all()})


@manage
def suppliers(request: HttpRequest) -> HttpResponse:
    return render(request, "catalogue/staff/suppliers.html",
                  {"suppliers": Supplier.objects.prefetch_related("regions")})


@manage
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    spec = KINDS[kind]
    instance = get_object_or_404(spec["model"], pk=pk) if pk is not None else None
    form = spec["form"](request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            saved = spec["save"](actor=request.user, **{kind: instance}, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, spec["saved"] if instance else spec["added"])
            if kind == "group":
                return redirect(spec["list"])
            return redirect(f"catalogue_staff:{kind}_edit", pk=saved.pk)
    return render(request, "catalogue/staff/form.html", {
        "form": form, "kind": kind, "object": instance, "title": spec["edit"] if instance else spec["add"],
        "back_url": reverse(spec["list"]),
    })


@manage
@require_http_methods(["GET", "POST"])
def action(request: HttpRequest, kind: str, pk: int, action: str) -> HttpResponse:
    obj = get_object_or_404(KINDS[kind]["model"], pk=pk)
    back = reverse(f"catalogue_staff:{kind}_edit", args=[obj.pk])
    if (kind, action) not in ACTIONS:
        return redirect(back)
    active, title, explanation, done = ACTIONS[(kind, action)]
    if request.method == "POST":
        services.set_active(actor=request.user, obj=obj, active=active)
        messages.success(request, done)
        return redirect(back)
    return render(request, "catalogue/staff/confirm.html", {
        "object": obj, "title": title, "explanation": explanation, "back_url": back, "warning": not active,
    })


@manage
def history(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    obj = get_object_or_404(KINDS[kind]["model"], pk=pk)
    return render(request, "catalogue/staff/history.html", {
        "object": obj, "entries": selectors.object_history(obj),
        "back_url": reverse(f"catalogue_staff:{kind}_edit", args=[obj.pk]), "title": _("Change history"),
    })
