from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from cbi.accounts.forms import clean_login_name
from cbi.web.forms import DateField, Form

from .error_codes import CabinetErrorCode


class WayForm(Form):
    way = forms.ChoiceField(
        label=_("How do you want to register?"),
        widget=forms.RadioSelect,
        choices=[
            ("code", _("With an authorization code from the receipt I got at the social protection office")),
            ("kep", _("With a qualified e-signature (КЕП): you sign on your own device")),
            ("idgovua", _("Through id.gov.ua (Дія.Підпис, BankID or a КЕП)")),
        ],
    )


class AccountFields(Form):
    username = forms.CharField(
        label=_("Login"), max_length=150,
        help_text=_("You will sign in with it. Latin letters, digits and . _ - only, for example olena.petrenko."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("We will send a letter to confirm it, and messages about your applications."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label=_("Password"), strip=False,
        help_text=_("At least 10 characters. Do not use only digits or a common word."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_username(self):
        return clean_login_name(self.cleaned_data["username"])

    def clean(self):
        from django.contrib.auth import get_user_model

        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", forms.ValidationError(_("The passwords are different. Type the same password twice."),
                                                          code=CabinetErrorCode.PASSWORDS_DIFFERENT.value))
        elif p1:
            user = get_user_model()(username=data.get("username", ""), email=data.get("email", ""))
            try:
                validate_password(p1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class CodeRegistrationForm(AccountFields):
    code = forms.CharField(
        label=_("Authorization code"), max_length=20,
        help_text=_("12 characters from the receipt, for example KD7R-WX4M-PT9C. Capital or small letters, with or without hyphens."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "characters", "spellcheck": "false"}),
    )
    date_of_birth = DateField(
        label=_("Date of birth of the person named on the receipt"),
        help_text=_("If you are a legal representative, the date of birth of the person you represent."),
    )
    field_order = ["code", "date_of_birth", "username", "email", "password1", "password2"]


class AddPersonForm(Form):
    code = CodeRegistrationForm.base_fields["code"]
    date_of_birth = DateField(label=_("Date of birth of the person you represent"))


class CorrectionForm(Form):
    text = forms.CharField(
        label=_("What is wrong in your data?"),
        help_text=_("Write what is wrong and what is right, for example: “My patronymic is Іванівна, not Івановна”. The office will check it and answer you."),
        max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
    )


class ActingForForm(Form):
    person = forms.ChoiceField(label=_("I act for"))

    def __init__(self, *args, persons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(str(p.pk), p.full_name) for p in persons]


class IssueCodeForm(Form):
    holder = forms.ChoiceField(label=_("Who will use the code?"), widget=forms.RadioSelect)
    channels = forms.MultipleChoiceField(
        label=_("How else does the person want to get the code?"),
        help_text=_("The paper receipt is always printed. Choose any that the person asks for, for example "
                    "if they do not see well or cannot read print."),
        widget=forms.CheckboxSelectMultiple, required=False,
        choices=[
            ("large_print", _("A receipt in large type (a separate sheet to print)")),
            ("email", _("By e-mail")),
            ("sms", _("By SMS to a mobile phone")),
        ],
    )
    email = forms.EmailField(
        label=_("E-mail for the code"), required=False, max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Mobile phone for the SMS"), required=False, max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    confirmed = forms.BooleanField(
        label=_("I read the e-mail address or phone number back to the person, and they confirmed it"),
        required=False,
    )

    def __init__(self, *args, person, representatives, **kwargs):
        super().__init__(*args, **kwargs)
        self._person = person
        self._representatives = {str(r.pk): r for r in representatives}
        choices = [("", _("The person: %(name)s") % {"name": person.full_name})]
        choices += [(str(r.pk), _("Legal representative: %(name)s") % {"name": r.full_name}) for r in representatives]
        self.fields["holder"].choices = choices
        self.fields["holder"].required = False
        self.fields["holder"].initial = ""
        holders = [person, *representatives]
        self.fields["email"].help_text = self._on_record_hint(holders, "email", _(
            "Leave it empty to use the address on record of the one who will use the code."))
        self.fields["phone"].help_text = self._on_record_hint(holders, "phone", _(
            "For example +380 67 123 45 67. Leave it empty to use the number on record of the one who will use the code."))

    @staticmethod
    def _on_record_hint(holders, attribute: str, leave_empty: str) -> str:
        known = [f"{h.full_name}: {getattr(h, attribute)}" for h in holders if getattr(h, attribute)]
        if not known:
            return str(_("Nothing is on record: type it."))
        return f"{leave_empty} " + str(_("On record: %(contacts)s.") % {"contacts": "; ".join(known)})

    def clean_holder(self):
        value = self.cleaned_data.get("holder") or ""
        if value and value not in self._representatives:
            raise forms.ValidationError(_("Choose who will use the code."), code=CabinetErrorCode.HOLDER_UNKNOWN.value)
        return self._representatives.get(value)

    def clean_phone(self):
        from cbi.notifications.sms import normalize_phone

        value = self.cleaned_data.get("phone", "").strip()
        if not value:
            return ""
        try:
            return normalize_phone(value)
        except ValueError:
            raise forms.ValidationError(
                _("Type a mobile phone number with its code, for example +380 67 123 45 67."),
                code=CabinetErrorCode.PHONE_INVALID.value) from None

    def clean(self):
        data = super().clean()
        if "holder" not in data:
            return data
        channels = data.get("channels") or []
        holder = data.get("holder") or self._person
        if "email" in channels and not data.get("email") and "email" not in self.errors:
            if holder.email:
                data["email"] = holder.email
            else:
                self.add_error("email", forms.ValidationError(_(
                    "Type the e-mail address: none is on record for the one who will use the code."),
                    code=CabinetErrorCode.EMAIL_NOT_ON_RECORD.value))
        elif data.get("email") and "email" not in channels:
            self.add_error("email", forms.ValidationError(_(
                "You typed an e-mail address: tick “By e-mail”, or clear the address."),
                code=CabinetErrorCode.EMAIL_WITHOUT_CHANNEL.value))
        if "sms" in channels and not data.get("phone") and "phone" not in self.errors:
            try:
                from cbi.notifications.sms import normalize_phone

                data["phone"] = normalize_phone(holder.phone)
            except ValueError:
                self.add_error("phone", forms.ValidationError(_(
                    "Type the mobile phone number: none is on record for the one who will use the code."),
                    code=CabinetErrorCode.PHONE_NOT_ON_RECORD.value))
        elif data.get("phone") and "sms" not in channels:
            self.add_error("phone", forms.ValidationError(_(
                "You typed a phone number: tick “By SMS to a mobile phone”, or clear the number."),
                code=CabinetErrorCode.PHONE_WITHOUT_CHANNEL.value))
        if ({"email", "sms"} & set(channels)) and not data.get("confirmed"):
            self.add_error("confirmed", forms.ValidationError(_(
                "Read the address or number back to the person and tick this box when they confirm it."),
                code=CabinetErrorCode.CONTACT_NOT_CONFIRMED.value))
        return data


class CorrectionAnswerForm(Form):
    answer = forms.CharField(
        label=_("Answer to the person"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Say what you corrected, or why nothing needs to change."),
    )


class DataReadsFilterForm(Form):
    """The period of "who viewed my data"; both dates may be left empty."""

    date_from = DateField(label=_("From"), required=False)
    date_to = DateField(label=_("Until"), required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", forms.ValidationError(_("The end of the period must be the same as or after its start."),
                                                        code=CabinetErrorCode.PERIOD_ENDS_BEFORE_START.value))
        return data


class ChannelsForm(Form):
    """Which channels, beside the cabinet itself, tell the account holder about news."""

    by_email = forms.BooleanField(label=_("By e-mail"), required=False,
                                  help_text=_("To the e-mail address you confirmed."))
    by_sms = forms.BooleanField(label=_("By SMS"), required=False,
                                help_text=_("A short message with a link to your cabinet, to the phone number you "
                                            "confirmed below."))


class PhoneForm(Form):
    phone = forms.CharField(
        label=_("Mobile phone number"), max_length=20,
        help_text=_("For example 067 123 45 67. We send a code to it to check that it is yours."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )


class PhoneCodeForm(Form):
    code = forms.CharField(
        label=_("Code from the message"), max_length=12,
        help_text=_("Six digits."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
