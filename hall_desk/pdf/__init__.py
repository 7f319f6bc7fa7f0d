"""Printed records as PDF, in Chinese whatever the UI language, from plain data.

Depends on :mod:`hall_desk.core` and reportlab only (no store, no Qt, no services);
:mod:`hall_desk.pdf.compare` reads a file back with pypdf to say where it differs. Every
builder takes the dict of ``services.tickets.describe().to_dict()`` (or ledger rows), a
:class:`RecordMeta` (or a dict with its keys) and returns PDF bytes; :func:`write` puts them
in a file. Every page's footer shows 第 x 页 / 共 y 页, the record's version and the SHA-256
of the content it shows; the PDF keywords carry ``record:``, ``version:``, ``sha256:`` and
``printer:``. The same data and meta give the same bytes: the creation date is the meta's
print time and the document ID is derived from the record (see ``layout.render``).
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from hall_desk.pdf.fonts import FontMissing
from hall_desk.pdf.layout import (
    CLERK, CUSTOMER, DEPARTMENT_HEAD, SUPERVISOR, RecordMeta, SignatureEntry,
)
from hall_desk.pdf.ledger import ledger
from hall_desk.pdf.receipt import promised_time, receipt
from hall_desk.pdf.sheets import complaint_file, notice_slip, record_sheet, refusal_notice

__all__ = [
    "CLERK", "CUSTOMER", "DEPARTMENT_HEAD", "SUPERVISOR", "FontMissing", "RecordMeta",
    "SignatureEntry", "complaint_file", "ledger", "notice_slip", "promised_time", "receipt",
    "record_sheet", "refusal_notice", "write",
]


def write(data: bytes, target: str | Path | BinaryIO) -> None:
    """Write PDF bytes to a path or a binary file object."""
    if hasattr(target, "write"):
        target.write(data)
    else:
        Path(target).write_bytes(data)
