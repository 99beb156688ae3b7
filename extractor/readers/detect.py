"""Which format a file is in: its bytes first (magic numbers, a zip's own members, markup at the
start of the text), its name second. A ``.doc`` that is really RTF or HTML, a ``.txt`` in UTF-16
without a BOM and a renamed ``.docx`` are all found by their content.

>>> detect(b"%PDF-1.7 ...", "bao-cao.doc")
'pdf'
>>> detect(b"{\\\\rtf1\\\\ansi ...", "bao-cao.doc")
'rtf'
>>> detect("<!DOCTYPE html><html>".encode(), "tin.doc")
'html'
>>> detect("Báo cáo".encode("utf-16-le"), "bao-cao.txt")
'text'
"""
from __future__ import annotations

import io
import zipfile
import zlib

# suffix → format, used when the bytes do not say
SUFFIX_FORMATS = {
    ".txt": "text", ".text": "text", ".md": "text", "": "text",
    ".csv": "csv", ".tsv": "csv",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".docx": "docx", ".pdf": "pdf",
    ".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods",
    ".doc": "doc", ".odt": "odt", ".rtf": "rtf",
    ".png": "image", ".jpg": "image", ".jpeg": "image", ".tif": "image", ".tiff": "image",
    ".bmp": "image", ".gif": "image", ".webp": "image",
    ".eml": "eml", ".mht": "mht", ".mhtml": "mht",
    ".zip": "zip", ".tar": "tar", ".gz": "tar", ".tgz": "tar", ".bz2": "tar", ".tbz2": "tar",
    ".xz": "tar", ".txz": "tar",
}
_IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"GIF87a", b"GIF89a", b"BM")
_ODF = {"application/vnd.oasis.opendocument.text": "odt",
        "application/vnd.oasis.opendocument.spreadsheet": "ods"}
_MAIL_HEADERS = (b"from:", b"received:", b"return-path:", b"mime-version:", b"message-id:", b"date:",
                 b"subject:", b"to:", b"delivered-to:", b"x-")
_HTML_STARTS = (b"<!doctype html", b"<html", b"<?xml version=\"1.0\"?><html", b"<head", b"<body")


def suffix_of(name: str) -> str:
    """The lower-case suffix of a name, ``.tar.gz`` style pairs reduced to their last part."""
    base = name.rsplit("!", 1)[-1].rsplit("/", 1)[-1].lower()
    return "." + base.rsplit(".", 1)[1] if "." in base.strip(".") else ""


def _zip_format(data: bytes) -> str:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = set(zf.namelist())
        if "mimetype" in names:
            info = zf.getinfo("mimetype")
            if info.file_size < 200:
                kind = _ODF.get(zf.read("mimetype").decode("ascii", "replace").strip())
                if kind:
                    return kind
    except (zipfile.BadZipFile, ValueError, OSError, KeyError, NotImplementedError, EOFError, zlib.error,
            RuntimeError):  # a damaged or encrypted mimetype member: the reader says why, not the detector
        return "zip"
    if "[Content_Types].xml" in names:
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
            return "xlsx"
    return "zip"


def _ole_format(data: bytes, suffix: str) -> str:
    """Word 97 or Excel 97 (both OLE compound files): the stream names say, else the suffix."""
    head = data[:1 << 16]
    if "Workbook".encode("utf-16-le") in head or "Book".encode("utf-16-le") in head and suffix == ".xls":
        return "xls"
    if "WordDocument".encode("utf-16-le") in head:
        return "doc"
    return "xls" if suffix == ".xls" else "doc"


def _looks_like_mail(head: bytes) -> bool:
    lines = head.replace(b"\r\n", b"\n").split(b"\n")[:8]
    hits = sum(1 for line in lines if line.lower().startswith(_MAIL_HEADERS))
    return hits >= 2 and lines[0].lower().startswith(_MAIL_HEADERS)


def detect(data: bytes, name: str) -> str:
    """The format of ``data`` (a key of the reader registry), from its bytes, else its name."""
    suffix = suffix_of(name)
    if data.startswith(b"%PDF-") or b"%PDF-" in data[:1024] and suffix == ".pdf":
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_format(data)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _ole_format(data, suffix)
    if data.startswith(_IMAGES):
        return "image"
    if data.startswith(b"\x1f\x8b") or data[257:262] == b"ustar" or data.startswith((b"BZh", b"\xfd7zXZ\x00")):
        return "tar"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(_HTML_STARTS) or suffix in (".doc", ".xls") and b"<html" in head:
        return "html"
    if suffix not in (".mht", ".mhtml") and _looks_like_mail(head):
        return "eml"
    return SUFFIX_FORMATS.get(suffix, "text" if suffix in (".log",) else "unknown")
