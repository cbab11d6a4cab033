from __future__ import annotations

import base64
import binascii
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from cbi.web.forms import Form

from . import trust
from .error_codes import SignaturesErrorCode

SIGNATURE_MAX_BYTES = 100 * 1024
_PEM = re.compile(rb"-----BEGIN (?:PKCS7|CMS|SIGNED DATA)-----(.+?)-----END (?:PKCS7|CMS|SIGNED DATA)-----", re.S)


def signature_der(data: bytes) -> bytes:
    """A .p7s as DER: applications save it as DER, as PEM (BEGIN PKCS7/CMS) or as bare Base64."""
    stripped = data.strip()
    match = _PEM.search(stripped)
    if match:
        stripped = match.group(1)
    elif not stripped[:1] or stripped[:1] == b"\x30":
        return data
    try:
        return base64.b64decode(b"".join(stripped.split()), validate=True)
    except (binascii.Error, ValueError):
        return data  # not Base64: verification refuses it as a damaged signature


class KepSignatureForm(Form):
    """Provider and the signature over the page's one-time text (EC-REG-1 "with КЕП").

    The private key never comes here: the person signs in the browser (the page's
    script puts the signature into ``signature``) or in their own signing
    application and chooses the ``.p7s`` it made (``signature_file``)."""

    provider = forms.ChoiceField(
        label=_("Your trust service provider (КНЕДП)"),
        help_text=_("The provider that issued your key: a bank, Дія, the tax service or another provider."),
    )
    signature_file = forms.FileField(
        label=_("Signature file (.p7s)"), required=False,
        help_text=_("The file your signing application made when you signed the check file, up to 100 KB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".p7s,.p7m,.sig,.pem"}),
    )
    signature = forms.CharField(required=False, widget=forms.HiddenInput, max_length=4 * SIGNATURE_MAX_BYTES // 3 + 8)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [("", _("Choose your provider")), *trust.provider_choices()]
        self.fields["provider"].error_messages["required"] = _("Choose your trust service provider from the list.")

    def clean_signature_file(self):
        uploaded = self.cleaned_data.get("signature_file")
        if not uploaded:
            return None
        if uploaded.size > SIGNATURE_MAX_BYTES:
            raise forms.ValidationError(
                _("The file “%(name)s” is larger than 100 KB. A signature file is much smaller: choose the .p7s "
                  "file your signing application made."),
                params={"name": uploaded.name}, code=SignaturesErrorCode.KEY_FILE_TOO_LARGE.value)
        uploaded.seek(0)
        data = uploaded.read(SIGNATURE_MAX_BYTES + 1)
        if not data:
            raise forms.ValidationError(_("The file “%(name)s” is empty. Choose the .p7s signature file."),
                                        params={"name": uploaded.name}, code=SignaturesErrorCode.KEY_FILE_EMPTY.value)
        return data

    def clean(self):
        cleaned = super().clean()
        signed = cleaned.get("signature_file")
        if not signed and cleaned.get("signature"):
            try:
                signed = base64.b64decode(cleaned["signature"], validate=True)
            except (binascii.Error, ValueError):
                signed = cleaned["signature"].encode()
        if not signed and "signature_file" not in self.errors:
            self.add_error("signature_file", forms.ValidationError(
                _("Choose the .p7s file your signing application made when you signed the check file."),
                code=SignaturesErrorCode.SIGNATURE_MISSING.value))
        cleaned["signed"] = signature_der(signed) if signed else None
        return cleaned


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
