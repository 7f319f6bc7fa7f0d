"""Every window fits the counter's small screens: 1024×768 at 100 %, and 1366×768 at 125 % and
150 % (1093×614 and 911×512 logical pixels); at 150 % in English too, whose words are longer.

The screen is set before the QApplication exists, so each size runs in a child process of
this file (``python test_screen_fit.py probe DB WIDTH HEIGHT SCALE``) on the offscreen
platform with a screen of that size (its ``configfile``) and ``QT_SCALE_FACTOR``; it prints
the problems it finds as JSON. The database is a crowded demo hall built once (300+ tickets,
a customer with a long name and a long 诉求).

What the probe opens: the main window at the size the app shows it, on every page and every
tab of a page, then every dialog a person reaches from it (ticket detail with an action form
open, the refusal form, print preview, receipt, signature, agreement and payment, the
reception's complaint, the template editors, login, first-run set-up, counter; a warning, a
long question, the question before a reception starts with no post filled, and every question
met on the way), each shown as the app shows it (parented to the main window, placed by Qt).

The rules, checked on what is visible:

- A button is reachable: its rect lies inside each of its parents up to the window and the
  window's rect on the screen's available geometry, except that a button inside a scroll
  area's viewport only needs the viewport to be reachable (scrolling brings it in); a
  scroll area's own body is never where a dialog's action row lives
  (:func:`hall_desk.ui.widgets.fit_dialog` keeps the row outside).
- A table column is at least as wide as its header text (the header's font metrics), and
  the queue's next time limit is inside the table's viewport without scrolling.
- No widget is smaller than its minimum size (hint): a smaller one is clipped. A wrapped
  label needs the height of its lines at its width; a widget holding wrapped text is
  judged by its width only (its minimum height is the one at its minimum width).
- No scroll area scrolls sideways: a body scrolls up and down only.
- A tree's texts are not cut to "…" (the day's checks wrap instead).

With ``HALL_DESK_SCREENSHOTS=1`` the 1024×768 run also saves the intake, queue, ticket detail,
print preview, reception, day and duty log to ``docs/screenshot-fit-*.png`` (take them under
``xvfb-run -a -s "-screen 0 1024x768x24"`` with ``QT_QPA_PLATFORM=xcb`` for a real window).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
#: (width, height, scale, language): English's longer words at the largest scale too
SIZES = [(1024, 768, 1.0, "zh"), (1366, 768, 1.25, "zh"), (1366, 768, 1.5, "zh"),
         (1366, 768, 1.5, "en")]
LONG_NAME = "欧阳慕容司马东方上官诸葛"
LONG_DEMAND = ("请供电公司尽快查明本户自十月以来电费连续异常升高的原因，核对电能表读数与抄表记录，"
               "退还多收的电费，并书面说明今后如何避免同样的问题再次发生，同时希望有专人电话告知进展。")



def _told(stderr: str) -> str:
    """A child's stderr without the offscreen platform's own notices (they would hide the
    error): its last 3,000 characters."""
    lines = [l for l in stderr.splitlines() if "does not support propagateSizeHints" not in l]
    return "\n".join(lines)[-3000:]

def child_env(folder: Path, extra: dict[str, str]) -> dict[str, str]:
    """The child's environment: this copy of hall_desk, its own folders in ``folder``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.update(HALL_DESK_CONFIG=str(folder / "config.toml"),
               XDG_DATA_HOME=str(folder / "xdg-data"), XDG_STATE_HOME=str(folder / "xdg-state"))
    env.update(extra)
    return env


def screen_env(folder: Path, width: int, height: int, scale: float, lang: str) -> dict:
    """A child's environment on the offscreen platform with one screen of that size."""
    screen = folder / "screen.json"
    screen.write_text(json.dumps({"screens": [{
        "name": "counter", "x": 0, "y": 0, "width": width, "height": height,
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    return child_env(folder, {"QT_QPA_PLATFORM": f"offscreen:configfile={screen}",
                              "QT_SCALE_FACTOR": str(scale), "HALL_DESK_FIT_LANG": lang})


def probe_app():
    """In the child: the QApplication as the program sets it up, in the probe's language,
    with the message boxes that would wait for a click silenced."""
    from PySide6.QtWidgets import QApplication

    from hall_desk.core import i18n
    from hall_desk.ui import app as ui_app
    from hall_desk.ui import dialogs

    app = QApplication([])
    ui_app.create_app()
    ui_app.setup_fonts(app)
    lang = os.environ.get("HALL_DESK_FIT_LANG", "zh")
    ui_app.install_translators(app, lang)
    i18n.set_language(lang)
    for name in ("info", "warn", "error"):
        setattr(dialogs, name, lambda *a, **k: None)
    return app


@pytest.fixture(scope="module")
def crowded_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("fit")
    path = folder / "hall.sqlite3"
    run = subprocess.run([sys.executable, __file__, "fill", str(path)],
                         env=child_env(folder, {}), capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, _told(run.stderr)
    return path


@pytest.mark.parametrize("width,height,scale,lang", SIZES,
                         ids=[f"{w}x{h}@{int(s * 100)}-{lang}" for w, h, s, lang in SIZES])
def test_every_window_fits_the_screen(crowded_db, tmp_path, width, height, scale, lang):
    env = screen_env(tmp_path, width, height, scale, lang)
    platform = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    if os.environ.get("HALL_DESK_SCREENSHOTS") == "1" and scale == 1.0 and lang == "zh" \
            and not platform.startswith("offscreen"):
        env["QT_QPA_PLATFORM"] = platform       # a real window: xvfb-run's 1024×768 screen
    database = tmp_path / "hall.sqlite3"       # each size on its own copy
    shutil.copyfile(crowded_db, database)
    run = subprocess.run([sys.executable, "-X", "faulthandler", __file__, "probe", str(database),
                          str(width), str(height), str(scale)], env=env, capture_output=True,
                         text=True, timeout=300, cwd=tmp_path)
    assert run.returncode == 0, _told(run.stderr)
    found = json.loads(run.stdout.strip().splitlines()[-1])
    assert found["opened"] >= 25, found      # the probe really went round
    assert found["problems"] == [], "\n".join(found["problems"])


# -- the child process ---------------------------------------------------------------------

def fill(path: str) -> None:
    from hall_desk.services import demo, tickets
    from hall_desk.services.context import Actor
    from hall_desk.store.connection import close_database, open_database
    from hall_desk.store.models import Staff, Ticket

    open_database(path=Path(path))
    demo.fill(320)
    clerk = Staff.get(Staff.login == "liuyang")
    actor = Actor(clerk.id, clerk.name, __import__("hall_desk.core.auth", fromlist=["Role"])
                  .Role(clerk.role), demo.DEMO_COUNTER, clerk.login)
    model = Ticket.select().where(Ticket.kind == "complaint").first()
    long_one = tickets.register(actor, {
        "kind": "complaint", "channel": model.channel, "category": model.category.code,
        "customer_name": LONG_NAME, "phone": "13800001234",
        "address": "城东区解放路与人民大道交叉口东北角供电营业厅对面的幸福家园小区十二栋三单元",
        "content": LONG_DEMAND * 3, "demand": LONG_DEMAND, "emotional_state": "calm",
        "confirmed_by_customer": True})
    # its record printed, then changed: the detail's record line is at its longest
    # ("changed since version 1; printing or signing makes version 2")
    from hall_desk.services import printing

    printing.sheet(actor, long_one.id, "record")
    tickets.update(actor, long_one.id, long_one.version, {"summary": "客户要求先电话联系。"})
    from hall_desk.services import hotline     # work orders at the top of the queue

    first = (Ticket.select().where(Ticket.status != "archived")
             .order_by(Ticket.next_deadline_at.asc(nulls="LAST")).limit(3))
    for t, source in zip(list(first), ("95598", "12345", "other")):
        hotline.link(actor, t.id, t.version, source, f"GD-2026-{t.id:06d}")
    close_database()


class Probe:
    """Shows windows and collects what does not fit."""

    def __init__(self, app, scale: float) -> None:
        self.app = app
        self.scale = scale
        self.screen = app.primaryScreen().availableGeometry()
        if scale != int(scale):     # a maximised window's edge rounds to the next pixel
            self.screen = self.screen.adjusted(-1, -1, 1, 1)
        self.problems: list[str] = []
        self.opened = 0

    def settle(self) -> None:
        from PySide6.QtCore import QCoreApplication, QEvent

        for _ in range(8):
            self.app.processEvents()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def check(self, where: str, window) -> None:
        from PySide6.QtWidgets import (
            QAbstractButton, QAbstractItemView, QAbstractScrollArea, QAbstractSpinBox,
            QComboBox, QHeaderView, QScrollArea, QScrollBar, QTreeWidget, QWidget,
        )

        self.settle()
        self.opened += 1
        top = window.frameGeometry()
        if not self.screen.contains(top):
            self.problems.append(f"{where}: window {rect(top)} is bigger than or off the "
                                 f"screen {rect(self.screen)}")
        for button in window.findChildren(QAbstractButton):
            if not button.isVisibleTo(window) or isinstance(button.parent(), QScrollBar):
                continue
            if isinstance(button.parentWidget(), QHeaderView):
                continue
            lost = unreachable(button, window, self.screen)
            if lost:
                self.problems.append(f"{where}: button {label(button)} {lost}")
        for view in window.findChildren(QAbstractItemView):
            if view.isVisibleTo(window):
                self.problems += [f"{where}: {p}" for p in narrow_columns(view)]
                if isinstance(view, QTreeWidget):
                    self.problems += [f"{where}: {p}" for p in elided_items(view)]
        for area in window.findChildren(QScrollArea):
            if area.isVisibleTo(window) and area.horizontalScrollBar().maximum() > 0:
                self.problems.append(f"{where}: {label(area.widget())} scrolls sideways "
                                     f"({area.widget().width()} px in {area.viewport().width()})")
        for widget in [window, *window.findChildren(QWidget)]:
            if not widget.isVisibleTo(window) or widget.isWindow() and widget is not window:
                continue
            if isinstance(widget.parentWidget(), QAbstractScrollArea) \
                    and widget is not widget.parentWidget().viewport():
                continue        # the scroll bars' containers
            if isinstance(widget.parentWidget(), (QAbstractSpinBox, QComboBox)):
                continue        # their line edits: the box's own size is checked
            short = clipped(widget)
            if short:
                self.problems.append(f"{where}: {label(widget)} {short}")

    def shot(self, widget, name: str) -> None:
        if os.environ.get("HALL_DESK_SCREENSHOTS") == "1" and self.scale == 1.0:
            self.settle()
            assert widget.grab().save(str(DOCS / f"screenshot-fit-{name}.png"))


def rect(r) -> str:
    return f"{r.width()}×{r.height()}+{r.x()}+{r.y()}"


def label(widget) -> str:
    text = getattr(widget, "text", None)
    text = text() if callable(text) else ""
    name = widget.objectName() or type(widget).__name__
    return f"{name}{' ' + repr(text.replace('&', '')) if text else ''}"


def unreachable(button, window, screen) -> str:
    """Why ``button`` cannot be reached, or "" (the rule in the module's docstring)."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QAbstractScrollArea

    widget, area = button, QRect(QPoint(0, 0), button.size())
    while widget is not window:
        parent = widget.parentWidget()
        area = area.translated(widget.pos())
        holder = parent.parentWidget()
        if isinstance(holder, QAbstractScrollArea) and holder.viewport() is parent:
            area = QRect(QPoint(0, 0), parent.size())     # scrolled into view on demand
        elif not QRect(QPoint(0, 0), parent.size()).contains(area):
            return f"is cut off by {label(parent)} ({rect(area)} in {parent.width()}×" \
                   f"{parent.height()})"
        widget = parent
    on_screen = area.translated(window.mapToGlobal(QPoint(0, 0)))
    if not screen.contains(on_screen):
        return f"at {rect(on_screen)} is outside the screen {rect(screen)}"
    return ""


def narrow_columns(view) -> list[str]:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTableView, QTreeView

    if isinstance(view, QTableView):
        header = view.horizontalHeader()
    elif isinstance(view, QTreeView):
        header = view.header()
    else:
        return []
    if header.isHidden():
        return []
    model = view.model()
    metrics = header.fontMetrics()
    found = []
    for column in range(header.count()):
        if header.isSectionHidden(column):
            continue
        text = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        need = metrics.horizontalAdvance(text)
        if text and header.sectionSize(column) < need:
            found.append(f"{label(view)} column {text!r} is {header.sectionSize(column)} px, "
                         f"its title needs {need}")
    return found


def page_states(key: str, page):
    """Show each state of a page worth checking in turn (its name; "" for as opened)."""
    yield ""
    if key == "reception":
        for row in range(min(page.runs.count(), 3)):
            page.runs.setCurrentRow(row)
            yield f"run {row}"
        if page.new_button.isVisible():
            page.new_notice()
            yield "new notice"


def deadline_hidden(page) -> list[str]:
    """The queue's next time limit must be in view without scrolling sideways."""
    from hall_desk.ui.queue_model import DEADLINE

    view = page.view
    view.horizontalScrollBar().setValue(0)
    right = view.columnViewportPosition(DEADLINE) + view.columnWidth(DEADLINE)
    if right > view.viewport().width():
        return [f"queue: the next time limit ends at {right} px, the table shows "
                f"{view.viewport().width()}"]
    return []


def elided_items(tree) -> list[str]:
    """Texts of a tree that do not fit their cell (shown with "…"): wider than the column,
    or with word wrap, more lines than the row is high."""
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtWidgets import QTreeWidgetItemIterator

    found = []
    metrics = tree.fontMetrics()
    it = QTreeWidgetItemIterator(tree)
    while it.value():
        item = it.value()
        rect = tree.visualItemRect(item)
        for column in range(tree.columnCount()):
            room = tree.columnWidth(column) - 8         # the items' padding
            if column == 0:
                room -= rect.x() - tree.columnViewportPosition(0)
            text = item.text(column)
            if not text:
                continue
            if tree.wordWrap():
                lines = metrics.boundingRect(QRect(0, 0, room, 1 << 16),
                                             int(Qt.TextFlag.TextWordWrap), text)
                cut = lines.height() > rect.height()
            else:
                cut = metrics.horizontalAdvance(text) > room
            if cut:
                found.append(f"{label(tree)} cuts {text!r} to {room}×{rect.height()} px")
        it += 1
    return found


def clipped(widget) -> str:
    from PySide6.QtWidgets import QLabel

    hint = widget.minimumSizeHint()
    least = widget.minimumSize()
    need_w = least.width() or hint.width()
    need_h = least.height() or hint.height()
    if isinstance(widget, QLabel) and widget.wordWrap():    # the height its lines need
        need_w = least.width()
        need_h = max(least.height(), widget.heightForWidth(widget.width()))
    elif widget.hasHeightForWidth():
        # it holds wrapped text: its minimum height is the one at its minimum width, more
        # than it needs at its own; the wrapped labels inside are checked one by one
        need_h = least.height()
    need_w = min(need_w, widget.maximumWidth())
    need_h = min(need_h, widget.maximumHeight())
    if widget.width() < need_w or widget.height() < need_h:
        return f"is clipped: {widget.width()}×{widget.height()}, needs {need_w}×{need_h}"
    return ""


def probe(path: str, width: int, height: int, scale: float) -> dict:
    from PySide6.QtWidgets import QMessageBox, QTabWidget

    from hall_desk import config
    from hall_desk.services import demo, printing
    from hall_desk.services.context import Actor
    from hall_desk.store.connection import open_database
    from hall_desk.store.models import Staff, Ticket
    from hall_desk.ui import dialogs

    app = probe_app()
    open_database(path=Path(path))
    check = Probe(app, scale)

    def confirm(parent, text, **options) -> bool:
        """Every question the probe meets is shown and checked, then answered yes (leave a
        page with a form open)."""
        box = dialogs.question_box(parent, text, **options)
        box.show()
        check.check(f"question {text[:16]!r}", box)
        box.close()
        box.deleteLater()
        return True
    setattr(dialogs, "confirm", confirm)

    from hall_desk.core.auth import Role
    from hall_desk.ui.mainwindow import MainWindow

    def actor(login: str) -> Actor:
        s = Staff.get(Staff.login == login)
        return Actor(s.id, s.name, Role(s.role), demo.DEMO_COUNTER, s.login)

    local = config.LocalConfig(counter_code=demo.DEMO_COUNTER)
    windows = {}
    for login in ("wangli", "admin"):
        window = MainWindow(actor(login), local)
        window.show_fitted()
        check.settle()
        windows[login] = window
        for spec_row in range(window.nav.count()):
            window.nav.setCurrentRow(spec_row)
            page = window.current_page()
            key = window.current_page_key()
            for state in page_states(key, page):
                tabs = [t for t in page.findChildren(QTabWidget) if t.isVisibleTo(window)]
                for tab in tabs or [None]:
                    for index in range(tab.count() if tab else 1):
                        if tab:
                            tab.setCurrentIndex(index)
                        where = " ".join(filter(None, [login, key, state, tab and
                                                       f"tab {tab.tabText(index)}"]))
                        check.check(where, window)
                        if login == "wangli" and index == 0 and state in ("", "run 0") \
                                and key in ("intake", "queue", "reception", "daily", "duty"):
                            check.shot(window, key)
            if key == "queue":
                check.problems += deadline_hidden(page)
        if login == "admin":
            window.hide()
    window = windows["wangli"]
    supervisor = window.actor

    from hall_desk.ui.ticket_detail import TicketDetailDialog

    long_one = Ticket.get(Ticket.customer_name == LONG_NAME)
    for ticket, note in ((long_one, "new"), *((t, t.status) for t in Ticket.select()
                         .where(Ticket.status.in_(["assigned", "closed", "archived"]))
                         .group_by(Ticket.status))):
        detail = TicketDetailDialog(supervisor, ticket.id, window)
        detail.show()
        check.check(f"ticket detail ({note})", detail)
        if note == "new":
            check.shot(detail, "ticket")
        for action in list(detail.action_buttons)[:3]:
            detail.start_action(action)
            check.check(f"ticket detail ({note}) form {action}", detail)
        if ticket.status != "registered":
            which = "typical" if ticket.status == "archived" else "agreement"
            for kind in (which, "payment") if which == "agreement" else (which,):
                dialog = detail.settle(kind)
                check.check(f"{kind} dialog", dialog)
                dialog.reject()
        detail.close()
        detail.deleteLater()

    from hall_desk.ui.print_preview import PrintPreviewDialog

    sheet = printing.sheet(supervisor, long_one.id, "record")
    preview = PrintPreviewDialog(sheet.data if hasattr(sheet, "data") else sheet,
                                 "客户投诉记录表", window)
    preview.show()
    check.check("print preview", preview)
    check.shot(preview, "preview")
    preview.reject()

    from hall_desk.ui.receipt_dialog import Receipt, ReceiptDialog

    receipt = ReceiptDialog(Receipt(long_one.number, "投诉", long_one.received_at,
                                    long_one.received_at), window, actor=supervisor)
    receipt.show()
    check.check("receipt", receipt)
    receipt.reject()

    from hall_desk.ui.signature_pad import SignatureDialog

    signature = SignatureDialog("主管签字 - " + long_one.number, window, signer_name="王丽",
                                notice="签字即确认以上内容属实。" * 4)
    signature.show()
    check.check("signature", signature)
    signature.reject()

    from hall_desk.ui.pages.reception_page import ComplaintDialog

    reception_page = window.page_widget("reception")
    run = getattr(getattr(reception_page, "run_view", None), "data", None)
    if run:
        complaint = ComplaintDialog(window.ctx, run, window)
        complaint.show()
        check.check("reception complaint", complaint)
        complaint.reject()

    from hall_desk.ui import daily_templates, reception_templates

    admin = windows["admin"]
    for module in (daily_templates, reception_templates):
        editor = module.open_editor(admin, admin.actor)
        check.check(f"{module.__name__} editor", editor)
        editor.reject()

    from hall_desk.ui.keys import ShortcutSheet
    from hall_desk.ui.pages.daily_page import ReasonDialog
    from hall_desk.ui.pages.reception_page import TextDialog

    for dialog in (ShortcutSheet(window), ReasonDialog("故障", "故障情况：" * 8, window),
                   TextDialog("不适用", "为什么本次不适用？" * 6, window, check=str)):
        dialog.show()
        check.check(type(dialog).__name__, dialog)
        dialog.reject()

    confirm(window, LONG_DEMAND * 3)                # a long question
    warning = dialogs.message_box(window, QMessageBox.Icon.Warning, "", LONG_DEMAND * 3)
    warning.show()
    check.check("warning box", warning)
    warning.close()
    if run:         # starting a reception with no post filled: a question of many lines
        from hall_desk.services import reception

        run_view = reception_page.run_view
        confirm(run_view, run_view.start_question(reception.check_posts(run["id"], {})))

    from hall_desk.ui.login import LoginDialog
    from hall_desk.ui.setup_dialog import CounterDialog, FirstRunDialog

    for dialog in (LoginDialog(demo.DEMO_COUNTER), FirstRunDialog(), CounterDialog()):
        dialog.show()
        check.check(type(dialog).__name__, dialog)
        dialog.reject()
    return {"opened": check.opened, "problems": check.problems}


if __name__ == "__main__":
    if sys.argv[1] == "fill":
        fill(sys.argv[2])
    else:
        result = probe(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]))
        print(json.dumps(result, ensure_ascii=False))
        sys.stdout.flush()
        os._exit(0)     # skip the teardown of windows and threads: the result is out
