"""Backups of the hall's SQLite file, and restoring one.

A backup uses SQLite's online backup API, so it is consistent while counters keep working.
A restore first checks the copy (integrity, schema version), keeps the current file aside,
then puts the copy in place. A hall on PostgreSQL backs up with its server's tools.

Automatic backups: an administrator sets a folder (e.g. a USB drive) and how many copies to
keep (:func:`configure`); the window asks :func:`due` at start and hourly and backs up on
exit (:func:`run_automatic`, or :func:`perform` off the UI thread and :func:`record` back on
it). A failed automatic backup (the USB drive unplugged) never stops the counter: it is
logged, remembered and shown; the next one tries again.
"""

from __future__ import annotations

import logging
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from hall_desk.core import i18n
from hall_desk.core.auth import require
from hall_desk.core.errors import FieldError, HallError, ValidationError
from hall_desk.services import settings
from hall_desk.services.context import Actor, now
from hall_desk.store import migrations
from hall_desk.store.tx import write_transaction

log = logging.getLogger(__name__)

PREFIX = "hall_desk-"
SUFFIX = ".sqlite3"

i18n.register({
    "backup.error.not_sqlite": ("数据库不是SQLite文件，请用PostgreSQL自带的工具（pg_dump）备份",
                                "The database is not a SQLite file: back it up with PostgreSQL's own tools (pg_dump)"),
    "backup.error.write": ("无法写入备份 {path}：{detail}", "Cannot write the backup {path}: {detail}"),
    "backup.error.bad_copy": ("{path} 不是完好的数据库：{detail}。当前数据库未作任何改动",
                              "{path} is not a sound database: {detail}. The current database was left as it was"),
    "backup.error.newer": ("{path} 的数据库版本（{found}）比本程序新（{supported}），不能恢复",
                           "{path} has schema version {found}, newer than this program's {supported}: not restored"),
    "backup.error.folder_missing": ("备份文件夹 {path} 不存在（U盘是否已拔出？）",
                                    "The backup folder {path} does not exist (is the USB drive unplugged?)"),
    "backup.error.not_folder": ("{path} 不是文件夹", "{path} is not a folder"),
    "backup.error.not_writable": ("备份文件夹 {path} 无法写入：{detail}",
                                  "Cannot write to the backup folder {path}: {detail}"),
    "backup.error.folder_relative": ("请填写完整路径（如 E:\\备份 或 /media/usb/备份）",
                                     "Give the full path (e.g. E:\\backup or /media/usb/backup)"),
    "backup.error.keep": ("保留份数须为 {low} 到 {high} 之间的整数", "Keep between {low} and {high} copies"),
    "backup.auto.postgres": ("数据库在PostgreSQL服务器上：由服务器自己的备份（pg_dump）负责，本机不做自动备份",
                             "The database is on a PostgreSQL server: the server's own backup (pg_dump) is used, not this PC's"),
    "backup.auto.off": ("未设置自动备份文件夹", "No automatic backup folder set"),
    "backup.auto.failed": ("自动备份失败：{detail}", "Automatic backup failed: {detail}"),
    "backup.auto.done": ("已自动备份到 {path}", "Backed up automatically to {path}"),
    "field.backup_folder": ("备份文件夹", "backup folder"),
    "field.backup_keep": ("保留份数", "copies kept"),
})

KEY_FOLDER = "backup.folder"
KEY_KEEP = "backup.keep"
KEY_LAST_OK = "backup.last_ok"          # {"at": ISO time, "path": file}
KEY_LAST_ERROR = "backup.last_error"    # {"at": ISO time, "message_zh":..., "message_en":...} or None
DEFAULT_KEEP = 14
KEEP_RANGE = (1, 365)


def backup(source: Path, destination: Path, *, keep: int | None = None,
           at: datetime | None = None) -> Path:
    """Copy the database file ``source`` to ``destination`` (a folder: a dated file in it, of
    which the newest ``keep`` are kept; or a file path). Returns the file written."""
    moment = at or datetime.now()
    if destination.is_dir() or not destination.suffix:
        destination.mkdir(parents=True, exist_ok=True)
        target = destination / f"{PREFIX}{moment:%Y%m%d-%H%M%S}{SUFFIX}"
    else:
        destination.parent.mkdir(parents=True, exist_ok=True)
        target = destination
    try:
        migrations.copy_sqlite(source, target)
    except (OSError, sqlite3.Error) as exc:
        raise HallError("backup.error.write", path=str(target),
                        detail=getattr(exc, "strerror", None) or str(exc)) from None
    if keep and target.parent == destination:
        older = sorted(destination.glob(f"{PREFIX}*{SUFFIX}"))[:-keep]
        for old in older:
            old.unlink(missing_ok=True)
    return target


def check_copy(path: Path) -> int:
    """The schema version of a backup file, after checking it is an intact hall database."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = con.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise HallError("backup.error.bad_copy", path=str(path), detail=result)
            row = con.execute("SELECT value FROM setting WHERE key = 'schema_version'").fetchone()
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise HallError("backup.error.bad_copy", path=str(path), detail=str(exc)) from None
    if row is None:
        raise HallError("backup.error.bad_copy", path=str(path), detail="no schema version")
    try:
        version = int(row[0])
    except ValueError:        # 'abc', or a number too long to read: not one we wrote
        raise HallError("backup.error.bad_copy", path=str(path),
                        detail=f"schema version {str(row[0])[:40]!r}") from None
    if version > migrations.SCHEMA_VERSION:
        raise HallError("backup.error.newer", path=str(path), found=version,
                        supported=migrations.SCHEMA_VERSION)
    return version


def restore(copy: Path, current: Path, *, at: datetime | None = None) -> Path:
    """Put the backup ``copy`` in place of the database file ``current`` (closed by the
    caller). The current file is kept aside; returns where."""
    check_copy(copy)
    moment = at or datetime.now()
    aside = current.with_name(f"{current.name}.before-restore-{moment:%Y%m%d-%H%M%S}")
    if current.exists():
        backup(current, aside)
    for extra in (current.with_name(current.name + "-wal"), current.with_name(current.name + "-shm")):
        extra.unlink(missing_ok=True)
    backup(copy, current)
    return aside


# -- automatic backups ------------------------------------------------------------------------

@dataclass(frozen=True)
class AutoConfig:
    folder: Path
    keep: int


@dataclass(frozen=True)
class Outcome:
    """What an automatic backup did. ``ok`` False with ``error`` set: it failed; ``skipped``:
    nothing to do (no folder set, or the database is on PostgreSQL)."""

    at: datetime
    reason: str
    path: Path | None = None
    error: HallError | None = None
    skipped: bool = False
    note: str = "backup.auto.off"       # why it was skipped (an i18n key)

    @property
    def ok(self) -> bool:
        return self.error is None and not self.skipped

    def message(self, lang: str | None = None) -> str:
        if self.error is not None:
            return i18n.text("backup.auto.failed", lang, detail=self.error.message(lang))
        if self.skipped:
            return i18n.text(self.note, lang)
        return i18n.text("backup.auto.done", lang, path=str(self.path))


def check_folder(folder: str | Path) -> Path:
    """The folder as a Path if it exists and can be written to (a test file is written and
    removed); else a HallError naming the problem. Never creates the folder: a missing one
    is most likely an unplugged USB drive, and a copy on the local disk would mislead."""
    text = str(folder).strip()
    path = Path(text).expanduser()
    if not text or not path.is_absolute():
        raise HallError("backup.error.folder_relative")
    if not path.exists():
        raise HallError("backup.error.folder_missing", path=str(path))
    if not path.is_dir():
        raise HallError("backup.error.not_folder", path=str(path))
    try:
        with tempfile.NamedTemporaryFile(dir=path, prefix=".hall_desk-probe-"):
            pass
    except OSError as exc:
        raise HallError("backup.error.not_writable", path=str(path),
                        detail=exc.strerror or str(exc)) from None
    return path


def configure(actor: Actor, folder: str, keep: int | str) -> AutoConfig | None:
    """Set (or, with an empty folder, switch off) the automatic backups. Administrators only;
    ValidationError names the field (``backup_folder``, ``backup_keep``)."""
    require(actor.role, "edit_settings")
    errors: dict[str, HallError] = {}
    try:
        count = int(str(keep).strip())
        if not KEEP_RANGE[0] <= count <= KEEP_RANGE[1]:
            raise ValueError
    except ValueError:
        count = 0
        errors["backup_keep"] = FieldError("backup_keep", "backup.error.keep",
                                           low=KEEP_RANGE[0], high=KEEP_RANGE[1])
    path: Path | None = None
    if str(folder).strip():
        try:
            path = check_folder(folder)
        except HallError as exc:
            errors["backup_folder"] = FieldError("backup_folder", exc.key, **exc.params)
    if errors:
        raise ValidationError(errors)
    with write_transaction():
        settings.put(KEY_FOLDER, str(path) if path else "")
        settings.put(KEY_KEEP, count)
    log.info("automatic backup %s by %s", f"to {path}, keeping {count}" if path else "switched off",
             actor.login or actor.name)
    return AutoConfig(path, count) if path else None


def auto_config() -> AutoConfig | None:
    """The configured folder and count, or None when automatic backups are off."""
    folder = settings.get(KEY_FOLDER) or ""
    if not folder:
        return None
    keep = settings.get(KEY_KEEP, DEFAULT_KEEP)
    return AutoConfig(Path(folder), keep if isinstance(keep, int) and keep > 0 else DEFAULT_KEEP)


def database_file() -> Path | None:
    """The SQLite file the models are bound to (None on PostgreSQL)."""
    import peewee

    from hall_desk.store.models import db

    inner = db.obj
    if isinstance(inner, peewee.SqliteDatabase) and inner.database not in ("", ":memory:"):
        return Path(inner.database)
    return None


def last_success() -> tuple[datetime, str] | None:
    """When and where the last automatic backup succeeded."""
    value = settings.get(KEY_LAST_OK)
    if not isinstance(value, dict) or "at" not in value:
        return None
    try:
        return datetime.fromisoformat(value["at"]), value.get("path", "")
    except (TypeError, ValueError):
        return None


def last_failure() -> tuple[datetime, str] | None:
    """When the last automatic backup failed and why (in the current language), if it failed
    after the last success."""
    value = settings.get(KEY_LAST_ERROR)
    if not isinstance(value, dict) or "at" not in value:
        return None
    try:
        at = datetime.fromisoformat(value["at"])
    except (TypeError, ValueError):
        return None
    return at, value.get("message_" + i18n.language()) or value.get("message_zh", "")


def due(moment: datetime | None = None) -> bool:
    """True when automatic backups are on (SQLite, folder set) and none succeeded yet on
    this calendar day: the first start of a day, or the hourly check, makes one."""
    if database_file() is None or auto_config() is None:
        return False
    moment = moment or now()
    last = last_success()
    return last is None or last[0].date() < moment.date()


def perform(source: Path | None, config: AutoConfig | None, moment: datetime,
            reason: str = "daily") -> Outcome:
    """The copy itself, without touching the models (safe in a worker thread). Never raises
    a HallError: a failure is returned in the outcome."""
    if source is None:
        return Outcome(moment, reason, skipped=True, note="backup.auto.postgres")
    if config is None:
        return Outcome(moment, reason, skipped=True)
    try:
        folder = check_folder(config.folder)
        written = backup(source, folder, keep=config.keep, at=moment)
    except HallError as exc:
        return Outcome(moment, reason, error=exc)
    except (OSError, sqlite3.Error) as exc:    # anything the copy did not already explain
        return Outcome(moment, reason, error=HallError(
            "backup.error.write", path=str(config.folder), detail=str(exc)))
    return Outcome(moment, reason, path=written)


def record(outcome: Outcome) -> Outcome:
    """Log the outcome and remember it (last success / last failure) in the settings."""
    if outcome.skipped:
        return outcome
    if outcome.ok:
        log.info("automatic backup (%s) written to %s", outcome.reason, outcome.path)
        values = {KEY_LAST_OK: {"at": outcome.at.isoformat(timespec="seconds"),
                                "path": str(outcome.path)}, KEY_LAST_ERROR: None}
    else:
        log.warning("automatic backup (%s) failed: %s", outcome.reason, outcome.error.message("en"))
        values = {KEY_LAST_ERROR: {"at": outcome.at.isoformat(timespec="seconds"),
                                   "message_zh": outcome.message("zh"),
                                   "message_en": outcome.message("en")}}
    try:
        with write_transaction():
            for key, value in values.items():
                settings.put(key, value)
    except Exception as exc:   # e.g. the disk is full: the log line above is what remains
        log.warning("could not remember the backup outcome: %s", exc)
    return outcome


def run_automatic(moment: datetime | None = None, reason: str = "daily", *,
                  only_if_due: bool = False) -> Outcome:
    """Back up now to the configured folder (in this thread), record and return the outcome.
    With ``only_if_due``, do nothing (a skipped outcome) unless :func:`due`."""
    moment = moment or now()
    if only_if_due and not due(moment):
        return Outcome(moment, reason, skipped=True)
    return record(perform(database_file(), auto_config(), moment, reason))
