"""Fixtures of the integration tests: tasks run inline, the fake register, no network."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _inline_tasks_and_fake_register(settings):
    # The suite is meant to run with CBI_ENV=test (ImmediateBackend), but the settings can
    # be imported before the root conftest sets it; make the backend explicit here.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.VEHICLE_REGISTER_BACKEND = "fake"
    settings.VEHICLE_REGISTER_FAKE_DOWN = False
