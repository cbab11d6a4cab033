"""The upload field: a hint before uploading, ``accept``, the size for the
browser's check (upload.js), and the server's real check (validate_upload)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import services

UPLOAD_HINT = _("A scan or photo: PDF, JPEG, PNG or HEIC, up to 3 MB. Photo too big? Send it to yourself in a "
                "messenger and use the photo you get, or take it again at a lower resolution.")


class DocumentInput(forms.FileInput):
    def __init__(self, attrs=None):
        defaults = {"accept": services.ACCEPT, "data-max-bytes": str(services.MAX_UPLOAD_BYTES),
                    "data-too-large": _("The file is larger than 3 MB. Choose a smaller scan or photo.")}
        super().__init__(attrs={**defaults, **(attrs or {})})


class DocumentUploadField(forms.FileField):
    """A scan or photo of one document. ``cleaned_data`` holds the file with
    ``detected`` (a ``DetectedType``) set on it."""

    widget = DocumentInput
    default_error_messages = {
        "required": _("Choose the file with the scan or photo of this document."),
        "empty": _("The file is empty. Check that the scan or photo was saved, then choose it again."),
        "invalid": _("No file was uploaded. Choose the file again."),
        "missing": _("No file was uploaded. Choose the file again."),
    }

    #: With ``stored`` (a ``Document`` already kept for this field) the field shows the file by name
    #: and size with "Replace" and "Remove" buttons (``name="replace"`` / ``name="remove"``,
    #: ``value`` the field's name) instead of a file input; the view handles them without
    #: JavaScript. ``replacing`` shows the file input again, saying which file it replaces.
    stored_template_name = "documents/_upload_field.html"

    def __init__(self, *args, stored=None, replacing: bool = False, can_remove: bool = True, **kwargs):
        kwargs.setdefault("help_text", UPLOAD_HINT)
        kwargs.setdefault("max_length", None)
        kwargs.setdefault("template_name", self.stored_template_name)
        self.stored, self.replacing, self.can_remove = stored, replacing, can_remove
        if stored is not None:
            kwargs["required"] = False
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value and value is not initial and hasattr(value, "read"):
            value.detected = services.validate_upload(value)
        return value
