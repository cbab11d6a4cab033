"""Back-office forms for assistive-product applications: the work list's filters, the
confirmation of a step, a paper application and a product received earlier."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cbi.catalogue.models import Product, Supplier
from cbi.documents.forms import DocumentUploadField
from cbi.documents.models import Document
from cbi.registry.selectors import offices_visible_to
from cbi.web.forms import DateField, Form

from . import right, workflow
from .error_codes import PURCHASE_DATE_FUTURE, RIGHT_DATE_FUTURE, ApplicationsErrorCode
from .kinds import KIND_LABELS, PROFILES, profile
from .models import STATUS_LABELS, ProductApplication, RightEvent

MAX_TEXT = 4000


class WorkListFilterForm(Form):
    """GET filters; ``office`` only for readers who see more than one office."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    kind = forms.ChoiceField(label=_("Kind of application"), required=False)
    office = forms.ModelChoiceField(label=_("Social protection office"), required=False, queryset=None,
                                    empty_label=_("All offices"))
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Everything the office has to act on"))] + [
            (s, str(STATUS_LABELS[s]).capitalize()) for s in workflow.STATUSES if s != workflow.DRAFT]
        self.fields["kind"].choices = [("", _("All kinds"))] + [
            (k, str(KIND_LABELS[k]).capitalize()) for k in workflow.KINDS]
        offices = offices_visible_to(user)
        if offices.count() > 1:
            self.fields["office"].queryset = offices.order_by("name")
        else:
            del self.fields["office"]


def product_choices(products=None) -> list:
    """Active catalogue products grouped by their group (``<optgroup>``)."""
    products = (products if products is not None else Product.objects.filter(is_active=True)).select_related(
        "group").order_by("group__iso_code", "iso_code", "name")
    grouped: dict = {}
    for product in products:
        grouped.setdefault(str(product.group), []).append((product.pk, f"{product.iso_code} {product.display_name}"))
    return [("", _("Choose the product"))] + list(grouped.items())


class ProductField(forms.TypedChoiceField):
    """A select of active products, grouped; ``cleaned_data`` holds the ``Product``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, coerce=int, empty_value=None, **kwargs)
        self.choices = product_choices

    def clean(self, value):
        pk = super().clean(value)
        return Product.objects.filter(pk=pk, is_active=True).first() if pk else None


class ActionForm(Form):
    """The confirmation of one step. Fields appear where the step needs them."""

    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), max_length=MAX_TEXT)
    approved_amount = forms.DecimalField(label=_("Compensation approved, UAH"), min_value=Decimal("0.01"),
                                         max_digits=10, decimal_places=2,
                                         help_text=_("Prefilled with the amount the person paid. Change it if the "
                                                     "office approves less."))
    supplier = forms.ModelChoiceField(label=_("Supplier"), required=False, queryset=Supplier.objects.none(),
                                      empty_label=_("Not chosen yet"))

    REASON_LABELS = {
        workflow.REQUEST_INFORMATION: (_("What the person needs to provide"),
                                       _("The person sees this text in the cabinet and in the e-mail. Name each "
                                         "document or detail needed.")),
        workflow.APPROVE: (_("Reasons for the decision"), _("The reasons are printed in the decision letter.")),
        workflow.REFUSE: (_("Reasons for the refusal"),
                          _("Explain why the application is refused. The reasons are printed in the decision "
                            "letter with how to appeal.")),
        workflow.MARK_READY: (_("Where and when to pick it up"),
                              _("For example: the address, the days and the hours, what to bring.")),
        workflow.WITHDRAW: (_("Why the application is withdrawn"),
                            _("For example: the person's written request of 12.03.2026.")),
    }

    def __init__(self, *args, application: ProductApplication, action: str, rule: workflow.Transition,
                 suppliers=None, **kwargs):
        initial = kwargs.setdefault("initial", {})
        approves_amount = action == workflow.APPROVE and application.profile.officer_approves_amount
        if approves_amount:
            initial.setdefault("approved_amount", application.purchase_amount)
        super().__init__(*args, **kwargs)
        label, hint = self.REASON_LABELS.get(action, (_("Comment"), _("Seen in the application's history.")))
        reason = self.fields["reason"]
        reason.label, reason.help_text, reason.required = label, hint, rule.reason_required
        if reason.required:
            reason.error_messages["required"] = {
                workflow.REQUEST_INFORMATION: _("Write what the person needs to provide."),
                workflow.APPROVE: _("Write the reasons for the decision."),
                workflow.REFUSE: _("Write the reasons for the refusal."),
                workflow.MARK_READY: _("Write where and when the person can pick it up."),
            }.get(action, _("Write the reason."))
        if not approves_amount:
            del self.fields["approved_amount"]
        else:
            self.fields["approved_amount"].error_messages["required"] = _("Enter the amount of compensation "
                                                                          "approved.")
        if action == workflow.START_FULFILMENT and suppliers is not None:
            self.fields["supplier"].queryset = suppliers
            self.fields["supplier"].help_text = _("Suppliers of this product serving the person's region.")
        else:
            del self.fields["supplier"]


class PaperApplicationForm(Form):
    """An application the person handed in on paper, entered by the officer on one page."""

    KIND_CHOICES = [(k, str(KIND_LABELS[k]).capitalize()) for k in workflow.KINDS]
    REPLACEMENT_REASONS = [("", _("Choose the reason"))] + list(ProductApplication.ReplacementReason.choices)

    kind = forms.ChoiceField(label=_("What the person applies for"), choices=KIND_CHOICES, widget=forms.RadioSelect)
    product = ProductField(label=_("Product (provision or compensation)"), required=False)
    issued_product = forms.ModelChoiceField(label=_("The product the person has (replacement or repair)"),
                                            required=False, queryset=None, empty_label=_("Choose the product"))
    related_application = forms.ModelChoiceField(label=_("Application the new documents are for"),
                                                 required=False, queryset=None,
                                                 empty_label=_("Choose the application"))
    request_text = forms.CharField(label=_("What the person asks for"), required=False, max_length=MAX_TEXT,
                                   widget=forms.Textarea(attrs={"rows": 5}),
                                   help_text=_("As written in the application. For a repair: what is broken."))
    replacement_reason = forms.ChoiceField(label=_("Reason for replacement"), required=False,
                                           choices=REPLACEMENT_REASONS)
    purchase_amount = forms.DecimalField(label=_("Amount paid, UAH (compensation)"), required=False,
                                         min_value=Decimal("0.01"), max_digits=10, decimal_places=2)
    purchase_date = DateField(label=_("Date of purchase (compensation)"), required=False)
    seller = forms.CharField(label=_("Seller (compensation)"), required=False, max_length=255)
    # Any office or ЦНАП may receive it (issue #16 §1); it is still handled by this office.
    filed_via = forms.ChoiceField(
        label=_("Where the application was handed in"), required=False, widget=forms.RadioSelect,
        initial=ProductApplication.FiledVia.PAPER,
        choices=[(ProductApplication.FiledVia.PAPER, _("at a social protection office")),
                 (ProductApplication.FiledVia.CNAP, ProductApplication.FiledVia.CNAP.label)])
    place_of_receipt = forms.CharField(
        label=_("Name of the office or ЦНАП that received it"), required=False, max_length=255,
        help_text=_("Leave empty when it was handed in at this office."))
    programme = DocumentUploadField(label=_("Individual rehabilitation programme or medical recommendation"),
                                    required=False)
    receipt = DocumentUploadField(label=_("Receipt or invoice (compensation)"), required=False)
    photo = DocumentUploadField(label=_("Photo of the product or its damage"), required=False)

    #: The file fields and the kind of document each one stores.
    FILE_KINDS = {"programme": Document.Kind.REHABILITATION_PROGRAMME, "receipt": Document.Kind.PURCHASE_RECEIPT,
                  "photo": Document.Kind.PRODUCT_PHOTO}

    def __init__(self, *args, person, issued_products, applications, held=None, replacing=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        for name in self.FILE_KINDS:  # a scan held from an earlier try: shown by name and size
            self.fields[name].stored = (held or {}).get(name)
            self.fields[name].replacing = name in replacing
        self.fields["issued_product"].queryset = issued_products
        self.fields["issued_product"].label_from_instance = lambda i: (
            f"{i.product.display_name}, {i.issued_on:%d.%m.%Y}" + (f", № {i.serial_number}" if i.serial_number else ""))
        self.fields["related_application"].queryset = applications
        self.fields["related_application"].label_from_instance = lambda a: (
            f"{a.reference}: {a.profile.label}" + (f", {a.the_product.display_name}" if a.the_product else ""))
        self.fields["product"].error_messages["required"] = _("Choose the product.")

    def clean_purchase_date(self):
        value = self.cleaned_data.get("purchase_date")
        if value and value > timezone.localdate():
            raise ValidationError(PURCHASE_DATE_FUTURE, code=ApplicationsErrorCode.PURCHASE_DATE_FUTURE.value)
        return value

    def files_to_store(self) -> list[tuple[str, object]]:
        """(document kind, held upload) for every scan held; the view holds each new one first."""
        return [(kind, self.fields[name].stored) for name, kind in self.FILE_KINDS.items()
                if self.fields[name].stored is not None]

    def draft_fields(self) -> dict:
        """The answers that go on the application for its kind (the others are dropped)."""
        data, kind_profile = self.cleaned_data, profile(self.cleaned_data["kind"])
        fields = {"request_text": data["request_text"].strip(), kind_profile.subject: data[kind_profile.subject],
                  "filed_via": data.get("filed_via") or ProductApplication.FiledVia.PAPER,
                  "place_of_receipt": (data.get("place_of_receipt") or "").strip()}
        if kind_profile.asks_replacement_reason:
            fields["replacement_reason"] = data["replacement_reason"]
        if kind_profile.asks_purchase:
            fields.update(purchase_amount=data["purchase_amount"], purchase_date=data["purchase_date"],
                          seller=data["seller"].strip())
        return fields

    def field_for_step(self, step: str) -> str | None:
        """The field that gets a message of missing_answers for ``step``: the subject's field, the
        file field of the required document (any file field when any new document will do)."""
        kind = self.cleaned_data.get("kind")
        if kind not in PROFILES:
            return None
        kind_profile = PROFILES[kind]
        if step == "product":
            return kind_profile.subject
        if step == "documents" and kind_profile.required_document is not None:
            by_kind = {document_kind: name for name, document_kind in self.FILE_KINDS.items()}
            return by_kind.get(kind_profile.required_document, "programme")
        return None


class IssuedProductForm(Form):
    """A product the person received before (from the office's paper records)."""

    product = ProductField(label=_("Product"))
    issued_on = DateField(label=_("Received on"))
    serial_number = forms.CharField(label=_("Serial number"), required=False, max_length=60)

    def clean_issued_on(self):
        value = self.cleaned_data["issued_on"]
        if value > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."), code=ApplicationsErrorCode.ISSUE_DATE_FUTURE.value)
        return value


class RightEventForm(Form):
    """An event that ends or suspends the person's right to assistive products (AP-RIGHT-1, 2)."""

    ground = forms.ChoiceField(label=_("What happened"), widget=forms.RadioSelect,
                               choices=[(g, RightEvent.Ground(g).label) for g in right.RECORDABLE])
    source_document = forms.CharField(label=_("Document"), max_length=255,
                                      help_text=_("The document the event is recorded from: its name, series and "
                                                  "number. For example: death certificate I-БК № 123456."))
    source_date = DateField(label=_("Date of the document"))
    suspended_until = DateField(label=_("Suspended until"), required=False,
                                help_text=_("Only when a product was sold, given or handed to others: the end of the "
                                            "next term of use of that product, if known."))
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_source_date(self):
        value = self.cleaned_data["source_date"]
        if value > timezone.localdate():
            raise ValidationError(RIGHT_DATE_FUTURE, code=ApplicationsErrorCode.RIGHT_DATE_FUTURE.value)
        return value


class RightLiftForm(Form):
    """Lifting a suspension of the right (AP-RIGHT-3), from its own document."""

    source_document = forms.CharField(label=_("Document"), max_length=255,
                                      help_text=_("The document the suspension is lifted on: its name and number."))
    source_date = DateField(label=_("Date of the document"))
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    clean_source_date = RightEventForm.clean_source_date


# --- Electronic referrals (issue #16 §1) ------------------------------------------------------------

class EnterpriseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        contacts = ", ".join(c for c in (obj.address, obj.phone) if c)
        return f"{obj.name} ({contacts})" if contacts else obj.name


class ReferralIssueForm(Form):
    """The branch issues an electronic referral to one of the product's enterprises (the person's
    choice preselected)."""

    enterprise = EnterpriseChoiceField(label=_("Enterprise"), queryset=Supplier.objects.none(),
                                       widget=forms.RadioSelect, empty_label=None,
                                       help_text=_("Enterprises that make or supply this product and work with "
                                                   "electronic referrals. The person's choice is preselected."),
                                       error_messages={"required": _("Choose the enterprise."),
                                                       "invalid_choice": _("Choose the enterprise.")})

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises


class ReferralReasonForm(Form):
    """Why a referral is cancelled (the branch) or declined (the enterprise)."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4}), max_length=MAX_TEXT,
                             help_text=_("The person sees this text in the cabinet and in the e-mail."),
                             error_messages={"required": _("Write the reason.")})


class DeliveryForm(Form):
    """The enterprise records the delivery: date, serial number and the act of delivery."""

    delivered_on = DateField(label=_("Date of delivery"))
    serial_number = forms.CharField(label=_("Serial number"), max_length=60,
                                    error_messages={"required": _("Enter the product's serial number.")})
    act = DocumentUploadField(label=_("Act of delivery"),
                              help_text=_("The scan of the act signed by the person or their representative."))

    def __init__(self, *args, held=None, replacing=(), **kwargs):
        super().__init__(*args, **kwargs)
        stored = (held or {}).get("act")  # the act held from an earlier try: shown by name and size
        self.fields["act"].stored, self.fields["act"].replacing = stored, "act" in replacing
        self.fields["act"].required = stored is None or "act" in replacing
