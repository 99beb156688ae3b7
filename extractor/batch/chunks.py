"""Flat memory for big documents: the text is read and extracted in pieces cut at paragraph breaks
(blank lines; for a read :class:`~extractor.model.Source`, between its blocks), each piece's facts
shifted back to offsets in the whole document, so ``doc_text[f.start:f.end] == f.text`` still holds
and memory depends on the piece size, not the document's.

A paragraph never spans two pieces, and nothing the extractor reads crosses a paragraph break
(sentences, the paragraph's opening time frame), so the pieces give the facts the whole would.
Only a paragraph longer than four pieces is cut inside (at a line end, else at a space): that one
cut may split a sentence.
"""
from __future__ import annotations

import codecs
import dataclasses
import hashlib
from collections.abc import Iterator

import regex

from ..model import Block, Fact, Source, Table

_BLANK = regex.compile(r"\n[ \t\r]*\n")
_BLOCK = 1 << 20
BOMS = ((codecs.BOM_UTF8, "utf-8-sig", "utf-8"), (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"))


def sniff(path: str) -> tuple[str | None, str, str]:
    """(codec, encoding name, sha256) of a text file, in one pass over its bytes. The codec is None
    unless the file is surely UTF-8 (every byte decodes) or UTF-16 with a byte-order mark; other
    encodings (Windows-1258, legacy Vietnamese fonts) are left to the readers, which convert them."""
    digest = hashlib.sha256()
    codec = label = None
    decoder = None
    with open(path, "rb") as fh:
        first = True
        while block := fh.read(_BLOCK):
            digest.update(block)
            if first:
                first = False
                if block.startswith(b"\xff\xfe\x00\x00"):  # UTF-32: not ours to guess
                    decoder = False
                for bom, c, name in BOMS:
                    if decoder is None and block.startswith(bom):
                        codec, label = c, name
                        decoder = False  # trusted from its mark
                if decoder is None:
                    if b"\x00" in block[:4096]:
                        decoder = False
                    else:
                        decoder = codecs.getincrementaldecoder("utf-8")()
                        codec, label = "utf-8", "utf-8"
            if decoder:
                try:
                    decoder.decode(block)
                except UnicodeDecodeError:
                    decoder, codec, label = False, None, None
        if decoder:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                codec, label = None, None
    return codec, label or "", digest.hexdigest()


def _cut(buf: str, target: int, final: bool) -> int:
    """Where to end the next piece of ``buf`` (0: read more first)."""
    if len(buf) < target and not final:
        return 0
    if final and len(buf) <= target:
        return len(buf)
    m = _BLANK.search(buf, target)
    if m and m.end() <= 4 * target:
        return m.end()
    if len(buf) <= 4 * target:
        return len(buf) if final else 0
    limit = min(len(buf), 4 * target)
    for sep in ("\n", " "):
        k = buf.rfind(sep, target // 2, limit)
        if k > 0:
            return k + 1
    return limit


def text_pieces(path: str, codec: str, target: int) -> Iterator[tuple[int, str]]:
    """(offset, piece) of a text file decoded with ``codec``: offsets in characters of the whole
    decoded text (exactly what decoding the file at once gives: line ends kept as written)."""
    base, buf = 0, ""
    with open(path, encoding=codec, newline="") as fh:
        while True:
            data = fh.read(target)
            final = not data
            buf += data
            while buf:
                k = _cut(buf, target, final)
                if k == 0:
                    break
                yield base, buf[:k]
                base += k
                buf = buf[k:]
            if final:
                return


def shift(facts, base: int) -> list[Fact]:
    """Facts of a piece, in offsets of the whole document."""
    if not base:
        return list(facts)
    return [dataclasses.replace(f, start=f.start + base, end=f.end + base) for f in facts]


def _cuts(source: Source, target: int) -> list[int]:
    """Block starts to cut a source at: between two prose blocks, never right before a table (its
    title and unit line are the prose before it)."""
    cuts, last = [0], 0
    blocks = source.blocks
    for prev, b in zip(blocks, blocks[1:]):
        if b.start < prev.end:  # blocks not in text order: no safe cut
            return [0]
        if b.start - last >= target and b.kind != "table" and prev.kind != "table":
            cuts.append(b.start)
            last = b.start
    return cuts


def _shift_table(t: Table, base: int) -> Table:
    cells = tuple(dataclasses.replace(c, start=c.start - base, end=c.end - base) for c in t.cells)
    return dataclasses.replace(t, cells=cells, start=t.start - base, end=t.end - base)


def source_pieces(source: Source, target: int) -> Iterator[tuple[int, Source]]:
    """(offset, piece) of a read source, cut between blocks; each piece is a Source of its own text,
    blocks, tables and OCR confidences, offsets made relative to the piece."""
    cuts = _cuts(source, target) + [len(source.text)]
    for a, b in zip(cuts, cuts[1:]):
        blocks = tuple(Block(k.kind, k.start - a, k.end - a, k.table) for k in source.blocks if a <= k.start < b)
        tables = tuple(_shift_table(t, a) for t in source.tables if a <= t.start < b)
        conf = tuple((s - a, e - a, c) for s, e, c in source.confidences if a <= s < b)
        yield a, dataclasses.replace(source, text=source.text[a:b], blocks=blocks, tables=tables, confidences=conf)
