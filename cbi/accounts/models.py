"""Staff accounts: one role, scoped to one organization.

Roles and what they may do are an explicit table in ``roles.py`` (no numeric
permission codes); the scope of a role is the organization's subtree.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.contrib.auth import get_user_model
from simple_history import register
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    DISTRICT_OFFICER = "district_officer", _("district officer")
    REGIONAL_OFFICER = "regional_officer", _("regional officer")
    ADMINISTRATOR = "administrator", _("administrator")
    AUDITOR = "auditor", _("auditor")
    MINISTRY_OFFICER = "ministry_officer", _("Ministry officer")
    #: An officer of a territorial branch of the Fund: decides the applications the offices of
    #: the branch's region forward, issues and cancels electronic referrals (issue #16 §1).
    FUND_BRANCH_OFFICER = "fund_branch_officer", _("officer of a territorial branch of the Fund")
    #: A user of an enterprise that makes or supplies assistive products: the referrals portal.
    ENTERPRISE_USER = "enterprise_user", _("enterprise user")


class StaffProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="staff",
        verbose_name=_("organization"),
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")
        constraints = [
            # Only the roles of the table in roles.py; which organization kind
            # fits which role is checked in services.create_staff_member.
            models.CheckConstraint(name="staff_role_valid", condition=models.Q(role__in=[r.value for r in Role])),
        ]

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.username} — {self.get_role_display()}, {self.organization}"


# Who activated, deactivated or renamed an account is kept too (never the password hash).
register(get_user_model(), app=__package__, excluded_fields=["password", "last_login"],
         table_name="accounts_historicaluser")


class CabinetAccount(models.Model):
    """A person's (or a legal representative's) account in the electronic cabinet."""

    class Via(models.TextChoices):
        CODE = "code", _("authorization code")
        KEP = "kep", _("qualified e-signature (КЕП)")
        IDGOVUA = "idgovua", _("id.gov.ua")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cabinet_account")
    # The person the account holder is, when they are in ЦБІ themselves.
    person = models.OneToOneField(
        "registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="cabinet_account",
    )
    registered_via = models.CharField(max_length=10, choices=Via.choices)
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cabinet account")
        verbose_name_plural = _("cabinet accounts")

    def __str__(self) -> str:
        return self.user.get_username()


class Representation(models.Model):
    """The account holder acts for this person as their legal representative."""

    account = models.ForeignKey(CabinetAccount, on_delete=models.CASCADE, related_name="representations")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="cabinet_representations")
    representative = models.ForeignKey(
        "registry.Representative", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    since = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "person"], name="one_representation_per_person")]


class AuthorizationCode(models.Model):
    """A one-time secret printed on a receipt at the office (EC-CODE-1).

    Only an HMAC of the code is stored. It expires, works once, and issuing a
    new code for the same person and holder revokes the old one.
    """

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="authorization_codes")
    # Set when the code is issued to a legal representative to act for the person.
    representative = models.ForeignKey(
        "registry.Representative", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    code_hash = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(CabinetAccount, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["code_hash"])

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("authorization code")
        verbose_name_plural = _("authorization codes")


class CodeDelivery(models.Model):
    """How an authorization code reached the person (EC-CODE-1): one row per channel chosen
    when the code was issued, with the masked destination and the outcome. Never the code.
    Rows are kept in history, so the person's record shows them with who and when."""

    class Channel(models.TextChoices):
        RECEIPT = "receipt", _("paper receipt")
        LARGE_PRINT = "large_print", _("large-print receipt")
        EMAIL = "email", _("e-mail")
        SMS = "sms", _("SMS")

    class Outcome(models.TextChoices):
        PRINTED = "printed", _("given to print at the office")
        SENT = "sent", _("sent")
        FAILED = "failed", _("not sent")

    code = models.ForeignKey(AuthorizationCode, on_delete=models.PROTECT, related_name="deliveries")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("how the code was given"), max_length=16, choices=Channel.choices)
    destination = models.CharField(_("to (masked)"), max_length=120, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    # A stable reason code of a failure (timeout, http_500, …), never the provider's text.
    failure = models.CharField(_("reason of the failure"), max_length=40, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("delivery of an authorization code")
        verbose_name_plural = _("deliveries of authorization codes")

    def __str__(self) -> str:
        text = f"{self.get_channel_display()}"
        if self.destination:
            text += f" ({self.destination})"
        text += f": {self.get_outcome_display()}"
        if self.failure:
            text += f" — {self.failure_message()}"
        return text

    #: What the officer reads when a channel failed (by ``failure``).
    FAILURES = {
        "smtp": _("The mail server did not accept the e-mail."),
        "timeout": _("The SMS service did not answer in time."),
        "unreachable": _("The SMS service could not be reached."),
        "rejected": _("The SMS service refused the message. Check the phone number with the person."),
        "not_configured": _("Sending SMS is not set up in this system. Tell your administrator."),
        "bad_number": _("This is not a mobile phone number."),
    }
    SMS_SERVICE_DOWN = _("The SMS service is not working right now.")

    def failure_message(self) -> str:
        return str(self.FAILURES.get(self.failure, self.SMS_SERVICE_DOWN))
