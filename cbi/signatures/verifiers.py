"""Qualified e-signature (КЕП) verification with pluggable backends.

Two entry points:

``verify_cms_signature(cms_bytes, nonce, provider_id)``
    The only one the pages use: a SignedData the person made on their own device
    (their signing application, or the browser) over the page's one-time check;
    the server never receives a private key (issue 18, docs/signatures.md).

``verify_key_file(provider_id=…, key_file_bytes=…, password=…, nonce=…)``
    A library function kept for the unit tests' key files: it opens a key in
    memory, signs the nonce and verifies the result with ``verify_cms_signature``.
    No view or form calls it.

What is verified: the SignedData structure; the encapsulated content is the
nonce; message-digest; the signature over the signed attributes; the
signing-certificate-v2 hash; signing-time close to now; the certificate's
validity at signing time; its key usage allows signing; the chain to a CA of
the trust list, each link's signature and validity at signing time; that the
issuing CA belongs to the provider the person chose; local CRLs
(``revocation``); and the РНОКПП in the certificate.

Backends (``Verifier``) are registered per key-file format and per public-key
algorithm. The ``StandardBackend`` handles PKCS#12/PFX and PKCS#8 with RSA and
ECDSA keys through ``cryptography``. DSTU 4145 signatures are verified by
``dstu_backend.DstuNodeBackend`` (jkurwa in node; on by default where node is
installed), which also computes the GOST 34.311-95 digests (``digest``); without it
they are refused with ``unsupported_key_format_dstu``, which points to the
authorization code and to id.gov.ua. See docs/signatures.md.

Never logged, stored or put in an exception: the key, the password, the
РНОКПП. Only refusal codes and the provider id are logged.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import re
import threading
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta

from asn1crypto import algos, keys, pem, x509
from cryptography import x509 as cx509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import timezone
from django.utils.module_loading import import_string

from . import cades, keyfiles, revocation, trust
from .error_codes import SignaturesErrorCode
from .refusals import REFUSALS, SignatureRefused

logger = logging.getLogger("cbi.signatures")

OID_RSA = "1.2.840.113549.1.1.1"
OID_RSA_PSS = "1.2.840.113549.1.1.10"
OID_EC = "1.2.840.10045.2.1"
OID_DSTU_4145_LE = "1.2.804.2.1.1.1.1.3.1.1"
OID_DSTU_4145_BE = "1.2.804.2.1.1.1.1.3.1.2"
DSTU_OID_ARC = "1.2.804.2.1.1.1"  # Ukrainian algorithms: DSTU 4145 keys, GOST 34.311 / DSTU 7564 hashes
OID_SERIAL_NUMBER = "2.5.4.5"
OID_DRFO = "1.2.804.2.1.1.1.11.1.4.1.1"  # РНОКПП (ДРФО code) in subjectDirectoryAttributes
SIGNING_KEY_USAGES = {"digital_signature", "non_repudiation"}

__all__ = [
    "SignatureRefused", "SignerIdentity", "Verifier", "StandardBackend", "REFUSALS",
    "verify_key_file", "verify_cms_signature", "register_backend", "backends",
    "backend_for_format", "backend_for_key_algorithm", "extract_rnokpp",
]


@dataclass(frozen=True)
class SignerIdentity:
    """Who signed: read from a verified qualified certificate."""

    rnokpp: str
    full_name: str
    surname: str
    given_names: str
    certificate_serial: str  # hex
    issuer: str  # issuer common name
    valid_from: datetime
    valid_to: datetime
    provider_id: str
    provider_name: str
    signing_time: datetime

    def __repr__(self) -> str:  # keep the РНОКПП out of tracebacks and debug output
        return f"SignerIdentity(provider_id={self.provider_id!r}, certificate_serial={self.certificate_serial!r})"

    def as_dict(self) -> dict:
        return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in asdict(self).items()}


# --- Backends ------------------------------------------------------------------------------

class Verifier:
    """A verifier backend.

    ``key_formats``: the key-file formats (``keyfiles.detect`` names) whose keys
    it can open and sign with; ``key_algorithms``: the public-key algorithm
    OIDs whose signatures it can verify (signer and CA certificates, CRLs).

    A DSTU backend (for example UAPKI through ``ctypes``, or a vendor library)
    sets ``key_formats = keyfiles.DSTU_FORMATS`` and ``key_algorithms =
    {OID_DSTU_4145_LE, OID_DSTU_4145_BE}`` and implements both methods; it must
    keep the key in memory only and return a CAdES-BES SignedData."""

    name: str = ""
    key_formats: frozenset[str] = frozenset()
    key_algorithms: frozenset[str] = frozenset()
    hash_algorithms: frozenset[str] = frozenset()  # digest OIDs it computes beyond hashlib's (GOST 34.311-95)

    def digest(self, hash_oid: str, data: bytes) -> bytes:
        """The digest of ``data`` with one of ``hash_algorithms``; ``ValueError`` if it cannot."""
        raise NotImplementedError

    def sign_nonce(self, *, key_file: bytes, key_format: str, password: str, nonce: bytes,
                   certificate_file: bytes | None = None) -> bytes:
        """Open the key with the password and return a DER CMS SignedData over
        ``nonce`` (attached), with content-type, message-digest, signing-time
        and signing-certificate-v2 signed attributes and the signer's
        certificate. Raise ``SignatureRefused`` (wrong_password, not_a_key_file,
        certificate_missing, key_certificate_mismatch, …)."""
        raise NotImplementedError

    def verify_signature(self, *, public_key_info: keys.PublicKeyInfo,
                         signature_algorithm: algos.SignedDigestAlgorithm, hash_name: str,
                         data: bytes, signature: bytes) -> None:
        """Raise ``cryptography.exceptions.InvalidSignature`` unless ``signature``
        over ``data`` verifies with the public key."""
        raise NotImplementedError


_HASHES = {"sha1": hashes.SHA1, "sha224": hashes.SHA224, "sha256": hashes.SHA256,
           "sha384": hashes.SHA384, "sha512": hashes.SHA512}


class StandardBackend(Verifier):
    """PKCS#12/PFX and PKCS#8 (PEM or DER) keys with RSA or ECDSA, via ``cryptography``."""

    name = "standard"
    key_formats = keyfiles.STANDARD_FORMATS
    key_algorithms = frozenset({OID_RSA, OID_RSA_PSS, OID_EC})

    # -- signing --
    def sign_nonce(self, *, key_file, key_format, password, nonce, certificate_file=None):
        private_key, certificates = self._open(key_file, key_format, password)
        try:
            if certificate_file:
                certificates = self._read_certificate_file(certificate_file) + certificates
            certificate, chain = self._signer_certificate(private_key, certificates)
            hash_name = _hash_for(private_key)
            signing_time = timezone.now().astimezone(UTC).replace(microsecond=0)
            attributes = cades.signed_attributes(content=nonce, certificate=certificate,
                                                 signing_time=signing_time, hash_name=hash_name)
            to_sign = attributes.dump()
            if isinstance(private_key, rsa.RSAPrivateKey):
                signature = private_key.sign(to_sign, padding.PKCS1v15(), _HASHES[hash_name]())
                algorithm = f"{hash_name}_rsa"
            else:
                signature = private_key.sign(to_sign, ec.ECDSA(_HASHES[hash_name]()))
                algorithm = f"{hash_name}_ecdsa"
            return cades.assemble(content=nonce, certificate=certificate, chain=chain, attributes=attributes,
                                  signature=signature, signature_algorithm=algorithm, hash_name=hash_name)
        finally:
            del private_key

    def _open(self, data: bytes, key_format: str, password: str):
        secret = password.encode("utf-8") if password else None
        try:
            if key_format == "pkcs12":
                return self._open_pkcs12(data, secret)
            if key_format == "pkcs8_pem":
                return self._open_pem(data, secret)
            if key_format == "pkcs8_der":
                key = _load_private_key(serialization.load_der_private_key, data, secret)
                return _usable(key, data), []
        finally:
            secret = None
        raise SignatureRefused(code=SignaturesErrorCode.NOT_A_KEY_FILE.value)

    def _open_pkcs12(self, data: bytes, secret: bytes | None):
        attempts = [secret] if secret else [None, b""]
        for attempt in attempts:
            try:
                bundle = pkcs12.load_pkcs12(data, attempt)
                break
            except UnsupportedAlgorithm:
                raise SignatureRefused(code=SignaturesErrorCode.UNSUPPORTED_KEY_FORMAT_DSTU.value) from None
            except ValueError as error:
                if "password" not in str(error).lower():
                    raise SignatureRefused(code=SignaturesErrorCode.NOT_A_KEY_FILE.value) from None
        else:
            raise SignatureRefused(code=SignaturesErrorCode.WRONG_PASSWORD.value)
        if bundle.key is None:
            raise SignatureRefused(code=SignaturesErrorCode.NOT_A_KEY_FILE.value)
        certificates = []
        if bundle.cert is not None:
            certificates.append(bundle.cert.certificate)
        certificates.extend(c.certificate for c in bundle.additional_certs)
        return _usable(bundle.key, data), [_to_asn1(c) for c in certificates]

    def _open_pem(self, data: bytes, secret: bytes | None):
        key_der, key_type, certificates = None, None, []
        for kind, _headers, der in pem.unarmor(data, multiple=True):
            if kind in ("ENCRYPTED PRIVATE KEY", "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"):
                if key_der is None:
                    key_der, key_type = der, kind
            elif kind in ("CERTIFICATE", "X509 CERTIFICATE"):
                certificates.append(x509.Certificate.load(der))
        if key_der is None:
            raise SignatureRefused(code=SignaturesErrorCode.NOT_A_KEY_FILE.value)
        if key_type in ("RSA PRIVATE KEY", "EC PRIVATE KEY"):  # traditional PEM, maybe with DEK-Info
            block = _pem_block(data, key_type)
            key = _load_private_key(serialization.load_pem_private_key, block, secret)
        else:
            key = _load_private_key(serialization.load_der_private_key, key_der, secret)
        return _usable(key, data), certificates

    @staticmethod
    def _read_certificate_file(data: bytes) -> list[x509.Certificate]:
        try:
            certificates = trust.read_certificates(data)
            for certificate in certificates:
                certificate.native  # noqa: B018 — parse fully now, fail here
        except Exception:  # noqa: BLE001
            raise SignatureRefused(code=SignaturesErrorCode.CERTIFICATE_FILE_INVALID.value) from None
        if not certificates:
            raise SignatureRefused(code=SignaturesErrorCode.CERTIFICATE_FILE_INVALID.value)
        return certificates

    @staticmethod
    def _signer_certificate(private_key, certificates: list[x509.Certificate]):
        if not certificates:
            raise SignatureRefused(code=SignaturesErrorCode.CERTIFICATE_MISSING.value)
        wanted = private_key.public_key().public_bytes(serialization.Encoding.DER,
                                                       serialization.PublicFormat.SubjectPublicKeyInfo)
        for certificate in certificates:
            if certificate.public_key.dump() == wanted:
                chain = [c for c in certificates if c is not certificate]
                return certificate, chain
        raise SignatureRefused(code=SignaturesErrorCode.KEY_CERTIFICATE_MISMATCH.value)

    # -- verification --
    def verify_signature(self, *, public_key_info, signature_algorithm, hash_name, data, signature):
        try:
            public_key = serialization.load_der_public_key(public_key_info.dump())
        except (ValueError, UnsupportedAlgorithm):
            raise InvalidSignature("unsupported public key") from None
        kind = signature_algorithm.signature_algo
        if kind == "rsassa_pkcs1v15" and isinstance(public_key, rsa.RSAPublicKey):
            public_key.verify(signature, data, padding.PKCS1v15(), _HASHES[hash_name]())
        elif kind == "rsassa_pss" and isinstance(public_key, rsa.RSAPublicKey):
            params = signature_algorithm["parameters"]
            pss_hash = _HASHES[params["hash_algorithm"]["algorithm"].native]()
            mgf_hash = _HASHES[params["mask_gen_algorithm"]["parameters"]["algorithm"].native]()
            public_key.verify(signature, data, padding.PSS(mgf=padding.MGF1(mgf_hash),
                                                           salt_length=params["salt_length"].native), pss_hash)
        elif kind == "ecdsa" and isinstance(public_key, ec.EllipticCurvePublicKey):
            public_key.verify(signature, data, ec.ECDSA(_HASHES[hash_name]()))
        else:
            raise InvalidSignature("algorithm does not match the key")


def _hash_for(private_key) -> str:
    if isinstance(private_key, ec.EllipticCurvePrivateKey):
        return {384: "sha384", 521: "sha512"}.get(private_key.curve.key_size, "sha256")
    return "sha256"


def _usable(private_key, data: bytes):
    if isinstance(private_key, (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey)):
        return private_key
    raise SignatureRefused(code=(SignaturesErrorCode.UNSUPPORTED_KEY_FORMAT_DSTU if keyfiles.DSTU_ARC in data
                                 else SignaturesErrorCode.UNSUPPORTED_ALGORITHM).value)


def _load_private_key(loader, data: bytes, secret: bytes | None):
    try:
        return loader(data, password=secret)
    except TypeError as error:
        if "not encrypted" in str(error) and secret is not None:
            return _load_private_key(loader, data, None)  # an unprotected key: the password is not needed
        raise SignatureRefused(code=SignaturesErrorCode.WRONG_PASSWORD.value) from None
    except UnsupportedAlgorithm:
        raise SignatureRefused(code=(SignaturesErrorCode.UNSUPPORTED_KEY_FORMAT_DSTU if keyfiles.DSTU_ARC in data
                                     else SignaturesErrorCode.UNSUPPORTED_ALGORITHM).value) from None
    except ValueError as error:
        text = str(error).lower()
        if "password" in text or "decrypt" in text:
            raise SignatureRefused(code=SignaturesErrorCode.WRONG_PASSWORD.value) from None
        if keyfiles.DSTU_ARC in data:
            raise SignatureRefused(code=SignaturesErrorCode.UNSUPPORTED_KEY_FORMAT_DSTU.value) from None
        raise SignatureRefused(code=SignaturesErrorCode.NOT_A_KEY_FILE.value) from None


def _pem_block(data: bytes, kind: str) -> bytes:
    match = re.search(rb"-----BEGIN " + kind.encode() + rb"-----.*?-----END " + kind.encode() + rb"-----", data, re.S)
    return match.group(0) if match else b""


def _to_asn1(certificate: cx509.Certificate) -> x509.Certificate:
    return x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


# --- Registry --------------------------------------------------------------------------------

_registry_lock = threading.Lock()
_configured: list[Verifier] | None = None
_registered: list[Verifier] = []


def backends() -> list[Verifier]:
    """Backends in order: registered at run time, then ``SIGNATURES_BACKENDS``
    (dotted paths of ``Verifier`` classes; default the standard backend)."""
    global _configured
    with _registry_lock:
        if _configured is None:
            paths = getattr(settings, "SIGNATURES_BACKENDS", None) or ["cbi.signatures.verifiers.StandardBackend"]
            _configured = [import_string(path)() for path in paths]
        return [*_registered, *_configured]


def register_backend(backend: Verifier) -> None:
    with _registry_lock:
        _registered.insert(0, backend)


def unregister_backend(backend: Verifier) -> None:
    with _registry_lock:
        if backend in _registered:
            _registered.remove(backend)


@receiver(setting_changed)
def _settings_changed(*, setting, **kwargs):
    global _configured
    if setting == "SIGNATURES_BACKENDS":
        with _registry_lock:
            _configured = None


def backend_for_format(key_format: str) -> Verifier | None:
    return next((b for b in backends() if key_format in b.key_formats), None)


def backend_for_key_algorithm(oid: str) -> Verifier | None:
    return next((b for b in backends() if oid in b.key_algorithms), None)


def extra_digests() -> frozenset[str]:
    return frozenset().union(*(b.hash_algorithms for b in backends()))


def digest(hash_name: str, data: bytes) -> bytes:
    """hashlib for the standard hashes (by name); a backend's digest for the DSTU family (by OID).
    ``ValueError`` when nothing computes it."""
    if hash_name in cades.HASHES:
        return hashlib.new(hash_name, data).digest()
    backend = next((b for b in backends() if hash_name in b.hash_algorithms), None)
    if backend is None:
        raise ValueError("no implementation of this digest")
    return backend.digest(hash_name, data)


def key_algorithm_oid(public_key_info: keys.PublicKeyInfo) -> str:
    """The public-key algorithm OID, read without asn1crypto's key parsing (which
    does not know DSTU 4145)."""
    spki = keyfiles.parse_exact(public_key_info.dump())
    return spki.children()[0].children()[0].oid()


def _verify_with_backends(public_key_info, signature_algorithm, hash_name, data, signature) -> None:
    backend = backend_for_key_algorithm(key_algorithm_oid(public_key_info))
    if backend is None:
        raise UnsupportedAlgorithm("no backend for this key algorithm")
    backend.verify_signature(public_key_info=public_key_info, signature_algorithm=signature_algorithm,
                             hash_name=hash_name, data=data, signature=signature)


def _verify_crl_signature(public_key_info, signature_algorithm, data, signature) -> None:
    _verify_with_backends(public_key_info, signature_algorithm,
                          cades.signature_hash_name(signature_algorithm, "sha256"), data, signature)


# --- Verification ------------------------------------------------------------------------------

def _format_date(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y")


def max_signing_skew() -> timedelta:
    return timedelta(seconds=int(getattr(settings, "SIGNATURES_MAX_SIGNING_SKEW", 300)))


def verify_cms_signature(cms_bytes: bytes, nonce: bytes, provider_id: str, *, now: datetime | None = None) -> SignerIdentity:
    """Verify a CAdES-BES SignedData over ``nonce`` made with a key of the
    provider ``provider_id``; return the signer or raise ``SignatureRefused``.

    The signature comes from outside (a person's file): a parser error anywhere in it (for
    example a certificate extension asn1crypto cannot read) is ``signature_invalid``, never a 500."""
    try:
        return _verify_cms_signature(cms_bytes, nonce, provider_id, now=now)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        raise SignatureRefused(code=SignaturesErrorCode.SIGNATURE_INVALID.value) from None


def _verify_cms_signature(cms_bytes: bytes, nonce: bytes, provider_id: str, *, now: datetime | None) -> SignerIdentity:
    trust_list = trust.get_trust_list()
    provider = trust_list.provider(provider_id)
    if provider is None:
        raise SignatureRefused(code=SignaturesErrorCode.UNKNOWN_PROVIDER.value)
    now = now or timezone.now()
    try:
        parsed = cades.parse(cms_bytes, extra_digests())
    except cades.UnsupportedDigest as unsupported:
        # A whole signature made with a hash this server cannot compute: the DSTU family
        # (GOST 34.311-95, DSTU 7564) gets the message that points to id.gov.ua and the code.
        raise SignatureRefused(code=(SignaturesErrorCode.UNSUPPORTED_KEY_FORMAT_DSTU
                                     if unsupported.oid.startswith(DSTU_OID_ARC)
                                     else SignaturesErrorCode.UNSUPPORTED_ALGORITHM).value) from None
    except cades.MalformedSignature:
        raise SignatureRefused(code=SignaturesErrorCode.SIGNATURE_INVALID.value) from None
    certificate = parsed.signer_certificate
    if certificate is None:
        raise SignatureRefused(code=SignaturesErrorCode.SIGNATURE_INVALID.value)

    # The signed content is the nonce we issued (attached, or detached and supplied by us).
    content = parsed.content if parsed.content is not None else nonce
    if parsed.content_type != "data" or parsed.message_digest is None or parsed.signing_time is None:
        raise SignatureRefused(code=SignaturesErrorCode.SIGNATURE_INVALID.value)
    digest_matches = digest(parsed.hash_name, content) == parsed.message_digest
    if parsed.content is not None and not digest_matches:
        raise SignatureRefused(code=SignaturesErrorCode.SIGNATURE_INVALID.value)
    if not parsed.signing_certificate_hashes or not any(
        _certificate_digest(certificate, algorithm) == value for algorithm, value in parsed.signing_certificate_hashes
    ):
        raise SignatureRefused(code=SignaturesErrorCode.SIGNATURE_INVALID.value)
    try:
        oid = key_algorithm_oid(certificate.public_key)
    except ValueError:
        raise SignatureRefused(code=SignaturesErrorCode.SIGNATURE_INVALID.value) from None
    if backend_for_key_algorithm(oid) is None:
        raise SignatureRefused(code=(SignaturesErrorCode.UNSUPPORTED_KEY_FORMAT_DSTU if oid.startswith(DSTU_OID_ARC)
                                     else SignaturesErrorCode.UNSUPPORTED_ALGORITHM).value)
    try:
        hash_name = cades.signature_hash_name(parsed.signature_algorithm, parsed.hash_name)
        _verify_with_backends(certificate.public_key, parsed.signature_algorithm, hash_name,
                              parsed.signed_attrs_der, parsed.signature)
    except (InvalidSignature, ValueError, KeyError, UnsupportedAlgorithm):
        raise SignatureRefused(code=SignaturesErrorCode.SIGNATURE_INVALID.value) from None
    # A detached signature whose (verified) signed attributes hold another content's digest was
    # made over another check file; an attached one carries the content it signed.
    if content != nonce or not digest_matches:
        raise SignatureRefused(code=SignaturesErrorCode.NONCE_MISMATCH.value)

    signing_time = parsed.signing_time
    if abs(signing_time - now) > max_signing_skew():
        raise SignatureRefused(code=SignaturesErrorCode.SIGNING_TIME_INVALID.value)

    # The chain to the trust list, and the provider the person chose.
    issuer = _verify_chain(certificate, parsed.certificates, trust_list, signing_time)
    actual = trust_list.provider_for_ca(issuer)
    if actual is None or actual.id != provider.id:
        raise SignatureRefused(code=SignaturesErrorCode.PROVIDER_MISMATCH.value,
                               actual=actual.name if actual else trust.common_name(issuer.subject))

    # The person's certificate itself.
    validity = certificate["tbs_certificate"]["validity"]
    not_before, not_after = validity["not_before"].native, validity["not_after"].native
    if signing_time > not_after:
        raise SignatureRefused(code=SignaturesErrorCode.CERTIFICATE_EXPIRED.value, date=_format_date(not_after))
    if signing_time < not_before:
        raise SignatureRefused(code=SignaturesErrorCode.CERTIFICATE_NOT_YET_VALID.value, date=_format_date(not_before))
    usage = certificate.key_usage_value
    if usage is not None and not (set(usage.native) & SIGNING_KEY_USAGES):
        raise SignatureRefused(code=SignaturesErrorCode.CERTIFICATE_NOT_FOR_SIGNING.value)
    if revocation.is_revoked(certificate, issuer, _verify_crl_signature):
        raise SignatureRefused(code=SignaturesErrorCode.CERTIFICATE_REVOKED.value)

    rnokpp = extract_rnokpp(certificate)
    if not rnokpp:
        raise SignatureRefused(code=SignaturesErrorCode.NO_RNOKPP_IN_CERTIFICATE.value)
    subject = certificate.subject.native
    surname = _text(subject.get("surname"))
    given = _text(subject.get("given_name"))
    full_name = _text(subject.get("common_name")) or " ".join(p for p in (surname, given) if p)
    return SignerIdentity(
        rnokpp=rnokpp, full_name=full_name, surname=surname, given_names=given,
        certificate_serial=format(certificate.serial_number, "x"),
        issuer=trust.common_name(certificate.issuer), valid_from=not_before, valid_to=not_after,
        provider_id=provider.id, provider_name=provider.name, signing_time=signing_time,
    )


def _certificate_digest(certificate: x509.Certificate, algorithm: str) -> bytes | None:
    try:
        return digest(algorithm, certificate.dump())
    except ValueError:
        return None


def _text(value) -> str:
    if isinstance(value, list):
        value = " ".join(str(v) for v in value)
    return " ".join(str(value or "").split())


def _verify_chain(certificate: x509.Certificate, supplied: list[x509.Certificate], trust_list: trust.TrustList,
                  signing_time: datetime) -> x509.Certificate:
    """The trusted CA that issued ``certificate``; checks every link up to the
    root where the algorithm can be checked, and each CA's validity at signing
    time. Only trust-list certificates are anchors: CA certificates the
    signature carries are not trusted by being there."""
    issuer = _trusted_issuer(certificate, trust_list)
    current, seen = issuer, {issuer.sha256}
    while True:
        validity = current["tbs_certificate"]["validity"]
        if not validity["not_before"].native <= signing_time <= validity["not_after"].native:
            raise SignatureRefused(code=SignaturesErrorCode.UNTRUSTED_CHAIN.value)
        if current.subject == current.issuer:
            break  # the root
        parent = next((c for c in trust_list.candidate_issuers(current) if c.sha256 not in seen), None)
        if parent is None:
            break  # the CA is itself in the trust list: trusted as listed
        try:
            _check_link(current, parent)
        except UnsupportedAlgorithm:
            break  # e.g. a DSTU root above an ECDSA CA without a DSTU backend: trusted as listed
        except InvalidSignature:
            raise SignatureRefused(code=SignaturesErrorCode.UNTRUSTED_CHAIN.value) from None
        seen.add(parent.sha256)
        current = parent
    return issuer


def _trusted_issuer(certificate: x509.Certificate, trust_list: trust.TrustList) -> x509.Certificate:
    unsupported = False
    for candidate in trust_list.candidate_issuers(certificate):
        try:
            _check_link(certificate, candidate)
            return candidate
        except UnsupportedAlgorithm:
            unsupported = True
        except InvalidSignature:
            continue
    if unsupported:
        raise SignatureRefused(code=SignaturesErrorCode.UNSUPPORTED_KEY_FORMAT_DSTU.value)
    raise SignatureRefused(code=SignaturesErrorCode.UNTRUSTED_CHAIN.value)


def _check_link(certificate: x509.Certificate, issuer: x509.Certificate) -> None:
    algorithm = certificate["signature_algorithm"]
    try:
        hash_name = cades.signature_hash_name(algorithm, "sha256")
        if hash_name not in _HASHES:
            raise InvalidSignature("unknown hash")
        oid = key_algorithm_oid(issuer.public_key)
    except ValueError:
        raise InvalidSignature("unreadable") from None
    backend = backend_for_key_algorithm(oid)
    if backend is None:
        raise UnsupportedAlgorithm(oid)
    try:
        backend.verify_signature(public_key_info=issuer.public_key, signature_algorithm=algorithm,
                                 hash_name=hash_name, data=certificate["tbs_certificate"].dump(),
                                 signature=certificate["signature_value"].native)
    except (ValueError, KeyError) as error:
        raise InvalidSignature(type(error).__name__) from None


_TIN = re.compile(r"^(?:TINUA|ІПНУА|INNUA)-(\d{10})$", re.IGNORECASE)
_DIGITS = re.compile(r"^\d{10}$")


def extract_rnokpp(certificate: x509.Certificate) -> str | None:
    """The РНОКПП: the subject serialNumber ``TINUA-XXXXXXXXXX`` (ETSI EN 319 412-1
    semantics identifier), or the DRFO attribute in subjectDirectoryAttributes."""
    for rdn in certificate.subject.chosen:
        for attribute in rdn:
            if attribute["type"].dotted == OID_SERIAL_NUMBER:
                match = _TIN.match(str(attribute["value"].native or "").strip())
                if match:
                    return match.group(1)
    for extension in certificate["tbs_certificate"]["extensions"] or []:
        if extension["extn_id"].dotted != "2.5.29.9":
            continue
        try:
            for attribute in extension["extn_value"].parsed:
                if attribute["type"].dotted != OID_DRFO:
                    continue
                for value in attribute["values"]:
                    text = str(value.parsed.native if hasattr(value, "parsed") else value.native).strip()
                    if _DIGITS.match(text):
                        return text
        except (ValueError, TypeError):
            continue
    return None


def verify_key_file(*, provider_id: str, key_file_bytes: bytes, password: str, nonce: bytes,
                    file_name: str = "", certificate_bytes: bytes | None = None) -> SignerIdentity:
    """Open the person's key in memory, sign ``nonce``, verify that signature.

    The key bytes and the password are used only inside this call: nothing is
    written to disk, the database or a log, and the references are dropped
    before the result is returned (Python cannot zero an immutable ``str``;
    see docs/signatures.md)."""
    try:
        if trust.get_trust_list().provider(provider_id) is None:
            raise SignatureRefused(code=SignaturesErrorCode.UNKNOWN_PROVIDER.value)
        key_format = keyfiles.detect(key_file_bytes, file_name)
        backend = backend_for_format(key_format)
        if backend is None:
            if keyfiles.is_dstu(key_format):
                raise SignatureRefused(code=SignaturesErrorCode.UNSUPPORTED_KEY_FORMAT_DSTU.value)
            raise SignatureRefused(code=SignaturesErrorCode.NOT_A_KEY_FILE.value)
        signed = backend.sign_nonce(key_file=key_file_bytes, key_format=key_format, password=password,
                                    nonce=nonce, certificate_file=certificate_bytes)
        key_file_bytes = password = None  # noqa: F841 — drop the references early
        identity = verify_cms_signature(signed, nonce, provider_id)
    except SignatureRefused as refusal:
        logger.info("signatures: key refused (%s), provider %s", refusal.code, provider_id)
        raise
    finally:
        key_file_bytes = password = None  # noqa: F841
        gc.collect(0)
    logger.info("signatures: key verified, provider %s", provider_id)
    return identity
