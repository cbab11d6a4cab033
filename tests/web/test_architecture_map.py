"""The map in docs/architecture.md stays true: every app in cbi/ has a layer in .importlinter,
a box in docs/architecture.svg and a row in the layers table a newcomer reads."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def apps_in_cbi() -> set[str]:
    return {p.name for p in (ROOT / "cbi").iterdir() if (p / "__init__.py").exists()}


def layered_apps() -> list[str]:
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    text = config["importlinter:contract:apps-import-downwards"]["layers"]
    return [name.strip() for line in text.splitlines() for name in line.split("|") if name.strip()]


def test_every_app_has_a_layer_in_the_import_contract():
    assert apps_in_cbi() - set(layered_apps()) == set()


def test_every_app_is_drawn_in_the_picture():
    svg = (ROOT / "docs" / "architecture.svg").read_text(encoding="utf-8")
    drawn = set(re.findall(r'text-anchor="middle"[^>]*>([a-z_]+)</text>', svg))
    assert apps_in_cbi() - drawn == set()
    # The picture draws the layers in the order of the contract.
    assert [name for name in re.findall(r'text-anchor="middle"[^>]*>([a-z_]+)</text>', svg)] == layered_apps()


def test_every_app_is_in_the_layers_table():
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    table = doc.split("### The order of the apps", 1)[1].split("How the circles", 1)[0]
    rows = [line for line in table.splitlines() if re.match(r"\| \d+ \|", line)]
    in_table = {name for row in rows for name in re.findall(r"`([a-z_]+)`", row.split("|")[2])}
    assert apps_in_cbi() - in_table == set()
    assert len(rows) == _layer_count()


def _layer_count() -> int:
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    return len([line for line in config["importlinter:contract:apps-import-downwards"]["layers"].splitlines()
                if line.strip()])
