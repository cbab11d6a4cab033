"""A DSTU 4145 test PKI made at test time with jkurwa (the kept implementation the browser signs
with), through ``tests/signatures/dstu_pki.js``: a DSTU-signed test CA of its own provider, a
person's key as a ``Key-6.dat`` (PBES2 with GOST 28147, as jkurwa's own test store) and certificate
with the РНОКПП (subject serialNumber ``TINUA-…`` and the DRFO attribute), and CAdES signatures made
outside the browser. The certificates are assembled here (asn1crypto); every DSTU signature and
GOST 34.311 digest is jkurwa's. Nothing secret is committed.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from asn1crypto import cms, core, keys, x509

from cbi.signatures import dstu_backend

from .pki import FULL_NAME, PASSWORD, RNOKPP, _der

SCRIPT = Path(__file__).with_name("dstu_pki.js")
OID_DSTU = "1.2.804.2.1.1.1.1.3.1.1"
PROVIDER_ID = "99999903"
PROVIDER_NAME = "Тестовий КНЕДП ДСТУ"
CA_NAME = PROVIDER_NAME  # the trust list names a provider by its CA's common name


def available() -> bool:
    return dstu_backend.available()


def node(op: str, **request) -> dict:
    encoded = {k: base64.b64encode(v).decode() if isinstance(v, bytes) else v for k, v in request.items()}
    completed = subprocess.run([shutil.which("node"), str(SCRIPT)], input=json.dumps({"op": op, **encoded}).encode(),
                               capture_output=True, check=True, timeout=60)
    return json.loads(completed.stdout)


def _name(cn: str, *, serial_number: str | None = None, surname: str | None = None,
          given: str | None = None) -> x509.Name:
    values = {"country_name": "UA"}
    if surname:
        values["surname"] = surname
    if given:
        values["given_name"] = given
    values["common_name"] = cn
    if serial_number:
        values["serial_number"] = serial_number
    values["locality_name"] = "Київ"
    return x509.Name.build(values, use_printable=False)


def _drfo_extension(rnokpp: str) -> dict:
    """subjectDirectoryAttributes with the DRFO code, as Ukrainian providers write it."""
    drfo_oid = _der(0x06, bytes.fromhex("2a8624020101010b01040101"))
    value = _der(0x30, _der(0x30, drfo_oid + _der(0x31, _der(0x13, rnokpp.encode()))))
    return {"extn_id": "2.5.29.9", "critical": False, "extn_value": core.ParsableOctetString(value)}


@dataclass
class DstuKey:
    priv: bytes  # DER DSTU private key (only in test memory)
    spki: bytes

    @classmethod
    def generate(cls) -> DstuKey:
        answer = node("keygen")
        return cls(priv=base64.b64decode(answer["priv"]), spki=base64.b64decode(answer["spki"]))

    def sign(self, data: bytes) -> bytes:
        return base64.b64decode(node("sign", priv=self.priv, data=data)["signature"])

    def key_id(self) -> bytes:
        return base64.b64decode(node("hash", data=self.spki)["digest"])


def _certificate(*, subject: x509.Name, issuer_name: x509.Name, key: DstuKey, issuer_key: DstuKey, serial: int,
                 not_before: datetime, not_after: datetime, ca: bool, extensions: list[dict] = ()) -> x509.Certificate:
    usage = {"key_cert_sign", "crl_sign"} if ca else {"digital_signature", "non_repudiation"}
    tbs = x509.TbsCertificate({
        "version": "v3",
        "serial_number": serial,
        "signature": {"algorithm": OID_DSTU},
        "issuer": issuer_name,
        "validity": {"not_before": x509.Time(name="utc_time", value=not_before),
                     "not_after": x509.Time(name="utc_time", value=not_after)},
        "subject": subject,
        "subject_public_key_info": keys.PublicKeyInfo.load(key.spki),
        "extensions": [
            {"extn_id": "basic_constraints", "critical": True, "extn_value": {"ca": ca}},
            {"extn_id": "key_usage", "critical": True, "extn_value": usage},
            {"extn_id": "key_identifier", "critical": False, "extn_value": key.key_id()},
            {"extn_id": "authority_key_identifier", "critical": False,
             "extn_value": {"key_identifier": issuer_key.key_id()}},
            *extensions,
        ],
    })
    signature = issuer_key.sign(tbs.dump())
    return x509.Certificate({
        "tbs_certificate": tbs, "signature_algorithm": {"algorithm": OID_DSTU},
        "signature_value": core.OctetString(signature).dump(),  # DSTU: the BIT STRING holds an OCTET STRING
    })


@dataclass
class DstuPerson:
    key: DstuKey
    certificate: x509.Certificate

    @property
    def certificate_der(self) -> bytes:
        return self.certificate.dump()

    def key6_dat(self, password: str = PASSWORD) -> bytes:
        return base64.b64decode(node("key6", priv=self.key.priv, password=password)["file"])

    def pkcs12(self, password: str = PASSWORD) -> bytes:
        """The key and certificate in a DSTU PKCS#12 (PBES2 with GOST 28147), as jkurwa reads it."""
        return base64.b64decode(node("pkcs12", priv=self.key.priv, certificate=self.certificate_der,
                                     password=password)["file"])

    def p7s(self, content: bytes, *, detached: bool = True, signing_time: datetime | None = None) -> bytes:
        """A CAdES-BES signature as jkurwa makes it (GOST 34.311, DSTU 4145), detached by default."""
        from django.utils import timezone

        moment = signing_time or timezone.now()
        answer = node("p7s", priv=self.key.priv, certificate=self.certificate_der, data=content, detached=detached,
                      signTime=int(moment.timestamp()))
        return base64.b64decode(answer["p7s"])


@dataclass
class DstuPKI:
    ca_key: DstuKey
    ca: x509.Certificate
    persons: dict[str, DstuPerson] = field(default_factory=dict)

    def provider(self) -> dict:
        return {"issuerCNs": [CA_NAME], "address": "dstu.test.invalid", "codeEDRPOU": PROVIDER_ID}


def build() -> DstuPKI:
    now = datetime.now(UTC).replace(microsecond=0)
    ca_key = DstuKey.generate()
    ca_name = _name(CA_NAME)
    ca = _certificate(subject=ca_name, issuer_name=ca_name, key=ca_key, issuer_key=ca_key, serial=1,
                      not_before=now - timedelta(days=3650), not_after=now + timedelta(days=3650), ca=True)
    pki = DstuPKI(ca_key=ca_key, ca=ca)
    surname, given = FULL_NAME.split(" ", 1)
    for serial, (label, rnokpp_in_serial) in enumerate([("valid", True), ("drfo", False)], start=100):
        key = DstuKey.generate()
        certificate = _certificate(
            subject=_name(FULL_NAME, serial_number=f"TINUA-{RNOKPP}" if rnokpp_in_serial else None, surname=surname,
                          given=given),
            issuer_name=ca_name, key=key, issuer_key=ca_key, serial=serial,
            not_before=now - timedelta(days=30), not_after=now + timedelta(days=700), ca=False,
            extensions=[] if rnokpp_in_serial else [_drfo_extension(RNOKPP)])
        pki.persons[label] = DstuPerson(key=key, certificate=certificate)
    return pki
