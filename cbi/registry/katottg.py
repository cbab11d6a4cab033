"""Reading the territorial codifier КАТОТТГ into ``Territory`` rows.

The loader takes the model class as an argument so that the data migration can
pass its historical model and the management command the current one.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from .names import search_key

LEVEL_COLUMNS = ("level1", "level2", "level3", "level4", "extra_level")

# How each category is written in a postal-style address.
DISPLAY = {
    "O": "{} обл.",
    "K": "м. {}",
    "P": "{} р-н",
    "H": "{} громада",
    "M": "м. {}",
    "X": "с-ще {}",
    "C": "с. {}",
    "B": "{} р-н",
}
CRIMEA_CODE = "UA01000000000013043"


def display_name(category: str, name: str, code: str) -> str:
    if code == CRIMEA_CODE:
        return name
    return DISPLAY.get(category, "{}").format(name)


def read_rows(path: Path) -> Iterator[dict]:
    """Yield dicts with code, parent, region_code, category, name, full_name."""
    names: dict[str, str] = {}
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            chain: list[str] = []
            for column in LEVEL_COLUMNS:
                code = (row[column] or "").strip()
                if code and (not chain or chain[-1] != code):
                    chain.append(code)
            code = chain[-1]
            category = row["category"].strip()
            name = row["name"].strip()
            names[code] = display_name(category, name, code)
            yield {
                "code": code,
                "parent": chain[-2] if len(chain) > 1 else None,
                "region_code": chain[0],
                "category": category,
                "name": name,
                "full_name": ", ".join(names[c] for c in chain if c in names),
            }


def load(territory_model, path: Path, *, batch_size: int = 2000) -> tuple[int, int]:
    """Insert new units and update changed ones. Returns (created, updated)."""
    existing = {
        t["code"]: t
        for t in territory_model.objects.values("code", "name", "category", "parent_id", "full_name", "name_key")
    }
    to_create, to_update = [], []
    created = updated = 0
    for row in read_rows(path):
        obj = territory_model(
            code=row["code"], name=row["name"], category=row["category"], parent_id=row["parent"],
            region_code=row["region_code"], full_name=row["full_name"], name_key=search_key(row["name"]),
        )
        old = existing.get(row["code"])
        if old is None:
            to_create.append(obj)
        elif (old["name"], old["category"], old["parent_id"], old["full_name"], old["name_key"]) != (
            row["name"], row["category"], row["parent"], row["full_name"], obj.name_key
        ):
            to_update.append(obj)
        if len(to_create) >= batch_size:
            territory_model.objects.bulk_create(to_create)
            created += len(to_create)
            to_create = []
    territory_model.objects.bulk_create(to_create)
    created += len(to_create)
    fields = ["name", "category", "parent", "region_code", "full_name", "name_key"]
    territory_model.objects.bulk_update(to_update, fields, batch_size=batch_size)
    updated += len(to_update)
    return created, updated
