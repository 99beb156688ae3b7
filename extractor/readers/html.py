"""HTML pages: the main content's paragraphs and tables, in document order.

- Page furniture is left out before anything is read: scripts, styles, forms, ``<nav>``,
  ``<aside>``, ``<header>``, ``<footer>``, hidden elements, elements whose class or id names a menu,
  sidebar or related-article list (patterns/readers.toml), and lists of links.
- The main content is the page's single ``<main>``/``<article>`` when it holds most of the text,
  else the cleaned body.
- Block elements (``p``, ``div``, ``h1``…, ``li``) end a paragraph, ``br`` a line; a publication stamp or a
  counter ("Cập nhật: …", "Lượt xem: …") is left out: it frames no period.
- A ``<table>`` becomes a grid: ``<th>`` (or a ``<thead>`` row) marks a header cell, ``rowspan``
  and ``colspan`` make a merged cell (written once), ``<caption>`` is the table's caption and is
  also written as the paragraph before it; a table inside a cell is laid out after its table.
- A table that lays out the page (a cell holding a heading, three paragraphs or an article's worth
  of text) is read as the page it holds: its cells' paragraphs and data tables in order.
"""
from __future__ import annotations

import re
import unicodedata

from lxml import etree
from lxml import html as lxml_html

from .. import resources
from ..model import Source
from .layout import Grid, GridCell, Layout
from .limits import ReadOptions
from .text import decode

_DROP = {"script", "style", "noscript", "template", "iframe", "object", "embed", "nav", "aside", "header",
         "footer", "form", "button", "select", "option", "svg", "canvas", "head", "title", "meta", "link",
         "input", "textarea", "audio", "video", "map"}
_PAGE_FRAME = {"header", "footer"}  # dropped unless inside the article
_CONTAINERS = {"div", "section", "ul", "ol", "aside", "nav", "dl", "span", "p", "menu"}
_BLOCK = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl",
          "dt", "dd", "blockquote", "pre", "address", "figure", "figcaption", "hr", "center", "body", "html",
          "caption", "tr", "td", "th", "table", "thead", "tbody", "tfoot", "details", "summary", "fieldset", "legend"}
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_INDENT = re.compile(r"(?:padding-left|margin-left|text-indent)\s*:\s*([\d.]+)\s*(px|pt|em|rem)?", re.I)
_WORDS = re.compile(r"[-_\s]+")
_MAX_SPAN = 1000
_MAX_NESTED = 20  # tables inside tables deeper than this are read as their cells' text


_BR = "\uffff"  # a line break from <br> while a paragraph is gathered (a noncharacter: never in text)


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _is_furniture(el, furniture, whole=frozenset()) -> bool:
    names = f"{el.get('class', '')} {el.get('id', '')}".lower()
    if not names.strip():
        return False
    for name in names.split():
        if name in whole:
            return True
        words = [w for w in _WORDS.split(name) if w]
        for term in furniture:
            n = len(term)
            if any(tuple(words[i:i + n]) == term for i in range(len(words) - n + 1)):
                return True
    return False


def _link_heavy(el) -> bool:
    """A list or box that is mostly links (a menu, a related-article list)."""
    links = el.findall(".//a")
    if len(links) < 3:
        return False
    total = len(_norm(el.text_content()))
    linked = sum(len(_norm(a.text_content())) for a in links)
    return total > 0 and linked >= 0.6 * total


def _clean(root) -> None:
    """Remove page furniture in place (see the module doc)."""
    furniture, whole = resources.readers()["furniture"], resources.readers()["furniture_whole"]
    doomed = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            doomed.append(el)  # comments, processing instructions
            continue
        tag = el.tag.lower()
        if tag in _PAGE_FRAME and any(a.tag in ("article", "main") for a in el.iterancestors()):
            continue
        if tag in _DROP or el.get("hidden") is not None or _HIDDEN.search(el.get("style", "")) \
                or el.get("aria-hidden") == "true":
            doomed.append(el)
        elif tag in _CONTAINERS and (_is_furniture(el, furniture, whole) or _link_heavy(el)):
            doomed.append(el)
    for el in doomed:
        parent = el.getparent()
        if parent is not None:
            el.drop_tree() if isinstance(el.tag, str) else _drop_keep_tail(el)


def _drop_keep_tail(el) -> None:
    parent, tail = el.getparent(), el.tail or ""
    prev = el.getprevious()
    if tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _main(body):
    """The single <main>/<article> holding most of the body's text, else the body."""
    total = len(_norm(body.text_content()))
    for tag in ("main", "article"):
        found = body.findall(f".//{tag}")
        if len(found) == 1 and total and len(_norm(found[0].text_content())) >= 0.5 * total:
            return found[0]
    return body


class _Stamps:
    def __init__(self):
        data = resources.readers()
        self.words, self.max = data["stamps"], data["stamp_max_chars"]
        self.dropped = 0

    def __call__(self, text: str) -> bool:
        low = text.lower()
        if len(text) <= self.max and any(low.startswith(w) and not low[len(w):len(w) + 1].isalpha()
                                          for w in self.words):
            self.dropped += 1
            return True
        return False


def _indent(el) -> int:
    m = _INDENT.search(el.get("style", ""))
    if not m:
        return 0
    size = float(m.group(1)) * {"pt": 1.33, "em": 16, "rem": 16}.get((m.group(2) or "px").lower(), 1)
    return min(10, int(round(size / 12)))


def _cell_text(cell, nested: list) -> tuple[str, bool]:
    """A cell's text (nested tables left out and collected in ``nested``) and whether it is all bold."""
    parts, bold_chars = [], 0
    walker = etree.iterwalk(cell, events=("start", "end"))
    bold_depth = 0
    for event, el in walker:
        if el is cell:
            if event == "start":
                parts.append(el.text or "")
            continue
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if tag == "table":
                nested.append(el)
                walker.skip_subtree()
                continue
            if tag in ("b", "strong"):
                bold_depth += 1
            if tag in _BLOCK or tag == "br":
                parts.append(" ")
            if el.text and tag != "table":
                parts.append(el.text)
                if bold_depth:
                    bold_chars += len(el.text.strip())
        else:
            if tag in ("b", "strong"):
                bold_depth -= 1
            if tag in _BLOCK:
                parts.append(" ")
            if el.tail:
                parts.append(el.tail)
                if bold_depth:
                    bold_chars += len(el.tail.strip())
    text = _norm("".join(parts))
    plain = len(text.replace(" ", ""))
    return text, bool(plain) and bold_chars >= 0.9 * plain


def _rows(table):
    return table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")


def _grid(table, options: ReadOptions, nested: list) -> Grid:
    """The grid of one <table> (the HTML table model: a cell takes the first free position)."""
    rows = _rows(table)
    n_rows = len(rows)
    taken: dict[int, set[int]] = {}
    cells, budget = [], options.max_table_cells * 2
    for r, tr in enumerate(rows):
        in_head = tr.getparent() is not None and tr.getparent().tag == "thead"
        c = 0
        for td in tr.xpath("./td | ./th"):
            row_taken = taken.setdefault(r, set())
            while c in row_taken:
                c += 1
            rowspan = _span(td.get("rowspan"), n_rows - r if n_rows - r > 0 else 1)
            colspan = _span(td.get("colspan"), _MAX_SPAN)
            rowspan = min(rowspan, n_rows - r)
            if rowspan * colspan > budget:
                rowspan, colspan = 1, 1
            budget -= rowspan * colspan
            for rr in range(r, r + rowspan):
                taken.setdefault(rr, set()).update(range(c, c + colspan))
            text, bold = _cell_text(td, nested)
            cells.append(GridCell(r, c, text, rowspan, colspan, td.tag == "th" or in_head, _indent(td), bold))
            c += colspan
    caption = table.find("caption")
    return Grid(tuple(cells), _norm(caption.text_content()) if caption is not None else "", "html")


def _span(value, whole: int) -> int:
    """A rowspan/colspan attribute: a positive integer, 0 meaning "to the end"; junk is 1."""
    m = re.match(r"\s*(\d{1,6})", value or "")
    if not m:
        return 1
    n = int(m.group(1))
    return max(1, min(whole, n if n else whole))


_LAYOUT_CELL_CHARS = 400  # a data table's cell is a figure or a label, not an article


def is_layout_table(table) -> bool:
    """A table that lays out a page rather than holding data (old portals put the whole page in
    one): a cell holding a heading, three paragraphs, or more text than any data cell would."""
    for cell in table.xpath("./tr/td | ./tr/th | ./*/tr/td | ./*/tr/th"):
        if cell.xpath(".//h1 | .//h2 | .//h3 | .//h4 | .//h5 | .//h6 | .//article"):
            return True
        if len(cell.xpath(".//p")) >= 3 or len(_norm(cell.text_content())) > _LAYOUT_CELL_CHARS:
            return True
    return False


def _walk(root, lay: Layout, stamps: _Stamps, options: ReadOptions) -> None:
    """Paragraphs and tables of ``root`` in document order."""
    buf: list[str] = []

    def flush():
        # a <br> breaks the line, not the paragraph: what the paragraph's opening says (its year, a
        # goal word) still reaches the lines after it, as in the same text typed in a text file
        lines = [_norm(x) for x in "".join(buf).split(_BR)]
        buf.clear()
        lines = [x for x in lines if x and not stamps(x)]
        if lines:
            lay.paragraph("\n".join(lines))

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if tag == "table" and not is_layout_table(el):
                flush()
                _table(el, lay, options)
                walker.skip_subtree()
                continue
            if tag in _BLOCK:
                flush()
            elif tag == "br":
                buf.append(_BR)
            if el.text:
                buf.append(el.text)
        else:
            if tag in _BLOCK or tag == "table":
                flush()
            if el.tail and el is not root:
                buf.append(el.tail)
    flush()


def _table(table, lay: Layout, options: ReadOptions) -> None:
    todo, depth = [(table, 0)], 0
    while todo:
        el, depth = todo.pop(0)
        nested: list = []
        grid = _grid(el, options, nested)
        if grid.caption:
            lay.paragraph(grid.caption)
        lay.table(grid)
        if depth < _MAX_NESTED:
            todo.extend((n, depth + 1) for n in nested)


_CONTAINER_TAGS = re.compile(r"</?(?:div|section|article|main|blockquote|center)\b[^>]*>", re.I)
_INLINE_TAGS = re.compile(r"</?(?:span|font|b|i|u|em|strong|small|big|a|label)\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"<[^>]*>")


def _tree(text: str):
    """The parsed page and whether the parser hit its nesting limit (content below it is lost)."""
    parser = lxml_html.HTMLParser(huge_tree=True)
    try:
        doc = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ValueError(f"HTML page that cannot be parsed ({exc})") from None
    return doc, any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)


def _parse(text: str):
    """The page's tree; a page nested deeper than the parser goes is flattened first (container
    tags become line breaks, then inline tags go, then every tag), with a note, so nothing is lost."""
    doc, too_deep = _tree(text)
    if not too_deep:
        return doc, ()
    for step, (pattern, repl) in enumerate(((_CONTAINER_TAGS, "<br>"), (_INLINE_TAGS, ""), (_ANY_TAG, "<br>"))):
        text = pattern.sub(repl, text)
        doc, too_deep = _tree(text if step < 2 else f"<html><body>{text}</body></html>")
        if not too_deep:
            return doc, ("HTML nested too deeply for its structure: read with its tags flattened",)
    raise ValueError("HTML page nested too deeply to read")


def read(data: bytes, name: str, options: ReadOptions) -> Source:
    """An HTML page as paragraphs and tables (see the module doc)."""
    text, encoding, conversion = decode(data)
    if not text.strip():
        raise ValueError("empty file")
    doc, notes = _parse(text)
    body = doc.find("body")
    if body is None:
        body = doc
    _clean(body)
    lay = Layout(options)
    stamps = _Stamps()
    _walk(_main(body), lay, stamps, options)
    if stamps.dropped:
        notes += (f"{stamps.dropped} publication stamp(s) left out",)
    source = lay.source(name, "html", encoding=encoding, conversion=conversion, notes=notes)
    if not source.text.strip():
        raise ValueError("HTML page with no readable text")
    return source
