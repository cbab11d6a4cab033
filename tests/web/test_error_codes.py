"""Every error a service or a form raises has a stable code from its app's enum and a
translated message (docs/architecture.md, "Errors have codes").

The test reads the source with ``ast``, so it finds an error without a code even on a path no
other test takes. What it checks:

* a ``ValidationError`` (Django's, a form's, or a subclass defined in ``cbi``) and every
  user-facing exception of ``USER_FACING`` is raised with ``code=<App>ErrorCode.<NAME>.value``
  and a message passed through gettext (a string literal or an f-string is refused);
* a ``ValidationError`` built from a dict or a list holds ``ValidationError``s, each with its
  code (Django drops ``code=`` given next to a dict or a list, and a bare message has none);
* ``form.add_error(field, …)`` is given a ``ValidationError``, not a bare message;
* the exceptions of ``CODED`` (technical errors kept for administrators and logs, in English)
  are raised with a code from the enum too;
* every exception class defined in ``cbi`` is listed here, as user-facing, coded or internal,
  so a new one cannot skip the decision;
* a code has one message, and an app writes a message once (shared as a constant).
"""

from __future__ import annotations

import ast
import textwrap
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "cbi"
# The pure rules of Resolution 999 import no Django, so no gettext and no ValidationError.
EXCLUDED = (ROOT / "carqueue" / "rules",)

VALIDATION_ERRORS = {"ValidationError"}
USER_FACING = {"CodeRefused", "ResumeRefused", "DraftRefused", "SignatureRefused", "TooManyReports",
               # The registry import: shown to the administrator on the import's page (the file)
               # or written in its per-row report (a row).
               "FileFormatError", "ImportFileError", "RowError"}
# Errors of the machinery, not of a person's input: the message is for an administrator or a
# log (stored with the check, or printed by a command), in English; the code is what a page shows.
CODED = {"RegisterError", "RegisterUnavailable", "RegisterRejected", "RegisterProtocolError", "SmsError",
         "FactsInvalid"}
# Never shown to anybody as a message: a broken invariant, a control-flow signal inside one
# module, or a marker an operator knows by its name.
INTERNAL = {
    "JournalIsAppendOnly": "a journal entry is changed or deleted by code: a bug, never a person's input",
    "UnknownKey": "a journal names a signing key the settings do not have: an operator's error",
    "TransitionNotAllowed": "a workflow step the page never offers: a bug (the page checks first)",
    "ReasonRequired": "a workflow step without the reason the form requires: a bug",
    "MalformedSignature": "a CMS parser detail, turned into SignatureRefused(signature_invalid)",
    "UnsupportedDigest": "a CMS parser detail, turned into SignatureRefused(unsupported_key_format_dstu "
                         "or unsupported_algorithm)",
    "NoDisabilityStatus": "the sweep skips a person without a status; nothing is shown",
    "Incomplete": "a view's signal to render the form again with its own errors",
    "JsonRefused": "the API's JSON limits (cbi/api): answered as {code, message} by the API",
    "NormIsImmutable": "code that saves a norm version again: a bug (a change of a norm is a new version)",
    "Refused": "the agencies' API (cbi/agencies/api.py): answered as an RFC 9457 problem with its AgenciesErrorCode",
    "CredentialRefused": "cbi/agencies: a bearer key's refusal, answered by the API as the problem of its code",
    "IdentifierInvalid": "cbi/agencies: a malformed identifier, answered by the API as identifier_invalid",
    "WorkerDied": "never raised: its dotted path is written as the failure of a task no worker finished "
                  "(cbi/web/taskqueue.py), for an operator; it has no message",
}
# Codes of a technical error that come from outside and are passed through (the vehicle register's
# own error code, an HTTP status): cbi/integrations/error_codes.py.
PASSED_THROUGH = {"http_status_code", "_error_code"}
GETTEXT = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "ngettext", "ngettext_lazy", "_lazy"}


@dataclass
class Problem:
    path: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    messages_by_code: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    sites_by_message: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    classes: dict[str, str] = field(default_factory=dict)


def _name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _is_gettext(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and _name(node.func) in GETTEXT


def _literal_text(node: ast.AST) -> str | None:
    """The msgid of ``_("…")`` (or of ``_("…") % {…}``)."""
    if isinstance(node, ast.BinOp):
        node = node.left
    if _is_gettext(node) and node.args and isinstance(node.args[0], ast.Constant):
        return node.args[0].value
    return None


def _is_untranslated(node: ast.AST) -> bool:
    if isinstance(node, ast.BinOp):
        return _is_untranslated(node.left)
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))


def _is_bare_message(node: ast.AST) -> bool:
    """A message with no ValidationError around it (so with no code)."""
    if isinstance(node, ast.BinOp):
        node = node.left
    return _is_untranslated(node) or _is_gettext(node)


def _enum_code(node: ast.AST) -> str | None:
    """``XErrorCode.NAME.value`` → "XErrorCode.NAME"; ``XErrorCode(expr).value``,
    ``member.value`` (an enum member passed along) and ``error.code`` (the code of a caught
    error, itself checked where it was raised) → the source text."""
    if isinstance(node, ast.Attribute) and node.attr == "code" and isinstance(node.value, ast.Name):
        return ast.unparse(node)
    if not (isinstance(node, ast.Attribute) and node.attr == "value"):
        return None
    inner = node.value
    if isinstance(inner, ast.Attribute) and isinstance(inner.value, ast.Name) \
            and inner.value.id.endswith("ErrorCode"):
        return f"{inner.value.id}.{inner.attr}"
    if isinstance(inner, ast.Call) and _name(inner.func) and _name(inner.func).endswith("ErrorCode"):
        return ast.unparse(node)
    if isinstance(inner, ast.Name):
        return ast.unparse(node)
    if isinstance(inner, ast.IfExp) and all(
            isinstance(branch, ast.Attribute) and isinstance(branch.value, ast.Name)
            and branch.value.id.endswith("ErrorCode") for branch in (inner.body, inner.orelse)):
        return ast.unparse(node)
    return None


def _passed_through(node: ast.AST) -> bool:
    if isinstance(node, ast.BoolOp):
        return all(_passed_through(value) for value in node.values)
    return _enum_code(node) is not None or (isinstance(node, ast.Call) and _name(node.func) in PASSED_THROUGH)


def _keyword(call: ast.Call, name: str) -> ast.AST | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


class Checker(ast.NodeVisitor):
    def __init__(self, path: Path, report: Report, error_classes: set[str]):
        self.path = str(path.relative_to(ROOT.parent))
        self.app = path.relative_to(ROOT).parts[0]
        self.report = report
        self.validation_errors = error_classes
        self.function: ast.AST | None = None

    def problem(self, node: ast.AST, what: str) -> None:
        self.report.problems.append(Problem(self.path, node.lineno, what))

    def visit_FunctionDef(self, node):
        outer, self.function = self.function, node
        self.generic_visit(node)
        self.function = outer

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Raise(self, node: ast.Raise):
        name = _name(node.exc) if node.exc is not None else None
        if name in self.validation_errors | USER_FACING | CODED:
            self.problem(node, f"raise {name} without a code: raise {name}(message, code=…)")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call):
        name = _name(node.func)
        if name in self.validation_errors:
            self.check_validation_error(node)
        elif name in USER_FACING:
            self.check_coded(node, translated=True)
        elif name in CODED:
            self.check_coded(node, translated=False)
        elif name == "add_error" and len(node.args) == 2 and _is_bare_message(node.args[1]):
            self.problem(node, "add_error(field, message) gives the error no code: "
                               "add_error(field, ValidationError(message, code=…))")
        self.generic_visit(node)

    def check_coded(self, node: ast.Call, *, translated: bool) -> None:
        code = _keyword(node, "code")
        if code is None or (_enum_code(code) is None and (translated or not _passed_through(code))):
            self.problem(node, f"{_name(node.func)}(…) needs code=<App>ErrorCode.<NAME>.value")
        message = node.args[0] if node.args else _keyword(node, "message")
        if translated and message is not None and _is_untranslated(message):
            self.problem(node, "the message is not translated: wrap it in gettext (_ or gettext_lazy)")
        self.note_message(node, code, message)

    def check_validation_error(self, node: ast.Call) -> None:
        message = node.args[0] if node.args else _keyword(node, "message")
        if isinstance(message, (ast.Dict, ast.List, ast.ListComp, ast.DictComp, ast.Tuple)):
            if _keyword(node, "code") is not None:
                self.problem(node, "code= next to a dict or a list is dropped by Django: code each error inside")
            for value in self.contained(message):
                if _is_bare_message(value):
                    self.problem(value, "a message without a ValidationError around it has no code")
            return
        if isinstance(message, ast.Name) and self.is_collection(message.id):
            self.check_collected(message.id)
            if _keyword(node, "code") is None:
                return  # a collection of ValidationErrors built above (checked by check_collected)
        code = _keyword(node, "code")
        if code is None or _enum_code(code) is None:
            self.problem(node, "ValidationError(…) needs code=<App>ErrorCode.<NAME>.value")
        if message is not None and _is_untranslated(message):
            self.problem(node, "the message is not translated: wrap it in gettext (_ or gettext_lazy)")
        self.note_message(node, code, message)

    @staticmethod
    def contained(node: ast.AST):
        if isinstance(node, ast.Dict):
            values = node.values
        elif isinstance(node, ast.DictComp):
            values = [node.value]
        elif isinstance(node, ast.ListComp):
            values = [node.elt]
        else:
            values = node.elts
        for value in values:
            if isinstance(value, (ast.List, ast.Tuple)):
                yield from value.elts
            else:
                yield value

    def is_collection(self, name: str) -> bool:
        """Whether ``name`` is a dict or a list built in the enclosing function (not a message
        passed in as an argument)."""
        if self.function is None:
            return False
        return any(isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
                   and isinstance(node.value, (ast.Dict, ast.List, ast.ListComp, ast.DictComp, ast.Call))
                   for node in ast.walk(self.function))

    def check_collected(self, name: str) -> None:
        """``errors[key] = …`` and ``errors.append(…)`` before ``ValidationError(errors)``."""
        for node in ast.walk(self.function):
            value = None
            if isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name) and t.value.id == name
                    for t in node.targets):
                value = node.value
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr == "append" and isinstance(node.func.value, ast.Name) \
                    and node.func.value.id == name and node.args:
                value = node.args[0]
            if value is not None and _is_bare_message(value):
                self.problem(value, f"{name} collects a message without a ValidationError around it (no code)")

    def note_message(self, node: ast.Call, code: ast.AST | None, message: ast.AST | None) -> None:
        text = _literal_text(message) if message is not None else None
        if text is None:
            return
        if code is not None and (key := _enum_code(code)) and key.count(".") == 1:
            self.report.messages_by_code[f"{self.app}:{key}"].add(text)
        self.report.sites_by_message[(self.app, text)].append(f"{self.path}:{node.lineno}")


def _sources():
    for path in sorted(ROOT.rglob("*.py")):
        if any(path.is_relative_to(excluded) for excluded in EXCLUDED) or "migrations" in path.parts:
            continue
        yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _exception_classes(trees) -> dict[str, list[str]]:
    """Classes defined in cbi whose bases look like exceptions, and their bases' names."""
    classes = {}
    for _path, tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                classes[node.name] = [_name(base) for base in node.bases]
    exceptions: dict[str, list[str]] = {}
    changed = True
    while changed:
        changed = False
        for name, bases in classes.items():
            if name in exceptions:
                continue
            if any(b and (b.endswith(("Error", "Exception")) or b in exceptions) for b in bases):
                exceptions[name] = bases
                changed = True
    return exceptions


def check_sources(trees) -> Report:
    report = Report()
    exceptions = _exception_classes(trees)
    validation_errors = set(VALIDATION_ERRORS)
    changed = True
    while changed:
        changed = False
        for name, bases in exceptions.items():
            if name not in validation_errors and any(b in validation_errors for b in bases):
                validation_errors.add(name)
                changed = True
    for name in exceptions:
        if name not in validation_errors | USER_FACING | CODED | set(INTERNAL):
            report.problems.append(Problem("cbi", 0, f"exception class {name} is not listed in {__name__}: "
                                                     "decide whether it is user-facing, coded or internal"))
    for path, tree in trees:
        Checker(path, report, validation_errors).visit(tree)
    for code, texts in report.messages_by_code.items():
        if len(texts) > 1:
            report.problems.append(Problem("cbi", 0, f"{code} has {len(texts)} messages: one code, one message"))
    for (app, text), sites in report.sites_by_message.items():
        if len(sites) > 1:
            report.problems.append(Problem(sites[0].split(":")[0], int(sites[0].split(":")[1]),
                                           f"the message {text[:50]!r}… is written at {len(sites)} places in "
                                           f"{app}: keep it once (a constant) under one code"))
    return report


def test_every_error_in_cbi_has_a_code_and_a_translated_message():
    report = check_sources(list(_sources()))
    assert not report.problems, "\n".join(str(p) for p in report.problems)


# --- the checker itself fails on what it is meant to catch ---------------------------------------

def _problems(source: str, name: str = "cbi/registry/example.py") -> list[str]:
    path = ROOT.parent / name
    tree = ast.parse(textwrap.dedent(source))
    return [p.what for p in check_sources([(path, tree)]).problems]


@pytest.mark.parametrize("source", [
    'raise ValidationError(_("Enter the number."))',
    'raise forms.ValidationError(_("Enter the number."))',
    'raise ValidationError(_("Enter the number."), code="required")',
    'raise ValidationError({"number": _("Enter the number.")})',
    'raise ValidationError({"number": "Enter the number."})',
    'raise ValidationError([_("Enter the number.")], code=RegistryErrorCode.NUMBER_REQUIRED.value)',
    'raise SignatureRefused("wrong_password")',
    'raise TooManyReports',
    'raise RegisterUnavailable("The register is down.")',
    'raise RegisterUnavailable("The register is down.", code="http_503")',
    'form.add_error("email", _("Type the e-mail address."))',
])
def test_an_error_without_a_code_fails(source):
    assert any("code" in what for what in _problems(source)), source


@pytest.mark.parametrize("source", [
    'raise ValidationError("Enter the number.", code=RegistryErrorCode.NUMBER_REQUIRED.value)',
    'raise ValidationError(f"Enter {x}.", code=RegistryErrorCode.NUMBER_REQUIRED.value)',
    'raise ResumeRefused("Wrong code.", code=PrimaryErrorCode.RETURN_CODE_WRONG.value)',
])
def test_an_untranslated_message_fails(source):
    assert any("not translated" in what for what in _problems(source)), source


def test_a_message_passed_in_without_a_code_fails():
    problems = _problems('''
        def _no_future(value, message):
            if value and value > date.today():
                raise forms.ValidationError(message)
    ''')
    assert any("needs code=" in what for what in problems)


def test_a_message_collected_without_a_code_fails():
    problems = _problems('''
        def clean(self):
            errors = {}
            errors["subgroup_a"] = _("Subgroup A exists only in group I.")
            raise ValidationError(errors)
    ''')
    assert any("collects a message" in what for what in problems)


def test_a_code_with_two_messages_and_a_message_written_twice_fail():
    problems = _problems('''
        raise ValidationError(_("Enter the number."), code=RegistryErrorCode.NUMBER_REQUIRED.value)
        raise ValidationError(_("Type the number."), code=RegistryErrorCode.NUMBER_REQUIRED.value)
        raise ValidationError(_("Type the number."), code=RegistryErrorCode.NUMBER_TYPED.value)
    ''')
    assert any("one code, one message" in what for what in problems)
    assert any("written at 2 places" in what for what in problems)


def test_an_unlisted_exception_class_fails():
    problems = _problems("class QuotaExceeded(Exception):\n    pass\n")
    assert any("QuotaExceeded is not listed" in what for what in problems)


def test_coded_errors_pass():
    assert _problems('''
        raise ValidationError(_("Enter the number."), code=RegistryErrorCode.NUMBER_REQUIRED.value)
        raise ValidationError({"number": ValidationError(_("Type it."), code=RegistryErrorCode.TYPED.value)})
        raise SignatureRefused(code=SignatureErrorCode.WRONG_PASSWORD.value)
        raise RegisterUnavailable("The register is down.", code=IntegrationsErrorCode.TIMEOUT.value)
    ''') == []


def test_every_signature_refusal_code_has_its_messages():
    """A refusal without an entry in REFUSALS would show its bare code to the person."""
    from cbi.signatures.error_codes import SignaturesErrorCode
    from cbi.signatures.refusals import REFUSALS

    forms_codes = {SignaturesErrorCode.KEY_FILE_TOO_LARGE, SignaturesErrorCode.KEY_FILE_EMPTY,
                   SignaturesErrorCode.RNOKPP_DIGITS, SignaturesErrorCode.PAGE_EXPIRED,
                   SignaturesErrorCode.SIGNATURE_MISSING}
    assert {code.value for code in SignaturesErrorCode if code not in forms_codes} == set(REFUSALS)
