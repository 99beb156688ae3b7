"""Office documents written here for tests and samples: RTF as Word writes Unicode text."""
from __future__ import annotations


def rtf_unicode(text: str, uc: int = 1) -> str:
    r"""Text as Word writes it in RTF: ASCII as is, every other character as \uN and ``uc`` '?'."""
    out = []
    for ch in text:
        if ch in "\\{}":
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\line ")
        elif ord(ch) < 128:
            out.append(ch)
        else:
            n = ord(ch) if ord(ch) < 32768 else ord(ch) - 65536
            out.append(f"\\u{n}" + ("?" * uc if uc else " "))  # with \uc0 a space ends the control word
    return "".join(out)


def rtf_document(paragraphs: list[str]) -> bytes:
    r"""A Word-style RTF of the paragraphs: a font table, \uN escapes, one \par per paragraph."""
    head = (r"{\rtf1\ansi\ansicpg1252\deff0\nouicompat{\fonttbl{\f0\fnil\fcharset0 Times New Roman;}}"
            r"{\*\generator Riched20 10.0.19041}\viewkind4\uc1 ")
    body = "".join(r"\pard\sa200\f0\fs26 " + rtf_unicode(p) + r"\par" + "\n" for p in paragraphs)
    return (head + body + "}").encode("ascii")
