"""The archive path measured end to end: real annotated paragraphs delivered the way archives hold
them, read by the command line as a user runs it, scored per delivery way.

    python benchmarks/eval_archive.py            # every real case, 29 delivery ways (~4 min)
    python benchmarks/eval_archive.py --quick    # 12 documents, 3 + 2 scanned pages (~1 min)

The real-sentence cases of ``tests/corpus/real_*.jsonl`` (strict-xfail cases left out: they are
known gaps of the clean text) are grouped into documents of up to six paragraphs of one corpus file,
in corpus order (a compiled report quotes several sources). Only cases every legacy encoding can
write are used, so that every way holds the same documents. Each document is delivered in each way
of :data:`WAYS`: plain text in nine encodings, hard-wrapped, and two kinds of mojibake, an HTML page
inside a portal's furniture, DOCX body, text boxes, footnotes, header and footer, a DOCX in a VNI
font, Word 97, ODT, two RTFs, a spreadsheet, an e-mail with an attachment, a zip and a tar.gz
holding several formats, a PDF with a text layer and a scanned PDF at 300 dpi (the first documents,
eight pages; four of them again slightly rotated, blurred and speckled). The spreadsheet holds one
paragraph per cell down its first column, as the notes sheet (explanations) of a statistical
workbook does. Mojibake of UTF-8 read as Windows-1252 keeps the five bytes that code page leaves
undefined as the C1 characters Windows maps them to.

``vnextract extract FOLDER -o OUT.jsonl`` runs once on the whole folder; facts go back to their
delivery by doc_id (a member ``x.zip!a/b.txt`` to ``x.zip``) and are scored against the document's
annotations with :func:`extractor.evaluate.score_case` (kind, value, value_max, unit, date), plus
the share of matched facts whose qualifier, direction, basis, status and period all agree, and the
share of documents whose readers' text holds every paragraph verbatim (NFC, white space folded;
scans left out). The clean UTF-8 row is the ceiling. The manifest written beside the output is checked too: a row for
every delivered file and archive member, with the format and encoding expected of its way.

Prints a table, writes ``out/eval-archive.json`` and exits 0 (a way failing to build is reported,
never fatal).
"""
from __future__ import annotations

import argparse
import csv
import dataclasses
import io
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from collections import Counter
from email.message import EmailMessage
from html import escape
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.evaluate import ATTRIBUTES, Case, Score, align, expected_attribute, load_cases, score_case  # noqa: E402
from extractor.readers.encodings import encode  # noqa: E402

CORPUS = sorted((ROOT / "tests" / "corpus").glob("real_*.jsonl"))
PER_DOCUMENT = 6
OCR_PAGES = 8
LEGACY = ("cp1258", "tcvn3", "tcvn5712-1", "vni", "viscii", "vps")
ICONV = {"tcvn5712-1": "TCVN5712-1", "viscii": "VISCII"}
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# --- the documents ----------------------------------------------------------------------------

def _iconv(text: str, target: str) -> bytes | None:
    if not shutil.which("iconv"):
        return None
    done = subprocess.run(["iconv", "-f", "UTF-8", "-t", target], input=text.encode("utf-8"), capture_output=True,
                          check=False)
    return done.stdout if done.returncode == 0 else None


def legacy_bytes(text: str, encoding: str) -> bytes | None:
    """``text`` in a legacy encoding (glibc iconv for TCVN5712-1 and VISCII, our encoder for the
    others), or None when it has a character the encoding cannot write."""
    if encoding in ICONV:
        return _iconv(text, ICONV[encoding])
    try:
        return encode(text, encoding)
    except ValueError:
        return None


def _writable(texts: list[str]) -> list[bool]:
    """Which texts every legacy encoding can write: our encoders one by one, then iconv on halves
    of the rest until each failing text is found (one call when all pass)."""
    ok = [all(legacy_bytes(t, enc) is not None for enc in LEGACY if enc not in ICONV) for t in texts]

    def check(idx: list[int], target: str) -> None:
        if not idx or _iconv("\n".join(texts[k] for k in idx), target) is not None:
            return
        if len(idx) == 1:
            ok[idx[0]] = False
            return
        check(idx[:len(idx) // 2], target)
        check(idx[len(idx) // 2:], target)

    for target in ICONV.values() if shutil.which("iconv") else ():  # without iconv its ways are not built
        check([k for k, good in enumerate(ok) if good], target)
    return ok


def _file(case: Case) -> str:
    return case.origin.split(":")[0]


def documents(limit: int | None = None) -> tuple[list[Case], dict]:
    """Documents of up to PER_DOCUMENT real cases of one corpus file (facts and optional facts joined),
    and counts of the cases left out and why."""
    cases = [c for path in CORPUS for c in load_cases(path)]
    left = Counter()
    live = [c for c in cases if not c.xfail]
    left["strict xfail (a known gap)"] = len(cases) - len(live)
    writable = _writable([c.text for c in live])
    kept = [c for c, good in zip(live, writable) if good]
    left["a character some legacy encoding cannot write"] = len(live) - len(kept)
    groups: list[list[Case]] = []
    for c in kept:  # a compiled report quotes several sources; one corpus file per document
        if groups and len(groups[-1]) < PER_DOCUMENT and _file(groups[-1][-1]) == _file(c):
            groups[-1].append(c)
        else:
            groups.append([c])
    docs = []
    for n, group in enumerate(groups[:limit] if limit else groups, 1):
        docs.append(Case(f"d{n:03d}", group[0].source, "\n\n".join(c.text for c in group),
                         tuple(f for c in group for f in c.facts), tuple(f for c in group for f in c.optional),
                         origin=",".join(c.id for c in group)))
    return docs, {"cases": len(cases), "kept": len(kept), "left out": dict(left)}


def paras(doc: Case) -> list[str]:
    return doc.text.split("\n\n")


# --- the delivery ways --------------------------------------------------------------------------

def _shown_as_cp1252(data: bytes) -> str:
    """Bytes as Windows shows them in a Western code page (Latin-1 where cp1252 has no character)."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data)


def _text(doc: Case) -> str:
    return "\n\n".join(paras(doc))


def _wrapped(doc: Case, width: int) -> str:
    """The paragraphs hard-wrapped at ``width`` columns, as mail clients and text exports leave them."""
    import textwrap  # noqa: PLC0415

    return "\n\n".join(textwrap.fill(p, width, break_long_words=False, break_on_hyphens=False) for p in paras(doc))


def _portal(doc: Case) -> bytes:
    from tests.tablefix import _PORTAL_BOTTOM, _PORTAL_STAMP, _PORTAL_TOP  # noqa: PLC0415

    body = "".join(f"<p>{escape(p)}</p>\n" for p in paras(doc))
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{doc.id}</title></head><body>'
            f'{_PORTAL_TOP}<div class="content">{_PORTAL_STAMP}\n{body}</div>{_PORTAL_BOTTOM}</body></html>'
            ).encode("utf-8")


def _docx_bytes(build) -> bytes:
    import docx  # noqa: PLC0415

    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_body(items: list[str]) -> bytes:
    def build(document):
        for p in items:
            document.add_paragraph(p)
    return _docx_bytes(build)


def _docx_vni(doc: Case) -> bytes:
    def build(document):
        for p in paras(doc):
            document.add_paragraph().add_run(_shown_as_cp1252(encode(p, "vni"))).font.name = "VNI-Times"
    return _docx_bytes(build)


def _docx_text_box(doc: Case) -> bytes:
    from docx.oxml import parse_xml  # noqa: PLC0415

    def build(document):
        for p in paras(doc):
            xml = (f'<w:r xmlns:w="{W}" xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox>'
                   f'<w:txbxContent><w:p><w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r></w:p>'
                   '</w:txbxContent></v:textbox></v:shape></w:pict></w:r>')
            document.add_paragraph()._p.append(parse_xml(xml))
    return _docx_bytes(build)


def _docx_header_footer(doc: Case) -> bytes:
    items = paras(doc)
    half = (len(items) + 1) // 2

    def build(document):
        section = document.sections[0]
        for part, chunk in ((section.header, items[:half]), (section.footer, items[half:])):
            part.paragraphs[0].text = chunk[0] if chunk else ""
            for p in chunk[1:]:
                part.add_paragraph(p)
    return _docx_bytes(build)


def _docx_footnotes(doc: Case) -> bytes:
    """A body paragraph of footnote references; the document's paragraphs are the footnotes."""
    from docx.oxml import parse_xml  # noqa: PLC0415

    items = paras(doc)

    def build(document):
        body = document.add_paragraph()
        for n in range(1, len(items) + 1):
            body._p.append(parse_xml(f'<w:r xmlns:w="{W}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                                     f'<w:footnoteReference w:id="{n}"/></w:r>'))
    notes = "".join(f'<w:footnote w:id="{n}"><w:p><w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r></w:p>'
                    '</w:footnote>' for n, p in enumerate(items, 1))
    part = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W}">'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
            f'{notes}</w:footnotes>')
    src = zipfile.ZipFile(io.BytesIO(_docx_bytes(build)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
            if info.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdFn1" Type="http://schemas.'
                                    b'openxmlformats.org/officeDocument/2006/relationships/footnotes" '
                                    b'Target="footnotes.xml"/></Relationships>')
            dst.writestr(info, data)
        dst.writestr("word/footnotes.xml", part.encode("utf-8"))
    return out.getvalue()


def _doc(doc: Case) -> bytes:
    from tests.wordfix import word97  # noqa: PLC0415

    return word97(paras(doc))


def _odt_of(items: list[str]) -> bytes:
    from tests.test_readers_office import _odt_paragraph, build_odt  # noqa: PLC0415

    return build_odt("".join(_odt_paragraph(p) for p in items))


def _rtf(items: list[str]) -> bytes:
    from tests.officefix import rtf_document  # noqa: PLC0415

    return rtf_document(items)


def _rtf_vntime(doc: Case) -> bytes:
    from tests.measure_formats import _rtf_legacy  # noqa: PLC0415

    return _rtf_legacy(paras(doc), "tcvn3")


def _xlsx(doc: Case) -> bytes:
    import xlsxwriter  # noqa: PLC0415

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("Thuyet minh")
    sheet.set_column(0, 0, 120)
    for r, p in enumerate(paras(doc)):
        sheet.write_string(r, 0, p)
    book.close()
    return out.getvalue()


def _split(items: list[str], parts: int) -> list[list[str]]:
    """The paragraphs dealt into ``parts`` runs in order (some empty when there are fewer)."""
    size = -(-len(items) // parts)
    return [items[k * size:(k + 1) * size] for k in range(parts)]


def _eml(doc: Case) -> bytes:
    """A plain and a quoted-printable HTML alternative of the first paragraphs, the rest in an
    attached .docx."""
    body, attached = _split(paras(doc), 2)
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "vanphong@example.vn", "so@example.vn", f"Bao cao {doc.id}"
    message.set_content("\n\n".join(body), cte="quoted-printable")
    html = "".join(f"<p>{escape(p)}</p>" for p in body)
    message.add_alternative(f"<html><body>{html}</body></html>", subtype="html", cte="quoted-printable")
    if attached:
        message.add_attachment(_docx_body(attached), maintype="application",
                               subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                               filename=f"{doc.id}-phu-luc.docx")
    return message.as_bytes()


def _zip_members(doc: Case) -> dict[str, bytes]:
    a, b, c = _split(paras(doc), 3)
    out = {f"2023/{doc.id}-a.txt": "\n\n".join(a).encode("utf-8")}
    if b:
        out[f"2023/{doc.id}-b.docx"] = _docx_body(b)
    if c:
        out[f"{doc.id}-c.rtf"] = _rtf(c)
    return out


def _tar_members(doc: Case) -> dict[str, bytes]:
    a, b, c = _split(paras(doc), 3)
    out = {f"bao-cao/{doc.id}-a.txt": encode("\n\n".join(a), "tcvn3")}
    if b:
        out[f"bao-cao/{doc.id}-b.odt"] = _odt_of(b)
    if c:
        out[f"bao-cao/{doc.id}-c.html"] = ("<html><head><meta charset='utf-8'></head><body>"
                                          + "".join(f"<p>{escape(p)}</p>" for p in c) + "</body></html>").encode()
    return out


def _zip(doc: Case) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in _zip_members(doc).items():
            zf.writestr(name, data)
    return out.getvalue()


def _tar(doc: Case) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tf:
        for name, data in _tar_members(doc).items():
            info = tarfile.TarInfo(name)
            info.size, info.mtime = len(data), 1_700_000_000
            tf.addfile(info, io.BytesIO(data))
    return out.getvalue()


def _pdf_text(doc: Case) -> bytes:
    from reportlab.lib.pagesizes import A4  # noqa: PLC0415
    from reportlab.lib.styles import ParagraphStyle  # noqa: PLC0415
    from reportlab.platypus import Paragraph, SimpleDocTemplate  # noqa: PLC0415

    from tests.tablefix import _fonts  # noqa: PLC0415

    regular, _ = _fonts()
    style = ParagraphStyle("body", fontName=regular, fontSize=11, leading=15, spaceAfter=8)
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build([Paragraph(escape(p), style) for p in paras(doc)])
    return out.getvalue()


def _pdf_scan(doc: Case, degraded: bool = False) -> bytes:
    """Each page rendered at 300 dpi as a scanner delivers it (image only, bilevel); ``degraded``:
    slightly rotated, blurred and speckled first, as the scanned sample is."""
    from tests.measure_formats import _pages  # noqa: PLC0415
    from tests.pagefix import degrade, render_page  # noqa: PLC0415

    pages = [render_page(page) for page in _pages([" ".join(p.split()) for p in paras(doc)])]
    if degraded:
        pages = [degrade(page, seed=n, angle=0.5, blur=0.8, speckle=400) for n, page in enumerate(pages)]
    images = [page.convert("1") for page in pages]
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=300, save_all=True, append_images=images[1:])
    return out.getvalue()


def _members_of(builder):
    return lambda doc: list(builder(doc))


@dataclasses.dataclass(frozen=True)
class Way:
    name: str
    group: str  # unicode | legacy | container | docx | pdf | scan
    suffix: str
    build: object  # Case -> bytes | None
    format: str  # the manifest's format of the delivered file
    encoding: tuple = ()  # the manifest's encodings accepted (none: not checked)
    members: object = None  # Case -> member names inside a container


def _txt(enc: str):
    def build(doc: Case) -> bytes | None:
        text = _text(doc)
        if enc in LEGACY:
            return legacy_bytes(text, enc)
        if enc == "utf-16-le":
            return text.encode("utf-16-le")
        if enc == "utf-32":
            return text.encode("utf-32")
        return text.encode(enc)
    return build


WAYS = [
    Way("txt utf-8 (ceiling)", "unicode", ".txt", _txt("utf-8"), "text", ("utf-8",)),
    Way("txt utf-8 wrapped at 72", "unicode", ".txt", lambda d: _wrapped(d, 72).encode("utf-8"), "text", ("utf-8",)),
    Way("txt utf-16le no BOM", "unicode", ".txt", _txt("utf-16-le"), "text", ("utf-16-le",)),
    Way("txt utf-32 BOM", "unicode", ".txt", _txt("utf-32"), "text", ("utf-32", "utf-32-le")),
    Way("txt cp1258", "legacy", ".txt", _txt("cp1258"), "text", ("cp1258",)),
    Way("txt tcvn3", "legacy", ".txt", _txt("tcvn3"), "text", ("tcvn3",)),
    Way("txt tcvn5712-1 (iconv)", "legacy", ".txt", _txt("tcvn5712-1"), "text", ("tcvn5712-1", "tcvn3")),
    Way("txt vni", "legacy", ".txt", _txt("vni"), "text", ("vni",)),
    Way("txt viscii (iconv)", "legacy", ".txt", _txt("viscii"), "text", ("viscii",)),
    Way("txt vps", "legacy", ".txt", _txt("vps"), "text", ("vps",)),
    Way("txt tcvn3 mojibake", "legacy", ".txt",
        lambda d: _shown_as_cp1252(encode(_text(d), "tcvn3")).encode("utf-8"), "text", ("utf-8",)),
    Way("txt utf-8 read as cp1252", "legacy", ".txt",
        lambda d: _shown_as_cp1252(_text(d).encode("utf-8")).encode("utf-8"), "text", ("utf-8",)),
    Way("html portal page", "container", ".html", _portal, "html"),
    Way("docx body", "docx", ".docx", lambda d: _docx_body(paras(d)), "docx"),
    Way("docx text box", "docx", ".docx", _docx_text_box, "docx"),
    Way("docx footnotes", "docx", ".docx", _docx_footnotes, "docx"),
    Way("docx header/footer", "docx", ".docx", _docx_header_footer, "docx"),
    Way("docx VNI-Times mojibake", "legacy", ".docx", _docx_vni, "docx", ("vni",)),
    Way("doc (Word 97)", "container", ".doc", _doc, "doc"),
    Way("odt", "container", ".odt", lambda d: _odt_of(paras(d)), "odt"),
    Way("rtf \\uN", "container", ".rtf", lambda d: _rtf(paras(d)), "rtf"),
    Way("rtf .VnTime tcvn3", "legacy", ".rtf", _rtf_vntime, "rtf", ("tcvn3",)),
    Way("xlsx notes sheet", "container", ".xlsx", _xlsx, "xlsx"),
    Way("eml QP html + docx", "container", ".eml", _eml, "eml", members=None),
    Way("zip txt+docx+rtf", "container", ".zip", _zip, "zip", members=_members_of(_zip_members)),
    Way("tar.gz tcvn3+odt+html", "container", ".tar.gz", _tar, "tar", members=_members_of(_tar_members)),
    Way("pdf text layer", "pdf", ".pdf", _pdf_text, "pdf"),
    Way("pdf scanned 300 dpi", "scan", ".pdf", _pdf_scan, "pdf"),
    Way("pdf scanned 300 dpi degraded", "scan-degraded", ".pdf", lambda d: _pdf_scan(d, degraded=True), "pdf"),
]

MEMBER_FORMATS = {".txt": "text", ".docx": "docx", ".rtf": "rtf", ".odt": "odt", ".html": "html"}
MEMBER_ENCODINGS = {"zip": {".txt": ("utf-8",)}, "tar": {".txt": ("tcvn3",)}}


def slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-").replace("--", "-")


# --- running and scoring ------------------------------------------------------------------------

def build_folder(folder: Path, docs: list[Case], scanned: dict[str, list[Case]]) -> tuple[dict, dict]:
    """Writes every delivery; returns {relative path: (way, doc)} and {way: reason it failed to build}."""
    placed, failed = {}, {}
    for way in WAYS:
        sub = folder / slug(way.name)
        sub.mkdir(parents=True)
        for doc in scanned.get(way.group, docs):
            try:
                data = way.build(doc)
            except Exception as exc:  # noqa: BLE001  (a builder's failure is a finding, not a crash)
                failed.setdefault(way.name, f"{doc.id}: {exc.__class__.__name__}: {exc}")
                continue
            if data is None:
                failed.setdefault(way.name, f"{doc.id}: not writable in this way")
                continue
            path = sub / f"{doc.id}{way.suffix}"
            path.write_bytes(data)
            placed[f"{sub.name}/{path.name}"] = (way, doc)
    return placed, failed


def run_cli(folder: Path, out: Path, workers: int) -> tuple[float, str]:
    exe = Path(sys.executable).with_name("vnextract")
    cmd = [str(exe) if exe.exists() else sys.executable, *([] if exe.exists() else ["-m", "extractor.cli"]),
           "extract", str(folder), "-o", str(out), "--quiet", "-j", str(workers)]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    return time.perf_counter() - t0, (done.stderr or "").strip()


def _delivery(doc_id: str, prefix: str) -> str:
    rel = doc_id[len(prefix):] if doc_id.startswith(prefix) else doc_id
    return rel.split("!", 1)[0]


def load_facts(out: Path, prefix: str) -> dict[str, list]:
    found: dict[str, list] = {}
    if not out.exists():
        return found
    for line in out.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        found.setdefault(_delivery(row["doc_id"], prefix), []).append(SimpleNamespace(**row))
    return found


def _agree(gold: dict, fact) -> bool:
    return all(expected_attribute(gold, a) in (None, getattr(fact, a) or ("actual" if a == "status" else ""))
               for a in ATTRIBUTES)


def score(placed: dict, found: dict) -> dict:
    """Per way: the Score, matched facts with every attribute right, and each document's misses."""
    ways: dict[str, dict] = {}
    for rel, (way, doc) in placed.items():
        entry = ways.setdefault(way.name, {"score": Score(), "matched": 0, "agree": 0, "problems": [], "docs": 0})
        facts = sorted(found.get(rel, []), key=lambda f: (f.doc_id, f.start))
        problems = score_case(doc, facts, entry["score"])
        pairs, _, _ = align(doc, facts)
        entry["docs"] += 1
        entry["matched"] += len(pairs)
        entry["agree"] += sum(_agree(g, f) for g, f in pairs)
        entry["problems"] += [f"{rel} ({doc.origin}): {p}" for p in problems]
    return ways


def check_manifest(path: Path, placed: dict, folder: Path) -> list[str]:
    """What the manifest gets wrong: missing rows, wrong format or encoding, failures."""
    if not path.exists():
        return [f"no manifest at {path.name}"]
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    prefix = folder.name + "/"
    by_id = {r["doc_id"]: r for r in rows}
    issues = []
    for rel, (way, doc) in sorted(placed.items()):
        expect = [(prefix + rel, way.format, way.encoding)]
        if way.members:
            expect = [(f"{prefix}{rel}!{m}", MEMBER_FORMATS[Path(m).suffix],
                       MEMBER_ENCODINGS[way.format].get(Path(m).suffix, ())) for m in way.members(doc)]
        rows_of = [r for r in rows if _delivery(r["doc_id"], prefix) == rel]
        if not rows_of:
            issues.append(f"{rel}: no manifest row")
            continue
        for doc_id, fmt, enc in expect:
            row = by_id.get(doc_id) or (rows_of[0] if not way.members else None)
            if row is None:
                issues.append(f"{doc_id[len(prefix):]}: no manifest row (rows: {[r['doc_id'] for r in rows_of]})")
                continue
            if row["status"] != "ok":
                issues.append(f"{rel}: status {row['status']} ({row['error']})")
            if row["format"] != fmt:
                issues.append(f"{way.name}: format {row['format']!r}, expected {fmt!r}")
            if enc and row["encoding"].lower() not in enc:
                issues.append(f"{way.name}: encoding {row['encoding']!r}, expected {' or '.join(enc)}")
    return issues


def _flat(text: str) -> str:
    import unicodedata  # noqa: PLC0415

    return unicodedata.normalize("NFC", " ".join(text.split()))


def fidelity(folder: Path, placed: dict) -> dict[str, tuple[int, int, str]]:
    """Per way (scans left out: OCR is not verbatim): documents whose readers' text holds every
    paragraph verbatim (NFC, white space folded), of all, and the first difference seen."""
    import difflib  # noqa: PLC0415

    from extractor.readers import read_members  # noqa: PLC0415

    out: dict[str, list] = {}
    for rel, (way, doc) in sorted(placed.items()):
        if way.group.startswith("scan"):
            continue
        entry = out.setdefault(way.name, [0, 0, ""])
        got = _flat(" ".join(s.text for _, s in read_members(folder / rel) if not isinstance(s, Exception)))
        entry[1] += 1
        if all(_flat(p) in got for p in paras(doc)):
            entry[0] += 1
        elif not entry[2]:
            want = _flat(doc.text)
            ops = difflib.SequenceMatcher(None, want, got, autojunk=False).get_opcodes()
            entry[2] = f"{rel}: " + "; ".join(f"{want[a:b]!r} read as {got[c:d]!r}"
                                               for tag, a, b, c, d in ops if tag != "equal")[:300]
    return {k: tuple(v) for k, v in out.items()}


def _prf(s: Score) -> tuple[float, float, float]:
    return s.prf("all")


def _merge(scores: list[Score]) -> Score:
    total = Score()
    for s in scores:
        for key in ("tp", "fp", "fn"):
            getattr(total, key).update(getattr(s, key))
    return total


def table(ways: dict, order: list[str], verbatim: dict) -> tuple[str, dict]:
    lines = [f"{'delivery way':30} {'docs':>4} {'facts':>5} {'P':>6} {'R':>6} {'F1':>6} {'attrs':>6} {'text':>6}"]
    figures = {}
    for name in order:
        if name not in ways:
            lines.append(f"{name:30}  (nothing delivered)")
            continue
        e = ways[name]
        p, r, f = _prf(e["score"])
        want = e["score"].tp["all"] + e["score"].fn["all"]
        attrs = e["agree"] / e["matched"] if e["matched"] else 0.0
        figures[name] = {"documents": e["docs"], "facts": want, "tp": e["score"].tp["all"], "fp": e["score"].fp["all"],
                         "fn": e["score"].fn["all"], "precision": round(p, 4), "recall": round(r, 4),
                         "f1": round(f, 4), "attributes_agree": round(attrs, 4)}
        same, total, _ = verbatim.get(name, (0, 0, ""))
        if total:
            figures[name]["text_verbatim"] = round(same / total, 4)
        shown = f"{same / total:6.3f}" if total else f"{'-':>6}"
        lines.append(f"{name:30} {e['docs']:4d} {want:5d} {p:6.3f} {r:6.3f} {f:6.3f} {attrs:6.3f} {shown}")
    return "\n".join(lines), figures


def groups(ways: dict) -> dict:
    """The figures issue 8 names: overall, legacy encodings, containers and DOCX parts, scans."""
    def f1(names):
        s = _merge([ways[n]["score"] for n in names if n in ways])
        return round(_prf(s)[2], 4)
    named = {w.name: w for w in WAYS}
    return {
        "overall (every way)": f1(list(ways)),
        "legacy encodings and mojibake": f1([n for n in ways if named[n].group == "legacy"]),
        "containers and DOCX parts": f1([n for n in ways if named[n].group in ("container", "docx")]),
        "pdf text layer": f1([n for n in ways if named[n].group == "pdf"]),
        "scanned PDF 300 dpi": f1([n for n in ways if named[n].group == "scan"]),
        "scanned PDF 300 dpi, degraded": f1([n for n in ways if named[n].group == "scan-degraded"]),
    }


def scan_documents(docs: list[Case], pages: int) -> list[Case]:
    """The first documents whose pages (rendered as the scan way renders them) add up to ``pages``."""
    from tests.measure_formats import _pages  # noqa: PLC0415

    out, used = [], 0
    for doc in docs:
        need = len(_pages([" ".join(p.split()) for p in paras(doc)]))
        if used + need > pages:
            break
        out.append(doc)
        used += need
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="12 documents, 3 scanned pages and 2 degraded ones")
    ap.add_argument("--workers", "-j", type=int, default=2)
    ap.add_argument("--keep", metavar="FOLDER", help="build the deliveries here and keep them")
    ap.add_argument("--out", default=str(ROOT / "out" / "eval-archive.json"))
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    docs, counts = documents(12 if args.quick else None)
    pages = 3 if args.quick else OCR_PAGES
    scanned = {"scan": scan_documents(docs, pages), "scan-degraded": scan_documents(docs, (pages + 1) // 2)}
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="eval-archive-"))
    folder = work / "archive"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    placed, build_failed = build_folder(folder, docs, scanned)
    built = time.perf_counter() - t0
    out = work / "facts.jsonl"
    seconds, stderr = run_cli(folder, out, args.workers)
    found = load_facts(out, folder.name + "/")
    ways = score(placed, found)
    manifest = check_manifest(Path(str(out) + ".manifest.csv"), placed, folder)
    order = [w.name for w in WAYS]
    verbatim = fidelity(folder, placed)
    text, figures = table(ways, order, verbatim)
    # the scanned documents' own ceiling: the clean text of the same documents
    clean = Score()
    for rel, (way, doc) in placed.items():
        if way.name == WAYS[0].name and doc in scanned["scan"]:
            score_case(doc, sorted(found.get(rel, []), key=lambda f: f.start), clean)
    summary = groups(ways)
    summary["ceiling of the scanned documents (their clean .txt)"] = round(_prf(clean)[2], 4)

    print(f"{len(docs)} documents of {counts['kept']} real cases ({counts['cases']} in the corpus; left out: "
          f"{counts['left out']}); {len(placed)} files in {len(WAYS)} ways; built in {built:.1f} s, "
          f"vnextract extract in {seconds:.1f} s")
    print(text)
    print()
    for k, v in summary.items():
        print(f"{k:52} F1 {v:.3f}")
    for name, (same, total, first) in verbatim.items():
        if same < total:
            print(f"text not verbatim: {name}: {total - same} of {total} documents, first {first}")
    for name, reason in build_failed.items():
        print(f"not built: {name}: {reason}")
    print(f"manifest: {len(manifest)} problems" + "".join(f"\n  {m}" + (f" (x{n})" if n > 1 else "")
                                                          for m, n in Counter(manifest).most_common(30)))
    if stderr:
        print("vnextract stderr:\n  " + "\n  ".join(stderr.splitlines()[:20]))
    result = {"documents": len(docs), "counts": counts, "files": len(placed), "extract_seconds": round(seconds, 1),
              "ways": figures, "groups": summary,
              "text_differences": {k: v[2] for k, v in verbatim.items() if v[2]}, "not_built": build_failed, "manifest_problems": manifest,
              "problems": {n: e["problems"][:60] for n, e in ways.items() if e["problems"]},
              "stderr": stderr.splitlines()[:50]}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {Path(args.out).relative_to(ROOT) if Path(args.out).is_relative_to(ROOT) else args.out}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
