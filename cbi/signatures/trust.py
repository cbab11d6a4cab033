"""The trust list: qualified trust service providers and their CA certificates.

Two files make it (both shipped in ``cbi/signatures/data/``, both replaceable
through settings, read with ``getattr(settings, NAME, default)``):

- ``SIGNATURES_PROVIDERS_FILE``: providers in the ``CAs.json`` format — each
  provider's ``issuerCNs`` (the first is its display name) and ``codeEDRPOU``
  (its id here);
- ``SIGNATURES_CA_BUNDLE``: a ``CACertificates.p7b``-style degenerate PKCS#7
  bundle (DER or PEM) with the roots and CA certificates.

A CA certificate belongs to the provider whose ``issuerCNs`` contain its
subject common name; a service certificate (OCSP, TSP) to the provider that
issued it. Every CA certificate in the bundle is a trust anchor: the bundle
*is* the configured trust list, as in the signing libraries it comes from.

The list is parsed once per process (asn1crypto parses every certificate,
DSTU 4145 ones too) and cached; ``use()`` swaps in another list (tests), and a
change of either setting clears the cache. No address in the files is ever
contacted.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from asn1crypto import cms, pem, x509
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_CA_BUNDLE = DATA_DIR / "CACertificates.p7b"
DEFAULT_PROVIDERS_FILE = DATA_DIR / "trust-service-providers.json"


def ca_bundle_path() -> Path:
    return Path(getattr(settings, "SIGNATURES_CA_BUNDLE", None) or DEFAULT_CA_BUNDLE)


def providers_file_path() -> Path:
    return Path(getattr(settings, "SIGNATURES_PROVIDERS_FILE", None) or DEFAULT_PROVIDERS_FILE)


@dataclass(frozen=True)
class Provider:
    """A qualified trust service provider (КНЕДП / АЦСК)."""

    id: str  # ЄДРПОУ code: stable across snapshots
    name: str  # the first issuerCN
    edrpou: str
    issuer_cns: tuple[str, ...]
    address: str = ""
    ca_certificates: tuple[x509.Certificate, ...] = field(default=(), compare=False, repr=False)


def common_name(name: x509.Name) -> str:
    value = name.native.get("common_name", "")
    if isinstance(value, list):  # several CN attributes: the last is the most specific
        value = value[-1]
    return str(value or "")


@dataclass
class TrustList:
    providers: dict[str, Provider]
    certificates: tuple[x509.Certificate, ...]
    _by_subject: dict[str, list[x509.Certificate]] = field(default_factory=dict, repr=False)
    _provider_by_cn: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for provider in self.providers.values():
            for cn in provider.issuer_cns:
                self._provider_by_cn.setdefault(_cn_key(cn), provider.id)
        for certificate in self.certificates:
            self._by_subject.setdefault(certificate.subject.hashable, []).append(certificate)

    def provider(self, provider_id: str) -> Provider | None:
        return self.providers.get(provider_id)

    def provider_for_ca(self, certificate: x509.Certificate) -> Provider | None:
        """The provider a CA certificate belongs to (by its subject CN)."""
        provider_id = self._provider_by_cn.get(_cn_key(common_name(certificate.subject)))
        return self.providers.get(provider_id) if provider_id else None

    def provider_for_issuer_cn(self, cn: str) -> Provider | None:
        provider_id = self._provider_by_cn.get(_cn_key(cn))
        return self.providers.get(provider_id) if provider_id else None

    def candidate_issuers(self, certificate: x509.Certificate) -> list[x509.Certificate]:
        """Trusted CA certificates whose subject is the certificate's issuer,
        the one with the matching key identifier first."""
        candidates = [c for c in self._by_subject.get(certificate.issuer.hashable, []) if is_ca(c)]
        wanted = certificate.authority_key_identifier
        if wanted:
            candidates.sort(key=lambda c: c.key_identifier != wanted)
        return candidates

    def sorted_providers(self) -> list[Provider]:
        return sorted(self.providers.values(), key=lambda p: ukrainian_sort_key(p.name))


def is_ca(certificate: x509.Certificate) -> bool:
    try:
        if certificate.ca is not None:
            return bool(certificate.ca)
    except ValueError:
        return False
    return certificate.subject == certificate.issuer  # old self-signed roots without basicConstraints


_QUOTES = re.compile(r"[\"'«»“”„`’]")


def _cn_key(cn: str) -> str:
    return " ".join(_QUOTES.sub("", cn).casefold().split())


_ALPHABET = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
_ORDER = {letter: index for index, letter in enumerate(_ALPHABET)}


def ukrainian_sort_key(name: str) -> tuple:
    """Ukrainian alphabetical order (і, ї, є, ґ in their places), quotes ignored;
    Latin after Cyrillic, digits first."""
    text = _QUOTES.sub("", name).casefold().strip()
    key = []
    for char in text:
        if char in _ORDER:
            key.append((1, _ORDER[char]))
        elif char.isdigit():
            key.append((0, ord(char)))
        elif char.isalpha():
            key.append((2, ord(char)))
        else:
            key.append((-1, 0))  # spaces and punctuation sort before letters
    return tuple(key)


# --- Loading -----------------------------------------------------------------------------

def read_certificates(data: bytes) -> list[x509.Certificate]:
    """Certificates of a PKCS#7 bundle (DER or PEM), or of PEM/DER certificates."""
    if pem.detect(data):
        result = []
        for kind, _headers, der in pem.unarmor(data, multiple=True):
            if kind in ("PKCS7", "CMS"):
                result.extend(read_certificates(der))
            elif kind in ("CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE"):
                result.append(x509.Certificate.load(der))
        return result
    from .keyfiles import parse_exact

    first = parse_exact(data).children()[0]
    if first.tag != 0x06:  # a certificate: its first element is the TBS sequence, not an OID
        return [x509.Certificate.load(data)]
    info = cms.ContentInfo.load(data)
    if info["content_type"].native == "signed_data":
        certificates = info["content"]["certificates"]
        return [c.chosen for c in certificates if c.name == "certificate"] if certificates else []
    return [x509.Certificate.load(data)]


def read_providers(data: bytes) -> dict[str, Provider]:
    providers: dict[str, Provider] = {}
    for index, item in enumerate(json.loads(data.decode("utf-8"))):
        cns = tuple(str(cn) for cn in item.get("issuerCNs") or () if str(cn).strip())
        if not cns:
            continue
        edrpou = str(item.get("codeEDRPOU") or "").strip()
        provider_id = edrpou or f"provider-{index + 1}"
        providers[provider_id] = Provider(
            id=provider_id, name=cns[0], edrpou=edrpou, issuer_cns=cns, address=str(item.get("address") or "")
        )
    return providers


def build(providers: dict[str, Provider], certificates: list[x509.Certificate]) -> TrustList:
    """Attach each CA certificate to its provider (subject CN among its issuerCNs)."""
    draft = TrustList(providers=providers, certificates=tuple(certificates))
    attached: dict[str, list[x509.Certificate]] = {pid: [] for pid in providers}
    for certificate in certificates:
        if not is_ca(certificate):
            continue
        provider = draft.provider_for_ca(certificate)
        if provider:
            attached[provider.id].append(certificate)
    complete = {
        pid: Provider(id=p.id, name=p.name, edrpou=p.edrpou, issuer_cns=p.issuer_cns, address=p.address,
                      ca_certificates=tuple(attached[pid]))
        for pid, p in providers.items()
    }
    return TrustList(providers=complete, certificates=tuple(certificates))


def load(bundle_path: Path | str, providers_path: Path | str) -> TrustList:
    return build(read_providers(Path(providers_path).read_bytes()), read_certificates(Path(bundle_path).read_bytes()))


# --- The process-wide list -----------------------------------------------------------------

_lock = threading.Lock()
_cached: TrustList | None = None
_override: TrustList | None = None


def get_trust_list() -> TrustList:
    global _cached
    if _override is not None:
        return _override
    with _lock:
        if _cached is None:
            _cached = load(ca_bundle_path(), providers_file_path())
        return _cached


def clear_cache() -> None:
    global _cached
    with _lock:
        _cached = None


@contextlib.contextmanager
def use(trust_list: TrustList) -> Iterator[TrustList]:
    """Use another trust list for the duration (tests, a preview of a new snapshot)."""
    global _override
    previous, _override = _override, trust_list
    try:
        yield trust_list
    finally:
        _override = previous


def providers() -> list[Provider]:
    """The "choose your provider" list, in Ukrainian alphabetical order."""
    return get_trust_list().sorted_providers()


def provider_choices() -> list[tuple[str, str]]:
    return [(p.id, p.name) for p in providers()]


@receiver(setting_changed)
def _settings_changed(*, setting, **kwargs):
    if setting in {"SIGNATURES_CA_BUNDLE", "SIGNATURES_PROVIDERS_FILE"}:
        clear_cache()
