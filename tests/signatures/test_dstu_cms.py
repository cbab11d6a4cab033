"""Whole DSTU 4145 CAdES signatures through ``verify_cms_signature`` (issue 18): GOST 34.311-95
message digest and signing-certificate hash, DSTU 4145 signature, the chain to the trust list's
DSTU CA, the РНОКПП. The signatures are made by jkurwa (tests/signatures/dstu_pki.py), as the
browser makes them and as a person's signing application would."""

from __future__ import annotations

import secrets
from datetime import timedelta

import pytest
from django.utils import timezone

from cbi.signatures.verifiers import SignatureRefused, verify_cms_signature

from . import dstu_pki as D
from . import pki as P

pytestmark = pytest.mark.usefixtures("dstu_trust")


@pytest.fixture
def nonce():
    return secrets.token_hex(32).encode()


def refusal(cms: bytes, nonce: bytes, provider: str = D.PROVIDER_ID) -> str:
    with pytest.raises(SignatureRefused) as refused:
        verify_cms_signature(cms, nonce, provider)
    return refused.value.code


@pytest.mark.parametrize("detached", [True, False])
def test_a_dstu_signature_gives_the_persons_rnokpp_and_name(dstu_pki, nonce, detached):
    identity = verify_cms_signature(dstu_pki.persons["valid"].p7s(nonce, detached=detached), nonce, D.PROVIDER_ID)
    assert identity.rnokpp == P.RNOKPP
    assert identity.full_name == P.FULL_NAME
    assert identity.provider_name == D.PROVIDER_NAME
    assert identity.issuer == D.CA_NAME


def test_the_rnokpp_is_read_from_the_drfo_attribute_of_a_dstu_certificate(dstu_pki, nonce):
    assert verify_cms_signature(dstu_pki.persons["drfo"].p7s(nonce), nonce, D.PROVIDER_ID).rnokpp == P.RNOKPP


def test_a_dstu_signature_over_another_check_file(dstu_pki, nonce):
    assert refusal(dstu_pki.persons["valid"].p7s(b"0" * 64), nonce) == "nonce_mismatch"


def test_a_truncated_dstu_signature(dstu_pki, nonce):
    assert refusal(dstu_pki.persons["valid"].p7s(nonce)[:-30], nonce) == "signature_invalid"


def test_a_dstu_signature_with_one_byte_changed(dstu_pki, nonce):
    signed = bytearray(dstu_pki.persons["valid"].p7s(nonce))
    signed[-5] ^= 0x01  # inside the signature value, the last field of the signer info
    assert refusal(bytes(signed), nonce) == "signature_invalid"


def test_a_dstu_signature_with_the_provider_chosen_wrong(dstu_pki, nonce):
    assert refusal(dstu_pki.persons["valid"].p7s(nonce), nonce, P.PROVIDER_ID) == "provider_mismatch"


def test_a_dstu_signature_made_long_ago(dstu_pki, nonce):
    old = dstu_pki.persons["valid"].p7s(nonce, signing_time=timezone.now() - timedelta(hours=2))
    assert refusal(old, nonce) == "signing_time_invalid"


def test_a_dstu_ca_outside_the_trust_list(dstu_pki, nonce, pki, settings, tmp_path):
    from cbi.signatures import trust

    bundle, providers, _crl = pki.write_trust_files(tmp_path, extra_providers=[dstu_pki.provider()])
    settings.SIGNATURES_CA_BUNDLE, settings.SIGNATURES_PROVIDERS_FILE = str(bundle), str(providers)
    trust.clear_cache()
    assert refusal(dstu_pki.persons["valid"].p7s(nonce), nonce) == "untrusted_chain"


def test_without_node_a_dstu_signature_points_to_the_other_routes(dstu_pki, nonce, settings):
    settings.SIGNATURES_BACKENDS = ["cbi.signatures.verifiers.StandardBackend"]
    assert refusal(dstu_pki.persons["valid"].p7s(nonce), nonce) == "unsupported_key_format_dstu"


def test_ecdsa_signatures_still_verify_with_the_dstu_backend_first(pki, nonce):
    assert verify_cms_signature(pki.persons["valid"].p7s(nonce), nonce, P.PROVIDER_ID).rnokpp == P.RNOKPP
