"""Recognising key files from their content."""

from __future__ import annotations

import pytest

from cbi.signatures import keyfiles

from . import pki as P


def test_standard_key_files_are_recognised(pki):
    person = pki.persons["valid"]
    assert keyfiles.detect(person.pkcs12(), "key.pfx") == "pkcs12"
    assert keyfiles.detect(person.pkcs12(), "") == "pkcs12"
    assert keyfiles.detect(person.pkcs8_pem(), "key.pem") == "pkcs8_pem"
    assert keyfiles.detect(person.pkcs8_der(), "key.pk8") == "pkcs8_der"


@pytest.mark.parametrize(("maker", "name", "expected"), [
    (P.fake_key6_dat, "Key-6.dat", "key6_dat"),
    (P.fake_key6_dat, "my-key", "key6_dat"),
    (P.fake_jks, "privatbank.jks", "jks"),
    (P.fake_jks, "", "jks"),
    (P.fake_zs2, "Key.ZS2", "zs2"),
    (P.fake_dstu_pkcs8, "key.pk8", "pkcs8_dstu"),
])
def test_dstu_key_files_are_recognised(maker, name, expected):
    assert keyfiles.detect(maker(), name) == expected
    assert keyfiles.is_dstu(expected)


@pytest.mark.parametrize("data", [b"", b"%PDF-1.7\n...", b"\x89PNG\r\n\x1a\n....", b"hello", b"\x30\x03\x02\x01"])
def test_other_files_are_unknown(data):
    assert keyfiles.detect(data, "document.pdf") == "unknown"


def test_a_certificate_alone_is_not_a_key(pki):
    assert keyfiles.detect(pki.persons["valid"].certificate_der, "me.cer") == "unknown"
