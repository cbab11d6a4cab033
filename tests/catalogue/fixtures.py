"""The ``catalogue`` fixture: the shipped reference data, loaded, with a few handy
products. Registered for the whole suite in ``tests/conftest.py`` (pytest_plugins)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from cbi.catalogue.models import Product, Supplier
from cbi.catalogue.services import load_catalogue

KYIV = "UA80000000000093317"
LVIV_OBLAST = "UA46000000000026241"


@pytest.fixture
def catalogue(db):
    """Groups, 80+ products and 14 suppliers as in ``cbi/catalogue/data/catalogue.json``.

    Handy attributes: ``wheelchair`` (manual, indoor, 12 22 03, 4 years), ``crutches``
    (elbow crutches, 12 03 06, 2 years), ``hearing_aid`` (behind-the-ear, 22 06 18, 4 years),
    ``prosthesis`` (modular transtibial, 06 24 09, 3 years), ``kyiv_prosthetist`` (a supplier of
    prostheses serving Kyiv)."""
    load_catalogue()

    def product(name: str) -> Product:
        return Product.objects.select_related("group").get(name=name)

    return SimpleNamespace(
        wheelchair=product("Крісло колісне з ручним приводом кімнатне"),
        crutches=product("Милиці ліктьові"),
        hearing_aid=product("Слуховий апарат завушний цифровий"),
        prosthesis=product("Протез гомілки модульний"),
        kyiv_prosthetist=Supplier.objects.get(name="ТОВ «Протезно-ортопедичний центр «Новий крок»»"),
    )
