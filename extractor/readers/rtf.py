"""An RTF reader: the document's paragraphs, tables and footnotes as Unicode text.

What it reads:

- groups ``{…}`` with the character state they carry (font, ``\\ucN``), control words and symbols;
- ``\\uN`` (negative values and surrogate pairs too), followed by the ``\\ucN`` fallback characters
  it skips; ``\\'hh`` bytes and raw 8-bit bytes, decoded in the code page of the run's font
  (``\\fcharsetN``, ``\\cpgN``) or of the document (``\\ansicpgN``, 1258 for Vietnamese included);
- runs in a font named for a legacy Vietnamese encoding (``.VnTime``/``.VnArial``: TCVN3, the
  capitals of ``.VnTimeH`` too; ``VNI-Times``: VNI; VPS, VISCII) converted by :mod:`.encodings`;
- ``\\par`` (a paragraph), ``\\line`` (a line break inside it), ``\\tab``, the special characters;
- tables: ``\\trowd`` with its ``\\cellx`` cell definitions (``\\clmgf``/``\\clmrg`` horizontal and
  ``\\clvmgf``/``\\clvmrg`` vertical merges), ``\\intbl`` paragraphs, ``\\cell`` and ``\\row``;
- footnotes (``\\footnote``) as notes, read after the text; page headers and footers (``\\header``,
  ``\\footerf`` …) as their own blocks, each distinct one once.

What it skips: every ``\\*`` destination, the font table (read for fonts only), colour table, style
sheet, document info, pictures, objects, field instructions (a field's
result is text), ``\\bin`` data, and the alternative text for readers without nested tables.

>>> parse(rb"{\\rtf1\\ansi\\ansicpg1258{\\fonttbl{\\f0 Times New Roman;}}\\f0 T\\'d4ng thu\\par}").items
('TÔng thu',)
>>> parse(rb"{\\rtf1\\uc1 T\\u7893?ng thu 3.370 t\\u7927?\\par}").items
('Tổng thu 3.370 tỷ',)
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .layout import GridCell

MAX_GROUP_DEPTH = 5000

_TOKEN = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?"  # control word, numeric parameter, delimiting space
    rb"|\\'([0-9a-fA-F]{2})"  # a byte in the current code page
    rb"|\\([^a-zA-Z])"  # control symbol
    rb"|([{}])"
    rb"|([\r\n]+)"
    rb"|([^\\{}\r\n]+)"
    rb"|(\\)$"
)

# destinations whose text is never document text (beside every \* destination)
_SKIP = frozenset(
    "colortbl stylesheet info pict object objdata fldinst themedata colorschememapping datastore latentstyles listtable listoverridetable "
    "revtbl rsidtbl generator xmlnstbl filetbl pgdsctbl mmathPr shpinst shp nonesttables pntxta pntxtb "
    "template docvar atnid atnauthor annotation xe tc txe bkmkstart bkmkend fldtype falt panose "
    "userprops operator author title subject company comment keywords doccomm hlinkbase".split())
# destinations read as their own blocks: footnotes (endnotes too) and page headers and footers
_PARTS = {"footnote": "note", "header": "header", "headerl": "header", "headerr": "header", "headerf": "header",
          "footer": "footer", "footerl": "footer", "footerr": "footer", "footerf": "footer"}
_SPECIAL = {
    "tab": "\t", "emdash": "\u2014", "endash": "\u2013", "bullet": "\u2022", "lquote": "\u2018",
    "rquote": "\u2019", "ldblquote": "\u201c", "rdblquote": "\u201d", "emspace": "\u2003",
    "enspace": "\u2002", "qmspace": "\u2005", "line": "\n", "nestcell": " ", "nestrow": "\n",
}
_SYMBOLS = {"~": "\u00a0", "-": "", "_": "\u2011", "{": "{", "}": "}", "\\": "\\", "\n": "\n", "\r": "\n"}
# \fcharsetN → Python codec (0 ANSI and 1 DEFAULT follow the document's \ansicpg)
_CHARSETS = {
    2: "latin-1", 77: "mac_roman", 128: "cp932", 129: "cp949", 130: "johab", 134: "cp936", 136: "cp950",
    161: "cp1253", 162: "cp1254", 163: "cp1258", 177: "cp1255", 178: "cp1256", 186: "cp1257",
    204: "cp1251", 222: "cp874", 238: "cp1250", 254: "cp437", 255: "cp850",
}
class RtfError(ValueError):
    """Bytes that are not an RTF document."""


@dataclass(frozen=True, slots=True)
class RtfDocument:
    """Paragraphs (str) and tables (tuples of cells) in reading order; footnotes; how bytes were read."""

    items: tuple = ()
    notes: tuple[str, ...] = ()
    headers: tuple[str, ...] = ()  # page headers and footers, each once, in document order
    footers: tuple[str, ...] = ()
    encoding: str = ""
    conversion: str = ""


@dataclass(slots=True)
class _Font:
    charset: int = 0
    codepage: int = 0
    name: str = ""
    legacy: str | None = None  # the legacy encoding its name stands for, once looked up


@dataclass(slots=True)
class _Group:
    uc: int = 1
    font: int = -1
    dest: str = "body"  # body, note, header, footer, fonttbl, font (one entry of the table), skip


@dataclass(slots=True)
class _Row:
    defs: list = field(default_factory=list)  # (hmerge, vmerge) per cell: "", "first" or "cont"
    cells: list = field(default_factory=list)  # texts


def legacy_encoding(font_name: str) -> str:
    """The legacy Vietnamese encoding a font name stands for (:func:`.encodings.font_encoding`), or "".

    >>> legacy_encoding(".VnTime"), legacy_encoding("VNI-Times"), legacy_encoding("Times New Roman")
    ('tcvn3', 'vni', '')
    """
    if not font_name:
        return ""
    from .encodings import font_encoding  # noqa: PLC0415

    hint = font_encoding(font_name)
    return hint.encoding if hint else ""


class _Reader:
    def __init__(self):
        self.ansicpg = "cp1252"
        self.deff = 0
        self.fonts: dict[int, _Font] = {}
        self.stack: list[_Group] = [_Group()]
        self.bytes = bytearray()  # pending 8-bit text of the current font
        self.bytes_font = -1
        self.out: list[str] = []  # the paragraph being read
        self.note: list[str] = []
        self.notes: list[list[str]] = []
        self.parts: dict[str, list[list[str]]] = {"note": self.notes, "header": [], "footer": []}
        self.items: list = []
        self.in_table = False
        self.row = _Row()
        self.next_def = ["", ""]
        self.rows: list[_Row] = []
        self.cell_parts: list[str] = []
        self.skip = 0  # fallback characters still to skip after \uN
        self.high = ""  # a high surrogate waiting for its pair
        self.font_entry: _Font | None = None
        self.font_entry_no = -1
        self.font_name: list[str] = []
        self.legacy_chars: dict[str, int] = {}
        self.legacy_missing = False

    # --- character output -------------------------------------------------------------------

    @property
    def group(self) -> _Group:
        return self.stack[-1]

    def sink(self) -> list[str] | None:
        dest = self.group.dest
        if dest == "body":
            return self.out
        if dest in ("note", "header", "footer"):
            return self.note
        if dest == "font":
            return self.font_name
        return None

    def emit_bytes(self, data: bytes) -> None:
        if self.sink() is None:
            return
        if self.skip:
            cut = min(self.skip, len(data))
            self.skip -= cut
            data = data[cut:]
            if not data:
                return
        font = self.group.font if self.group.font >= 0 else self.deff
        if self.bytes and font != self.bytes_font:
            self.flush_bytes()
        self.bytes_font = font
        self.bytes += data

    def emit(self, text: str) -> None:
        sink = self.sink()
        if sink is None:
            return
        self.flush_bytes()
        if self.high:
            if "\udc00" <= text[:1] <= "\udfff":
                text = (self.high + text[0]).encode("utf-16-le", "surrogatepass").decode("utf-16-le") + text[1:]
            else:
                text = "\ufffd" + text  # a high surrogate without its pair
            self.high = ""
        if "\udc00" <= text[:1] <= "\udfff":
            text = "\ufffd" + text[1:]  # a low surrogate without its pair
        sink.append(text)

    def flush_bytes(self) -> None:
        if not self.bytes:
            return
        data, self.bytes = bytes(self.bytes), bytearray()
        sink = self.sink()
        if sink is None:
            return
        if self.group.dest == "font":
            sink.append(data.decode(self.ansicpg, "replace"))
            return
        sink.append(self.decode(data, self.fonts.get(self.bytes_font)))

    def decode(self, data: bytes, font: _Font | None) -> str:
        legacy = ""
        if font is not None:
            if font.legacy is None:
                font.legacy = legacy_encoding(font.name)
            legacy = font.legacy
        if legacy:
            converted = _legacy_decode(data, font.name)
            if converted is not None:
                if not data.isascii():
                    self.legacy_chars[legacy] = self.legacy_chars.get(legacy, 0) + len(data)
                return converted
            self.legacy_missing = True
        codec = self.ansicpg
        if font is not None:
            if font.codepage and _known(f"cp{font.codepage}"):
                codec = f"cp{font.codepage}"
            elif font.charset in _CHARSETS:
                codec = _CHARSETS[font.charset]
        return data.decode(codec, "replace")

    # --- structure --------------------------------------------------------------------------

    def end_paragraph(self) -> None:
        self.flush_bytes()
        dest = self.group.dest
        if dest in ("note", "header", "footer"):
            self.note.append("\n")
            return
        if dest != "body":
            return
        text = "".join(self.out)
        self.out = []
        if self.in_table:
            self.cell_parts.append(text)
            return
        self.close_table()
        if text.strip():
            self.items.append(text)

    def end_cell(self) -> None:
        self.flush_bytes()
        if self.group.dest != "body":
            return
        self.cell_parts.append("".join(self.out))
        self.out = []
        self.row.cells.append("\n".join(p for p in self.cell_parts if p.strip()))
        self.cell_parts = []

    def end_row(self) -> None:
        self.flush_bytes()
        if self.group.dest != "body":
            return
        if "".join(self.out).strip() or self.cell_parts:
            self.end_cell()
        self.out = []
        self.rows.append(self.row)
        self.row = _Row(defs=list(self.row.defs))
        self.in_table = False

    def close_table(self) -> None:
        if not self.rows:
            return
        self.items.append(_table_cells(self.rows))
        self.rows = []

    def finish(self) -> RtfDocument:
        self.flush_bytes()
        if self.cell_parts or self.row.cells:
            self.end_row()
        self.in_table = False
        self.end_paragraph()
        self.close_table()
        def texts(kind: str, distinct: bool = False) -> tuple[str, ...]:
            out = [t for t in ("".join(x).strip() for x in self.parts[kind]) if t]
            return tuple(dict.fromkeys(out)) if distinct else tuple(out)
        encoding = ",".join(sorted(self.legacy_chars)) or self.ansicpg
        conversion = ""
        if self.legacy_chars:
            conversion = "; ".join(f"{n} bytes in {enc} fonts → Unicode" for enc, n in sorted(self.legacy_chars.items()))
        elif self.legacy_missing:
            conversion = "runs in legacy Vietnamese fonts that are no text in their encoding left as code-page text"
        return RtfDocument(tuple(self.items), texts("note"), texts("header", True), texts("footer", True), encoding,
                           conversion)

    # --- control words ----------------------------------------------------------------------

    def control(self, word: str, arg: int | None) -> None:
        group = self.group
        if group.dest == "skip":
            return
        if word == "u" and arg is not None:
            char = chr(arg % 65536)  # a signed 16-bit value
            if "\ud800" <= char <= "\udbff":
                self.flush_bytes()
                self.high = char
            else:
                self.emit(char)
            self.skip = group.uc
            return
        self.skip = 0  # the fallback of a \uN is characters; a control word ends it
        if word in _SPECIAL:
            self.emit(_SPECIAL[word])
        elif word in ("par", "sect", "page", "column"):
            self.end_paragraph()
        elif word == "cell":
            self.end_cell()
        elif word == "row":
            self.end_row()
        elif word == "intbl":
            self.in_table = True
        elif word == "pard":
            self.in_table = False
        elif word == "trowd":
            self.row.defs = []
            self.next_def = ["", ""]
        elif word in ("clmgf", "clmrg"):
            self.next_def[0] = "first" if word == "clmgf" else "cont"
        elif word in ("clvmgf", "clvmrg"):
            self.next_def[1] = "first" if word == "clvmgf" else "cont"
        elif word == "cellx":
            self.row.defs.append(tuple(self.next_def))
            self.next_def = ["", ""]
        elif word == "uc" and arg is not None:
            group.uc = max(0, arg)
        elif word == "f" and arg is not None:
            if group.dest == "font":
                if self.font_entry is not None and ";" in "".join(self.font_name):
                    self.end_font()  # the next entry of a table written without groups
                    self.font_entry = _Font()
                self.font_entry_no = arg
            elif group.dest == "fonttbl":
                self.begin_font(arg)
            else:
                group.font = arg
        elif word == "plain":
            group.font = -1
        elif word == "fcharset" and arg is not None and self.font_entry is not None:
            self.font_entry.charset = arg
        elif word == "cpg" and arg is not None and self.font_entry is not None:
            self.font_entry.codepage = arg
        elif word == "ansicpg" and arg is not None and _known(f"cp{arg}"):
            self.ansicpg = f"cp{arg}"
        elif word in ("mac", "pc", "pca"):
            self.ansicpg = {"mac": "mac_roman", "pc": "cp437", "pca": "cp850"}[word]
        elif word == "deff" and arg is not None:
            self.deff = arg
        elif word == "fonttbl":
            group.dest = "fonttbl"
        elif word in _PARTS:
            self.flush_bytes()
            group.dest = _PARTS[word]
            self.note = []
            self.parts[group.dest].append(self.note)
        elif word in _SKIP:
            self.flush_bytes()
            group.dest = "skip"

    def begin_font(self, number: int) -> None:
        # a font entry written without its own group: {\fonttbl\f0\fswiss Arial;\f1 ...;}
        self.group.dest = "font"
        self.font_entry = _Font()
        self.font_entry_no = number
        self.font_name = []

    def end_font(self) -> None:
        if self.font_entry is None:
            return
        self.flush_bytes()
        name = "".join(self.font_name).split(";")[0].strip()
        self.font_entry.name = name
        self.fonts[self.font_entry_no] = self.font_entry
        self.font_entry = None
        self.font_name = []

    def open_group(self) -> None:
        self.flush_bytes()
        self.skip = 0
        parent = self.group
        child = _Group(parent.uc, parent.font, parent.dest)
        if parent.dest == "fonttbl":
            child.dest = "font"
            self.font_entry = _Font()
            self.font_entry_no = -1
            self.font_name = []
        self.stack.append(child)
        if len(self.stack) > MAX_GROUP_DEPTH:
            raise RtfError(f"groups nested deeper than {MAX_GROUP_DEPTH}")

    def close_group(self) -> None:
        self.flush_bytes()
        self.skip = 0
        if len(self.stack) == 1:
            return
        child = self.stack.pop()
        if child.dest == "font" and self.group.dest == "fonttbl":
            self.end_font()
        elif child.dest == "font" and self.group.dest != "font":
            self.end_font()


def _known(codec: str) -> bool:
    """A code page Python can decode (an unknown \\ansicpg or \\cpg keeps the one before)."""
    import codecs  # noqa: PLC0415

    try:
        codecs.lookup(codec)
    except LookupError:
        return False
    return True


def _table_cells(rows: list[_Row]) -> tuple[GridCell, ...]:
    """Rows of cell texts and merge flags as grid cells with spans."""
    cells: list[list] = []  # [row, col, text, rowspan, colspan]
    open_v: dict[int, list] = {}
    for r, row in enumerate(rows):
        col = 0
        last = None
        for k, text in enumerate(row.cells):
            hmerge, vmerge = row.defs[k] if k < len(row.defs) else ("", "")
            if hmerge == "cont" and last is not None:
                last[4] += 1
                col += 1
                continue
            if vmerge == "cont" and col in open_v:
                open_v[col][3] += 1
                col += 1
                last = None
                continue
            cell = [r, col, text, 1, 1]
            cells.append(cell)
            if vmerge == "first":
                open_v[col] = cell
            else:
                open_v.pop(col, None)
            last = cell
            col += 1
    return tuple(GridCell(r, c, t, rs, cs) for r, c, t, rs, cs in cells)


def _legacy_decode(data: bytes, font_name: str) -> str | None:
    """Bytes set in a legacy-font run, read as that font's encoding (:func:`.encodings.decode`, which
    also upper-cases text set in a capital font such as ``.VnTimeH``), or None when they are no text."""
    from .encodings import decode  # noqa: PLC0415

    try:
        return decode(data, font_name).text
    except ValueError:
        return None


def parse(data: bytes) -> RtfDocument:
    """The text of an RTF document; RtfError when ``data`` is no RTF."""
    if not data.lstrip()[:5] == b"{\\rtf":
        raise RtfError("no {\\rtf header")
    reader = _Reader()
    pos, end = 0, len(data)
    start = data.index(b"{")
    pos = start
    while pos < end:
        m = _TOKEN.match(data, pos)
        if m is None:  # a stray byte no alternative takes: step over it
            pos += 1
            continue
        pos = m.end()
        word, arg, hexbyte, symbol, brace, _newline, text, _ = m.groups()
        if word is not None:
            name = word.decode("ascii")
            number = int(arg) if arg is not None else None
            if name == "bin" and number:
                pos += max(0, number)  # binary data: never text
                continue
            reader.control(name, number)
        elif hexbyte is not None:
            reader.emit_bytes(bytes((int(hexbyte, 16),)))
        elif symbol is not None:
            sym = symbol.decode("latin-1")
            if sym == "*":
                reader.flush_bytes()
                reader.group.dest = "skip"
            elif sym in ("\n", "\r"):
                reader.control("par", None)
            elif sym in _SYMBOLS:
                if reader.skip:
                    reader.skip -= 1
                else:
                    reader.emit(_SYMBOLS[sym])
        elif brace == b"{":
            reader.open_group()
        elif brace == b"}":
            reader.close_group()
        elif text is not None:
            reader.emit_bytes(text)
    return reader.finish()
