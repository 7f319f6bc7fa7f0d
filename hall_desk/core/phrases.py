"""The counter's words (domain.md §3.2, §5.2; M1 第四条, M4): the phrases a clerk says at each
moment of serving a customer, and the check of a written reply for vague promises.

Phrases at hand. M1 第四条 gives the 开场三句话 ("您好，请坐，请问办理什么业务？" with a gesture
to the seat), the 服务七声 (问候声 when a customer arrives, 回应声 when asked, 致歉声 when the
customer waited or was troubled, 致谢声 for cooperation, 提醒声 at a key moment, 告知声 when
leaving the counter, 道别声 at the end) and polite farewell words; M4 trains the read-back
("您是说……，对吗？") and reassuring an upset customer. Each phrase belongs to one
:class:`Moment`; the moments are fixed here, the phrases are a versioned template
(``resources/templates/phrases.toml``, an administrator's edited copy in the settings).

Vague promises. M4: never promise "尽快"; give a concrete time ("将在24小时内反馈进展"). The
words to look for are part of the template. :func:`vague_promises` finds them with their
positions and leaves out three cases that are no promise:

- the clause is the customer's wish, not ours: a customer marker (客户要求, 用户希望 …) comes
  before the word in the same clause ("客户要求尽快处理");
- the word is followed by an act done there and then ("马上为您查询": the clerk is doing it);
- the same sentence gives a concrete time ("我们会尽快处理，最迟明天17:00前答复").

In ``intake`` mode (the registration's texts are mostly the customer's account) a word counts
only when its clause also has a promise marker (会, 将, 给您 …), so "马上就要过年了" passes
while "我们会尽快联系您" does not. In ``reply`` mode (a reply, a solution: the hall speaks)
every other occurrence counts. It is a heuristic, hence a warning the clerk may override,
never a refusal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from hall_desk.core import templates
from hall_desk.core.errors import FieldError, HallError, ValidationError
from hall_desk.core.enums import EmotionalState


class Moment(StrEnum):
    """When a phrase is said; the order is the order of serving a customer."""

    OPENING = "opening"            # 开场三句话
    GREETING = "greeting"          # 问候声: the customer arrives
    RESPONSE = "response"          # 回应声: the customer asks
    READBACK = "readback"          # 复述确认 (M4)
    REASSURANCE = "reassurance"    # 安抚: an upset or anxious customer (M1 第四条(九), M4)
    APOLOGY = "apology"            # 致歉声: the customer waited or was troubled
    THANKS = "thanks"              # 致谢声: the customer cooperated
    REMINDER = "reminder"          # 提醒声: a key moment
    TELLING = "telling"            # 告知声: leaving the counter for a moment
    FAREWELL = "farewell"          # 道别声 and 礼貌用语 at the end


#: The states of mind for which the reassurance phrases are offered first.
UPSET_STATES = frozenset({EmotionalState.ANGRY, EmotionalState.ANXIOUS,
                          EmotionalState.AGITATED})

#: The moments each place offers (the reassurance ones only for an upset customer).
PLACES: dict[str, tuple[Moment, ...]] = {
    "intake": tuple(Moment),
    "reply": (Moment.APOLOGY, Moment.THANKS, Moment.REASSURANCE, Moment.REMINDER,
              Moment.FAREWELL),
    "callback": (Moment.GREETING, Moment.READBACK, Moment.APOLOGY, Moment.THANKS,
                 Moment.REASSURANCE, Moment.FAREWELL),
}

PHRASE_MAX = 200        # characters of one phrase
PHRASES_MAX = 30        # phrases of one moment
WORD_MAX = 16           # characters of one listed word
WORDS_MAX = 60          # words in one list
LISTS = ("vague_words", "customer_markers", "promise_markers", "immediate_acts")
CLAUSE_END = "，,。；;！!？?\n：:"
SENTENCE_END = "。；;！!？?\n"
# a concrete time: 24小时, 3个工作日, 17:00, 明天, 本周五, 10月8日 ...
CONCRETE_TIME = re.compile(
    r"\d+\s*(?:个)?(?:小时|分钟|工作日|天|日|周|月|点|时)|\d{1,2}\s*[:：]\s*\d{2}"
    r"|[一二三四五六七八九十两半]+\s*(?:个)?(?:小时|分钟|工作日|天|周)"
    r"|今天|今日|明天|明日|后天|本周[一二三四五六日天]|下周[一二三四五六日天]|月底前|周[一二三四五六日天]前")


@dataclass(frozen=True)
class Phrase:
    moment: Moment
    zh: str
    en: str = ""

    def text(self, lang: str = "zh") -> str:
        return self.en if lang == "en" and self.en else self.zh


@dataclass(frozen=True)
class Template:
    """The phrases by moment and the word lists of the vague-promise check."""

    version: int
    phrases: tuple[Phrase, ...]
    vague_words: tuple[str, ...]
    customer_markers: tuple[str, ...] = ()
    promise_markers: tuple[str, ...] = ()
    immediate_acts: tuple[str, ...] = ()

    def of(self, moment: Moment | str) -> list[Phrase]:
        return [p for p in self.phrases if p.moment == Moment(moment)]

    def as_dict(self) -> dict[str, Any]:
        """Plain data (settings JSON; :func:`template_from_dict` reads it)."""
        return {"version": self.version,
                "phrases": [{"moment": p.moment.value, "zh": p.zh, "en": p.en}
                            for p in self.phrases],
                **{name: list(getattr(self, name)) for name in LISTS}}

    def same_content(self, other: Template) -> bool:
        mine, theirs = self.as_dict(), other.as_dict()
        mine.pop("version")
        theirs.pop("version")
        return mine == theirs


@dataclass(frozen=True)
class VaguePromise:
    """One vague word found: ``text[start:end] == word``."""

    word: str
    start: int
    end: int


def _clean(value: Any, limit: int) -> str:
    return " ".join(str(value).split())[:limit + 1] if isinstance(value, str) else ""


def _word_list(errors: dict[str, HallError], name: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, (list, tuple)):
        errors[name] = FieldError(name, "phrases.error.not_list", field=f"phrases.field.{name}")
        return ()
    words: list[str] = []
    for raw in value:
        word = _clean(raw, WORD_MAX)
        if not word or len(word) > WORD_MAX:
            errors[name] = FieldError(name, "phrases.error.word", field=f"phrases.field.{name}",
                                      value=str(raw)[:WORD_MAX + 4], max=WORD_MAX)
            continue
        if word not in words:
            words.append(word)
    if len(words) > WORDS_MAX:
        errors[name] = FieldError(name, "phrases.error.too_many", field=f"phrases.field.{name}",
                                  max=WORDS_MAX)
    return tuple(words)


def template_from_dict(data: Mapping[str, Any]) -> Template:
    """A validated template from plain data: ``version``, ``phrases`` ([{moment, zh, en}]),
    ``vague_words`` and the context lists. Raises ValidationError naming every bad field
    (keys: ``version``, ``phrases``, ``phrases.<n>``, ``vague_words``, ...)."""
    errors: dict[str, HallError] = {}
    if not isinstance(data, Mapping):
        raise ValidationError({"phrases": FieldError("phrases", "phrases.error.not_list",
                                                     field="phrases.field.phrases")})
    version = data.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= 10**6:
        errors["version"] = FieldError("version", "phrases.error.version",
                                       field="phrases.field.version")
        version = 1
    raw_phrases = data.get("phrases") or []
    phrases: list[Phrase] = []
    if not isinstance(raw_phrases, (list, tuple)):
        errors["phrases"] = FieldError("phrases", "phrases.error.not_list",
                                       field="phrases.field.phrases")
        raw_phrases = []
    for n, raw in enumerate(raw_phrases, 1):
        key = f"phrases.{n}"
        if not isinstance(raw, Mapping):
            errors[key] = FieldError(key, "phrases.error.phrase", n=n)
            continue
        try:
            moment = Moment(str(raw.get("moment", "")))
        except ValueError:
            errors[key] = FieldError(key, "phrases.error.moment", n=n,
                                     value=str(raw.get("moment"))[:32])
            continue
        zh, en = _clean(raw.get("zh"), PHRASE_MAX), _clean(raw.get("en", ""), PHRASE_MAX)
        if not zh:
            errors[key] = FieldError(key, "phrases.error.empty", n=n)
        elif len(zh) > PHRASE_MAX or len(en) > PHRASE_MAX:
            errors[key] = FieldError(key, "phrases.error.long", n=n, max=PHRASE_MAX)
        else:
            phrases.append(Phrase(moment, zh, en))
    for moment in Moment:
        if sum(p.moment == moment for p in phrases) > PHRASES_MAX:
            errors["phrases"] = FieldError("phrases", "phrases.error.too_many",
                                           field="phrases.field.phrases", max=PHRASES_MAX)
    lists = {name: _word_list(errors, name, data.get(name)) for name in LISTS}
    if not lists["vague_words"] and "vague_words" not in errors:
        errors["vague_words"] = FieldError("vague_words", "error.required",
                                           field="phrases.field.vague_words")
    if errors:
        raise ValidationError(errors)
    return Template(version=version, phrases=tuple(phrases), **lists)


def parse_template(text: str) -> Template:
    """A template from its TOML text (``resources/templates/phrases.toml``)."""
    return template_from_dict(templates.loads(text, "phrases.error.toml"))


def edited(template: Template, *, phrases: Iterable[Phrase] | None = None,
           **lists: Iterable[str]) -> Template:
    """A copy of ``template`` with other phrases or word lists and the next version."""
    data = template.as_dict()
    if phrases is not None:
        data["phrases"] = [{"moment": p.moment.value, "zh": p.zh, "en": p.en} for p in phrases]
    for name, words in lists.items():
        if name not in LISTS:
            raise TypeError(name)
        data[name] = list(words)
    data["version"] = template.version + 1
    return template_from_dict(data)


def is_upset(emotion: str | None) -> bool:
    """Whether a recorded state of mind (``EmotionalState`` value) asks for reassurance."""
    return emotion in {s.value for s in UPSET_STATES}


def moments_for(place: str, upset: bool = False) -> list[Moment]:
    """The moments a place offers, in order; for an upset customer the reassurance comes
    first, otherwise it is left out."""
    moments = list(PLACES[place])
    if Moment.REASSURANCE in moments:
        moments.remove(Moment.REASSURANCE)
        if upset:
            moments.insert(0, Moment.REASSURANCE)
    return moments


# ---------------------------------------------------------------- vague promises

def _bounds(text: str, start: int, end: int, stops: str) -> tuple[int, int]:
    left = max((text.rfind(c, 0, start) for c in stops), default=-1) + 1
    rights = [i for i in (text.find(c, end) for c in stops) if i >= 0]
    return left, min(rights, default=len(text))


def vague_promises(text: str, template: Template, mode: str = "reply") -> list[VaguePromise]:
    """Every vague promise in ``text`` with its position, in order (see the module's
    docstring for what is left out). ``mode`` is ``"reply"`` or ``"intake"``."""
    if mode not in ("reply", "intake"):
        raise ValueError(mode)
    found: list[VaguePromise] = []
    taken: set[int] = set()
    # longer words first, so 过几天 is one finding and not also 几天 if both are listed
    for word in sorted(template.vague_words, key=len, reverse=True):
        for match in re.finditer(re.escape(word), text):
            start, end = match.span()
            if taken & set(range(start, end)):
                continue
            c_left, c_right = _bounds(text, start, end, CLAUSE_END)
            before = text[c_left:start]
            after = text[end:c_right]
            if any(m in before for m in template.customer_markers):
                continue
            if any(after.lstrip().startswith(act) for act in template.immediate_acts):
                continue
            s_left, s_right = _bounds(text, start, end, SENTENCE_END)
            if CONCRETE_TIME.search(text[s_left:start] + text[end:s_right]):
                continue
            if mode == "intake" and not any(m in text[c_left:c_right].replace(word, "")
                                            for m in template.promise_markers):
                continue
            taken.update(range(start, end))
            found.append(VaguePromise(word, start, end))
    return sorted(found, key=lambda f: f.start)
