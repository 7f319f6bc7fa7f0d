"""The registry of printed sheets: one entry per sheet, read by everything that offers one.

An entry (:class:`Sheet`) has the sheet's name, its title in Chinese and English, who may print
it, whether it is printed from a stored version (so verify-pdf can make it again) and, for a
ticket's sheets, its builder, when a ticket has one, its layouts and whether it may show an
anonymous identity on request. The command line's ``hall-desk pdf`` choices, the ticket
detail's print menu (:mod:`hall_desk.ui.printing_ui`), :func:`hall_desk.services.printing.sheet`
and verify-pdf read it: a new sheet of a ticket is a pdf builder and one :func:`register` call.

This module loads no PDF code (the builders import it when called), so the command line and
the window can list the sheets without paying for reportlab at start.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from hall_desk.core import i18n, kinds


@dataclass(frozen=True)
class Sheet:
    """One printed sheet.

    ``build(data, meta, signatures, layout)`` makes a ticket sheet's PDF from a stored
    version's shown content (None for the sheets of other records, built by their services).
    ``needs(content)``: whether a ticket has this sheet (``refusal``: the error key when not).
    ``layouts``: its layouts (the first is the default); verify-pdf tries each.
    ``titles()``: the printed titles (the PDF's title) that name it, for verify-pdf.
    """

    name: str                       # hall-desk pdf NAME; the print menu's key
    zh: str
    en: str
    permission: str = "print_records"
    ticket: bool = True             # a sheet of one ticket (the ticket detail's print menu)
    verifiable: bool = True         # made from a stored version: verify-pdf makes it again
    reveal: bool = True             # may be printed showing an anonymous identity
    signed: bool = True             # carries the signatures given on the version
    build: Callable[..., bytes] | None = None
    needs: Callable[[Mapping[str, Any]], bool] | None = None
    refusal: str = ""
    layouts: tuple[str, ...] = ()
    titles: Callable[[], tuple[str, ...]] | None = None

    def title(self, lang: str | None = None) -> str:
        return self.zh if (lang or i18n.language()) == "zh" else self.en

    def available(self, content: Mapping[str, Any]) -> bool:
        return self.needs is None or bool(self.needs(content))

    def names(self, subject: str) -> bool:
        """Whether a PDF titled ``subject`` is this sheet."""
        return subject in (self.titles() if self.titles else (self.zh,))


REGISTRY: dict[str, Sheet] = {}


def register(sheet_: Sheet) -> Sheet:
    """Add a sheet; the print menu, ``hall-desk pdf`` and verify-pdf pick it up."""
    if sheet_.name in REGISTRY:
        raise ValueError(f"sheet {sheet_.name!r} exists")
    REGISTRY[sheet_.name] = sheet_
    return sheet_


def unregister(name: str) -> None:
    REGISTRY.pop(name, None)


def ticket_sheets() -> list[Sheet]:
    """The sheets of one ticket, in menu order."""
    return [s for s in REGISTRY.values() if s.ticket]


def sheet_names() -> list[str]:
    """Every sheet's name (``hall-desk pdf`` choices)."""
    return list(REGISTRY)


def _record_titles() -> tuple[str, ...]:
    return tuple(k.sheet_title for k in kinds.every())


def _record(data, meta, signatures, _layout) -> bytes:
    from hall_desk import pdf

    return pdf.record_sheet(data, meta, signatures)


def _receipt(data, meta, _signatures, layout) -> bytes:
    from hall_desk import pdf

    return pdf.receipt(data, meta, format=layout)


def _notice(data, meta, signatures, _layout) -> bytes:
    from hall_desk import pdf

    return pdf.notice_slip(data, meta, signatures=signatures)


def _refusal(data, meta, signatures, _layout) -> bytes:
    from hall_desk import pdf

    return pdf.refusal_notice(data, meta, signatures)


def _file(data, meta, signatures, _layout) -> bytes:
    from hall_desk import pdf

    return pdf.complaint_file(data, meta, signatures,
                              head_instruction=data.get("instruction") or None)


register(Sheet("record", "客户投诉记录表", "Complaint record sheet", build=_record,
               titles=_record_titles))
register(Sheet("receipt", "受理回执", "Receipt", reveal=False, signed=False, build=_receipt,
               layouts=("a5", "80mm")))
register(Sheet("notice", "一次性告知单", "One-time notification slip", build=_notice,
               needs=lambda c: bool(c.get("missing_materials")), refusal="error.no_materials"))
register(Sheet("refusal", "不予受理告知书", "Refusal notice", build=_refusal,
               needs=lambda c: c.get("valid") is False, refusal="error.not_refused"))
register(Sheet("file", "投诉处理档案", "Complaint handling file", build=_file,
               needs=lambda c: bool(c.get("escalated_at")), refusal="error.not_escalated"))
def _agreement(data, meta, signatures, _layout) -> bytes:
    from hall_desk.pdf.agreement import agreement_sheet

    return agreement_sheet(data, meta, signatures)


register(Sheet("agreement", "和解协议书", "Settlement agreement", build=_agreement,
               needs=lambda c: bool(c.get("agreement")), refusal="agreement.error.none",
               titles=lambda: ("调解协议书", "和解协议书")))
# the sheets of other records, built by their own services (see cli.cmd_pdf)
register(Sheet("ledger", "投诉台账", "Complaint ledger", ticket=False, verifiable=False,
               reveal=False))
register(Sheet("reception", "接待记录", "Reception record", ticket=False, reveal=False))
register(Sheet("handover", "交接班记录", "Shift handover record", ticket=False, reveal=False))
register(Sheet("daily", "营业厅一日管理记录", "Hall daily routine record", ticket=False,
               reveal=False))
register(Sheet("stats", "统计报表", "Statistics report", ticket=False, verifiable=False,
               reveal=False))
register(Sheet("cases", "典型案例汇编", "Typical cases for training", ticket=False,
               verifiable=False, reveal=False, permission="view_statistics"))
