"""CMS / CAdES-BES SignedData: building one (the standard backend signs the
server's nonce with it) and reading one back for verification.

Signed attributes, as CAdES-BES (ETSI EN 319 122-1) requires: content-type,
message-digest, signing-time and signing-certificate-v2 (the SHA-256 hash of
the signer's certificate, so a certificate cannot be swapped under the
signature). The content is encapsulated (attached).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import algos, cms, core, tsp, x509

from .keyfiles import parse_exact

HASHES = {"sha256", "sha384", "sha512", "sha224", "sha1"}


def certificate_hash(certificate: x509.Certificate, hash_name: str = "sha256") -> bytes:
    return hashlib.new(hash_name, certificate.dump()).digest()


def signed_attributes(*, content: bytes, certificate: x509.Certificate, signing_time: datetime,
                      hash_name: str = "sha256") -> cms.CMSAttributes:
    ess_cert = tsp.ESSCertIDv2({
        "hash_algorithm": {"algorithm": "sha256"},
        "cert_hash": certificate_hash(certificate, "sha256"),
        "issuer_serial": {
            "issuer": [x509.GeneralName(name="directory_name", value=certificate.issuer)],
            "serial_number": certificate.serial_number,
        },
    })
    return cms.CMSAttributes([
        cms.CMSAttribute({"type": "content_type", "values": ["data"]}),
        cms.CMSAttribute({"type": "signing_time", "values": [cms.Time(name="utc_time", value=signing_time)]}),
        cms.CMSAttribute({"type": "message_digest", "values": [hashlib.new(hash_name, content).digest()]}),
        cms.CMSAttribute({"type": "signing_certificate_v2",
                          "values": [tsp.SigningCertificateV2({"certs": [ess_cert]})]}),
    ])


def assemble(*, content: bytes, certificate: x509.Certificate, chain: list[x509.Certificate],
             attributes: cms.CMSAttributes, signature: bytes, signature_algorithm: str,
             hash_name: str = "sha256") -> bytes:
    """The DER ContentInfo of a SignedData with one signer."""
    signer_info = cms.SignerInfo({
        "version": "v1",
        "sid": cms.SignerIdentifier(name="issuer_and_serial_number", value=cms.IssuerAndSerialNumber({
            "issuer": certificate.issuer, "serial_number": certificate.serial_number})),
        "digest_algorithm": {"algorithm": hash_name},
        "signed_attrs": attributes,
        "signature_algorithm": {"algorithm": signature_algorithm},
        "signature": signature,
    })
    signed_data = cms.SignedData({
        "version": "v1",
        "digest_algorithms": [{"algorithm": hash_name}],
        "encap_content_info": {"content_type": "data", "content": content},
        "certificates": [certificate, *chain],
        "signer_infos": [signer_info],
    })
    return cms.ContentInfo({"content_type": "signed_data", "content": signed_data}).dump()


@dataclass
class ParsedSignature:
    """What verification needs from a SignedData, read strictly."""

    content: bytes | None  # None when detached
    certificates: list[x509.Certificate]
    signer_certificate: x509.Certificate | None
    hash_name: str
    signature_algorithm: algos.SignedDigestAlgorithm
    signature: bytes
    signed_attrs_der: bytes  # the DER of the signed attributes as a SET (what was signed)
    content_type: str | None
    message_digest: bytes | None
    signing_time: datetime | None
    signing_certificate_hashes: list[tuple[str, bytes]]  # (hash algorithm, hash) from ESS v1 / v2


class MalformedSignature(ValueError):
    pass


class UnsupportedDigest(MalformedSignature):
    """A well-formed SignedData whose digest algorithm has no implementation here (for example
    GOST 34.311-95 or DSTU 7564 of the DSTU 4145 family); ``oid`` tells which."""

    def __init__(self, oid: str):
        super().__init__("unsupported digest")
        self.oid = oid


def parse(data: bytes, extra_digests: frozenset[str] = frozenset()) -> ParsedSignature:
    """``extra_digests``: digest algorithm OIDs a backend computes (GOST 34.311-95 by the DSTU
    backend); any other digest outside ``HASHES`` is ``UnsupportedDigest``."""
    try:
        parse_exact(data)  # well-formed DER, nothing trailing
        info = cms.ContentInfo.load(data, strict=True)
        if info["content_type"].native != "signed_data":
            raise MalformedSignature("not SignedData")
        signed_data = info["content"]
        signer_infos = list(signed_data["signer_infos"])
        if len(signer_infos) != 1:
            raise MalformedSignature("exactly one signer expected")
        signer_info = signer_infos[0]
        encap = signed_data["encap_content_info"]
        content = encap["content"].native if encap["content"].native is not None else None
        certificates = [c.chosen for c in (signed_data["certificates"] or []) if c.name == "certificate"]
        signer_certificate = _find_signer(signer_info["sid"], certificates)
        hash_name = signer_info["digest_algorithm"]["algorithm"].native
        if hash_name not in HASHES and signer_info["digest_algorithm"]["algorithm"].dotted not in extra_digests:
            raise UnsupportedDigest(signer_info["digest_algorithm"]["algorithm"].dotted)
        attrs = signer_info["signed_attrs"]
        if not attrs or attrs.native is None:
            raise MalformedSignature("signed attributes are required")
        raw = attrs.dump()
        signed_attrs_der = b"\x31" + raw[1:]
        values: dict[str, list] = {}
        for attribute in attrs:
            name = attribute["type"].native
            if name in values:
                raise MalformedSignature("repeated signed attribute")
            values[name] = list(attribute["values"])
        content_type = values["content_type"][0].native if "content_type" in values else None
        digest = values["message_digest"][0].native if "message_digest" in values else None
        signing_time = values["signing_time"][0].native if "signing_time" in values else None
        ess: list[tuple[str, bytes]] = []
        for value in values.get("signing_certificate_v2", []):
            for cert_id in value["certs"]:
                ess.append((cert_id["hash_algorithm"]["algorithm"].native, cert_id["cert_hash"].native))
        for value in values.get("signing_certificate", []):
            for cert_id in value["certs"]:
                ess.append(("sha1", cert_id["cert_hash"].native))
        return ParsedSignature(
            content=content, certificates=certificates, signer_certificate=signer_certificate,
            hash_name=hash_name, signature_algorithm=signer_info["signature_algorithm"],
            signature=signer_info["signature"].native, signed_attrs_der=signed_attrs_der,
            content_type=content_type, message_digest=digest, signing_time=signing_time,
            signing_certificate_hashes=ess,
        )
    except MalformedSignature:
        raise
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
        raise MalformedSignature(type(error).__name__) from error


def _find_signer(sid: cms.SignerIdentifier, certificates: list[x509.Certificate]) -> x509.Certificate | None:
    if sid.name == "issuer_and_serial_number":
        issuer, serial = sid.chosen["issuer"], sid.chosen["serial_number"].native
        for certificate in certificates:
            if certificate.serial_number == serial and certificate.issuer == issuer:
                return certificate
    elif sid.name == "subject_key_identifier":
        wanted = sid.chosen.native
        for certificate in certificates:
            if certificate.key_identifier == wanted:
                return certificate
    return None


def signature_hash_name(algorithm: algos.SignedDigestAlgorithm, default: str) -> str:
    """The hash of a signature algorithm: from the combined OID (sha256_rsa) or,
    for bare ones (rsassa_pkcs1v15, ecdsa), the digest algorithm given."""
    try:
        return algorithm.hash_algo
    except ValueError:
        return default


__all__ = ["assemble", "signed_attributes", "parse", "ParsedSignature", "MalformedSignature", "UnsupportedDigest",
           "certificate_hash", "signature_hash_name", "core"]
