"""Archives and e-mail: members read as documents (same facts as the same text as UTF-8), named
``archive.zip!dir/member``; bombs, climbing members, encrypted entries, links and broken archives
refused with a reason, before anything is inflated and without a byte written to disk."""
from __future__ import annotations

import gzip
import io
import os
import struct
import tarfile
import zipfile
from email.message import EmailMessage

import pytest

from extractor import extract
from extractor.pipeline import extract_source
from extractor.readers import ReadError, ReadOptions, archives, mail, read_members

from .conftest import SAMPLES

NGHE_AN = "bao-cao-lao-dong-viec-lam-nghe-an-2023.txt"
QUANG_NAM = "bao-cao-thu-chi-ngan-sach-quang-nam-6-thang-2024.txt"
SENTENCE = "Tổng thu ngân sách nhà nước ước đạt 3.370 tỷ đồng, tăng 17,7% so với cùng kỳ."


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def facts(found) -> list[tuple]:
    return [(f.kind, f.value, f.value_max, f.unit, f.date, f.qualifier, f.direction, f.basis, f.status, f.period,
             f.text, f.start, f.end) for f in found]


def make_zip(members: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def make_tar(members: dict[str, bytes], mode: str = "w:gz") -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode=mode) as tf:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return out.getvalue()


def read_all(tmp_path, name: str, data: bytes, options=None) -> dict:
    path = tmp_path / name
    path.write_bytes(data)
    before = set(os.listdir(tmp_path))
    out = {member.split("!", 1)[1] if "!" in member else member: value
           for member, value in read_members(path, options)}
    assert set(os.listdir(tmp_path)) == before  # nothing extracted, nothing written
    return out


# --- zip / tar: the good path -------------------------------------------------------------------

@pytest.mark.parametrize("name,build", [
    ("bao-cao.zip", lambda m: make_zip(m)),
    ("bao-cao.zip", lambda m: make_zip(m, zipfile.ZIP_STORED)),
    ("bao-cao.tar", lambda m: make_tar(m, "w")),
    ("bao-cao.tar.gz", lambda m: make_tar(m, "w:gz")),
    ("bao-cao.tgz", lambda m: make_tar(m, "w:bz2")),
])
def test_members_give_the_facts_of_the_same_text(tmp_path, name, build):
    data = build({f"2023/{NGHE_AN}": sample(NGHE_AN), f"2024/{QUANG_NAM}": sample(QUANG_NAM)})
    got = read_all(tmp_path, name, data)
    assert sorted(got) == [f"2023/{NGHE_AN}", f"2024/{QUANG_NAM}"]
    for member, source in got.items():
        clean = sample(member.split("/")[1]).decode("utf-8")
        assert source.text == clean
        assert facts(extract_source(source).facts) == facts(extract(clean))


def test_nested_zip_and_a_gzip_member(tmp_path):
    inner = make_zip({"bao-cao.txt": SENTENCE.encode("utf-8")})
    middle = make_tar({"nam-2024/inner.zip": inner, "ghi-chu.txt.gz": gzip.compress("Chi 1.245 tỷ đồng.".encode())})
    got = read_all(tmp_path, "kho.zip", make_zip({"thang-6/middle.tar.gz": middle}))
    assert sorted(got) == ["thang-6/middle.tar.gz!ghi-chu.txt.gz!ghi-chu.txt",
                           "thang-6/middle.tar.gz!nam-2024/inner.zip!bao-cao.txt"]
    source = got["thang-6/middle.tar.gz!nam-2024/inner.zip!bao-cao.txt"]
    assert [f.value for f in extract_source(source).facts if f.kind == "money"] == [3_370_000_000_000]


def test_nesting_deeper_than_the_limit_is_refused(tmp_path):
    data = SENTENCE.encode("utf-8")
    for level in range(5):
        data = make_zip({f"muc-{level}.zip" if level else "bao-cao.txt": data})
    got = read_all(tmp_path, "sau.zip", data, ReadOptions(max_depth=3))
    assert not any(hasattr(v, "text") for v in got.values())
    assert any("nested deeper" in str(v) for v in got.values())


# --- zip / tar: hostile and broken --------------------------------------------------------------

def test_zip_bomb_by_ratio_is_refused_before_inflating(monkeypatch):
    data = make_zip({"bao-cao.txt": SENTENCE.encode(), "bom.txt": b"0" * (30 << 20)})
    assert len(data) < 100_000  # 1000:1 or so
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: pytest.fail("a member was inflated"))
    with pytest.raises(ReadError, match="expanding .* times.*bomb"):
        list(archives.members(data, "bom.zip"))


def _declare_size(data: bytes, size: int) -> bytes:
    """The zip with every member's uncompressed size in the central directory set to ``size``."""
    out = bytearray(data)
    pos = out.find(b"PK\x01\x02")
    while pos >= 0:
        out[pos + 24:pos + 28] = struct.pack("<I", size)
        pos = out.find(b"PK\x01\x02", pos + 4)
    return bytes(out)


def test_zip_declaring_a_huge_size_is_refused(monkeypatch):
    data = _declare_size(make_zip({"bao-cao.txt": SENTENCE.encode()}), 0xFFFF0000)
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: pytest.fail("a member was inflated"))
    with pytest.raises(ReadError, match="bytes uncompressed"):
        list(archives.members(data, "lon.zip"))


def test_member_count_cap():
    data = make_zip({f"r{k}.txt": b"x" for k in range(30)})
    with pytest.raises(ReadError, match="30 members"):
        list(archives.members(data, "nhieu.zip", ReadOptions(max_members=20)))


def test_tar_gz_bomb_stops_inflating_at_the_cap():
    data = make_tar({"bom.txt": b"\0" * (60 << 20)})
    assert len(data) < 200_000
    with pytest.raises(ReadError, match="bomb"):
        list(archives.members(data, "bom.tar.gz"))


def test_climbing_absolute_and_link_members_are_refused_and_the_rest_read(tmp_path):
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tf:
        for name, data in [("ok/bao-cao.txt", SENTENCE.encode()), ("../../ngoai.txt", b"x"), ("/etc/cron.d/x", b"x")]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("lien-ket.txt")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        tf.addfile(link)
    got = read_all(tmp_path, "leo.tar.gz", out.getvalue())
    assert got["ok/bao-cao.txt"].text == SENTENCE
    assert "climbs out" in got["../../ngoai.txt"].reason
    assert "climbs out" in got["/etc/cron.d/x"].reason
    assert "link" in got["lien-ket.txt"].reason
    assert not (tmp_path.parent / "ngoai.txt").exists()

    zipped = make_zip({"../ngoai.txt": b"x", "C:\\Windows\\x.txt": b"x", "ok.txt": SENTENCE.encode()})
    got = dict(archives.members(zipped, "leo.zip"))
    assert got["leo.zip!ok.txt"] == SENTENCE.encode()
    assert all(isinstance(got[k], ReadError) for k in ("leo.zip!../ngoai.txt", "leo.zip!C:\\Windows\\x.txt"))


def _encrypt_flag(data: bytes, member: str) -> bytes:
    """The zip with ``member`` marked encrypted (general-purpose flag bit 0) in both headers, as a
    password-protected entry is."""
    out = bytearray(data)
    raw = member.encode()
    for sig, flag_at, name_at in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        pos = out.find(sig)
        while pos >= 0:
            if out[pos + name_at:pos + name_at + len(raw)] == raw:
                out[pos + flag_at] |= 1
            pos = out.find(sig, pos + 4)
    return bytes(out)


def test_encrypted_member_gets_a_reason_and_the_others_are_read():
    data = _encrypt_flag(make_zip({"mat.txt": b"secret", "bao-cao.txt": SENTENCE.encode()}), "mat.txt")
    got = dict(archives.members(data, "khoa.zip"))
    assert "password" in got["khoa.zip!mat.txt"].reason
    assert got["khoa.zip!bao-cao.txt"] == SENTENCE.encode()


@pytest.mark.parametrize("name,data,reason", [
    ("hong.zip", b"PK\x03\x04" + b"\x00" * 40, "not a readable zip"),
    ("hong.tar.gz", b"\x1f\x8b\x08\x00" + b"\xff" * 40, "corrupt compressed archive"),
    ("cut.tar.gz", None, "truncated"),
])
def test_broken_archives_give_a_reason(name, data, reason):
    if data is None:
        data = make_tar({"a.txt": os.urandom(20_000)})[:5000]
    with pytest.raises(ReadError, match=reason) as err:
        list(archives.members(data, name))
    assert " at 0x" not in err.value.reason


def test_corrupt_member_data_is_named():
    data = bytearray(make_zip({"bao-cao.txt": SENTENCE.encode() * 50}))
    start = data.find(b"bao-cao.txt") + len("bao-cao.txt") + 5
    data[start:start + 20] = b"\xff" * 20  # damage the deflated bytes
    got = dict(archives.members(bytes(data), "hong.zip"))
    assert isinstance(got["hong.zip!bao-cao.txt"], ReadError)
    assert "corrupt" in got["hong.zip!bao-cao.txt"].reason


def test_office_zips_are_documents_not_archives():
    docx_like = make_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})
    assert not archives.is_archive(docx_like, "bao-cao.docx")
    assert archives.is_archive(make_zip({"a.txt": b"x"}), "a.zip")


# --- e-mail ---------------------------------------------------------------------------------

def _docx_bytes(text: str) -> bytes:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_email_html_body_once_and_docx_attachment(tmp_path):
    plain = "Kính gửi Sở. " + SENTENCE
    attached = "Giải quyết việc làm cho 29.576 lao động, đạt 118% so với kế hoạch."
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "so-tai-chinh@example.vn", "ubnd@example.vn", "Báo cáo"
    message["Date"] = "Mon, 15 Jan 2024 08:30:00 +0700"
    message.set_content(plain, cte="quoted-printable")
    message.add_alternative(f"<html><body><p>Kính gửi Sở.</p><p>{SENTENCE}</p></body></html>", subtype="html",
                            cte="quoted-printable")
    message.add_attachment(_docx_bytes(attached), maintype="application",
                           subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                           filename="bao-cao-lao-dong.docx")
    message.add_attachment(b"\x89PNG\r\n\x1a\n", maintype="application", subtype="x-msdownload",
                           filename="chay-toi.exe")
    data = message.as_bytes()
    assert b"=E1=BB" in data  # the HTML really went quoted-printable
    got = read_all(tmp_path, "thu.eml", data)
    assert sorted(got) == ["bao-cao-lao-dong.docx", "body.html", "chay-toi.exe"]  # the plain part not read twice
    body = extract_source(got["body.html"])
    assert SENTENCE in body.text  # soft line breaks and =XX escapes undone
    assert [(f.kind, f.value, f.unit, f.text) for f in body.facts] == \
        [(f.kind, f.value, f.unit, f.text) for f in extract(SENTENCE)]
    doc = extract_source(got["bao-cao-lao-dong.docx"])
    assert [(f.kind, f.value, f.unit) for f in doc.facts] == [(f.kind, f.value, f.unit) for f in extract(attached)]
    assert "format not read" in got["chay-toi.exe"].reason


def test_email_plain_text_in_a_declared_charset(tmp_path):
    message = EmailMessage()
    message["From"], message["Subject"] = "a@example.vn", "So lieu"
    message.set_content(SENTENCE.encode("utf-8").decode("utf-8"), charset="utf-8", cte="base64")
    got = read_all(tmp_path, "thu.eml", message.as_bytes())
    assert facts(extract_source(got["body.txt"]).facts) == facts(extract(SENTENCE))

    raw = ("From: a@example.vn\nSubject: x\nMIME-Version: 1.0\nContent-Type: text/plain; charset=windows-1258\n"
           "Content-Transfer-Encoding: 8bit\n\n").encode() + "Thu ngân sách 3.370 tỷ đồng.".encode("cp1258", "replace")
    ((name, payload),) = list(mail.members(raw, "cu.eml"))
    assert name == "cu.eml!body.txt" and payload.decode("utf-8").startswith("Thu ng")


def test_attached_message_is_a_member_read_in_turn(tmp_path):
    inner = EmailMessage()
    inner["From"], inner["Subject"] = "b@example.vn", "Chuyển tiếp"
    inner.set_content(SENTENCE)
    outer = EmailMessage()
    outer["From"], outer["Subject"] = "a@example.vn", "Fw"
    outer.set_content("Xem thư kèm theo.")
    outer.add_attachment(inner)
    got = read_all(tmp_path, "fw.eml", outer.as_bytes())
    assert sorted(got) == ["attached-message.eml!body.txt", "body.txt"]
    assert got["attached-message.eml!body.txt"].text.strip() == SENTENCE


def test_mht_reads_the_page_not_its_resources(tmp_path):
    page = EmailMessage()
    page["From"], page["Subject"] = "<Saved by Blink>", "Tin"
    page["MIME-Version"] = "1.0"
    page.set_content(f"<html><body><p>{SENTENCE}</p></body></html>", subtype="html", cte="quoted-printable")
    page.make_related()
    page.add_related(b"\x89PNG\r\n\x1a\n", maintype="image", subtype="png", cid="<logo>")
    got = read_all(tmp_path, "tin.mht", page.as_bytes())
    assert list(got) == ["body.html"]
    assert [f.value for f in extract_source(got["body.html"]).facts] == [f.value for f in extract(SENTENCE)]


def test_not_a_message():
    with pytest.raises(ReadError, match="no readable text"):
        list(mail.members(b"From: a@example.vn\nSubject: trong\n\n   \n", "trong.eml"))


def _mutations(seed: bytes, count: int, rnd):
    """Damaged copies of ``seed``: bytes changed, cut out and inserted at random places."""
    for _ in range(count):
        data = bytearray(seed)
        for _ in range(rnd.randint(1, 8)):
            at, op = rnd.randrange(len(data)), rnd.random()
            if op < 0.5:
                data[at] = rnd.randrange(256)
            elif op < 0.75:
                del data[at:at + rnd.randint(1, 20)]
            else:
                data[at:at] = bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 10)))
        yield bytes(data)


@pytest.mark.parametrize("kind", ["zip", "tar.gz", "eml"])
def test_damaged_containers_give_reasons_never_tracebacks(kind):
    import random

    message = EmailMessage()
    message["From"] = "a@example.vn"
    message.set_content(SENTENCE)
    message.add_alternative(f"<p>{SENTENCE}</p>", subtype="html")
    message.add_attachment(make_zip({"a.txt": b"x"}), maintype="application", subtype="zip", filename="a.zip")
    seed = {"zip": make_zip({"a.txt": SENTENCE.encode() * 5, "b/c.txt": b"y"}),
            "tar.gz": make_tar({"a.txt": SENTENCE.encode() * 40}), "eml": message.as_bytes()}[kind]
    read = mail.members if kind == "eml" else archives.members
    for data in _mutations(seed, 300, random.Random(kind)):
        try:
            for _, payload in read(data, f"hong.{kind}"):
                assert isinstance(payload, (bytes, ReadError))
        except ReadError:
            pass
