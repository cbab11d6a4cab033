"""Background jobs by name, so that a service can enqueue a task without importing the task
module that imports it back.

The pattern (HackSoft's styleguide): a task is a thin wrapper that imports and calls a service;
a service decides that work must happen in the background and enqueues the task. Imported
directly, that is an import circle (services → tasks → services). Instead each app's
``tasks.py`` registers its tasks here with ``@register("app.name")`` and the app's
``AppConfig.ready`` imports ``tasks.py``; a service asks ``jobs.get("app.name")`` for the task
(a django-tasks ``Task``: ``.enqueue(...)``, ``.using(...)``, ``.get_backend()``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_TASKS: dict[str, Any] = {}


def register(name: str) -> Callable[[Any], Any]:
    """Register the decorated django-tasks task under ``name`` (once)."""

    def decorator(task: Any) -> Any:
        if _TASKS.setdefault(name, task) is not task:
            raise ValueError(f"two background jobs are registered as {name!r}")
        return task

    return decorator


def get(name: str) -> Any:
    """The task registered under ``name``; a KeyError names an app whose tasks were not loaded."""
    return _TASKS[name]
