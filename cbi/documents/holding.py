"""Files held for a form that came back with an error (``HeldUpload``): the view-side steps every
form that takes files shares, so a chosen file is never lost and never chosen twice.

    hold = {"actor": request.user, "purpose": "complaints.new", "subject": str(record.pk)}
    response = file_button_response(request, here, names, hold)   # "Replace" / "Remove" pressed
    if response: return response
    form = MyForm(request.POST or None, request.FILES or None,
                  held=held_uploads(**hold), replacing=replacing_fields(request))
    valid = request.method == "POST" and form.is_valid()
    hold_chosen_files(form, names, hold)   # whatever else is wrong on the page
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from cbi.web import keep

from . import services


def replacing_fields(request: HttpRequest) -> set[str]:
    """The file fields whose held file the person chose to replace (the file input is shown again)."""
    return {request.GET.get("replace"), *request.POST.getlist("replacing")} - {None, ""}


def file_button_response(request: HttpRequest, here: str, names, hold: dict) -> HttpResponse | None:
    """Handle "Remove"/"Replace" of a held file (no JavaScript needed): what was typed is kept
    (``cbi.web.keep``) and the page comes back. None when neither was pressed."""
    if request.method != "POST":
        return None
    for button in ("remove", "replace"):
        field = request.POST.get(button)
        if field in names:
            keep.store(request, here)  # what was typed comes back on the next page, without JavaScript too
            if button == "remove":
                for item in services.discard_held(**hold, fields=[field]):
                    messages.success(request, _("The file “%(name)s” is removed.") % {"name": item.original_name})
                return redirect(here)
            return redirect(f"{here}?{urlencode({'replace': field})}#id_{field}")
    return None


def hold_chosen_files(form, names, hold: dict) -> None:
    """Hold every newly chosen file that passed the check, whatever else is wrong on the page; the
    field then shows it by name and size instead of asking for it again."""
    for name in names:
        file = getattr(form, "cleaned_data", {}).get(name)
        if file and hasattr(file, "detected"):
            form.fields[name].stored = services.hold_upload(file=file, field=name, **hold)
            form.fields[name].replacing = False


def switch_back(request: HttpRequest, here: str, refused) -> HttpResponse:
    """A header switch pressed without JavaScript on a page that takes files (``cbi.web.keep``): the
    view has already stored every chosen file that passed the check (the page that comes back shows
    it by name and size); a chosen file that was refused (``refused``: field name → messages, e.g.
    ``form.errors``) is named in a message with the reason. What was typed is kept, the switch
    applied, and the page comes back."""
    for name, errors in refused.items():
        chosen = request.FILES.get(name)
        if chosen is not None and errors:
            messages.error(request, _("The file “%(name)s” was not kept: %(reason)s") % {
                "name": chosen.name, "reason": " ".join(str(error) for error in errors)})
    return keep.switch_back(request, here)
