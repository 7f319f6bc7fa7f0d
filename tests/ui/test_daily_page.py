"""The day page (一日管理) driven from the keyboard and the buttons: opening the day, ticking
checks with Space, a faulty check with F and its reason, a refusal shown as a message,
closing with the signature and printing the 营业厅一日管理记录.

With ``HALL_DESK_SCREENSHOTS=1`` the page in the main window (1366×768) and the printed
record go to ``docs/screenshot-daily.png`` and ``docs/pdf-daily.png``."""

from __future__ import annotations

import io
import subprocess
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from pypdf import PdfReader

from hall_desk.services import daily, duty
from hall_desk.store.models import DailyDay, DailyItem
from hall_desk.ui.pages import PageContext, daily_page
from hall_desk.ui.pages.daily_page import DailyPage
import tests.pdf_helpers as h

T = datetime(2026, 11, 23, 8, 30)


@pytest.fixture
def open_page(show, rt):
    return lambda actor: show(DailyPage(PageContext(actor, rt.local)), 1200, 700)


def test_a_day_from_the_keyboard(hall, at_t, open_page, qtbot, messages, monkeypatch, tmp_path):
    page = open_page(hall["liuyang"])
    assert "尚未开始" in page.state_label.text() and page.open_button.isVisible()
    assert not page.done_button.isEnabled() and not page.print_button.isEnabled()
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    day = DailyDay.get()
    assert not page.open_button.isVisible() and "进行中" in page.state_label.text()
    groups = [page.tree.topLevelItem(i).text(0) for i in range(page.tree.topLevelItemCount())]
    assert groups == ["开门前检查", "巡视 10:00", "巡视 14:30", "巡视 16:30", "下班检查"]
    items = daily.items(day.id)
    assert page.current_item_id() == items[0].id

    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_Space)
    qtbot.keyClick(page.tree, Qt.Key.Key_Space)
    done = DailyItem.select().where(DailyItem.status == "done").order_by(DailyItem.id)
    assert [(i.id, i.done_by_id, i.done_at) for i in done] == [
        (items[0].id, hall["liuyang"].staff_id, T), (items[1].id, hall["liuyang"].staff_id, T)]
    assert page.current_item_id() == items[2].id                    # moved to the next open
    row = page.tree.currentItem()
    assert row.text(1) == "○ 未检查"
    first = page.tree.topLevelItem(0).child(0)
    assert (first.text(1), first.text(2), first.text(3)) == ("✔ 已完成", "08:30", "刘洋")

    asked = []
    monkeypatch.setattr(daily_page, "ask_reason",
                        lambda parent, title, label: asked.append(title) or "叫号机无法出票，已报修")
    qtbot.keyClick(page.tree, Qt.Key.Key_F)
    assert asked == ["故障"]
    faulty = DailyItem.get_by_id(items[2].id)
    assert faulty.status == "faulty" and faulty.reason == "叫号机无法出票，已报修"
    assert "叫号机无法出票" in duty.get(faulty.duty_entry_id).text
    assert page.tree.topLevelItem(0).child(2).text(4) == "叫号机无法出票，已报修"

    monkeypatch.setattr(daily_page, "ask_reason", lambda *a: None)   # cancelled: nothing
    qtbot.mouseClick(page.not_done_button, Qt.MouseButton.LeftButton)
    assert DailyItem.get_by_id(items[3].id).status == "open"

    other = open_page(hall["chenjing"])                                # another counter first
    other.select_item(items[3].id)
    qtbot.mouseClick(other.done_button, Qt.MouseButton.LeftButton)
    page.select_item(items[3].id)
    page.data["items"][3]["status"] = "open"                           # the screen is stale
    page._update_buttons()
    qtbot.mouseClick(page.done_button, Qt.MouseButton.LeftButton)
    assert messages and messages[-1][0] == "warn" and "已完成" in messages[-1][1]
    assert DailyItem.get_by_id(items[3].id).done_by_id == hall["chenjing"].staff_id

    assert not page.close_button.isEnabled()                           # a clerk cannot close
    leader = open_page(hall["wangli"])
    monkeypatch.setattr(daily_page, "ask_signature", lambda parent, title, name: (
        name, h.png_signature(), False))
    qtbot.mouseClick(leader.close_button, Qt.MouseButton.LeftButton)
    assert messages[-1][0] == "warn" and "未检查" in messages[-1][1]    # checks still open
    at_t[0] = datetime(2026, 11, 23, 17, 35)
    for item in daily.open_items(day.id):
        daily.tick(hall["liuyang"], item.id)
    leader.refresh()
    assert "共28项：已完成27，故障1，未完成0，未检查0" == leader.counts_label.text().replace(" ", "")
    qtbot.mouseClick(leader.close_button, Qt.MouseButton.LeftButton)
    assert DailyDay.get().state == "closed"
    assert "已签字结束" in leader.state_label.text() and not leader.done_button.isEnabled()

    shown = []
    monkeypatch.setattr(daily_page, "show_pdf", lambda parent, data, title, name: shown.append(
        (data, name)))
    qtbot.mouseClick(leader.print_button, Qt.MouseButton.LeftButton)
    data, name = shown[0]
    assert name == "营业厅一日管理记录-2026-11-23.pdf"
    text = "".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(data)).pages)
    assert "营业厅一日管理记录" in text and "叫号机无法出票" in "".join(text.split())


def test_the_page_in_the_window(hall, at_t, login_as, qtbot, out_dir, tmp_path):
    clerk = hall["liuyang"]
    day = daily.open_day(clerk)
    items = daily.items(day.id)
    for item in items[:9]:
        daily.tick(clerk, item.id)
    at_t[0] = datetime(2026, 11, 23, 10, 12)
    daily.tick(hall["chenjing"], items[9].id)
    daily.tick(hall["chenjing"], items[10].id)
    daily.mark(hall["chenjing"], items[12].id, "faulty",
               "自助缴费终端黑屏，已报信息中心，工程师预计下午两点到场更换电源模块")
    daily.untick(hall["chenjing"], items[10].id)                 # ticked too early
    window = login_as("liuyang")
    window.resize(1366, 768)
    window.nav.setCurrentRow(window.page_index("daily"))
    page = window.page_widget("daily")
    assert isinstance(page, DailyPage)
    page.select_item(items[11].id)
    qtbot.wait(50)
    assert page.tree.topLevelItem(1).text(0) == "巡视 10:00（已到时间）"
    assert page.tree.topLevelItem(2).text(0) == "巡视 14:30"
    window.grab().save(str(out_dir / "screenshot-daily.png"))
    pdf = tmp_path / "daily.pdf"
    pdf.write_bytes(daily.record_pdf(hall["wangli"], T.date()))
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(out_dir / "pdf-daily")], check=True)


def test_the_page_speaks_english(hall, at_t, open_page, english):
    daily.open_day(hall["liuyang"])
    page = open_page(hall["liuyang"])
    assert page.heading.text().startswith("Daily routine")
    assert page.tree.topLevelItem(0).text(0) == "Opening checks"
    assert page.tree.topLevelItem(0).child(0).text(1) == "○ not checked"
    assert page.done_button.text() == "&Done (Space)"


def test_an_administrator_edits_a_template_and_chooses_it(hall, at_t, open_page, qtbot,
                                                          type_text):
    page = open_page(hall["admin"])
    assert page.templates_button.isVisible()
    assert not open_page(hall["liuyang"]).templates_button.isVisible()
    dialog = page.edit_templates()
    box = dialog.box
    assert box.template_combo.currentData() == "default"
    assert "使用中" in box.template_combo.currentText()
    box.rounds_edit.setText("10:00、25:00")
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    assert "巡视时间“25:00”" in box.errors["rounds"].text()
    box.rounds_edit.setText("11:00")
    box.phase_combo.setCurrentIndex(box.phase_combo.findData("closing"))
    box.add_item("消防通道畅通，灭火器在位")
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    assert "第2版" in box.status.text()
    saved = daily.template("default")
    assert saved.version == 2 and saved.rounds == ("11:00",)
    assert saved.items_of("closing")[-1].text == "消防通道畅通，灭火器在位"
    box.template_combo.setCurrentIndex(box.template_combo.findData("banking"))
    box._template_chosen()
    qtbot.mouseClick(box.use_button, Qt.MouseButton.LeftButton)
    assert daily.template_in_force().name == "banking" and "营业网点一日管理" in box.status.text()
    dialog.close()
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert DailyDay.get().template_name == "banking"


def test_other_dates_and_an_undone_tick(hall, at_t, open_page, qtbot, messages):
    from datetime import date

    clerk, leader = hall["liuyang"], hall["wangli"]
    closed = daily.open_day(clerk, date(2026, 11, 20))
    for item in daily.open_items(closed.id):
        daily.tick(clerk, item.id)
    daily.close(leader, closed.id, "王丽", on_paper=True)
    left_open = daily.open_day(clerk, date(2026, 11, 21))       # opened, never closed
    page = open_page(clerk)
    assert page.day == T.date() and page.open_button.isVisible()

    page.date_edit.setDate(page.date_edit.date().addDays(-2))   # 11-21: still open
    assert page.day == date(2026, 11, 21) and "2026-11-21" in page.heading.text()
    assert "进行中" in page.state_label.text() and not page.open_button.isVisible()
    first = daily.items(left_open.id)[0]
    assert page.current_item_id() == first.id and page.done_button.isEnabled()
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_Space)
    assert DailyItem.get_by_id(first.id).status == "done"
    assert not page.untick_button.isEnabled()                    # the next check is open
    page.select_item(first.id)
    assert page.untick_button.isEnabled() and not page.done_button.isEnabled()
    at_t[0] = datetime(2026, 11, 23, 9, 5)
    qtbot.keyClick(page.tree, Qt.Key.Key_U)
    assert messages[-1][0] == "confirm" and "撤销" in messages[-1][1]
    row = DailyItem.get_by_id(first.id)
    assert row.status == "open" and row.history == "09:05 刘洋撤销勾选（原由刘洋于08:30勾选）"
    shown = page.tree.topLevelItem(0).child(0)
    assert shown.text(1) == "○ 未检查" and "刘洋撤销勾选" in shown.text(4)
    assert page.current_item_id() == first.id and page.done_button.isEnabled()

    page.show_day(date(2026, 11, 20))                           # closed: read only
    assert "已签字结束" in page.state_label.text() and page.print_button.isEnabled()
    page.select_item(daily.items(closed.id)[0].id)
    assert not any(b.isEnabled() for b in (page.done_button, page.faulty_button,
                                           page.not_done_button, page.untick_button))
    qtbot.keyClick(page.tree, Qt.Key.Key_U)
    assert DailyItem.get_by_id(daily.items(closed.id)[0].id).status == "done"

    page.show_day(date(2026, 11, 22))                           # never opened, past
    assert "没有开始" in page.state_label.text() and not page.open_button.isVisible()
    assert not page.done_button.isEnabled() and not page.print_button.isEnabled()
    page.show_day(date(2026, 11, 24))                           # not come yet
    assert "尚未到来" in page.state_label.text() and not page.open_button.isVisible()
    assert page.tree.topLevelItemCount() == 5                   # the checks it will get
    page.open_day()
    assert DailyDay.select().count() == 2
    qtbot.mouseClick(page.today_button, Qt.MouseButton.LeftButton)
    assert page.day == T.date() and page.open_button.isVisible()
    assert page.date_edit.date().toPython() == T.date()


def test_long_checks_wrap_at_1024_pixels(hall, at_t, open_page, qtbot):
    daily.open_day(hall["liuyang"])
    page = open_page(hall["liuyang"])
    page.resize(800, 600)                    # the page's share of a 1024 px wide window
    qtbot.wait(20)
    rows = page._rows()
    long = max(rows, key=lambda r: len(r.text(0)))
    short = min(rows, key=lambda r: len(r.text(0)))
    width = page.tree.fontMetrics().horizontalAdvance(long.text(0))
    assert width > page.tree.columnWidth(0)                      # it would not fit on one line
    assert page.tree.visualItemRect(long).height() > page.tree.visualItemRect(short).height()


def test_every_button_fits_at_1024_pixels_in_english(hall, at_t, open_page, qtbot, english):
    page = open_page(hall["admin"])
    page.resize(800, 600)                    # the page's share of a 1024 px wide window
    qtbot.wait(20)
    buttons = [page.open_button, page.done_button, page.faulty_button, page.not_done_button,
               page.untick_button, page.templates_button, page.close_button,
               page.print_button, page.today_button]
    assert all(b.isVisible() for b in buttons)
    assert [b.text() for b in buttons if b.width() < b.sizeHint().width()] == []
    status = page.tree.topLevelItem(0).child(0)
    assert page.tree.fontMetrics().horizontalAdvance(status.text(1)) < page.tree.columnWidth(1)
