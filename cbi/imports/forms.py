from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cbi.web.forms import Form


class UploadForm(Form):
    file = forms.FileField(
        label=_("File with the registry"),
        help_text=_("CSV or XLSX made from the template, up to 20 MB (about 100 000 rows). The first row holds "
                    "the column headers."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
        error_messages={"required": _("Choose the file to import."),
                        "empty": _("The file is empty.")},
    )
