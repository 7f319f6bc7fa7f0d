"""Customer text made safe for a Paragraph, and the Chinese words of printed records.

Whatever a customer said is printed: ``<``, ``&``, quotes, tabs, control characters, emoji,
blank lines, thousands of characters. :func:`clean` keeps what the font can draw, :func:`markup`
turns it into Paragraph markup, :func:`chunks` cuts long text into pieces that each fit on a
page (a single table cell taller than a page would stop reportlab).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from xml.sax.saxutils import escape

from hall_desk.core import i18n
from hall_desk.pdf.fonts import font, has_glyph

PLACEHOLDER = "□"
BLANK = "—"

_NEWLINES = re.compile(r"\r\n|\r|\u2028|\u2029|\x0b|\x0c|\x85")
_MANY_BLANK_LINES = re.compile(r"\n[ \t\u3000]*(?:\n[ \t\u3000]*){2,}")
_NEVER = {"Cc", "Cf", "Cs"}                       # controls, format characters, surrogates
_DROP_CATEGORIES = {"Mn", "Me", "Co", "Cn"}        # marks and unknowns the font lacks


_kept: tuple[object, set[str]] = (None, set())   # (font, characters printed as they are)


def _kept_chars() -> set[str]:
    """Characters already found printable as they are, for the current print font."""
    global _kept
    current = font()
    if _kept[0] is not current:
        _kept = (current, {"\n"})
    return _kept[1]


def clean(value: object) -> str:
    """``value`` as text the print font can draw: line ends made ``\\n``, runs of blank lines
    cut to one, tabs made spaces, control/format characters dropped, anything else the
    font lacks (emoji, rare symbols) replaced by □. ``None`` becomes ""."""
    if value is None:
        return ""
    text = _NEWLINES.sub("\n", str(value)).replace("\t", "    ")
    text = _MANY_BLANK_LINES.sub("\n\n", text)
    kept = _kept_chars()
    if kept.issuperset(text):      # the usual case, a set test instead of a look per character
        return text.strip("\n")
    out = []
    for ch in text:
        if ch == "\n":
            out.append(ch)
            continue
        category = unicodedata.category(ch)
        if category in _NEVER:
            continue               # NUL and other controls, ZWJ, BOM, lone surrogates
        if has_glyph(ch):
            kept.add(ch)
            out.append(ch)
        elif category in _DROP_CATEGORIES:
            continue               # variation selectors, skin tones' marks, unassigned
        elif out and out[-1] == PLACEHOLDER:
            continue               # one □ for a run (a skin-tone emoji is still one □)
        else:
            out.append(PLACEHOLDER)
    return "".join(out).strip("\n")


def markup(value: object, *, empty: str = BLANK) -> str:
    """Paragraph markup of ``value``: cleaned, XML-escaped, newlines as ``<br/>``, runs of
    spaces kept."""
    text = clean(value)
    if not text.strip():
        return escape(empty)
    text = escape(text)
    text = re.sub(r"  +", lambda m: "\xa0" * len(m.group()), text)
    return text.replace("\n", "<br/>")


def chunks(value: object, *, line_chars: int = 40, max_lines: int = 12) -> list[str]:
    """Cut ``value`` (cleaned) into pieces of about ``max_lines`` printed lines of
    ``line_chars`` characters each, at line ends where possible; always at least one piece."""
    text = clean(value)
    limit = line_chars * max_lines
    pieces: list[str] = []
    current: list[str] = []
    cost = 0
    for line in text.split("\n"):
        while len(line) > limit:                      # one endless line: cut it hard
            if current:
                pieces.append("\n".join(current))
                current, cost = [], 0
            pieces.append(line[:limit])
            line = line[limit:]
        lines = max(1, -(-len(line) // line_chars))
        if current and cost + lines > max_lines:
            pieces.append("\n".join(current))
            current, cost = [], 0
        current.append(line)
        cost += lines
    if current:
        pieces.append("\n".join(current))
    return pieces or [""]


# Chinese line breaking (GB/T 15834 marks; W3C "Requirements for Chinese Text Layout" 3.1.7):
# no line starts with a closing mark and none ends with an opening one. reportlab's CJK wrap
# knows only ASCII and Japanese closing marks, lets one hang past the margin, and ignores
# opening ones; layout.FastParagraph breaks its lines with :func:`line_break` instead.
NO_LINE_START = frozenset("，。、；：？！）》」』】〉〕〗｝］’”…‥·%‰℃°!),.:;?]}")
NO_LINE_END = frozenset("（《「『【〈〔〖｛［‘“([{")


def may_break(text: str, at: int) -> bool:
    """Whether a line may end before ``text[at]`` by the punctuation rules."""
    return text[at] not in NO_LINE_START and text[at - 1] not in NO_LINE_END


def _inside_word(text: str, at: int) -> bool:
    before, after = text[at - 1], text[at]
    return before.isascii() and after.isascii() and before.isalnum() and after.isalnum()


def line_break(text: str, start: int, end: int) -> int:
    """Where the line that begins at ``text[start]`` ends, when ``text[end]`` no longer fits
    on it: at ``end``, or moved back (the characters after it go to the next line) so that
    the punctuation rules hold and, within the line's second half, not inside a Latin word
    or number. A line keeps at least one character; where nothing else is possible the
    break stays at ``end``."""
    half = (start + end) // 2
    for at in range(end, max(start, half), -1):
        if may_break(text, at) and not _inside_word(text, at):
            return at
    for at in range(end, start, -1):
        if may_break(text, at):
            return at
    return end


def truncate(value: object, limit: int) -> str:
    """``value`` cleaned, on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(clean(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def when(value: object, *, seconds: bool = False) -> str:
    """A date/time for print: ``2025-03-04 09:12``; ISO strings are accepted; empty → —."""
    if value in (None, ""):
        return BLANK
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return clean(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return clean(value)


def label(prefix: str, code: object, *, empty: str = BLANK) -> str:
    """The Chinese label of ``prefix.code`` from the words catalogue (``label("kind",
    "complaint")`` → 投诉); an unknown code is printed as it is."""
    if code in (None, ""):
        return empty
    key = f"{prefix}.{code}"
    return i18n.text(key, "zh") if i18n.has(key) else clean(code)


def hotline_ref(t) -> str:
    """A hotline work order's source and number as every ticket sheet prints them beside the
    ticket number (``95598 供电服务热线 2026112000123``); "" for a ticket without one, whose
    sheets stay as they were."""
    from hall_desk.core import hotline

    number = clean(t.get("hotline_number"))
    return f"{clean(hotline.label(t.get('hotline_source') or '', 'zh'))} {number}" if number else ""
