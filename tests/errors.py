"""Error codes as tests compare them: a service's ValidationError or a form's errors become
``{field: [code, …]}`` (``"__all__"`` for the form's own), so a test asserts what went wrong,
not how it is worded (docs/architecture.md, "Errors have codes")."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def error_codes(error: ValidationError) -> dict[str, list[str]] | list[str]:
    """``{field: [codes]}`` for an error about fields, ``[codes]`` for one about the whole."""
    if hasattr(error, "error_dict"):
        return {field: [item.code for item in items] for field, items in error.error_dict.items()}
    return [item.code for item in error.error_list]


def form_error_codes(form) -> dict[str, list[str]]:
    return {field: [item.code for item in items] for field, items in form.errors.as_data().items()}
