"""Bytes of text in whatever encoding an archive holds, and legacy Vietnamese text shown as mojibake.

Two entry points, both returning frozen records:

- :func:`decode` ``(data, hint) -> Decoded``: Unicode BOMs (UTF-32 checked before UTF-16, whose
  BOM is a prefix of UTF-32-LE's), BOM-less UTF-16/UTF-32 by where the NUL bytes fall, UTF-8, then
  the 8-bit Vietnamese encodings (TCVN3, VNI-Windows, VISCII, VPS, TCVN 5712 VN1, Windows-1258),
  each scored by how Vietnamese its reading is (syllable structure). A font name or an encoding
  name given as ``hint`` decides the 8-bit encoding instead. Bytes that are no text raise
  ``ValueError`` with a plain reason (the caller names the file).
- :func:`fix_mojibake` ``(text, font_hint) -> Fixed``: Unicode text whose characters are legacy
  bytes shown through Windows-1252 (``Sè doanh nghiÖp`` is TCVN3, ``Ngaøy 15 thaùng`` is VNI) or
  UTF-8 read as Windows-1252 (``bÃ¡o cÃ¡o``). The font name, where a format gives one, is the
  strongest signal. Without one, a line is converted only when it holds nothing but such
  characters, and only when the document's lines read as far better Vietnamese converted than as
  they are: on clean Unicode text it never fires, and it never touches a character inside clean text.

Offsets: a conversion rewrites the text as a whole. The Source built from it holds the converted
text (``Source.encoding`` and ``Source.conversion`` record what was done), and every fact offset
then refers to the converted text, not to the bytes or the mojibake. ``Fixed.edits`` gives one
:class:`~extractor.model.Edit` per converted line, in the input's offsets, for a caller that
wants to map back (through :class:`~extractor.model.OffsetMap`, a span inside a converted line maps
to the whole line: legacy characters do not line up one to one with Unicode ones).

:func:`encode` is the inverse of the tables (test files, samples); :func:`font_encoding` reads a
font name; :func:`vietnamese_score` is the measure both directions are decided by.

>>> decode("Số doanh nghiệp".encode("utf-8")).encoding
'utf-8'
>>> d = decode(encode("Số doanh nghiệp đang hoạt động tăng 12,5%", "tcvn3"))
>>> d.text, d.encoding
('Số doanh nghiệp đang hoạt động tăng 12,5%', 'tcvn3')
>>> fix_mojibake("Sè doanh nghiÖp ®ang ho¹t ®éng").text
'Số doanh nghiệp đang hoạt động'
>>> fix_mojibake("b¸o c¸o tæng kÕt", ".VnTimeH").text
'BÁO CÁO TỔNG KẾT'
>>> fix_mojibake("Số doanh nghiệp đang hoạt động").conversion
''
"""
from __future__ import annotations

import codecs
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from .. import resources
from ..model import Edit
from ..repair.syllables import is_syllable

SAMPLE_CHARS = 200_000  # how much of a text the detector scores (the decision covers all of it)


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes: the encoding read, what was converted (or ""), how sure (0-1)."""

    text: str
    encoding: str
    conversion: str = ""
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Fixed:
    """Text after :func:`fix_mojibake`; ``conversion`` is "" (and ``text`` the input) when nothing
    was converted. ``edits`` are the converted runs in the input's offsets."""

    text: str
    conversion: str = ""
    confidence: float = 0.0
    edits: tuple[Edit, ...] = ()


@dataclass(frozen=True, slots=True)
class FontHint:
    """What a font name says: the encoding of text set in it, and whether it is a capital font."""

    encoding: str
    capitals: bool = False


@dataclass(frozen=True, slots=True)
class Score:
    """Pieces of a text (between spaces and punctuation) holding a non-ASCII letter, and how many
    of them are well-formed Vietnamese syllables."""

    words: int
    valid: int
    pieces: int = 0  # every piece with a letter, ASCII ones too

    @property
    def ratio(self) -> float:
        return self.valid / self.words if self.words else 0.0

    @property
    def density(self) -> float:
        """Share of the pieces that carry a non-ASCII letter (most Vietnamese syllables do; an
        English text whose dashes read as letters has few)."""
        return self.words / self.pieces if self.pieces else 0.0

    @property
    def confidence(self) -> float:
        """The ratio, discounted when there is little evidence (3 pieces: 0.65 of it, 10: 0.97)."""
        return round(self.ratio * (1 - math.exp(-self.words / 3)), 3)


# --- the byte view: what a byte looks like shown through Windows-1252 -------------------------

@cache
def _view_table() -> str:
    """256 characters: byte b shown through Windows-1252, or chr(b) where it defines none."""
    out = []
    for b in range(256):
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(b))
    return "".join(out)


@cache
def _unview() -> dict[str, int]:
    """View character → byte; C1 controls (bytes read as Latin-1) count as their byte too."""
    table = {c: b for b, c in enumerate(_view_table())}
    for b in range(0x80, 0xA0):
        table.setdefault(chr(b), b)
    return table


def _view(data: bytes) -> str:
    return codecs.charmap_decode(data, "strict", _view_table())[0]


@cache
def _foreign() -> re.Pattern:
    """A character that is no byte's face."""
    return re.compile("[^" + "".join(re.escape(c) for c in sorted(_unview())) + "]")


@cache
def _to_view() -> dict:
    """C1 controls (bytes read as Latin-1) → the byte's Windows-1252 face; so do U+F020-U+F0FF,
    where Word keeps the text of a font it takes for a symbol font (byte b as U+F000 + b)."""
    view = _view_table()
    table = {b: view[b] for b in range(0x80, 0xA0) if view[b] != chr(b)}
    table.update({0xF000 + b: view[b] for b in range(0x20, 0x100)})
    return table


def _viewable(line: str) -> bool:
    """Every letter of ``line`` is a byte's Windows-1252 face (other characters pass through)."""
    return not any(unicodedata.category(m.group())[0] in "LM" for m in _foreign().finditer(line))


# --- codecs built from patterns/encodings.toml -------------------------------------------------

@dataclass(frozen=True)
class _Codec:
    name: str
    single: dict  # view character → letter(s)
    pairs: dict  # two view characters → letter
    encoder: dict  # letter → bytes
    lower_capitals: bool  # toned capitals written with the lower-case byte (TCVN3)

    def from_view(self, view: str) -> str:
        if self.pairs:
            out = _pair_pattern(self.name).sub(lambda m: self.pairs.get(m.group()) or self.single[m.group()], view)
        else:
            out = view.translate(_translation(self.name))
        return unicodedata.normalize("NFC", out)


@cache
def _codec(name: str) -> _Codec:
    data = resources.encodings()
    if name == "cp1258":
        view = _view_table()
        single = {}
        for b in range(0x80, 0x100):
            try:
                c = bytes([b]).decode("cp1258")
            except UnicodeDecodeError:
                continue
            if c != view[b]:
                single[view[b]] = c
        return _Codec(name, single, {}, {}, False)
    if name not in data["tables"]:
        raise ValueError(f"unknown encoding {name!r}")
    letters = dict(data["tables"][name])
    base = data["extends"].get(name)
    if base:
        letters = {**data["tables"][base], **letters}
    single, pairs = {}, {}
    for letter, raw in letters.items():
        (single if len(raw) == 1 else pairs)[_view(raw)] = letter
    for raw, letter in data["decode_also"].get(name, {}).items():
        pairs.setdefault(_view(raw), letter)
    other = data["reads_above_a0"].get(name)
    for letter, raw in (data["tables"][other].items() if other else ()):
        if len(raw) == 1 and raw[0] >= 0xA0:
            single.setdefault(_view(raw), letter)
    for key, letter in list(pairs.items()):  # a mark typed in the other case still marks its base
        pairs.setdefault(key[0] + key[1].swapcase(), letter)
    return _Codec(name, single, pairs, letters, (base or name) in data["lower_capitals"])


@cache
def _translation(name: str) -> dict:
    return {ord(k): v for k, v in _codec(name).single.items()}


@cache
def _pair_pattern(name: str) -> re.Pattern:
    c = _codec(name)
    keys = sorted(list(c.pairs) + list(c.single), key=len, reverse=True)
    return re.compile("|".join(re.escape(k) for k in keys))


def _legacy_names() -> tuple[str, ...]:
    return resources.encodings()["candidates"]


# --- hints -------------------------------------------------------------------------------------

def _plain_name(name: str) -> str:
    return re.sub(r"[\s_]+", "-", name.strip().lower())


def font_encoding(font: str) -> FontHint | None:
    """The legacy encoding a font name stands for, or None for a Unicode font.

    >>> font_encoding(".VnTime"), font_encoding("ABCDEF+.VnTimeH,Bold")
    (FontHint(encoding='tcvn3', capitals=False), FontHint(encoding='tcvn3', capitals=True))
    >>> font_encoding("VNI-Times"), font_encoding("VPS Times")
    (FontHint(encoding='vni', capitals=False), FontHint(encoding='vps', capitals=False))
    >>> font_encoding("Times New Roman") is None
    True
    """
    data = resources.encodings()
    name = font.strip()
    if re.match(r"[A-Z]{6}\+", name):
        name = name[7:]
    low = name.lower()
    for style in data["font_styles"]:
        if low.endswith(style):
            name, low = name[: -len(style)], low[: -len(style)]
            break
    for prefix, encoding in data["font_prefixes"]:
        if low.startswith(prefix):
            capitals = encoding == "tcvn3" and name.rstrip().endswith(data["capital_suffix"])
            return FontHint(encoding, capitals)
    return None


def _hint(hint: str) -> FontHint | None:
    """A legacy encoding named by ``hint`` (an encoding name or a font name), or None."""
    if not hint:
        return None
    name = resources.encodings()["names"].get(_plain_name(hint))
    if name:
        return FontHint(name)
    return font_encoding(hint)


def _western(hint: str) -> str:
    """A Western code page named by ``hint`` (text in it may be legacy bytes shown through it)."""
    try:
        name = codecs.lookup(hint).name if hint else ""
    except LookupError:
        return ""
    return name if name in ("cp1252", "latin-1", "iso8859-1", "cp1258") else ""


# --- how Vietnamese a text reads ---------------------------------------------------------------

_SPLIT = re.compile(r"[\s!-/:-@\[-`{-~\u00a0\u2013\u2014\u2018\u2019\u201c\u201d\u2026]+")


def vietnamese_score(text: str) -> Score:
    """Pieces (between spaces and ASCII punctuation) with a non-ASCII letter, and how many are
    Vietnamese syllables; a piece glued to digits is none.

    >>> vietnamese_score("Số doanh nghiệp đang hoạt động: 1.250")
    Score(words=5, valid=5, pieces=6)
    >>> vietnamese_score("Sè doanh nghiÖp ®ang ho¹t ®éng")
    Score(words=5, valid=1, pieces=6)
    """
    words = valid = pieces = 0
    for piece in _SPLIT.split(text[:SAMPLE_CHARS]):
        if not piece:
            continue
        if piece.isascii():
            pieces += piece.isalpha()
            continue
        if not any(c.isalpha() for c in piece):  # a symbol (€, °): no evidence either way
            continue
        pieces += 1
        words += 1
        valid += is_syllable(piece)
    return Score(words, valid, pieces)


# --- decoding bytes ----------------------------------------------------------------------------

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16-LE's
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _bom(data: bytes) -> tuple[str, int] | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


def _wide(data: bytes) -> str:
    """UTF-32/UTF-16 without a BOM, told by where the NUL bytes fall (ASCII letters, digits and
    spaces put NULs in fixed positions); "" when the pattern is not there."""
    head = data[:4096]
    n = len(head)
    if n < 4:
        return ""
    if len(data) % 4 == 0:
        quads = n // 4
        for order, hi in (("utf-32-le", (2, 3)), ("utf-32-be", (0, 1))):
            if all(head[4 * i + hi[0]] == 0 and head[4 * i + hi[1]] == 0 for i in range(quads)):
                return order
    if len(data) % 2 == 0:
        pairs = n // 2
        even = sum(head[2 * i] == 0 for i in range(pairs)) / pairs
        odd = sum(head[2 * i + 1] == 0 for i in range(pairs)) / pairs
        # a decomposed grave accent (U+0300) puts a NUL in the other position: allow a few
        if odd >= 0.2 and even <= min(0.1, odd / 4):
            return "utf-16-le"
        if even >= 0.2 and odd <= min(0.1, even / 4):
            return "utf-16-be"
    return ""


def _controls(text: str) -> int:
    return sum(1 for c in text[:SAMPLE_CHARS] if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v\x1a")


def _not_text(text: str, what: str) -> None:
    bad = _controls(text)
    if bad > max(2, len(text[:SAMPLE_CHARS]) // 100):
        raise ValueError(f"binary data, not text ({bad} control characters read as {what})")


def _unicode(data: bytes, encoding: str, skip: int, hint: str) -> Decoded:
    """Bytes in a Unicode encoding; the text is then checked for mojibake."""
    try:
        text = data[skip:].decode(encoding)
    except UnicodeDecodeError as exc:
        raise ValueError(f"not valid {encoding} ({exc.reason} at byte {exc.start + skip})") from exc
    fonts = hint if font_encoding(hint) else ""
    try:
        _not_text(text, encoding)
    except ValueError:
        # UTF-8 once read as Latin-1 keeps its C1 bytes as U+0080-U+009F: mojibake, not binary data
        fixed = fix_mojibake(text, fonts)
        if not fixed.conversion or _controls(fixed.text) > max(2, len(fixed.text[:SAMPLE_CHARS]) // 100):
            raise
        return Decoded(fixed.text, encoding, fixed.conversion, fixed.confidence)
    fixed = fix_mojibake(text, fonts)
    if fixed.conversion:
        return Decoded(fixed.text, encoding, fixed.conversion, fixed.confidence)
    return Decoded(text, encoding, "", 1.0)


def decode_as(data: bytes, encoding: str, capitals: bool = False) -> str:
    """``data`` read in the legacy encoding named (a table of patterns/encodings.toml, or cp1258),
    NFC; ``capitals`` upper-cases it (text set in a TCVN3 capital font).

    >>> decode_as(b"S\\xe8 l\\xad\\xeeng", "tcvn3"), decode_as(b"S\\xe8 l\\xad\\xeeng", "tcvn3", capitals=True)
    ('Số lượng', 'SỐ LƯỢNG')
    """
    text = _codec(encoding).from_view(_view(data))
    return text.upper() if capitals else text


def decode(data: bytes, hint: str = "") -> Decoded:
    """The text of ``data``, its encoding, the conversion applied and a confidence (see the module
    doc). ``hint`` is a legacy encoding's name (``"tcvn3"``) or a font name (``".VnTimeH"``), which
    decide, or a code page a format declares (``"cp1258"``), which only stands in when no reading is
    Vietnamese; a BOM overrides any. Raises ValueError (a plain reason) for data that is no text.

    >>> decode("Tăng 17,7%".encode("utf-32")).text, decode("Tăng 17,7%".encode("utf-16-le")).encoding
    ('Tăng 17,7%', 'utf-16-le')
    >>> decode(b"b\\xb8o c\\xb8o", ".VnTimeH").text
    'BÁO CÁO'
    """
    if not data:
        return Decoded("", "utf-8", "", 1.0)
    bom = _bom(data)
    if bom:
        return _unicode(data, bom[0], bom[1], hint)
    wide = _wide(data)
    if wide:
        return _unicode(data, wide, 0, hint)
    if b"\x00" in data:
        raise ValueError("binary data (NUL bytes), not text")
    forced = _hint(hint)
    if forced:
        text = decode_as(data, forced.encoding, forced.capitals)
        _not_text(text, forced.encoding)
        if data.isascii() and not forced.capitals:
            return Decoded(text, "utf-8", "", 1.0)
        score = vietnamese_score(text)
        capitals = ", capitals of the font" if forced.capitals else ""
        return Decoded(text, forced.encoding, f"{forced.encoding} bytes → Unicode ({hint}{capitals})",
                       max(0.9, score.confidence))
    try:
        return _unicode(data, "utf-8", 0, hint)
    except ValueError:
        if data.isascii():
            raise
    return _eight_bit(data, _western(hint) or "cp1252")


def _eight_bit(data: bytes, fallback: str) -> Decoded:
    """The 8-bit reading that is most Vietnamese; the code page ``fallback`` when none is (a code
    page a format declares is only that: old pages declared windows-1258 over .VnTime text)."""
    best: tuple | None = None
    sample = data[:SAMPLE_CHARS]  # candidates are scored on the head; the one chosen reads it all
    for order, name in enumerate(_legacy_names()):
        text = decode_as(sample, name)
        score = vietnamese_score(text)
        key = (score.ratio, score.valid, -_controls(text), -order)
        if best is None or key > best[0]:
            best = (key, name, score)
    _, name, score = best
    if score.ratio >= 0.6 and score.words >= 2 and score.density >= 0.15:
        text = decode_as(data, name)
        _not_text(text, name)
        return Decoded(text, name, f"{name} bytes → Unicode, confidence {score.confidence:.2f}", score.confidence)
    text = decode_as(data, "cp1258") if fallback == "cp1258" else data.decode(fallback, errors="replace")
    _not_text(text, fallback)
    return Decoded(text, fallback, "", 0.5)


# --- mojibake inside Unicode text --------------------------------------------------------------

def _restore_glyphs(line: str) -> str:
    """PDF stand-ins for legacy bytes (U+2212 for 0xAD …) back to the byte's face, next to a letter."""
    glyphs = resources.encodings()["glyph_bytes"]
    if not any(g in line for g in glyphs):
        return line
    out = list(line)
    for i, c in enumerate(line):
        if c in glyphs and ((i > 0 and line[i - 1].isalpha()) or (i + 1 < len(line) and line[i + 1].isalpha())):
            out[i] = _view_table()[glyphs[c][0]]
    return "".join(out)


_RUN = re.compile(r"[^\x00-\x7f]+")


def _from_utf8_view(line: str) -> str | None:
    """``line`` with each run of UTF-8 bytes shown through Windows-1252 decoded; None if a run is not."""
    unview = _unview()

    def one(m: re.Match) -> str:
        chars = m.group()
        if not all(c in unview for c in chars):
            raise ValueError
        return bytes(unview[c] for c in chars).decode("utf-8")

    try:
        out = _RUN.sub(one, line)
    except (ValueError, UnicodeDecodeError):
        return None
    for _ in range(2):  # shown through Windows-1252 twice or three times over: undo each round
        try:
            again = _RUN.sub(one, out)
        except (ValueError, UnicodeDecodeError):
            break
        if again == out:
            break
        out = again
    return unicodedata.normalize("NFC", out)


def _convert_line(line: str, name: str) -> str | None:
    if name == "utf-8":
        return _from_utf8_view(line)
    return _codec(name).from_view(_restore_glyphs(line).translate(_to_view()))


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line with its end) for each line; only CR and LF end one (VPS and VISCII letters sit
    on bytes that str.splitlines() would also take for line ends)."""
    return [(m.start(), m.group()) for m in _LINE.finditer(text)]


def _font_run(text: str, font: FontHint, font_hint: str) -> Fixed:
    """A run the format says is set in a legacy font: converted whole unless it already reads as
    Vietnamese Unicode."""
    before = vietnamese_score(text)
    if not _viewable(text) and before.ratio >= 0.8:
        return Fixed(text)
    new = _convert_line(text, font.encoding)
    if font.capitals:
        new = new.upper()
    after = vietnamese_score(new)
    if new == text or (before.words and after.ratio < before.ratio):
        return Fixed(text)
    capitals = ", capitals of the font" if font.capitals else ""
    return Fixed(new, f"{font.encoding} text → Unicode (font {font_hint}{capitals})",
                 max(0.9, after.confidence), (Edit(0, len(text), text, new, f"encoding.{font.encoding}"),))


def fix_mojibake(text: str, font_hint: str = "") -> Fixed:
    """``text`` with legacy-encoding mojibake converted, or unchanged with conversion "" when not
    sure (see the module doc). ``font_hint`` is the font the format says the text is set in.

    >>> fix_mojibake("Ngaøy 15 thaùng 3 naêm 2024, toång thu ñaït 1.250 tyû ñoàng").text
    'Ngày 15 tháng 3 năm 2024, tổng thu đạt 1.250 tỷ đồng'
    >>> fix_mojibake("bÃ¡o cÃ¡o tá»•ng káº¿t nÄƒm 2023").text
    'báo cáo tổng kết năm 2023'
    >>> fix_mojibake("Die Größe der Fläche beträgt 12 km²").conversion
    ''
    """
    font = font_encoding(font_hint) if font_hint else None
    if font:
        return _font_run(text, font, font_hint)
    if text.isascii():
        return Fixed(text)
    runs = [(pos, line) for pos, line in _lines(text) if not line.isascii() and _viewable(line)]
    if not runs:
        return Fixed(text)
    sample, size = [], 0  # the encoding is chosen on the first runs; the one chosen converts them all
    for _, line in runs:
        if size >= SAMPLE_CHARS:
            break
        sample.append(line)
        size += len(line)
    before = vietnamese_score("".join(sample).translate(_to_view()))
    if before.words < 3:
        return Fixed(text)
    best = None
    for order, name in enumerate(("utf-8",) + _legacy_names()):
        converted = [_convert_line(line, name) for line in sample]
        score = vietnamese_score("".join(c if c is not None else line for c, line in zip(converted, sample)))
        key = (score.ratio, score.valid, -order)
        if best is None or key > best[0]:
            best = (key, name, score)
    _, name, score = best
    if score.ratio < 0.8 or score.words < 3 or score.density < 0.15 \
            or score.ratio - before.ratio < 0.15 or score.valid - before.valid < 2:
        return Fixed(text)
    converted = [_convert_line(line, name) for _, line in runs]
    # a line that reads as well either way is converted too when every line with a letter beyond
    # ASCII is legacy text; beside clean Unicode lines (a mixed document) only where it reads better
    mixed = any(not line.isascii() and not _viewable(line) for _, line in _lines(text))
    edits = []
    for (pos, line), new in zip(runs, converted):
        if new is None or new == line:
            continue
        gain = vietnamese_score(new).ratio - vietnamese_score(line).ratio
        if gain < 0 or (mixed and gain == 0):
            continue
        edits.append(Edit(pos, pos + len(line), line, new, f"encoding.{name}"))
    if not edits:
        return Fixed(text)
    out, pos = [], 0
    for e in edits:
        out.append(text[pos:e.start])
        out.append(e.after)
        pos = e.end
    out.append(text[pos:])
    what = "UTF-8 read as Windows-1252" if name == "utf-8" else f"{name} bytes shown as Windows-1252"
    return Fixed("".join(out), f"{what} → Unicode ({len(edits)} of {len(_lines(text))} lines), "
                 f"confidence {score.confidence:.2f}", score.confidence, tuple(edits))


# --- the inverse: Unicode → legacy bytes (test files, samples) ---------------------------------

def _encode_cp1258(c: str) -> bytes:
    try:
        return c.encode("cp1258")
    except UnicodeEncodeError:
        pass
    parts = unicodedata.normalize("NFD", c)
    tones = "".join(m for m in parts if m in "\u0300\u0301\u0303\u0309\u0323")
    base = unicodedata.normalize("NFC", "".join(m for m in parts if m not in tones))
    try:
        return base.encode("cp1258") + tones.encode("cp1258")
    except UnicodeEncodeError as exc:
        raise ValueError(f"{c!r} has no byte in cp1258") from exc


def encode(text: str, encoding: str) -> bytes:
    """``text`` in a legacy encoding: the inverse of the tables. Characters outside the Vietnamese
    letters go as Windows-1252 (ASCII, quotes, dashes); a toned capital TCVN3 has no byte for is
    written with its lower-case byte, as ABC-era files did (they showed it in a capital font).

    >>> encode("Số lượng", "tcvn3"), encode("Ngày", "vni")
    (b'S\\xe8 l\\xad\\xeeng', b'Nga\\xf8y')
    """
    if encoding == "cp1258":
        return b"".join(_encode_cp1258(c) for c in unicodedata.normalize("NFC", text))
    codec = _codec(encoding)
    out = []
    for c in unicodedata.normalize("NFC", text):
        raw = codec.encoder.get(c)
        if raw is None and codec.lower_capitals and c.isupper():
            raw = codec.encoder.get(c.lower())
        if raw is None:
            try:
                raw = c.encode("cp1252")
            except UnicodeEncodeError as exc:
                raise ValueError(f"{c!r} has no byte in {encoding}") from exc
            if raw[0] >= 0x80 and _view(raw) in codec.single:
                raise ValueError(f"{c!r} has no byte in {encoding} (its Windows-1252 byte is a letter there)")
        out.append(raw)
    return b"".join(out)
