"""Accessible: every control has a name a screen reader can say (every page, every tab, the
main dialogs), the focus is always visible, a larger text leaves no label clipped, and a
state shown in colour is said in words or a sign too."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QApplication, QComboBox, QFormLayout, QHBoxLayout,
    QLabel, QLineEdit, QSpacerItem, QTabWidget, QVBoxLayout, QWidget, QWidgetItem,
)

from hall_desk import config
from hall_desk.services import daily, demo, demo_reception, lifecycle, printing, tickets
from hall_desk.services.context import clock
from hall_desk.ui import access, palette
from hall_desk.ui.pages import PAGES, PageContext

T = datetime(2026, 11, 23, 9, 30)


@pytest.fixture
def at_t():
    with clock(lambda: T):
        yield T


def unnamed(window: QWidget) -> list[str]:
    """The controls ``window`` shows that a screen reader has no name for."""
    found = []
    for widget in [window] + window.findChildren(QWidget):
        if (access.is_control(widget) and widget.isVisibleTo(window)
                and not access.spoken_name(widget)):
            path, parent = [], widget
            while parent is not None and parent is not window:
                path.append(parent.objectName() or type(parent).__name__)
                parent = parent.parentWidget()
            found.append(" < ".join(path))
    return found


def tab_states(root: QWidget):
    """``root`` as it is, then with each tab of each of its tab widgets shown in turn."""
    yield "-"
    for tabs in root.findChildren(QTabWidget):
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            yield f"{tabs.objectName() or 'tabs'}[{index}]"


def busy_hall(hall) -> None:
    """Tickets, a reception running and yesterday's, and today's day opened: the pages show
    their tables, checklists and trees filled."""
    demo.fill(30, today=T)
    demo_reception.fill_reception(T, hall)
    daily.open_day(hall["liuyang"])


def show_page(window, key: str) -> QWidget:
    window.nav.setCurrentRow(window.page_index(key))
    page = window.page_widget(key)
    if key == "reception" and page.runs.count():
        page.runs.setCurrentRow(0)                   # the running reception's checklist
    return page


def walk_pages(window, check, settle=None) -> dict[str, list[str]]:
    """``check(window)`` on every page the login may open, in every tab state: what it
    found, by page and state (``settle()`` runs before each check)."""
    problems = {}
    for spec in PAGES:
        row = window.page_index(spec.key)
        if window.nav.item(row).isHidden():
            continue
        page = show_page(window, spec.key)
        for state in tab_states(page):
            if settle is not None:
                settle()
            found = check(window)
            if found:
                problems[f"{spec.key} {state}"] = found
    return problems


def walk_dialog(dialog) -> dict[str, list[str]]:
    return {f"{type(dialog).__name__} {state}": found for state in tab_states(dialog)
            if (found := unnamed(dialog))}


def complaint(hall):
    return tickets.register(hall["liuyang"], {
        "kind": "complaint", "channel": "walk-in", "category": "service_quality",
        "customer_name": "张三丰", "phone": "13812345678", "content": "窗口排队无人解释。",
        "demand": "要求说明。", "confirmed_by_customer": True})


STEPS = [("wangli", "judge_valid", {"reason": "属实"}),
         ("wangli", "assign", {"department": "OPS", "handler_a": "sunhao"}),
         ("sunhao", "analyse", {"cause_class": "service", "cause_analysis": "重复提交"}),
         ("sunhao", "propose", {"solution": "退还", "compensation_amount": "50",
                                "compensation_method": "现金",
                                "compensation_due": T + timedelta(days=2)}),
         ("wangli", "approve", {"instruction": "同意"}),
         ("sunhao", "implement", {"implementation": "已退还。"}),
         ("wangli", "review", {}),
         ("wangli", "reply", {"reply_method": "phone", "reply_content": "已退还。"})]


def advance(hall, ticket, last: str):
    """Take ``ticket`` through the lifecycle up to the action ``last``."""
    for login, action, data in STEPS:
        ticket = lifecycle.act(hall[login], ticket.id, ticket.version, action, data)
        if action == last:
            return ticket
    raise ValueError(last)


@pytest.mark.parametrize("login", ["liuyang", "admin"])
def test_every_control_of_every_page_has_a_name(login_as, hall, at_t, login):
    busy_hall(hall)
    problems = walk_pages(login_as(login), unnamed)
    assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())


def test_every_control_of_the_main_dialogs_has_a_name(hall, at_t, qtbot, open_detail):
    from hall_desk.ui.agreement_dialog import AgreementDialog
    from hall_desk.ui.login import LoginDialog
    from hall_desk.ui.print_preview import PrintPreviewDialog
    from hall_desk.ui.receipt_dialog import Receipt, ReceiptDialog
    from hall_desk.ui.setup_dialog import CounterDialog, FirstRunDialog
    from hall_desk.ui.signature_pad import SignatureDialog

    ticket = complaint(hall)
    problems: dict[str, list[str]] = {}
    detail = open_detail(hall["wangli"], ticket.id)
    problems.update(walk_dialog(detail))
    detail.start_action("judge_invalid")                  # the refusal's form
    problems.update({f"refusal {k}": v for k, v in walk_dialog(detail).items()})

    approved = advance(hall, ticket, "approve")
    dialogs = [
        PrintPreviewDialog(printing.sheet(hall["wangli"], ticket.id, "record"), "客户投诉记录表"),
        ReceiptDialog(Receipt(ticket.number, "投诉", T, None), actor=hall["liuyang"]),
        SignatureDialog("客户签名确认", signer_name="张三丰"),
        LoginDialog("A1"), FirstRunDialog(), CounterDialog(),
        AgreementDialog(hall["wangli"], approved.id),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        problems.update(walk_dialog(dialog))
    assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())


# -- the focus is always visible ---------------------------------------------------------------

FOCUSABLE = (QLineEdit, QComboBox, QAbstractButton, QAbstractItemView)


def outlined(widget: QWidget) -> bool:
    """Whether ``widget`` is drawn with the focus colour along the middle of its top edge."""
    image = widget.grab().toImage()
    focus = QColor(palette.FOCUS).rgb()
    middle = image.width() // 2
    return any(image.pixel(middle, y) == focus for y in range(min(3, image.height())))


def test_the_style_sheet_outlines_the_focused_control_on_every_page(login_as, hall, at_t,
                                                                    qtbot):
    assert QApplication.instance().styleSheet() == palette.FOCUS_STYLE
    for kind in ("QLineEdit", "QComboBox", "QPushButton", "QCheckBox", "QAbstractScrollArea"):
        assert re.search(rf"{kind}:focus[^{{]*{{[^}}]*border: 2px solid {palette.FOCUS}",
                         palette.FOCUS_STYLE, re.S), kind
    busy_hall(hall)
    window = login_as("admin")
    checked = {}
    for spec in PAGES:
        page = show_page(window, spec.key)
        for kind in FOCUSABLE:
            widget = next((w for w in page.findChildren(kind)
                           if access.is_control(w) and w.isVisibleTo(window) and w.isEnabled()
                           and w.focusPolicy() & Qt.FocusPolicy.TabFocus), None)
            if widget is None:
                continue
            window.nav.setFocus()
            qtbot.waitUntil(window.nav.hasFocus)
            assert not outlined(widget), f"{spec.key}: {kind.__name__} outlined without focus"
            widget.setFocus()
            qtbot.waitUntil(widget.hasFocus)
            checked[f"{spec.key} {kind.__name__}"] = outlined(widget)
        styled = [w for w in page.findChildren(QWidget)    # a style sheet of their own
                  if w.styleSheet() and access.is_control(w) and w.isVisibleTo(window)
                  and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus]
        for widget in styled[:3]:
            widget.setFocus()
            qtbot.waitUntil(widget.hasFocus)
            checked[f"{spec.key} {widget.objectName() or type(widget).__name__}"] = \
                outlined(widget)
    assert len(checked) >= 2 * len(PAGES)
    assert [k for k, ok in checked.items() if not ok] == []


def test_the_queue_frames_its_current_cell_while_it_has_the_focus(login_as, hall, at_t, qtbot):
    from hall_desk.ui.queue_model import CUSTOMER, NUMBER

    demo.fill(30, today=T)
    window = login_as("wangli")
    page = show_page(window, "queue")
    view = page.view
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    view.setCurrentIndex(view.model().index(1, CUSTOMER))
    focus = QColor(palette.FOCUS).rgb()

    def framed(row: int, column: int) -> bool:
        """The cell's left and right edges, a pixel in, are the focus colour all down."""
        rect = view.visualRect(view.model().index(row, column))
        image = view.viewport().grab().toImage()
        return all(image.pixel(x, y) == focus for x in (rect.left() + 1, rect.right() - 1)
                   for y in range(rect.top() + 2, rect.bottom() - 1))

    assert framed(1, CUSTOMER)
    assert not framed(1, NUMBER) and not framed(0, CUSTOMER)   # the selected row's others
    cell = view.visualRect(view.model().index(1, CUSTOMER))
    middle = view.viewport().grab().toImage()
    inside = [middle.pixel(x, cell.center().y())
              for x in range(cell.left() + 4, cell.right() - 3)]
    assert focus not in inside                 # the frame keeps to the padding, off the text
    window.nav.setFocus()
    qtbot.waitUntil(lambda: not view.hasFocus())
    assert not framed(1, CUSTOMER)             # without the focus, no frame


def test_tab_goes_through_the_intake_form_in_reading_order(login_as, hall, at_t, qtbot):
    window = login_as("liuyang")
    page = window.page_widget("intake")
    keys_of = {widget: key for key, widget in page.fields.items()}
    first = page.fields["kind"]
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    visited = []
    widget = first
    while widget is not page.save_button and len(visited) < 40:
        visited.append(widget)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
    assert widget is page.save_button                  # the form ends at its action
    fields = [keys_of[w] for w in visited if w in keys_of]
    reachable = [(w.mapTo(page, QPoint(0, 0)), key) for key, w in page.fields.items()
                 if w.isVisibleTo(page) and w.isEnabled()
                 and w.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert fields == [key for _p, key in sorted(reachable, key=lambda r: (r[0].y(), r[0].x()))]
    assert fields[:6] == ["kind", "channel", "category", "customer_name", "phone", "address"]
    places = [w.mapTo(page, QPoint(0, 0)) for w in visited + [widget]]
    for before, after, (a, b) in zip(places, places[1:], zip(visited, visited[1:] + [widget])):
        assert after.y() > before.y() or (after.y() == before.y() and after.x() > before.x()), \
            f"Tab from {access.spoken_name(a)} goes back to {access.spoken_name(b)}"


# -- a larger text ----------------------------------------------------------------------------

@pytest.fixture
def text_scale(qapp):
    """Set the text size for one test; back to 100 % after it."""
    yield lambda percent: access.apply_text_scale(qapp, percent)
    access.apply_text_scale(qapp, 100)


def clipped_labels(window: QWidget) -> list[str]:
    """The labels ``window`` shows smaller than their text: narrower or lower than their size
    hint, or, when they wrap, lower than their text needs at their width; or covered by a
    widget beside them."""
    found = []
    for label in window.findChildren(QLabel):
        if not label.isVisibleTo(window) or not label.text().strip():
            continue
        if label.wordWrap():
            short = label.height() < label.heightForWidth(label.width())
        else:
            hint = label.sizeHint()
            short = label.width() < hint.width() or label.height() < hint.height()
        covered = [w for w in label.parentWidget().children()
                   if isinstance(w, QWidget) and w is not label and w.isVisibleTo(window)
                   and not w.isWindow() and w.geometry().intersects(label.geometry())]
        if short or covered:
            found.append(f"{label.text()[:30]!r} {label.width()}x{label.height()} "
                         f"< {label.sizeHint().width()}x{label.sizeHint().height()}")
    return found


def test_the_text_size_is_this_pc_s_setting_applied_at_once(login_as, hall, at_t, qapp,
                                                           text_scale):
    base = text_scale(100)
    window = login_as("liuyang")
    window.nav.setCurrentRow(window.page_index("settings"))
    page = window.page_widget("settings")
    nav_size = window.nav.font().pointSizeF()          # the page list has a size of its own
    assert [page.text_size.itemData(i) for i in range(page.text_size.count())] == [100, 125, 150]
    assert access.spoken_name(page.text_size) == "文字大小"
    page.text_size.setCurrentIndex(2)
    page.text_size.activated.emit(2)
    assert config.load().text_scale == 150 and window.ctx.local.text_scale == 150
    assert qapp.font().pointSizeF() == pytest.approx(base * 1.5)
    assert page.language.font().pointSizeF() == pytest.approx(base * 1.5)   # shown at once
    assert window.nav.font().pointSizeF() == pytest.approx(nav_size * 1.5)
    page.text_size.setCurrentIndex(0)
    page.text_size.activated.emit(0)
    assert config.load().text_scale == 100 and qapp.font().pointSizeF() == pytest.approx(base)
    assert window.nav.font().pointSizeF() == pytest.approx(nav_size)


def test_the_checklist_ticks_grow_with_the_larger_text(hall, at_t, qtbot, rt, text_scale):
    from hall_desk.ui.pages.reception_page import DONE_STYLE, NA_STYLE, ReceptionPage

    demo_reception.fill_reception(T, hall)
    text_scale(100)

    def ticks(page) -> dict[str, tuple[float, int]]:
        """Each kind of tick (✓, 不适用) as shown: its font's size and its button's side,
        with its text inside the button."""
        found = {}
        for run in range(page.runs.count()):
            page.runs.setCurrentRow(run)
            for row in page.run_view.checklist.rows.values():
                button = row.tick_button
                kind = {DONE_STYLE: "done", NA_STYLE: "n/a"}.get(button.styleSheet())
                if kind:
                    assert button.fontMetrics().horizontalAdvance(button.text()) < button.width()
                    found[kind] = (button.font().pointSizeF(), button.width())
        return found

    page = ReceptionPage(PageContext(hall["chenjing"], rt.local))
    qtbot.addWidget(page)
    page.show()
    small = ticks(page)
    text_scale(150)                         # the open page changes at once ...
    large = ticks(page)
    assert small.keys() == large.keys() == {"done", "n/a"}
    for kind in small:
        assert large[kind][0] == pytest.approx(small[kind][0] * 1.5), kind
        assert large[kind][1] > small[kind][1], kind                # the square grows too
    fresh = ReceptionPage(PageContext(hall["chenjing"], rt.local))    # ... and a new one
    qtbot.addWidget(fresh)
    fresh.show()
    assert ticks(fresh) == large


def test_a_text_size_not_offered_falls_back_to_100(tmp_path):
    path = tmp_path / "config.toml"
    for value in ("130", '"150"', "true"):
        path.write_text(f"text_scale = {value}\n", encoding="utf-8")
        assert config.load(path).text_scale == 100
    path.write_text("text_scale = 125\n", encoding="utf-8")
    assert config.load(path).text_scale == 125


@pytest.mark.parametrize("login,percent", [("liuyang", 150), ("admin", 150), ("liuyang", 125),
                                           ("liuyang", 100)])
def test_at_150_percent_no_page_clips_a_label_at_1366x768(login_as, hall, at_t, text_scale,
                                                          qtbot, login, percent):
    text_scale(percent)
    busy_hall(hall)
    window = login_as(login)
    window.resize(1366, 768)
    problems = walk_pages(window, clipped_labels, settle=lambda: qtbot.wait(50))
    assert window.width() <= 1366 and window.height() <= 768
    assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())


# -- colour is never the only sign ------------------------------------------------------------

def test_every_coloured_queue_cell_says_its_state_in_a_sign_and_words(hall, at_t):
    from hall_desk.services.queue import QueueFilter
    from hall_desk.ui.queue_model import DEADLINE, DEADLINE_STATE_ROLE, STATUS, QueueModel

    demo.fill(60, today=T)
    said = {"overdue": ("✖", "已超时"), "due_soon": ("⚠", "即将到期")}
    seen = set()
    for hours in (0, 4, 8, 20):
        model = QueueModel(hall["wangli"], clock=lambda h=hours: T + timedelta(hours=h))
        model.set_filter(QueueFilter())
        while model.canFetchMore():
            model.fetchMore()
        for r in range(model.rowCount()):
            for c in range(model.columnCount()):
                index = model.index(r, c)
                coloured = (model.data(index, Qt.ItemDataRole.ForegroundRole) is not None
                            or model.data(index, Qt.ItemDataRole.BackgroundRole) is not None)
                if not coloured:
                    continue
                text = model.data(index)
                if c == DEADLINE:
                    state = model.data(index, DEADLINE_STATE_ROLE)
                    seen.add(state)
                    sign, words = said[state]
                    assert text.startswith(sign) and words in text, (state, text)
                else:
                    assert c == STATUS and "▲" in text and "已升级" in text, (c, text)
                    seen.add("escalated")
    assert seen == {"overdue", "due_soon", "escalated"}


def test_the_reception_checklist_tells_done_not_applicable_and_open_apart_without_colour(
        hall, at_t, qtbot, rt):
    from hall_desk.ui.pages.reception_page import DONE_STYLE, NA_STYLE, OPEN_STYLE, ReceptionPage

    demo_reception.fill_reception(T, hall)
    page = ReceptionPage(PageContext(hall["chenjing"], rt.local))
    qtbot.addWidget(page)
    page.show()
    texts: dict[str, set[str]] = {"done": set(), "n/a": set(), "open": set()}
    for run in range(page.runs.count()):              # running, and yesterday's finished one
        page.runs.setCurrentRow(run)
        for row in page.run_view.checklist.rows.values():
            state = {DONE_STYLE: "done", NA_STYLE: "n/a",
                     OPEN_STYLE: "open"}[row.tick_button.styleSheet()]
            status = row.status_label.text() if row.status_label.isVisibleTo(page) else ""
            texts[state].add(row.tick_button.text())
            heard = access.spoken_name(row.tick_button)         # the item and its state
            assert heard.startswith(row.text_label.text() + "：")
            assert heard.endswith(status.split("\n")[0] if state != "open" else "未完成")
            if state == "done":
                assert "完成" in status
            elif state == "n/a":
                assert status.startswith("不适用")
            else:
                assert "完成" not in status and "不适用" not in status
    assert texts == {"done": {"✓"}, "n/a": {"不适用"}, "open": {""}}


def test_the_daily_checks_show_each_state_by_its_own_sign_and_words(hall, at_t, qtbot, rt):
    from hall_desk.core import daily as rules
    from hall_desk.ui.pages.daily_page import DailyPage

    clerk = hall["liuyang"]
    day = daily.open_day(clerk)
    items = daily.items(day.id)
    daily.tick(clerk, items[0].id)
    daily.mark(clerk, items[1].id, "faulty", "自助缴费终端黑屏")
    daily.mark(clerk, items[2].id, "not_done", "人手不足")
    page = DailyPage(PageContext(clerk, rt.local))
    qtbot.addWidget(page)
    page.show()
    sign_of: dict[str, set[str]] = {}
    for g in range(page.tree.topLevelItemCount()):
        group = page.tree.topLevelItem(g)
        for i in range(group.childCount()):
            row = group.child(i)
            colour = row.foreground(1).color().name()
            sign, _, words = row.text(1).partition(" ")
            assert sign and words in {rules.status_label(s) for s in
                                      ("done", "faulty", "not_done", "open")}, row.text(1)
            sign_of.setdefault(colour, set()).add(sign)
    assert len(sign_of) == 4                           # four states, four colours ...
    assert all(len(signs) == 1 for signs in sign_of.values())
    assert len(set().union(*sign_of.values())) == 4    # ... and four signs


def test_an_overdue_callback_says_so_with_the_sign_as_in_the_queue(hall, qtbot, rt):
    from hall_desk.ui.pages.duty_page import DutyPage

    with clock(lambda: T):
        advance(hall, complaint(hall), "reply")           # its callback lapses
    with clock(lambda: T + timedelta(days=10)):
        advance(hall, complaint(hall), "reply")           # its callback is due
        page = DutyPage(PageContext(hall["chenjing"], rt.local))
        qtbot.addWidget(page)
        page.callbacks_tab.refresh()
        table = page.callbacks_tab.calls_table
        states = [table.item(r, 5) for r in range(table.rowCount())]
    red = QColor(palette.OVERDUE)
    late = [s.text() for s in states if s.foreground().color() == red]
    assert len(states) == 2 and len(late) == 1 and all(text.startswith("✖ 已超时") for text in late)
    assert all(not s.text().startswith("✖") for s in states if s.foreground().color() != red)


def _layout_item_wrappers() -> set[int]:
    import gc

    from shiboken6 import Shiboken
    gc.collect()
    return {id(o) for o in Shiboken.getAllValidWrappers()
            if isinstance(o, (QWidgetItem, QSpacerItem))}


def test_naming_leaves_no_python_wrapper_of_a_layout_item_behind(qtbot):
    """Qt deletes a layout item when its widget goes, without telling PySide: a wrapper kept
    from naming would stand for freed memory, and the next object made there came back as
    that item (a menu bar as a QSpacerItem in CI, or a crash)."""
    before = _layout_item_wrappers()
    root = QWidget()
    qtbot.addWidget(root)
    outer = QVBoxLayout(root)
    form = QFormLayout()
    amount = QLineEdit()
    cell = QHBoxLayout()                  # a field in a layout of its own: no buddy from Qt
    cell.addWidget(amount)
    cell.addStretch(1)
    form.addRow(QLabel("金额："), cell)
    row = QHBoxLayout()
    beside = QLabel("备注：")
    note = QLineEdit()
    row.addWidget(beside)
    row.addWidget(note)
    row.addStretch(1)
    outer.addLayout(form)
    outer.addLayout(row)
    outer.addStretch(1)

    assert access.name_controls(root) == []
    assert (amount.accessibleName(), note.accessibleName()) == ("金额", "备注")
    assert _layout_item_wrappers() <= before
    beside.deleteLater()                  # Qt deletes its item; nothing in Python stands for it
    qtbot.waitUntil(lambda: row.count() == 2)
    assert _layout_item_wrappers() <= before
    assert isinstance(root.layout(), QVBoxLayout)
