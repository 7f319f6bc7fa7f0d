"""The printed records, read back: every field, fonts embedded, footer on every page,
anonymity, hostile text, signatures, the receipt strip and the ledger."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import textwrap

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

import pdf_helpers as h
from hall_desk import pdf
from hall_desk.pdf.receipt import qr_drawing

HOSTILE = ('<script>alert("x")</script> & "quoted" \'single\' 😀🎉 tab\there '
           "ctrl\x00\x01\x02\x03\x04\x05\x06\x07\x08end" + "\n" * 50 + "after blank lines")


@pytest.fixture
def ticket():
    return h.demo_ticket()


@pytest.fixture
def meta():
    return h.demo_meta()


def every_sheet(ticket, meta):
    return {
        "record": pdf.record_sheet(ticket, meta),
        "receipt-a5": pdf.receipt(ticket, meta),
        "receipt-80mm": pdf.receipt(ticket, meta, format="80mm"),
        "notice": pdf.notice_slip(ticket, meta, ["户主身份证原件及复印件", "房屋产权证明"]),
        "file": pdf.complaint_file(ticket, meta),
        "ledger": pdf.ledger(h.ledger_rows(20), meta, "2025-03-01", "2025-03-31"),
    }


def assert_footer(pdf_bytes, meta):
    texts = [h.squash(t) for t in h.page_texts(pdf_bytes)]
    total = len(texts)
    for n, text in enumerate(texts, 1):
        assert f"第{n}页/共{total}页" in text, (n, text[-300:])
        assert f"版本{meta['version']}" in text
        assert meta["content_sha256"] in text, n
    raw_text = "\n".join(h.page_texts(pdf_bytes))
    assert re.search(rf"\b{meta['content_sha256']}\b", raw_text)      # whole, on one line
    assert re.search(rf"版本\s*{meta['version']}\b", raw_text)


def test_record_sheet_shows_every_field(ticket, meta):
    data = pdf.record_sheet(ticket, meta)
    text = h.squash("".join(h.page_texts(data)))
    values = [ticket[k] for k in (
        "number", "category", "business_type", "customer_name", "phone", "address", "content",
        "demand", "evidence_note", "counter", "first_receiver", "department", "handler_a",
        "handler_b", "validity_reason", "cause_analysis", "solution", "compensation_method",
        "instruction", "approved_by", "implementation", "reply_content", "summary")]
    values += ticket["missing_materials"]
    values += ["现场", "投诉", "不满", "已归档", "服务原因", "上门", "满意", "高", "成立", "第1轮",
               "50.00元", "2025-03-04 09:12", "2025-03-05 09:30", "2025-03-06 15:20",
               "2025-03-07 10:05", "2025-03-10 17:00", "客户已确认记录内容：■是□否",
               "客户签名确认", "主管签名（批示）", "签名：", "日期："]
    for d in ticket["deadlines"]:
        values += [d["label"], d["due"].replace("T", " ")]
    values += ["已完成", "已超时"]
    for e in ticket["history"]:
        values += [e["actor"], e["at"].replace("T", " "), e["note"]]
    values += ["登记受理", "判定成立", "派发责任部门", "超时升级", "主管批示", "回访", "归档"]
    missing = [v for v in values if h.squash(str(v)) not in text]
    assert not missing
    assert_footer(data, meta)


def test_every_font_is_embedded_with_unicode_map(ticket, meta):
    for name, data in every_sheet(ticket, meta).items():
        found = h.fonts_of(data)
        assert found, name
        for font, info in found.items():
            assert "WenQuanYiMicroHei" in font, (name, font)
            assert info["embedded"] and info["to_unicode"], (name, font, info)
        assert b"Helvetica" not in data, name


def test_footer_and_keywords_on_every_sheet(ticket, meta):
    for name, data in every_sheet(ticket, meta).items():
        assert_footer(data, meta)
        info = PdfReader(io.BytesIO(data)).metadata
        assert f"sha256:{meta['content_sha256']}" in info["/Keywords"], name
        assert f"version:{meta['version']}" in info["/Keywords"], name


def test_meta_and_signatures_as_dataclasses_or_dicts(ticket):
    meta = pdf.RecordMeta(hall_name="测试大厅", printed_at="2025-03-07T10:30", printed_by="甲",
                          version=3, content_sha256="ab" * 32)
    sigs = [pdf.SignatureEntry(pdf.CUSTOMER, "王秀兰", "2025-03-04T09:20", h.png_signature()),
            {"role": pdf.SUPERVISOR, "signer_name": "周海峰", "signed_at": "2025-03-05T16:30",
             "on_paper": True},
            {"role": pdf.DEPARTMENT_HEAD, "signer_name": "部长", "image": b"\x89PNG broken"}]
    record = h.squash("".join(h.page_texts(pdf.record_sheet(ticket, meta, sigs))))
    assert "签名人：王秀兰" in record and "日期：2025-03-0409:20" in record
    assert "已在纸质原件上签名" in record and "周海峰" in record
    assert "版本3" in record and "ab" * 32 in record
    # an unreadable image leaves the wet-ink line rather than failing
    file_text = h.squash("".join(h.page_texts(pdf.complaint_file(ticket, meta, sigs))))
    assert "部门负责人签名" in file_text and "签名：" in file_text


def test_anonymous_customer_is_never_printed_unless_shown(meta):
    hidden = h.demo_ticket(anonymous=True, identity_shown=False)   # real data left in on purpose
    for name, data in every_sheet(hidden, meta).items():
        if name == "ledger":
            continue
        text = h.squash("".join(h.page_texts(data)))
        for secret in ("王秀兰", "13812345678", "春晓路", "王**", "5678"):
            assert secret not in text, (name, secret)
        assert "匿名" in text, name
    shown = h.demo_ticket(anonymous=True, identity_shown=True)
    text = h.squash("".join(h.page_texts(pdf.record_sheet(shown, meta))))
    assert "王秀兰" in text and "经授权显示身份" in text
    receipt = h.squash("".join(h.page_texts(pdf.receipt(shown, meta))))
    assert "王秀兰" not in receipt and "匿名" in receipt


def test_receipt_masks_and_promises(ticket, meta):
    text = h.squash("".join(h.page_texts(pdf.receipt(ticket, meta))))
    for value in ("受理回执", "国网滨江供电营业厅", ticket["number"], "2025-03-0409:12",
                  "王**", "138****5678", "承诺答复时间2025-03-0923:59",
                  "查询方式：凭本回执编号到柜台查询"):
        assert value in text, value
    assert "王秀兰" not in text and "致电" not in text      # no phone: no call to make
    custom = pdf.receipt(ticket, meta, follow_up="请拨打95598查询")
    assert "请拨打95598查询" in h.squash("".join(h.page_texts(custom)))
    no_reply = h.demo_ticket(deadlines=[
        {"rule": "forward", "due": "2025-03-04T09:17", "state": "met"},
        {"rule": "result", "due": "2025-03-06T09:12", "state": "open"}])
    assert pdf.promised_time(no_reply) == "2025-03-06T09:12"
    assert pdf.promised_time(h.demo_ticket(deadlines=[])) is None


@pytest.mark.parametrize("layout", ["a5", "80mm"])
def test_receipt_names_the_hall_s_phone_and_address(ticket, meta, layout):
    shown = dict(ticket, hall_phone="0571-8765 4321", hall_address="滨江区江南大道1号")
    text = h.squash("".join(h.page_texts(pdf.receipt(shown, meta, format=layout))))
    assert "致电0571-87654321查询" in text
    assert "服务电话0571-87654321" in text and "大厅地址滨江区江南大道1号" in text


def test_receipt_strip_is_80mm_wide_and_fits_one_page(ticket, meta):
    data = pdf.receipt(ticket, meta, format="80mm")
    pages = PdfReader(io.BytesIO(data)).pages
    assert len(pages) == 1
    box = pages[0].mediabox
    assert float(box.width) == pytest.approx(80 * mm, abs=0.01)
    assert 100 * mm < float(box.height) < 250 * mm
    with pytest.raises(ValueError):
        pdf.receipt(ticket, meta, format="a4")


def test_receipt_has_the_number_as_qr_code(ticket, meta):
    drawing = qr_drawing(ticket["number"], 30 * mm)
    widget = drawing.contents[0]
    assert widget.value == ticket["number"] and drawing.width == pytest.approx(30 * mm)
    data = pdf.receipt(ticket, meta)
    content = PdfReader(io.BytesIO(data)).pages[0].get_contents().get_data()
    assert content.count(b" re") > 100          # the modules of the code, drawn as squares


def test_notice_slip_lists_every_material_numbered(ticket, meta):
    materials = [f"材料{i}：{name}" for i, name in enumerate(
        ["户主身份证原件及复印件", "房屋产权证明", "近三个月缴费凭证", "授权委托书"], 1)]
    text = h.squash("".join(h.page_texts(pdf.notice_slip(ticket, meta, materials))))
    for n, item in enumerate(materials, 1):
        assert f"{n}.{h.squash(item)}" in text
    for value in ("一次性告知单", "王秀兰", "电费缴纳", "共4项", "经办人：李晓婷", "申请人签收",
                  "日期：2025-03-07"):
        assert value in text, value
    default = h.squash("".join(h.page_texts(pdf.notice_slip(ticket, meta))))
    assert "户主身份证复印件" in default
    none = h.squash("".join(h.page_texts(pdf.notice_slip(ticket, meta, []))))
    assert "无需补充" in none


def test_complaint_file_has_the_escalation_and_the_head_instruction(ticket, meta):
    text = h.squash("".join(h.page_texts(pdf.complaint_file(ticket, meta))))
    for value in ("投诉处理档案", "升级时间2025-03-0509:30", ticket["content"], "服务原因",
                  ticket["cause_analysis"], "处理进展", "超时升级", "部门负责人批示",
                  "部门负责人签名"):
        assert h.squash(value) in text, value
    written = pdf.complaint_file(ticket, meta, head_instruction="请营业一班本周内整改到位。")
    assert "请营业一班本周内整改到位。" in h.squash("".join(h.page_texts(written)))


def test_ledger_repeats_its_header_and_counts_pages(meta):
    rows = h.ledger_rows(300)
    data = pdf.ledger(rows, meta, "2025-03-01", "2025-03-31")
    texts = [h.squash(t) for t in h.page_texts(data)]
    assert len(texts) >= 5
    for n, text in enumerate(texts, 1):
        assert "工单编号受理时间类型类别客户事由责任部门状态答复时间满意度" in text, n
        assert f"第{n}页/共{len(texts)}页" in text
    every = "".join(texts)
    assert all(r["number"] in every for r in rows)
    assert PdfReader(io.BytesIO(data)).pages[0].mediabox.width > 800      # landscape
    totals = texts[-1][texts[-1].index("合计"):]
    assert "按类型投诉诉求举报咨询建议合计件数60606060" in totals
    assert "按状态" in totals and "300" in totals
    assert "2025-03-01至2025-03-31" in texts[0] and "共300件" in texts[0]
    empty = h.squash("".join(h.page_texts(pdf.ledger([], meta, "2025-03-01", "2025-03-31"))))
    assert "本期间无记录" in empty


def test_hostile_text_prints_and_long_text_flows_over_pages(meta):
    long_text = "开头标记" + "营业员态度恶劣，" * 620 + "结尾标记"           # ~5,000 characters
    assert len(long_text) > 4900
    ticket = h.demo_ticket(
        customer_name='<b>王&"', content=long_text, demand=HOSTILE, address="a" * 5000,
        evidence_note="\t" * 10 + "😀" * 100, instruction="\n" * 50,
        missing_materials=[HOSTILE, "x" * 5000],
        history=[*h.demo_ticket()["history"],
                 {"seq": 12, "at": "2025-03-08T09:00", "actor": "<i>", "action": "???",
                  "note": long_text}])
    sheets = every_sheet(ticket, meta)
    sheets["notice-hostile"] = pdf.notice_slip(ticket, meta, [HOSTILE, "字" * 5000])
    sheets["ledger-hostile"] = pdf.ledger([{**h.ledger_rows(1)[0], "content": HOSTILE,
                                            "customer_name": "<&>"}], meta, "a", "b")
    for name, data in sheets.items():
        assert data.startswith(b"%PDF"), name
        assert_footer(data, meta)

    pages = [h.squash(t) for t in h.page_texts(sheets["record"])]
    first = next(i for i, t in enumerate(pages) if "开头标记" in t)
    last = next(i for i, t in enumerate(pages) if "结尾标记" in t)
    assert last > first, "5,000 characters flow onto a following page"
    record = "".join(pages)
    assert h.squash('<script>alert("x")</script>&"quoted"\'single\'') in record
    assert "'single'□tabherectrlendafterblanklines" in record   # emoji □, tab, controls gone
    assert '<b>王&"' in record and "😀" not in record


@pytest.mark.parametrize("ticket", [
    {},
    {"number": None, "history": [{}], "deadlines": [{}], "round": None, "priority": 9,
     "valid": ["?"], "missing_materials": [None, 1], "received_at": "not a time"},
])
def test_missing_or_odd_fields_still_print(ticket):
    for build in (pdf.record_sheet, pdf.complaint_file, pdf.notice_slip):
        assert build(ticket, {}).startswith(b"%PDF")
    assert pdf.receipt(ticket, None, format="80mm").startswith(b"%PDF")
    assert pdf.ledger([ticket, {}], {}, None, None).startswith(b"%PDF")


def test_pdf_needs_only_core_and_reportlab():
    script = textwrap.dedent("""
        import sys
        import hall_desk.pdf
        bad = [m for m in sys.modules if m.split(".")[0] in ("peewee", "playhouse", "PySide6")
               or m.startswith(("hall_desk.services", "hall_desk.store", "hall_desk.ui"))]
        assert not bad, bad
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr


def test_build_times_are_reported(ticket, meta, capsys):
    """Not an assertion on speed: prints the cold (font load) and warm record-sheet times."""
    script = textwrap.dedent("""
        import sys, time
        sys.path.insert(0, "tests")
        import pdf_helpers as h
        from hall_desk import pdf
        t0 = time.perf_counter(); pdf.record_sheet(h.demo_ticket(), h.demo_meta())
        cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        for _ in range(5):
            pdf.record_sheet(h.demo_ticket(), h.demo_meta())
        print(f"{cold:.3f} {(time.perf_counter() - t0) / 5:.3f}")
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    cold, warm = map(float, out.stdout.split())
    with capsys.disabled():
        print(f"\nrecord_sheet: first build {cold * 1000:.0f} ms (font load), warm {warm * 1000:.0f} ms")
    assert re.match(r"\d", out.stdout)


def test_moved_and_provisional_deadlines_are_printed(meta):
    ticket = h.demo_ticket(deadlines=[
        {"rule": "reply", "due": "2027-01-04T17:30", "state": "open", "agreed": False,
         "provisional": True, "moved_from": "2027-01-01",
         "moved_reason": "原到期日 2027-01-01 为元旦假日，顺延至 2027-01-04"}])
    record = h.squash("".join(h.page_texts(pdf.record_sheet(ticket, meta))))
    assert "2027-01-0417:30（暂定）" in record
    assert "答复客户：原到期日2027-01-01为元旦假日，顺延至2027-01-04" in record
    assert "暂定：该年度节假日安排尚未录入" in record
    receipt = h.squash("".join(h.page_texts(pdf.receipt(ticket, meta))))
    assert "承诺答复时间2027-01-0417:30（暂定）" in receipt
    plain = h.squash("".join(h.page_texts(pdf.record_sheet(h.demo_ticket(), meta))))
    assert "暂定" not in plain and "顺延" not in plain


def test_no_printed_line_starts_with_a_closing_mark(meta):
    """Long texts with commas, brackets and book-title marks, shifted one character at a
    time so that a mark falls at every place of a line, on the record sheet, the notice
    slip's numbered items and both receipts; every line read back from the PDF keeps the Chinese line-breaking rules."""
    from hall_desk.pdf.text import NO_LINE_END, NO_LINE_START

    text = h.marked_text(25, titles_every=7)
    checked = 0
    for shift in range(0, 28, 3):
        t = h.demo_ticket(content="字" * shift + text, demand="字" * shift + text[:120])
        record = pdf.record_sheet(t, meta)
        assert h.squash(text) in h.squash("".join(h.page_texts(record)))     # nothing lost
        notice = pdf.notice_slip(t, meta, ["字" * shift + text[:90], text[:60]])   # bulleted
        for sheet in (record, notice, pdf.receipt(t, meta), pdf.receipt(t, meta, format="80mm")):
            pages = h.page_texts(sheet)
            for line in "\n".join(pages).splitlines():
                assert line[:1] not in NO_LINE_START and line[-1:] not in NO_LINE_END, line
                checked += 1
    assert checked > 1000
