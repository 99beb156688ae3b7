"""Hostile and misnamed input: the format is found by content; FIFOs, sockets, devices, folders,
links out of the tree, unreadable and oversized files give a ReadError with a plain reason, fast;
containers yield their members by name."""
from __future__ import annotations

import io
import os
import socket
import zipfile

import pytest

from extractor.readers import ReadError, read, read_bytes, read_members
from extractor.readers.detect import detect
from extractor.readers.limits import ReadOptions

SENTENCE = "Tổng thu ngân sách nhà nước ước đạt 3.370 tỷ đồng, tăng 17,7% so với cùng kỳ."


def _zip(members: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in members.items():
            z.writestr(name, body)
    return buf.getvalue()


@pytest.mark.parametrize("data,name,fmt", [
    (b"%PDF-1.7\n%...", "bao-cao.doc", "pdf"),
    (b"{\\rtf1\\ansi\\ansicpg1258 B\\'e1o c\\'e1o}", "bao-cao.doc", "rtf"),
    ("<!DOCTYPE html><html><body><p>Báo cáo</p></body></html>".encode(), "bao-cao.doc", "html"),
    ("<html><body><table><tr><td>1</td></tr></table></body></html>".encode(), "bang.xls", "html"),
    (SENTENCE.encode("utf-16-le"), "bao-cao.txt", "text"),
    (_zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"}), "bao-cao.zip", "docx"),
    (_zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<w/>"}), "so-lieu.dat", "xlsx"),
    (_zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"}), "bc.docx", "odt"),
    (_zip({"a/bao-cao.txt": SENTENCE}), "bao-cao.docx", "zip"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "scan.pdf", "image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"), "bc.xls", "doc"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le"), "bc.doc", "xls"),
    (b"From: a@b\r\nSubject: Bao cao\r\nMIME-Version: 1.0\r\n\r\nx", "thu.txt", "eml"),
    (b"\x1f\x8b\x08\x00", "goi.bin", "tar"),
    (SENTENCE.encode(), "bao-cao", "text"),
    (b"MZ\x90\x00", "setup.exe", "unknown"),
])
def test_format_is_detected_by_content_then_name(data, name, fmt):
    assert detect(data, name) == fmt


def test_misnamed_html_doc_is_read_as_html(tmp_path):
    path = tmp_path / "bao-cao.doc"
    path.write_text(f"<html><body><p>{SENTENCE}</p><table><tr><td>Thu nội địa</td><td>2.150</td></tr></table>"
                    "</body></html>", encoding="utf-8")
    src = read(path)
    assert src.format == "html" and SENTENCE in src.text and src.tables[0].cells[1].text == "2.150"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_unicode_forms_are_read(tmp_path, encoding):
    path = tmp_path / "r.txt"
    path.write_bytes(SENTENCE.encode(encoding))
    assert read(path).text == SENTENCE


@pytest.mark.timeout(10)
def test_fifo_is_refused_without_opening(tmp_path):
    path = tmp_path / "ong.txt"
    os.mkfifo(path)
    with pytest.raises(ReadError, match="FIFO"):
        read(path)
    assert [(n, type(r).__name__) for n, r in read_members(path)] == [(str(path), "ReadError")]


def test_socket_device_and_folder_are_refused(tmp_path):
    sock_path = tmp_path / "s.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(sock_path))
    try:
        with pytest.raises(ReadError, match="socket"):
            read(sock_path)
    finally:
        sock.close()
    with pytest.raises(ReadError, match="device"):
        read("/dev/null")
    with pytest.raises(ReadError, match="folder"):
        read(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 file anyway (tests run as root here)")
def test_unreadable_file_gives_the_os_reason(tmp_path):
    path = tmp_path / "khoa.txt"
    path.write_text(SENTENCE, encoding="utf-8")
    path.chmod(0)
    with pytest.raises(ReadError, match="Permission denied"):
        read(path)


def test_missing_file_gives_the_os_reason(tmp_path):
    with pytest.raises(ReadError) as err:
        read(tmp_path / "khong-co.html")
    assert err.value.reason == "No such file or directory"


def test_symlink_out_of_the_tree_is_not_followed(tmp_path):
    outside, tree = tmp_path / "ngoai", tmp_path / "bao-cao"
    outside.mkdir()
    tree.mkdir()
    (outside / "mat.txt").write_text(SENTENCE, encoding="utf-8")
    (tree / "a.txt").write_text(SENTENCE, encoding="utf-8")
    (tree / "link.txt").symlink_to(outside / "mat.txt")
    (tree / "inside.txt").symlink_to(tree / "a.txt")
    with pytest.raises(ReadError, match="outside the input folder"):
        read(tree / "link.txt")
    assert read(tree / "inside.txt").text == SENTENCE
    assert read(tree / "link.txt", ReadOptions(follow_links=True)).text == SENTENCE
    assert read(tree / "link.txt", ReadOptions(root=str(tmp_path))).text == SENTENCE


def test_linked_folder_out_of_the_tree_is_not_followed(tmp_path):
    outside, tree = tmp_path / "ngoai", tmp_path / "bao-cao"
    outside.mkdir()
    tree.mkdir()
    (outside / "mat.txt").write_text(SENTENCE, encoding="utf-8")
    (tree / "thu-muc").symlink_to(outside, target_is_directory=True)
    with pytest.raises(ReadError, match="outside the input folder"):
        read(tree / "thu-muc" / "mat.txt", ReadOptions(root=str(tree)))
    assert read(tree / "thu-muc" / "mat.txt", ReadOptions(root=str(tree), follow_links=True)).text == SENTENCE


def test_symlink_loop_is_a_reason(tmp_path):
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    with pytest.raises(ReadError) as err:
        read(tmp_path / "a.txt")
    assert "Traceback" not in err.value.reason and err.value.reason


def test_file_over_the_size_limit(tmp_path):
    path = tmp_path / "lon.txt"
    path.write_text(SENTENCE * 10, encoding="utf-8")
    with pytest.raises(ReadError, match="file too large"):
        read(path, ReadOptions(max_bytes=100))


def test_unsupported_format_is_named(tmp_path):
    path = tmp_path / "setup.exe"
    path.write_bytes(b"MZ\x90\x00\x03\x00")
    with pytest.raises(ReadError, match=r"unsupported file format \(\.exe\)"):
        read(path)


def test_broken_docx_reason_has_no_memory_address(tmp_path):
    path = tmp_path / "hong.docx"
    path.write_bytes(_zip({"[Content_Types].xml": "<Types", "word/document.xml": "<w:document"}))
    with pytest.raises(ReadError) as err:
        read(path)
    assert "0x" not in err.value.reason and "Traceback" not in err.value.reason
    assert err.value.reason.startswith("not a readable")


def test_container_members_are_named_and_read(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph(SENTENCE)
    buf = io.BytesIO()
    d.save(buf)
    inner = _zip({"so-lieu.csv": "Huyện,Số hộ\nTuy Phước,45.120\n"})
    path = tmp_path / "luu-tru.zip"
    path.write_bytes(_zip({"bc/bao-cao.docx": buf.getvalue(), "bc/tin.txt": SENTENCE, "long.zip": inner}))
    got = dict(read_members(path))
    assert set(got) == {f"{path}!bc/bao-cao.docx", f"{path}!bc/tin.txt", f"{path}!long.zip!so-lieu.csv"}
    assert got[f"{path}!bc/bao-cao.docx"].format == "docx" and SENTENCE in got[f"{path}!bc/bao-cao.docx"].text
    assert got[f"{path}!long.zip!so-lieu.csv"].tables[0].cells[-1].text == "45.120"
    with pytest.raises(ReadError, match="container"):
        read(path)


def test_plain_file_is_one_member(tmp_path):
    path = tmp_path / "tin.txt"
    path.write_text(SENTENCE, encoding="utf-8")
    ((name, src),) = list(read_members(path))
    assert name == str(path) and src.text == SENTENCE


def test_read_bytes_of_nothing_is_a_reason():
    with pytest.raises(ReadError, match="empty"):
        read_bytes(b"", "rong.txt", ReadOptions())


def test_os_error_while_opening_becomes_a_reason(tmp_path, monkeypatch):
    """The chmod 000 case as root sees it: the open itself fails (simulated, since root may open anything)."""
    path = tmp_path / "khoa.html"
    path.write_text("<p>x</p>", encoding="utf-8")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(ReadError) as err:
        read(path)
    assert err.value.reason == "Permission denied" and err.value.path == str(path)
