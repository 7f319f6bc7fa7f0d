"""The one CJK font of every printed record, registered once and embedded as a subset.

WenQuanYi Micro Hei ships in ``resources/fonts`` as a TrueType collection; subfont 0 is the
proportional face. reportlab embeds only the glyphs a document uses, with a ToUnicode map,
so the PDF looks the same (and its text can be extracted) on a PC with no Chinese fonts.
reportlab cannot synthesise bold for TrueType: headings are drawn larger, and titles with
a fill-and-stroke text render mode (see :mod:`hall_desk.pdf.layout`).
"""

from __future__ import annotations

import threading

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from hall_desk import paths
from hall_desk.core.errors import HallError

FONT = "WQYMicroHei"
FONT_FILE = ("fonts", "wqy-microhei.ttc")


class FontMissing(HallError):
    """The print font cannot be found or read; nothing can be printed until it is reinstalled."""

    key = "error.pdf_font_missing"


_lock = threading.Lock()
_font: TTFont | None = None


def font() -> TTFont:
    """The registered print font (registering it on first use). Raises :class:`FontMissing`."""
    global _font
    if _font is not None:
        return _font
    with _lock:
        if _font is None:
            path = paths.resource_path(*FONT_FILE)
            if not path.is_file():
                raise FontMissing(path=str(path))
            try:
                loaded = TTFont(FONT, str(path), subfontIndex=0)
            except (TTFError, OSError, ValueError, IndexError) as exc:
                raise FontMissing("error.pdf_font_bad", path=str(path),
                                  detail=f"{exc.__class__.__name__}: {exc}") from exc
            pdfmetrics.registerFont(loaded)
            _font = loaded
    return _font


def has_glyph(ch: str) -> bool:
    """True when the print font can draw the character ``ch``."""
    return ord(ch) in font().face.charToGlyph


def forget() -> None:
    """Drop the cached font (tests that point the resources elsewhere)."""
    global _font
    with _lock:
        _font = None
