"""Backups of the hall's SQLite file, and restoring one.

A backup uses SQLite's online backup API, so it is consistent while counters keep working.
The live file is quick-checked first (a damaged file is not copied), the copy must pass
``PRAGMA integrity_check`` before it counts, and ``keep`` rotation counts only copies that
pass their check: a damaged copy is renamed ``*.damaged`` and reported, never kept in place
of a good one. A restore (administrators) first checks the copy (integrity, schema
version), refuses while any program has the file open (:mod:`hall_desk.store.presence`),
keeps the current file aside, then puts the copy in place (:func:`restore`). A hall on
PostgreSQL backs up with its server's tools.

Automatic backups: an administrator sets a folder (e.g. a USB drive) and how many copies to
keep (:func:`configure`); the window asks :func:`due` at start and hourly and backs up on
exit (:func:`run_automatic`, or :func:`perform` off the UI thread and :func:`record` back on
it). A failed automatic backup (the USB drive unplugged) never stops the counter: it is
logged, remembered and shown; the next one tries again.
"""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from hall_desk.core import i18n
from hall_desk.core.auth import require
from hall_desk.core.errors import FieldError, HallError, ValidationError
from hall_desk.services import anchors
from hall_desk.services import settings
from hall_desk.services.context import Actor, now
from hall_desk.store import busy, migrations, presence
from hall_desk.store.connection import close_database, damaged, open_database, quick_check
from hall_desk.store.failures import explain
from hall_desk.store.tx import write_transaction

log = logging.getLogger(__name__)

PREFIX = "hall_desk-"
SUFFIX = ".sqlite3"

KEY_FOLDER = "backup.folder"
KEY_KEEP = "backup.keep"
KEY_LAST_OK = "backup.last_ok"          # {"at": ISO time, "path": file}
KEY_LAST_ERROR = "backup.last_error"    # {"at": ISO time, "message_zh":..., "message_en":...} or None
DEFAULT_KEEP = 14
KEEP_RANGE = (1, 365)


@dataclass(frozen=True)
class Written:
    """A backup that was written and checked. ``set_aside``: older copies in the folder that
    failed their check and were renamed ``*.damaged`` (so that they never count as kept)."""

    path: Path
    set_aside: tuple[Path, ...] = ()


def _write_error(target: Path, exc: BaseException) -> HallError:
    text = " ".join(str(exc).split())
    number = getattr(exc, "errno", None)
    if number in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)) or "disk is full" in text:
        return HallError("backup.error.no_space", path=str(target))
    if number in (errno.EACCES, errno.EPERM, errno.EROFS) or "readonly" in text \
            or "read-only" in text:
        return HallError("backup.error.denied", path=str(target))
    return HallError("backup.error.write", path=str(target),
                     detail=getattr(exc, "strerror", None) or text)


def _problem(path: Path, pragma: str = "integrity_check", *, live: bool = False) -> str | None:
    """None when the SQLite file at ``path`` passes ``pragma``, else what is wrong. A copy
    is opened ``immutable`` (nothing else writes it; no ``-wal``/``-shm`` left beside it on
    the USB drive), the ``live`` file normally."""
    try:
        con = (sqlite3.connect(str(path)) if live
               else sqlite3.connect(f"file:{path}?immutable=1", uri=True))
    except sqlite3.Error as exc:
        return " ".join(str(exc).split())
    try:
        if pragma == "quick_check":
            return quick_check(con)
        rows = con.execute(f"PRAGMA {pragma}").fetchall()
        first = rows[0][0] if rows else "no answer"
        return None if first == "ok" else " ".join(str(first).split())
    except sqlite3.Error as exc:
        return " ".join(str(exc).split())
    finally:
        con.close()


def check_source(source: Path) -> None:
    """The live file passes ``PRAGMA quick_check``, else StoreError ``error.db_damaged``: a
    copy of a damaged file is no backup, and must not push a good copy out."""
    if not source.exists():
        raise HallError("backup.error.write", path=str(source), detail="no such file")
    problem = _problem(source, "quick_check", live=True)
    if problem is not None:
        if "unable to open" in problem:
            raise HallError("backup.error.write", path=str(source), detail=problem)
        raise damaged(source, problem)


def backup(source: Path, destination: Path, *, keep: int | None = None,
           at: datetime | None = None) -> Path:
    """Copy the database file ``source`` to ``destination`` (a folder: a dated file in it, of
    which the newest ``keep`` good ones are kept; or a file path). Returns the file written;
    :func:`write_copy` says also which damaged copies were set aside."""
    return write_copy(source, destination, keep=keep, at=at).path


def write_copy(source: Path, destination: Path, *, keep: int | None = None,
               at: datetime | None = None) -> Written:
    """:func:`backup`, with what rotation set aside. The source is quick-checked first; the
    copy is written beside its target, passes ``PRAGMA integrity_check`` and only then takes
    the target's name. Rotation only happens after that (a failed backup deletes nothing)."""
    moment = at or datetime.now()
    check_source(source)
    try:
        if destination.is_dir() or not destination.suffix:
            destination.mkdir(parents=True, exist_ok=True)
            target = destination / f"{PREFIX}{moment:%Y%m%d-%H%M%S}{SUFFIX}"
        else:
            destination.parent.mkdir(parents=True, exist_ok=True)
            target = destination
    except OSError as exc:
        raise _write_error(destination, exc) from None
    unchecked = target.with_name(target.name + ".unchecked")
    try:
        migrations.copy_sqlite(source, unchecked)
        con = sqlite3.connect(str(unchecked))
        try:          # a copy is one self-contained file: rollback journal, not WAL
            con.execute("PRAGMA journal_mode = DELETE")
        finally:
            con.close()
        problem = _problem(unchecked)
        if problem is not None:
            raise HallError("backup.error.copy_bad", path=str(target), detail=problem)
        os.replace(unchecked, target)
        anchors.write_sidecar(target, moment)      # <backup>.anchor.json: the copy's chain heads
    except (OSError, sqlite3.Error) as exc:
        raise _write_error(target, exc) from None
    finally:
        unchecked.unlink(missing_ok=True)
    set_aside: list[Path] = []
    if keep and target.parent == destination:
        set_aside = rotate(destination, keep, checked=target)
    return Written(target, tuple(set_aside))


def rotate(folder: Path, keep: int, *, checked: Path | None = None) -> list[Path]:
    """Keep the newest ``keep`` copies in ``folder`` that pass ``PRAGMA quick_check``; older
    ones are deleted, a damaged one is renamed ``*.damaged`` and returned (it never counts
    as kept, so it never pushes a good copy out). ``checked``: a copy just verified."""
    good = 0
    set_aside: list[Path] = []
    for copy in sorted(folder.glob(f"{PREFIX}*{SUFFIX}"), reverse=True):    # newest first
        if good >= keep:
            copy.unlink(missing_ok=True)
            anchors.sidecar_path(copy).unlink(missing_ok=True)
            continue
        problem = None if copy == checked else _problem(copy, "quick_check")
        if problem is None:
            good += 1
            continue
        log.warning("backup %s is damaged (%s): set aside", copy, problem)
        try:
            moved = copy.with_name(copy.name + ".damaged")
            os.replace(copy, moved)
            set_aside.append(moved)
        except OSError as exc:
            log.warning("could not set %s aside: %s", copy, exc)
            set_aside.append(copy)
    return set_aside


def make_backup(actor: Actor, source: Path, destination: Path, *, keep: int | None = None,
                at: datetime | None = None) -> Written:
    """A backup by hand (the command line): supervisors and administrators."""
    require(actor.role, "backup")
    written = write_copy(source, destination, keep=keep, at=at)
    log.info("backup to %s by %s%s", written.path, actor.login or actor.name,
             f"; set aside as damaged: {', '.join(map(str, written.set_aside))}"
             if written.set_aside else "")
    return written


def check_copy(path: Path) -> int:
    """The schema version of a backup file, after checking it is an intact hall database."""
    try:
        con = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
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


# -- restore ----------------------------------------------------------------------------------

def restore(actor: Actor, copy: Path, current: Path, *, at: datetime | None = None) -> Path | None:
    """Put the backup ``copy`` in place of the database file ``current``. Administrators
    only; refused (:class:`~hall_desk.store.presence.StillOpen`, naming who) while any
    program, this one included, has the file open (:mod:`hall_desk.store.presence`); nobody
    can open it while this runs. Returns where the former file was kept aside (None if
    there was none).

    A sound current file is checkpointed, copied aside through the backup API and the aside
    copy must pass ``integrity_check`` before the backup is written into the live file,
    again through the backup API (one SQLite transaction: all or nothing). A damaged
    current file is moved aside as it is (with its ``-wal``) and the checked backup takes
    its name. No ``-wal``/``-shm`` is removed while a connection could use it."""
    require(actor.role, "restore")
    check_copy(copy)
    moment = at or datetime.now()
    aside = current.with_name(f"{current.name}.before-restore-{moment:%Y%m%d-%H%M%S}")
    number = 1
    while aside.exists():            # two restores in one second keep both former files
        number += 1
        aside = current.with_name(
            f"{current.name}.before-restore-{moment:%Y%m%d-%H%M%S}-{number}")
    try:
        with presence.exclusive(current):
            if not current.exists():
                migrations.copy_sqlite(copy, current)
                kept = None
            elif _problem(current, "quick_check", live=True) is None:
                _restore_over_sound(copy, current, aside)
                kept = aside
            else:
                _restore_over_damaged(copy, current, aside)
                kept = aside
    except (OSError, sqlite3.Error) as exc:
        known = explain(exc)
        if known is None:
            raise
        raise known from None
    log.warning("database %s restored from %s by %s; the former file is %s", current, copy,
                actor.login or actor.name, kept)
    return kept


def _restore_over_sound(copy: Path, current: Path, aside: Path) -> None:
    live = sqlite3.connect(str(current), timeout=busy.WAIT_S)
    try:
        busy_flag = live.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        if busy_flag:
            raise HallError("backup.error.in_use", path=str(current))
        migrations.copy_sqlite(current, aside)
        problem = _problem(aside)
        if problem is not None:
            aside.unlink(missing_ok=True)
            raise HallError("backup.error.aside_bad", path=str(aside), detail=problem)
        source = sqlite3.connect(f"file:{copy}?immutable=1", uri=True)
        try:
            source.backup(live)          # one write transaction on the live file
        finally:
            source.close()
        live.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        live.close()


def _restore_over_damaged(copy: Path, current: Path, aside: Path) -> None:
    ready = current.with_name(current.name + ".restoring")
    migrations.copy_sqlite(copy, ready)         # the new file first: a failure changes nothing
    try:
        for suffix in ("-wal", "-shm"):
            extra = current.with_name(current.name + suffix)
            if extra.exists():
                os.replace(extra, aside.with_name(aside.name + suffix))
        os.replace(current, aside)
        os.replace(ready, current)
    finally:
        ready.unlink(missing_ok=True)


def restore_open(actor: Actor, copy: Path, *, at: datetime | None = None) -> Path | None:
    """:func:`restore` into the file this program has open (the window): closes it first
    and opens it again afterwards, whether the restore was done or refused."""
    require(actor.role, "restore")
    current = database_file()
    if current is None:
        raise HallError("backup.error.not_sqlite")
    close_database()
    try:
        return restore(actor, copy, current, at=at)
    finally:
        open_database(path=current, label=f"{actor.counter_code} {actor.name}".strip())
        if not settings.get(migrations.DEADLINE_ROWS_KEY, False):   # an older copy, migrated
            from hall_desk.services import deadlines

            deadlines.ensure_stored()


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
    set_aside: tuple[Path, ...] = ()    # damaged older copies renamed *.damaged

    @property
    def ok(self) -> bool:
        return self.error is None and not self.skipped

    def message(self, lang: str | None = None) -> str:
        if self.error is not None:
            return i18n.text("backup.auto.failed", lang, detail=self.error.message(lang))
        if self.skipped:
            return i18n.text(self.note, lang)
        done = i18n.text("backup.auto.done", lang, path=str(self.path))
        if self.set_aside:
            done += "；" if (lang or i18n.language()) == "zh" else "; "
            done += i18n.text("backup.set_aside", lang, paths=", ".join(map(str, self.set_aside)))
        return done


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
        written = write_copy(source, folder, keep=config.keep, at=moment)
    except HallError as exc:
        return Outcome(moment, reason, error=exc)
    except (OSError, sqlite3.Error) as exc:    # anything the copy did not already explain
        return Outcome(moment, reason, error=HallError(
            "backup.error.write", path=str(config.folder), detail=str(exc)))
    return Outcome(moment, reason, path=written.path, set_aside=written.set_aside)


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
