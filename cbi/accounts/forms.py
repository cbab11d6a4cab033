from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from cbi.web.forms import Form

from .error_codes import LOGIN_TAKEN, ROLE_ORGANIZATION_KIND, AccountsErrorCode


LOGIN_NAME_RE = re.compile(r"[A-Za-z0-9._-]+")


def clean_login_name(value: str) -> str:
    """A new login: Latin letters, digits and . _ - (staff and cabinet alike)."""
    value = value.strip()
    if not LOGIN_NAME_RE.fullmatch(value):
        raise forms.ValidationError(_("Use only Latin letters, digits and . _ - in the login."),
                                    code=AccountsErrorCode.LOGIN_CHARACTERS.value)
    return value


class LoginForm(Form):
    """Sign-in with login and password, for staff and for the cabinet."""


    username = forms.CharField(label=_("Login"), max_length=150,
                               widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}))
    password = forms.CharField(label=_("Password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class OneTimeCodeForm(Form):
    code = forms.CharField(
        label=_("Code from the authenticator app"),
        help_text=_("6 digits. The code changes every 30 seconds."),
        min_length=6, max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}),
        error_messages={
            "required": _("Enter the 6-digit code from your authenticator app."),
            "min_length": _("The code has 6 digits."),
            "max_length": _("The code has 6 digits."),
        },
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise forms.ValidationError(_("The code has only digits."), code=AccountsErrorCode.OTP_DIGITS_ONLY.value)
        return code


class StaffMemberForm(Form):
    first_name = forms.CharField(label=_("Given name"), max_length=150)
    last_name = forms.CharField(label=_("Surname"), max_length=150)
    email = forms.EmailField(label=_("Work e-mail"))
    username = forms.CharField(
        label=_("Login"), max_length=150, help_text=_("Latin letters, digits and . _ - only, for example o.kovalenko."),
        widget=forms.TextInput(attrs={"autocapitalize": "none", "spellcheck": "false", "autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Role"), widget=forms.RadioSelect)
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=None)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    password = forms.CharField(
        label=_("Initial password"), strip=False,
        help_text=_("At least 10 characters. Give it to the person in private; they set up the authenticator app at the first sign-in."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Role

        self.fields["role"].choices = Role.choices
        self.fields["organization"].queryset = organizations.order_by("kind", "name")

    def clean_username(self):
        from django.contrib.auth import get_user_model

        username = clean_login_name(self.cleaned_data["username"])
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(LOGIN_TAKEN, code=AccountsErrorCode.LOGIN_TAKEN.value)
        return username

    def clean(self):
        from django.contrib.auth.password_validation import validate_password

        from .roles import ROLE_ORGANIZATION_KINDS

        data = super().clean()
        role, org = data.get("role"), data.get("organization")
        if role and org and org.kind not in ROLE_ORGANIZATION_KINDS[role]:
            self.add_error("organization", forms.ValidationError(
                ROLE_ORGANIZATION_KIND, code=AccountsErrorCode.ROLE_ORGANIZATION_KIND.value))
        if data.get("password"):
            try:
                validate_password(data["password"])
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data
