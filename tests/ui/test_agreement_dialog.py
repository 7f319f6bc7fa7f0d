"""The settlement from the ticket detail: the 协议 dialog with both signature pads (errors
name the field; the signatures land on the record), the compensation paid, and 典型案例 on
an archived case. With ``HALL_DESK_SCREENSHOTS=1`` the agreement dialog's picture replaces
docs/screenshot-agreement.png (run under xvfb-run at 1366×768 with QT_QPA_PLATFORM=xcb)."""

from __future__ import annotations

import os
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from hall_desk.services import agreements, lifecycle, records, tickets
from hall_desk.services.context import clock

T = datetime(2026, 11, 23, 9, 30)
DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture(autouse=True)
def at_t():
    with clock(lambda: T):
        yield T


def approved(hall):
    t = tickets.register(hall["liuyang"], {
        "kind": "complaint", "channel": "walk-in", "category": "service_quality",
        "customer_name": "张三丰", "phone": "13812345678", "content": "转账被重复扣费200元。",
        "demand": "退还并补偿。", "confirmed_by_customer": True})
    for login, action, data in (
            ("wangli", "judge_valid", {"reason": "属实"}),
            ("wangli", "assign", {"department": "OPS", "handler_a": "sunhao"}),
            ("sunhao", "analyse", {"cause_class": "service", "cause_analysis": "系统重复提交"}),
            ("sunhao", "propose", {"solution": "退还并补偿", "compensation_amount": "50",
                                   "compensation_method": "现金",
                                   "compensation_due": T + timedelta(days=2)}),
            ("wangli", "approve", {"instruction": "同意"})):
        t = lifecycle.act(hall[login], t.id, t.version, action, data)
    return t


def draw(qtbot, pad) -> None:
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(30, 60))
    for x in range(34, 200, 6):
        qtbot.mouseMove(pad, QPoint(x, 60 + (x % 30)))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(200, 70))


def test_the_agreement_is_signed_on_two_pads_and_paid(hall, open_detail, qtbot, tmp_path):
    t = approved(hall)
    detail = open_detail(hall["wangli"], t.id)
    assert detail.agreement_button.isVisible() and not detail.payment_button.isVisible()
    assert not detail.typical_button.isVisible()
    dialog = detail.settle("agreement")
    qtbot.waitExposed(dialog)
    assert (dialog.amount.text(), dialog.method.text(), dialog.due.text()) == \
        ("50", "现金", "2026-11-25")                          # the plan's, editable
    assert dialog.customer_name.text() == "张三丰"
    dialog.ok_button.click()                                  # nothing written yet
    assert dialog.isVisible() and "协议条款" in dialog.error.text()
    assert "营业厅承诺" in dialog.error.text()
    assert agreements.agreement_of(t.id) is None
    dialog.terms.setPlainText("营业厅退还重复扣费并补偿50元，客户不再追究。")
    dialog.hall_undertakes.setPlainText("两日内现金补偿50元")
    draw(qtbot, dialog.customer_pad)
    draw(qtbot, dialog.hall_pad)
    out = DOCS if os.environ.get("HALL_DESK_SCREENSHOTS") == "1" else tmp_path
    dialog.resize(1000, 700)
    assert dialog.grab().save(str(out / "screenshot-agreement.png"))
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert agreements.agreement_of(t.id)["terms"].startswith("营业厅退还")
    signed = {s.role: s for s in records.signatures(t.id)}
    assert signed["customer"].signer_name == "张三丰" and signed["customer"].image_png
    assert signed["supervisor"].signer_name == "王丽" and signed["supervisor"].image_png
    assert "已保存" in detail.banner.text()
    assert detail.payment_button.isVisible()                  # money agreed, not paid
    rules = [detail.deadline_table.item(r, 0).text()
             for r in range(detail.deadline_table.rowCount())]
    assert "补偿支付" in rules
    assert "和解协议：营业厅退还重复扣费" in detail.values["协议"].text()

    pay = detail.settle("payment")
    pay.method.clear()
    pay.ok_button.click()
    assert pay.isVisible() and "支付方式" in pay.error.text()
    pay.method.setText("现金")
    pay.voucher.setText("收据 0001")
    pay.ok_button.click()
    assert not pay.isVisible()
    assert agreements.payments_of(t.id)[0]["voucher"] == "收据 0001"
    assert not detail.payment_button.isVisible()
    assert "收据 0001" in detail.values["补偿支付"].text()
    # the printed 和解协议书, with both signatures (docs/pdf-agreement.png)
    from hall_desk.services import printing

    sheet = tmp_path / "agreement.pdf"
    sheet.write_bytes(printing.sheet(hall["wangli"], t.number, "agreement"))
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile",
                    str(sheet), str(out / "pdf-agreement")], check=True)
    assert (out / "pdf-agreement.png").stat().st_size > 0


def test_a_clerk_records_the_agreement_but_leaves_the_sealing_signature(hall, open_detail,
                                                                         qtbot):
    t = approved(hall)
    dialog = open_detail(hall["liuyang"], t.id).settle("agreement")
    assert dialog.customer_pad.isEnabled() and not dialog.hall_pad.isEnabled()
    dialog.terms.setPlainText("致歉并补偿50元")
    dialog.hall_undertakes.setPlainText("两日内补偿")
    draw(qtbot, dialog.customer_pad)
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert [s.role for s in records.signatures(t.id)] == ["customer"]


def test_a_clerk_sees_no_typical_button_and_a_supervisor_marks_an_archived_case(hall,
                                                                               open_detail):
    t = approved(hall)
    for login, action, data in (
            ("sunhao", "implement", {"implementation": "已退还"}),
            ("zhaoqiang", "review", {"review_note": "已核"}),
            ("liuyang", "reply", {"reply_method": "phone", "reply_content": "已告知"}),
            ("liuyang", "callback", {"satisfaction": "satisfied"}),
            ("wangli", "archive", {"summary": "结案"})):
        t = lifecycle.act(hall[login], t.id, t.version, action, data)
    assert not open_detail(hall["liuyang"], t.id).typical_button.isVisible()
    detail = open_detail(hall["wangli"], t.id)
    assert detail.typical_button.isVisible() and not detail.agreement_button.isVisible()
    dialog = detail.settle("typical")
    dialog.ok_button.click()
    assert "案例标题" in dialog.error.text() and "经验教训" in dialog.error.text()
    dialog.title_edit.setText("重复扣费")
    dialog.lesson.setPlainText("系统重复提交时先冲正再解释")
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert agreements.typical_of(t.id)["lesson"] == "系统重复提交时先冲正再解释"
    assert detail.values["典型案例"].text() == "重复扣费：系统重复提交时先冲正再解释"


def test_the_statistics_page_saves_the_booklet(hall, qtbot, tmp_path, monkeypatch):
    from hall_desk import config
    from hall_desk.ui import dialogs
    from hall_desk.ui.pages import PageContext, page

    t = approved(hall)
    for login, action, data in (
            ("sunhao", "implement", {"implementation": "已退还"}),
            ("zhaoqiang", "review", {"review_note": "已核"}),
            ("liuyang", "reply", {"reply_method": "phone", "reply_content": "已告知张三丰"}),
            ("liuyang", "callback", {"satisfaction": "satisfied"}),
            ("wangli", "archive", {"summary": "结案"})):
        t = lifecycle.act(hall[login], t.id, t.version, action, data)
    agreements.mark_typical(hall["wangli"], t.id, "重复扣费", "先冲正再解释")
    widget = page("statistics").factory(PageContext(hall["wangli"], config.LocalConfig()))
    qtbot.addWidget(widget)
    widget.show()
    asked, said = [], []
    monkeypatch.setattr(dialogs, "info", lambda parent, text, **kw: said.append(text))
    monkeypatch.setattr(widget, "ask_save_path",
                        lambda suggested, kinds: asked.append(suggested) or str(tmp_path / "c"))
    qtbot.mouseClick(widget.cases_button, Qt.MouseButton.LeftButton)
    from tests.pdf_helpers import page_texts, squash

    text = squash("".join(page_texts((tmp_path / "c.pdf").read_bytes())))
    assert asked[0].startswith("典型案例汇编_") and said
    assert "重复扣费" in text and "张三丰" not in text and "13812345678" not in text
