"""Taking a customer's identity out of free text, for the training booklet of typical cases
(典型案例汇编, domain.md M3/M4): the booklet is read by staff of other halls, so no name,
phone, address, ticket number or number that could identify a customer may survive.

:func:`scrub` replaces the given names and addresses wherever they stand (also split by
spaces), then every run of digits that looks like a phone, an ID card, a bank account or a
ticket number (seven or more digits, also written with spaces, dashes or dots between
them). Short numbers (amounts, days, hours) stay: the case needs them to be understood.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from hall_desk.core import numbering

#: What a removed piece becomes.
NAME_MARK = "某某"
NUMBER_MARK = "＊＊＊"

# seven or more digits (an 18-digit ID may end in X), with single spaces, dashes or dots
# between them; +86 in front is part of it
_LONG_NUMBER = re.compile(
    r"(?<![0-9０-９])\+?(?:86[\s\-.])?[0-9０-９](?:[\s\-.－—]?[0-9０-９]){6,}[0-9０-９Xx]?(?![0-9])")
_TICKET = re.compile(numbering.NUMBER_PATTERN)
# 138****1111 and the like: a masked phone is still a phone's pieces
_MASKED = re.compile(r"[0-9]{2,4}[\s\-]?[*＊]{3,}[\s\-]?[0-9]{2,4}")


_HONORIFIC = r"[\s]*(?=女士|先生|小姐|阿姨|师傅|大爷|大妈|老人)"


def _spaced(word: str) -> re.Pattern[str]:
    """``word`` also with spaces or dots between its characters (王 丽, 王.丽)."""
    return re.compile(r"[\s.·]*".join(re.escape(ch) for ch in word if not ch.isspace()))


def scrub(text: str | None, names: Iterable[str] = ()) -> str:
    """``text`` without the ``names`` (customer, staff, address, anything known to identify
    someone) and without numbers that could identify a customer."""
    out = str(text or "")
    words = sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len,
                   reverse=True)
    for word in words:
        out = _spaced(word).sub(NAME_MARK, out)
        if 2 <= len(word) <= 4 and not word.isascii():   # 王丽 also as 王女士, 欧阳明月 as 欧阳先生
            for surname in ({word[:2], word[0]} if len(word) >= 3 else {word[0]}):
                out = re.sub(re.escape(surname) + _HONORIFIC, "某", out)
    out = _TICKET.sub(NUMBER_MARK, out)
    out = _MASKED.sub(NUMBER_MARK, out)
    return _LONG_NUMBER.sub(_number, out)


_DATE = re.compile(r"(?:19|20)[0-9]{2}([\-./])[01]?[0-9]\1[0-3]?[0-9]")


def _number(found: re.Match[str]) -> str:
    """A date (2026-11-23) is kept: it names no one and the case needs it."""
    return found.group() if _DATE.fullmatch(found.group()) else NUMBER_MARK
