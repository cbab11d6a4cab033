"""Draw docs/architecture.svg: the apps of cbi/ in the layers of .importlinter, with the
imports between them taken from the real import graph (grimp, which import-linter ships).

    .venv/bin/python scripts/draw_architecture.py        # rewrite docs/architecture.svg

Fails when an app in cbi/ is in no layer, so the picture cannot silently fall behind.
"""

from __future__ import annotations

import configparser
import sys
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = "importlinter:contract:apps-import-downwards"
BOX_W, BOX_H, GAP_X, ROW_H, LEFT, TOP = 118, 30, 14, 52, 150, 60


def apps_on_disk() -> list[str]:
    names = [p.name for p in (ROOT / "cbi").iterdir() if (p / "__init__.py").exists()]
    return sorted(names + ["urls"])


def layers() -> list[list[str]]:
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    lines = [line.strip() for line in config[CONTRACT]["layers"].splitlines() if line.strip()]
    return [[name.strip() for name in line.split("|")] for line in lines]


def app_edges() -> set[tuple[str, str]]:
    import grimp

    sys.path.insert(0, str(ROOT))
    graph = grimp.build_graph("cbi", cache_dir=None)
    edges = set()
    for module in graph.modules:
        parts = module.split(".")
        if len(parts) < 2:
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            other = imported.split(".")
            if len(other) >= 2 and other[0] == "cbi" and other[1] != parts[1]:
                edges.add((parts[1], other[1]))
    return edges


def draw(rows: list[list[str]], edges: set[tuple[str, str]]) -> str:
    width = LEFT + max(len(r) for r in rows) * (BOX_W + GAP_X) + 20
    height = TOP + len(rows) * ROW_H + 20
    centre = {}
    for i, row in enumerate(rows):
        for j, app in enumerate(row):
            centre[app] = (LEFT + j * (BOX_W + GAP_X) + BOX_W / 2, TOP + i * ROW_H + BOX_H / 2)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="t d" font-family="sans-serif">',
        '<title id="t">The apps of cbi and the order of their layers</title>',
        '<desc id="d">Each row imports only the rows below it; apps in one row import neither each other. '
        'Grey lines are the imports between apps; dashed ones are the two allowed crossings '
        '(audit.access reading each app\'s scope selector, integrations using the pure car-queue engine).</desc>',
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        f'<text x="10" y="28" font-size="16" font-weight="bold">Layers of cbi (top imports down), '
        f'from .importlinter and the import graph</text>',
    ]
    for a, b in sorted(edges):
        if a not in centre or b not in centre:
            continue
        (x1, y1), (x2, y2) = centre[a], centre[b]
        upward = y2 < y1 or (y2 == y1)
        style = 'stroke="#c0392b" stroke-dasharray="4 3"' if upward else 'stroke="#b8b8b8"'
        out.append(f'<line x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}" {style} stroke-width="1"/>')
    for i, row in enumerate(rows):
        y = TOP + i * ROW_H
        out.append(f'<text x="10" y="{y + 20}" font-size="12" fill="#333">layer {i + 1}</text>')
        for j, app in enumerate(row):
            x = LEFT + j * (BOX_W + GAP_X)
            out.append(f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="4" '
                       f'fill="#eef4fb" stroke="#1f4e79"/>')
            out.append(f'<text x="{x + BOX_W / 2}" y="{y + 20}" font-size="13" text-anchor="middle" '
                       f'fill="#102a43">{escape(app)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main() -> int:
    rows = layers()
    placed = {app for row in rows for app in row}
    missing = sorted(set(apps_on_disk()) - placed)
    if missing:
        print(f"apps in no layer of .importlinter: {', '.join(missing)}", file=sys.stderr)
        return 1
    (ROOT / "docs" / "architecture.svg").write_text(draw(rows, app_edges()), encoding="utf-8")
    print("wrote docs/architecture.svg")
    return 0


if __name__ == "__main__":
    sys.exit(main())
