"""Administrators' pages: the staff of the organizations they manage."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods

from cbi.web.forms import add_validation_error

from . import selectors, services
from .decorators import staff_required
from .forms import StaffMemberForm
from .roles import Capability

ACTIONS = {
    "reset-second-factor": (
        lambda actor, member: services.reset_second_factor(actor=actor, member=member),
        gettext_noop("Reset the second factor?"),
        gettext_noop("The person will not be able to sign in with their current authenticator app. At the next sign-in they will set it up again."),
        gettext_noop("The second factor is reset."),
    ),
    "unlock": (
        lambda actor, member: services.unlock(actor=actor, member=member),
        gettext_noop("Unlock sign-in?"),
        gettext_noop("The failed attempts are forgotten and the person can sign in at once."),
        gettext_noop("Sign-in is unlocked."),
    ),
    "deactivate": (
        lambda actor, member: services.set_active(actor=actor, member=member, active=False),
        gettext_noop("Deactivate the account?"),
        gettext_noop("The person will not be able to sign in. Their history stays. You can reactivate the account later."),
        gettext_noop("The account is deactivated."),
    ),
    "reactivate": (
        lambda actor, member: services.set_active(actor=actor, member=member, active=True),
        gettext_noop("Reactivate the account?"),
        gettext_noop("The person will be able to sign in again."),
        gettext_noop("The account is active again."),
    ),
}


@staff_required(Capability.MANAGE_STAFF)
def team(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/team.html", {"members": selectors.staff_managed_by(request.user)})


@staff_required(Capability.MANAGE_STAFF)
def team_member_create(request: HttpRequest) -> HttpResponse:
    organizations = selectors.organizations_managed_by(request.user)
    form = StaffMemberForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.register_staff_member(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The staff member is added. They set up the authenticator app at the first sign-in."))
            return redirect("accounts:team_member", member_id=member.pk)
    return render(request, "accounts/team_member_form.html", {"form": form})


@staff_required(Capability.MANAGE_STAFF)
def team_member(request: HttpRequest, member_id: int) -> HttpResponse:
    member = get_object_or_404(selectors.staff_managed_by(request.user), pk=member_id)
    history = member.history.select_related("history_user").order_by("-history_date")[:20]
    return render(request, "accounts/team_member.html", {
        "member": member, "has_second_factor": services.staff_totp_device(member) is not None, "history": history,
    })


@staff_required(Capability.MANAGE_STAFF)
@require_http_methods(["GET", "POST"])
def team_member_action(request: HttpRequest, member_id: int, action: str) -> HttpResponse:
    member = get_object_or_404(selectors.staff_managed_by(request.user), pk=member_id)
    if action not in ACTIONS or member == request.user and action == "deactivate":
        return redirect("accounts:team_member", member_id=member.pk)
    perform, title, explanation, done = ACTIONS[action]
    if request.method == "POST":
        perform(request.user, member)
        messages.success(request, _(done))
        return redirect("accounts:team_member", member_id=member.pk)
    return render(request, "accounts/team_member_confirm.html", {
        "member": member, "title": _(title), "explanation": _(explanation), "action": action,
    })
