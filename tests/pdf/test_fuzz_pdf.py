"""Property-based tests of every PDF builder with hostile plain data.

Each builder gets the plain data its service gives it (``tests/pdf_helpers.py`` for tickets
and ledger rows; ``tests/data/pdf_fuzz_samples.json``, captured from a demo hall's services,
for the handover, duty log, reception record and statistics report) with its text, numbers
and lists mutated: control characters, NUL, lone surrogates, emoji, right-to-left marks,
markup, huge texts, empty and long lists. Every build must give a PDF whose text reads back
(with the ticket number where the sheet carries one); no exception at all.

Reproduce the figures: ``pytest tests/pdf/test_fuzz_pdf.py --hypothesis-show-statistics``.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from hall_desk import pdf
from hall_desk.pdf.handover import duty_log_sheet, handover_sheet
from hall_desk.pdf.reception import reception_record
from hall_desk.pdf.statistics import statistics_report

from tests.pdf_helpers import demo_meta, demo_ticket, ledger_rows

import os
from hypothesis import Phase
PHASES = [p for p in Phase if os.environ.get("FUZZ_NO_SHRINK") != "1" or p is not Phase.shrink]
SAMPLES = json.loads((Path(__file__).parents[1] / "data" / "pdf_fuzz_samples.json")
                     .read_text(encoding="utf-8"))
PDF_FUZZ = settings(max_examples=6, deadline=None, database=None, phases=PHASES,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
NUMBER = "TS-20261123-A1-0042"

PIECES = ["\x00", "\x07", "\x1b", "\ud800", "\u202e", "\u200f", "\u200b", "\ufeff", "😀",
          "👍🏽", "👨\u200d👩\u200d👧", "\U0010ffff", "<b>", "</para>", "&amp;", "&", "<br/>",
          "\n", "\r\n", "\t", "\u2028", "\u3000", "张", "Ω", "ب", "\u0301", "%s", "{}"]
hostile_text = st.one_of(
    st.lists(st.sampled_from(PIECES) | st.text(max_size=6), max_size=10).map("".join),
    st.builds(lambda piece, n: piece * n, st.sampled_from(["字", "很长的事由。", "W", "😀", "\n"]),
              st.integers(100, 600)),
    st.just(""),
)
KEEP = {"number", "rule", "state", "action", "kind", "status", "role", "post", "stage",
        "purpose", "code", "key"}     # codes, not text: the services never give other values
TIMES = {"due", "from", "to", "date", "day", "start", "end"}
ODD_TIMES = [None, "", "2026-02-29T10:00", "2024-02-29T23:59:59", "1999-12-31", "2099-12-31T00:00",
             "2026-11-23T08:00:00+08:00", "not a time"]


def mutated(value: Any, key: str = "") -> st.SearchStrategy:
    """``value`` with its text, numbers and lists open to hostile changes, same shape."""
    if key in KEEP:
        return st.just(value)
    if key in TIMES or key.endswith("_at") or key.endswith("_due"):
        return st.just(value) | st.sampled_from(ODD_TIMES)
    if isinstance(value, dict):
        return st.fixed_dictionaries({k: mutated(v, k) for k, v in value.items()})
    if isinstance(value, list):
        if not value:
            return st.just(value)
        items = [mutated(v, key) for v in value[:6]]
        records = all(isinstance(v, (dict, list)) for v in value) and \
            len({type(v) for v in value}) == 1
        if not records:            # a fixed shape (a header, a row, a triple): values only
            return st.tuples(*[mutated(v, key) for v in value]).map(list)
        return st.one_of(st.tuples(*items).map(list), st.just([]),
                         st.tuples(*items).map(lambda xs: list(xs) * 3))
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, int):
        return st.just(value) | st.integers(-10**9, 10**12)
    if isinstance(value, float):
        return st.just(value) | st.floats(0, 1e9)
    if isinstance(value, str):
        return st.just(value) | hostile_text
    if value is None:
        return st.none() | hostile_text
    return st.just(value)


def text_of(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    return "".join("".join((p.extract_text() or "").split())
                   for p in PdfReader(io.BytesIO(data)).pages)


metas = mutated(demo_meta())
tickets_ = mutated(demo_ticket(number=NUMBER))


@PDF_FUZZ
@given(tickets_, metas)
def test_record_sheet_and_complaint_file(ticket, meta):
    assert NUMBER in text_of(pdf.record_sheet(ticket, meta))
    assert NUMBER in text_of(pdf.complaint_file(ticket, meta,
                                                head_instruction=ticket["instruction"]))


@PDF_FUZZ
@given(tickets_, metas, st.sampled_from(["a5", "80mm"]))
def test_receipt_and_notice_slip(ticket, meta, fmt):
    assert NUMBER in text_of(pdf.receipt(ticket, meta, format=fmt))
    assert NUMBER in text_of(pdf.notice_slip(ticket, meta))


@PDF_FUZZ
@given(mutated(ledger_rows(8)), metas)
def test_ledger(rows, meta):
    text = text_of(pdf.ledger(rows, meta, "2025-03-01", "2025-03-31"))
    for row in rows[:3]:
        assert "".join(row["number"].split()) in text


@pytest.mark.parametrize("name", ["handover", "duty", "reception", "statistics"])
def test_samples_print_as_captured(name):
    """The captured samples themselves print (so the fuzzing starts from good data)."""
    build(name, SAMPLES[name], demo_meta())


def build(name: str, data: Any, meta: Any) -> bytes:
    if name == "handover":
        out = handover_sheet(data, meta)
    elif name == "duty":
        out = duty_log_sheet(data, meta, "2026-11-23")
    elif name == "reception":
        out = reception_record(data, meta)
    else:
        out = statistics_report(data["figures"], data["tables"], meta)
    text_of(out)
    return out


def sample(name: str) -> st.SearchStrategy:
    if name != "statistics":
        return mutated(SAMPLES[name])
    # the tables' titles and headers are the program's own words: their rows are fuzzed
    tables = [st.tuples(st.just(title), st.just(header), mutated(rows, "rows"))
              for title, header, rows in SAMPLES[name]["tables"]]
    return st.fixed_dictionaries({"figures": mutated(SAMPLES[name]["figures"]),
                                  "tables": st.tuples(*tables).map(list)})


@PDF_FUZZ
@given(st.sampled_from(["handover", "duty", "reception", "statistics"]).flatmap(
    lambda name: st.tuples(st.just(name), sample(name))), metas)
def test_handover_duty_reception_statistics(case, meta):
    name, data = case
    build(name, data, meta)
