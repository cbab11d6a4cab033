"""Fixtures of the signatures tests: a PKI generated at test time, a trust list
made of it, and no way to reach the network (the real providers' hosts must
never be contacted)."""

from __future__ import annotations

import ipaddress
import socket

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


def _is_local(address) -> bool:
    if isinstance(address, (str, bytes)):  # a Unix socket
        return True
    host = address[0]
    if host in ("localhost", "testserver"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    real_connect = socket.socket.connect

    def guarded(self, address):
        if not _is_local(address):
            raise AssertionError(f"a test tried to reach the network: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
