"""Bytes of real file types, built in the tests (no binary fixtures)."""

from __future__ import annotations

import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

MB = 1024 * 1024


def pdf(size: int = 0) -> bytes:
    body = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    return _pad(body, size)


def png(size: int = 0) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    body = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))
    return _pad(body, size)


def jpeg(size: int = 0) -> bytes:
    return _pad(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9", size)


def heic(size: int = 0, major: bytes = b"heic", compatible: bytes = b"mif1heic") -> bytes:
    box = b"ftyp" + major + b"\x00\x00\x00\x00" + compatible
    return _pad(struct.pack(">I", len(box) + 4) + box, size)


def exe(size: int = 0) -> bytes:
    return _pad(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00This program cannot be run in DOS mode.", size)


def _pad(body: bytes, size: int) -> bytes:
    return body + b"\x00" * max(0, size - len(body))


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
