from __future__ import annotations

from urllib.parse import urlsplit

from django import forms
from django.utils.translation import gettext_lazy as _

from cbi.web.forms import Form
from cbi.web.http import safe_target

from .error_codes import HelpErrorCode
from .models import AssistiveTechnology, BarrierReport

PAGE_REFUSED = _("Enter the address of a page of this service, for example /cabinet/. "
                 "Leave the field empty if you do not know it.")


def page_path(request, candidate: str | None) -> str:
    """The path of a page of this site (no host, no query string: a query can hold
    personal data such as a taxpayer number); "" when ``candidate`` points elsewhere."""
    candidate = (candidate or "").strip()
    if not candidate:
        return ""
    if not safe_target(request, candidate, ""):
        return ""
    path = urlsplit(candidate).path
    if not path.startswith("/"):
        return ""
    return path


class BarrierReportForm(Form):
    page = forms.CharField(
        label=_("Address of the page"), required=False, max_length=500,
        help_text=_("The part of the address after the site name, for example /cabinet/. "
                    "We fill it in when you come from a page of the service."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "none"}),
    )
    description = forms.CharField(
        label=_("What went wrong?"), max_length=5000,
        help_text=_("Tell us what you tried to do and what stopped you. For example: “The screen reader does not "
                    "read the name of the button on the documents page”. Do not write your taxpayer number or "
                    "medical details here."),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Tell us what went wrong: what you tried to do and what stopped you.")},
    )
    assistive_technology = forms.ChoiceField(
        label=_("Do you use assistive technology?"), required=False,
        choices=[("", _("I prefer not to say"))] + list(AssistiveTechnology.choices),
        help_text=_("This helps us repeat the problem."),
    )
    email = forms.EmailField(
        label=_("Your e-mail"), required=False,
        help_text=_("Only if you want an answer, for example olena@example.com."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Enter an e-mail address like olena@example.com, or leave the field empty.")},
    )

    def __init__(self, *args, request, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_page(self):
        value = self.cleaned_data.get("page", "")
        if value and not page_path(self.request, value):
            raise forms.ValidationError(PAGE_REFUSED, code=HelpErrorCode.PAGE_NOT_OF_THIS_SERVICE.value)
        return page_path(self.request, value)


class ReportStatusForm(Form):
    status = forms.ChoiceField(label=_("Status"), choices=BarrierReport.Status.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was done or what is planned. Other administrators see it in the history."),
    )

    def __init__(self, *args, report: BarrierReport, **kwargs):
        self.report = report
        kwargs.setdefault("initial", {"status": report.status})
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("status") == self.report.status and not (data.get("note") or "").strip():
            self.add_error("note", forms.ValidationError(_("Change the status or write a note."),
                                                          code=HelpErrorCode.NOTHING_CHANGED.value))
        return data
