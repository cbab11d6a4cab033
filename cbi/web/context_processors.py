from __future__ import annotations

from .preferences import read_preferences


def display_preferences(request):
    return {"display": read_preferences(request)}
