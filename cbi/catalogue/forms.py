from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cbi.web.collation import CollatedModelChoiceIterator
from cbi.web.forms import Form, ModelForm

from . import selectors
from .error_codes import CatalogueErrorCode
from .models import Product, ProductGroup, Supplier


class GroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ProductGroup) -> str:
        return f"{obj.iso_code} {obj.display_name}"


class RegionChoiceField(forms.ModelChoiceField):
    iterator = CollatedModelChoiceIterator  # Івано-Франківська after Закарпатська, not after Я

    def label_from_instance(self, obj) -> str:
        return obj.full_name


class RegionsField(forms.ModelMultipleChoiceField):
    iterator = CollatedModelChoiceIterator

    def label_from_instance(self, obj) -> str:
        return obj.full_name


class CatalogueFilterForm(Form):
    """The public catalogue's filters (GET): text, group, region."""

    q = forms.CharField(label=_("Name, ISO code or words from the description"), required=False, max_length=100)
    group = GroupChoiceField(label=_("Product group"), queryset=ProductGroup.objects.all(), required=False,
                             empty_label=_("All groups"))
    region = RegionChoiceField(label=_("Region"), queryset=selectors.region_choices(), required=False,
                               to_field_name="code", empty_label=_("All regions"),
                               help_text=_("Shows products that a supplier delivers or repairs in this region."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["type"] = "search"

    def filters(self) -> dict:
        """The valid filters (an invalid one is ignored and shown as an error)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: self.cleaned_data[k] for k in ("q", "group", "region") if self.cleaned_data.get(k)}


class SupplierFilterForm(Form):
    region = RegionChoiceField(label=_("Region"), queryset=selectors.region_choices(), required=False,
                               to_field_name="code", empty_label=_("All regions"))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[
        ("", _("Manufacturers and service providers")),
        (Supplier.Kind.MANUFACTURER, _("Manufacturers")),
        (Supplier.Kind.SERVICE_PROVIDER, _("Service providers (repairs, fitting)")),
    ])

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: self.cleaned_data[k] for k in ("region", "kind") if self.cleaned_data.get(k)}


class StaffProductFilterForm(Form):
    q = forms.CharField(label=_("Name or ISO code"), required=False, max_length=100)
    group = GroupChoiceField(label=_("Product group"), queryset=ProductGroup.objects.all(), required=False,
                             empty_label=_("All groups"))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[
        ("", _("Active and deactivated")), ("active", _("Active only")), ("inactive", _("Deactivated only"))])

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {("query" if k == "q" else k): self.cleaned_data[k] for k in ("q", "group", "status")
                if self.cleaned_data.get(k)}


ISO_HINT = _("Two-digit numbers separated by spaces, as in ISO 9999, for example 12 22 03.")


class ProductGroupForm(ModelForm):
    class Meta:
        model = ProductGroup
        fields = ["iso_code", "name", "name_en", "description", "description_en"]
        help_texts = {"iso_code": _("The ISO 9999 class or subclass, for example 12 22.")}
        widgets = {"description": forms.Textarea(attrs={"rows": 3}),
                   "description_en": forms.Textarea(attrs={"rows": 3})}

    def _post_clean(self):
        # The service validates the model (with the normalized ISO code) and saves.
        pass


class ProductForm(ModelForm):
    group = GroupChoiceField(label=_("Product group"), queryset=ProductGroup.objects.all())

    class Meta:
        model = Product
        fields = ["group", "iso_code", "name", "name_en", "description", "description_en", "service_life_years"]
        help_texts = {
            "iso_code": ISO_HINT,
            "description": _("One or two plain sentences: who the product helps and what it does."),
            "service_life_years": _("After this many years a person may apply for a replacement, for example 4 "
                                    "or 1.5."),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3}),
                   "description_en": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_life_years"].widget.attrs.update({"inputmode": "decimal", "step": "0.5"})
        self.fields["service_life_years"].error_messages.update({
            "invalid": _("Write the service life as a number of years, for example 4 or 1.5."),
            "min_value": _("The service life must be more than zero years."),
        })
        self.fields["service_life_years"].min_value = None

    def clean_service_life_years(self):
        value = self.cleaned_data["service_life_years"]
        if value is not None and value <= 0:
            raise forms.ValidationError(_("The service life must be more than zero years."),
                                        code=CatalogueErrorCode.SERVICE_LIFE_NOT_POSITIVE.value)
        return value

    def _post_clean(self):
        # The service validates the model (with the normalized ISO code) and saves.
        pass


class GroupedCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes whose option groups are nested fieldsets with a legend."""

    template_name = "catalogue/widgets/grouped_checkboxes.html"


class SupplierForm(ModelForm):
    regions = RegionsField(label=_("regions served"), queryset=selectors.region_choices(), required=False,
                           widget=forms.CheckboxSelectMultiple)
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https",
                             help_text=_("For example https://example.com."))
    products = forms.ModelMultipleChoiceField(label=_("products supplied or serviced"), required=False,
                                              queryset=Product.objects.all(), widget=GroupedCheckboxSelectMultiple)

    class Meta:
        model = Supplier
        fields = ["name", "kind", "edrpou", "regions", "address", "phone", "email", "website", "products"]
        widgets = {"kind": forms.RadioSelect}
        help_texts = {"edrpou": _("8 digits. Leave empty if you do not know it."),
                      "phone": _("For example +380 44 123 45 67.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(Supplier.Kind.choices)
        grouped: dict[str, list] = {}
        for product in Product.objects.select_related("group").order_by("group__iso_code", "iso_code", "name"):
            label = f"{product.iso_code} {product.display_name}"
            if not product.is_active:
                label = _("%(product)s (deactivated)") % {"product": label}
            grouped.setdefault(str(product.group), []).append((product.pk, label))
        self.fields["products"].choices = list(grouped.items())
        self.fields["regions"].error_messages["invalid_choice"] = _("Choose oblasts or the city of Kyiv only.")

    def clean_edrpou(self):
        value = self.cleaned_data["edrpou"].strip()
        if value and not (value.isdigit() and len(value) == 8):
            raise forms.ValidationError(_("The EDRPOU code has 8 digits. Check it or leave the field empty."),
                                        code=CatalogueErrorCode.EDRPOU_FORMAT.value)
        return value

    def _post_clean(self):
        pass
