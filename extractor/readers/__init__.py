"""Reading report files into a :class:`~extractor.model.Source`: the text, its blocks in reading
order (paragraph runs, tables, headers and footers, notes) and each table's grid, every offset an
offset into ``Source.text``.

Public API:

- :func:`read` ``(path, options=ReadOptions()) -> Source``: one document. Anything unreadable
  raises :class:`ReadError` ``(path, reason)`` with a plain reason: every OS error, FIFOs,
  sockets and devices (refused before opening), links out of the input tree, files over the
  limits, broken or unsupported files. A reason never holds a memory address or a traceback.
- :func:`read_members` ``(path, options) -> Iterator[(name, Source | ReadError)]``: a plain file
  yields one pair; a container (zip, tar, e-mail) yields each member, named
  ``archive.zip!dir/member.docx``, read through the same registry, nested to ``options.max_depth``.
- :func:`read_bytes` ``(data, name, options) -> Source``: what containers use for their members.
- :func:`read_text` (``read(path).text``) and :func:`discover` for existing callers.

The format is detected from the bytes first, the name second (:mod:`.detect`). A family module
exposes ``read(data, name, options) -> Source`` or, for containers, ``members(data, name, options)``
yielding ``(member_name, bytes | ReadError)``; :data:`REGISTRY` maps a detected format to
``"module:function"``, imported only when a file of theirs is read. The limits every reader
honours are one :class:`ReadOptions` (:mod:`.limits`).

Plain text comes back exactly as decoded; text laid out from HTML, DOCX, PDF and sheets is NFC.
"""
from __future__ import annotations

import importlib
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

from .limits import Limits, ReadOptions

__all__ = ["ReadError", "ReadOptions", "Limits", "read", "read_bytes", "read_members", "read_text", "discover",
           "REGISTRY", "SUFFIXES"]

SUFFIXES = {".txt", ".text", ".md", "", ".html", ".htm", ".docx", ".pdf", ".csv", ".tsv", ".xlsx", ".xls", ".ods",
            ".doc", ".odt", ".rtf", ".eml", ".mht", ".mhtml", ".zip", ".tar", ".gz", ".tgz", ".png", ".jpg",
            ".jpeg", ".tif", ".tiff"}
MAX_BYTES = ReadOptions().max_bytes

# A family module exposes ``read(data: bytes, name: str, options: ReadOptions) -> Source`` (one
# document) or, for containers (archives, e-mail), ``members(data, name, options)`` yielding
# ``(member_name, bytes)``. The registry maps a detected format to "module:function"; modules are
# imported only when a file of theirs is read.
REGISTRY: dict[str, str] = {
    "text": "text:read", "csv": "sheets:read_csv",
    "html": "html:read", "docx": "docx:read", "pdf": "pdf:read",
    "xlsx": "sheets:read", "xls": "sheets:read", "ods": "sheets:read",
    "doc": "office:read_doc", "odt": "office:read_odt", "rtf": "office:read_rtf",
    "image": "images:read",
    "eml": "mail:members", "mht": "mail:members",
    "zip": "archives:members", "tar": "archives:members",
}


class ReadError(Exception):
    """A file that cannot be read as a report: ``path`` and ``reason`` say which and why."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


_ADDRESS = re.compile(r"\s*\bat 0x[0-9a-fA-F]+|0x[0-9a-fA-F]{6,}")


def plain_reason(exc: BaseException) -> str:
    """An exception as a one-line reason without memory addresses (stable between runs)."""
    text = " ".join(str(exc).split()) or exc.__class__.__name__
    return _ADDRESS.sub("", text)[:300]


def special_kind(mode: int) -> str:
    """What a file that is no regular file is ("a FIFO (named pipe)", "a socket", …); "" for a regular
    file. Such files are never opened: a FIFO would block a reader for ever."""
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "a special file"


def _special(mode: int) -> str:
    kind = special_kind(mode)
    return f"{kind}, not a file" if kind else ""


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False


def _load(path: Path, options: ReadOptions) -> bytes:
    """The bytes of a regular file, after the checks that need no opening."""
    try:
        if not options.follow_links and (options.root or path.is_symlink()):
            # the file a link (or a linked folder on the way) leads to must be inside the input tree
            root = Path(options.root or path.parent).resolve()
            target = path.resolve(strict=True)
            if not _inside(target, root):
                raise ReadError(path, "a symbolic link to a file outside the input folder (not followed; "
                                      "--follow-links follows it)")
        st = os.stat(path)
        special = _special(st.st_mode)
        if special:
            raise ReadError(path, special)
        if st.st_size > options.max_bytes:
            raise ReadError(path, f"file too large ({st.st_size} bytes; the limit is {options.max_bytes})")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO swapped in never blocks
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):  # swapped after the check
                raise ReadError(path, "not a regular file")
            data = fh.read(options.max_bytes + 1)
    except ReadError:
        raise
    except RuntimeError as exc:  # a symbolic link loop
        raise ReadError(path, plain_reason(exc)) from None
    except OSError as exc:
        raise ReadError(path, exc.strerror or plain_reason(exc)) from None
    if len(data) > options.max_bytes:
        raise ReadError(path, f"file too large (over the limit of {options.max_bytes} bytes)")
    return data


def _function(fmt: str, name: str):
    """The registered function for a format, or a ReadError saying why there is none."""
    entry = REGISTRY.get(fmt)
    if entry is None:
        raise ReadError(name, "unsupported file format" + (f" ({Path(name).suffix})" if Path(name).suffix else ""))
    module, func = entry.split(":")
    try:
        mod = importlib.import_module(f"{__name__}.{module}")
    except ImportError as exc:
        missing = getattr(exc, "name", "") or ""
        if missing.startswith(__name__):
            raise ReadError(name, f"reading {fmt} files is not supported in this version") from None
        raise ReadError(name, f"reading {fmt} files needs the 'formats' extra (pip install vnextract[formats]; "
                              f"missing {missing or plain_reason(exc)})") from None
    return getattr(mod, func), func


def read_bytes(data: bytes, name: str, options: ReadOptions | None = None) -> "Source":  # noqa: F821
    """One document from its bytes; ``name`` names it (a path, or ``archive.zip!member.docx``)."""
    options = options or ReadOptions()
    if len(data) > options.max_bytes:
        raise ReadError(name, f"file too large ({len(data)} bytes; the limit is {options.max_bytes})")
    from .detect import detect  # noqa: PLC0415

    fmt = detect(data, name)
    func, kind = _function(fmt, name)
    if kind == "members":
        raise ReadError(name, f"a {fmt} container, not one document (its members are read with read_members)")
    return _call(func, fmt, data, name, options)


def _call(func, fmt: str, data: bytes, name: str, options: ReadOptions):
    try:
        return func(data, name, options)
    except ReadError as exc:
        raise ReadError(name, exc.reason) from None
    except ValueError as exc:  # a reader's own reason
        raise ReadError(name, plain_reason(exc)) from None
    except MemoryError:
        raise ReadError(name, f"not a readable {fmt} file (out of memory)") from None
    except RecursionError:
        raise ReadError(name, f"not a readable {fmt} file (nested too deeply)") from None
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:  # noqa: BLE001  (parsers raise many unrelated types for a broken file; a
        # Rust extension's panic is a BaseException)
        raise ReadError(name, f"not a readable {fmt} file ({exc.__class__.__name__}: {plain_reason(exc)})") \
            from None


def read(path: Path | str, options: ReadOptions | None = None) -> "Source":  # noqa: F821
    """One document (see the module doc). Raises :class:`ReadError` for anything unreadable."""
    path = Path(path)
    return read_bytes(_load(path, options or ReadOptions()), str(path), options)


def read_members(path: Path | str, options: ReadOptions | None = None) -> Iterator[tuple[str, object]]:
    """``(name, Source | ReadError)`` for a plain file (one pair) or each member of a container,
    nested containers opened to ``options.max_depth``. Never raises ReadError itself."""
    options = options or ReadOptions()
    try:
        data = _load(Path(path), options)
    except ReadError as exc:
        yield str(path), exc
        return
    yield from _members(data, str(path), options, 0)


def _members(data: bytes, name: str, options: ReadOptions, depth: int) -> Iterator[tuple[str, object]]:
    from .detect import detect  # noqa: PLC0415

    try:
        fmt = detect(data, name)
        func, kind = _function(fmt, name)
        if kind != "members":
            yield name, _call(func, fmt, data, name, options)
            return
        if depth >= options.max_depth:
            raise ReadError(name, f"containers nested deeper than {options.max_depth} levels")
        members = func(data, name, options)
        for member, payload in members:
            full = member if member.startswith(name + "!") else f"{name}!{member}"
            if isinstance(payload, ReadError):
                yield full, payload
            elif isinstance(payload, (bytes, bytearray)):
                yield from _members(bytes(payload), full, options, depth + 1)
            else:
                yield full, ReadError(full, "a container member that is not bytes")
    except ReadError as exc:
        yield name, ReadError(name, exc.reason)
    except Exception as exc:  # noqa: BLE001  (a broken container: its reason, not a traceback)
        yield name, ReadError(name, f"not a readable container ({exc.__class__.__name__}: {plain_reason(exc)})")


def read_text(path: Path | str) -> str:
    """The text of one report file: ``read(path).text``."""
    return read(path).text


def discover(paths: list[str | Path]) -> Iterator[Path]:
    """Files named, and report files under folders named, in a stable order. Entries that are not
    regular files (FIFOs, links) are yielded too, so that reading them gives their reason."""
    for p in paths:
        p = Path(p)
        if p.is_dir() and not p.is_symlink():
            for f in sorted(p.rglob("*")):
                if f.name.startswith(".") or f.name.lower() == "readme.md":
                    continue
                if f.is_dir() and not f.is_symlink():
                    continue
                if f.suffix.lower() in SUFFIXES or "".join(s.lower() for s in f.suffixes[-2:]) == ".tar.gz":
                    yield f
        else:
            yield p
