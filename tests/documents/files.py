"""Bytes of real file types, built in the tests (no binary fixtures)."""

from __future__ import annotations

import functools
import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

MB = 1024 * 1024


@functools.cache
def _one_page_pdf(padding: int = 0) -> bytes:
    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)  # A4
    if padding:  # inside the file, as a scan's image data would be, so the end marker stays last
        writer.add_metadata({"/Scanner": "x" * padding})
    writer.write(out)
    return out.getvalue()


@functools.cache
def _small_jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 200, 190)).save(out, "JPEG")
    return out.getvalue()


def pdf(size: int = 0) -> bytes:
    """A real one-page PDF (what a scanner saves) of ``size`` bytes (at least its own)."""
    if size <= len(_one_page_pdf()):
        return _one_page_pdf()
    padding = size - len(_one_page_pdf(1)) + 1
    for _ in range(3):  # the file's own offsets grow by a digit now and then
        content = _one_page_pdf(padding)
        if len(content) == size:
            break
        padding -= len(content) - size
    return content


def png(size: int = 0) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    body = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))
    return _pad(body, size)


def jpeg(size: int = 0) -> bytes:
    """A real small JPEG photo, padded to ``size`` bytes."""
    return _pad(_small_jpeg(), size)


def truncated(content: bytes) -> bytes:
    """The first half of a file, as when an upload breaks off."""
    return content[: len(content) // 2]


def huge_png(width: int = 20_000, height: int = 20_000) -> bytes:
    """A small file that claims a huge image (the header says width × height pixels)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + b"\x00" * width
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * 8)) + chunk(b"IEND", b""))


def heic(size: int = 0, major: bytes = b"heic", compatible: bytes = b"mif1heic") -> bytes:
    box = b"ftyp" + major + b"\x00\x00\x00\x00" + compatible
    return _pad(struct.pack(">I", len(box) + 4) + box, size)


def exe(size: int = 0) -> bytes:
    return _pad(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00This program cannot be run in DOS mode.", size)


def _pad(body: bytes, size: int) -> bytes:
    return body + b"\x00" * max(0, size - len(body))


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
