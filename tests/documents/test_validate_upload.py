"""EC-DOC-1: what a person may upload, decided from the content, with messages that say what to do."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from cbi.documents.services import MAX_UPLOAD_BYTES, detect_type, sanitize_name, validate_upload
from tests.documents.files import MB, exe, heic, huge_png, jpeg, pdf, png, truncated, upload


@pytest.mark.parametrize("name, content, expected", [
    ("паспорт.pdf", pdf(), "application/pdf"),
    ("IMG_2031.JPG", jpeg(), "image/jpeg"),
    ("скан.png", png(), "image/png"),
    ("IMG_4410.HEIC", heic(), "image/heic"),
    ("photo.heif", heic(major=b"mif1", compatible=b"mif1heic"), "image/heic"),
    ("photo.heic", heic(major=b"heix"), "image/heic"),
    # The name does not matter: a PNG called .pdf is a PNG.
    ("висновок.pdf", png(), "image/png"),
])
def test_accepted_types_are_detected_from_the_content(name, content, expected):
    assert validate_upload(upload(name, content)).content_type == expected


def test_exactly_3_mb_is_accepted():
    file = upload("паспорт.pdf", pdf(MAX_UPLOAD_BYTES))
    assert file.size == 3 * 1024 * 1024
    assert validate_upload(file).extension == ".pdf"


def test_a_3_1_mb_file_is_refused_with_what_to_do():
    with override("en"):
        with pytest.raises(ValidationError) as refused:
            validate_upload(upload("паспорт.jpg", jpeg(int(3.1 * MB))))
        message = refused.value.messages[0]
    assert refused.value.code == "too_large"
    assert "larger than 3 MB" in message and "3,1 MB" in message
    assert "lower resolution" in message


def test_one_byte_over_the_limit_is_refused():
    with pytest.raises(ValidationError) as refused:
        validate_upload(upload("скан.png", png(MAX_UPLOAD_BYTES + 1)))
    assert refused.value.code == "too_large"


def test_an_exe_renamed_to_pdf_is_refused():
    with override("en"):
        with pytest.raises(ValidationError) as refused:
            validate_upload(upload("паспорт.pdf", exe(), "application/pdf"))
        message = refused.value.messages[0]
    assert refused.value.code == "unsupported_type"
    assert "not a PDF, JPEG, PNG or HEIC" in message


@pytest.mark.parametrize("content", [
    b"GIF89a\x01\x00\x01\x00", b"PK\x03\x04word/document.xml", b"<html><script>alert(1)</script>",
    b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf",  # AVIF: same container, not HEIC
    b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom",  # a video
    b" %PDF-1.4",  # not at the start
])
def test_other_types_are_refused(content):
    with pytest.raises(ValidationError) as refused:
        validate_upload(upload("document.pdf", content))
    assert refused.value.code == "unsupported_type"


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as refused:
        validate_upload(upload("паспорт.pdf", b""))
    assert refused.value.code == "empty"


def test_detection_reads_only_the_first_bytes():
    assert detect_type(pdf()[:8]) is not None
    assert detect_type(b"") is None


@pytest.mark.parametrize("name, extension, expected", [
    ("C:\\Users\\Олена\\Desktop\\паспорт.pdf", ".pdf", "паспорт.pdf"),
    ("../../etc/passwd", ".pdf", "passwd.pdf"),
    ("скан\x00\x1b[31m.png", ".png", "скан[31m.png"),
    ("photo.exe", ".jpg", "photo.jpg"),
    ("IMG_4410.HEIC", ".heic", "IMG_4410.heic"),
    ("", ".pdf", "document.pdf"),
    ("...", ".pdf", "document.pdf"),
    ('a"b<c>.pdf', ".pdf", "a_b_c_.pdf"),
    ("я" * 300 + ".pdf", ".pdf", "я" * 96 + ".pdf"),
])
def test_file_names_are_sanitized(name, extension, expected):
    assert sanitize_name(name, extension) == expected


@pytest.mark.parametrize("name,content,label", [
    ("висновок МСЕК.pdf", truncated(pdf(200_000)), "PDF"),
    ("паспорт.jpg", truncated(jpeg()), "JPEG"),
    ("довідка.png", truncated(png()), "PNG"),
])
def test_a_file_cut_off_in_the_middle_is_refused_with_what_to_do(name, content, label):
    """An outside probe uploaded a truncated PDF and it was accepted: an officer could not open it."""
    with pytest.raises(ValidationError) as refused:
        validate_upload(upload(name, content))
    assert refused.value.code == "damaged"
    assert label in refused.value.messages[0]


def test_an_image_of_20000_by_20000_pixels_is_refused_before_it_is_decoded():
    with pytest.raises(ValidationError) as refused:
        validate_upload(upload("скан.png", huge_png()))
    assert refused.value.code == "too_many_pixels"
    # A 24-megapixel phone photo is fine.
    assert validate_upload(upload("фото.png", huge_png(6000, 4000))).label == "PNG"
