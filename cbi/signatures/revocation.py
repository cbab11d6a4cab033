"""Revocation without the network: local CRL files.

The real providers publish revocation through OCSP and CRLs on their own
hosts; this service may not contact them (no network, hermetic tests). So a
certificate is treated as revoked ("revoked-looking") when it is listed in one
of the CRL files named by ``SIGNATURES_CRL_FILES`` (a list of paths, DER or
PEM; default none). A CRL counts only if its issuer is the certificate's
issuer and its signature verifies with that issuer's key. Operators who want
revocation checks for real providers download their CRLs on a schedule into
these paths (a job outside the web service). A missing configured file is a
configuration error: the check fails closed rather than silently skipping.

Limitation: without fresh CRLs (or OCSP) a certificate revoked after the last
download is accepted. See docs/signatures.md.
"""

from __future__ import annotations

import logging
from pathlib import Path

from asn1crypto import crl, pem, x509
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger("cbi.signatures")


def crl_paths() -> list[Path]:
    value = getattr(settings, "SIGNATURES_CRL_FILES", None) or []
    if isinstance(value, (str, Path)):
        value = [value]
    return [Path(p) for p in value]


def load_crls() -> list[crl.CertificateList]:
    lists = []
    for path in crl_paths():
        try:
            data = path.read_bytes()
        except OSError as error:
            raise ImproperlyConfigured(f"SIGNATURES_CRL_FILES: cannot read {path}") from error
        if pem.detect(data):
            lists.extend(crl.CertificateList.load(der) for _k, _h, der in pem.unarmor(data, multiple=True))
        else:
            lists.append(crl.CertificateList.load(data))
    return lists


def is_revoked(certificate: x509.Certificate, issuer: x509.Certificate, verify) -> bool:
    """Whether a trusted local CRL of ``issuer`` lists ``certificate``.

    ``verify(public_key_info, signature_algorithm, data, signature)`` checks the
    CRL's signature (raises on failure) — the backends' verification."""
    serial = certificate.serial_number
    for certificate_list in load_crls():
        tbs = certificate_list["tbs_cert_list"]
        if tbs["issuer"] != issuer.subject:
            continue
        try:
            verify(issuer.public_key, certificate_list["signature_algorithm"], tbs.dump(),
                   certificate_list["signature"].native)
        except Exception:  # noqa: BLE001 — an unverifiable CRL is ignored, loudly
            logger.warning("signatures: ignoring a CRL whose signature does not verify (issuer %s)",
                           issuer.subject.human_friendly)
            continue
        for entry in tbs["revoked_certificates"] or []:
            if entry["user_certificate"].native == serial:
                return True
    return False
