"""The head office's window fits the small screens as the hall's does (tests/ui/test_screen_fit.py,
whose child-process probe and rules this reuses): its login, each page, a ticket with its
history and the preview of its record, at 1024×768 at 100 % and 1366×768 at 125 % and 150 %,
at 150 % in English too. The head office holds two demo halls' packages, built once."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ui.test_screen_fit import SIZES, Probe, _told, child_env, probe_app, screen_env

PIN = "246810"


@pytest.fixture(scope="module")
def region_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("ho-fit")
    run = subprocess.run([sys.executable, __file__, "fill", str(folder)],
                         env=child_env(folder, {}), capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, _told(run.stderr)
    return folder / "ho.sqlite3"


@pytest.mark.parametrize("width,height,scale,lang", SIZES,
                         ids=[f"{w}x{h}@{int(s * 100)}-{lang}" for w, h, s, lang in SIZES])
def test_the_head_offices_windows_fit_the_screen(region_db, tmp_path, width, height, scale,
                                                 lang):
    env = screen_env(tmp_path, width, height, scale, lang)
    database = tmp_path / "ho.sqlite3"
    shutil.copyfile(region_db, database)
    run = subprocess.run([sys.executable, "-X", "faulthandler", __file__, "probe", str(database),
                          str(scale)], env=env, capture_output=True, text=True, timeout=300,
                         cwd=tmp_path)
    assert run.returncode == 0, _told(run.stderr)
    found = json.loads(run.stdout.strip().splitlines()[-1])
    assert found["opened"] >= 6, found
    assert found["problems"] == [], "\n".join(found["problems"])


# -- the child process ---------------------------------------------------------------------

def fill(folder: str) -> None:
    """Two demo halls of 80 tickets with a long customer name, a record printed at one,
    both packages in ``ho.sqlite3`` with one login."""
    from hall_desk.services import demo, headoffice, package, printing, settings, staff, tickets
    from hall_desk.store.connection import close_database, open_database
    from hall_desk.store.headoffice import close_headoffice, open_headoffice

    base = Path(folder)
    usb = base / "usb"
    usb.mkdir()
    made = []
    for name, seed in (("城东供电营业厅", 1), ("城西供电营业厅（新区分理处临时营业点）", 2)):
        open_database(path=base / f"{seed}.sqlite3")
        demo.fill(80, seed=seed, hall_name=name)
        clerk = staff.authenticate("liuyang", "3333", demo.DEMO_COUNTER)
        ticket = tickets.register(clerk, {
            "kind": "complaint", "customer_name": "欧阳慕容司马东方上官诸葛",
            "phone": "137 1111 2222", "content": "电费连续异常升高。" * 6,
            "demand": "核对电能表读数与抄表记录，退还多收的电费。" * 3,
            "hotline_source": "95598", "hotline_number": "GD-2026-000731-LONG"})
        printing.sheet(staff.authenticate("wangli", "111111", demo.DEMO_COUNTER),
                       ticket.number, "record")
        made.append(package.export(staff.authenticate("admin", "000000", demo.DEMO_COUNTER),
                                   usb).path)
        assert settings.hall_name() == name
        close_database()
    open_headoffice(path=base / "ho.sqlite3")
    actor = headoffice.init("zongbu", "总部督办", PIN)
    for path in made:
        package.receive(actor, path)
    close_headoffice()


def probe(path: str, scale: float) -> dict:
    from hall_desk.core.headoffice import RegionFilter
    from hall_desk.services import headoffice
    from hall_desk.store.headoffice import open_headoffice
    from hall_desk.ui.headoffice import HeadOfficeLogin, HeadOfficeWindow, TicketDialog

    app = probe_app()
    open_headoffice(path=Path(path))
    check = Probe(app, scale)
    login = HeadOfficeLogin()
    login.show()
    check.check("head-office login", login)
    login.reject()
    actor = headoffice.authenticate("zongbu", PIN)
    window = HeadOfficeWindow(actor)
    window.show_fitted()
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        check.check(f"head office page {row}", window)
    window.nav.setCurrentRow(0)
    (key,) = [r.key for r in headoffice.page(actor, RegionFilter(status="", search="GD-2026-000731-LONG"))
              if "新区" in r.hall]
    ticket = TicketDialog(actor, key, window)
    ticket.show()
    check.check("head-office ticket", ticket)
    preview = ticket.preview()
    check.check("head-office record preview", preview)
    preview.reject()
    ticket.reject()
    return {"opened": check.opened, "problems": check.problems}


if __name__ == "__main__":
    if sys.argv[1] == "fill":
        fill(sys.argv[2])
    else:
        result = probe(sys.argv[2], float(sys.argv[3]))
        print(json.dumps(result, ensure_ascii=False))
        sys.stdout.flush()
        os._exit(0)
