"""The trust list: the real shipped snapshot and a generated test list."""

from __future__ import annotations

from cbi.signatures import trust

from . import pki as P


def test_the_shipped_trust_list_has_every_provider_with_its_ca_certificates():
    trust_list = trust.load(trust.DEFAULT_CA_BUNDLE, trust.DEFAULT_PROVIDERS_FILE)

    assert len(trust_list.providers) == 33
    assert len(trust_list.certificates) == 827
    tax = trust_list.provider("43005393")
    assert tax.name == "КНЕДП ДПС"
    assert "Акредитований центр сертифікації ключів ІДД ДФС" in tax.issuer_cns
    assert tax.ca_certificates, "the tax service's CA certificates are in the bundle"
    for certificate in tax.ca_certificates:
        assert trust.common_name(certificate.subject) in tax.issuer_cns
        assert trust_list.provider_for_ca(certificate) == tax
    # Every provider of the snapshot has at least one CA certificate in the bundle.
    assert all(p.ca_certificates for p in trust_list.providers.values())


def test_the_choice_list_is_in_ukrainian_alphabetical_order(settings):
    settings.SIGNATURES_CA_BUNDLE = str(trust.DEFAULT_CA_BUNDLE)
    names = [name for _id, name in trust.provider_choices()]

    assert names[0] == "АЦСК Національного банку України"
    assert names.index('"Дійка". Кваліфікований надавач електронних довірчих послуг') < names.index("КНЕДП ДПС")
    assert names.index('КНЕДП АТ "Ощадбанк"') < names.index('КНЕДП ЦСК Укрзалізниці')
    words = ["Їжак", "Іван", "Євген", "Гнат", "Ґудзь", "Жук", "Шевченко", "Яценко", "Bank"]
    assert sorted(words, key=trust.ukrainian_sort_key) == [
        "Гнат", "Ґудзь", "Євген", "Жук", "Іван", "Їжак", "Шевченко", "Яценко", "Bank"]


def test_a_generated_trust_list_loads_from_files_set_in_settings(test_trust, pki):
    assert [p.id for p in trust.providers()] == [P.OTHER_PROVIDER_ID, P.PROVIDER_ID]  # «Банк» < ЦБІ
    provider = trust.get_trust_list().provider(P.PROVIDER_ID)
    assert provider.name == P.PROVIDER_NAME
    assert provider.issuer_cns == (P.PROVIDER_NAME, "Test QTSP of CBI")
    assert len(provider.ca_certificates) == 1
    assert len(test_trust.certificates) == 3
    # The root belongs to no provider, as the real central authority.
    root = next(c for c in test_trust.certificates if c.subject == c.issuer)
    assert test_trust.provider_for_ca(root) is None


def test_a_trust_list_can_be_injected_and_a_pem_bundle_read(pki, tmp_path):
    from cryptography.hazmat.primitives import serialization

    pem = b"".join(a.certificate.public_bytes(serialization.Encoding.PEM) for a in (pki.root, pki.provider_ca))
    injected = trust.build(trust.read_providers(pki.providers_json()), trust.read_certificates(pem))
    with trust.use(injected):
        assert trust.get_trust_list() is injected
        assert [p.id for p in trust.providers()] == [P.OTHER_PROVIDER_ID, P.PROVIDER_ID]
    assert trust.get_trust_list() is not injected


def test_the_list_is_cached_and_a_new_setting_reloads_it(test_trust, settings, tmp_path, pki):
    assert trust.get_trust_list() is trust.get_trust_list()
    other = tmp_path / "other"
    other.mkdir()
    bundle, providers, _crl = pki.write_trust_files(other)
    settings.SIGNATURES_PROVIDERS_FILE = str(providers)
    assert trust.get_trust_list() is not test_trust
