"""Car-queue back office: the rules settings (administrators edit, officers read) and the
officers' what-if evaluation. Thin views over selectors, services and forms.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cbi.accounts.decorators import staff_required
from cbi.accounts.roles import Capability, has_capability
from cbi.web.forms import add_errors_above

from ..error_codes import CarqueueErrorCode, NOTHING_CHANGED
from ..models import CATEGORY_LABELS, OUTCOME_LABELS
from . import evaluation, selectors, services
from .forms import RulesSettingsForm, WhatIfForm


@staff_required()
def settings_page(request: HttpRequest) -> HttpResponse:
    """Every configurable item with its current value and rule id, and the change history.
    Administrators may change them; officers and auditors read them."""
    can_edit = has_capability(request.user, Capability.MANAGE_RULES_SETTINGS)
    if not (can_edit or has_capability(request.user, Capability.USE_WHAT_IF)):
        raise PermissionDenied
    current = selectors.current_rules_settings()
    return render(request, "carqueue/settings.html", {
        "items": selectors.describe_config(selectors.current_rules_config()),
        "current": current,
        "history": selectors.settings_history(),
        "can_edit": can_edit,
    })


@staff_required(Capability.MANAGE_RULES_SETTINGS)
@require_http_methods(["GET", "POST"])
def settings_edit(request: HttpRequest) -> HttpResponse:
    """GET: the form. POST: check it and show a summary of old → new to confirm.
    POST with ``confirm``: save it (the reason is kept in the history)."""
    current = selectors.current_rules_settings()
    config = selectors.current_rules_config()
    version = current.version if current is not None else 0
    form = RulesSettingsForm(request.POST or None, config=config, version=version)
    if request.method == "POST" and "back" not in request.POST and form.is_valid():
        new_config = form.cleaned_data["config"]
        changes = selectors.config_changes(config, new_config)
        if not changes:
            form.add_error(None, ValidationError(NOTHING_CHANGED, code=CarqueueErrorCode.UNCHANGED.value))
        elif "confirm" in request.POST:
            try:
                services.update_rules_settings(
                    actor=request.user, config=new_config, reason=form.cleaned_data["reason"],
                    expected_version=form.cleaned_data.get("version"),
                )
            except ValidationError as error:
                add_errors_above(form, error)
            else:
                messages.success(request, _("The rules settings are saved. New evaluations use them from now on."))
                return redirect("carqueue:settings")
        else:
            return render(request, "carqueue/settings_confirm.html", {"form": form, "changes": changes})
    return render(request, "carqueue/settings_form.html", {"form": form})


@staff_required(Capability.USE_WHAT_IF)
@require_http_methods(["GET", "POST"])
def what_if(request: HttpRequest) -> HttpResponse:
    """Type the main facts of a case and see what the rules decide, with the current
    settings. Nothing is stored."""
    form = WhatIfForm(request.POST or None)
    decision = None
    if request.method == "POST" and form.is_valid():
        try:
            decision = evaluation.evaluate_document(form.facts_document())
        except evaluation.FactsInvalid as invalid:
            form.add_engine_errors(invalid.errors)
    english = selectors.english()
    result = None
    if decision is not None:
        result = {
            **decision,
            "enrollment_date_display": (date.fromisoformat(decision["enrollment_date"]).strftime("%d.%m.%Y")
                                        if decision["enrollment_date"] else None),
            "category_label": CATEGORY_LABELS.get(decision["category"]) if decision["category"] else None,
            "share_text": selectors.paid_share_text(decision["share"]["paid_percent"]) if decision["share"] else None,
            "flags": [{"rule_id": f["rule_id"], "message": f["message_en"] if english else f["message_uk"]}
                      for f in decision["flags"]],
            "rules": [{
                "rule_id": r["rule_id"], "outcome": r["outcome"], "outcome_label": OUTCOME_LABELS[r["outcome"]],
                "citation": r["citation"], "reason": r["reason_en"] if english else r["reason_uk"],
            } for r in decision["applied_rules"]],
        }
    return render(request, "carqueue/what_if.html", {"form": form, "result": result})
