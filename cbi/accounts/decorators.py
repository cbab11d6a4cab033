from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .roles import Capability, has_capability, staff_profile


def staff_required(capability: Capability | None = None):
    """Signed-in staff with a verified second factor and, optionally, a capability."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated or not user.is_verified() or staff_profile(user) is None:
                login_url = reverse("accounts:staff_login")
                return redirect(f"{login_url}?{urlencode({'next': request.get_full_path()})}")
            if capability is not None and not has_capability(user, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
