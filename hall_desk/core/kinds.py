"""Ticket kinds (投诉, 诉求, 举报, 咨询, 建议): one table, one entry per kind.

Everything that differs by kind reads its entry here: the letters of its ticket numbers, the
intake fields it requires, whether it runs the light lifecycle (may be archived without a
callback, and needs a callback only when the policy dates one), whether whom it is about
(投诉对象) is recorded, whether a repeat of an earlier case raises its priority, whether
intake asks for the business and the missing materials (一次性告知单), its name in Chinese
and English and the title of its record sheet. The time limits per kind stay in the policy
(``kinds = [...]`` of each rule), since halls edit those.

:class:`TicketKind` is not a closed :class:`enum.Enum` but a string type backed by this table:
``TicketKind("complaint")`` gives the table's member (``ValueError`` for a code not in it),
``TicketKind.COMPLAINT`` names a built-in one, iterating gives every kind in table order and
``TicketKind.codes()`` their codes. It behaves like the string enums of
:mod:`hall_desk.core.enums` (``.value``, ``is`` comparison, str equality, JSON as its code),
but :func:`register` can add a kind at run time, as a hall with its own kind, or a test,
does: the table, the policy's rules and the words are then all a new kind needs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from hall_desk.core import i18n


@dataclass(frozen=True)
class Kind:
    """One kind of ticket."""

    code: str                      # stored in the database, used on the command line
    letters: str                   # ticket number prefix: pinyin initials (TS for 投诉)
    zh: str                        # its name, Chinese
    en: str                        # its name, English
    required: frozenset[str]       # intake fields that may not be empty
    light: bool = False            # archived without a callback; a callback only by policy
    target: bool = False           # whom it is about (投诉对象) can be recorded
    repeats: bool = False          # a repeat of an earlier case (core.repeats) is raised to high priority
    materials: bool = False        # intake takes the business and the missing materials (一次性告知)
    sheet: str = ""                # record sheet title; default 客户{zh}记录表

    @property
    def sheet_title(self) -> str:
        return self.sheet or f"客户{self.zh}记录表"

    def title(self, lang: str | None = None) -> str:
        return self.zh if (lang or i18n.language()) == "zh" else self.en


_PERSON = frozenset({"customer_name", "phone", "content", "demand"})
_CONTENT = frozenset({"content"})

BUILT_IN: tuple[Kind, ...] = (
    Kind("complaint", "TS", "投诉", "Complaint", _PERSON, target=True, repeats=True,
         sheet="客户投诉记录表"),
    Kind("request", "SQ", "诉求", "Request", _PERSON, materials=True),
    # a report (举报) may come with no name or phone
    Kind("report", "JB", "举报", "Report", _CONTENT, target=True),
    Kind("consultation", "ZX", "咨询", "Consultation", _CONTENT, light=True),
    Kind("suggestion", "JY", "建议", "Suggestion", _CONTENT, light=True),
)

_TABLE: dict[str, Kind] = {}


class _KindType(type):
    """Makes the class itself the table's view: iteration, ``in``, len and lookup by code."""

    def __iter__(cls) -> Iterator[TicketKind]:
        return iter([cls._members[code] for code in _TABLE])

    def __len__(cls) -> int:
        return len(_TABLE)

    def __contains__(cls, value: object) -> bool:
        return isinstance(value, str) and value in _TABLE

    def __call__(cls, value: object) -> TicketKind:
        if isinstance(value, cls) and value in _TABLE:
            return value
        if isinstance(value, str) and value in _TABLE:
            return cls._members[value]
        raise ValueError(f"{value!r} is not a ticket kind")


class TicketKind(str, metaclass=_KindType):
    """A ticket kind's code, one interned member per entry of the table."""

    _members: dict[str, TicketKind] = {}
    COMPLAINT: TicketKind
    REQUEST: TicketKind
    REPORT: TicketKind
    CONSULTATION: TicketKind
    SUGGESTION: TicketKind

    @property
    def value(self) -> str:
        return str.__str__(self)

    @property
    def name(self) -> str:
        return self.value.upper().replace("-", "_")

    @property
    def entry(self) -> Kind:
        return _TABLE[self.value]

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"<TicketKind.{self.name}: {self.value!r}>"

    def __reduce__(self):
        return (TicketKind, (self.value,))

    @classmethod
    def codes(cls) -> list[str]:
        return list(_TABLE)


def register(kind: Kind) -> TicketKind:
    """Add ``kind`` to the table (and its name to the words as ``kind.<code>``)."""
    if kind.code in _TABLE:
        raise ValueError(f"ticket kind {kind.code!r} exists")
    if any(k.letters == kind.letters for k in _TABLE.values()):
        raise ValueError(f"ticket number letters {kind.letters!r} are taken")
    if not (kind.letters.isascii() and kind.letters.isalpha() and kind.letters.isupper()):
        raise ValueError(f"ticket number letters {kind.letters!r}: capital letters A-Z only")
    _TABLE[kind.code] = kind
    member = TicketKind._members.get(kind.code) or str.__new__(TicketKind, kind.code)
    TicketKind._members[kind.code] = member
    i18n.register({f"kind.{kind.code}": (kind.zh, kind.en)})
    return member


def unregister(code: str) -> None:
    """Remove a kind added by :func:`register` (the built-in ones stay)."""
    if any(k.code == code for k in BUILT_IN):
        raise ValueError(f"ticket kind {code!r} is built in")
    _TABLE.pop(code, None)


def get(kind: str) -> Kind:
    """The entry of ``kind`` (a code or a :class:`TicketKind`); ValueError when unknown."""
    try:
        return _TABLE[str.__str__(kind)]
    except (KeyError, TypeError):
        raise ValueError(f"{kind!r} is not a ticket kind") from None


def every() -> list[Kind]:
    return list(_TABLE.values())


def by_letters(letters: str) -> Kind | None:
    return next((k for k in _TABLE.values() if k.letters == letters), None)


def sheet_title(kind: str | None) -> str:
    """The printed record sheet's title for ``kind`` (客户投诉记录表); a kind no longer in
    the table (a stored record) gets 客户{its Chinese name, else its code}记录表."""
    try:
        return get(kind or "complaint").sheet_title
    except ValueError:
        name = i18n.text(f"kind.{kind}", "zh") if i18n.has(f"kind.{kind}") else kind
        return f"客户{name}记录表"


for _kind in BUILT_IN:
    setattr(TicketKind, _kind.code.upper(), register(_kind))
del _kind
