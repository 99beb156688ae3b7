"""Plain text files: bytes decoded exactly, one run of prose.

The text comes back exactly as decoded (no normalisation), so fact offsets are offsets into the
file's own characters; decomposed Unicode is normalised by the repair stage, as edits.
"""
from __future__ import annotations

import re

from ..model import Source
from .limits import ReadOptions

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\ud800-\udfff]")


def _utf16_without_bom(data: bytes) -> str:
    """"utf-16-le"/"utf-16-be" when NUL bytes sit at the odd/even positions of most character
    pairs (BOM-less UTF-16 of mostly ASCII or Vietnamese text), else ""."""
    sample = data[:4096]
    if len(sample) < 4 or len(data) % 2:
        return ""
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    pairs = len(sample) // 2
    if odd > pairs * 0.3 and even == 0:
        return "utf-16-le"
    if even > pairs * 0.3 and odd == 0:
        return "utf-16-be"
    return ""


def decode(data: bytes) -> tuple[str, str]:
    """``(text, encoding)`` of the bytes of a text file: a BOM's encoding (UTF-8, UTF-16, UTF-32),
    BOM-less UTF-16, UTF-8, else Windows-1258. Raises ValueError with a plain reason.

    >>> decode("Tăng 17,7%".encode("utf-16-le"))
    ('Tăng 17,7%', 'utf-16-le')
    >>> decode("Tăng 17,7%".encode("utf-32"))[1]
    'utf-32'
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise ValueError(f"not {enc} text after its byte order mark ({exc.reason} at byte {exc.start})") \
                    from None
    enc = _utf16_without_bom(data)
    if enc:
        try:
            text = data.decode(enc)
            if not _CONTROL.search(text):
                return text, enc
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:4096]:
        raise ValueError("binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1258"), "cp1258"
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8, UTF-16 or Windows-1258 text ({exc.reason} at byte {exc.start})") from None


def read(data: bytes, name: str, options: ReadOptions) -> Source:
    """A text file as one run of prose."""
    text, encoding = decode(data)
    if not text.strip():
        raise ValueError("empty file")
    return Source.plain(text, path=name, format="text", encoding=encoding)
