"""Typed values survive the header's switches (A−/A+, high contrast, language)
without JavaScript.

On a page whose main form has ``id="page-form"``, the switches are submit buttons
of that form (``form="page-form"`` + ``formaction``): the browser posts what the
person has typed to ``web:switch``, which keeps the values in the session for the
page's path, applies the switch and redirects back. The next GET of that path takes
the values out of the session (once) and every unbound form on the page whose
fields they name is rendered with them instead of its initial values — no
validation, so no error is shown.

On a search or filter page (its form is ``id="page-form" method="get"``) the switches are
submit buttons of that GET form with ``cbi_switch``/``cbi_language`` and the page itself as
``formaction``: the filter is submitted with what was typed, ``switch_on_get`` applies the switch
(a cookie, nothing stored) and redirects to the same address without the switch, so the page
shows the filter values and their results. A GET that only sets a display cookie is harmless
(like the ``Accept-Language`` of the browser); nothing is written on the server.

On a page whose form takes files and carries ``data-switch-keeps-files`` (base.html looks for
it), the switches post the form to the page itself with ``cbi_switch``/``cbi_language``: its view
stores the chosen files the way it stores them when the page comes back with an error (the
"kept scans": shown by name and size with "Replace"/"Remove"), then answers ``switch_back``, which
keeps the typed values as above, applies the switch and returns to the page. Such a view must
test ``switch_pressed`` before anything else it would do with a POST.

A page whose form has several actions is ONE page form with named submit buttons; Enter in a
field presses base.html's hidden default button, which is unnamed unless the page fills the block
``enter_presses`` (e.g. ``name="by" value="enter"``); the view decides what "no named button"
means. ``cbi_form`` hidden inputs (value: a form's prefix) tell ``kept_for`` that a form was on the
page form even when none of its fields was posted (all its checkboxes cleared).

Never kept: passwords (fields named in ``cbi_secret`` hidden inputs, which the form
template writes for every password field, and any name containing "password"),
files (they arrive in ``request.FILES``, which is ignored) and the CSRF token.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.db import DatabaseError
from django.forms import MultiWidget
from django.utils.datastructures import MultiValueDict

SESSION_KEY = "cbi_kept"
SECRET_FIELD = "cbi_secret"
SWITCH_PARAM = "cbi_switch"
LANGUAGE_PARAM = "cbi_language"
FORM_MARK = "cbi_form"
NEVER = {"csrfmiddlewaretoken", SECRET_FIELD, SWITCH_PARAM, LANGUAGE_PARAM}
MAX_NAMES = 200
MAX_CHARS = 50_000

_current: ContextVar[MultiValueDict | None] = ContextVar("cbi_kept", default=None)


def keepable(post) -> dict[str, list[str]]:
    """The posted values that may be kept or shown again: never a secret, the CSRF token or a switch."""
    secrets = set(post.getlist(SECRET_FIELD))
    data: dict[str, list[str]] = {}
    total = 0
    for name in list(post.keys())[:MAX_NAMES]:
        if name in NEVER or name in secrets or "password" in name.lower():
            continue
        values = post.getlist(name)
        total += sum(len(value) for value in values) + len(name)
        if total > MAX_CHARS:
            break
        data[name] = values
    return data


def store(request, path: str) -> None:
    """Keep the posted values (but no secret) for the next GET of ``path``."""
    data = keepable(request.POST)
    if data:
        request.session[SESSION_KEY] = {"path": path, "data": data}
    else:
        request.session.pop(SESSION_KEY, None)


def take(request) -> MultiValueDict | None:
    """The values kept for this path, removed from the session (shown once)."""
    session = getattr(request, "session", None)
    if request.method != "GET" or session is None or not session.session_key:
        return None
    try:
        stored = session.get(SESSION_KEY)
    except DatabaseError:
        return None  # the page decides what an outage means (cbi/web/errors.py), not this convenience
    if not stored or stored.get("path") != request.path:
        return None
    del session[SESSION_KEY]
    return MultiValueDict(stored.get("data") or {})


def kept_for(form) -> MultiValueDict | None:
    """The kept values when they belong to this (unbound) form."""
    kept = _current.get()
    if kept is None or form.is_bound:
        return None
    if form.prefix and form.prefix in kept.getlist(FORM_MARK):
        return kept
    names = [(form.add_prefix(name), field.widget) for name, field in form.fields.items()]
    # A field posted in parts (a date's "date_of_birth_day" …: a MultiWidget) is asked of its widget.
    if not any(name in kept or (isinstance(widget, MultiWidget) and not widget.value_omitted_from_data(kept, {}, name))
               for name, widget in names):
        return None
    return kept


def show(data) -> None:
    """Show ``data`` (a QueryDict) in this request's unbound forms as if it had been kept, secrets
    left out: a page of several actions that comes back with an error in one shows what was typed
    in the others. No validation, so no error."""
    _current.set(MultiValueDict(keepable(data)))


def switch_pressed(request) -> bool:
    """A header switch pressed on a page whose form takes files (posted to the page itself)."""
    return request.method == "POST" and (SWITCH_PARAM in request.POST or LANGUAGE_PARAM in request.POST)


def switch_back(request, here: str):
    """After the view has stored the chosen files: keep the typed values, apply the switch, go
    back to ``here`` (the page's own address)."""
    from urllib.parse import urlsplit

    from django.http import HttpResponseRedirect

    from .preferences import apply_switch

    store(request, urlsplit(here).path)
    language = request.POST.get(LANGUAGE_PARAM, "")
    response = HttpResponseRedirect(here)
    apply_switch(request, response, "language" if language else request.POST.get(SWITCH_PARAM), language=language)
    return response


def switch_on_get(request):
    """A switch pressed on a search or filter page: the same address without the switch, with
    the switch applied (None when the request carries no switch)."""
    if request.method != "GET" or not (SWITCH_PARAM in request.GET or LANGUAGE_PARAM in request.GET):
        return None
    from django.http import HttpResponseRedirect

    from .preferences import apply_switch

    query = request.GET.copy()
    switch, language = query.pop(SWITCH_PARAM, [None])[0], query.pop(LANGUAGE_PARAM, [None])[0]
    rest = query.urlencode()
    response = HttpResponseRedirect(request.path + (f"?{rest}" if rest else ""))
    apply_switch(request, response, "language" if language else switch, language=language or "")
    return response


class KeepTypedValuesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        switched = switch_on_get(request)
        if switched is not None:
            return switched
        token = _current.set(take(request))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
