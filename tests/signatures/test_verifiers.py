"""Key-file verification: every success and every refusal, each with its own message."""

from __future__ import annotations

import builtins
import logging
import os
import secrets
import tempfile
from datetime import timedelta

import pytest
from asn1crypto import cms
from django.utils import timezone
from django.utils.translation import override

from cbi.signatures import keyfiles, verifiers
from cbi.signatures.error_codes import SignaturesErrorCode
from cbi.signatures.verifiers import SignatureRefused, verify_cms_signature, verify_key_file

from . import pki as P

pytestmark = pytest.mark.usefixtures("test_trust")


@pytest.fixture
def nonce():
    return secrets.token_bytes(32)


def verify(key_file: bytes, nonce: bytes, *, password: str = P.PASSWORD, provider_id: str = P.PROVIDER_ID,
           file_name: str = "key.pfx", certificate: bytes | None = None):
    return verify_key_file(provider_id=provider_id, key_file_bytes=key_file, password=password, nonce=nonce,
                           file_name=file_name, certificate_bytes=certificate)


def refused(key_file: bytes, nonce: bytes, **kwargs) -> SignatureRefused:
    with pytest.raises(SignatureRefused) as caught:
        verify(key_file, nonce, **kwargs)
    return caught.value


# --- Accepted ------------------------------------------------------------------------------------

def test_a_valid_ecdsa_pfx_gives_the_persons_rnokpp_and_name(pki, nonce):
    identity = verify(pki.persons["valid"].pkcs12(), nonce)

    assert identity.rnokpp == P.RNOKPP
    assert identity.full_name == "Петренко Олена Іванівна"
    assert identity.surname == "Петренко"
    assert identity.given_names == "Олена Іванівна"
    assert identity.provider_id == P.PROVIDER_ID
    assert identity.provider_name == P.PROVIDER_NAME
    assert identity.issuer == P.PROVIDER_NAME
    assert identity.certificate_serial == format(pki.persons["valid"].certificate.serial_number, "x")
    assert identity.valid_from < timezone.now() < identity.valid_to
    assert abs(identity.signing_time - timezone.now()) < timedelta(seconds=5)
    assert P.RNOKPP not in repr(identity)


def test_a_valid_rsa_pfx_is_accepted(pki, nonce):
    assert verify(pki.persons["valid_rsa"].pkcs12(), nonce).rnokpp == P.RNOKPP


def test_a_pfx_with_the_ca_chain_inside_is_accepted(pki, nonce):
    key_file = pki.persons["valid"].pkcs12(chain=[pki.provider_ca.certificate, pki.root.certificate])
    assert verify(key_file, nonce).rnokpp == P.RNOKPP


def test_an_encrypted_pkcs8_pem_with_its_certificate_is_accepted(pki, nonce):
    assert verify(pki.persons["valid"].pkcs8_pem(), nonce, file_name="key.pem").rnokpp == P.RNOKPP
    assert verify(pki.persons["valid_rsa"].pkcs8_pem(), nonce, file_name="key.pem").rnokpp == P.RNOKPP


def test_a_pkcs8_der_key_with_a_separate_certificate_file_is_accepted(pki, nonce):
    person = pki.persons["valid"]
    identity = verify(person.pkcs8_der(), nonce, file_name="key.pk8", certificate=person.certificate_der)
    assert identity.rnokpp == P.RNOKPP


def test_the_rnokpp_is_read_from_the_drfo_attribute_too(pki, nonce):
    assert verify(pki.persons["drfo"].pkcs12(), nonce).rnokpp == P.RNOKPP


# --- Refused: each path its own code and message ---------------------------------------------

def test_wrong_password(pki, nonce):
    for key_file, name in ((pki.persons["valid"].pkcs12(), "key.pfx"), (pki.persons["valid"].pkcs8_pem(), "key.pem")):
        refusal = refused(key_file, nonce, password="неправильний", file_name=name)
        assert refusal.code == "wrong_password"
        assert refusal.field == "password"
        assert refusal.message_uk.startswith("Пароль до ключа неправильний.")
        assert "Caps Lock" in refusal.message_uk


@pytest.mark.parametrize(("maker", "name"), [
    (P.fake_key6_dat, "Key-6.dat"), (P.fake_jks, "key.jks"), (P.fake_zs2, "Key.ZS2"),
    (P.fake_dstu_pkcs8, "key.pk8"),
])
def test_dstu_keys_point_to_the_code_route_and_to_id_gov_ua(maker, name, nonce):
    refusal = refused(maker(), nonce, file_name=name)
    assert refusal.code == "unsupported_key_format_dstu"
    assert "ДСТУ 4145" in refusal.message_uk
    assert "id.gov.ua" in refusal.message_uk
    assert "код авторизації в органі соціального захисту населення" in refusal.message_uk
    assert "authorization code" in refusal.message_en


@pytest.mark.parametrize("data", [b"%PDF-1.7 a scanned passport", b"just text"])
def test_not_a_key_file(data, nonce):
    refusal = refused(data, nonce, file_name="passport.pdf")
    assert refusal.code == "not_a_key_file"
    assert refusal.message_uk.startswith("Цей файл не є файлом ключа.")


def test_a_certificate_instead_of_a_key_is_not_a_key_file(pki, nonce):
    refusal = refused(pki.persons["valid"].certificate_der, nonce, file_name="me.cer")
    assert refusal.code == "not_a_key_file"
    assert "не сертифікат .cer" in refusal.message_uk


def test_a_pkcs8_key_without_its_certificate(pki, nonce):
    refusal = refused(pki.persons["valid"].pkcs8_der(), nonce, file_name="key.pk8")
    assert refusal.code == "certificate_missing"
    assert refusal.message_uk.startswith("У файлі ключа немає сертифіката.")


def test_a_certificate_of_another_key(pki, nonce):
    refusal = refused(pki.persons["valid"].pkcs8_der(), nonce, file_name="key.pk8",
                      certificate=pki.persons["drfo"].certificate_der)
    assert refusal.code == "key_certificate_mismatch"
    assert refusal.message_uk.startswith("Сертифікат не відповідає цьому ключу.")


def test_an_unreadable_certificate_file(pki, nonce):
    refusal = refused(pki.persons["valid"].pkcs8_der(), nonce, file_name="key.pk8", certificate=b"not a certificate")
    assert refusal.code == "certificate_file_invalid"
    assert refusal.message_uk.startswith("Файл сертифіката не вдається прочитати.")


def test_expired_certificate(pki, nonce):
    refusal = refused(pki.persons["expired"].pkcs12(), nonce)
    expired_on = timezone.localtime(pki.persons["expired"].certificate.not_valid_after_utc).strftime("%d.%m.%Y")
    assert refusal.code == "certificate_expired"
    assert refusal.message_uk == (
        f"Строк дії сертифіката ключа закінчився {expired_on}. Отримайте новий ключ у свого надавача довірчих "
        "послуг або увійдіть через id.gov.ua.")


def test_not_yet_valid_certificate(pki, nonce):
    refusal = refused(pki.persons["not_yet_valid"].pkcs12(), nonce)
    starts = timezone.localtime(pki.persons["not_yet_valid"].certificate.not_valid_before_utc).strftime("%d.%m.%Y")
    assert refusal.code == "certificate_not_yet_valid"
    assert refusal.message_uk.startswith(f"Сертифікат ключа ще не діє: він діятиме з {starts}.")


def test_certificate_of_a_ca_outside_the_trust_list(pki, nonce):
    refusal = refused(pki.persons["foreign"].pkcs12(), nonce)
    assert refusal.code == "untrusted_chain"
    assert refusal.message_uk.startswith("Сертифікат ключа видав не кваліфікований надавач довірчих послуг")


def test_certificate_of_an_impostor_ca_that_copies_a_providers_name(pki, nonce):
    refusal = refused(pki.persons["impostor"].pkcs12(), nonce)
    assert refusal.code == "untrusted_chain"


def test_certificate_of_another_provider_than_chosen(pki, nonce):
    refusal = refused(pki.persons["other_provider"].pkcs12(), nonce)
    assert refusal.code == "provider_mismatch"
    assert refusal.field == "provider"
    assert refusal.message_uk == ("Цей ключ видав інший надавач довірчих послуг: «Тестовий КНЕДП «Банк»». "
                                  "Виберіть у списку саме його і спробуйте ще раз.")
    # Choosing the right provider makes the same key pass.
    assert verify(pki.persons["other_provider"].pkcs12(), nonce, provider_id=P.OTHER_PROVIDER_ID).rnokpp == P.RNOKPP


def test_revoked_certificate_listed_in_the_local_crl(pki, nonce):
    refusal = refused(pki.persons["revoked"].pkcs12(), nonce)
    assert refusal.code == "certificate_revoked"
    assert refusal.message_uk.startswith("Сертифікат ключа скасовано або заблоковано.")


def test_a_crl_not_signed_by_the_issuer_is_ignored(pki, nonce, settings, tmp_path):
    forged = P._crl(pki.impostor_ca, [pki.persons["revoked"].certificate])  # same issuer name, other key
    path = tmp_path / "forged.crl"
    path.write_bytes(forged)
    settings.SIGNATURES_CRL_FILES = [str(path)]
    assert verify(pki.persons["revoked"].pkcs12(), nonce).rnokpp == P.RNOKPP


def test_a_missing_crl_file_fails_closed(pki, nonce, settings, tmp_path):
    from django.core.exceptions import ImproperlyConfigured

    settings.SIGNATURES_CRL_FILES = [str(tmp_path / "absent.crl")]
    with pytest.raises(ImproperlyConfigured):
        verify(pki.persons["valid"].pkcs12(), nonce)


def test_encryption_certificate_is_not_for_signing(pki, nonce):
    refusal = refused(pki.persons["encryption_only"].pkcs12(), nonce)
    assert refusal.code == "certificate_not_for_signing"
    assert refusal.message_uk.startswith("Цей сертифікат не призначений для підпису")


def test_certificate_without_rnokpp(pki, nonce):
    refusal = refused(pki.persons["no_rnokpp"].pkcs12(), nonce)
    assert refusal.code == "no_rnokpp_in_certificate"
    assert refusal.message_uk.startswith("У сертифікаті ключа немає РНОКПП")
    assert "код" in refusal.message_uk


def test_unknown_provider(pki, nonce):
    refusal = refused(pki.persons["valid"].pkcs12(), nonce, provider_id="00000000")
    assert refusal.code == "unknown_provider"
    assert refusal.message_uk == "Виберіть свого надавача довірчих послуг зі списку."


def test_messages_follow_the_active_language(pki, nonce):
    refusal = refused(pki.persons["valid"].pkcs12(), nonce, password="x")
    with override("uk"):
        assert refusal.message == refusal.message_uk
    with override("en"):
        assert refusal.message.startswith("The key's password is wrong.")
    assert str(refusal) == "wrong_password"


def test_every_code_has_both_messages():
    for code, (english, ukrainian, _field) in verifiers.REFUSALS.items():
        assert english and ukrainian and english != ukrainian, code


# --- The signature itself: tampering, replay, time ------------------------------------------------

def _signed(pki, nonce, person="valid") -> bytes:
    backend = verifiers.StandardBackend()
    return backend.sign_nonce(key_file=pki.persons[person].pkcs12(), key_format="pkcs12", password=P.PASSWORD,
                              nonce=nonce)


def test_the_signature_is_cades_bes(pki, nonce):
    info = cms.ContentInfo.load(_signed(pki, nonce))
    signer = info["content"]["signer_infos"][0]
    names = {a["type"].native for a in signer["signed_attrs"]}
    assert names == {"content_type", "message_digest", "signing_time", "signing_certificate_v2"}
    assert info["content"]["encap_content_info"]["content"].native == nonce
    assert verify_cms_signature(_signed(pki, nonce), nonce, P.PROVIDER_ID).rnokpp == P.RNOKPP


def test_a_tampered_signature_value_is_refused(pki, nonce):
    info = cms.ContentInfo.load(_signed(pki, nonce))
    signer = info["content"]["signer_infos"][0]
    value = bytearray(signer["signature"].native)
    value[-5] ^= 0x01
    signer["signature"] = bytes(value)
    with pytest.raises(SignatureRefused) as caught:
        verify_cms_signature(info.dump(force=True), nonce, P.PROVIDER_ID)
    assert caught.value.code == "signature_invalid"
    assert caught.value.message_uk.startswith("Підпис не пройшов перевірку: підписані дані пошкоджено або змінено.")


def test_tampered_signed_content_is_refused(pki, nonce):
    signed = _signed(pki, nonce)
    tampered = signed.replace(nonce, bytes([nonce[0] ^ 0xFF]) + nonce[1:])
    with pytest.raises(SignatureRefused) as caught:
        verify_cms_signature(tampered, bytes([nonce[0] ^ 0xFF]) + nonce[1:], P.PROVIDER_ID)
    assert caught.value.code == "signature_invalid"


def test_a_swapped_certificate_is_refused(pki, nonce):
    """The signing-certificate-v2 hash binds the certificate to the signature."""
    info = cms.ContentInfo.load(_signed(pki, nonce))
    from asn1crypto import x509

    other = x509.Certificate.load(pki.persons["drfo"].certificate_der)
    info["content"]["certificates"] = [other]
    with pytest.raises(SignatureRefused) as caught:
        verify_cms_signature(info.dump(force=True), nonce, P.PROVIDER_ID)
    assert caught.value.code == "signature_invalid"


def test_garbage_instead_of_a_signature_is_refused(nonce):
    with pytest.raises(SignatureRefused) as caught:
        verify_cms_signature(b"\x30\x03\x02\x01\x01", nonce, P.PROVIDER_ID)
    assert caught.value.code == "signature_invalid"


def test_a_signature_of_another_nonce_is_refused(pki, nonce):
    with pytest.raises(SignatureRefused) as caught:
        verify_cms_signature(_signed(pki, nonce), secrets.token_bytes(32), P.PROVIDER_ID)
    assert caught.value.code == "nonce_mismatch"
    assert caught.value.message_uk.startswith("Підпис зроблено для іншого запиту або його вже використано.")


def test_an_old_signature_is_refused(pki, nonce):
    signed = _signed(pki, nonce)
    with pytest.raises(SignatureRefused) as caught:
        verify_cms_signature(signed, nonce, P.PROVIDER_ID, now=timezone.now() + timedelta(hours=1))
    assert caught.value.code == "signing_time_invalid"
    assert caught.value.message_uk.startswith("Час підпису надто відрізняється від поточного.")


def test_a_broken_backend_signature_is_refused_by_the_independent_check(pki, nonce, monkeypatch):
    original = verifiers.StandardBackend.sign_nonce

    def tampering(self, **kwargs):
        signed = bytearray(original(self, **kwargs))
        signed[-3] ^= 0x01  # the last bytes are the signature value
        return bytes(signed)

    monkeypatch.setattr(verifiers.StandardBackend, "sign_nonce", tampering)
    refusal = refused(pki.persons["valid"].pkcs12(), nonce)
    assert refusal.code == "signature_invalid"


# --- A DSTU backend plugs in ---------------------------------------------------------------------

class FakeDstuBackend(verifiers.Verifier):
    """Stands in for UAPKI or a vendor library: opens Key-6.dat files."""

    name = "fake-dstu"
    key_formats = frozenset({"key6_dat"})
    key_algorithms = frozenset()

    def __init__(self, pki):
        self.pki = pki
        self.calls = 0

    def sign_nonce(self, *, key_file, key_format, password, nonce, certificate_file=None):
        self.calls += 1
        if password != P.PASSWORD:
            raise SignatureRefused(code=SignaturesErrorCode.WRONG_PASSWORD.value)
        # A real backend would decrypt Key-6.dat; the fake signs with a test key.
        return verifiers.StandardBackend().sign_nonce(
            key_file=self.pki.persons["valid"].pkcs12(), key_format="pkcs12", password=password, nonce=nonce)


def test_a_registered_dstu_backend_receives_key6_files(pki, nonce):
    backend = FakeDstuBackend(pki)
    verifiers.register_backend(backend)
    try:
        assert verifiers.backend_for_format("key6_dat") is backend
        assert verify(P.fake_key6_dat(), nonce, file_name="Key-6.dat").rnokpp == P.RNOKPP
        assert refused(P.fake_key6_dat(), nonce, file_name="Key-6.dat", password="x").code == "wrong_password"
    finally:
        verifiers.unregister_backend(backend)
    assert backend.calls == 2
    assert verifiers.backend_for_format("key6_dat") is None


def test_backends_come_from_settings(settings):
    settings.SIGNATURES_BACKENDS = ["cbi.signatures.verifiers.StandardBackend"]
    assert [b.name for b in verifiers.backends()] == ["standard"]
    assert verifiers.backend_for_key_algorithm(verifiers.OID_DSTU_4145_LE) is None
    assert keyfiles.DSTU_FORMATS.isdisjoint(verifiers.backends()[0].key_formats)


# --- Secrets stay secret -----------------------------------------------------------------------------

def test_neither_password_nor_key_reaches_a_log_or_a_file(pki, nonce, caplog, monkeypatch, tmp_path):
    key_file = pki.persons["valid"].pkcs12()
    written = []
    real_open, real_os_open = builtins.open, os.open

    def guarded_open(file, mode="r", *args, **kwargs):
        if any(flag in mode for flag in "wax+"):
            written.append(str(file))
        return real_open(file, mode, *args, **kwargs)

    def guarded_os_open(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            written.append(str(path))
        return real_os_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(os, "open", guarded_os_open)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    before = set(tmp_path.iterdir())
    caplog.set_level(logging.DEBUG)

    verify(key_file, nonce)
    for password in ("неправильний-пароль-123", P.PASSWORD):
        try:
            verify(pki.persons["revoked"].pkcs12(), nonce, password=password)
        except SignatureRefused:
            pass

    assert written == []
    assert set(tmp_path.iterdir()) == before
    log_text = "\n".join(f"{r.getMessage()} {r.args!r}" for r in caplog.records)
    assert caplog.records, "the checks are logged (codes only)"
    for secret in (P.PASSWORD, "неправильний-пароль-123", P.RNOKPP, key_file[:40].hex(), repr(key_file[:40])):
        assert secret not in log_text


@pytest.mark.parametrize("name", ["message.p7", "message_detached.p7"])
def test_a_dstu_family_signature_is_refused_as_dstu_with_no_backend(test_trust, name, settings):
    """jkurwa's published vectors (tests/signatures/data/jkurwa/): GOST 34.311 digest, DSTU 4145 key,
    on a server without node (only the standard backend)."""
    from pathlib import Path

    settings.SIGNATURES_BACKENDS = ["cbi.signatures.verifiers.StandardBackend"]
    vector = (Path(__file__).parent / "data" / "jkurwa" / name).read_bytes()
    with pytest.raises(SignatureRefused) as refused:
        verify_cms_signature(vector, b"", P.PROVIDER_ID)
    assert refused.value.code == "unsupported_key_format_dstu"
    with pytest.raises(SignatureRefused) as truncated:
        verify_cms_signature(vector[:-40], b"", P.PROVIDER_ID)
    assert truncated.value.code == "signature_invalid"


def test_a_certificate_field_the_parser_cannot_read_is_a_refusal_not_a_500(test_trust, pki, monkeypatch):
    """jkurwa's published DSTU certificate has an extension asn1crypto cannot parse: such errors
    deep in an outside file end as signature_invalid."""
    from pathlib import Path

    from asn1crypto import x509 as ax509

    unreadable = ax509.Certificate.load((Path(__file__).parent / "data" / "jkurwa" / "SELF_SIGNED1.cer").read_bytes())
    with pytest.raises(ValueError):
        unreadable.key_usage_value  # noqa: B018 — the parser error this test is about
    monkeypatch.setattr(verifiers, "extract_rnokpp", lambda certificate: unreadable.key_usage_value)
    nonce = secrets.token_bytes(32)
    with pytest.raises(SignatureRefused) as refused:
        verify_cms_signature(pki.persons["valid"].p7s(nonce), nonce, P.PROVIDER_ID)
    assert refused.value.code == "signature_invalid"
