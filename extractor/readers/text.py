"""Plain text files: bytes decoded (any Unicode form, legacy Vietnamese encodings converted), one
run of prose.

The text comes back exactly as decoded (no normalisation), so fact offsets are offsets into the
file's own characters; decomposed Unicode is normalised by the repair stage, as edits. A legacy
encoding (TCVN3, VNI, VISCII, …) or mojibake is converted by :mod:`.encodings`, and the Source
records the encoding and the conversion.
"""
from __future__ import annotations

import unicodedata

from ..model import Source
from .encodings import decode as _decode
from .limits import ReadOptions


def decode(data: bytes, hint: str = "") -> tuple[str, str, str]:
    """``(text, encoding, conversion)`` of the bytes of a text file (:func:`.encodings.decode`).
    Raises ValueError with a plain reason.

    >>> decode("Tăng 17,7%".encode("utf-16-le"))
    ('Tăng 17,7%', 'utf-16-le', '')
    >>> decode("Tăng 17,7%".encode("utf-32"))[:2]
    ('Tăng 17,7%', 'utf-32-le')
    """
    try:
        d = _decode(data, hint)
    except ValueError as exc:  # the reason readers have always given for a binary file
        reason = str(exc)
        raise ValueError("binary file" + reason[len("binary data"):] if reason.startswith("binary data") else reason) \
            from None
    return d.text, d.encoding, d.conversion


def read(data: bytes, name: str, options: ReadOptions) -> Source:
    """A text file as one run of prose."""
    text, encoding, conversion = decode(data)
    if not text.strip():
        raise ValueError("empty file")
    sample = text[:4096]
    controls = sum(1 for c in sample if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v\x1a")
    if controls * 20 > len(sample):  # a short binary file decodes as "text" of control characters
        raise ValueError(f"binary file ({controls} control characters), not text")
    return Source.plain(text, path=name, format="text", encoding=encoding, conversion=conversion)
