"""Reading a PDF back to check it against a regenerated print: is it a PDF at all, which
record, version and SHA-256 it claims to be, and where it differs from the original.

A printed record is checked as a whole file: the app prints the same bytes for the same
record version every time, so anything else is refused. The pages' content streams (every
glyph, line, image placement and its position, decompressed) only say *where* a refused
file differs: the first page whose drawing is not the original's, a missing or an extra
page, or, when every page draws the same, the rest of the file (fonts, images, metadata,
an appended update).
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass

NOT_PDF, ENCRYPTED, TRUNCATED, DAMAGED = "not_pdf", "encrypted", "truncated", "damaged"
DIFFERS, MISSING, EXTRA, OUTSIDE = "differs", "missing", "extra", "outside"

_KEY_HASH = re.compile(rb"sha256:([0-9a-f]{64})")
_KEY_RECORD = re.compile(rb"record:([^,()\\]{1,40}),")
_KEY_PRINTER = re.compile(rb"printer:([A-Za-z0-9_.+-]{1,80})")
_HEX = re.compile(r"\b[0-9a-f]{64}\b")


class Unreadable(Exception):
    """The file cannot be read as a PDF: ``reason`` is one of NOT_PDF, ENCRYPTED,
    TRUNCATED, DAMAGED."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(detail or reason)
        self.reason = reason


@dataclass(frozen=True)
class Difference:
    """Where a file differs from the original print: ``page`` (1-based) and ``what``
    (DIFFERS, MISSING, EXTRA), or ``page`` None and OUTSIDE (every page draws the same)."""

    what: str
    page: int | None = None


@dataclass(frozen=True)
class Claims:
    """What a file says it is: SHA-256s and record numbers from its keywords and text."""

    hashes: frozenset[str]
    numbers: frozenset[str]
    subject: str = ""
    text: str = ""
    printer: str = ""          # the program that laid it out (``layout.PRINTER``)
    ours: bool = False         # its keywords are hall_desk's (with or without ``printer:``)


def check_shape(data: bytes) -> None:
    """Refuse at once what is not a whole PDF: no ``%PDF-`` header, or no ``%%EOF`` near
    the end (cut off)."""
    if b"%PDF-" not in data[:1024]:
        raise Unreadable(NOT_PDF)
    if b"%%EOF" not in data[-1024:]:
        raise Unreadable(TRUNCATED)


def open_pdf(data: bytes):
    """The pypdf reader of ``data``; :class:`Unreadable` when it is not a readable PDF or is
    encrypted (the app never encrypts a print)."""
    from pypdf import PdfReader

    check_shape(data)
    logging.getLogger("pypdf").setLevel(logging.ERROR)   # a damaged file: our words, not its
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
        if not encrypted:
            len(reader.pages)
    except Exception as exc:       # pypdf raises many kinds on a damaged file
        raise Unreadable(DAMAGED, f"{type(exc).__name__}: {exc}") from None
    if encrypted:
        raise Unreadable(ENCRYPTED)
    return reader


def claims(data: bytes, reader=None) -> Claims:
    """The hashes and record numbers a file carries: its keywords as they stand in the
    bytes (readable even in a damaged file), and with a reader its metadata and page text."""
    hashes = {m.decode() for m in _KEY_HASH.findall(data)}
    numbers = {m.decode("latin-1").strip() for m in _KEY_RECORD.findall(data)}
    subject, text = "", ""
    if reader is not None:
        try:
            meta = reader.metadata or {}
            subject = str(meta.get("/Subject") or "")
            keywords = str(meta.get("/Keywords") or "")
            hashes.update(re.findall(r"sha256:([0-9a-f]{64})", keywords))
            numbers.update(n.strip() for n in re.findall(r"record:([^,]{1,40})", keywords))
        except Exception:
            pass
        pages = []
        for i in range(_page_count(reader)):
            try:
                pages.append(reader.pages[i].extract_text() or "")
            except Exception:          # a damaged page says nothing
                pages.append("")
        text = "\f".join(pages)
        hashes.update(_HEX.findall(text))
    printer = _KEY_PRINTER.search(data)
    return Claims(frozenset(hashes), frozenset(n for n in numbers if n), subject, text,
                  printer.group(1).decode() if printer else "", b"(hall_desk, record:" in data)


def page_contents(reader) -> list[bytes | None]:
    """Each page's drawing: its content streams decompressed and joined (None for a page
    whose content cannot be read)."""
    out: list[bytes | None] = []
    for i in range(_page_count(reader)):
        try:
            contents = reader.pages[i].get_contents()
            out.append(contents.get_data() if contents is not None else b"")
        except Exception:
            out.append(None)
    return out


def _page_count(reader) -> int:
    try:
        return len(reader.pages)
    except Exception:
        return 0


def difference(pages: list[bytes | None], original: list[bytes | None]) -> Difference:
    """The first place where ``pages`` differ from the original's."""
    for i in range(max(len(pages), len(original))):
        if i >= len(pages):
            return Difference(MISSING, i + 1)
        if i >= len(original):
            return Difference(EXTRA, i + 1)
        if pages[i] is None or pages[i] != original[i]:
            return Difference(DIFFERS, i + 1)
    return Difference(OUTSIDE)
