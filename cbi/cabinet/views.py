"""The electronic cabinet: sign-up, sign-in, home, my data, notifications."""

from __future__ import annotations

import csv
from functools import wraps

from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from cbi.cabinet import accounts as cabinet_services
from cbi.accounts import codes
from cbi.audit import selectors as audit_selectors
from cbi.letters.registry import render_letter
from cbi.letters.responses import letter_response
from cbi.notifications.models import Notification
from cbi.notifications import services as notification_services
from cbi.notifications.services import mark_read
from cbi.registry import selectors as registry_selectors
from cbi.web import keep
from cbi.web.forms import add_validation_error
from cbi.web.http import safe_target

from . import selectors, services
from .error_codes import CabinetErrorCode
from cbi.accounts.forms import LoginForm
from cbi.accounts.roles import staff_profile
from cbi.accounts.selectors import cabinet_account
from cbi.registry.selectors import persons_user_may_act_for
from cbi.web.throttle import RateLimit, client_address

from .forms import (
    AccountFields, ActingForForm, AddPersonForm, ChannelsForm, CodeRegistrationForm, CorrectionForm, DataReadsFilterForm,
    PhoneCodeForm, PhoneForm, WayForm,
)

IDENTITY_SESSION_KEY = "signatures.verified_identity"
PENDING_CONFIRMATION_KEY = "cabinet_pending_confirmation"


def _client(request) -> str:
    return client_address(request)


def cabinet_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        account = cabinet_account(request.user)
        if account is None:
            return redirect(f"{reverse('cabinet:login')}?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, **kwargs)

    return wrapper


def start(request: HttpRequest) -> HttpResponse:
    """What the cabinet is, what one needs, and the ways in (seeds 000 and 001)."""
    return render(request, "cabinet/start.html")


@never_cache
def register(request: HttpRequest) -> HttpResponse:
    form = WayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        way = form.cleaned_data["way"]
        if way == "code":
            return redirect("cabinet:register_code")
        target = reverse("cabinet:register_identity")
        start_url = reverse("signatures:kep") if way == "kep" else reverse("signatures:idgovua_start")
        return redirect(f"{start_url}?{urlencode({'next': target})}")
    return render(request, "cabinet/register.html", {"form": form})


@never_cache
@sensitive_post_parameters("password1", "password2", "code")
def register_code(request: HttpRequest) -> HttpResponse:
    form = CodeRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = cabinet_services.register_with_code(
                typed_code=data["code"], date_of_birth=data["date_of_birth"], client=_client(request),
                username=data["username"], password=data["password1"], email=data["email"],
            )
        except codes.CodeRefused as refused:
            _show_refused_code(form, refused)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            return _registered(request, account)
    return render(request, "cabinet/register_code.html", {"form": form})


def _show_refused_code(form, refused: codes.CodeRefused) -> None:
    """A code for another person is a wrong date of birth; every other refusal is about the code."""
    form.add_error("code", ValidationError(refused.message, code=refused.code))


def _registered(request, account) -> HttpResponse:
    cabinet_services.send_confirmation(request, account)
    request.session[PENDING_CONFIRMATION_KEY] = account.pk
    return redirect("cabinet:registered")


@never_cache
@sensitive_post_parameters("password1", "password2")
def register_identity(request: HttpRequest) -> HttpResponse:
    """After КЕП or id.gov.ua verified who the person is."""
    identity = request.session.get(IDENTITY_SESSION_KEY)
    if not identity:
        return redirect("cabinet:register")
    person, representatives = cabinet_services.persons_for_identity(identity["rnokpp"])
    form = AccountFields(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = cabinet_services.register_with_identity(
                identity=identity, username=data["username"], password=data["password1"], email=data["email"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            request.session.pop(IDENTITY_SESSION_KEY, None)
            return _registered(request, account)
    return render(request, "cabinet/register_identity.html", {
        "form": form, "identity": identity, "person": person, "representatives": representatives,
        "not_in_registry": person is None and not representatives,
    })


def registered(request: HttpRequest) -> HttpResponse:
    from cbi.accounts.models import CabinetAccount

    account = CabinetAccount.objects.select_related("user").filter(pk=request.session.get(PENDING_CONFIRMATION_KEY)).first()
    if account is None:
        return redirect("cabinet:login")
    if request.method == "POST":
        cabinet_services.send_confirmation(request, account)
        messages.success(request, _("We sent the letter again."))
        return redirect("cabinet:registered")
    return render(request, "cabinet/registered.html", {"email": account.user.email})


def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    try:
        cabinet_services.confirm_email(token)
    except signing.SignatureExpired:
        return render(request, "cabinet/confirm_failed.html", {"expired": True}, status=400)
    except (signing.BadSignature, Exception):
        return render(request, "cabinet/confirm_failed.html", {"expired": False}, status=400)
    messages.success(request, _("Your e-mail is confirmed. Sign in to your cabinet."))
    return redirect("cabinet:login")


@never_cache
@sensitive_post_parameters("password")
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, username=form.cleaned_data["username"], password=form.cleaned_data["password"])
        if getattr(request, "axes_locked_out", False):
            from cbi.accounts.views import locked_out

            return locked_out(request)
        account = cabinet_account(user) if user is not None else None
        if account is not None and user.is_active:
            if account.email_confirmed_at is None:
                request.session[PENDING_CONFIRMATION_KEY] = account.pk
                return redirect("cabinet:registered")
            request.session.cycle_key()
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(safe_target(request, request.GET.get("next"), reverse("cabinet:home")))
        form.add_error(None, ValidationError(_(
            "The login or the password is wrong. Check them and try again. After 5 failed attempts sign-in is "
            "paused for 15 minutes; you can reset the password by e-mail."), code=CabinetErrorCode.LOGIN_FAILED.value))
    return render(request, "cabinet/login.html", {"form": form})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, _("You have signed out."))
    return redirect("cabinet:login")


@cabinet_required
def home(request: HttpRequest) -> HttpResponse:
    persons = list(persons_user_may_act_for(request.user))
    person = selectors.acting_for(request, persons)
    context = {"person": person, "persons": persons,
               "switcher": ActingForForm(persons=persons, initial={"person": str(person.pk) if person else None})}
    if person is not None:
        record = registry_selectors.person_record(person)
        context.update(record)
        context["current_status"] = registry_selectors.current_status(record["statuses"])
        context["notifications"] = list(Notification.objects.filter(person=person)[:5])
        context["unread"] = Notification.objects.filter(person=person, read_at__isnull=True).count()
        context["my_documents"] = services.documents_of(person)
        context["corrections"] = list(person.correction_requests.all()[:5])
        context["acting_as_representative"] = selectors.is_representative_for(request.user, person)
    return render(request, "cabinet/home.html", context)


@cabinet_required
@require_POST
def switch_person(request: HttpRequest) -> HttpResponse:
    persons = list(persons_user_may_act_for(request.user))
    form = ActingForForm(request.POST, persons=persons)
    if form.is_valid():
        request.session[selectors.ACTING_FOR_KEY] = form.cleaned_data["person"]
    return redirect("cabinet:home")


@cabinet_required
def correction(request: HttpRequest) -> HttpResponse:
    person = selectors.acting_for(request)
    if person is None:
        return redirect("cabinet:home")
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.request_correction(user=request.user, person=person, text=form.cleaned_data["text"])
        messages.success(request, _("Your message is sent to the social protection office. The answer will appear in your cabinet."))
        return redirect("cabinet:home")
    return render(request, "cabinet/correction.html", {"form": form, "person": person})


@cabinet_required
def add_person(request: HttpRequest) -> HttpResponse:
    form = AddPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = cabinet_services.add_represented_person(
                account=request.user.cabinet_account, typed_code=form.cleaned_data["code"],
                date_of_birth=form.cleaned_data["date_of_birth"], client=_client(request),
            )
        except codes.CodeRefused as refused:
            _show_refused_code(form, refused)
        else:
            request.session[selectors.ACTING_FOR_KEY] = str(person.pk)
            messages.success(request, _("Now you can act for %(name)s.") % {"name": person.full_name})
            return redirect("cabinet:home")
    return render(request, "cabinet/add_person.html", {"form": form})


@cabinet_required
def notifications(request: HttpRequest) -> HttpResponse:
    person = selectors.acting_for(request)
    items = list(Notification.objects.filter(person=person)) if person else []
    return render(request, "cabinet/notifications.html", {"items": items, "person": person})


def action_for_enter(post, *, code_asked: bool) -> str:
    """Enter pressed in a field of the one page form (no named button): the section typed in — the
    code when one was typed, else a new phone number when one was typed, else the channels."""
    if code_asked and post.get("code-code", "").strip():
        return "code"
    if post.get("phone-phone", "").strip():
        return "phone"
    return "channels"


@cabinet_required
@never_cache
@sensitive_post_parameters("code", "code-code")  # the form's prefix makes it "code-code"
def notification_channels(request: HttpRequest) -> HttpResponse:
    """How the account holder wants to be told: e-mail, SMS to a confirmed number (docs/notifications.md)."""
    account = cabinet_account(request.user)
    preference = notification_services.preference_of(account)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "enter":
        action = action_for_enter(request.POST, code_asked=bool(preference.pending_phone))
    channels_form = ChannelsForm(request.POST if action == "channels" else None, prefix="channels",
                                 initial={"by_email": preference.by_email, "by_sms": preference.by_sms})
    phone_form = PhoneForm(request.POST if action == "phone" else None, prefix="phone")
    code_form = PhoneCodeForm(request.POST if action == "code" else None, prefix="code")
    if action:
        try:
            if action == "channels" and channels_form.is_valid():
                notification_services.set_channels(account=account, **channels_form.cleaned_data)
                messages.success(request, _("Your choice is saved."))
                return redirect("cabinet:notification_channels")
            if action == "phone" and phone_form.is_valid():
                notification_services.start_phone_verification(account=account, phone=phone_form.cleaned_data["phone"])
                messages.success(request, _("We sent a code to your phone. Enter it below."))
                return redirect(f"{reverse('cabinet:notification_channels')}#code-code")
            if action == "code" and code_form.is_valid():
                notification_services.confirm_phone(account=account, code=code_form.cleaned_data["code"])
                messages.success(request, _("Your phone number is confirmed. Messages will come by SMS too."))
                return redirect("cabinet:notification_channels")
            if action == "remove_phone":
                notification_services.remove_phone(account=account)
                messages.success(request, _("The phone number is removed. Messages no longer come by SMS."))
                return redirect("cabinet:notification_channels")
        except ValidationError as error:
            if action == "phone":
                phone_form.add_error("phone", error)
            elif action == "code":
                code_form.add_error("code", error)
            else:
                add_validation_error(channels_form, error)
        preference.refresh_from_db()
        keep.show(request.POST)  # the sections not acted on show what was typed in them (never the code)
    return render(request, "cabinet/notification_channels.html", {
        "preference": preference, "channels_form": channels_form, "phone_form": phone_form, "code_form": code_form,
        "has_email": bool(account.email_confirmed_at and request.user.email),
    })


@cabinet_required
def notification(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Notification, pk=pk, person__in=persons_user_may_act_for(request.user))
    mark_read(notification=item)
    return render(request, "cabinet/notification.html", {"item": item})


class CabinetPasswordResetForm(auth_forms.PasswordResetForm):
    """Resets reach cabinet accounts only: a staff member's password (and second factor) is
    recovered through an administrator, never by an e-mail link from the public cabinet."""

    def get_users(self, email):
        return [user for user in super().get_users(email)
                if hasattr(user, "cabinet_account") and staff_profile(user) is None and not user.is_staff]


#: Password-reset e-mails: per address and per client address, in the shared cache.
RESET_PER_ADDRESS = RateLimit("password-reset-address", limit=3, window_seconds=3600)
RESET_PER_CLIENT = RateLimit("password-reset-client", limit=10, window_seconds=3600)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "cabinet/password_reset.html"
    email_template_name = "cabinet/email/password_reset.txt"
    subject_template_name = "cabinet/email/password_reset_subject.txt"
    success_url = reverse_lazy("cabinet:password_reset_done")
    form_class = CabinetPasswordResetForm

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["email"].help_text = _("The e-mail you gave when you registered.")
        return form

    def form_valid(self, form):
        # Over a limit the answer is the same page as always, and no e-mail leaves: whether an
        # address exists, or was throttled, cannot be told from the answer.
        email = form.cleaned_data["email"]
        allowed = RESET_PER_CLIENT.hit(client_address(self.request)) and RESET_PER_ADDRESS.hit(email)
        if not allowed:
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """A new password for a cabinet account. It does not lift a sign-in pause (lockout): the
    pause ends by itself, so a stolen mailbox cannot be used to skip it."""

    template_name = "cabinet/password_reset.html"
    success_url = reverse_lazy("cabinet:password_reset_complete")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        if user is None or not hasattr(user, "cabinet_account") or staff_profile(user) is not None or user.is_staff:
            return None  # the same "link no longer works" page as for a broken link
        return user


@cabinet_required
def car_queue(request: HttpRequest) -> HttpResponse:
    """EC-APP-9: my place in the car queue — category, number, enrollment date with its
    reasons, and how the number changed. For the person the user acts for now."""
    from cbi.carqueue.queue.selectors import person_place
    from cbi.carqueue.rules import terms

    person = selectors.acting_for(request)
    if person is None:
        return redirect("cabinet:home")
    from cbi.carqueue.queue.selectors import refusals_for_cabinet, removals_for_cabinet

    return render(request, "cabinet/queue.html", {
        "person": person, "places": person_place(person),
        "acting_as_representative": selectors.is_representative_for(request.user, person),
        "terms": terms.values(),
        "refusals": refusals_for_cabinet(request.user, person=person),
        "removals": removals_for_cabinet(request.user, person=person),
    })


def _car_refusal(request, pk):
    from cbi.carqueue.queue.selectors import refusal_for_cabinet

    application = refusal_for_cabinet(request.user, pk)
    if application is None:
        raise Http404
    return application


def _car_removal(request, pk):
    from cbi.carqueue.queue.selectors import removal_for_cabinet

    removal = removal_for_cabinet(request.user, pk)
    if removal is None:
        raise Http404
    return removal


@cabinet_required
@never_cache
def car_refusal(request: HttpRequest, pk) -> HttpResponse:
    """The regional department's refusal of a car application (CQ-FLOW-4), with its written
    decision and the way to complain (docs/complaints.md); for the persons the user acts for."""
    from cbi.carqueue.models import APPLICATION_STATUS_LABELS
    from cbi.carqueue import workflow

    application = _car_refusal(request, pk)
    rules = [rule for rule in (application.decision or {}).get("applied_rules", []) if rule.get("outcome") == "failed"]
    return render(request, "cabinet/car_decision.html", {
        "kind": "car_refusal", "record": application, "person": application.person,
        "title": _("Refusal to enroll in the car queue"),
        "decided_by": application.office.parent, "decided_on": application.decision_sent_on,
        "reasons": [{"text": rule.get("reason_uk", ""), "citation": rule.get("citation", "")} for rule in rules],
        "status_now": APPLICATION_STATUS_LABELS[application.status],
        "reopened": application.status != workflow.REFUSED,
        "letter_url": reverse("cabinet:car_refusal_letter", args=[application.pk]),
    })


@cabinet_required
def car_refusal_letter(request: HttpRequest, pk) -> HttpResponse:
    application = _car_refusal(request, pk)
    return letter_response(render_letter(kind="carqueue.decision", subject=application),
                           filename=f"Рішення за заявою {application.office_number}.pdf")


@cabinet_required
@never_cache
def car_removal(request: HttpRequest, pk) -> HttpResponse:
    """The regional department's decision to remove the person from the car queue (CQ-RM-*),
    with its written decision and the way to complain; for the persons the user acts for."""
    removal = _car_removal(request, pk)
    entry = removal.entry
    return render(request, "cabinet/car_decision.html", {
        "kind": "car_removal", "record": removal, "person": entry.person,
        "title": _("Removal from the car queue"),
        "decided_by": entry.region, "decided_on": timezone.localtime(removal.decided_at).date(),
        "effective_on": removal.effective_on,
        "reasons": [{"text": removal.reason_uk, "citation": removal.citation}],
        "status_now": entry.get_status_display(),
        "reopened": entry.status != entry.Status.REMOVED,
        "letter_url": reverse("cabinet:car_removal_letter", args=[removal.pk]),
    })


@cabinet_required
def car_removal_letter(request: HttpRequest, pk) -> HttpResponse:
    removal = _car_removal(request, pk)
    return letter_response(render_letter(kind="carqueue.queue_decision", subject=removal),
                           filename=f"Рішення про зняття з обліку {removal.pk}.pdf")


def _data_reads(request):
    """The person acted for, the filter form and the reads it selects (None: a wrong period)."""
    person = selectors.acting_for(request)
    filtering = any(key.startswith(("date_from", "date_to")) for key in request.GET)
    form = DataReadsFilterForm(request.GET if filtering else None)
    if form.is_bound and not form.is_valid():
        return person, form, None
    filters = form.cleaned_data if form.is_bound else {}
    return person, form, audit_selectors.reads_by_others(
        person, date_from=filters.get("date_from"), date_to=filters.get("date_to"))


@cabinet_required
@never_cache
def data_reads(request: HttpRequest) -> HttpResponse:
    """Who viewed my data: every read by staff and automated jobs of the data of the person
    the user acts for (docs/cabinet.md; the officers' names rule: docs/security.md)."""
    person, form, events = _data_reads(request)
    if person is None:
        return redirect("cabinet:home")
    page = Paginator(events if events is not None else [], 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "cabinet/data_reads.html", {
        "person": person, "form": form, "page": page,
        "rows": [audit_selectors.describe_read(e) for e in page.object_list],
        "page_query": query.urlencode(), "filtered": form.is_bound and events is not None,
        "acting_as_representative": selectors.is_representative_for(request.user, person),
    })


class _Echo:
    def write(self, value):
        return value


def _csv_cell(value) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    text = str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@cabinet_required
def data_reads_csv(request: HttpRequest) -> HttpResponse:
    """The same list, same period, as a CSV file (UTF-8 with BOM: Excel shows Cyrillic)."""
    person, form, events = _data_reads(request)
    if person is None:
        return redirect("cabinet:home")
    if events is None:  # a wrong period: the page explains it
        return redirect(f"{reverse('cabinet:data_reads')}?{request.GET.urlencode()}")
    writer = csv.writer(_Echo())
    lines = [writer.writerow([_("Date and time"), _("Body or office"), _("Who"), _("What was viewed"),
                              _("Purpose")])]
    for event in events.iterator():
        row = audit_selectors.describe_read(event)
        lines.append(writer.writerow([_csv_cell(v) for v in (
            row["at"].strftime("%d.%m.%Y %H:%M:%S"), row["organization"], row["who"], row["what"], row["purpose"])]))
    response = HttpResponse("\ufeff" + "".join(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="who-viewed-my-data.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
