"""The test PKI and a trust list made of it, shared by every test that signs
in with a КЕП (registered as a pytest plugin in tests/conftest.py)."""

from __future__ import annotations

import pytest

from cbi.signatures import trust

from . import pki as pki_module


@pytest.fixture(scope="session")
def pki():
    return pki_module.build()


@pytest.fixture
def test_trust(pki, settings, tmp_path):
    """The test trust list: two test providers under a test root, and a local CRL."""
    bundle, providers, crl = pki.write_trust_files(tmp_path)
    settings.SIGNATURES_CA_BUNDLE = str(bundle)
    settings.SIGNATURES_PROVIDERS_FILE = str(providers)
    settings.SIGNATURES_CRL_FILES = [str(crl)]
    trust.clear_cache()
    yield trust.get_trust_list()
    trust.clear_cache()
