"""What every printed record shares: the record's meta data and signatures as plain data,
paragraph styles in the embedded font, the header and the "第 x 页 / 共 y 页" footer with the
version and SHA-256, form tables that may run over several pages, and signature boxes."""

from __future__ import annotations

import hashlib
import io
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from reportlab import Version as reportlab_version
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfdoc import DummyDoc, PDFText
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle
from reportlab.platypus.paragraph import (
    ParaLines, _handleBulletWidth, cjkU, cleanBlockQuotedText, makeCJKParaLine,
)
from reportlab.platypus.paraparser import ParaFrag, ParaParser

from hall_desk import __version__
from hall_desk.pdf import fonts
from hall_desk.pdf.text import BLANK, chunks, clean, line_break, markup, when

GRID = colors.HexColor("#444444")
SHADE = colors.HexColor("#EEEEEE")
SECTION = colors.HexColor("#D9D9D9")
MUTED = colors.HexColor("#555555")
GAP = "\xa0" * 4   # a gap inside a Paragraph (runs of ordinary or ideographic spaces collapse)


@dataclass(frozen=True)
class RecordMeta:
    """What a print says about itself: where and when and by whom it was printed, and which
    version of the record it shows with the SHA-256 (hex) of that content."""

    hall_name: str = ""
    printed_at: datetime | str | None = None
    printed_by: str = ""
    version: int | None = None
    content_sha256: str = ""

    @classmethod
    def of(cls, meta: RecordMeta | Mapping[str, Any] | None) -> RecordMeta:
        if isinstance(meta, cls):
            return meta
        data = dict(meta or {})
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


#: Signature roles a sheet has a box for.
CUSTOMER, SUPERVISOR, DEPARTMENT_HEAD, CLERK = "customer", "supervisor", "department_head", "clerk"


@dataclass(frozen=True)
class SignatureEntry:
    """One signature on a record: drawn from ``image`` (PNG bytes) when captured on the pad,
    noted as on the paper original when ``on_paper`` (wet ink came back), else the sheet
    leaves a blank line for wet ink."""

    role: str
    signer_name: str = ""
    signed_at: datetime | str | None = None
    image: bytes | None = None
    on_paper: bool = False

    @classmethod
    def of(cls, entry: SignatureEntry | Mapping[str, Any]) -> SignatureEntry:
        if isinstance(entry, cls):
            return entry
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in dict(entry).items() if k in known})


def signature_for(signatures: Iterable[Any] | None, role: str) -> SignatureEntry | None:
    """The latest signature of ``role`` among ``signatures`` (entries or dicts)."""
    found = None
    for entry in signatures or ():
        entry = SignatureEntry.of(entry)
        if entry.role == role:
            found = entry
    return found


# ---------------------------------------------------------------- styles

def _style(name: str, size: float, leading: float | None = None, **kw: Any) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=fonts.FONT, fontSize=size,
                          leading=leading or round(size * 1.45, 1), wordWrap="CJK",
                          textColor=kw.pop("textColor", colors.black), **kw)


BODY = _style("hd-body", 9.5)
LETTER = _style("hd-letter", 10, 16, firstLineIndent=20)
SMALL = _style("hd-small", 8)
LABEL = _style("hd-label", 9, textColor=colors.HexColor("#222222"))
SECTION_TITLE = _style("hd-section", 11, 15)
HEADING = _style("hd-heading", 12, 17, spaceBefore=6, spaceAfter=3, keepWithNext=1)
NOTE = _style("hd-note", 8.5, textColor=MUTED)
CENTER = _style("hd-center", 9.5, alignment=TA_CENTER)


_FUZZ = 1e-6          # reportlab's: narrower than this, a paragraph does not wrap
_plain_frags: dict[int, tuple[ParagraphStyle, ParaFrag]] = {}


def _plain_frag(style: ParagraphStyle) -> ParaFrag:
    """The fragment reportlab's parser makes of plain text in ``style`` (its text aside)."""
    known = _plain_frags.get(id(style))
    if known is None or known[0] is not style:
        parsed_style, frags, _ = ParaParser().parse("x", style)
        if parsed_style is not style or len(frags) != 1:
            raise ValueError(f"style {style.name} does not parse plain text to one fragment")
        known = _plain_frags[id(style)] = (style, frags[0])
    return known[1]


class FastParagraph(Paragraph):
    """A Paragraph that is quicker to make and to lay out and prints the same.

    Plain text (no tags, no entities: most cells of a form) skips the XML parser; its one
    fragment is the one the parser makes for the style, with the text cleaned as reportlab
    cleans it. And a wrap at the width of the last wrap keeps the lines already broken: a
    table measures every cell several times while it lays out and splits across pages.
    """

    def __init__(self, text: str | None, style: ParagraphStyle | None = None,
                 bulletText: Any = None, frags: list | None = None,  # noqa: N803 (reportlab)
                 **kwargs: Any) -> None:
        if (frags is None and style is not None and text and not _MARKUP_CHARS & set(text)
                and not getattr(style, "textTransform", None)):
            cleaned = cleanBlockQuotedText(text)
            if cleaned:
                text = cleaned
                frags = [_plain_frag(style).clone(text=cleaned, link=[], us_lines=[])]
        super().__init__(text, style, bulletText, frags, **kwargs)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        known = self.__dict__
        if known.get("_wrapped_at") == availWidth and "blPara" in known:  # split() drops it
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        if availWidth >= _FUZZ:
            self._wrapped_at = availWidth
        return size

    def breakLinesCJK(self, maxWidths):  # noqa: N802, N803 (reportlab's names)
        """reportlab's CJK wrap, one glyph at a time, with the lines broken by
        :func:`~hall_desk.pdf.text.line_break` (the Chinese punctuation rules)."""
        widths = list(maxWidths) if isinstance(maxWidths, (list, tuple)) else [maxWidths]
        frags, style = self.frags, self.style
        if getattr(style, "endDots", None) or not frags or any(hasattr(f, "cbDefn") for f in frags):
            return super().breakLinesCJK(maxWidths)      # not used by the sheets
        self.height = 0
        _handleBulletWidth(self.bulletText, style, widths)     # a bullet narrows line one
        if len(frags) == 1:
            f = frags[0]
            if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
                return f.clone(kind=0, lines=self.blPara.lines)
            text = f.text if hasattr(f, "text") else "".join(getattr(f, "words", []))
            glyphs = [stringWidth(ch, f.fontName, f.fontSize) for ch in text]
            lines = [(extra, [text[a:b].strip()])
                     for a, b, extra, _ in _break(text, glyphs, widths)]
            return f.clone(kind=0, lines=lines, ascent=f.fontSize, descent=-0.2 * f.fontSize)
        if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
            return self.blPara
        units = [u for f in frags for u in ([cjkU(t, f, "utf8") for t in f.text] if f.text
                                            else [cjkU("", f, "utf8")])]
        text = "".join("\n" if hasattr(u.frag, "lineBreak") else (u or "\ufffc") for u in units)
        calc_bounds = getattr(self, "autoLeading", getattr(style, "autoLeading", "")) \
            not in ("", "off")
        lines = []
        for a, b, extra, forced in _break(text, [u.width for u in units], widths):
            width = widths[min(len(lines), len(widths) - 1)]
            lines.append(makeCJKParaLine(units[a:b], width, width - extra, extra, forced,
                                         calc_bounds))
        return ParaLines(kind=1, lines=lines)


def _break(text: str, glyphs: list[float], widths: list[float]
           ) -> list[tuple[int, int, float, bool]]:
    """Lines of ``text`` (one entry of ``glyphs`` per character, "\\n" a forced break) in
    the line widths ``widths`` (the last one repeats): (start, end, room left, forced)."""
    lines: list[tuple[int, int, float, bool]] = []
    start = at = 0
    used = 0.0
    while at < len(text):
        width = widths[min(len(lines), len(widths) - 1)]
        if text[at] == "\n":
            lines.append((start, at + 1, width - used, True))
            start = at = at + 1
            used = 0.0
            continue
        if used + glyphs[at] > width + _FUZZ and at > start:
            end = line_break(text, start, at)
            lines.append((start, end, width - sum(glyphs[start:end]), False))
            start = at = end
            used = 0.0
            continue
        used += glyphs[at]
        at += 1
    if start < len(text) or not lines:
        width = widths[min(len(lines), len(widths) - 1)]
        lines.append((start, len(text), width - used, False))
    return lines


_MARKUP_CHARS = frozenset("<>&")


def para(value: object, style: ParagraphStyle = BODY, *, empty: str = BLANK) -> Paragraph:
    """A paragraph of customer or staff text, escaped and cleaned."""
    return FastParagraph(markup(value, empty=empty), style)


def raw(markup_text: str, style: ParagraphStyle = BODY) -> Paragraph:
    """A paragraph of the sheet's own markup (labels and layout: never customer text)."""
    return FastParagraph(markup_text, style)


class Heavy(Flowable):
    """A line of heavy text: the face has no bold, so the glyphs are filled and stroked."""

    def __init__(self, text: str, size: float, *, align: str = "center",
                 space_after: float = 4) -> None:
        super().__init__()
        self.text, self.size, self.align = clean(text), size, align
        self.spaceAfter = space_after

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.size * 1.3

    def draw(self) -> None:
        width = fonts.font().stringWidth(self.text, self.size)
        x = {"center": (self.width - width) / 2, "left": 0.0,
             "right": self.width - width}[self.align]
        heavy_text(self.canv, x, self.size * 0.25, self.text, self.size)


def heavy_text(canvas: Canvas, x: float, y: float, text: str, size: float) -> None:
    canvas.saveState()
    canvas.setLineWidth(size * 0.035)
    text_obj = canvas.beginText(x, y)
    text_obj.setFont(fonts.FONT, size)
    text_obj.setTextRenderMode(2)
    text_obj.textOut(text)
    canvas.drawText(text_obj)
    canvas.restoreState()


# ---------------------------------------------------------------- form tables

class Form:
    """A bordered form of label/value rows in four columns (label, value, label, value) that
    may run over pages: long values are cut into several rows, so no cell outgrows a page.

    >>> form = Form(width); form.section("客户信息"); form.pair("姓名", "张三", "电话", "138…")
    >>> form.full("事由", long_text); table = form.table()
    """

    def __init__(self, width: float, label_width: float = 24 * mm) -> None:
        self.width = width
        value_width = (width - 2 * label_width) / 2
        self.col_widths = [label_width, value_width, label_width, value_width]
        # characters of 9.5 pt per line in a full-width value cell, a little pessimistic
        self.line_chars = max(8, int((width - label_width - 8) / BODY.fontSize) - 2)
        self.rows: list[list[Any]] = []
        self.style: list[tuple] = [
            ("FONT", (0, 0), (-1, -1), fonts.FONT, BODY.fontSize),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BOX", (0, 0), (-1, -1), 0.8, GRID),
            ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]

    def _add(self, row: list[Any], *cmds: tuple) -> int:
        n = len(self.rows)
        self.rows.append(row)
        self.style.extend(cmd[0:1] + tuple((c, n) if isinstance(c, int) else c for c in cmd[1:3])
                          + cmd[3:] for cmd in cmds)
        return n

    def section(self, title: str) -> None:
        n = self._add([raw(title, SECTION_TITLE), "", "", ""], ("SPAN", 0, 3),
                      ("BACKGROUND", 0, 3, SECTION))
        self.style.append(("LINEBELOW", (0, n), (-1, n), 0.6, GRID))

    def pair(self, label1: str, value1: object, label2: str = "", value2: object = "") -> None:
        if not label2:
            n = self._add([raw(label1, LABEL), self._value(value1), "", ""],
                          ("SPAN", 1, 3), ("BACKGROUND", 0, 0, SHADE))
            self.style += [("LINEBELOW", (0, n), (-1, n), 0.4, GRID),
                           ("LINEAFTER", (0, n), (0, n), 0.4, GRID)]
            return
        n = self._add([raw(label1, LABEL), self._value(value1), raw(label2, LABEL),
                       self._value(value2)],
                      ("BACKGROUND", 0, 0, SHADE), ("BACKGROUND", 2, 2, SHADE))
        self.style += [("LINEBELOW", (0, n), (-1, n), 0.4, GRID),
                       ("LINEAFTER", (0, n), (2, n), 0.4, GRID)]

    def full(self, label: str, value: object, *, empty: str = BLANK) -> None:
        """A full-width field; long text goes on as many rows as it needs."""
        pieces = chunks(value, line_chars=self.line_chars)
        first = len(self.rows)
        for i, piece in enumerate(pieces):
            self._add([raw(label, LABEL) if i == 0 else "", para(piece, empty=empty), "", ""],
                      ("SPAN", 1, 3), ("BACKGROUND", 0, 0, SHADE))
        last = len(self.rows) - 1
        if last > first:       # the pieces read as one text: no padding where they meet
            self.style += [("BOTTOMPADDING", (1, first), (3, last - 1), 0),
                           ("TOPPADDING", (1, first + 1), (3, last), 0)]
        self.style += [("LINEBELOW", (0, last), (-1, last), 0.4, GRID),
                       ("LINEAFTER", (0, first), (0, last), 0.4, GRID)]

    def flowable(self, label: str, item: Flowable) -> None:
        """A full-width row holding a flowable (a checkbox line, a small table)."""
        n = self._add([raw(label, LABEL), item, "", ""], ("SPAN", 1, 3),
                      ("BACKGROUND", 0, 0, SHADE))
        self.style += [("LINEBELOW", (0, n), (-1, n), 0.4, GRID),
                       ("LINEAFTER", (0, n), (0, n), 0.4, GRID)]

    def _value(self, value: object) -> Paragraph:
        # pair values are short fields; a hostile long one is cut rather than overflow
        text = clean(value)
        if len(text) > 300:
            text = text[:299] + "…"
        return para(text)

    def table(self) -> Table:
        table = Table(self.rows, colWidths=self.col_widths, style=TableStyle(self.style),
                      splitByRow=1, hAlign="LEFT")
        return table


CELL_HEIGHT = 300.0     # points: a table row taller than its frame stops reportlab (LayoutError)


def fit_cell(value: object, width: float, style: ParagraphStyle = BODY) -> object:
    """``value`` cut (with …) so that its cell stays well below a page's height in a column
    ``width`` wide. Text meant to be printed whole is cut in pieces with :func:`chunks`
    before it gets here; this only stops a runaway value from breaking the whole sheet."""
    if not isinstance(value, str) or len(value) < 40:
        return value
    per_line = max(1, int((width - 6) / style.fontSize))      # a CJK glyph is one em wide
    room = max(1, int(CELL_HEIGHT / (style.leading or style.fontSize * 1.2)))
    out: list[str] = []
    for line in clean(value).split("\n"):
        need = max(1, -(-len(line) // per_line))
        if need > room:
            out.append(line[: max(0, room * per_line - 1)] + "…")
            break
        out.append(line)
        room -= need
        if room <= 0:
            break
    text = "\n".join(out)
    return text if text == clean(value) else text.rstrip("…") + "…"


def grid_table(header: list[str], rows: list[list[Any]], col_widths: list[float], *,
               style: ParagraphStyle = BODY, header_style: ParagraphStyle = LABEL,
               zebra: bool = False, continued: Iterable[int] = ()) -> Table:
    """A table with a shaded header row repeated on every page; cells are escaped paragraphs
    (a cell given as a Flowable is used as it is). ``continued`` lists the indices in
    ``rows`` that go on with the row before (a long note cut in pieces): no line between."""
    data = [[raw(h, header_style) for h in header]]
    for row in rows:
        data.append([c if isinstance(c, Flowable) else para(fit_cell(c, w, style), style)
                     for c, w in zip(row, col_widths)])
    joined = set(continued)
    cmds = [
        ("FONT", (0, 0), (-1, -1), fonts.FONT, style.fontSize),
        ("LINEAFTER", (0, 0), (-2, -1), 0.4, GRID), ("LINEBELOW", (0, 0), (-1, 0), 0.4, GRID),
        ("BOX", (0, 0), (-1, -1), 0.8, GRID),
        *[("LINEBELOW", (0, i + 1), (-1, i + 1), 0.4, GRID)
          for i in range(len(rows)) if i + 1 not in joined],
        *[cmd for i in joined for cmd in (("TOPPADDING", (0, i + 1), (-1, i + 1), 0),
                                           ("BOTTOMPADDING", (0, i), (-1, i), 0))],
        ("BACKGROUND", (0, 0), (-1, 0), SECTION), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if zebra:
        cmds.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F6F6F6")]))
    return Table(data, colWidths=col_widths, repeatRows=1, style=TableStyle(cmds), hAlign="LEFT")


def check_line(label: str, checked: bool | None) -> Paragraph:
    """``label：■ 是　□ 否`` (filled box = chosen); ``None`` leaves both open."""
    box = lambda on: f'<font size="12">{"■" if on else "□"}</font>'  # noqa: E731
    return raw(f"{label}：{box(checked)} 是{GAP}{box(checked is False)} 否", BODY)


# ---------------------------------------------------------------- signatures

class SignatureBox(Flowable):
    """A framed box for one signature: the captured image with signer and time, a note that
    the paper original is signed, or blank lines for wet ink."""

    def __init__(self, title: str, entry: SignatureEntry | None, *, width: float | None = None,
                 height: float = 24 * mm) -> None:
        super().__init__()
        self.title, self.entry, self.box_width, self.height = clean(title), entry, width, height
        self.spaceBefore, self.spaceAfter = 2, 4
        self._image = None
        if entry is not None and entry.image:
            try:
                reader = ImageReader(io.BytesIO(entry.image))
                reader.getSize()
                self._image = reader
            except Exception:      # an unreadable image must not stop the print
                self._image = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = min(self.box_width or avail_width, avail_width)
        return self.width, self.height

    def draw(self) -> None:
        c, w, h, e = self.canv, self.width, self.height, self.entry
        c.saveState()
        c.setStrokeColor(GRID)
        c.setLineWidth(0.8)
        c.rect(0, 0, w, h)
        c.setFont(fonts.FONT, 9)
        c.drawString(4, h - 12, self.title)
        name = clean(e.signer_name) if e else ""
        signed = when(e.signed_at) if e and e.signed_at else ""
        if self._image is not None:
            iw, ih = self._image.getSize()
            box_w, box_h = min(60 * mm, w * 0.5), h - 18
            scale = min(box_w / iw, box_h / ih)
            c.drawImage(self._image, 6 + 14 * mm, 4, iw * scale, ih * scale, mask="auto")
            c.setFont(fonts.FONT, 9)
            right = 6 + 14 * mm + box_w + 8
            c.drawString(right, h / 2, f"签名人：{name or BLANK}")
            c.drawString(right, h / 2 - 13, f"日期：{signed or BLANK}")
        elif e is not None and e.on_paper:
            c.drawString(6, h / 2 - 8, f"已在纸质原件上签名　签名人：{name or BLANK}　日期：{signed or BLANK}")
        else:
            y = 9
            c.drawString(6, y, "签名：")
            c.line(6 + 28, y - 2, w * 0.52, y - 2)
            c.drawString(w * 0.56, y, "日期：")
            c.line(w * 0.56 + 28, y - 2, w - 8, y - 2)
            if name:
                c.setFillColor(MUTED)
                c.setFont(fonts.FONT, 8)
                c.drawString(6, h - 24, f"（{name}）")
        c.restoreState()


# ---------------------------------------------------------------- page furniture and build

def footer_lines(meta: RecordMeta, page: int, total: int) -> tuple[str, str, str]:
    """The footer's words: page x of y; version and printer; SHA-256 of the content."""
    version = f"版本 {meta.version}" if meta.version is not None else "版本 —"
    printed = "　".join(p for p in (
        f"打印：{clean(meta.printed_by)}" if meta.printed_by else "",
        when(meta.printed_at) if meta.printed_at else "") if p)
    sha = clean(meta.content_sha256) or BLANK
    return f"第 {page} 页 / 共 {total} 页", f"{version}　{printed}".strip(), f"SHA-256：{sha}"


class _Furniture:
    """Draws the header and footer of one page; ``header`` may be empty (a receipt strip)."""

    def __init__(self, meta: RecordMeta, header: tuple[str, str] | None,
                 margins: tuple[float, float]) -> None:
        self.meta, self.header, self.margins = meta, header, margins

    def __call__(self, c: Canvas, page: int, total: int) -> None:
        width, height = c._pagesize
        left, right = self.margins
        usable = width - left - right
        c.saveState()
        c.setStrokeColor(GRID)
        c.setLineWidth(0.5)
        if self.header:
            c.setFont(fonts.FONT, 8)
            c.setFillColor(MUTED)
            c.drawString(left, height - 10 * mm, clean(self.header[0]))
            c.drawRightString(width - right, height - 10 * mm, clean(self.header[1]))
            c.line(left, height - 11.5 * mm, width - right, height - 11.5 * mm)
        pages, version, sha = footer_lines(self.meta, page, total)
        size = 7
        f = fonts.font()
        c.setFillColor(colors.black)
        y = 6 * mm
        sha_size = size
        while f.stringWidth(sha, sha_size) > usable and sha_size > 6:
            sha_size -= 0.25
        sha_lines = [sha]
        if f.stringWidth(sha, sha_size) > usable:
            # narrow strip: the label above, the hash whole on its own line (a checker
            # reading the text back finds all 64 digits together)
            label, digits = sha.split("：", 1)
            sha_lines = [label + "：", digits]
            while f.stringWidth(digits, sha_size) > usable and sha_size > 4:
                sha_size -= 0.25
        c.setFont(fonts.FONT, sha_size)
        for line in reversed(sha_lines):
            c.drawString(left, y, line)
            y += sha_size + 2
        c.setFont(fonts.FONT, size)
        if f.stringWidth(version + pages, size) + 12 > usable:
            c.drawString(left, y, version)
            y += size + 2.5
            c.drawString(left, y, pages)
        else:
            c.drawString(left, y, version)
            c.drawRightString(width - right, y, pages)
        c.line(left, y + size + 1.5, width - right, y + size + 1.5)
        c.restoreState()


def numbered_canvas(draw: Any, created: datetime | None = None,
                    document_id: bytes = b"") -> type[Canvas]:
    """A canvas class that holds each page back until the document ends, so every page can
    say how many pages there are: ``draw(canvas, page, total)`` runs on each at save.
    ``created`` is written as the PDF's creation date and ``document_id`` (16 bytes) as its
    ID, so the same record printed twice is the same file byte for byte."""

    class PagedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # the page preamble selects a font: make it ours, or Helvetica would be listed
            kwargs["initialFontName"] = kwargs.get("initialFontName") or fonts.FONT
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:          # noqa: N802 - reportlab's name
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            for number, state in enumerate(self._held, 1):
                self.__dict__.update(state)
                draw(self, number, total)
                super().showPage()
            if created is not None:
                self._doc._timeStamp.YMDhms = created.timetuple()[:6]
                self.setDateFormatter(lambda *ymdhms: "D:%04d%02d%02d%02d%02d%02d" % ymdhms)
            if document_id:
                ids = PDFText(document_id, enc="raw").format(DummyDoc())
                self._doc._ID = b"\n[" + ids + ids + b"]\n"
            super().save()

    return PagedCanvas


_build_lock = threading.RLock()   # a TTFont's subset state is per document, not per thread


FRAME_PADDING = 6   # platypus frames keep 6 pt inside each margin


def frame_width(pagesize: tuple[float, float], margins: tuple[float, ...]) -> float:
    """The width flowables really get on a page with ``margins`` (left, right, ...)."""
    return pagesize[0] - margins[0] - margins[1] - 2 * FRAME_PADDING


def footer_height(narrow: bool = False) -> float:
    return (22 if narrow else 16) * mm


#: The program that lays out a print: a file laid out by another version may differ from
#: what this one makes of the same record (the keywords carry it; see ``pdf.compare``).
PRINTER = f"hall_desk-{__version__}+reportlab-{reportlab_version}"


def render(story: list[Flowable], meta: RecordMeta, *, title: str, number: str = "",
           pagesize: tuple[float, float], margins: tuple[float, float, float, float],
           header: bool = True) -> tuple[bytes, int]:
    """Build ``story`` into PDF bytes (left, right, top, bottom margins); returns the bytes
    and the page count. The PDF's keywords carry the record number, version and SHA-256 so
    a later check can read them without parsing the text."""
    fonts.font()
    left, right, top, bottom = margins
    head = (clean(meta.hall_name), f"{title}　{number}".strip()) if header else None
    furniture = _Furniture(meta, head, (left, right))
    pages: list[int] = []

    def count(canvas: Canvas, doc: Any) -> None:
        pages.append(canvas.getPageNumber())

    # ASCII only, so that the keywords stand in the file as plain bytes (a damaged file
    # still says which record it is); a number in Chinese keeps its ASCII characters
    keywords = ["hall_desk", "record:" + "".join(ch for ch in clean(number) if ch.isascii()),
                f"version:{meta.version if meta.version is not None else ''}",
                f"sha256:{clean(meta.content_sha256)}", f"printer:{PRINTER}"]
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=pagesize, leftMargin=left, rightMargin=right,
                            topMargin=top, bottomMargin=bottom,
                            title=f"{title} {clean(number)}".strip(), author=clean(meta.hall_name),
                            subject=title, creator="hall_desk", keywords=keywords,
                            invariant=1, initialFontName=fonts.FONT)
    with _build_lock:
        doc.build(story, onFirstPage=count, onLaterPages=count,
                  canvasmaker=numbered_canvas(furniture, printed_moment(meta.printed_at),
                                              document_id(title, number, meta)))
    return out.getvalue(), len(pages)


def printed_moment(value: datetime | str | None) -> datetime | None:
    """The print time as a datetime (the PDF's creation date), None when there is none."""
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return value if isinstance(value, datetime) else None


def document_id(title: str, number: str, meta: RecordMeta) -> bytes:
    """The PDF's ID: 16 bytes of the SHA-256 of what the print is (sheet, record, version,
    content hash, print time), the same for every print of it."""
    key = "\x1f".join((title, clean(number), str(meta.version), clean(meta.content_sha256),
                       str(printed_moment(meta.printed_at) or "")))
    return hashlib.sha256(key.encode("utf-8")).digest()[:16]


def as_date(value: object) -> str:
    """The date part only: ``2025-03-04`` from a date, a datetime or ISO text."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return clean(value) or BLANK
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return when(value)
