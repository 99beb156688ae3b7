"""A minimal Word 97 binary document, written from the published formats, for the .doc tests.

LibreOffice is not installed here and antiword cannot write .doc, so the fixture is built by hand:

- an OLE2 compound file (version 3, 512-byte sectors): header, one FAT sector, one directory sector
  (root, ``WordDocument``, ``1Table``), each stream padded past the 4,096-byte mini-stream cutoff
  so no mini stream is needed;
- ``WordDocument``: a Word 97 FIB (``wIdent`` 0xA5EC, ``nFib`` 193, the table in ``1Table``) and
  the text in UTF-16LE at 0x400, every paragraph ended by a paragraph mark (``\\r``); a line break
  inside a paragraph is Word's vertical tab (``\\x0b``);
- ``1Table``: the piece table (one Unicode piece covering the text), an empty style sheet, a
  font table of one font (readers index both) and, when there is a table, the bin table of one
  PAPX FKP page (in ``WordDocument``) that marks its cell paragraphs (``sprmPFInTable``) and row
  ends (``sprmPFTtp`` with ``sprmTDefTable``): a cell ends with ``\x07``, a row with one more.
"""
from __future__ import annotations

import struct

SECTOR = 512
END, FREE, FAT_SECTOR, NO_STREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
TEXT_AT = 0x400
FIB_SIZE = 898  # Word 97: 32-byte base, 14 shorts, 22 longs, 93 fc/lcb pairs, with their counts
FLAG_ONE_TABLE, FLAG_EXT_CHAR, FLAG_ENCRYPTED = 0x0200, 0x1000, 0x0100


def _pad(data: bytes, size: int) -> bytes:
    return data + b"\0" * (-len(data) % size)


def _entry(name: str, kind: int, start: int, size: int, child: int = NO_STREAM, left: int = NO_STREAM) -> bytes:
    raw = (name + "\0").encode("utf-16-le") if name else b""
    return (raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1) + struct.pack("<III", left, NO_STREAM, child)
            + b"\0" * 36 + struct.pack("<III", start, size, 0))


def compound_file(word: bytes, table: bytes) -> bytes:
    """An OLE2 file holding the two streams (each at least 4,096 bytes)."""
    streams = [_pad(word, SECTOR), _pad(table, SECTOR)]
    fat, starts, sector = [FAT_SECTOR, END], [], 2
    for data in streams:
        count = len(data) // SECTOR
        starts.append(sector)
        fat += [sector + k + 1 for k in range(count - 1)] + [END]
        sector += count
    if len(fat) > SECTOR // 4:
        raise ValueError("document too long for a one-sector FAT")
    fat += [FREE] * (SECTOR // 4 - len(fat))
    # directory tree: the root's child is WordDocument, with 1Table (a shorter name) on its left
    directory = (_entry("Root Entry", 5, END, 0, child=1) + _entry("WordDocument", 2, starts[0], len(word), left=2)
                 + _entry("1Table", 2, starts[1], len(table)) + _entry("", 0, 0, 0))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<9I", 0, 1, 1, 0, 4096, END, 0, END, 0) + struct.pack("<I", 0)
              + struct.pack("<108I", *[FREE] * 108))
    return header + struct.pack(f"<{SECTOR // 4}I", *fat) + directory + b"".join(streams)


def _papx(sprms: bytes) -> bytes:
    """A PapxInFkp: its size byte, style 0 and the paragraph's properties (sprms), even-sized."""
    if len(sprms) % 2 == 0:
        sprms += b"\0"  # grpprlInPapx is 2 × cb − 1 bytes: istd (2) + sprms (odd count)
    return bytes([(len(sprms) + 3) // 2]) + b"\0\0" + sprms


def _row_end(columns: int) -> bytes:
    """fInTable, fTtp and sprmTDefTable (columns 3,000 twips wide) of a row's end mark."""
    centers = struct.pack(f"<{columns + 1}h", *[3000 * k for k in range(columns + 1)])
    operand = bytes([columns]) + centers + b"\0" * 20 * columns
    return b"\x16\x24\x01" + b"\x17\x24\x01" + struct.pack("<HH", 0xD608, len(operand) + 1) + operand


def _fkp(starts: list[int], end: int, kinds: list[str], columns: int) -> bytes:
    """A PAPX FKP page for paragraphs starting at the FCs ``starts`` (their kinds: "cell", "row"
    or "" for none)."""
    page = bytearray(SECTOR)
    page[SECTOR - 1] = len(starts)
    struct.pack_into(f"<{len(starts) + 1}I", page, 0, *starts, end)
    at, offsets = SECTOR - 1, {}
    for kind, sprms in (("cell", b"\x16\x24\x01"), ("row", _row_end(columns))):
        papx = _papx(sprms)
        at = (at - len(papx)) & ~1
        page[at:at + len(papx)] = papx
        offsets[kind] = at // 2
    base = 4 * (len(starts) + 1)
    if base + 13 * len(starts) > at:
        raise ValueError("too many paragraphs for one FKP")
    for k, kind in enumerate(kinds):
        page[base + 13 * k] = offsets.get(kind, 0)
    return bytes(page)


def word97(items: list, encrypted: bool = False) -> bytes:
    """A .doc holding the items: a str is a paragraph (a ``\n`` inside it a manual line break), a
    list of rows (each a list of cell texts, all rows as wide) is a table."""
    parts: list[tuple[str, str]] = []  # (text ending in its mark, kind)
    columns = 0
    for item in items:
        if isinstance(item, str):
            parts.append((item.replace("\n", "\x0b") + "\r", ""))
            continue
        columns = len(item[0])
        for row in item:
            parts.extend((cell + "\x07", "cell") for cell in row)
            parts.append(("\x07", "row"))
    text = "".join(t for t, _ in parts)
    raw = text.encode("utf-16-le")
    word = bytearray(_pad(bytes(FIB_SIZE), TEXT_AT) + raw)
    word += b"\0" * max(0, 4096 - len(word))
    bte = b""
    if columns:
        starts, fc = [], TEXT_AT
        for t, kind in parts:
            starts.append(fc)
            fc += 2 * len(t)
        first = next(k for k, (_, kind) in enumerate(parts) if kind)
        last = max(k for k, (_, kind) in enumerate(parts) if kind) + 1
        end = starts[last] if last < len(starts) else fc
        word = bytearray(_pad(bytes(word), SECTOR))
        pn = len(word) // SECTOR
        word += _fkp(starts[first:last], end, [kind for _, kind in parts[first:last]], columns)
        bte = struct.pack("<III", starts[first], end, pn)
    flags = FLAG_ONE_TABLE | FLAG_EXT_CHAR | (FLAG_ENCRYPTED if encrypted else 0)
    struct.pack_into("<HHHHHH", word, 0, 0xA5EC, 193, 0x6A, 0x042A, 0, flags)  # ident, nFib, product, lid (vi)
    struct.pack_into("<H", word, 12, 0xBF)  # nFibBack
    struct.pack_into("<II", word, 24, TEXT_AT, TEXT_AT + len(raw))  # fcMin, fcMac
    struct.pack_into("<H", word, 32, 14)  # csw
    struct.pack_into("<H", word, 62, 22)  # cslw
    struct.pack_into("<I", word, 64, len(word))  # cbMac
    struct.pack_into("<I", word, 64 + 3 * 4, len(text))  # ccpText
    struct.pack_into("<H", word, 152, 93)  # cbRgFcLcb
    pieces = struct.pack("<II", 0, len(text)) + struct.pack("<HIH", 0, TEXT_AT, 0)  # CPs, one PCD (Unicode)
    clx = b"\x02" + struct.pack("<I", len(pieces)) + pieces
    styles = struct.pack("<H", 18) + struct.pack("<9H", 0, 10, 1, 0, 0, 0, 0, 0, 0)
    name = "Times New Roman\0".encode("utf-16-le")
    font = bytes([40 + len(name) - 1, 0x16]) + struct.pack("<H", 400) + bytes([163, 0]) + b"\0" * 34 + name
    fonts = struct.pack("<HH", 1, 0) + font
    table, places = b"", []
    for index, part in ((33, clx), (1, styles), (15, fonts), (13, bte)):
        places.append((index, len(table), len(part)))
        table += part
    for index, at, size in places:  # fcClx, fcStshf, fcSttbfFfn, fcPlcfBtePapx and their lengths
        struct.pack_into("<II", word, 154 + index * 8, at if size else 0, size)
    return compound_file(bytes(word), table.ljust(4096, b"\0"))
