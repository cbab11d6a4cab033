"""Fixtures of the signatures tests: a PKI generated at test time, a trust list
made of it, and no way to reach the network (the real providers' hosts must
never be contacted)."""

from __future__ import annotations

import ipaddress
import socket

import pytest



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
