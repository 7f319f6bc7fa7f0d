"""verify-pdf against an attacker: every printed record that carries a version and hash
(record sheet, complaint file, receipt in both layouts, notice slip, reception record,
handover record) is printed through the real print path and then altered as an attacker
would, with reportlab and pypdf: text whited out and written over, text added, a page
dropped, pages reordered, a page added, random bytes flipped, an incremental update
appended. Every altered file is refused, naming the page where there is one; the untouched
file is accepted, also after the record has moved on to a later version."""

from __future__ import annotations

import io
import random
from datetime import datetime, timedelta

import peewee
import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen.canvas import Canvas

from hall_desk.cli import run
from hall_desk.core.errors import HallError
from hall_desk.pdf import fonts
from hall_desk.services import (
    demo_reception, handover, lifecycle, printing, reception, records, tickets,
)
from hall_desk.services.context import clock
from hall_desk.store.connection import close_database

T = datetime(2026, 11, 24, 9, 0)
LONG = "客户反映本月电费比上月高出三倍，怀疑电表计量有误，要求上门校验并退还多收的电费。" * 40
MULTI_PAGE = ("record", "file", "reception", "handover")


@pytest.fixture
def at():
    moment = [T]
    with clock(lambda: moment[0]):
        yield moment


def _ticket(hall, at):
    """A long complaint with missing materials, the customer's signature, escalated."""
    t = tickets.register(hall["liuyang"], {
        "kind": "complaint", "channel": "walk-in", "customer_name": "周八", "phone": "13700007777",
        "content": LONG, "demand": "上门校验电表，退还多收电费。", "category": "产品质量",
        "missing_materials": ["近三个月电费单", "身份证复印件"]})
    records.sign(hall["liuyang"], t.id, role="customer", signer_name="周八", on_paper=True)
    at[0] += timedelta(hours=1)
    t = tickets.get(t.id)
    tickets.update(hall["wangli"], t.id, t.version, {"escalated_at": at[0]}, action="escalated")
    return tickets.get(t.id)


def _handover(hall, at) -> int:
    out, inc = hall["liuyang"], hall["chenjing"]
    at[0] = T.replace(hour=11, minute=45)
    h = handover.assemble(out)
    for n in range(6):
        handover.add_note(out, h.id, f"第{n + 1}件交代：" + "打印机缺纸，已报修，明早再确认一次。" * 12)
    handover.sign_out(out, h.id, image_png=None, on_paper=True)
    handover.acknowledge_all(inc, h.id)
    handover.sign_in(inc, h.id, on_paper=True)
    return h.id


@pytest.fixture
def prints(hall, at):
    return make_prints(hall, at)


def make_prints(hall, at) -> dict[str, bytes]:
    """Every printed record, made through the real print paths: {name: PDF bytes}
    (also used by scripts/verify_pdf_figures.py)."""
    boss, clerk = hall["wangli"], hall["liuyang"]
    t = _ticket(hall, at)
    out = {"record": printing.sheet(boss, t.number, "record"),
           "file": printing.sheet(boss, t.number, "file"),
           "notice": printing.sheet(clerk, t.number, "notice"),
           "receipt": printing.sheet(clerk, t.number, "receipt"),
           "receipt80": printing.sheet(clerk, t.number, "receipt", receipt_format="80mm")}
    demo_reception.fill_reception(T, hall)
    closed = [r for r in reception.list_runs() if r["state"] == "closed"][0]
    out["reception"] = reception.record_pdf(boss, closed["id"])
    out["handover"] = handover.sheet(boss, _handover(hall, at))
    for name in MULTI_PAGE:
        assert len(PdfReader(io.BytesIO(out[name])).pages) >= 2, name
    return out


# -- the attacker's tools --------------------------------------------------------------------

def _overlay(size, draw):
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size)
    draw(canvas)
    canvas.save()
    return PdfReader(buffer).pages[0]


def _where(page, words):
    """(x, y) where ``words`` are drawn on ``page`` (its text-matrix position), or None."""
    found = []

    def visit(text, cm, tm, font, size):
        if words in (text or "") and not found:
            found.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))

    page.extract_text(visitor_text=visit)
    return found[0] if found else None


def _written(writer) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def white_out(data: bytes) -> bytes:
    """事由 and 优先级 whited out on page 1 and other words drawn over them."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    page = writer.pages[0]
    size = (float(page.mediabox.width), float(page.mediabox.height))
    spots = [(_where(page, "事由") or (50, 500), "电费已核实无误，客户撤诉"),
             (_where(page, "优先级") or (50, 600), "紧急")]

    def draw(c):
        fonts.font()
        for (x, y), words in spots:
            c.setFillColorRGB(1, 1, 1)
            c.rect(x + 70, y - 4, 300, 14, stroke=0, fill=1)
            c.setFillColorRGB(0, 0, 0)
            c.setFont(fonts.FONT, 9.5)
            c.drawString(x + 72, y, words)

    page.merge_page(_overlay(size, draw))
    return _written(writer)


def add_text(data: bytes, page_index: int = -1) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    page = writer.pages[page_index]
    size = (float(page.mediabox.width), float(page.mediabox.height))

    def draw(c):
        fonts.font()
        c.setFont(fonts.FONT, 10)
        c.drawString(60, 120, "补充：客户已同意撤回投诉，无需赔偿。")

    page.merge_page(_overlay(size, draw))
    return _written(writer)


def drop_page(data: bytes, index: int = 1) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    del writer.pages[index]
    return _written(writer)


def reorder(data: bytes) -> bytes:
    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter()
    order = list(range(len(reader.pages)))
    order[0], order[1] = order[1], order[0]
    for i in order:
        writer.add_page(reader.pages[i])
    return _written(writer)


def add_page(data: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.add_blank_page()
    return _written(writer)


def incremental(data: bytes, *, draw: bool) -> bytes:
    """An update appended to the untouched file: text over page 1, or the metadata only."""
    writer = PdfWriter(io.BytesIO(data), incremental=True)
    if draw:
        page = writer.pages[0]
        size = (float(page.mediabox.width), float(page.mediabox.height))

        def paint(c):
            fonts.font()
            c.setFont(fonts.FONT, 12)
            c.drawString(200, 300, "已结案")

        page.merge_page(_overlay(size, paint))
    else:
        writer.add_metadata({"/Title": "客户投诉记录表（已核实）"})
    out = _written(writer)
    assert out.startswith(data) and len(out) > len(data)
    return out


def flip(data: bytes, seed: int, count: int = 3) -> bytes:
    rng = random.Random(seed)
    out = bytearray(data)
    for _ in range(count):
        out[rng.randrange(len(out))] ^= rng.randrange(1, 256)
    return bytes(out)


def verdict_of(data: bytes):
    """The verdict, or the HallError key of a file refused before any comparison."""
    try:
        return printing.verify_pdf(data)
    except HallError as exc:
        return exc.key


# -- the tests -------------------------------------------------------------------------------

def test_two_prints_of_a_version_are_the_same_file(hall, at, prints):
    boss = hall["wangli"]
    number = tickets.get(records.versions(1)[0].ticket_id).number
    at[0] += timedelta(days=3)                    # later, and by someone else: the same file
    assert printing.sheet(hall["sunhao"], number, "record") == prints["record"]
    assert printing.sheet(boss, number, "file") == prints["file"]
    assert printing.sheet(boss, number, "receipt", receipt_format="80mm") == prints["receipt80"]
    closed = [r for r in reception.list_runs() if r["state"] == "closed"][0]
    assert reception.record_pdf(hall["sunhao"], closed["id"]) == prints["reception"]
    h = handover.search()[0]["id"]
    assert handover.sheet(hall["sunhao"], h) == prints["handover"]


@pytest.mark.parametrize("name", ["record", "file", "notice", "receipt", "receipt80",
                                  "reception", "handover"])
def test_the_untouched_print_verifies(prints, name):
    verdict = printing.verify_pdf(prints[name])
    assert verdict.ok and "与数据库一致" in verdict.message, verdict.message


@pytest.mark.parametrize("name", ["record", "file", "notice", "receipt", "receipt80",
                                  "reception", "handover"])
def test_altered_prints_are_refused_naming_the_page(prints, name):
    data = prints[name]
    pages = len(PdfReader(io.BytesIO(data)).pages)
    cases = {"white-out": (white_out(data), "第 1 页"),
             "added text": (add_text(data), f"第 {pages} 页"),
             "added page": (add_page(data), f"多出第 {pages + 1} 页"),
             "incremental text": (incremental(data, draw=True), "第 1 页"),
             "incremental metadata": (incremental(data, draw=False), "其余部分")}
    if pages > 1:
        cases["dropped page 2"] = (drop_page(data, 1), "第 2 页")
        cases["dropped last page"] = (drop_page(data, pages - 1), f"缺少第 {pages} 页")
        cases["reordered"] = (reorder(data), "第 1 页")
    for case, (altered, words) in cases.items():
        assert altered != data
        verdict = printing.verify_pdf(altered)
        assert not verdict.ok, case
        assert words in verdict.message and "不符" in verdict.message or \
            words in verdict.message and "改动" in verdict.message, (case, verdict.message)


def test_random_byte_flips_are_refused(prints):
    seen = {}
    for name, data in prints.items():
        for seed in range(4):
            result = verdict_of(flip(data, seed))
            assert not isinstance(result, str) or result.startswith(("verify.", "error.no_hash")), result
            assert isinstance(result, str) or not result.ok, (name, seed, result.message)
            kind = result if isinstance(result, str) else result.message.split("：")[0][:12]
            seen[kind] = seen.get(kind, 0) + 1
    assert sum(seen.values()) == 4 * len(prints)


def test_an_old_version_still_verifies_after_later_ones(hall, prints):
    t = tickets.get(records.versions(1)[0].ticket_id)
    first = records.current(t).version                     # the version the prints show
    t = lifecycle.act(hall["wangli"], t.id, t.version, "judge_valid", {})
    second = printing.sheet(hall["wangli"], t.number, "record")
    lifecycle.add_note(hall["wangli"], t.id, "之后的补充说明")
    t = tickets.get(t.id)
    t = lifecycle.act(hall["wangli"], t.id, t.version, "assign", {"department": "CS"})
    third = printing.sheet(hall["wangli"], t.number, "record")
    last = records.current(t).version
    assert last == first + 2
    old, mid, now_ = (printing.verify_pdf(d) for d in (prints["record"], second, third))
    assert (old.ok, old.version, old.current_version) == (True, first, last)
    assert (mid.ok, mid.version) == (True, first + 1) and f"当前为第{last}版" in mid.message
    assert (now_.ok, now_.version) == (True, last) and "当前版本" in now_.message
    # the print of the first version with page 2 of the last one: refused at page 2
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(prints["record"])))
    writer.pages[1].replace_contents(PdfReader(io.BytesIO(third)).pages[1].get_contents())
    verdict = printing.verify_pdf(_written(writer))
    assert not verdict.ok and "第 2 页与数据库中工单" in verdict.message
    assert f"第 {first} 版" in verdict.message, verdict.message


def test_a_print_made_before_a_signature_still_verifies(hall, at):
    t = tickets.register(hall["liuyang"], {
        "kind": "complaint", "customer_name": "吴九", "phone": "13500005555",
        "content": "营业厅排队太久。", "demand": "增加窗口。"})
    before = printing.sheet(hall["liuyang"], t.number, "record")
    records.sign(hall["liuyang"], t.id, role="customer", signer_name="吴九", on_paper=True)
    after = printing.sheet(hall["liuyang"], t.number, "record")
    assert before != after and "已在纸质原件上签名" in "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(after)).pages)
    assert printing.verify_pdf(before).ok and printing.verify_pdf(after).ok


def test_a_print_laid_out_by_another_program_version_says_so(prints, monkeypatch):
    from hall_desk.pdf import layout

    data = prints["receipt"]
    assert printing.verify_pdf(data).ok
    monkeypatch.setattr(layout, "PRINTER", "hall_desk-9.9.9+reportlab-9.9")
    verdict = printing.verify_pdf(data)           # this "program" lays the receipt out anew
    assert not verdict.ok and "另一版本的程序" in verdict.message
    assert "本机为hall_desk-9.9.9" in verdict.message
    monkeypatch.undo()
    unmarked = data.replace(f", printer:{layout.PRINTER}".encode(), b"")   # as main printed
    assert unmarked != data
    verdict = printing.verify_pdf(unmarked)
    assert not verdict.ok and "较早版本" in verdict.message


def test_a_handover_prints_its_signed_versions_and_says_a_working_copy_is_none(hall, at):
    out, inc = hall["liuyang"], hall["chenjing"]
    at[0] = T.replace(hour=11, minute=45)
    h = handover.assemble(out)
    handover.add_note(out, h.id, "钥匙在抽屉里。")
    draft = handover.sheet(out, h.id)
    assert "版本 —" in PdfReader(io.BytesIO(draft)).pages[0].extract_text()
    assert not printing.verify_pdf(draft).ok                 # no stored version
    handover.sign_out(out, h.id, on_paper=True)
    signed_out = handover.sheet(out, h.id)
    handover.acknowledge_all(inc, h.id)
    assert not printing.verify_pdf(handover.sheet(inc, h.id)).ok   # under review: a working copy
    handover.sign_in(inc, h.id, on_paper=True)
    sealed = handover.sheet(inc, h.id)
    first, last = printing.verify_pdf(signed_out), printing.verify_pdf(sealed)
    assert first.ok and first.version == 1 and "此后记录已有变动" in first.message
    assert last.ok and last.version == 2 and "当前版本" in last.message and "已签章封存" in last.message


def test_a_version_stored_before_the_print_stamp_prints_and_verifies(hall, at):
    import json

    from hall_desk.store.models import RecordVersion

    t = tickets.register(hall["liuyang"], {
        "kind": "complaint", "customer_name": "郑十", "phone": "13400004444",
        "content": "抄表员未按时抄表。", "demand": "核实读数。"})
    records.current(t, hall["liuyang"])
    row = RecordVersion.get(RecordVersion.subject_id == t.id)
    stored = json.loads(row.content)
    assert stored.pop("_print")["by"] == "刘洋"
    RecordVersion.update(content=json.dumps(stored, ensure_ascii=False)).where(
        RecordVersion.id == row.id).execute()                 # as an older program stored it
    first = printing.sheet(hall["wangli"], t.number, "record")
    at[0] += timedelta(hours=2)
    assert printing.sheet(hall["sunhao"], t.number, "record") == first
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(first)).pages)
    assert "打印：刘洋" in text and "2026-11-24 09:00" in text    # the row's author and time
    assert printing.verify_pdf(first).ok


def test_files_that_are_no_readable_pdf_get_a_clear_refusal(prints):
    data = prints["record"]
    assert verdict_of(b"just some text, no PDF") == "verify.not_pdf"
    assert verdict_of(b"") == "verify.not_pdf"
    assert verdict_of(data[: len(data) // 2]) == "verify.truncated"
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password="", owner_password="secret")
    assert verdict_of(_written(writer)) == "verify.encrypted"
    # cut, with an end marker put back: pypdf cannot read it; the keywords are gone too
    assert verdict_of(data[:2000] + b"\n%%EOF\n") == "verify.damaged"
    # the objects destroyed but the keywords left: the record is named, the file refused
    info = data.index(b"/Keywords")
    broken = b"%PDF-1.4\n" + b"\0" * (info - 9) + data[info:]
    verdict = verdict_of(broken)
    assert not isinstance(verdict, str), verdict
    assert not verdict.ok and "文件已损坏" in verdict.message and "工单" in verdict.message


def test_the_command_line_says_one_line_and_exits_0_1_2(tmp_path, capsys, hall, prints, store):
    if not isinstance(store, peewee.SqliteDatabase):
        pytest.skip("the command line is run on the SQLite file here")
    db = str(tmp_path / "hall.sqlite3")          # the hall's file (the store fixture's)
    close_database()

    def cli(path):
        try:
            return run(["--db", db, "verify-pdf", str(path)])
        finally:
            close_database()

    files = {"good": prints["record"], "altered": white_out(prints["record"]),
             "cut": prints["record"][:5000], "junk": b"%PDF-1.4 nothing else"}
    for name, data in files.items():
        (tmp_path / f"{name}.pdf").write_bytes(data)
    assert cli(tmp_path / "good.pdf") == 0
    out = capsys.readouterr()
    assert out.out.count("\n") == 1 and "与数据库一致" in out.out
    assert cli(tmp_path / "altered.pdf") == 1
    out = capsys.readouterr()
    assert out.out.count("\n") == 1 and "第 1 页与数据库中工单" in out.out and not out.err
    for name in ("cut", "junk"):
        assert cli(tmp_path / f"{name}.pdf") == 2
        out = capsys.readouterr()
        assert out.err.count("\n") == 1 and "意外错误" not in out.err and "Traceback" not in out.err
        assert "截断" in out.err, out.err
    assert cli(tmp_path / "missing.pdf") == 2
    assert "无法读取" in capsys.readouterr().err
