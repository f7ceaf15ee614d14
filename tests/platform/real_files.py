"""Upload fixtures made as the real tools make them: Office packages (openpyxl's XLSX, a Word
and a PowerPoint package with the parts Office writes first), a Windows executable's header,
text as Windows Notepad saves it in a Chinese locale."""

from __future__ import annotations

import io
import struct
import zipfile

import openpyxl

PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="{target}" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument"/></Relationships>'
)
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/{part}" ContentType="application/vnd.openxmlformats-officedocument.'
    '{kind}.main+xml"/></Types>'
)
DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>项目经理证书 PMP</w:t></w:r></w:p></w:body></w:document>"
)
PRESENTATION = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    '<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>'
)


def _package(part: str, kind: str, body: str, extra: dict[str, bytes] | None = None) -> bytes:
    """An OOXML package in the order Office writes it: the content types part first."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES.format(part=part, kind=kind))
        package.writestr("_rels/.rels", PACKAGE_RELS.format(target=part))
        package.writestr(part, body)
        for name, data in (extra or {}).items():
            package.writestr(name, data)
    return out.getvalue()


def docx(extra: dict[str, bytes] | None = None) -> bytes:
    return _package("word/document.xml", "wordprocessingml.document", DOCUMENT, extra)


def pptx() -> bytes:
    return _package("ppt/presentation.xml", "presentationml.presentation", PRESENTATION)


def xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["姓名", "证书"])
    book.active.append(["李娜", "PMP"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def plain_zip() -> bytes:
    """A ZIP of documents, not an Office package."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", DOCUMENT)
        archive.writestr("readme.txt", "Not an Office file.")
    return out.getvalue()


def windows_executable() -> bytes:
    """An MZ header with its DOS stub, then the PE signature and a COFF header (x86-64)."""
    stub = b"\x0e\x1f\xba\x0e\x00\xb4\x09\xcd\x21\xb8\x01\x4c\xcd\x21"
    stub += b"This program cannot be run in DOS mode.\r\r\n$"
    dos = bytearray(64)
    dos[0:2] = b"MZ"
    dos[0x3C:0x40] = struct.pack("<I", 128)
    header = (bytes(dos) + stub).ljust(128, b"\x00")
    coff = struct.pack("<4sHHIIIHH", b"PE\x00\x00", 0x8664, 3, 0x5F5E100, 0, 0, 240, 0x22)
    return header + coff + bytes(240)


NOTEPAD_TEXT = "项目周报\r\n负责人：李娜\r\n进度：按计划完成 80%。\r\n"


def notepad_gbk() -> bytes:
    """Notepad's "ANSI" in a Chinese Windows locale: code page 936 (GBK, within GB18030),
    CRLF, no BOM."""
    return NOTEPAD_TEXT.encode("gbk")


def notepad_utf16() -> bytes:
    """Notepad's "Unicode": UTF-16 LE with a BOM, a NUL after every ASCII character."""
    return NOTEPAD_TEXT.encode("utf-16")
