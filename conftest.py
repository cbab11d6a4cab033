"""Test-wide settings: run with the test environment, never send real e-mail."""

import os

os.environ.setdefault("CBI_ENV", "test")
