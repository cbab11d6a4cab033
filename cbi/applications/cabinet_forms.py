"""Forms of the cabinet's application pages (one question per page where that helps).

Radio options can carry a hint (``Choice``): the hint is shown under the option and the
radio points at it with ``aria-describedby``, so a screen reader reads it with the option.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cbi.catalogue.models import Supplier
from cbi.documents.forms import DocumentUploadField
from cbi.documents.models import Document
from cbi.organizations.models import Organization
from cbi.web.collation import CollatedModelChoiceIterator, sorted_choices, sorted_uk
from cbi.web.forms import DateField, Form

from .error_codes import PURCHASE_DATE_FUTURE, ApplicationsErrorCode
from .kinds import PROFILES
from .models import ProductApplication

# What the person wants, on the first page; "get" asks next whether they bought it already.
GET_PRODUCT = "get"


@dataclass(frozen=True)
class Choice:
    """A radio option's text with a hint (and an optional link) under it."""

    label: str
    hint: str = ""
    link: str = ""
    link_text: str = ""

    def __str__(self) -> str:
        return str(self.label)


class HintedRadioSelect(forms.RadioSelect):
    option_template_name = "applications/cabinet/widgets/hinted_option.html"

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if isinstance(label, Choice) and label.hint and option["attrs"].get("id"):
            hint_id = f"{option['attrs']['id']}_hint"
            option["hint_id"] = hint_id
            described = option["attrs"].get("aria-describedby", "")
            option["attrs"]["aria-describedby"] = f"{hint_id} {described}".strip()
        return option


class HintedModelChoiceField(forms.ModelChoiceField):
    widget = HintedRadioSelect
    iterator = CollatedModelChoiceIterator

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", None)
        super().__init__(*args, **kwargs)
        self._choice = None

    def label_from_instance(self, obj):
        return self._choice(obj) if self._choice else super().label_from_instance(obj)


class WhatForm(Form):
    what = forms.ChoiceField(
        label=_("What do you want to do?"), widget=HintedRadioSelect,
        choices=[
            (GET_PRODUCT, Choice(_("Get an assistive product"),
                                 _("A product from the state, or compensation if you already bought it yourself."))),
            *((kind, Choice(p.start_label, p.start_hint)) for kind, p in PROFILES.items() if p.start_label),
        ],
        error_messages={"required": _("Choose what you want to do.")},
    )

    def __init__(self, *args, has_products: bool, has_applications: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_products, self.has_applications = has_products, has_applications

    def clean_what(self):
        what = self.cleaned_data["what"]
        if what in PROFILES and PROFILES[what].starts_from_issued_product and not self.has_products:
            raise forms.ValidationError(_(
                "There is no product in ЦБІ that you received and could replace or repair. If you received "
                "one earlier, ask your social protection office to record it. You can apply to get a product."),
                code=ApplicationsErrorCode.NO_PRODUCT_TO_REPLACE.value)
        if what in PROFILES and PROFILES[what].updates_documents and not self.has_applications:
            raise forms.ValidationError(_(
                "You have no filed application that is still open. Documents can be updated only for an "
                "application that is not closed or withdrawn."),
                code=ApplicationsErrorCode.NO_OPEN_APPLICATION.value)
        return what


class BoughtForm(Form):
    bought = forms.ChoiceField(
        label=_("Have you already bought the product yourself?"), widget=HintedRadioSelect,
        choices=[
            ("no", Choice(_("No, I want to get it from the state"),
                          _("The office checks the documents, the branch of the Fund decides, and an enterprise "
                            "you choose provides it."))),
            ("yes", Choice(_("Yes, I bought it and want compensation"),
                           _("You will need the receipt or invoice and the amount you paid."))),
        ],
        error_messages={"required": _("Choose whether you have already bought the product.")},
    )


def _region_name(office: Organization) -> str:
    parent = office.parent
    if parent is not None and parent.territory_id:
        return parent.territory.full_name
    return parent.name if parent is not None else ""


class OfficeForm(Form):
    office = forms.TypedChoiceField(
        label=_("Social protection office"),
        help_text=_("Offices are grouped by region. Your own office is chosen already: change it only if you "
                    "want another office to handle the application."),
        error_messages={"required": _("Choose the social protection office.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offices = (Organization.objects.filter(kind=Organization.Kind.SOCIAL_PROTECTION_OFFICE)
                   .select_related("parent__territory").order_by("parent__territory__name", "name"))
        self._offices = {str(o.pk): o for o in offices}
        groups: dict[str, list] = {}
        for office in offices:
            groups.setdefault(_region_name(office), []).append((str(office.pk), office.name))
        self.fields["office"].choices = [("", _("Choose an office"))] + [
            (region, sorted_choices(options, last=())) for region, options in sorted_uk(groups.items(), key=lambda g: g[0])]
        self.fields["office"].coerce = lambda value: self._offices[value]


class GroupForm(Form):
    group = forms.ModelChoiceField(
        label=_("Product group"), queryset=None, empty_label=_("Choose a group"),
        help_text=_("For example, wheelchairs, hearing aids or prostheses."),
        error_messages={"required": _("Choose the product group.")},
    )

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups


def _years(value) -> str:
    return f"{value.normalize():f}".replace(".", ",")


class _PickForm(Form):
    """One radio question over a queryset; ``choice(obj)`` gives each option its text and hint."""

    field_name = ""

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields[self.field_name]
        field.queryset = queryset
        field._choice = self.choice

    def choice(self, obj) -> Choice:
        raise NotImplementedError


class ProductForm(_PickForm):
    field_name = "product"
    product = HintedModelChoiceField(label=_("Which product do you need?"), queryset=None,
                                     error_messages={"required": _("Choose the product.")})

    def __init__(self, *args, catalogue_url, **kwargs):
        self.catalogue_url = catalogue_url
        super().__init__(*args, **kwargs)

    def choice(self, product) -> Choice:
        return Choice(product.display_name,
                      _("%(description)s Service life: %(years)s years.") % {
                          "description": product.display_description, "years": _years(product.service_life_years)},
                      link=self.catalogue_url(product), link_text=_("More in the catalogue"))


class IssuedProductForm(_PickForm):
    field_name = "issued_product"
    issued_product = HintedModelChoiceField(label=_("Which product is it about?"), queryset=None,
                                            error_messages={"required": _("Choose the product you have.")})

    def choice(self, issued) -> Choice:
        return Choice(issued.product.display_name,
                      _("Received on %(received)s. Replacement possible from %(possible)s.") % {
                          "received": issued.issued_on.strftime("%d.%m.%Y"),
                          "possible": issued.replacement_possible_on.strftime("%d.%m.%Y")})


class RelatedApplicationForm(_PickForm):
    field_name = "related_application"
    related_application = HintedModelChoiceField(
        label=_("Which application are the documents for?"), queryset=None,
        error_messages={"required": _("Choose the application the documents are for.")})

    def choice(self, application) -> Choice:
        return Choice(f"{application.reference}: {application.the_product or ''}",
                      _("%(kind)s, filed on %(date)s, status: %(status)s.") % {
                          "kind": str(application.get_kind_display()).capitalize(),
                          "date": application.submitted_at.strftime("%d.%m.%Y"),
                          "status": application.get_status_display()})



AMOUNT_RE = re.compile(r"^\d+(\.\d{1,2})?$")


def parse_amount(text: str) -> Decimal:
    """Hryvnias as people write them: "9 200,50", "9200.50", "9 200 грн"."""
    cleaned = re.sub(r"[\s\u00a0\u202f\u2009']", "", str(text or ""))
    cleaned = re.sub(r"(грн\.?|uah|₴)$", "", cleaned, flags=re.IGNORECASE).replace(",", ".")
    if not AMOUNT_RE.match(cleaned):
        raise forms.ValidationError(_("Enter the amount in hryvnias with digits, for example 9 200,50."),
                                    code=ApplicationsErrorCode.AMOUNT_INVALID.value)
    value = Decimal(cleaned)
    if value <= 0:
        raise forms.ValidationError(_("The amount must be more than zero."), code=ApplicationsErrorCode.AMOUNT_NOT_POSITIVE.value)
    if value >= Decimal("100000000"):
        raise forms.ValidationError(_("The amount is too large. Check it against the receipt."),
                                    code=ApplicationsErrorCode.AMOUNT_TOO_LARGE.value)
    return value


class AmountField(forms.Field):
    widget = forms.TextInput

    def to_python(self, value):
        value = str(value or "").strip()
        return parse_amount(value) if value else None

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{value:.2f}".replace(".", ",")
        return value


class DetailsForm(Form):
    """The details of the request; the fields depend on the kind of application."""

    replacement_reason = forms.ChoiceField(label=_("Why does the product need replacing?"),
                                           widget=forms.RadioSelect, choices=ProductApplication.ReplacementReason.choices,
                                           error_messages={"required": _("Choose the reason for the replacement.")})
    request_text = forms.CharField(label=_("What do you ask for?"), max_length=4000,
                                   widget=forms.Textarea(attrs={"rows": 5}))
    purchase_amount = AmountField(
        label=_("Amount paid, UAH"),
        help_text=_("As on the receipt, in hryvnias, for example 9 200,50."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "maxlength": "30"}),
        error_messages={"required": _("Enter the amount you paid.")},
    )
    purchase_date = DateField(label=_("Date of purchase"), help_text=_("As on the receipt."),
                              error_messages={"required": _("Enter the date of purchase.")})
    seller = forms.CharField(label=_("Seller"), max_length=255, required=False,
                             help_text=_("The shop or the entrepreneur (ФОП) named on the receipt."))

    def __init__(self, *args, application: ProductApplication, check=None, **kwargs):
        super().__init__(*args, **kwargs)
        profile = application.profile
        self.check = check
        if not profile.asks_replacement_reason:
            del self.fields["replacement_reason"]
        elif check is not None and check.early:
            self.fields["replacement_reason"].choices = [
                c for c in ProductApplication.ReplacementReason.choices
                if c[0] != ProductApplication.ReplacementReason.SERVICE_LIFE_ENDED]
        if not profile.asks_purchase:
            for name in ("purchase_amount", "purchase_date", "seller"):
                del self.fields[name]
        text = self.fields["request_text"]
        text.help_text = profile.request_help
        text.required = profile.request_required_now(early=check is not None and check.early)
        if profile.request_label is not None:
            text.label = profile.request_label
        if profile.request_required_message is not None:
            text.error_messages["required"] = profile.request_required_message

    def clean_purchase_date(self):
        value = self.cleaned_data.get("purchase_date")
        if value and value > timezone.localdate():
            raise forms.ValidationError(PURCHASE_DATE_FUTURE, code=ApplicationsErrorCode.PURCHASE_DATE_FUTURE.value)
        return value


def document_kinds(application: ProductApplication, *, representative: bool) -> list:
    """Kinds of file that fit the application, the one most needed first."""
    kinds = [Document.Kind(k) for k in application.profile.document_kinds]
    if representative:
        kinds.insert(-1, Document.Kind.AUTHORITY_PROOF)
    return [(k.value, str(k.label).capitalize()) for k in kinds]


class UploadForm(Form):
    kind = forms.ChoiceField(label=_("What is this document?"), widget=forms.RadioSelect,
                             error_messages={"required": _("Choose what the document is.")})
    file = DocumentUploadField(label=_("File with the scan or photo"))

    def __init__(self, *args, kinds, file_required: bool = True, swapping=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds
        self.fields["file"].required = file_required
        if swapping is not None:  # "Replace": the new file takes the old one's kind
            del self.fields["kind"]
            self.fields["file"].label = _("New file instead of “%(name)s”") % {"name": swapping.original_name}

    def clean(self):
        data = super().clean()
        # What the document is matters only when a file is chosen ("Continue" with no file is fine).
        if "kind" in self._errors and not data.get("file") and "file" not in self._errors:
            del self._errors["kind"]
        return data


class NewVersionForm(Form):
    file = DocumentUploadField(label=_("File with the new version"))


class AnswerForm(Form):
    answer = forms.CharField(
        label=_("Your answer to the office"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Write what the office asked for, or what you sent as files."),
    )


class WithdrawForm(Form):
    reason = forms.CharField(label=_("Why are you withdrawing the application?"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("This helps the office, but you do not have to say."))


RATINGS = [
    ("1", _("1 — very bad")), ("2", _("2 — bad")), ("3", _("3 — neither good nor bad")),
    ("4", _("4 — good")), ("5", _("5 — very good")),
]


class SurveyForm(Form):
    rating = forms.TypedChoiceField(label=_("How would you rate the provision and the service?"),
                                    widget=forms.RadioSelect, choices=RATINGS, coerce=int,
                                    error_messages={"required": _("Choose a rating from 1 to 5.")})
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("What was good, and what should be better? Do not write health details."))


class EnterpriseForm(Form):
    """The person chooses the enterprise that will make or supply the product (issue #16 §1)."""

    enterprise = forms.ModelChoiceField(
        label=_("Which enterprise do you choose?"), queryset=Supplier.objects.none(), widget=forms.RadioSelect,
        empty_label=None,
        help_text=_("Enterprises that make or supply this product and work with electronic referrals. The branch "
                    "of the Fund issues the referral to the one you choose; the enterprise then contacts you."),
        error_messages={"required": _("Choose the enterprise."), "invalid_choice": _("Choose the enterprise.")})

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises
        self.fields["enterprise"].label_from_instance = lambda obj: ", ".join(
            part for part in (obj.name, obj.address, obj.phone) if part)
