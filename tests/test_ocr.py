"""OCR of scanned pages and pictures: report paragraphs rendered at 300 dpi (clean, and degraded by
blur, speckle and a slight rotation) must give the facts of the clean text (issue 8's target for
scanned PDFs: F1 >= 0.90); word confidences point at their words; oversized pictures are refused
from their header, before a pixel is decoded. Each page costs a few seconds: few pages here."""
from __future__ import annotations

import io
import re
import shutil
import struct
import zlib
from collections import Counter

import pytest

from extractor import extract
from extractor.pipeline import extract_source
from extractor.readers import ReadError, ReadOptions, read_bytes
from extractor.readers import images, ocr

from .conftest import SAMPLES, need
from .pagefix import degrade, render_page

@pytest.fixture(autouse=True)
def _tesseract():
    need(shutil.which("tesseract") is not None, "tesseract-ocr (Debian package)")


def page_paragraphs(name: str, first: int, count: int) -> list[str]:
    text = (SAMPLES / name).read_text(encoding="utf-8")
    paras = [" ".join(p.split()) for p in re.split(r"\n[ \t]*\n", text) if p.strip()]
    return paras[first:first + count]


def f1(found, clean) -> tuple[float, int, int, int]:
    """F1 of the facts (kind, value, value_max, unit, date) found against the clean text's."""
    def key(f):
        return (f.kind, f.value, f.value_max, f.unit, f.date)
    got, want = Counter(map(key, found)), Counter(map(key, clean))
    tp = sum((got & want).values())
    p, r = tp / max(1, sum(got.values())), tp / max(1, sum(want.values()))
    return (2 * p * r / (p + r) if p + r else 0.0), tp, sum(got.values()), sum(want.values())


def test_scanned_pdf_page_gives_the_facts_of_the_clean_text():
    paras = page_paragraphs("bao-cao-y-te-thai-binh-9-thang-2023.txt", 5, 6)
    out = io.BytesIO()
    render_page(paras).convert("1").save(out, "PDF", resolution=300)  # a bilevel scan, no text layer
    source = read_bytes(out.getvalue(), "scan.pdf")
    doc = extract_source(source)
    score, tp, got, want = f1(doc.facts, extract("\n\n".join(paras)))
    assert want > 40
    assert score >= 0.95, (score, tp, got, want)
    assert source.confidences and all(source.text[a:b].strip() == source.text[a:b] != "" for a, b, _ in
                                      source.confidences)
    assert all(f.ocr_confidence is not None for f in doc.facts)


def test_degraded_picture_gives_the_facts_of_the_clean_text():
    paras = page_paragraphs("bao-cao-nong-nghiep-an-giang-2023.txt", 4, 6)
    out = io.BytesIO()
    degrade(render_page(paras)).save(out, "PNG", dpi=(300, 300))
    source = images.read(out.getvalue(), "trang-3.png", ReadOptions())
    assert source.format == "image"
    doc = extract_source(source)
    score, tp, got, want = f1(doc.facts, extract("\n\n".join(paras)))
    assert want > 50
    assert score >= 0.90, (score, tp, got, want)
    assert any(f.ocr_confidence is not None and f.ocr_confidence < 100 for f in doc.facts)


def _png_header(width: int, height: int) -> bytes:
    """A PNG that declares ``width`` × ``height`` pixels and holds almost none of them."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + \
        chunk(b"IEND", b"")


@pytest.mark.parametrize("width,height,reason", [
    (30_000, 30_000, "900000000 pixels, over the limit"),  # Pillow itself refuses this at the header
    (12_000, 12_000, "12000 × 12000 pixels, over the limit"),  # under Pillow's limit, over ours
])
def test_huge_picture_is_refused_from_its_header(monkeypatch, width, height, reason):
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: pytest.fail("pixels were decoded"))
    with pytest.raises(ReadError, match=reason):
        images.read(_png_header(width, height), "to.png", ReadOptions())


@pytest.mark.parametrize("data,options,reason", [
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, ReadOptions(), "not a picture|corrupt picture"),
    (_png_header(100, 100), ReadOptions(ocr=False), "OCR is turned off"),
])
def test_bad_pictures_give_a_reason(data, options, reason):
    with pytest.raises(ReadError, match=reason):
        images.read(data, "anh.png", options)


def test_blank_picture_has_no_text():
    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (600, 800), 255).save(out, "PNG")
    with pytest.raises(ReadError, match="no text"):
        images.read(out.getvalue(), "trang-trang.png", ReadOptions())


def test_render_resolution_fits_the_pixel_cap():
    assert ocr.render_dpi(595, 842) == 300
    small = ReadOptions(max_pixels=4_000_000)
    assert ocr.render_dpi(595, 842, small) == 200  # 1653 × 2339 pixels
    with pytest.raises(ReadError, match="pixel limit"):
        ocr.render_dpi(14_400, 14_400, small)
