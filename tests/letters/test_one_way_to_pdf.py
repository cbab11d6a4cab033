"""Every PDF the product makes goes through cbi.letters' registry: no module outside
cbi/letters loads WeasyPrint or calls the PDF engine (cbi.letters.pdf) itself."""

from __future__ import annotations

import ast
from pathlib import Path

import cbi

CBI = Path(cbi.__file__).resolve().parent
LETTERS = CBI / "letters"

#: What only cbi/letters may import: the PDF library and the engine that drives it.
ENGINE = ("weasyprint", "cbi.letters.pdf")


def _is_engine(module: str) -> bool:
    return any(module == name or module.startswith(name + ".") for name in ENGINE)


def engine_uses(source: str, *, package: str = "") -> list[str]:
    """The lines of ``source`` that import WeasyPrint or cbi.letters.pdf (``import``, ``from …
    import``, ``from cbi.letters import pdf``, ``importlib.import_module("…")``/``__import__``)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        modules: list[str] = []
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against the module's package
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            modules = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if called in ("import_module", "__import__") and isinstance(node.args[0].value, str):
                modules = [node.args[0].value]
        if any(_is_engine(module) for module in modules):
            found.append(f"line {node.lineno}")
    return found


def test_the_check_sees_every_way_of_loading_the_engine():
    for source in ("import weasyprint", "from weasyprint import HTML", "import weasyprint.urls as u",
                   "from cbi.letters.pdf import render_pdf", "from cbi.letters import pdf",
                   "def f():\n    import weasyprint\n", "importlib.import_module('weasyprint')",
                   "__import__('cbi.letters.pdf')"):
        assert engine_uses(source), source
    assert engine_uses("from ..letters import pdf", package="cbi.carqueue")
    for source in ("from cbi.letters.registry import render_letter", "from cbi.letters import registry",
                   "from cbi.letters.appeals import appeal_context", "import pypdf"):
        assert not engine_uses(source), source


def test_no_module_outside_cbi_letters_makes_a_pdf_itself():
    offenders = []
    for path in sorted(CBI.rglob("*.py")):
        if LETTERS in path.parents:
            continue
        package = ".".join(path.relative_to(CBI.parent).with_suffix("").parts[:-1])
        for where in engine_uses(path.read_text(encoding="utf-8"), package=package):
            offenders.append(f"{path.relative_to(CBI.parent)}, {where}")
    assert not offenders, ("these modules make PDFs themselves; register a letter kind and call "
                           "cbi.letters.registry.issue_letter/render_letter instead (docs/letters.md): "
                           + "; ".join(offenders))
