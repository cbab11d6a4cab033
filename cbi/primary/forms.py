from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from cbi.documents.forms import DocumentUploadField
from cbi.registry import validators
from cbi.registry.forms import RNOKPP_HINT, TerritoryField
from cbi.registry.models import Organization
from cbi.web.forms import DateField, Form, ModelForm

from .models import PrimaryRegistration, Status

PHONE_HINT = _("For example +380 67 123 45 67.")


def _no_future(value, message):
    if value and value > date.today():
        raise forms.ValidationError(message)
    return value


class StepForm(ModelForm):
    required_fields: tuple[str, ...] = ()
    radio_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in self.required_fields:
                field.required = True
            if name in self.radio_fields:
                field.widget = forms.RadioSelect(choices=[c for c in field.choices if c[0]])
                field.choices = [c for c in field.choices if c[0]]
        # The messages name the field: refresh them now that "required" is final.
        for name in self.required_fields:
            field = self.fields[name]
            label = str(field.label)
            if isinstance(field.widget, (forms.RadioSelect, forms.Select)):
                field.error_messages["required"] = _("Choose “%(label)s”.") % {"label": label}
            else:
                field.error_messages["required"] = _("Fill in “%(label)s”.") % {"label": label}


class WhoForm(StepForm):
    required_fields = ("applicant",)
    radio_fields = ("applicant",)

    class Meta:
        model = PrimaryRegistration
        fields = ["applicant"]
        labels = {"applicant": _("Who are you applying for?")}


class PersonStepForm(StepForm):
    date_of_birth = DateField(label=_("Date of birth"))
    required_fields = ("surname", "given_name", "date_of_birth", "sex", "phone")
    radio_fields = ("sex",)

    class Meta:
        model = PrimaryRegistration
        fields = ["surname", "given_name", "patronymic", "date_of_birth", "sex", "rnokpp", "rnokpp_refused",
                  "phone", "email"]
        widgets = {
            "surname": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "given_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "patronymic": forms.TextInput(attrs={"autocomplete": "additional-name"}),
            "rnokpp": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        help_texts = {
            "rnokpp": RNOKPP_HINT,
            "rnokpp_refused": _("Only if the person refused a taxpayer number on religious grounds and has a mark about it in the passport."),
            "patronymic": _("Leave empty if there is none."),
            "phone": PHONE_HINT,
            "email": _("We send the reference number and the decision to this address."),
        }

    def __init__(self, *args, representative: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not representative:
            self.fields["email"].required = True
            self.fields["email"].error_messages["required"] = _("Fill in “%(label)s”.") % {
                "label": self.fields["email"].label}
        else:
            self.fields["phone"].help_text = _("The person's own number; if they have none, give yours.")
            self.fields["email"].help_text = _("The person's own address, if they have one. We write to the representative.")

    def clean_date_of_birth(self):
        return _no_future(self.cleaned_data.get("date_of_birth"), _("The date of birth cannot be in the future."))

    def clean_rnokpp(self):
        value = validators.normalize_rnokpp(self.cleaned_data.get("rnokpp") or "")
        if value:
            validators.validate_rnokpp(value)
        return value

    def clean_phone(self):
        return validators.normalize_phone(self.cleaned_data.get("phone"))

    def clean(self):
        data = super().clean()
        if data.get("rnokpp") and data.get("rnokpp_refused"):
            self.add_error("rnokpp_refused", _("Either give the taxpayer number or tick the refusal, not both."))
        elif not data.get("rnokpp") and not data.get("rnokpp_refused") and "rnokpp" not in self.errors:
            self.add_error("rnokpp", _("Enter the taxpayer number (РНОКПП), or tick the box if the person refused it and has a mark in the passport."))
        return data


class AddressStepForm(StepForm):
    territory = TerritoryField(
        label=_("Settlement"),
        help_text=_("Type the name, for example Бровари. In Kyiv type the city district, for example Шевченківський. "
                    "If several places share the name, choose the one with the right district and oblast."),
    )
    required_fields = ("street", "building")

    class Meta:
        model = PrimaryRegistration
        fields = ["territory", "street", "building", "apartment", "postcode"]
        widgets = {"postcode": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"})}
        help_texts = {"postcode": _("5 digits, for example 07400."), "street": _("For example вул. Шевченка.")}

    def clean_postcode(self):
        value = (self.cleaned_data.get("postcode") or "").strip()
        if value and not (value.isdigit() and len(value) == 5):
            raise forms.ValidationError(_("A postcode has 5 digits, for example 01001."))
        return value


class OfficeStepForm(Form):
    office = forms.ModelChoiceField(
        label=_("Social protection office"), queryset=Organization.objects.none(),
        empty_label=_("Choose an office"),
        help_text=_("The office that will review the application and keep your record."),
    )

    def __init__(self, *args, offices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices


class IdentityStepForm(StepForm):
    identity_issued_on = DateField(label=_("Date of issue"), required=False)
    required_fields = ("identity_kind", "identity_number")
    radio_fields = ("identity_kind",)

    class Meta:
        model = PrimaryRegistration
        fields = ["identity_kind", "identity_series", "identity_number", "identity_issued_on", "identity_issued_by"]
        labels = {"identity_kind": _("Which document identifies the person?")}
        help_texts = {
            "identity_kind": _("For a child under 14: the birth certificate."),
            "identity_series": _("Passport booklet: two Ukrainian letters, for example МК. Birth certificate: for example І-ЖС. An ID card has no series."),
            "identity_number": _("Passport booklet and birth certificate: 6 digits. ID card: 9 digits (“Документ №”)."),
        }

    def clean_identity_issued_on(self):
        return _no_future(self.cleaned_data.get("identity_issued_on"), _("The date of issue cannot be in the future."))

    def clean(self):
        data = super().clean()
        kind = data.get("identity_kind")
        series = validators.normalize_series(data.get("identity_series") or "")
        if kind == "birth_certificate":
            series = series.translate(validators.LATIN_TO_CYRILLIC)
        number = (data.get("identity_number") or "").strip().replace(" ", "")
        data["identity_series"], data["identity_number"] = series, number
        check = validators.DOCUMENT_VALIDATORS.get(kind)
        if check and number:
            for field, error in (check(series, number) or {}).items():
                self.add_error(f"identity_{field}", error)
        return data


class RepresentativeStepForm(StepForm):
    authority_document_date = DateField(label=_("Date of the proof of authority"))
    required_fields = ("rep_kind", "rep_surname", "rep_given_name", "rep_phone", "rep_email", "authority_document",
                       "authority_document_number", "authority_document_date")
    radio_fields = ("rep_kind", "authority_document")

    class Meta:
        model = PrimaryRegistration
        fields = ["rep_kind", "rep_surname", "rep_given_name", "rep_patronymic", "rep_rnokpp", "rep_phone",
                  "rep_email", "authority_document", "authority_document_number", "authority_document_date"]
        labels = {
            "rep_kind": _("Who are you to the person?"),
            "rep_surname": _("Your surname"), "rep_given_name": _("Your given name"),
            "rep_patronymic": _("Your patronymic"), "rep_rnokpp": _("Your taxpayer number (РНОКПП)"),
            "rep_phone": _("Your mobile phone"), "rep_email": _("Your e-mail"),
            "authority_document": _("What proves your authority?"),
            "authority_document_number": _("Number of the document"),
        }
        widgets = {
            "rep_rnokpp": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "rep_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "rep_email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        help_texts = {
            "rep_rnokpp": RNOKPP_HINT, "rep_phone": PHONE_HINT,
            "rep_email": _("We send the reference number and the decision to this address."),
            "authority_document_number": _("For a birth certificate: its series and number; for a court decision: the case number."),
        }

    def clean_rep_rnokpp(self):
        value = validators.normalize_rnokpp(self.cleaned_data.get("rep_rnokpp") or "")
        if value:
            validators.validate_rnokpp(value)
        return value

    def clean_rep_phone(self):
        return validators.normalize_phone(self.cleaned_data.get("rep_phone"))

    def clean_authority_document_date(self):
        return _no_future(self.cleaned_data.get("authority_document_date"),
                          _("The date of the document cannot be in the future."))


class RightStepForm(StepForm):
    right_date = DateField(label=_("Date of the conclusion"))
    required_fields = ("right_kind", "right_number", "right_date")
    radio_fields = ("right_kind",)

    class Meta:
        model = PrimaryRegistration
        fields = ["right_kind", "right_number", "right_date", "right_body"]
        labels = {"right_kind": _("Which document proves the right to the service?")}
        help_texts = {"right_body": _("For example Київська міська МСЕК № 3.")}

    def clean_right_date(self):
        return _no_future(self.cleaned_data.get("right_date"), _("The date of the conclusion cannot be in the future."))


class DocumentsStepForm(Form):
    """One upload per required document; a slot already filled may be left empty."""

    def __init__(self, *args, slots=(), labels=None, uploaded=None, replacing=(), can_remove=True, **kwargs):
        super().__init__(*args, **kwargs)
        uploaded = uploaded or {}
        for slot in slots:
            self.fields[slot] = DocumentUploadField(label=labels[slot], required=slot not in uploaded,
                                                    stored=uploaded.get(slot), replacing=slot in replacing,
                                                    can_remove=can_remove)


class SubmitForm(Form):
    pass


class ResumeForm(Form):
    """Continue a saved application on any device: the return code and the date of birth."""

    code = forms.CharField(
        label=_("Return code"), max_length=20,
        help_text=_("8 letters and digits, for example KD7R-WX4M. It is in the e-mail we sent, or where you wrote "
                    "it down. Capital or small letters, with or without the hyphen."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
        error_messages={"required": _("Enter the return code.")},
    )
    date_of_birth = DateField(label=_("Date of birth of the person the application is for"),
                              error_messages={"required": _("Enter the date of birth.")})


# --- Officers ------------------------------------------------------------------------

class WorkListFilter(Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("All but drafts"))] + [c for c in Status.choices if c[0] != Status.DRAFT],
    )
    submitted_from = DateField(label=_("Submitted from"), required=False)
    submitted_to = DateField(label=_("Submitted until"), required=False)


class AcceptForm(Form):
    record = forms.ChoiceField(label=_("Where to put the person"), widget=forms.RadioSelect)

    def __init__(self, *args, duplicates=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("new", _("Create a new record in ЦБІ"))]
        for match in duplicates:
            if match["in_scope"]:
                person = match["person"]
                choices.append((str(person.pk), _("Link to the existing record: %(name)s, %(born)s") % {
                    "name": person.full_name, "born": person.date_of_birth.strftime("%d.%m.%Y")}))
        self.fields["record"].choices = choices
        self.fields["record"].initial = "new" if len(choices) == 1 else None


class ReturnForm(Form):
    reasons = forms.CharField(
        label=_("Reasons for returning"), widget=forms.Textarea(attrs={"rows": 6}), max_length=4000,
        help_text=_("Say what is wrong and what the applicant should do, for example: the photo of the passport is unreadable, upload a clearer one."),
        error_messages={"required": _("Write the reasons: the applicant needs them to correct the application.")},
    )
