"""Facts found per container format against the same text as UTF-8, on the sample reports.

    python -m tests.measure_formats            # every format, OCR included (a few minutes)
    python -m tests.measure_formats --no-ocr   # the fast formats only

Each sample report is written in each format here (the fixture builders of the tests), read back
through the readers (format detected from the bytes) and extracted; its facts are compared with
``extract`` of the same text as UTF-8, laid out with that format's paragraphs. Two figures per
format: F1 of the facts' values (kind, value, value_max, unit, date) and the share of facts equal in
every attribute (qualifier, direction, basis, status, period and metric too). OCR prints its
seconds per page: wall time and tesseract's CPU time (one page at a time, one thread).
"""
from __future__ import annotations

import io
import re
import resource
import sys
import tarfile
import time
import zipfile
from collections import Counter
from email.message import EmailMessage
from html import escape

from extractor import extract
from extractor.pipeline import extract_source
from extractor.readers import ReadError, read_bytes
from extractor.readers.archives import members
from extractor.readers.encodings import encode

from .conftest import SAMPLES
from .officefix import rtf_document, rtf_unicode
from .pagefix import degrade, render_page
from .wordfix import word97


def _value(f):
    return (f.kind, f.value, f.value_max, f.unit, f.date)


def _full(f):
    return _value(f) + (f.qualifier, f.direction, f.basis, f.status, f.period, f.metric)


def _score(found, clean) -> tuple[int, int, int, int]:
    got, want = Counter(map(_value, found)), Counter(map(_value, clean))
    same = sum((Counter(map(_full, found)) & Counter(map(_full, clean))).values())
    return sum((got & want).values()), sum(got.values()), sum(want.values()), same


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n[ \t]*\n", text) if p.strip()]


def _rtf_bytes(data: bytes) -> bytes:
    return b"".join(b"\\'%02x" % b if b > 127 else b"\\line " if b == 10 else bytes([b]) for b in data)


def _rtf_legacy(paras: list[str], encoding: str) -> bytes:
    """An RTF whose runs are 8-bit: cp1258 under \\ansicpg1258, or TCVN3 in .VnTime fonts (lines
    in capitals in .VnTimeH, as ABC-era documents set them)."""
    if encoding == "cp1258":
        head = rb"{\rtf1\ansi\ansicpg1258\deff0{\fonttbl{\f0\froman\fcharset163 Times New Roman;}}"
        return head + b"".join(rb"\pard\f0 " + _rtf_bytes(encode(p, "cp1258")) + rb"\par" for p in paras) + b"}"
    head = rb"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fnil\fcharset0 .VnTime;}{\f1\fnil\fcharset0 .VnTimeH;}}"
    body = []
    for p in paras:
        runs = [rb"{\f1 " + _rtf_bytes(encode(line.lower(), "tcvn3")) + b"}" if line.isupper() else
                rb"{\f0 " + _rtf_bytes(encode(line, "tcvn3")) + b"}" for line in p.split("\n")]
        body.append(rb"\pard " + rb"\line ".join(runs) + rb"\par")
    return head + b"".join(body) + b"}"


def _odt(paras: list[str]) -> bytes:
    from .test_readers_office import _odt_paragraph, build_odt  # noqa: PLC0415

    return build_odt("".join(_odt_paragraph(p) for p in paras))


def _eml(paras: list[str]) -> bytes:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "so@example.vn", "ubnd@example.vn", "Bao cao"
    message.set_content("\n\n".join(paras), cte="quoted-printable")
    html = "".join("<p>" + escape(p).replace("\n", "<br>") + "</p>" for p in paras)
    message.add_alternative(f"<html><body>{html}</body></html>", subtype="html", cte="quoted-printable")
    return message.as_bytes()


def _container(paras: list[str], kind: str) -> bytes:
    data = "\n\n".join(paras).encode("utf-8")
    out = io.BytesIO()
    if kind == "zip":
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("thu-muc/bao-cao.txt", data)
    else:
        with tarfile.open(fileobj=out, mode="w:gz") as tf:
            info = tarfile.TarInfo("thu-muc/bao-cao.txt")
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return out.getvalue()


# format → (file name, how the text's paragraphs are cut, builder)
FORMATS = {
    "doc (antiword)": ("r.doc", paragraphs, word97),
    "odt": ("r.odt", paragraphs, _odt),
    "rtf (\\uN)": ("r.rtf", paragraphs, lambda p: rtf_document(p)),
    "rtf (cp1258 bytes)": ("r.rtf", paragraphs, lambda p: _rtf_legacy(p, "cp1258")),
    "rtf (.VnTime TCVN3)": ("r.rtf", paragraphs, lambda p: _rtf_legacy(p, "tcvn3")),
    "eml (QP HTML body)": ("r.eml", paragraphs, _eml),
    "zip": ("r.zip", paragraphs, lambda p: _container(p, "zip")),
    "tar.gz": ("r.tar.gz", paragraphs, lambda p: _container(p, "tar")),
}


def _documents(data: bytes, name: str):
    """The Sources of a file: its members when it is a container."""
    if name.endswith((".eml", ".zip", ".tar.gz")):
        if name.endswith(".eml"):
            from extractor.readers.mail import members as mail_members  # noqa: PLC0415
            found = mail_members(data, name)
        else:
            found = members(data, name)
        return [read_bytes(payload, member) for member, payload in found if isinstance(payload, bytes)]
    return [read_bytes(data, name)]


def _pages(paras: list[str]) -> list[list[str]]:
    """The paragraphs cut into pages that fit (each paragraph whole)."""
    pages, page = [], []
    for p in paras:
        try:
            render_page(page + [p])
            page.append(p)
        except ValueError:
            if page:
                pages.append(page)
            page = [p]
    return pages + ([page] if page else [])


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure_ocr(texts: dict[str, str], degraded: bool) -> tuple[tuple[int, int, int, int], int, float, float]:
    from extractor.readers.ocr import ocr_image  # noqa: PLC0415

    total, pages, wall, cpu = [0, 0, 0, 0], 0, 0.0, 0.0
    for seed, text in enumerate(texts.values()):
        for page_paras in _pages([" ".join(p.split()) for p in paragraphs(text)]):
            image = render_page(page_paras)
            if degraded:
                image = degrade(image, seed=seed)
            t0, c0 = time.perf_counter(), _children_cpu()
            page = ocr_image(image, "page", 300)
            wall += time.perf_counter() - t0
            cpu += _children_cpu() - c0
            pages += 1
            score = _score(extract(page.text), extract("\n\n".join(page_paras)))
            total = [a + b for a, b in zip(total, score)]
    return tuple(total), pages, wall, cpu


def _line(label: str, score) -> str:
    tp, got, want, same = score
    p, r = tp / max(1, got), tp / max(1, want)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return f"{label:24} facts {want:4}  found {got:4}  P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  all attributes {same / max(1, want):.3f}"


def main(argv: list[str]) -> int:
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt")) if "tcvn3" not in p.name}
    for label, (name, cut, build) in FORMATS.items():
        total = [0, 0, 0, 0]
        for text in texts.values():
            paras = cut(text)
            try:
                found = [f for src in _documents(build(paras), name) for f in extract_source(src).facts]
            except ReadError as exc:
                print(f"{label}: {exc}")
                found = []
            score = _score(found, extract("\n\n".join(paras)))
            total = [a + b for a, b in zip(total, score)]
        print(_line(label, total))
    if "--no-ocr" not in argv:
        for degraded in (False, True):
            score, pages, wall, cpu = measure_ocr(texts, degraded)
            label = "OCR 300 dpi " + ("degraded" if degraded else "clean")
            print(_line(label, score) + f"  ({pages} pages, {wall / pages:.2f} s wall, {cpu / pages:.2f} s CPU a page)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
