"""The test PKI and a trust list made of it, shared by every test that signs
in with a КЕП (registered as a pytest plugin in tests/conftest.py)."""

from __future__ import annotations

import pytest

from cbi.signatures import trust

from . import dstu_pki as dstu_pki_module
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


@pytest.fixture(scope="session")
def dstu_pki():
    """A DSTU 4145 test CA and persons made with jkurwa (skipped where node or `npm ci` is missing)."""
    if not dstu_pki_module.available():
        pytest.skip("DSTU 4145 needs node and `npm ci` in cbi/signatures/dstu (scripts/bootstrap.sh)")
    return dstu_pki_module.build()


@pytest.fixture
def dstu_trust(pki, dstu_pki, settings, tmp_path):
    """The test trust list with the DSTU test CA as a third provider, and the DSTU backend on."""
    bundle, providers, crl = pki.write_trust_files(tmp_path, extra_cas=[dstu_pki.ca],
                                                   extra_providers=[dstu_pki.provider()])
    settings.SIGNATURES_CA_BUNDLE = str(bundle)
    settings.SIGNATURES_PROVIDERS_FILE = str(providers)
    settings.SIGNATURES_CRL_FILES = [str(crl)]
    settings.SIGNATURES_BACKENDS = ["cbi.signatures.dstu_backend.DstuNodeBackend",
                                    "cbi.signatures.verifiers.StandardBackend"]
    trust.clear_cache()
    yield trust.get_trust_list()
    trust.clear_cache()
