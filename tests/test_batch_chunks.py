"""Big documents in pieces: the facts are the whole document's, offsets into the whole text."""
from __future__ import annotations

import csv
import dataclasses

from extractor.batch import chunks
from extractor.batch.manifest import Row
from extractor.batch.plan import Item
from extractor.batch.work import Job, process
from extractor.model import Block, Source
from extractor.pipeline import extract_document, extract_source

from .test_batch_support import _utf8_samples


def _big_text(n: int = 5) -> str:
    return "\n\n".join(_utf8_samples() * n)


def test_text_pieces_cover_the_text_and_end_at_paragraph_breaks(tmp_path):
    text = _big_text(2).replace("\n", "\r\n", 40)  # some Windows line ends too
    path = tmp_path / "lon.txt"
    path.write_bytes(text.encode("utf-8"))
    pieces = list(chunks.text_pieces(str(path), "utf-8", 3000))
    assert "".join(p for _, p in pieces) == text
    assert [b for b, _ in pieces] == [sum(len(p) for _, p in pieces[:k]) for k in range(len(pieces))]
    assert len(pieces) > 5
    assert all(p.rstrip(" \t\r").endswith("\n") for _, p in pieces[:-1])  # cut after a blank line
    assert all(len(p) <= 4 * 3000 for _, p in pieces)


def test_a_paragraph_longer_than_four_pieces_is_cut_at_a_line_end(tmp_path):
    line = "Sản lượng lúa đạt 1.234 tấn, tăng 5,2% so với cùng kỳ.\n"
    path = tmp_path / "dai.txt"
    path.write_text(line * 400, encoding="utf-8")
    pieces = list(chunks.text_pieces(str(path), "utf-8", 2000))
    assert "".join(p for _, p in pieces) == line * 400
    assert all(p.endswith("\n") for _, p in pieces)


def test_sniff_is_sure_of_utf8_and_marked_utf16_only(tmp_path):
    text = "Tổng thu ngân sách đạt 3.370 tỷ đồng."
    cases = {"a.txt": text.encode("utf-8"), "b.txt": text.encode("utf-16"), "c.txt": "Thu ngân sách năm 2023 đạt".encode("cp1258", errors="ignore"),
             "d.txt": b"\xef\xbb\xbf" + text.encode("utf-8")}
    got = {}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        codec, encoding, sha = chunks.sniff(str(tmp_path / name))
        got[name] = (codec, encoding)
        assert len(sha) == 64
    assert got == {"a.txt": ("utf-8", "utf-8"), "b.txt": ("utf-16", "utf-16-le"), "c.txt": (None, ""),
                   "d.txt": ("utf-8-sig", "utf-8")}


def test_a_big_text_read_in_pieces_gives_the_facts_of_the_whole(tmp_path):
    text = _big_text(3)
    path = tmp_path / "bao-cao-lon.txt"
    path.write_text(text, encoding="utf-8")
    whole = extract_document(text, doc_id="x").facts
    job = Job(str(tmp_path), fmt="csv", piece_chars=4000, big_bytes=10_000)
    item = Item(0, str(path), "bao-cao-lon.txt", path.stat().st_size, root="/")
    beats = []
    rows = process(item, job, lambda: beats.append(1))
    assert len(rows) == 1
    assert isinstance(rows[0], Row) and rows[0].status == "ok" and rows[0].encoding == "utf-8"
    assert rows[0].facts == len(whole) > 300
    assert len(beats) > 10  # progress after every piece: the timeout is per piece
    got = list(csv.DictReader(open(tmp_path / "00000000.csv", encoding="utf-8"),
                              fieldnames=["doc_id", *[f.name for f in dataclasses.fields(whole[0])]]))
    assert [(int(r["start"]), int(r["end"]), r["kind"], r["unit"]) for r in got] == \
        [(f.start, f.end, f.kind, f.unit) for f in whole]
    assert all(text[int(r["start"]):int(r["end"])] == r["text"] for r in got)


def test_a_big_source_is_cut_between_blocks_never_before_a_table():
    text = _big_text(2)
    paras, pos = [], 0
    for para in text.split("\n\n"):
        paras.append(Block("paragraph", pos, pos + len(para)))
        pos += len(para) + 2
    source = Source("x.docx", "docx", text, tuple(paras))
    pieces = list(chunks.source_pieces(source, 5000))
    assert len(pieces) > 3
    assert "".join(p.text for _, p in pieces) == text
    whole = extract_source(source).facts
    shifted = [f for base, p in pieces for f in chunks.shift(extract_source(p).facts, base)]
    assert [(f.start, f.end, f.kind, f.value) for f in shifted] == [(f.start, f.end, f.kind, f.value) for f in whole]
    with_table = dataclasses.replace(source, blocks=paras[:5] + [Block("table", paras[5].start, paras[5].end, 0)]
                                     + paras[6:])
    cuts = [base for base, _ in chunks.source_pieces(with_table, 10)]
    assert paras[5].start not in cuts and paras[6].start not in cuts


def test_a_big_text_the_reader_converts_is_not_streamed_past_the_conversion(tmp_path):
    from extractor import readers

    from .conftest import SAMPLES

    legacy = (SAMPLES / "bao-cao-y-te-thai-binh-9-thang-2023-tcvn3.txt").read_bytes()
    path = tmp_path / "tcvn3-trong-utf8.txt"  # legacy-font bytes once shown as Windows-1252, saved as UTF-8
    path.write_bytes(legacy.decode("latin-1").encode("utf-8") * 3)
    assert chunks.sniff(str(path))[0] == "utf-8"
    job = Job(str(tmp_path), fmt="csv", piece_chars=4000, big_bytes=10_000)
    rows = process(Item(0, str(path), "x.txt", path.stat().st_size, root="/"), job)
    source = readers.read(path)
    assert source.conversion  # the reader converts it
    assert rows[0].status == "ok" and rows[0].facts == len(extract_source(source).facts) > 50
    got = list(csv.reader(open(tmp_path / "00000000.csv", encoding="utf-8")))
    spans = [(int(r[13]), int(r[14]), r[12]) for r in got]
    assert all(source.text[a:b] == t for a, b, t in spans)  # offsets into the converted text
    assert any("đồng" in t for _, _, t in spans)
