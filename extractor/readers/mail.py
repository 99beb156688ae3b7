"""Members of an e-mail (.eml) or a saved web page (.mht, MHTML): the message's text and its attachments.

``members(data, name, options)`` yields ``(member_name, payload)`` like :mod:`.archives`:

- the body: of a ``multipart/alternative`` only the richest readable part (HTML over plain text,
  as RFC 2046 orders them), so one text is never read twice; quoted-printable and base64 undone,
  the declared charset decoded and the text handed on as UTF-8 (``message.eml!body.html``);
  a charset Python does not know leaves the bytes as they are, for the text reader to detect;
- attachments (and attached messages) of formats the readers know, by their file name
  (``message.eml!bao-cao.docx``); an attachment of another format is named with a
  :class:`ReadError` payload saying so; inline pictures of the body (logos, signatures) are not
  documents and are skipped.

An .mht is a ``multipart/related`` message whose first HTML part is the page; its pictures and
style sheets are the page's resources and are not members.
"""
from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import PurePosixPath

from . import ReadError
from .limits import ReadOptions

MAX_PARTS = 2000  # parts of one message (pictures of a saved page included)
# attachments handed on as documents, by suffix (the reader of each is chosen by its content)
ATTACHMENT_SUFFIXES = frozenset({
    ".txt", ".csv", ".html", ".htm", ".docx", ".doc", ".odt", ".rtf", ".pdf", ".xlsx", ".xls", ".ods",
    ".eml", ".mht", ".mhtml", ".zip", ".tar", ".tgz", ".gz", ".png", ".jpg", ".jpeg", ".tif", ".tiff",
})
_HTML_META = b'<meta charset="utf-8">\n'


def members(data: bytes, name: str, options=None) -> Iterator[tuple[str, bytes | ReadError]]:
    """The body and the attachments of the message ``data`` (see the module doc)."""
    options = options or ReadOptions()
    if len(data) > options.max_bytes:
        raise ReadError(name, f"message of {len(data)} bytes is over the size limit")
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not message.keys() and not message.get_payload():
        raise ReadError(name, "not an e-mail message (no headers, no body)")
    parts = list(_walk(message))
    if len(parts) > MAX_PARTS:
        raise ReadError(name, f"message of {len(parts)} parts (the limit is {MAX_PARTS})")
    bodies = _body_parts(message)
    used = {id(p) for p in bodies}
    count = 0
    for k, part in enumerate(bodies):
        payload = _text_payload(part)
        if payload is None:
            continue
        count += 1
        suffix = ".html" if part.get_content_type() == "text/html" else ".txt"
        yield f"{name}!body{'' if k == 0 else f'-{k + 1}'}{suffix}", payload
    for member, payload in _attachments(message, name, used):
        count += 1
        yield member, payload
    if count == 0:
        raise ReadError(name, "message has no readable text and no attachment of a known format")


def _body_parts(part: EmailMessage) -> list[EmailMessage]:
    """The text parts that make up the message's body, in order."""
    if _is_attachment(part):
        return []
    ctype = part.get_content_type()
    if ctype in ("text/plain", "text/html"):
        return [part]
    if not part.is_multipart() or ctype == "message/rfc822":
        return []
    children = list(part.iter_parts())
    if ctype == "multipart/alternative":
        readable = [c for c in children if _body_parts(c)]
        html = [c for c in readable if c.get_content_type() == "text/html" or c.is_multipart()]
        choice = (html or readable)[-1:] if readable else []
        return [p for c in choice for p in _body_parts(c)]
    if ctype == "multipart/related":
        # the root is the start part (the first one by default); the rest are its resources
        return _body_parts(children[0]) if children else []
    return [p for c in children for p in _body_parts(c)]


def _is_attachment(part: EmailMessage) -> bool:
    return part.get_content_disposition() == "attachment" or \
        (part.get_filename() is not None and part.get_content_type() not in ("text/plain", "text/html"))


def _text_payload(part: EmailMessage) -> bytes | None:
    """A text part's bytes as UTF-8 (an HTML part says so in a leading meta tag), or its raw
    bytes when the declared charset is unknown here."""
    raw = part.get_payload(decode=True) or b""
    if not raw.strip():
        return None
    charset = part.get_content_charset()
    if charset:
        try:
            text = raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            return raw
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw
    out = text.encode("utf-8")
    return _HTML_META + out if part.get_content_type() == "text/html" else out


def _attachments(message: EmailMessage, name: str, used: set[int]):
    seen: dict[str, int] = {}
    for part in _walk(message):
        if id(part) in used or part.get_content_maintype() == "multipart":
            continue
        filename = part.get_filename()
        ctype = part.get_content_type()
        if ctype == "message/rfc822":
            inner = part.get_payload()
            inner = inner[0] if isinstance(inner, list) and inner else inner
            filename = filename or "attached-message.eml"
            payload = inner.as_bytes() if hasattr(inner, "as_bytes") else b""
        elif filename is None:
            continue  # a body part the body did not choose (the other alternative) or an inline picture
        else:
            payload = part.get_payload(decode=True) or b""
        base = PurePosixPath(filename.replace("\\", "/")).name or "attachment"
        n = seen[base] = seen.get(base, 0) + 1
        member = f"{name}!{base}" if n == 1 else f"{name}!{n}-{base}"
        if PurePosixPath(base).suffix.lower() not in ATTACHMENT_SUFFIXES:
            if part.get_content_disposition() == "attachment":
                yield member, ReadError(member, f"attachment of a format not read ({ctype})")
            continue
        yield member, payload


def _walk(part: EmailMessage):
    """The part and its sub-parts, depth first; an attached message is one part (it is a member of
    its own, read as a message in turn)."""
    yield part
    if part.get_content_maintype() == "multipart":
        for child in part.iter_parts():
            yield from _walk(child)
