"""Where things live: the user's data, log and config folders (platformdirs) and the
read-only resources shipped with the program, both from source and from a frozen bundle."""

from __future__ import annotations

import glob
import os
import stat
import sys
from pathlib import Path

import platformdirs

APP_NAME = "hall-desk"
APP_AUTHOR = "hall-desk"
DB_FILENAME = "hall_desk.sqlite3"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))


def default_db_path() -> Path:
    return data_dir() / DB_FILENAME


def resources_dir() -> Path:
    """The ``resources/`` folder: beside the package in a source tree or an installed wheel
    built from it, or inside the PyInstaller bundle (``sys._MEIPASS``)."""
    override = os.environ.get("HALL_DESK_RESOURCES")
    if override:
        return Path(override)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


# -- who may read what: the owner only ------------------------------------------------------
# On Linux and macOS every file the app makes (database, -wal/-shm, backups, copies kept aside,
# log, config) is 0600 and its folders 0700: the umask does it for new files, tighten() for
# files an older version left wider. On Windows the user profile's ACL applies (the data, log
# and config folders are under the profile, readable by that user and administrators).
PRIVATE_UMASK = 0o077


def private_umask() -> None:
    """New files and folders readable by their owner only (POSIX; a no-op on Windows)."""
    if os.name == "posix":
        os.umask(PRIVATE_UMASK)


def tighten(path: Path, *, folder_mode: bool = False) -> bool:
    """chmod ``path`` to 0600 (0700 with ``folder_mode``) if group or others have any access;
    True if it changed. Missing files, other owners and Windows are left alone."""
    if os.name != "posix":
        return False
    try:
        info = path.stat()
        if not info.st_mode & 0o077 or info.st_uid != os.getuid():
            return False
        path.chmod(0o700 if folder_mode or stat.S_ISDIR(info.st_mode) else 0o600)
        return True
    except OSError:
        return False


def tighten_database(db: Path) -> list[Path]:
    """Tighten a SQLite file, its -wal/-shm and the copies kept beside it (``.bak-vN``,
    ``.before-restore-*``); its folder too when it is the app's own data folder (a folder
    the user chose, such as /tmp or a share, keeps its mode). Returns what changed."""
    candidates = [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]
    try:
        candidates += sorted(db.parent.glob(glob.escape(db.name) + ".bak-v*"))
        candidates += sorted(db.parent.glob(glob.escape(db.name) + ".before-restore-*"))
    except OSError:
        pass
    if db.parent.resolve() == data_dir().resolve():
        candidates.append(db.parent)
    return [p for p in candidates if tighten(p)]


def write_atomically(path: str | os.PathLike, data: bytes) -> None:
    """Write the whole file or nothing: a temporary file beside it, synced, then renamed.
    Raises OSError (the temporary file removed)."""
    target = Path(path)
    tmp = target.with_name(target.name + ".part")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
