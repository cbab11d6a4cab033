from __future__ import annotations

from datetime import date

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cbi.documents.forms import DocumentUploadField
from cbi.registry import selectors as registry_selectors
from cbi.registry import validators
from cbi.registry.forms import RNOKPP_HINT, PlaceField
from cbi.organizations.models import Organization
from cbi.registry.models import IdentityDocument
from cbi.web.collation import sorted_choices, sorted_uk
from cbi.web.forms import DateField, Form, ModelForm

from .error_codes import PrimaryErrorCode
from .models import PrimaryRegistration, Status

PHONE_HINT = _("For example +380 67 123 45 67.")


ADULT_AGE = 18  # a child (дитина) is under 18: docs/primary-registration.md, "A child without a РНОКПП"


def _no_future(value, message, code: PrimaryErrorCode):
    if value and value > date.today():
        raise forms.ValidationError(message, code=code.value)
    return value


class StepForm(ModelForm):
    required_fields: tuple[str, ...] = ()
    radio_fields: tuple[str, ...] = ()
    # Radio groups that are a question with a natural order, not a list to look through.
    unsorted_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in self.required_fields:
                field.required = True
            if name in self.radio_fields:
                choices = [c for c in field.choices if c[0]]
                if name not in self.unsorted_fields:
                    choices = sorted_choices(choices)  # Ukrainian alphabetical order, "other" last
                field.widget = forms.RadioSelect(choices=choices)
                field.choices = choices
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
    unsorted_fields = ("applicant",)

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
        self.representative = representative
        if not representative:
            self.fields["email"].required = True
            self.fields["email"].error_messages["required"] = _("Fill in “%(label)s”.") % {
                "label": self.fields["email"].label}
            return
        self.fields["phone"].help_text = _("The person's own number; if they have none, give yours.")
        self.fields["email"].help_text = _("The person's own address, if they have one. We write to the representative.")
        # A child usually has no taxpayer number: the birth certificate identifies them instead.
        self.fields["rnokpp"].help_text = _("10 digits. A child who has none: leave it empty and give the birth "
                                            "certificate below.")
        fields = {}
        for name, field in self.fields.items():
            fields[name] = field
            if name == "rnokpp":
                fields["birth_certificate_series"] = forms.CharField(
                    label=_("Birth certificate series (a child without a taxpayer number)"), required=False,
                    max_length=12, help_text=_("A Roman numeral, a hyphen and two Ukrainian capital letters, "
                                               "for example I-КВ."),
                    widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
                fields["birth_certificate_number"] = forms.CharField(
                    label=_("Birth certificate number"), required=False, max_length=12,
                    help_text=_("6 digits, for example 123456."),
                    widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        self.fields = fields
        instance = self.instance
        if instance is not None and instance.uses_birth_certificate and not self.is_bound:
            self.initial["birth_certificate_series"] = instance.identity_series
            self.initial["birth_certificate_number"] = instance.identity_number

    def clean_date_of_birth(self):
        return _no_future(self.cleaned_data.get("date_of_birth"), _("The date of birth cannot be in the future."),
                          PrimaryErrorCode.DATE_OF_BIRTH_FUTURE)

    def clean_rnokpp(self):
        value = validators.normalize_rnokpp(self.cleaned_data.get("rnokpp") or "")
        if value:
            validators.validate_rnokpp(value)
        return value

    def clean_phone(self):
        return validators.normalize_phone(self.cleaned_data.get("phone"))

    def clean(self):
        data = super().clean()
        certificate = self._clean_birth_certificate(data) if self.representative else None
        if data.get("rnokpp") and data.get("rnokpp_refused"):
            self.add_error("rnokpp_refused", forms.ValidationError(_("Either give the taxpayer number or tick the refusal, not both."),
                                                                code=PrimaryErrorCode.RNOKPP_AND_REFUSAL.value))
        elif not (data.get("rnokpp") or data.get("rnokpp_refused") or certificate) and "rnokpp" not in self.errors \
                and not self._certificate_errors():
            if self.representative:
                self.add_error("rnokpp", forms.ValidationError(_(
                    "Enter the taxpayer number (РНОКПП). A child who has none: give the birth certificate series "
                    "and number. An adult who refused it on religious grounds: tick the box."),
                    code=PrimaryErrorCode.RNOKPP_OR_CERTIFICATE_REQUIRED.value))
            else:
                self.add_error("rnokpp", forms.ValidationError(_(
                    "Enter the taxpayer number (РНОКПП), or tick the box if the person refused it and has a mark "
                    "in the passport."), code=PrimaryErrorCode.RNOKPP_REQUIRED.value))
        data["birth_certificate"] = certificate
        return data

    def _certificate_errors(self) -> bool:
        return "birth_certificate_series" in self.errors or "birth_certificate_number" in self.errors

    def _clean_birth_certificate(self, data) -> tuple[str, str] | None:
        """The child's birth certificate as (series, number), when given and right."""
        series = (data.get("birth_certificate_series") or "").strip()
        number = (data.get("birth_certificate_number") or "").strip().replace(" ", "")
        if not series and not number:
            return None
        if data.get("rnokpp") or data.get("rnokpp_refused"):
            self.add_error("birth_certificate_series", forms.ValidationError(_(
                "Give the birth certificate here only for a child who has no taxpayer number. "
                "Leave the series and number empty: you give the document on a later step."),
                code=PrimaryErrorCode.CERTIFICATE_NOT_FOR_THIS_PERSON.value))
            return None
        born = data.get("date_of_birth")
        if born:
            today = timezone.localdate()
            age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
            if age >= ADULT_AGE:
                self.add_error("birth_certificate_series", forms.ValidationError(_(
                    "The birth certificate replaces the taxpayer number only for a child under 18. "
                    "For an adult enter the taxpayer number (РНОКПП), or tick the refusal."),
                    code=PrimaryErrorCode.CERTIFICATE_FOR_ADULT.value))
                return None
        errors = validators.validate_child_birth_certificate(series, number)
        if not series:
            errors["series"] = forms.ValidationError(_("Enter the series of the birth certificate, for example I-КВ."),
                                                     code=PrimaryErrorCode.CERTIFICATE_SERIES_REQUIRED.value)
        for field, error in errors.items():
            self.add_error(f"birth_certificate_{field}", error)
        if errors:
            return None
        return validators.normalize_birth_certificate_series(series), number

    def answers(self) -> dict:
        """What this step saves: the model fields, and a child's birth certificate as the
        identity document (the identity step is then not asked)."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        certificate = self.cleaned_data.get("birth_certificate")
        if certificate:
            data.update(identity_kind=IdentityDocument.Kind.BIRTH_CERTIFICATE, identity_series=certificate[0],
                        identity_number=certificate[1])
        elif self.representative and self.instance.uses_birth_certificate:
            # The certificate was cleared: the identity step asks for the document again.
            data.update(identity_kind="", identity_series="", identity_number="")
        return data


class AddressStepForm(StepForm):
    territory = PlaceField(
        label=_("Settlement"), search_url=reverse_lazy("primary:places"),
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
            raise forms.ValidationError(_("A postcode has 5 digits, for example 01001."), code=PrimaryErrorCode.POSTCODE.value)
        return value


class OfficeChoiceField(forms.ModelChoiceField):
    """Offices named by their territory ("Шевченківський район, м. Київ"), in Ukrainian
    alphabetical order."""

    def label_from_instance(self, obj):
        return registry_selectors.place_label(obj.territory) if obj.territory_id else obj.name

    def _get_choices(self):
        return sorted_uk(super()._get_choices(), key=lambda choice: choice[1])

    choices = property(_get_choices, forms.ModelChoiceField.choices.fset)


class OfficeStepForm(Form):
    """Only when the address does not decide the office. Either a short list — the offices
    of the address's city or region, as radio buttons — or, where the region has none
    (temporarily occupied), the place where the person lives now, which decides it."""

    office = OfficeChoiceField(
        label=_("Social protection office"), queryset=Organization.objects.none(), required=False,
        widget=forms.RadioSelect, empty_label=None,
        help_text=_("The office that will review the application and keep your record."),
        error_messages={"required": _("Choose the social protection office.")},
    )
    current_place = PlaceField(
        label=_("Where does the person live now?"), required=False, search_url=reverse_lazy("primary:places"),
        help_text=_("The settlement where the person lives now, for example where they are registered as an "
                    "internally displaced person. Its social protection office will review the application."),
    )

    def __init__(self, *args, offices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if offices is not None and offices.exists():
            self.fields["office"].queryset = offices
            self.fields["office"].required = True
            del self.fields["current_place"]
        else:
            self.fields["current_place"].required = True
            self.fields["current_place"].error_messages["required"] = _(
                "Type the settlement where the person lives now, for example Бровари.")
            del self.fields["office"]

    def clean(self):
        data = super().clean()
        if "current_place" in self.fields and data.get("current_place"):
            from .selectors import office_for_territory

            office = office_for_territory(data["current_place"])
            if office is None:
                self.add_error("current_place", forms.ValidationError(_(
                    "We could not find the office for this place. Type the settlement or, in a city with "
                    "districts, the city district, for example Шевченківський район, м. Київ."),
                    code=PrimaryErrorCode.NO_OFFICE_FOR_PLACE.value))
            data["office"] = office
        return data


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
        return _no_future(self.cleaned_data.get("identity_issued_on"), _("The date of issue cannot be in the future."),
                          PrimaryErrorCode.ISSUE_DATE_FUTURE)

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance is not None and instance.uses_birth_certificate and not instance.authority_document \
                and not self.is_bound:
            # A parent's authority is the child's birth certificate, already given: not typed twice.
            self.initial["authority_document"] = "birth_certificate"
            if not instance.authority_document_number:
                self.initial["authority_document_number"] = instance.birth_certificate

    def clean_rep_rnokpp(self):
        value = validators.normalize_rnokpp(self.cleaned_data.get("rep_rnokpp") or "")
        if value:
            validators.validate_rnokpp(value)
        return value

    def clean_rep_phone(self):
        return validators.normalize_phone(self.cleaned_data.get("rep_phone"))

    def clean_authority_document_date(self):
        return _no_future(self.cleaned_data.get("authority_document_date"),
                          _("The date of the document cannot be in the future."), PrimaryErrorCode.AUTHORITY_DATE_FUTURE)


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
        return _no_future(self.cleaned_data.get("right_date"), _("The date of the conclusion cannot be in the future."),
                          PrimaryErrorCode.CONCLUSION_DATE_FUTURE)


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
