"""The window's side of bad surroundings: the automatic-backup settings, the backup on quit,
the status-bar warning when the USB drive is gone, the start-up dialogs (damaged database,
network share) and a full disk while registering a ticket."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from hall_desk.cli import run
from hall_desk.services import backup, location
from hall_desk.store.connection import close_database
from hall_desk.store.models import Ticket, db
from hall_desk.ui import dialogs, excepthook, surroundings
from hall_desk.ui.backup_settings import BackupSettingsBox

DOCS = Path(__file__).resolve().parents[2] / "docs"


def shots(tmp_path) -> Path:
    return DOCS if os.environ.get("HALL_DESK_SCREENSHOTS") == "1" else tmp_path


def grab_boxes(monkeypatch, folder: Path, name: str) -> list:
    """Message boxes are grabbed into ``folder/name-N.png`` instead of waiting for a click."""
    from PySide6.QtWidgets import QMessageBox

    seen = []

    def exec_(box):
        box.show()
        box.grab().save(str(folder / (f"{name}-{len(seen)}.png" if seen else f"{name}.png")))
        seen.append((box.windowTitle(), box.text()))
        box.close()
        return QMessageBox.StandardButton.Ok
    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return seen


def backups_in(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{backup.PREFIX}*{backup.SUFFIX}"))


@pytest.fixture
def box(qtbot, hall):
    widget = BackupSettingsBox(hall["admin"])
    qtbot.addWidget(widget)
    widget.resize(760, widget.sizeHint().height())
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_settings_validate_at_the_field_and_save(box, qtbot, tmp_path):
    missing = tmp_path / "U盘" / "备份"
    box.folder_edit.clear()
    qtbot.keyClicks(box.folder_edit, str(tmp_path))      # ASCII part typed by key...
    box.folder_edit.setText(str(missing))                 # ...the Chinese part as an IME would
    box.keep_spin.setValue(7)
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    error = box.errors["backup_folder"]
    assert error.isVisible()
    assert error.text() == f"备份文件夹 {missing} 不存在（U盘是否已拔出？）"
    assert box.folder_edit.text() == str(missing) and box.keep_spin.value() == 7   # kept
    assert backup.auto_config() is None
    assert box.last_label.text() == "尚未进行过自动备份。"
    box.resize(box.width(), box.sizeHint().height())
    box.grab().save(str(shots(tmp_path) / "screenshot-backup-settings-error.png"))

    missing.mkdir(parents=True)
    qtbot.keyClick(box.folder_edit, Qt.Key.Key_Return)
    assert not error.isVisible()
    assert backup.auto_config() == backup.AutoConfig(missing, 7)
    assert str(missing) in box.saved.text() and "7" in box.saved.text()

    qtbot.mouseClick(box.now_button, Qt.MouseButton.LeftButton)
    written = backups_in(missing)
    assert len(written) == 1
    assert box.last_label.text().startswith("上次自动备份：") and str(written[0]) in box.last_label.text()
    assert not box.failure_label.isVisible()
    box.resize(box.width(), box.sizeHint().height())
    box.grab().save(str(shots(tmp_path) / "screenshot-backup-settings.png"))


def test_settings_page_shows_the_box_to_administrators_only(login_as):
    admin = login_as("admin")
    admin.nav.setCurrentRow(admin.page_index("settings"))
    assert admin.page_widget("settings").backup_box.isVisibleTo(admin)
    clerk = login_as("liuyang")
    assert not hasattr(clerk.page_widget("settings"), "backup_box")


def test_quitting_the_window_backs_up(login_as, hall, tmp_path, qtbot):
    usb = tmp_path / "usb"
    usb.mkdir()
    backup.configure(hall["admin"], str(usb), 2)
    window = login_as("liuyang")
    window.close()                                   # the person quits
    written = backups_in(usb)
    assert len(written) == 1
    assert backup.last_success()[1] == str(written[0])


def test_logging_out_does_not_back_up(login_as, hall, tmp_path, monkeypatch):
    usb = tmp_path / "usb"
    usb.mkdir()
    backup.configure(hall["admin"], str(usb), 2)
    # the daily check a few seconds after the first paint is not what is tested here: on a
    # busy machine it came before the logout and wrote the day's backup
    monkeypatch.setattr(surroundings, "FIRST_CHECK_MS", surroundings.CHECK_INTERVAL_MS)
    window = login_as("liuyang")
    window.backups.timer.stop()
    window.logout()
    assert backups_in(usb) == []


def test_daily_backup_runs_off_the_ui_thread_and_a_missing_drive_is_shown(
        login_as, hall, tmp_path, qtbot):
    usb = tmp_path / "usb"
    usb.mkdir()
    backup.configure(hall["admin"], str(usb), 2)
    window = login_as("liuyang")
    scheduler = window.backups
    with qtbot.waitSignal(scheduler.finished, timeout=10_000) as done:
        assert scheduler.check()
    assert done.args[0].ok and len(backups_in(usb)) == 1
    assert not scheduler.check()                      # done for today
    assert not scheduler.warning.isVisible()
    # the next day the USB drive is unplugged: the counter keeps working, the bar says so
    backup.settings.put(backup.KEY_LAST_OK, {"at": "2026-01-01T08:00:00", "path": "x"})
    for path in list(usb.iterdir()):                  # the copies and their anchor files
        path.unlink()
    usb.rmdir()
    with qtbot.waitSignal(scheduler.finished, timeout=10_000) as done:
        assert scheduler.check()
    assert not done.args[0].ok
    assert scheduler.warning.isVisible()
    assert scheduler.warning.text().startswith("⚠ 自动备份失败：备份文件夹") and "U盘" in \
        scheduler.warning.text()
    assert not usb.exists()
    window.resize(1280, 800)
    window.statusBar().grab().save(str(shots(tmp_path) / "screenshot-backup-warning.png"))
    window.page_widget("intake")                      # the counter still works
    # quitting with the drive still gone: no hang, no exception
    window.close()
    assert backup.last_failure() is not None


def test_damaged_database_at_start_shows_a_dialog(tmp_path, monkeypatch, capsys):
    bad = tmp_path / "hall.sqlite3"
    bad.write_bytes(os.urandom(4096))
    shown = grab_boxes(monkeypatch, shots(tmp_path), "screenshot-start-damaged-db")
    try:
        code = run(["--db", str(bad), "gui"])
    finally:
        close_database()
    assert code == 2
    assert len(shown) == 1
    title, text = shown[0]
    assert text.startswith("数据库文件已损坏，请从备份恢复") and str(bad) in text
    assert title == "hall_desk 无法启动"
    assert "Traceback" not in capsys.readouterr().err


def test_damage_inside_a_sound_looking_file_stops_the_window_too(tmp_path, monkeypatch,
                                                                   capsys):
    """A file that opens (its header is fine) but has a damaged page: the quick_check at
    start finds it, the window does not open for writing, the one message is shown."""
    path = tmp_path / "hall.sqlite3"
    assert run(["--db", str(path), "demo", "--tickets", "20"]) == 0
    close_database()
    pages = path.stat().st_size // 4096
    with open(path, "r+b") as fh:
        fh.seek((pages // 2) * 4096)
        fh.write(bytes(range(256)) * 16)
    before = path.read_bytes()
    shown = grab_boxes(monkeypatch, tmp_path, "damaged-middle")
    try:
        code = run(["--db", str(path), "gui"])
    finally:
        close_database()
    assert code == 2 and len(shown) == 1
    assert shown[0][1].startswith("数据库文件已损坏，请从备份恢复") and str(path) in shown[0][1]
    assert "hall-desk restore" in shown[0][1]              # how, since the window cannot
    err = capsys.readouterr().err
    assert "意外错误" not in err and "Traceback" not in err
    assert path.read_bytes() == before


def test_an_administrator_restores_from_the_settings_box(box, qtbot, hall, tmp_path,
                                                         monkeypatch):
    from hall_desk.services import tickets
    from hall_desk.store import presence
    from hall_desk.ui import backup_settings

    if backup.database_file() is None:
        pytest.skip("SQLite only")
    path = backup.database_file()
    copy = backup.backup(path, tmp_path / "usb")
    tickets.register(hall["liuyang"], {"kind": "consultation", "content": "备份之后登记"})
    monkeypatch.setattr(backup_settings, "choose_copy", lambda parent, start: str(copy))
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    shown = grab_boxes(monkeypatch, tmp_path, "restore")
    assert box.restore_button.isEnabled()
    other = presence.register(path, "B2 hall-desk gui")   # another counter's window is open
    qtbot.mouseClick(box.restore_button, Qt.MouseButton.LeftButton)
    assert "数据库仍被打开，未恢复" in shown[-1][1] and "B2 hall-desk gui" in shown[-1][1]
    assert Ticket.select().where(Ticket.content == "备份之后登记").count() == 1   # open again
    other.release()
    with qtbot.waitSignal(box.restored) as restored:
        qtbot.mouseClick(box.restore_button, Qt.MouseButton.LeftButton)
    assert "已从" in shown[-1][1] and str(restored.args[0]) in shown[-1][1]
    assert Ticket.select().where(Ticket.content == "备份之后登记").count() == 0
    assert presence.holders(path)[0].pid == os.getpid()     # this window has it open again


def test_only_administrators_get_the_restore_button(qtbot, hall):
    if backup.database_file() is None:
        pytest.skip("SQLite only")
    widget = BackupSettingsBox(hall["wangli"])
    qtbot.addWidget(widget)
    assert not widget.restore_button.isEnabled()


def test_network_share_warning_at_start(store, tmp_path, monkeypatch, capsys):
    share = str(tmp_path)
    monkeypatch.setattr(location, "_mount_table", lambda platform: [("/", "ext4"),
                                                                     (share, "cifs")])
    monkeypatch.setattr(sys, "platform", "linux")
    shown = grab_boxes(monkeypatch, shots(tmp_path), "screenshot-network-share")
    monkeypatch.setattr(surroundings, "_warned_paths", set())
    message = surroundings.warn_network_share()
    assert len(shown) == 1 and shown[0][1] == message
    assert shown[0][0] == "数据库在网络共享上"
    assert "cifs" in message and "PostgreSQL" in message and "不安全" in message
    surroundings.warn_network_share()
    assert len(shown) == 1                            # once per run
    # the command line says it on stderr, and still works
    close_database()
    assert run(["--db", str(tmp_path / "hall.sqlite3"), "sla", "--kind", "complaint",
                "--received", "2026-09-30 16:00"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("警告：数据库文件") and "网络共享" in err


def test_full_disk_while_registering_keeps_the_form_and_says_so(login_as, qtbot, type_text,
                                                                monkeypatch):
    window = login_as("liuyang")
    page = window.page_widget("intake")
    monkeypatch.setattr(page, "show_receipt", lambda receipt: None)
    page.fields["kind"].setCurrentIndex(page.fields["kind"].findData("consultation"))
    type_text(page.fields["content"], "咨询峰谷电价如何办理")
    page.save()
    page.confirm_check.setChecked(True)
    before = Ticket.select().count()
    pages = db.obj.execute_sql("PRAGMA page_count").fetchone()[0]
    db.obj.execute_sql(f"PRAGMA max_page_count = {pages}")
    try:
        with pytest.raises(Exception) as caught:
            for _ in range(40):         # the last free pages may take a few tickets
                page._register()
                page.fields["kind"].setCurrentIndex(
                    page.fields["kind"].findData("consultation"))
                type_text(page.fields["content"], "咨询峰谷电价如何办理")
                page.confirm_check.setChecked(True)
    finally:
        db.obj.execute_sql("PRAGMA max_page_count = 1073741823")
    shown = []
    monkeypatch.setattr(dialogs, "warn", lambda parent, text, **kw: shown.append(text))
    monkeypatch.setattr(dialogs, "error", lambda parent, text, **kw: shown.append("ERROR " + text))
    excepthook.handle(type(caught.value), caught.value, caught.value.__traceback__)
    assert len(shown) == 1 and shown[0].startswith("磁盘已满，未能保存"), shown
    assert page.fields["content"].toPlainText().endswith("咨询峰谷电价如何办理")   # kept
    registered = Ticket.select().count() - before
    from hall_desk.store.models import TicketEvent

    assert TicketEvent.select().where(TicketEvent.action == "created").count() == \
        Ticket.select().count()                       # no ticket without its event
    assert registered >= 0


def test_missing_print_font_is_named_in_a_dialog(hall, tmp_path, monkeypatch):
    import shutil

    from hall_desk import paths
    from hall_desk.pdf import fonts
    from hall_desk.services import tickets
    from hall_desk.ui import printing_ui

    copy = tmp_path / "resources"
    shutil.copytree(paths.resources_dir(), copy, ignore=shutil.ignore_patterns("*.ts", "*.qm"))
    (copy / "fonts" / "wqy-microhei.ttc").unlink()
    monkeypatch.setenv("HALL_DESK_RESOURCES", str(copy))
    fonts.forget()
    ticket = tickets.register(hall["liuyang"], {"kind": "consultation", "content": "咨询电价"})
    shown = []
    monkeypatch.setattr(dialogs, "warn", lambda parent, text, **kw: shown.append(text))
    try:
        assert printing_ui.preview_sheet(None, hall["liuyang"], ticket.id, "receipt") is None
    finally:
        fonts.forget()
    assert shown == [f"找不到打印用字体文件：{copy / 'fonts' / 'wqy-microhei.ttc'}。请重新安装本程序。"]


def test_saving_a_pdf_on_a_full_disk_leaves_no_half_file(tmp_path, monkeypatch):
    import errno

    from hall_desk.ui import print_preview

    target = tmp_path / "out" / "记录表.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(print_preview, "choose_save_path", lambda parent, name: str(target))
    real_fsync = os.fsync

    def full(fd):
        real_fsync(fd)
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(os, "fsync", full)
    shown = []
    monkeypatch.setattr(dialogs, "error", lambda parent, text, **kw: shown.append(text))
    assert print_preview.save_pdf(None, b"%PDF-1.4\n" + b"x" * 10_000, "记录表.pdf") is None
    assert len(shown) == 1 and str(target) in shown[0] and "No space left on device" in shown[0]
    assert list(target.parent.iterdir()) == []


def test_a_restore_in_the_window_logs_the_person_out(login_as, qtbot, tmp_path, monkeypatch):
    """After the restore every page must read the restored file: the window logs out."""
    from hall_desk.ui import backup_settings

    window = login_as("admin")
    window.nav.setCurrentRow(window.page_index("settings"))
    box = window.page_widget("settings").backup_box
    copy = backup.backup(backup.database_file(), tmp_path / "usb")
    monkeypatch.setattr(backup_settings, "choose_copy", lambda parent, start: str(copy))
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    shown = grab_boxes(monkeypatch, tmp_path, "restore-window")
    with qtbot.waitSignal(window.logout_requested):
        qtbot.mouseClick(box.restore_button, Qt.MouseButton.LeftButton)
    assert "请重新登录" in shown[-1][1]
    assert Ticket.select().count() == 0                  # the models work on the reopened file


def test_damage_while_the_window_runs_is_shown_by_the_hourly_check(login_as, qtbot, tmp_path,
                                                                    monkeypatch):
    from hall_desk.services import tickets

    window = login_as("liuyang")
    scheduler = window.backups
    for i in range(30):                                   # enough pages to damage one inside
        tickets.register(window.actor, {"kind": "consultation", "content": f"咨询{i}" * 50})
    with qtbot.assertNotEmitted(scheduler.damaged, wait=300):
        assert scheduler.check_damage()
        scheduler._checker.join(30)
    db.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    path = backup.database_file()
    pages = path.stat().st_size // 4096
    with open(path, "r+b") as fh:
        fh.seek((pages // 2) * 4096)
        fh.write(bytes(range(256)) * 16)
    shown = grab_boxes(monkeypatch, tmp_path, "damaged-running")
    with qtbot.waitSignal(scheduler.damaged, timeout=10_000) as found:
        assert scheduler.check_damage()
    assert found.args[0].startswith("数据库文件已损坏，请从备份恢复")
    assert scheduler.warning.isVisible() and "数据库文件已损坏" in scheduler.warning.text()
    assert shown and shown[-1][1] == found.args[0]
