"""--no-ocr: a scanned page is noted in the manifest with the reason, not read (and not OCR'd)."""
from __future__ import annotations

import csv
import shutil
import subprocess
import sys

from .conftest import SAMPLES

SCAN = SAMPLES / "scan-bao-cao-dau-tu-fdi-binh-duong-quy-i-2024.pdf"


def test_extract_no_ocr_records_the_scan_as_not_read(tmp_path):
    folder = tmp_path / "scans"
    folder.mkdir()
    shutil.copy(SCAN, folder / SCAN.name)
    (folder / "note.txt").write_text("Quý I/2024, vốn FDI đạt 641,5 triệu USD.", encoding="utf-8")
    out = tmp_path / "facts.csv"
    res = subprocess.run([sys.executable, "-m", "extractor.cli", "extract", str(folder), "-o", str(out), "--no-ocr",
                          "--quiet"], capture_output=True, text=True, timeout=300)
    assert res.returncode == 1, res.stderr
    rows = {r["doc_id"].rsplit("/", 1)[-1]: r for r in csv.DictReader(open(f"{out}.manifest.csv", encoding="utf-8"))}
    assert rows[SCAN.name]["status"] == "failed" and "--no-ocr" in rows[SCAN.name]["error"]
    assert rows["note.txt"]["status"] == "ok" and rows["note.txt"]["facts"] == "2"
