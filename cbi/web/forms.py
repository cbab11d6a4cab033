"""Accessible form rendering for every form in the service.

Each field renders with its label, an optional hint and its error, and the
input points at both with ``aria-describedby`` (and ``aria-invalid`` when the
value was refused). The form template puts an error summary first that takes
focus and links to each field with an error (GOV.UK Design System pattern).
Dates are three boxes, day, month and year (``DateField``, GOV.UK date input).
"""

from __future__ import annotations

import calendar
import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.datastructures import MultiValueDict
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import keep
from .error_codes import WebErrorCode


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
    def error_links(self) -> list[tuple[str, str]]:
        """Each error message with the id its error-summary link moves focus to."""
        return [(message, self.anchor_id) for message in self.errors]

    @property
    def fieldset_describedby(self) -> str:
        """What describes a group of controls: its hint and its error."""
        ids = [self.hint_id] if self.help_text else []
        if self.errors:
            ids.append(self.error_id)
        return " ".join(ids)

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

    # Django's templates that are replaced by cheaper ones with the same HTML. The renderer's
    # own directory (django/forms/templates) comes before the apps' templates, so a same-named
    # override in an app would never be found; the names are mapped here instead.
    # select.html: Django includes select_option.html (and attrs.html) once per <option>; a
    # region or product-group select renders tens of includes (issue #14 §2: half of the
    # catalogue page's time). Ours writes the options in its own loop (docs/performance.md).
    FASTER_TEMPLATES = {"django/forms/widgets/select.html": "web/forms/widgets/select.html"}

    def get_template(self, template_name):
        return super().get_template(self.FASTER_TEMPLATES.get(template_name, template_name))


# --- Dates as people type them: day, month and year in three boxes ---------------------------
#
# GOV.UK's date-input pattern. ``DateField`` renders a fieldset whose legend is the field's
# label, a hint ("For example, 27 3 2007"), and three text boxes День / Місяць / Рік posted as
# ``<name>_day``, ``<name>_month`` and ``<name>_year``. Errors name the part that is wrong
# (their codes below), and only that part gets ``aria-invalid``; the error summary links to it.
#
# Compatibility: when none of the three parts is posted, a single value under the field's own
# name is read as before, as dd.mm.yyyy or yyyy-mm-dd (API-ish posts, scripts and older tests).

DATE_PARTS = ("day", "month", "year")

# Which parts each error code is about (an error with any other code, such as "required" or a
# form's own "cannot be in the future", is about the whole date).
DATE_ERROR_PARTS = {
    WebErrorCode.DAY_MISSING.value: ("day",),
    WebErrorCode.MONTH_MISSING.value: ("month",),
    WebErrorCode.YEAR_MISSING.value: ("year",),
    WebErrorCode.DAY_MONTH_MISSING.value: ("day", "month"),
    WebErrorCode.DAY_YEAR_MISSING.value: ("day", "year"),
    WebErrorCode.MONTH_YEAR_MISSING.value: ("month", "year"),
    WebErrorCode.DAY_INVALID.value: ("day",),
    WebErrorCode.MONTH_INVALID.value: ("month",),
    WebErrorCode.YEAR_INVALID.value: ("year",),
    WebErrorCode.DAY_NOT_IN_MONTH.value: ("day",),
}

_MISSING_MESSAGES = {
    ("day",): _("%(label)s must include a day."),
    ("month",): _("%(label)s must include a month."),
    ("year",): _("%(label)s must include a year."),
    ("day", "month"): _("%(label)s must include a day and a month."),
    ("day", "year"): _("%(label)s must include a day and a year."),
    ("month", "year"): _("%(label)s must include a month and a year."),
}

_SHORT_MONTHS = {
    2: _("There is no such date: February %(year)s has %(days)s days."),
    4: _("There is no such date: April has 30 days."),
    6: _("There is no such date: June has 30 days."),
    9: _("There is no such date: September has 30 days."),
    11: _("There is no such date: November has 30 days."),
}

# A month may be typed as its name: Ukrainian nominative ("березень") or genitive ("березня"),
# or English; in full or its first three letters or more ("бер", "листоп").
_MONTH_NAMES = (
    ("січень", "січня", "january"), ("лютий", "лютого", "february"), ("березень", "березня", "march"),
    ("квітень", "квітня", "april"), ("травень", "травня", "may"), ("червень", "червня", "june"),
    ("липень", "липня", "july"), ("серпень", "серпня", "august"), ("вересень", "вересня", "september"),
    ("жовтень", "жовтня", "october"), ("листопад", "листопада", "november"), ("грудень", "грудня", "december"),
)


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"[0-9]+", text))


def parse_month(text: str) -> int | None:
    """The month number from "3", "03", "березня", "Березень", "бер." or "March"."""
    text = text.strip().rstrip(".").lower()
    if _is_number(text):
        number = int(text)
        return number if 1 <= number <= 12 else None
    if len(text) < 3:
        return None
    months = {number for number, names in enumerate(_MONTH_NAMES, start=1)
              if any(name.startswith(text) for name in names)}
    return months.pop() if len(months) == 1 else None


class DateInput(forms.MultiWidget):
    """Three text boxes: day, month, year (rendered by ``web/forms/date_input.html``)."""

    template_name = "web/forms/date_input.html"
    use_fieldset = True
    # For dates of birth the browser may fill in the person's own birthday (WCAG 1.3.5).
    birthday_names = ("date_of_birth", "birth_date")

    def __init__(self, attrs=None, *, birthday: bool | None = None):
        self.birthday = birthday
        widgets = {
            part: forms.TextInput(attrs={
                "inputmode": "numeric", "spellcheck": "false",
                "class": f"date-input__input input--width-{4 if part == 'year' else 2}"})
            for part in DATE_PARTS
        }
        super().__init__(widgets, attrs)

    def is_birthday(self, name: str) -> bool:
        if self.birthday is not None:
            return self.birthday
        return name.rsplit("-", 1)[-1] in self.birthday_names

    def decompress(self, value):
        if isinstance(value, str):
            value = _parse_single(value)
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        attrs = dict(attrs or {})
        wrong = attrs.pop("data-date-wrong-parts", "")
        error_id = attrs.pop("data-date-error-id", "")
        attrs.pop("aria-describedby", None)
        attrs.pop("aria-invalid", None)
        attrs.pop("required", None)
        context = super().get_context(name, value, attrs)
        id_ = context["widget"]["attrs"].get("id")
        labels = {"day": _("Day"), "month": _("Month"), "year": _("Year")}
        birthday = self.is_birthday(name)
        for part, subwidget in zip(DATE_PARTS, context["widget"]["subwidgets"]):
            sub_attrs = subwidget["attrs"]
            if id_:
                sub_attrs["id"] = f"{id_}_{part}"
            if birthday:
                sub_attrs["autocomplete"] = f"bday-{part}"
            if part in wrong.split():
                sub_attrs["aria-invalid"] = "true"
                if error_id:
                    sub_attrs["aria-describedby"] = error_id
            subwidget["part"] = part
            subwidget["label"] = labels[part]
        return context

    def value_from_datadict(self, data, files, name):
        parts = [data.get(f"{name}_{part}") for part in DATE_PARTS]
        if any(part is not None for part in parts):
            return [part or "" for part in parts]
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and all(f"{name}_{part}" not in data for part in DATE_PARTS)

    def id_for_label(self, id_):
        return f"{id_}_day" if id_ else id_


SINGLE_VALUE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d")


class DateHiddenInput(forms.HiddenInput):
    """A date carried through a confirmation page (``{{ field.as_hidden }}``): one value under
    the field's own name, yyyy-mm-dd, read back by the single-value fallback."""

    def format_value(self, value):
        if isinstance(value, (list, tuple)):
            day, month, year = ("".join(str(part or "").split()) for part in value)
            month_number = parse_month(month)
            try:
                value = datetime.date(int(year), month_number or 0, int(day.rstrip(".")))
            except (TypeError, ValueError):
                return ".".join((day, month, year)) if any((day, month, year)) else ""
        if isinstance(value, datetime.date):
            return value.isoformat()
        return super().format_value(value)


def _parse_single(text: str) -> datetime.date | None:
    for fmt in SINGLE_VALUE_FORMATS:
        try:
            return datetime.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


class DateBoundField(AccessibleBoundField):
    """A date's bound field knows which of its parts are wrong."""

    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        example = _("For example, 27 3 2007.")
        self.help_text = format_lazy("{} {}", self.help_text, example) if self.help_text else example

    @property
    def wrong_parts(self) -> tuple[str, ...]:
        if not self.errors:
            return ()
        wrong: set[str] = set()
        for error in self.errors.as_data():
            wrong.update(DATE_ERROR_PARTS.get(error.code, DATE_PARTS))
        return tuple(part for part in DATE_PARTS if part in wrong)

    @property
    def anchor_id(self) -> str:
        return f"{self.auto_id}_{(self.wrong_parts or DATE_PARTS)[0]}"

    @property
    def error_links(self) -> list[tuple[str, str]]:
        # Several wrong parts: each message links to its own part.
        links = []
        for error in self.errors.as_data():
            part = DATE_ERROR_PARTS.get(error.code, DATE_PARTS)[0]
            links.extend((message, f"{self.auto_id}_{part}") for message in error)
        return links

    @property
    def fieldset_describedby(self) -> str:
        # The hint describes the group; the error describes each wrong part (on its input),
        # so that it is heard once, with the box to correct.
        return self.hint_id

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        # The group is described by its hint (on the fieldset); the error describes the wrong parts.
        attrs.pop("aria-invalid", None)
        attrs.pop("aria-describedby", None)
        if self.errors:
            attrs["data-date-wrong-parts"] = " ".join(self.wrong_parts)
            attrs["data-date-error-id"] = self.error_id
        return attrs


class DateField(forms.DateField):
    """A date typed as day, month and year (see the comment above ``DATE_PARTS``).

    ``birthday``: whether the boxes get ``autocomplete="bday-…"``; by default, when the field
    is named ``date_of_birth`` or ``birth_date``."""

    widget = DateInput
    hidden_widget = DateHiddenInput
    bound_field_class = DateBoundField
    input_formats = SINGLE_VALUE_FORMATS
    default_error_messages = {
        "invalid": _("Enter a real date, for example 27.03.1985."),
        "day_invalid": _("The day must be a number from 1 to 31."),
        "month_invalid": _("The month must be a number from 1 to 12."),
        "year_invalid": _("Enter the year in four digits, for example 2007."),
    }

    def __init__(self, *, birthday: bool | None = None, **kwargs):
        super().__init__(**kwargs)
        if birthday is not None:
            self.widget.birthday = birthday

    def _label(self) -> str:
        return str(self.label) if self.label else str(_("The date"))

    def to_python(self, value):
        if not isinstance(value, (list, tuple)):
            return super().to_python(value)
        day, month, year = ("".join(str(part or "").split()) for part in value)
        typed = {"day": day, "month": month, "year": year}
        if not any(typed.values()):
            return None
        missing = tuple(part for part in DATE_PARTS if not typed[part])
        if missing:
            raise ValidationError(_MISSING_MESSAGES[missing], code=WebErrorCode("_".join(missing) + "_missing").value,
                                  params={"label": self._label()})
        errors = []
        day = day.rstrip(".")
        if not _is_number(day) or not 1 <= int(day) <= 31:
            errors.append(ValidationError(self.error_messages["day_invalid"], code=WebErrorCode.DAY_INVALID.value))
        month_number = parse_month(month)
        if month_number is None:
            errors.append(ValidationError(self.error_messages["month_invalid"], code=WebErrorCode.MONTH_INVALID.value))
        if not (_is_number(year) and len(year) == 4 and int(year) >= 1000):
            errors.append(ValidationError(self.error_messages["year_invalid"], code=WebErrorCode.YEAR_INVALID.value))
        if errors:
            raise ValidationError(errors)
        try:
            return datetime.date(int(year), month_number, int(day))
        except ValueError:
            days = calendar.monthrange(int(year), month_number)[1]
            raise ValidationError(_SHORT_MONTHS[month_number], code=WebErrorCode.DAY_NOT_IN_MONTH.value,
                                  params={"year": year, "days": days}) from None


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


def _format_label(message, label: str) -> str:
    return str(message) % {"label": label}


# Built once: ``lazy()`` makes a new proxy class (with every method of ``str``) each time it is
# called, and it was called for every required field of every form built — 8.5 % of the
# catalogue page's time in the issue #14 profile (docs/performance.md).
_lazy_format = lazy(_format_label, str)


class Form(ClearMessagesMixin, forms.Form):
    pass


class ModelForm(ClearMessagesMixin, forms.ModelForm):
    pass


def add_errors_above(form, error) -> None:
    """Show every message of a service's ValidationError above the form (in the error
    summary), each with its code (``error.messages`` would keep the text only)."""
    errors = [e for field_errors in error.error_dict.values() for e in field_errors] \
        if hasattr(error, "error_dict") else error.error_list
    for item in errors:
        form.add_error(None, item)


def add_validation_error(form, error) -> None:
    """Show a service's ValidationError on the form: on its field when the form
    has one, otherwise above the form (in the error summary)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
