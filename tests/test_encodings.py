"""Legacy Vietnamese encodings (extractor/readers/encodings.py, patterns/encodings.toml).

Test files are built here: with the module's own encoder (every table), with glibc ``iconv``
(TCVN5712-1 and VISCII, an independent implementation) where it is installed, and as mojibake
(the bytes shown through Windows-1252, as text copied out of a ``.VnTime`` document arrives).
Facts read after decoding must equal the facts of the same text given as UTF-8.
"""
from __future__ import annotations

import json
import random
import shutil
import subprocess
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor import extract, resources
from extractor.model import OffsetMap
from extractor.readers import encodings as E
from extractor.readers.encodings import decode, encode, fix_mojibake, font_encoding

from .conftest import CORPUS, ROOT, SAMPLES

LEGACY = ["tcvn3", "tcvn5712-1", "vni", "viscii", "vps", "cp1258"]

# Report paragraphs written for these tests in the style of provincial reports (figures invented).
PARAGRAPHS = [
    "UBND TỈNH HÀ TĨNH\nSỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\n\nBÁO CÁO\nKết quả công tác lao động, việc làm "
    "năm 2023 và nhiệm vụ năm 2024\n\nNăm 2023, toàn tỉnh đã giải quyết việc làm cho 21.340 lao động, đạt "
    "106,7% kế hoạch năm, tăng 4,2% so với cùng kỳ; trong đó xuất khẩu lao động 5.812 người. Tỷ lệ lao "
    "động qua đào tạo đạt 68,5%, có bằng cấp, chứng chỉ đạt 29,1%. Tổng kinh phí chi trả trợ cấp xã hội "
    "hằng tháng là 318,6 tỷ đồng cho 46.207 đối tượng.\n",
    "Tổng thu ngân sách nhà nước trên địa bàn 6 tháng đầu năm 2024 ước đạt 7.915 tỷ đồng, bằng 52,3% dự "
    "toán Trung ương giao, tăng 11,8% so với cùng kỳ năm trước. Chi ngân sách địa phương đạt 9.406 tỷ "
    "đồng; giải ngân vốn đầu tư công đến ngày 30/6/2024 được 2.174 tỷ đồng, đạt 38,9% kế hoạch vốn.",
    "Vụ Đông Xuân 2023-2024, toàn huyện gieo trồng 12.650 ha lúa, năng suất bình quân ước đạt 68,4 "
    "tạ/ha, sản lượng khoảng 86.526 tấn. Đàn lợn hiện có 145.300 con, giảm 3,6%; đàn gia cầm trên 1,2 "
    "triệu con. Giá lúa tươi tại ruộng dao động từ 7.200 đến 7.800 đồng/kg.",
    "Trong quý III/2024, các cơ sở y tế đã khám, chữa bệnh cho 1.043.500 lượt người, điều trị nội trú "
    "78.240 lượt; tỷ lệ bao phủ bảo hiểm y tế đạt 93,7%. Phấn đấu đến năm 2025 đạt 35 giường bệnh trên "
    "10.000 dân và 100% trạm y tế xã có bác sĩ làm việc.",
]

TCVN3_CAPITALS = "ĂÂÊÔƠƯĐ"  # the only non-ASCII capitals TCVN3 (ABC) has a byte for


def _letters() -> list[str]:
    """The 134 Vietnamese letters beyond ASCII: 12 vowels × 6 tone forms and đ, both cases."""
    low = []
    for base in "aăâeêioôơuưy":
        for tone in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"):
            c = unicodedata.normalize("NFC", base + tone)
            if not c.isascii():
                low.append(c)
    low.append("đ")
    return low + [c.upper() for c in low]


def _abc(text: str) -> str:
    """What an ABC-era TCVN3 file holds of ``text``: toned capitals in their lower-case form."""
    return "".join(c.lower() if c.isupper() and not c.isascii() and c not in TCVN3_CAPITALS else c for c in text)


def _facts(text: str) -> list[tuple]:
    return [(f.kind, f.value, f.value_max, f.unit, f.date, f.qualifier, f.direction, f.basis, f.status,
             f.text.lower()) for f in extract(text)]


def _mojibake(data: bytes) -> str:
    """Legacy bytes shown through Windows-1252 (Latin-1 where it has no character)."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data)


# --- the tables --------------------------------------------------------------------------------

def test_every_letter_is_in_the_tables():
    tables = resources.encodings()["tables"]
    letters = set(_letters())
    assert len(letters) == 134
    for enc in ("vni", "viscii", "vps"):
        assert set(tables[enc]) == letters, enc
    assert set(tables["tcvn3"]) == {c for c in letters if c.islower() or c in TCVN3_CAPITALS}
    assert set(tables["tcvn3"]) | set(tables["tcvn5712-1"]) == letters


@pytest.mark.parametrize("enc", LEGACY)
def test_every_letter_with_every_tone_round_trips(enc):
    for c in _letters():
        want = c.lower() if enc == "tcvn3" and c.isupper() and c not in TCVN3_CAPITALS else c
        assert E.decode_as(encode(c, enc), enc) == want, (enc, c, encode(c, enc))
        assert E.decode_as(encode(f"x{c}y", enc), enc) == f"x{want}y"


def test_tcvn3_capitals_come_from_the_capital_font():
    data = encode("BÁO CÁO TỔNG KẾT NĂM 2023", "tcvn3")
    assert data == b"B\xb8O C\xb8O T\xe6NG K\xd5T N\xa1M 2023"  # Ă has a byte of its own
    assert E.decode_as(data, "tcvn3") == "BáO CáO TổNG KếT NĂM 2023"
    assert decode(data, ".VnTimeH").text == "BÁO CÁO TỔNG KẾT NĂM 2023"
    assert decode(data, ".VnTime").text == "BáO CáO TổNG KếT NĂM 2023"
    assert decode(b"bao cao", ".VnArialH").text == "BAO CAO"


def test_vni_reads_marks_typed_in_the_other_case_and_other_writers_i_forms():
    assert E.decode_as(b"A\xf9nh", "vni") == "Ánh"  # lower-case mark after a capital
    assert E.decode_as(b"k\xec", "vni") == E.decode_as(b"ki\xf8", "vni") == "kì"


@pytest.mark.parametrize("enc,iconv", [("tcvn5712-1", "TCVN5712-1"), ("viscii", "VISCII")])
def test_tables_agree_with_glibc_iconv(enc, iconv):
    letters = " ".join(_letters())
    made = subprocess.run(["iconv", "-f", "UTF-8", "-t", iconv], input=letters.encode(), capture_output=True,
                          check=True).stdout
    assert made == encode(letters, enc)
    assert E.decode_as(made, enc) == letters


@pytest.mark.parametrize("iconv,expected", [("TCVN5712-1", {"tcvn5712-1", "tcvn3"}), ("VISCII", {"viscii"})])
@pytest.mark.parametrize("paragraph", PARAGRAPHS)
def test_files_made_by_iconv_are_detected(iconv, expected, paragraph):
    made = subprocess.run(["iconv", "-f", "UTF-8", "-t", iconv], input=paragraph.encode(), capture_output=True,
                          check=True).stdout
    got = decode(made)
    assert got.encoding in expected
    assert got.text == paragraph or (got.encoding == "tcvn3" and got.text == _abc(paragraph))
    assert _facts(got.text) == _facts(paragraph)


# --- bytes -------------------------------------------------------------------------------------

@pytest.mark.parametrize("enc", LEGACY)
@pytest.mark.parametrize("paragraph", PARAGRAPHS)
def test_legacy_bytes_give_the_facts_of_the_utf8_text(enc, paragraph):
    got = decode(encode(paragraph, enc))
    assert got.encoding in ({enc, "tcvn3"} if enc == "tcvn5712-1" else {enc})
    assert got.text == (_abc(paragraph) if got.encoding == "tcvn3" else paragraph)
    assert got.conversion.startswith(got.encoding) and got.confidence >= 0.9
    assert _facts(got.text) == _facts(paragraph)


@pytest.mark.parametrize("enc", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le",
                                 "utf-32-be"])
def test_unicode_encodings_with_and_without_a_byte_order_mark(enc):
    text = PARAGRAPHS[1]
    got = decode(text.encode(enc))
    assert got.text == text and got.conversion == ""
    assert got.encoding.replace("-sig", "") in (enc.replace("-sig", ""), enc + "-le")


def test_utf32_is_not_read_as_utf16():
    """FF FE 00 00 is UTF-32-LE's byte order mark, and starts with UTF-16-LE's."""
    got = decode("Tăng 17,7%".encode("utf-32-le").join([b"\xff\xfe\x00\x00", b""]))
    assert (got.text, got.encoding) == ("Tăng 17,7%", "utf-32-le")
    assert decode(b"\x00\x00\xfe\xff" + "Giảm 3,6%".encode("utf-32-be")).text == "Giảm 3,6%"


def test_decomposed_text_in_bom_less_utf16_is_still_utf16():
    text = unicodedata.normalize("NFD", PARAGRAPHS[2])  # U+0300 puts a NUL in the other byte
    assert decode(text.encode("utf-16-le")).text == text


@pytest.mark.parametrize("data,reason", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "NUL"),
    (bytes(range(1, 32)) * 40, "control"),
    (b"\xff\xfe\x00\xd8A\x00", "utf-16-le"),  # a lone surrogate after the BOM
    (random.Random(8).randbytes(4000).replace(b"\x00", b"\x01"), "control"),  # compressed-looking, no NUL
])
def test_what_is_not_text_raises_a_plain_reason(data, reason):
    with pytest.raises(ValueError, match=reason):
        decode(data)


def test_an_encoding_hint_decides_an_8bit_run():
    assert decode(encode("Tổng thu 1.250 tỷ đồng", "vni"), "VNI-Times").text == "Tổng thu 1.250 tỷ đồng"
    assert decode(b"T\xe6ng thu", "tcvn3").text == "Tổng thu"
    text = "Số lượng doanh nghiệp đang hoạt động"
    for page in ("cp1252", "windows-1258", "latin-1"):  # a code page declared over .VnTime text
        got = decode(encode(text, "tcvn3"), page)
        assert got.text == text and got.encoding == "tcvn3"
    assert decode(encode(text, "cp1258"), "windows-1258").encoding == "cp1258"
    assert decode("Größe: 12 m²".encode("latin-1"), "latin-1").text == "Größe: 12 m²"


# --- mojibake in Unicode text -------------------------------------------------------------------

@pytest.mark.parametrize("enc", LEGACY)
@pytest.mark.parametrize("paragraph", PARAGRAPHS)
def test_mojibake_gives_the_facts_of_the_utf8_text(enc, paragraph):
    shown = _mojibake(encode(paragraph, enc))
    fixed = fix_mojibake(shown)
    assert fixed.conversion and fixed.confidence >= 0.9
    assert fixed.text in (paragraph, _abc(paragraph))
    assert _facts(fixed.text) == _facts(paragraph)
    for e in fixed.edits:
        assert shown[e.start:e.end] == e.before


def test_the_examples_of_the_issue():
    assert fix_mojibake("Sè doanh nghiÖp ®ang ho¹t ®éng t¨ng 12,5%").text == "Số doanh nghiệp đang hoạt động tăng 12,5%"
    assert fix_mojibake("Ngaøy 15 thaùng 3 naêm 2024 toång thu ñaït 52,3%").text == \
        "Ngày 15 tháng 3 năm 2024 tổng thu đạt 52,3%"
    assert fix_mojibake("bÃ¡o cÃ¡o tá»•ng káº¿t nÄƒm 2023 Ä‘áº¡t 98%").text == "báo cáo tổng kết năm 2023 đạt 98%"


@pytest.mark.parametrize("paragraph", PARAGRAPHS)
def test_utf8_read_as_cp1252_or_latin1(paragraph):
    raw = paragraph.encode("utf-8")
    for shown in (_mojibake(raw), raw.decode("latin-1")):
        fixed = fix_mojibake(shown)
        assert fixed.text == paragraph and fixed.conversion.startswith("UTF-8")
    assert decode(_mojibake(raw).encode("utf-8")).text == paragraph  # saved again as UTF-8
    assert fix_mojibake(_mojibake(_mojibake(raw).encode("utf-8"))).text == paragraph  # and misread again


def test_font_hint_is_the_strongest_signal():
    assert fix_mojibake("Sè", ".VnTime").text == "Số"  # one word: by content it stays, by font it converts
    assert fix_mojibake("Sè").text == "Sè"
    assert fix_mojibake("c¬ quan", "ABCDEF+.VnTimeH,Bold").text == "CƠ QUAN"
    assert fix_mojibake("Soá lieäu", "VNI-Helve").text == "Số liệu"
    assert font_encoding("Times New Roman") is None and font_encoding("Arial") is None


def test_text_of_a_font_word_took_for_a_symbol_font():
    data = encode("Tổng thu ngân sách đạt 7.915 tỷ đồng", "tcvn3")
    private = "".join(chr(0xF000 + b) if b >= 0x20 else chr(b) for b in data)  # byte b kept as U+F000 + b
    assert fix_mojibake(private, ".VnTime").text == "Tổng thu ngân sách đạt 7.915 tỷ đồng"
    assert fix_mojibake(private).text == "Tổng thu ngân sách đạt 7.915 tỷ đồng"


def test_a_font_hint_over_text_already_in_unicode_changes_nothing():
    assert fix_mojibake("Số doanh nghiệp đang hoạt động", ".VnTime").conversion == ""


def test_a_mixed_document_converts_only_its_legacy_lines():
    clean = "Tổng thu ngân sách đạt 7.915 tỷ đồng.\n"
    legacy = _mojibake(encode("Chi ngân sách địa phương đạt 9.406 tỷ đồng, bằng 52,3% dự toán.\n", "tcvn3"))
    text = clean + legacy + clean
    fixed = fix_mojibake(text)
    assert fixed.text == clean + "Chi ngân sách địa phương đạt 9.406 tỷ đồng, bằng 52,3% dự toán.\n" + clean
    assert [(e.start, e.end) for e in fixed.edits] == [(len(clean), len(clean) + len(legacy))]
    offsets = OffsetMap.from_edits(fixed.edits)
    assert offsets.apply(text) == fixed.text  # the edits replay the conversion on the input
    f = next(f for f in extract(fixed.text) if f.value == 9406000000000)
    assert text[slice(*offsets.to_source(f.start, f.end))] == legacy  # a converted span maps back to its line


def test_pdf_stand_ins_for_legacy_bytes_are_restored_next_to_letters_only():
    shown = "Ng\u2212êi d©n n\u2212íc ngoµi, tæng thu 12 \u2212 3 tû ®ång"  # U+2212 where 0xAD (ư) was
    assert fix_mojibake(shown).text == "Người dân nước ngoài, tổng thu 12 − 3 tỷ đồng"


# --- restraint ---------------------------------------------------------------------------------

def _clean_texts() -> list[str]:
    texts = [json.loads(line)["text"] for path in sorted(CORPUS.glob("*.jsonl"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts += [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt")) if "tcvn3" not in p.name]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "tables").glob("*.json"))]
    texts += PARAGRAPHS
    return texts


def test_restraint_no_conversion_on_the_repositorys_clean_text():
    texts = _clean_texts()
    chars = sum(len(t) for t in texts)
    assert chars > 200_000
    converted = [t[:60] for t in texts if fix_mojibake(t).conversion or decode(t.encode("utf-8")).conversion]
    assert converted == []
    lines = [line for t in texts for line in t.splitlines() if line.strip()]
    assert [s for s in lines if fix_mojibake(s).conversion] == []  # line by line too


def test_restraint_cp1258_bytes_of_clean_text_read_back_exactly():
    for t in _clean_texts()[::7]:
        try:
            data = encode(t, "cp1258")
        except ValueError:  # a character cp1258 has no byte for (≥, ²): not such a file
            continue
        got = decode(data)
        assert (got.text, got.encoding) == (unicodedata.normalize("NFC", t), "cp1258"), t[:60]


FOREIGN = [
    "Total revenue reached 1,250 billion VND in 2023 — up 12.5% — and exports rose 7% year on year.",
    "Le café coûte 3,50 € à Genève; l'été dernier, la réunion a eu lieu à Paris, très intéressant, déjà vu.",
    "Die Größe der Fläche beträgt 12 km². Müller und Söhne GmbH überweist 1.500 € an die Bank in Köln.",
    "El niño comió piñas en la montaña; la canción está aquí, según él, y cuesta 25 €.",
    "12.500 | 3,5 | 2023 | 15/4/2024 | 98,7% | 1.043.500",
]


@pytest.mark.parametrize("text", FOREIGN)
def test_restraint_english_western_and_numbers_are_not_converted(text):
    assert fix_mojibake(text).conversion == ""
    got = decode(text.encode("cp1252"))
    assert got.text == text and got.conversion == ""
    assert decode(text.encode("utf-8")).conversion == ""


def test_restraint_single_odd_characters_inside_clean_text_stay():
    text = "Diện tích gieo trồng đạt 12.650 ha, µ năng suất 68,4 tạ/ha ® tăng 3,6%."
    assert fix_mojibake(text).text == text
    assert fix_mojibake("Ghi chú: Sè liệu ước tính").conversion == ""  # one legacy word in a clean line


# --- the sample ----------------------------------------------------------------------------------

def test_the_tcvn3_sample_is_its_source_text_in_tcvn3():
    (legacy,) = SAMPLES.glob("*-tcvn3.txt")
    source = SAMPLES / legacy.name.replace("-tcvn3", "")
    text = source.read_text(encoding="utf-8")
    got = decode(legacy.read_bytes())
    assert got.encoding == "tcvn3" and got.confidence >= 0.95
    assert got.text == _abc(text)
    assert _facts(got.text) == _facts(text)


# --- properties over generated Vietnamese text --------------------------------------------------

def _syllables(cp1252_only: bool = False) -> list[str]:
    """Well-formed syllables built from patterns/syllables.toml (onset + rhyme + tone)."""
    data = resources.load("syllables")
    stops = tuple(data["stop_finals"])
    out = []
    for onset in data["onsets"]:
        if onset in ("q", "gi", "qu"):
            continue
        for rhyme in data["rhymes"]:
            tones = ("\u0301", "\u0323") if rhyme.endswith(stops) else ("", "\u0300", "\u0301", "\u0309", "\u0303",
                                                                          "\u0323")
            for tone in tones:
                vowel = next(i for i, c in enumerate(rhyme) if c in "aăâeêioôơuưy")
                word = unicodedata.normalize("NFC", onset + rhyme[:vowel + 1] + tone + rhyme[vowel + 1:])
                if cp1252_only and not all(c.isascii() or c.encode("cp1252", "ignore") for c in word):
                    continue
                out.append(word)
    return out


# syllables with a letter beyond ASCII (about half of a Vietnamese text's), so the evidence is there
_WORDS = [w for w in _syllables() if not w.isascii()]
_WESTERN_WORDS = [w for w in _syllables(cp1252_only=True) if not w.isascii()]  # a Windows-1252 font could show them


def _sentence(words):
    return st.lists(st.sampled_from(words), min_size=8, max_size=40).map(
        lambda ws: " ".join(ws[:1]).capitalize() + " " + " ".join(ws[1:]) + ", tăng 12,5% so với năm 2023.")


@settings(max_examples=60, deadline=None)
@given(_sentence(_WORDS), st.sampled_from(["vni", "viscii", "vps", "cp1258"]))  # VN1: see the next test
def test_property_generated_text_round_trips_through_bytes(text, enc):
    assert decode(encode(text, enc)).text == text
    assert fix_mojibake(text).conversion == ""


@settings(max_examples=60, deadline=None)
@given(_sentence(_WORDS), st.sampled_from(["vni", "viscii", "vps"]))
def test_property_generated_mojibake_is_converted(text, enc):
    """(cp1258 shown as Windows-1252 keeps most letters as they were, ă as ã: on random syllables
    the two readings may both look right, so it is left to the report paragraphs above.)"""
    assert fix_mojibake(_mojibake(encode(text, enc))).text == text


def test_bytes_0x80_to_0x9f_are_vn1_capitals_or_tcvn3_punctuation_as_the_words_say():
    """0x91-0x94 are Ị Ò Ỏ Õ in TCVN 5712 VN1 and quotes in a TCVN3 file (Word put Windows-1252
    punctuation there): the reading that makes words wins."""
    assert decode(encode("Ịch lợi của người dân", "tcvn5712-1")).text == "Ịch lợi của người dân"
    quoted = "Chương trình “Nông thôn mới” đạt 98% kế hoạch"
    got = decode(encode(quoted, "tcvn3"))
    assert (got.text, got.encoding) == (quoted, "tcvn3")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_WESTERN_WORDS), min_size=1, max_size=40).map(" ".join))
def test_property_clean_text_that_windows_1252_could_show_is_left_alone(text):
    """The hardest restraint case: every letter is also a Windows-1252 character."""
    assert fix_mojibake(text).conversion == ""
    assert fix_mojibake("\n".join(text.split())).conversion == ""


def test_utf8_read_as_cp1252_with_its_c1_bytes_kept_is_mojibake_not_binary():
    # the Windows-1252 reading has no glyph for 0x81, 0x8d, 0x8f, 0x90, 0x9d: such bytes survive as C1
    # controls, and a text full of ọ, ề, đ has many of them
    text = ("Học sinh về trường đều đủ, số người học nghề tăng 12% so với cùng kỳ; "
            "Đồng Tháp có 1.200 người học nghề mới.")
    moj = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in text.encode())
    got = decode(moj.encode("utf-8"))
    assert got.text == text and got.conversion.startswith("UTF-8 read as Windows-1252")
    assert [(f.kind, f.value) for f in extract(got.text)] == [(f.kind, f.value) for f in extract(text)]
