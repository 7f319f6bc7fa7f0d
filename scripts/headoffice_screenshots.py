"""The screenshots of docs/exchange.md: the program started as ``hall-desk --db HO`` on a
head office's database, logged in, each page and a ticket with its record's preview
grabbed into docs/screenshot-headoffice-*.png. Run it under a real X server:

    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1366x768x24" \\
        .venv/bin/python scripts/headoffice_screenshots.py headoffice.sqlite3 zongbu 246810 \\
        TS-20261206-A1-0004

(the database, a head-office login, its PIN, a ticket number with a record version).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from hall_desk import cli
from hall_desk.ui import headoffice as ui

DOCS = Path(__file__).resolve().parents[1] / "docs"


def main(database: str, login: str, pin: str, number: str) -> int:
    started = ui.HeadOfficeSession.start

    def start(session) -> None:
        started(session)
        QTimer.singleShot(800, lambda: drive(session))

    def shot(widget, name: str) -> None:
        QApplication.processEvents()
        widget.grab().save(str(DOCS / f"screenshot-headoffice-{name}.png"))
        print("wrote", name)

    def drive(session) -> None:
        dialog = session.dialog
        dialog.pin.setText(pin)
        shot(dialog, "login")
        dialog.try_login()
        window = session.window
        window.resize(1366, 740)
        QTimer.singleShot(800, lambda: pages(session, window))

    def pages(session, window) -> None:
        queue = window.pages["queue"]
        shot(window, "queue")
        queue.search.setText(number)
        queue.reload()
        ticket = queue.open_ticket(queue.rows[0].key)
        QTimer.singleShot(600, lambda: ticket_shots(session, window, ticket))

    def ticket_shots(session, window, ticket) -> None:
        shot(ticket, "ticket")
        preview = ticket.preview()
        QTimer.singleShot(1200, lambda: after_preview(session, window, ticket, preview))

    def after_preview(session, window, ticket, preview) -> None:
        shot(preview, "record")
        preview.close()
        ticket.close()
        window.pages["queue"].search.clear()
        window.pages["queue"].reload()
        window.nav.setCurrentRow(1)
        QTimer.singleShot(400, lambda: (shot(window, "statistics"), window.nav.setCurrentRow(2),
                                        QTimer.singleShot(400, lambda: finish(session, window))))

    def finish(session, window) -> None:
        shot(window, "halls")
        session.finished.emit(0)

    ui.HeadOfficeSession.start = start
    return cli.run(["--db", database])


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
