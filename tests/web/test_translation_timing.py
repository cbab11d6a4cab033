"""Module-level text must be translated lazily.

A table built at import time with gettext() freezes whatever language was
active when the module was imported: English pages then showed Ukrainian
button titles (and the other way round). This scans the code for it."""

import ast
from pathlib import Path

EAGER = {"gettext", "pgettext", "ngettext", "npgettext"}


def _eager_names(tree: ast.Module) -> set[str]:
    return {
        alias.asname or alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
        for alias in node.names
        if alias.name in EAGER
    }


def _walk_now(node: ast.AST):
    """The nodes evaluated when ``node`` is: a lambda's body runs later (``lazy(lambda: …)``)."""
    yield node
    for child in ast.iter_child_nodes(node):
        if not isinstance(child, ast.Lambda):
            yield from _walk_now(child)


def _import_time_calls(tree: ast.Module, names: set[str]):
    bodies = [tree.body] + [n.body for n in tree.body if isinstance(n, ast.ClassDef)]
    for body in bodies:
        for node in body:
            if isinstance(node, (ast.Assign, ast.AnnAssign)):
                for sub in _walk_now(node):
                    if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id in names:
                        yield node.lineno


def test_no_text_is_translated_at_import_time():
    root = Path(__file__).resolve().parents[2] / "cbi"
    offenders = []
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = _eager_names(tree)
        offenders += [f"{path.relative_to(root.parent)}:{line}" for line in _import_time_calls(tree, names)]
    assert offenders == [], "use gettext_lazy for module- or class-level text: " + ", ".join(offenders)


def test_the_scan_finds_an_eager_table():
    tree = ast.parse('from django.utils.translation import gettext as _\nTITLES = {"a": _("Save")}\n')
    assert list(_import_time_calls(tree, _eager_names(tree))) == [2]


def test_a_lambda_made_lazy_is_not_import_time_but_a_call_beside_it_is():
    source = ('from django.utils.translation import ngettext\n'
              'from django.utils.functional import lazy\n'
              'LATER = lazy(lambda: ngettext("%(n)s day", "%(n)s days", 3) % {"n": 3}, str)()\n'
              'NOW = [lazy(lambda: "x", str), ngettext("a day", "days", 2)]\n')
    tree = ast.parse(source)
    assert list(_import_time_calls(tree, _eager_names(tree))) == [4]
