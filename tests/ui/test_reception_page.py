"""The reception page driven like a shift leader and a clerk would: a notice with a field
error, posts with a refused double post, a whole run ticked through on the big buttons, a
complaint led to the back room, the guest book, closing and printing the 接待记录.

With ``HALL_DESK_SCREENSHOTS=1`` the run screen and the printed record go to
``docs/screenshot-reception.png`` and ``docs/pdf-reception.png``."""

from __future__ import annotations

import io
import subprocess
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from pypdf import PdfReader

from hall_desk.services import demo_reception, lifecycle, reception
from hall_desk.store.models import ReceptionPost, ReceptionRun, Ticket
from hall_desk.ui.pages import PageContext
from hall_desk.ui.pages import reception_page
from hall_desk.ui.pages.reception_page import ReceptionPage

T = datetime(2026, 11, 23, 9, 0)


@pytest.fixture
def open_page(show, rt):
    return lambda actor: show(ReceptionPage(PageContext(actor, rt.local)), 1280, 820)


def test_a_whole_reception(hall, at_t, open_page, qtbot, type_text, messages, monkeypatch,
                           out_dir, tmp_path):
    page = open_page(hall["wangli"])
    assert page.new_button.isVisible()
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    form = page.notice_form
    assert page.stack.currentWidget() is form
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)       # nothing typed
    assert form.errors["visiting_unit"].isVisible()
    assert "来访单位不能为空" in form.errors["visiting_unit"].text()
    assert ReceptionRun.select().count() == 0
    type_text(form.fields["visiting_unit"], "市供电公司营销部检查组")
    type_text(form.fields["leader"], "周建国")
    form.fields["visitors"].setValue(6)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    run = ReceptionRun.get()
    assert (run.visiting_unit, run.leader, run.purpose, run.state) == (
        "市供电公司营销部检查组", "周建国", "inspection", "noticed")
    view = page.run_view
    assert page.stack.currentWidget() is view and view.tabs.currentIndex() == 1

    posts = view.posts
    posts.set_person("greeter:1", hall["liuyang"].staff_id)
    posts.set_person("greeter:2", hall["chenjing"].staff_id)
    posts.set_person("explainer:", hall["liuyang"].staff_id)           # a clash
    assert posts.errors["explainer:"].isVisible()
    assert "刘洋同时担任" in posts.errors["explainer:"].text()
    qtbot.mouseClick(posts.save_button, Qt.MouseButton.LeftButton)
    assert ReceptionPost.select().count() == 0                          # refused
    qtbot.wait(50)
    view.grab().save(str(out_dir / "screenshot-reception-posts.png"))
    posts.set_person("explainer:", hall["sunhao"].staff_id)
    posts.set_person("leader:", hall["wangli"].staff_id)
    seats = reception.seats_of(run)
    posts.set_person(f"counter:{seats[0]}", hall["zhaoqiang"].staff_id)
    posts.set_person(f"counter:{seats[1]}", hall["admin"].staff_id)
    assert not posts.errors["explainer:"].isVisible()
    assert f"{seats[2]}无人" in posts.warnings.text()                   # a warning, shown
    qtbot.mouseClick(posts.save_button, Qt.MouseButton.LeftButton)
    assert ReceptionPost.select().count() == 6

    qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)
    assert messages[-1][0] == "confirm" and f"{seats[2]}无人" in messages[-1][1]
    assert ReceptionRun.get().state == "running"
    assert view.tabs.currentIndex() == 0
    rows = view.checklist.rows
    assert len(rows) == 20

    # the clerk at the counter PC ticks; the leader's window would see it on refresh
    clerk_page = open_page(hall["liuyang"])
    assert not clerk_page.new_button.isVisible()
    clerk_page.select_run(run.id)
    clerk = clerk_page.run_view
    assert not clerk.close_button.isVisible()
    items = list(clerk.checklist.rows.values())
    first = items[0]
    qtbot.mouseClick(first.tick_button, Qt.MouseButton.LeftButton)
    assert first.tick_button.text() == "✓" and not first.tick_button.isEnabled()
    assert "刘洋" in first.status_label.text() and "09:00" in first.status_label.text()
    monkeypatch.setattr(reception_page, "ask_text", lambda *a, **kw: "检查组说明本次不查台账")
    qtbot.mouseClick(items[4].na_button, Qt.MouseButton.LeftButton)
    assert "不适用：检查组说明本次不查台账" in items[4].status_label.text()
    monkeypatch.setattr(reception_page, "ask_text", lambda *a, **kw: "检查组肯定台面整洁")
    qtbot.mouseClick(items[3].note_button, Qt.MouseButton.LeftButton)
    for row in items:
        if row.tick_button.isEnabled():
            at_t[0] = at_t[0].replace(minute=at_t[0].minute + 1)
            qtbot.mouseClick(row.tick_button, Qt.MouseButton.LeftButton)
    assert all(not r.tick_button.isEnabled() for r in items)
    assert clerk.progress.text() == "20 项中已完成 20 项"

    # a customer comes in with a complaint during the visit
    opened = []
    monkeypatch.setattr(reception_page.ComplaintDialog, "open", lambda self: opened.append(self))
    qtbot.mouseClick(clerk.complaint_button, Qt.MouseButton.LeftButton)
    dialog = opened[0]
    assert dialog.fields["kind"].currentData() == "complaint"
    dialog.save()                                                       # nothing typed
    assert not dialog.errors["content"].isHidden() and Ticket.select().count() == 0
    assert "事由不能为空" in dialog.errors["content"].text()
    type_text(dialog.fields["customer_name"], "钱晓东")
    type_text(dialog.fields["phone"], "13912345678")
    type_text(dialog.fields["content"], "电费账单多计了一个月。")
    type_text(dialog.fields["demand"], "核对抄表记录并更正。")
    dialog.fields["confirmed_by_customer"].setChecked(True)
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    ticket = Ticket.get()
    assert ticket.reception_run_id == run.id and ticket.back_room
    assert ("info", f"工单{ticket.number}已登记并关联本次接待。请引导客户到后台。") in messages
    assert "尚未处理" in clerk.tickets_list.item(0).text()

    view.refresh()
    assert view.progress.text() == "20 项中已完成 20 项"
    qtbot.mouseClick(view.close_button, Qt.MouseButton.LeftButton)     # complaint not handled
    assert messages[-1][0] == "warn" and ticket.number in messages[-1][1]
    assert ReceptionRun.get().state == "running"

    monkeypatch.setattr(reception_page, "ask_signature", lambda *a, **kw: (
        "周建国", demo_reception.signature_png(), False))
    qtbot.mouseClick(view.sign_button, Qt.MouseButton.LeftButton)
    assert "周建国" in view.guestbook_label.text()
    qtbot.wait(50)
    view.grab().save(str(out_dir / "screenshot-reception-complaint.png"))

    lifecycle.act(hall["wangli"], ticket.id, ticket.version, "settle_on_spot",
                  {"reply_content": "已核对抄表记录并更正账单，客户满意。"})
    view.refresh()
    assert "已处理" in view.tickets_list.item(0).text()
    at_t[0] = datetime(2026, 11, 23, 11, 30)
    qtbot.mouseClick(view.close_button, Qt.MouseButton.LeftButton)
    closed = ReceptionRun.get()
    assert closed.state == "closed" and closed.ended_at == at_t[0]
    assert not view.complaint_button.isEnabled() and not view.start_button.isEnabled()
    assert all(not r.tick_button.isEnabled() for r in view.checklist.rows.values())

    printed = []
    monkeypatch.setattr(reception_page, "show_pdf", lambda parent, data, title, name:
                        printed.append((data, title, name)))
    qtbot.mouseClick(view.print_button, Qt.MouseButton.LeftButton)
    data, title, name = printed[0]
    assert title == f"接待记录 JD-{run.id:05d}"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    flat = "".join(text.split())
    for words in ("接待记录", "市供电公司营销部检查组", "周建国", "迎宾/引导员1", "刘洋", "孙浩",
                  "检查组说明本次不查台账", "检查组肯定台面整洁", ticket.number, "已处理",
                  "签名人：周建国", "2026-11-2311:30", "已结束"):
        assert words in flat, words
    pdf = tmp_path / "reception.pdf"
    pdf.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(out_dir / "pdf-reception")], check=True)


def test_the_demo_runs_show_in_the_list(hall, at_t, open_page, qtbot, out_dir):
    demo_reception.fill_reception(T, hall)
    page = open_page(hall["chenjing"])
    texts = [page.runs.item(i).text() for i in range(page.runs.count())]
    assert texts[0].startswith("城东区第一中学师生\n接待中")
    assert texts[1].startswith("市供电公司营销部检查组\n已结束")
    page.runs.setCurrentRow(0)
    view = page.run_view
    assert view.tabs.currentIndex() == 0
    open_rows = [r for r in view.checklist.rows.values() if r.tick_button.isEnabled()]
    assert open_rows and not view.close_button.isVisible()
    view.checklist.ensureWidgetVisible(open_rows[0])
    qtbot.wait(50)
    page.grab().save(str(out_dir / "screenshot-reception.png"))


def test_the_administrator_edits_a_template(hall, at_t, open_page, qtbot, out_dir):
    from hall_desk.ui.reception_templates import ReceptionTemplatesBox

    assert not open_page(hall["wangli"]).templates_button.isVisible()
    page = open_page(hall["admin"])
    assert page.templates_button.isVisible()
    dialog = page.edit_templates()
    qtbot.addWidget(dialog)
    box: ReceptionTemplatesBox = dialog.box
    box.template_combo.setCurrentIndex(box.template_combo.findData("inspection"))
    box._template_chosen()
    box.stage_combo.setCurrentIndex(box.stage_combo.findData("after"))
    assert box.items.item(0).text() == "恢复一日管理流程"
    box.add_item("填写并打印接待记录")
    box.move_item(-1)
    box.move_item(-1)
    box.items.item(0).setText("恢复一日管理流程（各岗位归位）")
    box.items.setCurrentRow(2)
    box.remove_item()
    assert box.save()
    saved = reception.template("inspection")
    assert saved.version == 2
    assert [i.text for i in saved.items_of("after")] == [
        "恢复一日管理流程（各岗位归位）", "填写并打印接待记录", "记录检查意见，交班长汇总整改"]
    assert box.status.text() == "已保存：检查接待，第 2 版。"
    box.stage_combo.setCurrentIndex(box.stage_combo.findData("tour"))
    box.items.item(0).setText("   ")
    assert not box.save()
    assert not box.errors["items"].isHidden()
    assert "讲解与参观第1项不能为空" in box.errors["items"].text()
    assert reception.template("inspection").version == 2
    qtbot.wait(20)
    dialog.grab().save(str(out_dir / "screenshot-reception-templates.png"))


def test_reason_dialog_says_the_core_rules_words(qtbot):
    """A blank reason is refused at the entry in the words of core.reception.clean_reason."""
    from hall_desk.core import reception as rules
    from hall_desk.core.errors import ValidationError

    dialog = reception_page.TextDialog("撤销", "为什么撤销？", check=rules.clean_reason)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.edit.setPlainText("   ")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    with pytest.raises(ValidationError) as core:
        rules.clean_reason("   ")
    assert dialog.error.isVisible() and dialog.error.text() == core.value.message() == "原因不能为空"
    assert dialog.result() != dialog.DialogCode.Accepted
    dialog.edit.setPlainText("检查组说明本次不查台账")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted


def test_posts_chosen_but_not_saved_are_saved_when_the_run_starts(hall, at_t, open_page,
                                                                   qtbot, messages):
    """Start with posts chosen on screen and not saved: they are stored before the run
    starts, and the completeness check counts them; a refused choice stops the start."""
    run = reception.register_notice(hall["wangli"], {
        "visiting_unit": "市供电公司检查组", "leader": "周建国", "visitors": "3",
        "expected_at": "2026-11-23 10:00",
        "purpose": "inspection"})
    page = open_page(hall["wangli"])
    page.select_run(run.id)
    view = page.run_view
    posts = view.posts
    posts.set_person("greeter:1", hall["liuyang"].staff_id)
    posts.set_person("explainer:", hall["liuyang"].staff_id)           # a clash: refused
    assert posts.unsaved() and len(page.unsaved_changes()) == 1   # leaving the page asks
    qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)
    assert ReceptionRun.get_by_id(run.id).state == "noticed"
    assert ReceptionPost.select().count() == 0
    posts.set_person("explainer:", hall["sunhao"].staff_id)
    qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)
    assert ReceptionPost.select().count() == 2 and not posts.unsaved()
    assert page.unsaved_changes() == []
    assert messages[-1][0] == "confirm" and "刘洋" not in messages[-1][1]
    assert ReceptionRun.get_by_id(run.id).state == "running"
