"""Property-based tests of the intake form's rules (``core.validation.validate_intake``).

Hostile values for every field: control characters, NUL, lone surrogates, emoji, direction
marks, zero-width and ideographic spaces, huge texts, wrong JSON types, odd phone formats,
times out of range. Whatever comes in:

- the only exception is ValidationError, and each of its errors names a real intake field
  (the key is the field, the message carries the field's label in both languages);
- changing one field of a good form and getting a refusal names exactly that field;
- what is accepted is clean: stripped, bounded, free of control characters, of the right type.

Reproduce the figures: ``pytest tests/core/test_fuzz_intake.py --hypothesis-show-statistics``.
"""

from __future__ import annotations

import string
import unicodedata
from datetime import date, datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hall_desk.cli import INTAKE_KEYS
from hall_desk.core import i18n
from hall_desk.core.enums import CallbackWindow, Channel, EmotionalState, Priority, TicketKind
from hall_desk.core.errors import FieldError, ValidationError
from hall_desk.core.validation import LIMITS, YEARS, Phone, parse_phone, validate_intake

NOW = datetime(2026, 11, 23, 15, 30)
FUZZ = settings(max_examples=300, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])

TEXT_FIELDS = ["customer_name", "address", "content", "demand", "evidence_note", "business_type"]
CHOICE_FIELDS = {"kind": TicketKind, "channel": Channel, "emotional_state": EmotionalState,
                 "callback_window": CallbackWindow}
# 投诉对象 at intake names staff and departments: checked against the database like the
# category (services.lifecycle.intake_target, tests/services/test_intake_target.py)
TARGET_KEYS = {"target_kind", "target_staff", "target_department", "target_text"}
TIME_FIELDS = ["received_at", "agreed_due_at"]
FLAG_FIELDS = ["anonymous", "confirmed_by_customer"]
# a hotline's work order (core.hotline): source and number go together, the limit with them
HOTLINE_FIELDS = ["hotline_source", "hotline_number", "hotline_due_at"]
FIELDS = [*CHOICE_FIELDS, *TEXT_FIELDS, "phone", *TIME_FIELDS, "missing_materials", "priority",
          *FLAG_FIELDS, *HOTLINE_FIELDS]

GOOD = {"kind": "complaint", "channel": "phone", "customer_name": "张秀兰",
        "phone": "13812345678", "content": "营业员态度冷淡", "demand": "要求道歉",
        "received_at": "2026-11-23 09:00", "hotline_source": "95598",
        "hotline_number": "2026112300017", "hotline_due_at": "2026-11-30 09:00"}

HOSTILE_PIECES = ["\x00", "\x07", "\x1b[31m", "\x7f", "\u0085", "\ud800", "\udfff", "\u202e",
                  "\u200f", "\u200b", "\ufeff", "\u3000", "\u2028", "😀", "👨\u200d👩\u200d👧",
                  "\U0010ffff", "\ufffd", "<b>&amp;</b>", "'; DROP TABLE ticket;--", "%s{0}",
                  "ﷺ", "\u0301", "\n", "\r\n", "\t", " ", "张", "Ω", "١٢٣"]
texts = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(HOSTILE_PIECES) | st.text(max_size=4), max_size=12).map("".join),
    st.builds(lambda piece, n: piece * n, st.sampled_from(HOSTILE_PIECES + ["字", "a "]),
              st.integers(0, 6000)),
    st.sampled_from(["", " ", "\u3000\u3000", "\n\t", "\u200b\u200f"]),
)
wrong_types = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.lists(st.text(max_size=5), max_size=3), st.dictionaries(st.text(max_size=3), st.integers(),
                                                               max_size=2),
    st.binary(max_size=6), st.just(object()),
)
phones = st.one_of(
    st.from_regex(r"\A[+]?[0-9 ()\-.]{0,24}\Z"),
    st.sampled_from(["13812345678", "+86 138 1234 5678", "0086-138-1234-5678", "(010) 8888 6666",
                     "010-88886666", "400-810-8888", "１３８１２３４５６７８", "١٣٨١٢٣٤٥٦٧٨",
                     "138 1234 5678 ext 9", "+1 202 555 0100", "110", "00000000000",
                     "\u202e13812345678", "1381234567８", "138-1234-5678\x00"]),
    texts,
)
times = st.one_of(
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)),
    st.datetimes(timezones=st.just(timezone(timedelta(hours=8)))),
    st.dates().map(str), st.dates(),
    st.datetimes().map(lambda d: d.isoformat()),
    st.sampled_from(["2026-02-30 10:00", "2026-11-23T25:00", "0001-01-01", "9999-12-31 23:59",
                     "2026-11-23 09:00:00+08:00", "昨天", "2026/11/23", "  2026-11-23 08:00  "]),
    texts,
)
materials = st.one_of(st.lists(texts, max_size=35), st.lists(wrong_types, max_size=3), texts)
VALUES = {
    **{f: st.sampled_from(e.codes()) | texts | wrong_types for f, e in CHOICE_FIELDS.items()},
    **{f: texts | wrong_types for f in TEXT_FIELDS},
    "phone": phones | wrong_types,
    **{f: times | wrong_types for f in TIME_FIELDS},
    "missing_materials": materials | wrong_types,
    "priority": st.integers(-3, 8) | st.sampled_from(["3", " 4 ", "high", "2.0", "1e400"])
    | wrong_types,
    **{f: st.sampled_from([True, False, 0, 1, "true", "FALSE", "0", "yes", "否"]) | wrong_types
       for f in FLAG_FIELDS},
    "hotline_source": st.sampled_from(["95598", "12345", "other", "", "110"]) | texts
    | wrong_types,
    "hotline_number": st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9_./-]{0,45}\Z") | texts | wrong_types,
    "hotline_due_at": times | wrong_types,
}


def test_the_fuzzed_fields_are_the_intake_fields():
    """The JSON import's keys (less the category and the target, checked against the
    database) are exactly what these tests fuzz, so a new intake field cannot go unfuzzed."""
    assert set(FIELDS) == set(VALUES)
    assert INTAKE_KEYS - {"category"} - TARGET_KEYS == set(FIELDS) - {"priority"}


def check_rejection(exc: ValidationError, allowed: set[str]) -> None:
    assert exc.errors, "a refusal must say what is wrong"
    for key, err in exc.errors.items():
        assert key in allowed, f"refusal names {key!r}, not one of {sorted(allowed)}"
        assert isinstance(err, FieldError) and err.field == key
        assert i18n.has(f"field.{key}") and i18n.has(err.key), (key, err.key)
        for lang in i18n.LANGS:
            message = err.message(lang)
            assert message and i18n.text(f"field.{key}", lang) in message, (lang, message)
    exc.message("zh")
    exc.message("en")


def check_clean(out: dict) -> None:
    assert set(out) == set(FIELDS)
    for field, enum in CHOICE_FIELDS.items():
        assert isinstance(out[field], enum)
    for field in TEXT_FIELDS:
        text = out[field]
        multiline = field in ("content", "demand", "evidence_note")
        assert isinstance(text, str) and text == text.strip() and len(text) <= LIMITS[field]
        assert "\r\n" not in text
        assert not any(unicodedata.category(ch) in ("Cc", "Cs")
                       and not (multiline and ch in "\n\t\r") for ch in text), repr(text)
        text.encode("utf-8")                                 # storable in any database
    phone = out["phone"]
    assert isinstance(phone, Phone)
    if phone.key:
        assert phone.key.isdigit() and phone.key.isascii()
        assert parse_phone(phone.display) == phone            # the printed form reads back
    for field in TIME_FIELDS:
        moment = out[field]
        assert moment is None or (isinstance(moment, datetime) and moment.tzinfo is None
                                  and YEARS[0] <= moment.year <= YEARS[1])
    if out["received_at"]:
        assert out["received_at"] <= NOW + timedelta(minutes=1)
    if out["agreed_due_at"]:
        assert out["agreed_due_at"] > (out["received_at"] or NOW)
    assert isinstance(out["priority"], Priority)
    assert all(type(out[f]) is bool for f in FLAG_FIELDS)
    assert all(isinstance(m, str) and m == m.strip() and m for m in out["missing_materials"])
    number = out["hotline_number"]
    assert isinstance(number, str) and len(number) <= 40 and number == number.strip().upper()
    assert bool(number) == bool(out["hotline_source"])
    due = out["hotline_due_at"]
    assert due is None or (number and isinstance(due, datetime) and due.tzinfo is None
                           and due > (out["received_at"] or NOW))


@FUZZ
@given(st.fixed_dictionaries({}, optional=VALUES))
def test_any_form_is_accepted_clean_or_refused_by_field(data):
    try:
        out = validate_intake(data, now=NOW)
    except ValidationError as exc:
        check_rejection(exc, set(FIELDS))
    else:
        check_clean(out)
        for field in ("customer_name", "phone", "content", "demand"):
            value = data.get(field)
            if isinstance(value, str) and value.strip() and field != "phone":
                assert out[field] == value.replace("\r\n", "\n").strip()


@FUZZ
@given(st.sampled_from(FIELDS).flatmap(lambda f: st.tuples(st.just(f), VALUES[f])))
def test_one_bad_field_is_named_alone(change):
    field, value = change
    data = dict(GOOD, **{field: value})
    try:
        out = validate_intake(data, now=NOW)
    except ValidationError as exc:
        named = set(exc.errors)
        if field == "kind":
            # another kind requires other fields; GOOD fills every kind's required fields
            assert named == {"kind"}
        else:
            assert named == {field}, (field, value, named)
        check_rejection(exc, {field})
    else:
        check_clean(out)


@FUZZ
@given(st.text(alphabet=string.digits + " -+()", max_size=40))
def test_phone_text_never_escapes_as_a_crash(text):
    try:
        phone = parse_phone(text)
    except FieldError as exc:
        assert exc.field == "phone" and exc.key == "error.phone_invalid"
    else:
        assert phone.key.isdigit() and 7 <= len(phone.key) <= 12


def test_known_hostile_values_are_refused_with_their_field():
    """The inputs the fuzzing found (each once a crash or a wrong acceptance)."""
    cases = {
        "priority": [float("inf"), float("nan"), True, 2.7],        # OverflowError; silent casts
        "content": ["\ud800 孤立代理", "\u200b\u200f"],                # no database stores it; blank
        "customer_name": [{"a": 1}, ["张三"]],                       # str() of a dict was accepted
        "phone": ["1" * 40, ["13812345678"]],                        # FieldError escaped
        "received_at": ["0001-01-01 00:00", 20261123, date(1, 1, 1)],  # overflow in the deadlines
        "agreed_due_at": ["9999-12-31 23:59"],
        "anonymous": ["false", "no", [1]],                           # "false" meant anonymous
    }
    for field, values in cases.items():
        for value in values:
            data = dict(GOOD, **{field: value})
            if field == "anonymous" and value == "false":
                assert validate_intake(data, now=NOW)["anonymous"] is False
                continue
            try:
                validate_intake(data, now=NOW)
            except ValidationError as exc:
                assert set(exc.errors) == {field}, (field, value, exc.errors)
            else:
                raise AssertionError(f"{field}={value!r} was accepted")
