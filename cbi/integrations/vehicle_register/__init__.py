"""Adapter of the MIA unified state register of vehicles (CQ-ELIG-5).

- `contract`: the request, the answer and the errors as Python types (docs/integrations.md);
- `http_client`: the real HTTPS client (standard library only);
- `fake`: the embedded fake with deterministic demo data (the default backend);
- `eligibility`: which fetched vehicles the rules engine says disqualify (CQ-ELIG-2/3);
- `get_client()`: the backend chosen by the settings.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .contract import (
    RegisterAnswer,
    RegisterError,
    RegisterProtocolError,
    RegisterRejected,
    RegisterUnavailable,
    RegisterVehicle,
    VehicleQuery,
    VehicleRegisterClient,
    Whose,
)

#: Every setting this adapter reads, with its default (read with getattr, so they work
#: before settings.py names them).
DEFAULTS: dict[str, object] = {
    "VEHICLE_REGISTER_BACKEND": "fake",  # "fake" | "http"
    "VEHICLE_REGISTER_URL": "",
    "VEHICLE_REGISTER_TOKEN": "",
    "VEHICLE_REGISTER_CLIENT_CERT": "",
    "VEHICLE_REGISTER_CLIENT_KEY": "",
    "VEHICLE_REGISTER_CA_BUNDLE": "",
    "VEHICLE_REGISTER_REQUESTER": "",
    "VEHICLE_REGISTER_CONNECT_TIMEOUT": 5.0,
    "VEHICLE_REGISTER_TIMEOUT": 20.0,
    "VEHICLE_REGISTER_RETRIES": 2,
    "VEHICLE_REGISTER_BACKOFF": 0.5,
    "VEHICLE_REGISTER_FAKE_DOWN": False,
    "VEHICLE_CHECK_MAX_ATTEMPTS": 8,
    "VEHICLE_CHECK_RETRY_DELAY": 600,
    "VEHICLE_CHECK_RETRY_MAX_DELAY": 6 * 3600,
    "VEHICLE_RECHECK_PERSONS": "",
}


def setting(name: str):
    return getattr(settings, name, DEFAULTS[name])


def get_client() -> VehicleRegisterClient:
    """The backend named by VEHICLE_REGISTER_BACKEND (default: the fake)."""
    backend = str(setting("VEHICLE_REGISTER_BACKEND")).strip().lower()
    if backend == "fake":
        from .fake import FakeVehicleRegister

        return FakeVehicleRegister(down=bool(setting("VEHICLE_REGISTER_FAKE_DOWN")))
    if backend == "http":
        from .http_client import HttpSettings, HttpVehicleRegisterClient

        url = str(setting("VEHICLE_REGISTER_URL") or "")
        if not url:
            raise ImproperlyConfigured("VEHICLE_REGISTER_BACKEND is 'http' but VEHICLE_REGISTER_URL is empty")
        token = str(setting("VEHICLE_REGISTER_TOKEN") or "")
        cert = str(setting("VEHICLE_REGISTER_CLIENT_CERT") or "")
        if not token and not cert:
            raise ImproperlyConfigured(
                "The vehicle register needs VEHICLE_REGISTER_TOKEN or VEHICLE_REGISTER_CLIENT_CERT (mutual TLS)"
            )
        try:
            return HttpVehicleRegisterClient(HttpSettings(
                url=url,
                token=token,
                connect_timeout=float(setting("VEHICLE_REGISTER_CONNECT_TIMEOUT")),
                read_timeout=float(setting("VEHICLE_REGISTER_TIMEOUT")),
                retries=int(setting("VEHICLE_REGISTER_RETRIES")),
                backoff=float(setting("VEHICLE_REGISTER_BACKOFF")),
                client_cert=cert,
                client_key=str(setting("VEHICLE_REGISTER_CLIENT_KEY") or ""),
                ca_bundle=str(setting("VEHICLE_REGISTER_CA_BUNDLE") or ""),
                requester=str(setting("VEHICLE_REGISTER_REQUESTER") or ""),
            ))
        except ValueError as exc:
            raise ImproperlyConfigured(str(exc)) from exc
    raise ImproperlyConfigured("VEHICLE_REGISTER_BACKEND must be 'fake' or 'http'")


__all__ = [
    "DEFAULTS", "RegisterAnswer", "RegisterError", "RegisterProtocolError", "RegisterRejected",
    "RegisterUnavailable", "RegisterVehicle", "VehicleQuery", "VehicleRegisterClient", "Whose",
    "get_client", "setting",
]
