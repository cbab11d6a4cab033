"""Accessible form rendering for every form in the service.

Each field renders with its label, an optional hint and its error, and the
input points at both with ``aria-describedby`` (and ``aria-invalid`` when the
value was refused). The form template puts an error summary first that takes
focus and links to each field with an error (GOV.UK Design System pattern).
"""

from __future__ import annotations

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from . import keep


class AccessibleBoundField(BoundField):
    @property
    def hint_id(self) -> str:
        return f"{self.auto_id}_hint"

    @property
    def error_id(self) -> str:
        return f"{self.auto_id}_error"

    @property
    def anchor_id(self) -> str:
        """The element an error-summary link moves focus to."""
        if getattr(self.field.widget, "input_type", None) == "radio" or isinstance(
            self.field.widget, forms.CheckboxSelectMultiple
        ):
            return f"{self.auto_id}_0"
        return self.auto_id

    def value(self):
        """What the person typed before a display or language switch (cbi.web.keep),
        else the usual: the initial value, or the submitted one."""
        kept = keep.kept_for(self.form)
        if kept is not None and not self.field.disabled and not isinstance(
                self.field.widget, (forms.PasswordInput, forms.FileInput)):
            data = self.field.widget.value_from_datadict(kept, MultiValueDict(), self.html_name)
            return self.field.prepare_value(data)
        return super().value()

    @property
    def is_checkbox(self) -> bool:
        return isinstance(self.field.widget, forms.CheckboxInput)

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        described_by = []
        if self.help_text:
            described_by.append(self.hint_id)
        if self.errors:
            described_by.append(self.error_id)
            attrs["aria-invalid"] = "true"
        if described_by:
            attrs["aria-describedby"] = " ".join(described_by)
        else:
            attrs.pop("aria-describedby", None)
        return attrs


class AccessibleFormRenderer(DjangoTemplates):
    form_template_name = "web/forms/form.html"
    field_template_name = "web/forms/field.html"
    bound_field_class = AccessibleBoundField


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateField(forms.DateField):
    widget = DateInput
    default_error_messages = {"invalid": _("Enter a real date, for example 27.03.1985.")}


class ClearMessagesMixin:
    """A "required" error that names the field ("Заповніть поле «Прізвище»"),
    instead of Django's anonymous "This field is required."; radio groups and
    selects ask to choose."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label = str(field.label or "")
            default = forms.Field.default_error_messages["required"]
            if str(field.error_messages.get("required")) != str(default):
                continue  # the form set its own message
            if isinstance(field.widget, (forms.RadioSelect, forms.Select, forms.CheckboxSelectMultiple)):
                field.error_messages["required"] = _lazy_format(_("Choose “%(label)s”."), label)
            else:
                field.error_messages["required"] = _lazy_format(_("Fill in “%(label)s”."), label)


def _lazy_format(message, label: str):
    from django.utils.functional import lazy

    return lazy(lambda: str(message) % {"label": label}, str)()


class Form(ClearMessagesMixin, forms.Form):
    pass


class ModelForm(ClearMessagesMixin, forms.ModelForm):
    pass


def add_validation_error(form, error) -> None:
    """Show a service's ValidationError on the form: on its field when the form
    has one, otherwise above the form (in the error summary)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
