"""DSTU 4145-2002 signature verification through the kept JavaScript implementation.

No maintained Python library implements DSTU 4145 (docs/signatures.md, "PyPI search"); the
npm packages ``jkurwa`` (DSTU 4145 on the standard's binary-field curves) and ``gost89``
(GOST 34.311-95) are kept and are what the in-browser signing uses. This backend runs
``cbi/signatures/dstu/verify.js`` in a ``node`` subprocess: one JSON request on stdin, one JSON
answer on stdout, a strict timeout and an input size limit. Any failure — a malformed key or
signature, a timeout, a crash — is ``InvalidSignature``, which ``verify_cms_signature`` turns
into a refusal code, never a 500.

It also computes GOST 34.311-95 digests (``digest``), so ``verify_cms_signature`` checks a DSTU
CAdES signature's message digest and signing-certificate hash. On by default when node and the
pinned packages are installed (``cbi/settings.py``, ``SIGNATURES_BACKENDS``; ``scripts/bootstrap.sh``
runs ``npm ci`` in ``cbi/signatures/dstu``).
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .verifiers import Verifier

OID_DSTU_4145_LE = "1.2.804.2.1.1.1.1.3.1.1"  # DSTU 4145 with GOST 34.311-95, little-endian key
OID_GOST_34311 = "1.2.804.2.1.1.1.1.2.1"  # GOST 34.311-95 hash (CAdES message digest, ESS certificate hash)
SCRIPT_DIR = Path(__file__).resolve().parent / "dstu"
MAX_INPUT_BYTES = 64 * 1024  # a signature's signed attributes or a certificate's TBS are a few KB


def _timeout() -> float:
    return float(getattr(settings, "SIGNATURES_DSTU_TIMEOUT", 5))


class DstuNodeBackend(Verifier):
    name = "dstu-node"
    key_formats = frozenset()  # it never opens a key: signing happens on the person's device
    key_algorithms = frozenset({OID_DSTU_4145_LE})
    hash_algorithms = frozenset({OID_GOST_34311})

    def __init__(self):
        self.node = shutil.which("node")
        if not self.node:
            raise ImproperlyConfigured("DstuNodeBackend needs Node.js (apt-get install nodejs).")
        if not (SCRIPT_DIR / "node_modules" / "jkurwa").is_dir():
            raise ImproperlyConfigured(f"DstuNodeBackend needs its packages: cd {SCRIPT_DIR} && npm ci")

    def sign_nonce(self, **kwargs):
        raise NotImplementedError("the server never signs with a person's key")

    def _run(self, request: dict) -> dict:
        """One node run; any failure (crash, timeout, garbage) is an empty answer."""
        try:
            completed = subprocess.run([self.node, str(SCRIPT_DIR / "verify.js")], input=json.dumps(request).encode(),
                                       capture_output=True, timeout=_timeout(), check=False, cwd=SCRIPT_DIR)
            answer = json.loads(completed.stdout or b"{}")
        except (subprocess.TimeoutExpired, OSError, ValueError):
            return {}
        return answer if isinstance(answer, dict) else {}

    def digest(self, hash_oid: str, data: bytes) -> bytes:
        """GOST 34.311-95 of ``data``; ``ValueError`` for another hash, input too large or no answer."""
        if hash_oid != OID_GOST_34311 or len(data) > MAX_INPUT_BYTES:
            raise ValueError("no GOST 34.311 digest for this input")
        answer = self._run({"op": "hash", "data": base64.b64encode(data).decode()})
        try:
            return base64.b64decode(answer["digest"], validate=True)
        except (KeyError, TypeError, ValueError):
            raise ValueError("the DSTU verifier did not answer") from None

    def verify_signature(self, *, public_key_info, signature_algorithm, hash_name, data, signature):
        """The DSTU 4145 signature algorithm OID implies GOST 34.311-95; ``hash_name`` is ignored."""
        spki = public_key_info.dump()
        if len(spki) + len(data) + len(signature) > MAX_INPUT_BYTES:
            raise InvalidSignature("input too large")
        answer = self._run({"spki": base64.b64encode(spki).decode(), "data": base64.b64encode(data).decode(),
                            "signature": base64.b64encode(signature).decode()})
        if answer.get("ok") is not True:
            raise InvalidSignature("DSTU 4145 signature does not verify")


def available() -> bool:
    """Node and the pinned packages are installed (``scripts/bootstrap.sh`` runs ``npm ci``)."""
    return bool(shutil.which("node")) and (SCRIPT_DIR / "node_modules" / "jkurwa").is_dir()
