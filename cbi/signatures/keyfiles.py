"""What kind of key file a person gave: recognised from its content (and, for
formats with no recognisable structure, from its name), never decrypted here.

Formats (the names are the keys of the backend registry):

``pkcs12``        PKCS#12 / PFX (.pfx, .p12) with an RSA or ECDSA key
``pkcs8_pem``     PKCS#8 (or traditional) private key in PEM, optionally with certificates
``pkcs8_der``     PKCS#8 private key in DER (.pk8, .key)
``key6_dat``      IIT's Key-6.dat store (DSTU 4145)
``jks``           Java key store (PrivatBank and other banks' DSTU 4145 keys)
``zs2``           the .ZS2 key container (DSTU 4145)
``pkcs12_dstu``   PKCS#12 protected or keyed with DSTU / GOST algorithms
``pkcs8_dstu``    PKCS#8 with DSTU / GOST algorithms (for example Key-6.dat as PBES2)
``unknown``       anything else
"""

from __future__ import annotations

from dataclasses import dataclass

DSTU_FORMATS = frozenset({"key6_dat", "jks", "zs2", "pkcs12_dstu", "pkcs8_dstu"})
STANDARD_FORMATS = frozenset({"pkcs12", "pkcs8_pem", "pkcs8_der"})

# 1.2.804.2.1.1.1 (Ukrainian cryptography arc: DSTU 4145, GOST 28147, GOST 34.311) as DER bytes.
DSTU_ARC = bytes.fromhex("2a862402010101")
# 1.3.6.1.4.1.19398.1.1.1.2 — IIT key store (Key-6.dat), full OID TLV.
IIT_STORE_OID = bytes.fromhex("2b0601040181974601010102")  # OID content bytes
OID_PKCS7_DATA = "1.2.840.113549.1.7.1"
OID_PKCS7_ENCRYPTED = "1.2.840.113549.1.7.6"

_PEM_KEY_TYPES = (b"ENCRYPTED PRIVATE KEY", b"PRIVATE KEY", b"RSA PRIVATE KEY", b"EC PRIVATE KEY")


@dataclass(frozen=True)
class Tlv:
    tag: int
    content: bytes
    raw: bytes

    @property
    def constructed(self) -> bool:
        return bool(self.tag & 0x20)

    def children(self) -> list[Tlv]:
        return parse_all(self.content)

    def oid(self) -> str:
        if self.tag != 0x06:
            raise ValueError("not an OID")
        return decode_oid(self.content)


def parse_one(data: bytes, offset: int = 0) -> tuple[Tlv, int]:
    """One DER element at ``offset``: (element, offset after it). Single-byte tags only."""
    if offset + 2 > len(data):
        raise ValueError("truncated")
    tag = data[offset]
    if tag & 0x1F == 0x1F:
        raise ValueError("multi-byte tag")
    length = data[offset + 1]
    position = offset + 2
    if length & 0x80:
        count = length & 0x7F
        if count == 0 or count > 4 or position + count > len(data):
            raise ValueError("bad length")
        length = int.from_bytes(data[position:position + count], "big")
        position += count
    end = position + length
    if end > len(data):
        raise ValueError("truncated")
    return Tlv(tag, data[position:end], data[offset:end]), end


def parse_all(data: bytes) -> list[Tlv]:
    items, offset = [], 0
    while offset < len(data):
        item, offset = parse_one(data, offset)
        items.append(item)
    return items


def parse_exact(data: bytes) -> Tlv:
    item, end = parse_one(data)
    if end != len(data):
        raise ValueError("trailing data")
    return item


def decode_oid(content: bytes) -> str:
    if not content:
        raise ValueError("empty OID")
    parts, value = [], 0
    for byte in content:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            parts.append(value)
            value = 0
    first = parts[0]
    head = [min(first // 40, 2), first - 40 * min(first // 40, 2)]
    return ".".join(str(p) for p in head + parts[1:])


def _algorithm_oid(tlv: Tlv) -> str | None:
    if tlv.tag != 0x30:
        return None
    children = tlv.children()
    if children and children[0].tag == 0x06:
        return children[0].oid()
    return None


def detect(data: bytes, file_name: str = "") -> str:
    """The format name of a key file (see the module docstring)."""
    name = (file_name or "").lower().rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    if not data:
        return "unknown"
    if data[:4] in (b"\xfe\xed\xfe\xed", b"\xce\xce\xce\xce"):
        return "jks"
    if name.endswith(".zs2"):
        return "zs2"
    stripped = data.lstrip()
    if stripped.startswith(b"-----BEGIN"):
        if any(b"-----BEGIN " + kind + b"-----" in data for kind in _PEM_KEY_TYPES):
            return "pkcs8_dstu" if _pem_has_dstu(data) else "pkcs8_pem"
        return "unknown"
    try:
        top = parse_exact(data)
    except ValueError:
        # Key-6.dat may carry trailing bytes; JKS/ZS2 have no DER shell.
        if name.endswith(".jks"):
            return "jks"
        if name.startswith("key-6") or name.endswith(".dat"):
            return "key6_dat" if DSTU_ARC in data or IIT_STORE_OID in data else "unknown"
        return "unknown"
    if top.tag != 0x30:
        return "unknown"
    try:
        children = top.children()
    except ValueError:
        return "unknown"
    has_dstu = DSTU_ARC in data
    # PFX: version 3, authSafe ContentInfo (data or signed), optional MAC data.
    if len(children) >= 2 and children[0].tag == 0x02 and children[0].content == b"\x03" and children[1].tag == 0x30:
        return "pkcs12_dstu" if has_dstu else "pkcs12"
    # PrivateKeyInfo: version, AlgorithmIdentifier, OCTET STRING key.
    if len(children) >= 3 and children[0].tag == 0x02 and children[1].tag == 0x30 and children[2].tag == 0x04:
        return "pkcs8_dstu" if has_dstu else "pkcs8_der"
    # EncryptedPrivateKeyInfo or IIT store: AlgorithmIdentifier, OCTET STRING.
    if len(children) == 2 and children[0].tag == 0x30 and children[1].tag == 0x04:
        try:
            oid = _algorithm_oid(children[0])
        except ValueError:
            oid = None
        if oid == "1.3.6.1.4.1.19398.1.1.1.2":
            return "key6_dat"
        return "pkcs8_dstu" if has_dstu else "pkcs8_der"
    # Traditional RSA / EC private key in DER (PKCS#1, SEC 1).
    if children and children[0].tag == 0x02 and len(children) >= 3 and children[1].tag in (0x02, 0x04):
        return "pkcs8_der"
    return "unknown"


def _pem_has_dstu(data: bytes) -> bool:
    import base64
    import re

    for match in re.finditer(rb"-----BEGIN ([A-Z ]+)-----(.*?)-----END \1-----", data, re.S):
        if match.group(1) in _PEM_KEY_TYPES:
            body = b"".join(line for line in match.group(2).split() if b":" not in line)
            try:
                if DSTU_ARC in base64.b64decode(body):
                    return True
            except ValueError:
                continue
    return False


def is_dstu(format_name: str) -> bool:
    return format_name in DSTU_FORMATS
