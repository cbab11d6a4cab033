"""Read a generated PDF back and check it is a tagged PDF/UA-1 document (docs/letters.md)."""

from __future__ import annotations

import io

from pypdf import PdfReader


def pdf_ua_text(content: bytes, *, title: str) -> str:
    """Assert the PDF is marked, has a structure tree, language ``uk``, the ``title`` shown as
    the window title and the PDF/UA identifier in its XMP metadata; return its text with
    whitespace collapsed."""
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert "/StructTreeRoot" in root and root["/StructTreeRoot"].get_object()["/K"]
    assert root["/Lang"] == "uk"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert reader.metadata.title == title
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp or "<pdfuaid:part>1</pdfuaid:part>" in xmp
    assert title in xmp
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def structure_roles(content: bytes) -> set[str]:
    """The structure types used in the tag tree (H1, P, Table, TH, TD, L, LI …)."""
    reader = PdfReader(io.BytesIO(content))
    roles: set[str] = set()
    stack = [reader.trailer["/Root"]["/StructTreeRoot"].get_object()]
    while stack:
        node = stack.pop()
        if hasattr(node, "get_object"):
            node = node.get_object()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not hasattr(node, "get"):
            continue
        if "/S" in node:
            roles.add(str(node["/S"]).lstrip("/"))
        kids = node.get("/K")
        if kids is not None:
            stack.append(kids)
    return roles


def appeal_sentences(*, decided_by: str) -> list[str]:
    """The two appeal sentences a refusal must carry (in Ukrainian, whitespace collapsed)."""
    from django.template.loader import render_to_string
    from django.utils.translation import override

    from cbi.letters.appeals import appeal_context

    context = {"appeal": appeal_context(decided_by=decided_by)}
    with override("uk"):
        return [" ".join(render_to_string(f"letters/_appeal_{part}.txt", context).split())
                for part in ("complaint", "court")]
