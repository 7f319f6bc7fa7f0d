"""Child process of the start-up and memory benchmarks. Prints one line when the window's
first paint has happened: ``painted <rss_kb> <main thread's CPU ms>``, and exits at once;
the parent times it from process start.

    python -m benchmarks.startup floor            # empty QMainWindow with a QTableView
    python -m benchmarks.startup stack --db FILE --query JSON
                                                  # the floor, plus peewee and the queue's
                                                  # first page read and shown in a plain model
    python -m benchmarks.startup app --db FILE    # hall_desk's main window, queue shown
"""

from __future__ import annotations

import argparse
import os
import sys
import time


def rss_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def open_app_store(db: str):
    """The app's start up to the window, in app.start's order (config, language, the store,
    the window's services), before Qt is imported: (the clerk who is shown the queue, this
    PC's config)."""
    from hall_desk import config
    from hall_desk.core import i18n
    from hall_desk.core.enums import Role
    from hall_desk.runtime import import_window_services
    from hall_desk.services.context import Actor
    from hall_desk.store.connection import open_database
    from hall_desk.store.models import Staff

    local = config.load()
    i18n.set_language("zh")
    # as the window opens it: the file's quick_check runs in a worker thread meanwhile; the
    # app waits for it at the login, before the first write
    open_database(path=db, check="later")
    clerk = Staff.get(Staff.login == "liuyang")
    import_window_services()              # as app.run_window does before it imports Qt
    return Actor(clerk.id, clerk.name, Role(clerk.role), "A1", clerk.login), local


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["floor", "stack", "app"])
    parser.add_argument("--db")
    parser.add_argument("--query", help='JSON ["SQL", [params...]], for the stack mode')
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.mode == "app":
        # as app.start does: config, language and the store come before Qt is imported
        clerk, local = open_app_store(args.db)

    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    if args.mode == "floor":
        app = QApplication(sys.argv[:1])
        window = QMainWindow()
        window.setCentralWidget(QTableView())
        window.resize(1280, 800)
    elif args.mode == "stack":
        # What any program on this stack pays before it shows a first page of tickets: the
        # floor, peewee with the database opened, the same SELECT the queue runs, and its
        # rows as text in a QStandardItemModel, the columns fitted to their contents.
        import json

        from peewee import SqliteDatabase
        from PySide6.QtGui import QStandardItem, QStandardItemModel

        sql, params = json.loads(args.query)
        database = SqliteDatabase(args.db, pragmas={"journal_mode": "wal", "foreign_keys": 1,
                                                    "synchronous": 2})
        rows = database.execute_sql(sql, params).fetchall()
        app = QApplication(sys.argv[:1])
        model = QStandardItemModel(0, 9)
        for row in rows:       # number, kind, category, customer, received, status,
            # department and handler, deadline, priority: the queue's nine columns
            texts = [row[1], row[2], row[3], f"{row[4]} {row[5]}", row[7], row[8],
                     f"{row[9] or ''} {row[10] or ''}", row[11], row[13]]
            model.appendRow([QStandardItem("" if t is None else str(t)) for t in texts])
        view = QTableView()
        view.setModel(model)
        view.resizeColumnsToContents()
        window = QMainWindow()
        window.setCentralWidget(view)
        window.resize(1280, 800)
    else:
        # the app's own start after the store (above): Qt app with fonts and translations,
        # then the main window of a logged-in clerk with the queue page shown
        from hall_desk.ui.app import create_app, install_translators, setup_fonts
        from hall_desk.ui.mainwindow import MainWindow

        app = create_app(sys.argv[:1], at_first_paint=True)     # as app.run_gui does
        setup_fonts(app)
        install_translators(app, "zh")
        window = MainWindow(clerk, local)
        window.nav.setCurrentRow(window.page_index("queue"))

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):  # noqa: N802 (Qt)
            if event.type() == QEvent.Type.Paint and watched is window:
                app.removeEventFilter(self)
                QTimer.singleShot(0, done)
            return False

    def done() -> None:
        # the RSS, and the main thread's CPU time since the start, which other work on a
        # busy machine disturbs much less than the clock
        print(f"painted {rss_kb()} {time.thread_time() * 1000:.1f}", flush=True)
        # The figure is start to first paint: end here, the same way for the floor and the
        # app, so the parent's clock (it waits for the exit) does not also count tearing
        # down the widgets, the database and the interpreter, which takes the app longer
        # than the floor (docs/benchmarks.md).
        os._exit(0)

    watcher = FirstPaint()
    app.installEventFilter(watcher)
    window.show()
    app.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main())
