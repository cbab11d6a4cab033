"""The engine stays pure, and every rule id has a named test."""

import re
import subprocess
import sys
from pathlib import Path

from cbi.carqueue.rules import RULE_IDS

PACKAGE = Path(__file__).resolve().parents[2] / "cbi" / "carqueue" / "rules"
TESTS = Path(__file__).resolve().parent


# What the engine may import is an import contract (.importlinter, "engine-pure"), checked by
# `lint-imports` in `make test`; this test adds that it loads without Django at run time.


def test_rules_import_without_django_loaded() -> None:
    code = "import sys, cbi.carqueue.rules; assert not any(m.startswith('django') for m in sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=PACKAGE.parents[2])


def test_every_rule_id_has_a_named_test() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in TESTS.glob("test_*.py"))
    for rule_id in RULE_IDS:
        prefix = rule_id.lower().replace("-", "_")
        assert re.search(rf"^def test_{prefix}_", source, re.MULTILINE), rule_id
