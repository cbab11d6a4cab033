"""Why a key or a signature was refused: one code, one message in each language.

Every message says what to do next. Ukrainian is the primary language; the
English text is also the msgid (``gettext_noop``), so ``make messages`` puts
it in the catalogue too. ``SignatureRefused.message`` picks the active
language without depending on the catalogue being compiled.
"""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext_noop as N_

# code: (English msgid, Ukrainian text, the form field it concerns or None)
REFUSALS: dict[str, tuple[str, str, str | None]] = {
    "wrong_password": (
        N_("The key's password is wrong. Check the keyboard layout and Caps Lock, then enter the password again."),
        "Пароль до ключа неправильний. Перевірте розкладку клавіатури та Caps Lock і введіть пароль ще раз.",
        "password",
    ),
    "unsupported_key_format_dstu": (
        N_("This is a key of the Ukrainian standard DSTU 4145 (a Key-6.dat, .jks or .zs2 file). ЦБІ cannot "
           "check such keys yet. Sign in through id.gov.ua, or get an authorization code at your social "
           "protection office and register with the code."),
        "Це ключ за українським стандартом ДСТУ 4145 (файл Key-6.dat, .jks або .zs2). ЦБІ поки не може "
        "перевірити такі ключі. Увійдіть через id.gov.ua або отримайте код авторизації в органі соціального "
        "захисту населення і зареєструйтеся з кодом.",
        "key_file",
    ),
    "not_a_key_file": (
        N_("This file is not a key file. Choose the file of your qualified e-signature key: Key-6.dat, .pfx, "
           ".p12, .jks, .pk8 or .pem (not a certificate .cer and not a document)."),
        "Цей файл не є файлом ключа. Виберіть файл ключа вашого кваліфікованого електронного підпису: "
        "Key-6.dat, .pfx, .p12, .jks, .pk8 або .pem (не сертифікат .cer і не документ).",
        "key_file",
    ),
    "certificate_missing": (
        N_("The key file has no certificate in it. Add the certificate file (.cer or .crt) that your trust "
           "service provider issued for this key."),
        "У файлі ключа немає сертифіката. Додайте файл сертифіката (.cer або .crt), який ваш надавач довірчих "
        "послуг видав для цього ключа.",
        "certificate_file",
    ),
    "certificate_file_invalid": (
        N_("The certificate file cannot be read. Choose the certificate file (.cer or .crt) issued for this key."),
        "Файл сертифіката не вдається прочитати. Виберіть файл сертифіката (.cer або .crt), виданий для цього "
        "ключа.",
        "certificate_file",
    ),
    "key_certificate_mismatch": (
        N_("The certificate does not belong to this key. Add the certificate issued for this very key."),
        "Сертифікат не відповідає цьому ключу. Додайте сертифікат, виданий саме для цього ключа.",
        "certificate_file",
    ),
    "unsupported_algorithm": (
        N_("The key uses an algorithm ЦБІ cannot check. Sign in through id.gov.ua, or get an authorization "
           "code at your social protection office and register with the code."),
        "Ключ використовує алгоритм, який ЦБІ не може перевірити. Увійдіть через id.gov.ua або отримайте код "
        "авторизації в органі соціального захисту населення і зареєструйтеся з кодом.",
        "key_file",
    ),
    "unknown_provider": (
        N_("Choose your trust service provider from the list."),
        "Виберіть свого надавача довірчих послуг зі списку.",
        "provider",
    ),
    "certificate_expired": (
        N_("The key's certificate expired on %(date)s. Get a new key from your trust service provider, or sign "
           "in through id.gov.ua."),
        "Строк дії сертифіката ключа закінчився %(date)s. Отримайте новий ключ у свого надавача довірчих послуг "
        "або увійдіть через id.gov.ua.",
        None,
    ),
    "certificate_not_yet_valid": (
        N_("The key's certificate is not valid yet: it starts on %(date)s. Try again from that date, or sign in "
           "through id.gov.ua."),
        "Сертифікат ключа ще не діє: він діятиме з %(date)s. Спробуйте з цієї дати або увійдіть через id.gov.ua.",
        None,
    ),
    "untrusted_chain": (
        N_("The key's certificate was not issued by a qualified trust service provider from the trust list. "
           "Use a qualified e-signature (КЕП) key, or sign in through id.gov.ua."),
        "Сертифікат ключа видав не кваліфікований надавач довірчих послуг із довірчого списку. Скористайтеся "
        "ключем кваліфікованого електронного підпису (КЕП) або увійдіть через id.gov.ua.",
        None,
    ),
    "provider_mismatch": (
        N_("This key was issued by another trust service provider: “%(actual)s”. Choose that provider in the "
           "list and try again."),
        "Цей ключ видав інший надавач довірчих послуг: «%(actual)s». Виберіть у списку саме його і спробуйте "
        "ще раз.",
        "provider",
    ),
    "certificate_revoked": (
        N_("The key's certificate has been revoked or blocked. Contact your trust service provider, or sign in "
           "through id.gov.ua."),
        "Сертифікат ключа скасовано або заблоковано. Зверніться до свого надавача довірчих послуг або увійдіть "
        "через id.gov.ua.",
        None,
    ),
    "certificate_not_for_signing": (
        N_("This certificate is not for signing (it may be the encryption certificate). Choose the key file "
           "with the signing key."),
        "Цей сертифікат не призначений для підпису (можливо, це сертифікат шифрування). Виберіть файл ключа "
        "з ключем підпису.",
        "key_file",
    ),
    "signature_invalid": (
        N_("The signature failed the check: the signed data was damaged or changed. Try again; if it happens "
           "again, sign in through id.gov.ua."),
        "Підпис не пройшов перевірку: підписані дані пошкоджено або змінено. Спробуйте ще раз; якщо це "
        "повториться, увійдіть через id.gov.ua.",
        None,
    ),
    "nonce_mismatch": (
        N_("The signature was made for another request or has already been used. Reload the page and try again."),
        "Підпис зроблено для іншого запиту або його вже використано. Оновіть сторінку і спробуйте ще раз.",
        None,
    ),
    "signing_time_invalid": (
        N_("The signing time is too far from the current time. Check the date and time on your device and "
           "try again."),
        "Час підпису надто відрізняється від поточного. Перевірте дату й час на своєму пристрої і спробуйте "
        "ще раз.",
        None,
    ),
    "no_rnokpp_in_certificate": (
        N_("The key's certificate has no taxpayer number (РНОКПП). Register with an authorization code from "
           "your social protection office."),
        "У сертифікаті ключа немає РНОКПП (реєстраційного номера облікової картки платника податків). "
        "Зареєструйтеся з кодом авторизації, який видає орган соціального захисту населення.",
        None,
    ),
    "key_file_not_signature": (
        N_("This is a private key file, not a signature. Never send your key file to anyone. Sign the check "
           "file in your signing application and choose the .p7s file it makes."),
        "Це файл особистого ключа, а не підпис. Нікому не надсилайте файл ключа. Підпишіть файл перевірки у "
        "своїй програмі для підпису і виберіть файл .p7s, який вона створить.",
        "signature_file",
    ),
    "idgovua_state_mismatch": (
        N_("The answer from id.gov.ua does not match this sign-in (it is old, repeated or came from another "
           "page). Start the sign-in through id.gov.ua again."),
        "Відповідь від id.gov.ua не відповідає цьому входу (вона застаріла, повторна або прийшла з іншої "
        "сторінки). Почніть вхід через id.gov.ua ще раз.",
        None,
    ),
    "idgovua_denied": (
        N_("The sign-in through id.gov.ua was cancelled or not completed. Try again, or register with an "
           "authorization code from your social protection office."),
        "Вхід через id.gov.ua скасовано або не завершено. Спробуйте ще раз або зареєструйтеся з кодом "
        "авторизації, який видає орган соціального захисту населення.",
        None,
    ),
    "idgovua_code_invalid": (
        N_("id.gov.ua did not confirm this sign-in: the one-time code was already used or has expired. Start "
           "the sign-in through id.gov.ua again."),
        "id.gov.ua не підтвердив цей вхід: одноразовий код уже використано або він застарів. Почніть вхід "
        "через id.gov.ua ще раз.",
        None,
    ),
    "idgovua_unavailable": (
        N_("id.gov.ua is not answering now. Try again in a few minutes, or register with an authorization code "
           "from your social protection office."),
        "id.gov.ua зараз не відповідає. Спробуйте через кілька хвилин або зареєструйтеся з кодом авторизації, "
        "який видає орган соціального захисту населення.",
        None,
    ),
    "idgovua_no_rnokpp": (
        N_("id.gov.ua did not give your taxpayer number (РНОКПП). Register with an authorization code from "
           "your social protection office."),
        "id.gov.ua не передав ваш РНОКПП. Зареєструйтеся з кодом авторизації, який видає орган соціального "
        "захисту населення.",
        None,
    ),
}


class SignatureRefused(Exception):
    """A key or signature that cannot confirm a person's identity.

    ``code`` is stable (tests, logs, the cabinet); ``message_uk`` and
    ``message_en`` say what happened and what to do. The exception never
    carries the key, the password or the certificate's personal data."""

    def __init__(self, code: str, message_uk: str | None = None, message_en: str | None = None, **params):
        en, uk, self.field = REFUSALS.get(code, (code, code, None))
        self.code = code
        self.params = params
        self.message_uk = message_uk or (uk % params if params else uk)
        self.message_en = message_en or (en % params if params else en)
        super().__init__(code)

    @property
    def message(self) -> str:
        language = (get_language() or "uk").lower()
        return self.message_en if language.startswith("en") else self.message_uk

    def __str__(self) -> str:  # what a traceback or a log shows: the code only
        return self.code
