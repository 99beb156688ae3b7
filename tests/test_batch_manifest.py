"""The manifest accounts for every file under the inputs (and every archive member), in input order,
with its status and reason; the older errors list stays in step with it."""
from __future__ import annotations

import csv
import hashlib
import io
import os
import zipfile

import pytest

from extractor.batch.manifest import COLUMNS, Journal, Row

from .test_batch_support import vnextract

TEXT = ("Năm 2023, toàn tỉnh giải quyết việc làm cho 29.576 lao động, đạt 118% so với kế hoạch.\n\n"
        "Tổng thu ngân sách nhà nước trên địa bàn đạt 3.370 tỷ đồng, tăng 17,7% so với cùng kỳ.\n")
HTML = ("<html><head><meta charset='utf-8'><title>Báo cáo</title></head><body><h1>Báo cáo kinh tế</h1>"
        "<p>Kim ngạch xuất khẩu 9 tháng ước đạt 2.450 triệu USD, tăng 8,2% so với cùng kỳ năm trước.</p>"
        "<p>Diện tích gieo trồng lúa đạt 512.300 ha.</p></body></html>")


def _docx(text: str) -> bytes:
    docx = pytest.importorskip("docx")
    d = docx.Document()
    for para in text.split("\n\n"):
        d.add_paragraph(para.strip())
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.fixture()
def mixed(tmp_path):
    root = tmp_path / "bao-cao"
    (root / "2023").mkdir(parents=True)
    (root / "2023" / "lao-dong.txt").write_text(TEXT, encoding="utf-8")
    (root / "2023" / "ngan-sach-utf16.txt").write_bytes(TEXT.encode("utf-16"))
    (root / "2023" / "xuat-khau.html").write_text(HTML, encoding="utf-8")
    (root / "2023" / "bao-cao.docx").write_bytes(_docx(TEXT))
    (root / "2023" / "hong.docx").write_bytes(b"PK\x03\x04 not really a docx")
    (root / "2023" / "hong.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF")
    (root / "nhi-phan.txt").write_bytes(b"\x00\x01\x02\x03binary\x00")
    (root / "rong.txt").write_bytes(b"")
    (root / "ghi-chu.xyz").write_text(TEXT, encoding="utf-8")
    (root / ".an.txt").write_text(TEXT, encoding="utf-8")
    (root / "luu-tru.zip").write_bytes(_zip({"quy-1.txt": TEXT.encode("utf-8"),
                                             "quy-2.html": HTML.encode("utf-8")}))
    os.mkfifo(root / "ong.txt")
    (tmp_path / "ngoai.txt").write_text(TEXT, encoding="utf-8")
    os.symlink(tmp_path / "ngoai.txt", root / "lien-ket.txt")
    return root


def _manifest(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _found(root) -> set[str]:
    """Every entry under ``root`` as the batch names it (folder name first)."""
    out = set()
    for dirpath, dirs, files in os.walk(root):
        for name in files + [d for d in dirs if os.path.islink(os.path.join(dirpath, d))]:
            rel = os.path.relpath(os.path.join(dirpath, name), root.parent)
            out.add(rel.replace(os.sep, "/"))
    return out


def test_manifest_accounts_for_every_file_and_member(mixed, tmp_path):
    out = tmp_path / "ket-qua.csv"
    res = vnextract("extract", mixed, "-o", out, "-j", "2")
    assert res.returncode == 1, res.stderr  # some inputs failed
    assert "Traceback" not in res.stderr
    rows = _manifest(f"{out}.manifest.csv")
    assert tuple(rows[0]) == COLUMNS
    by_id = {r["doc_id"]: r for r in rows}
    assert _found(mixed) <= set(by_id), _found(mixed) - set(by_id)
    status = {k: (r["status"], r["error"]) for k, r in by_id.items()}
    assert status["bao-cao/2023/lao-dong.txt"] == ("ok", "")
    assert status["bao-cao/2023/ngan-sach-utf16.txt"] == ("ok", "")
    assert status["bao-cao/2023/xuat-khau.html"] == ("ok", "")
    assert status["bao-cao/2023/bao-cao.docx"] == ("ok", "")
    assert status["bao-cao/luu-tru.zip"] == ("ok", "")
    assert status["bao-cao/luu-tru.zip!quy-1.txt"] == ("ok", "")
    assert status["bao-cao/luu-tru.zip!quy-2.html"] == ("ok", "")
    for broken in ("bao-cao/2023/hong.docx", "bao-cao/2023/hong.pdf", "bao-cao/nhi-phan.txt"):
        assert status[broken][0] == "failed" and status[broken][1], broken
    assert status["bao-cao/rong.txt"] == ("skipped", "empty file")
    assert status["bao-cao/ghi-chu.xyz"] == ("skipped", "unsupported format .xyz")
    assert status["bao-cao/.an.txt"] == ("skipped", "hidden file")
    assert status["bao-cao/ong.txt"] == ("skipped", "not a regular file: a FIFO (named pipe)")
    assert status["bao-cao/lien-ket.txt"][0] == "skipped" and "outside the input" in status["bao-cao/lien-ket.txt"][1]
    # input order: name order, depth first; members right after their archive
    ids = [r["doc_id"] for r in rows]
    assert ids.index("bao-cao/2023/xuat-khau.html") < ids.index("bao-cao/ghi-chu.xyz")
    assert ids.index("bao-cao/luu-tru.zip") + 1 == ids.index("bao-cao/luu-tru.zip!quy-1.txt")
    # facts, bytes and sha256 say what the output holds and what was read
    facts = list(csv.DictReader(out.open(encoding="utf-8")))
    text_file = mixed / "2023" / "lao-dong.txt"
    r = by_id["bao-cao/2023/lao-dong.txt"]
    assert int(r["facts"]) == sum(f["doc_id"] == "bao-cao/2023/lao-dong.txt" for f in facts) >= 4
    assert int(r["bytes"]) == text_file.stat().st_size
    assert r["sha256"] == hashlib.sha256(text_file.read_bytes()).hexdigest()
    assert r["format"] == "text" and r["encoding"] == "utf-8"
    assert by_id["bao-cao/2023/ngan-sach-utf16.txt"]["encoding"].startswith("utf-16")
    assert int(by_id["bao-cao/luu-tru.zip"]["facts"]) == sum(f["doc_id"].startswith("bao-cao/luu-tru.zip!")
                                                             for f in facts) > 0
    # the names of the unread inputs, on stderr as they come and in the older errors list
    assert "bao-cao/nhi-phan.txt" in res.stderr and "rong.txt: empty file" in res.stderr
    errors = {e["path"] for e in csv.DictReader(open(f"{out}.errors.csv", encoding="utf-8"))}
    assert errors == {r["path"] for r in rows if r["status"] != "ok"}


def test_a_clean_rerun_leaves_no_stale_errors_list(tmp_path):
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "b.txt").write_bytes(b"\x00\x00binary")
    out = tmp_path / "o.csv"
    assert vnextract("extract", folder, "-o", out, "-j", "1").returncode == 1
    assert (tmp_path / "o.csv.errors.csv").exists()
    (folder / "b.txt").unlink()
    res = vnextract("extract", folder, "-o", out, "-j", "1")
    assert res.returncode == 0, res.stderr
    assert not (tmp_path / "o.csv.errors.csv").exists()
    assert [r["status"] for r in _manifest(tmp_path / "o.csv.manifest.csv")] == ["ok"]
    assert not (tmp_path / "o.csv.parts").exists()


def test_manifest_for_stdout_only_when_asked(tmp_path):
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    res = vnextract("extract", folder, "-o", "-", "--manifest", tmp_path / "m.csv", "-j", "1", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert [r["doc_id"] for r in _manifest(tmp_path / "m.csv")] == ["r/a.txt"]
    assert sorted(os.listdir(tmp_path)) == ["m.csv", "r"]


def test_journal_drops_a_torn_last_line(tmp_path):
    j = Journal(str(tmp_path / "journal.jsonl"))
    j.append(3, [Row("/x/a.txt", "x/a.txt", "text", "utf-8", "ok", 12, "", 100, 0.5, "ab")])
    j.append(0, [Row("/x/b.txt", "x/b.txt", "text", "", "failed", 0, "empty file", 0, 0.0, "")])
    j.close()
    with open(tmp_path / "journal.jsonl", "a", encoding="utf-8") as fh:
        fh.write('{"index": 7, "rows": [{"path": "/x/c.t')  # killed in the middle of a write
    done = Journal(str(tmp_path / "journal.jsonl")).load()
    assert sorted(done) == [0, 3] and done[3][0].facts == 12
    assert (tmp_path / "journal.jsonl").read_bytes().endswith(b"\n")
