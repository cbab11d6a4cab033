"""A test PKI generated at test time: nothing secret is committed.

A test central authority (root) with two provider CAs under it, a foreign CA,
an impostor CA that copies a provider CA's name, and the persons' keys and
certificates of every kind the verifier must accept or refuse. ``build()``
takes about a second; the conftest keeps one per test session.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from asn1crypto import cms
from asn1crypto import x509 as ax509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

PASSWORD = "Ключ-Пароль-2026!"
RNOKPP = "3113201244"  # Олена Петренко, as in tests/conftest.py
FULL_NAME = "Петренко Олена Іванівна"
PROVIDER_ID = "99999901"
PROVIDER_NAME = "Тестовий КНЕДП ЦБІ"
OTHER_PROVIDER_ID = "99999902"
OTHER_PROVIDER_NAME = "Тестовий КНЕДП «Банк»"
ROOT_NAME = "Тестовий ЦЗО"
DRFO_OID = "1.2.804.2.1.1.1.11.1.4.1.1"


@dataclass
class Person:
    key: object
    certificate: x509.Certificate

    def pkcs12(self, password: str = PASSWORD, chain: list[x509.Certificate] | None = None) -> bytes:
        encryption = (serialization.BestAvailableEncryption(password.encode()) if password
                      else serialization.NoEncryption())
        return pkcs12.serialize_key_and_certificates(b"signing key", self.key, self.certificate, chain or None,
                                                     encryption)

    def pkcs8_pem(self, password: str = PASSWORD, with_certificate: bool = True) -> bytes:
        key = self.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                     serialization.BestAvailableEncryption(password.encode()))
        if with_certificate:
            key += self.certificate.public_bytes(serialization.Encoding.PEM)
        return key

    def pkcs8_der(self, password: str = PASSWORD) -> bytes:
        return self.key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                      serialization.BestAvailableEncryption(password.encode()))

    def p7s(self, content: bytes, *, detached: bool = True, signing_time: datetime | None = None) -> bytes:
        """A CAdES-BES signature over ``content`` as a person's own signing application makes it
        (detached by default, as a .p7s next to the signed file)."""
        from django.utils import timezone

        from cbi.signatures import cades

        certificate = ax509.Certificate.load(self.certificate_der)
        moment = (signing_time or timezone.now()).astimezone(UTC).replace(microsecond=0)
        attributes = cades.signed_attributes(content=content, certificate=certificate, signing_time=moment,
                                             hash_name="sha256")
        if isinstance(self.key, rsa.RSAPrivateKey):
            from cryptography.hazmat.primitives.asymmetric import padding
            signature = self.key.sign(attributes.dump(), padding.PKCS1v15(), hashes.SHA256())
            algorithm = "sha256_rsa"
        else:
            signature = self.key.sign(attributes.dump(), ec.ECDSA(hashes.SHA256()))
            algorithm = "sha256_ecdsa"
        der = cades.assemble(content=content, certificate=certificate, chain=[], attributes=attributes,
                             signature=signature, signature_algorithm=algorithm)
        if detached:
            info = cms.ContentInfo.load(der)
            info["content"]["encap_content_info"] = {"content_type": "data"}
            der = cms.ContentInfo({"content_type": "signed_data", "content": info["content"]}).dump()
        return der

    @property
    def certificate_der(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.DER)


@dataclass
class Authority:
    name: str
    key: object
    certificate: x509.Certificate
    serial: int = 1000

    def next_serial(self) -> int:
        self.serial += 1
        return self.serial


@dataclass
class TestPKI:
    root: Authority
    provider_ca: Authority
    other_provider_ca: Authority
    foreign_ca: Authority
    impostor_ca: Authority
    persons: dict[str, Person] = field(default_factory=dict)
    crl_der: bytes = b""

    # --- trust list files ---
    def bundle_der(self, extra_cas: list[ax509.Certificate] = ()) -> bytes:
        certificates = [self.root.certificate, self.provider_ca.certificate, self.other_provider_ca.certificate]
        signed_data = cms.SignedData({
            "version": "v1", "digest_algorithms": [], "encap_content_info": {"content_type": "data"},
            "certificates": [
                *(ax509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in certificates),
                *extra_cas],
            "signer_infos": [],
        })
        return cms.ContentInfo({"content_type": "signed_data", "content": signed_data}).dump()

    def providers_json(self, extra_providers: list[dict] = ()) -> bytes:
        return json.dumps([*extra_providers,
            {"issuerCNs": [PROVIDER_NAME, "Test QTSP of CBI"], "address": "qtsp.test.invalid",
             "ocspAccessPointAddress": "qtsp.test.invalid/ocsp", "codeEDRPOU": PROVIDER_ID},
            {"issuerCNs": [OTHER_PROVIDER_NAME], "address": "bank.test.invalid", "codeEDRPOU": OTHER_PROVIDER_ID},
        ], ensure_ascii=False).encode()

    def write_trust_files(self, directory: Path, extra_cas: list[ax509.Certificate] = (),
                          extra_providers: list[dict] = ()) -> tuple[Path, Path, Path]:
        bundle, providers, crl = directory / "test-CACertificates.p7b", directory / "test-providers.json", \
            directory / "test-provider.crl"
        bundle.write_bytes(self.bundle_der(extra_cas))
        providers.write_bytes(self.providers_json(extra_providers))
        crl.write_bytes(self.crl_der)
        return bundle, providers, crl


def _name(cn: str, *, serial_number: str | None = None, surname: str | None = None,
          given: str | None = None) -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "UA")]
    if surname:
        attributes.append(x509.NameAttribute(NameOID.SURNAME, surname))
    if given:
        attributes.append(x509.NameAttribute(NameOID.GIVEN_NAME, given))
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    if serial_number:
        attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, serial_number))
    attributes.append(x509.NameAttribute(NameOID.LOCALITY_NAME, "Київ"))
    return x509.Name(attributes)


def _ec_key():
    return ec.generate_private_key(ec.SECP256R1())


def _ca(name: str, *, issuer: Authority | None = None, key=None, not_before=None, not_after=None) -> Authority:
    key = key or _ec_key()
    now = datetime.now(UTC)
    subject = _name(name)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.certificate.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - timedelta(days=3650))
        .not_valid_after(not_after or now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None if issuer is None else 0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                     crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if issuer:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False)
    certificate = builder.sign(issuer.key if issuer else key, hashes.SHA256())
    return Authority(name=name, key=key, certificate=certificate)


def _subject_directory_attributes(rnokpp: str) -> x509.UnrecognizedExtension:
    """subjectDirectoryAttributes with the DRFO code, as Ukrainian providers write it."""
    drfo_oid = _der(0x06, bytes.fromhex("2a8624020101010b01040101"))
    value = _der(0x30, _der(0x30, drfo_oid + _der(0x31, _der(0x13, rnokpp.encode()))))
    return x509.UnrecognizedExtension(x509.ObjectIdentifier("2.5.29.9"), value)


def _person(issuer: Authority, *, key=None, rnokpp_in: str = "serial", not_before=None, not_after=None,
            for_signing: bool = True, full_name: str = FULL_NAME, rnokpp: str = RNOKPP) -> Person:
    key = key or _ec_key()
    now = datetime.now(UTC)
    surname, given = full_name.split(" ", 1)
    serial_number = f"TINUA-{rnokpp}" if rnokpp_in == "serial" else None
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(full_name, serial_number=serial_number, surname=surname, given=given))
        .issuer_name(issuer.certificate.subject)
        .public_key(key.public_key())
        .serial_number(issuer.next_serial())
        .not_valid_before(not_before or now - timedelta(days=30))
        .not_valid_after(not_after or now + timedelta(days=700))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=for_signing, content_commitment=for_signing,
                                     key_encipherment=False, data_encipherment=False, key_agreement=not for_signing,
                                     key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False),
                       critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if rnokpp_in == "drfo":
        builder = builder.add_extension(_subject_directory_attributes(rnokpp), critical=False)
    return Person(key=key, certificate=builder.sign(issuer.key, hashes.SHA256()))


def _crl(issuer: Authority, revoked: list[x509.Certificate]) -> bytes:
    now = datetime.now(UTC)
    builder = (x509.CertificateRevocationListBuilder().issuer_name(issuer.certificate.subject)
               .last_update(now - timedelta(hours=1)).next_update(now + timedelta(days=1)))
    for certificate in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(certificate.serial_number)
            .revocation_date(now - timedelta(hours=2)).build())
    return builder.sign(issuer.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def build() -> TestPKI:
    now = datetime.now(UTC)
    root = _ca(ROOT_NAME)
    provider_ca = _ca(PROVIDER_NAME, issuer=root)
    other_ca = _ca(OTHER_PROVIDER_NAME, issuer=root)
    foreign = _ca("Сторонній ЦСК")
    impostor = _ca(PROVIDER_NAME, issuer=_ca(ROOT_NAME))  # same names, other keys
    pki = TestPKI(root=root, provider_ca=provider_ca, other_provider_ca=other_ca, foreign_ca=foreign,
                  impostor_ca=impostor)
    p = pki.persons
    p["valid"] = _person(provider_ca)
    p["valid_rsa"] = _person(provider_ca, key=rsa.generate_private_key(public_exponent=65537, key_size=2048))
    p["drfo"] = _person(provider_ca, rnokpp_in="drfo")
    p["no_rnokpp"] = _person(provider_ca, rnokpp_in="none")
    p["expired"] = _person(provider_ca, not_before=now - timedelta(days=900), not_after=now - timedelta(days=100))
    p["not_yet_valid"] = _person(provider_ca, not_before=now + timedelta(days=30), not_after=now + timedelta(days=700))
    p["foreign"] = _person(foreign)
    p["impostor"] = _person(impostor)
    p["revoked"] = _person(provider_ca)
    p["other_provider"] = _person(other_ca)
    p["encryption_only"] = _person(provider_ca, for_signing=False)
    p["unknown_person"] = _person(provider_ca, full_name="Коваль Петро Миколайович", rnokpp="2245134075")
    pki.crl_der = _crl(provider_ca, [p["revoked"].certificate])
    return pki


# --- DSTU key files: the formats most people in Ukraine hold (fake content) ----------------

def _der(tag: int, content: bytes) -> bytes:
    length = len(content)
    if length < 0x80:
        return bytes([tag, length]) + content
    size = (length.bit_length() + 7) // 8
    return bytes([tag, 0x80 | size]) + length.to_bytes(size, "big") + content


def fake_key6_dat() -> bytes:
    """The shape of IIT's Key-6.dat: {{IIT store OID, {mac, pad}}, encrypted key}."""
    iit_store = _der(0x06, bytes.fromhex("2b0601040181974601010102"))
    params = _der(0x30, _der(0x04, os.urandom(4)) + _der(0x04, os.urandom(8)))
    return _der(0x30, _der(0x30, iit_store + params) + _der(0x04, os.urandom(400)))


def fake_jks() -> bytes:
    return b"\xfe\xed\xfe\xed\x00\x00\x00\x02\x00\x00\x00\x01" + os.urandom(600)


def fake_zs2() -> bytes:
    return os.urandom(700)


def fake_dstu_pkcs8() -> bytes:
    """An EncryptedPrivateKeyInfo with PBES2 / GOST 28147 (DSTU world) parameters."""
    gost_cfb = _der(0x06, bytes.fromhex("2a8624020101010101010103"))  # 1.2.804.2.1.1.1.1.1.1.3
    pbes2 = _der(0x06, bytes.fromhex("2a864886f70d01050d"))
    algorithm = _der(0x30, pbes2 + _der(0x30, _der(0x30, gost_cfb + _der(0x04, os.urandom(8)))))
    return _der(0x30, algorithm + _der(0x04, os.urandom(300)))
