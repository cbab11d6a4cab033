from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from cbi.web.forms import Form

from . import trust
from .error_codes import SignaturesErrorCode
from .uploads import KEY_FILE_MAX_BYTES


def _read_limited(uploaded, label) -> bytes:
    if uploaded.size > KEY_FILE_MAX_BYTES:
        raise forms.ValidationError(
            _("The file “%(name)s” is larger than 100 KB. A key file is much smaller: choose the key file itself."),
            params={"name": uploaded.name}, code=SignaturesErrorCode.KEY_FILE_TOO_LARGE.value,
        )
    uploaded.seek(0)
    data = uploaded.read()
    if not data:
        raise forms.ValidationError(_("The file “%(name)s” is empty. Choose %(what)s."),
                                    params={"name": uploaded.name, "what": label},
                                    code=SignaturesErrorCode.KEY_FILE_EMPTY.value)
    return data


class KepForm(Form):
    """Provider, key file, its password (EC-REG-1 "with КЕП")."""

    provider = forms.ChoiceField(
        label=_("Your trust service provider (КНЕДП)"),
        help_text=_("The provider that issued your key: a bank, Дія, the tax service or another provider."),
    )
    key_file = forms.FileField(
        label=_("Key file"),
        help_text=_("A .pfx, .p12, .pk8 or .pem file, up to 100 KB. The key is checked in memory and is "
                    "not saved anywhere. Key-6.dat, .jks and .zs2 keys (DSTU 4145) cannot be checked here yet."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pfx,.p12,.pk8,.key,.pem,.dat,.jks,.zs2"}),
    )
    certificate_file = forms.FileField(
        label=_("Certificate file"), required=False,
        help_text=_("Only if your key file has no certificate inside (a .pk8 key): the .cer or .crt file "
                    "your provider issued with it."),
        widget=forms.ClearableFileInput(attrs={"accept": ".cer,.crt,.der,.pem,.p7b"}),
    )
    password = forms.CharField(
        label=_("Key password"), strip=False, max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [("", _("Choose your provider")), *trust.provider_choices()]
        self.fields["key_file"].error_messages["required"] = _("Choose the key file.")
        self.fields["password"].error_messages["required"] = _("Enter the key password.")
        self.fields["provider"].error_messages["required"] = _("Choose your trust service provider from the list.")

    def clean_key_file(self):
        uploaded = self.cleaned_data["key_file"]
        return {"name": uploaded.name, "data": _read_limited(uploaded, _("the key file"))}

    def clean_certificate_file(self):
        uploaded = self.cleaned_data.get("certificate_file")
        if not uploaded:
            return None
        return _read_limited(uploaded, _("the certificate file"))


class MockIdentityForm(Form):
    """The local mock of id.gov.ua: who the developer pretends to be."""

    rnokpp = forms.CharField(label=_("Taxpayer number (РНОКПП)"), max_length=10, initial="3113201244",
                             help_text=_("10 digits. A person of the demo registry, for example 3113201244."))
    surname = forms.CharField(label=_("Surname"), max_length=100, initial="Петренко")
    given_name = forms.CharField(label=_("Given name"), max_length=100, initial="Олена")
    patronymic = forms.CharField(label=_("Patronymic"), max_length=100, initial="Іванівна", required=False)

    def clean_rnokpp(self):
        value = self.cleaned_data["rnokpp"].strip()
        if not re.fullmatch(r"\d{10}", value):
            raise forms.ValidationError(_("Enter 10 digits."), code=SignaturesErrorCode.RNOKPP_DIGITS.value)
        return value
