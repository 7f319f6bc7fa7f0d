"""Repeat complaints (重复投诉): the same customer on the same matter within the policy's window.

Same customer: the same phone number (its digits), or the same name when one of the two
tickets has no phone (anonymous tickets do not match by name). Same matter: the same category, or content
alike by the character-bigram Jaccard measure (:func:`similarity`) of at least the policy's
threshold. Chinese has no spaces between words, so overlapping pairs of characters stand in
for words: "电费比上月高" and "本月电费突然很高" share 电费 and 月; punctuation, spaces and
digits are dropped first (dates and amounts differ between two tellings of one matter).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

#: The default threshold: two tellings of one matter score about 0.25 and above,
#: two different matters of the same trade below 0.1 (see tests/core/test_closing_rules.py).
DEFAULT_THRESHOLD = 0.2


def _letters(text: str) -> str:
    return "".join(ch for ch in (text or "").lower() if ch.isalpha())


def bigrams(text: str) -> set[str]:
    """The set of adjacent character pairs of ``text``'s letters (a single letter: itself)."""
    letters = _letters(text)
    if len(letters) < 2:
        return {letters} if letters else set()
    return {letters[i:i + 2] for i in range(len(letters) - 1)}


def similarity(a: str, b: str) -> float:
    """Jaccard index of the two texts' bigram sets, 0..1 (0 when either is empty)."""
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 0.0
    return len(x & y) / len(x | y)


@dataclass(frozen=True)
class Case:
    """What the rule needs of one ticket."""

    id: int
    received_at: datetime
    phone_key: str
    name: str
    anonymous: bool
    category_id: int | None
    content: str


def same_customer(a: Case, b: Case) -> bool:
    """Same phone; or the same name when one of the two left no phone (two different
    phones with one common name, 张伟 or 李四, are two people)."""
    if a.phone_key and b.phone_key:
        return a.phone_key == b.phone_key
    named = a.name.strip() and not a.anonymous and not b.anonymous
    return bool(named) and a.name.strip() == b.name.strip()


def same_matter(a: Case, b: Case, threshold: float = DEFAULT_THRESHOLD) -> bool:
    if a.category_id is not None and a.category_id == b.category_id:
        return True
    return similarity(a.content, b.content) >= threshold


def earlier_matches(new: Case, earlier: Iterable[Case], *, days: int,
                    threshold: float = DEFAULT_THRESHOLD) -> list[Case]:
    """The earlier cases ``new`` repeats, newest first: same customer, same matter, received
    within ``days`` before it."""
    since = new.received_at - timedelta(days=days)
    found = [c for c in earlier
             if c.id != new.id and since <= c.received_at <= new.received_at
             and same_customer(new, c) and same_matter(new, c, threshold)]
    return sorted(found, key=lambda c: (c.received_at, c.id), reverse=True)
