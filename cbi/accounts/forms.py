from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cbi.web.forms import Form


class StaffLoginForm(Form):
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
            raise forms.ValidationError(_("The code has only digits."))
        return code
