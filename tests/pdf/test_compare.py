"""The same record and meta print the same bytes (creation date from the print time, a
document ID of the record), and reading a file back: its shape, its claims, where it
differs."""

from __future__ import annotations

import pytest

from hall_desk import pdf
from hall_desk.pdf import compare

TICKET = {"number": "TS-20261124-A1-0007", "content": "电费异常。" * 200, "history": [],
          "deadlines": []}
META = {"hall_name": "测试大厅", "printed_at": "2026-11-24T09:30:05", "printed_by": "甲",
        "version": 3, "content_sha256": "c" * 64}


def test_same_record_same_bytes_with_the_print_time_as_creation_date():
    first = pdf.record_sheet(TICKET, META)
    assert pdf.record_sheet(TICKET, META) == first
    assert b"/CreationDate (D:20261124093005)" in first
    later = pdf.record_sheet(TICKET, dict(META, printed_at="2026-11-25T09:30:05"))
    assert later != first and b"/CreationDate (D:20261125093005)" in later
    ids = [data[data.index(b"/ID"):][:80] for data in (first, later)]
    assert ids[0] != ids[1]                    # the ID follows what the print is


def test_claims_and_pages_read_back():
    data = pdf.record_sheet(TICKET, META)
    reader = compare.open_pdf(data)
    said = compare.claims(data, reader)
    assert said.hashes == {"c" * 64} and "TS-20261124-A1-0007" in said.numbers
    assert said.subject == "客户投诉记录表" and said.printer.startswith("hall_desk-")
    pages = compare.page_contents(reader)
    assert len(pages) >= 2 and all(pages)
    assert compare.difference(pages, pages) == compare.Difference(compare.OUTSIDE)
    assert compare.difference(pages[:1], pages) == compare.Difference(compare.MISSING, 2)
    assert compare.difference(pages + [b""], pages) == compare.Difference(compare.EXTRA,
                                                                           len(pages) + 1)
    swapped = [pages[1], pages[0], *pages[2:]]
    assert compare.difference(swapped, pages) == compare.Difference(compare.DIFFERS, 1)


@pytest.mark.parametrize("data, reason", [
    (b"", compare.NOT_PDF), (b"hello", compare.NOT_PDF),
    (b"%PDF-1.4\n1 0 obj\n<<", compare.TRUNCATED),
    (b"%PDF-1.4\n" + b"\0" * 500 + b"\n%%EOF\n", compare.DAMAGED),
])
def test_what_is_no_readable_pdf(data, reason):
    with pytest.raises(compare.Unreadable) as caught:
        compare.open_pdf(data)
    assert caught.value.reason == reason
