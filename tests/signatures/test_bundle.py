"""The in-browser signing bundle (cbi/signatures/static/signatures/kep-sign.js) is committed, and
it is exactly what the project's build makes from the pinned npm packages (package-lock.json):
``cd cbi/signatures/dstu && npm ci && node build.js`` (docs/signatures.md)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

DSTU = Path(__file__).resolve().parents[2] / "cbi" / "signatures" / "dstu"
BUNDLE = DSTU.parent / "static" / "signatures" / "kep-sign.js"


def test_the_committed_bundle_is_what_the_pinned_build_makes(tmp_path):
    if not shutil.which("node") or not (DSTU / "node_modules" / "esbuild").is_dir():
        pytest.skip("the build needs node and `npm ci` in cbi/signatures/dstu (scripts/bootstrap.sh)")
    rebuilt = tmp_path / "kep-sign.js"
    subprocess.run([shutil.which("node"), str(DSTU / "build.js"), str(rebuilt)], check=True, timeout=120,
                   cwd=DSTU)
    assert rebuilt.read_bytes() == BUNDLE.read_bytes(), "rebuild it: cd cbi/signatures/dstu && node build.js"


def test_the_build_uses_exact_pinned_versions_and_no_cdn():
    import json

    package = json.loads((DSTU / "package.json").read_text())
    for versions in (package["dependencies"], package["devDependencies"]):
        for name, version in versions.items():
            assert version[0].isdigit(), f"{name} is not pinned to one version: {version}"
    template = (DSTU.parent / "templates" / "signatures" / "kep.html").read_text()
    scripts = re.findall(r"<script[^>]*src=\"([^\"]+)\"", template)
    assert scripts == ["{% static 'signatures/kep-sign.js' %}"]  # served by this site, no CDN
