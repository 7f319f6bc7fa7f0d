"""Is the SQLite file on a network share? SQLite's locking is not reliable over SMB/NFS and
the like, so two PCs writing one file there can corrupt it; the app warns (a dialog at start,
a line on stderr for the command line) and the README says to use one PostgreSQL server.

Detection is a pure function of the path and the mount table (given as text, so tests need
no real share): Windows UNC paths (``\\\\server\\share``) and mapped network drives
(``GetDriveTypeW`` = ``DRIVE_REMOTE``); on Linux the file system type from ``/proc/mounts``;
on macOS from the output of ``mount``. No extra dependency: psutil would only save the
parsing of these two formats.
"""

from __future__ import annotations

import logging
import ntpath
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Callable

from hall_desk.core import i18n

log = logging.getLogger(__name__)

DRIVE_REMOTE = 4
#: File system types that live on another machine (Linux names; macOS ones in brackets).
NETWORK_TYPES = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "sshfs", "fuse.sshfs", "9p",
    "afp", "afpfs", "webdav", "davfs", "fuse.davfs2", "ncpfs", "ncp", "fuse.rclone",
    "glusterfs", "fuse.glusterfs", "ceph", "fuse.ceph", "lustre", "gfs2", "ocfs2",
    "fuse.s3fs", "fuse.gcsfuse", "virtiofs", "vboxsf", "prl_fs", "vmhgfs", "fuse.vmhgfs-fuse",
})


def _unescape(field: str) -> str:
    """/proc/mounts writes space, tab, newline and backslash as octal escapes."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def parse_proc_mounts(text: str) -> list[tuple[str, str]]:
    """(mount point, file system type) pairs of a Linux ``/proc/mounts`` text."""
    found = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 3:
            found.append((_unescape(parts[1]), parts[2]))
    return found


_MAC_LINE = re.compile(r"^.* on (?P<point>/.*?) \((?P<type>[^,)]+)")


def parse_mac_mounts(text: str) -> list[tuple[str, str]]:
    """(mount point, type) pairs of macOS ``mount`` output, e.g.
    ``//u@nas/hall on /Volumes/hall (smbfs, nodev, nosuid, mounted by u)``."""
    found = []
    for line in text.splitlines():
        m = _MAC_LINE.match(line.strip())
        if m:
            found.append((m.group("point"), m.group("type").strip()))
    return found


def mount_type(path: str, mounts: list[tuple[str, str]]) -> str | None:
    """The type of the mount holding ``path``: the longest mount point that contains it."""
    best, kind = -1, None
    for point, fstype in mounts:
        prefix = point.rstrip("/") + "/"
        if (path == point or path.startswith(prefix)) and len(point) >= best:
            best, kind = len(point), fstype
    return kind


def windows_network_kind(path: str, drive_type: Callable[[str], int] | None = None) -> str | None:
    """"UNC" for ``\\\\server\\share\\...`` (also ``\\\\?\\UNC\\...``), "mapped" for a drive
    letter whose type is DRIVE_REMOTE, else None."""
    text = path.replace("/", "\\")
    if text.upper().startswith("\\\\?\\UNC\\"):
        return "unc"
    if text.startswith("\\\\?\\") or text.startswith("\\\\.\\"):
        text = text[4:]                       # a long local path: \\?\C:\...
    elif text.startswith("\\\\"):
        return "unc"
    drive, _ = ntpath.splitdrive(text)
    if len(drive) == 2 and drive[1] == ":" and drive_type is not None:
        try:
            if drive_type(drive + "\\") == DRIVE_REMOTE:
                return "mapped"
        except OSError:
            return None
    return None


def network_kind(path: str | os.PathLike, *, platform: str | None = None,
                 mounts: list[tuple[str, str]] | None = None,
                 drive_type: Callable[[str], int] | None = None) -> str | None:
    """What kind of network location ``path`` is on ("unc", "mapped", or a file system type
    like "cifs"), or None for a local disk. ``platform`` (``sys.platform``), ``mounts`` and
    ``drive_type`` default to this machine's; tests pass their own."""
    platform = platform or sys.platform
    text = os.fspath(path)
    if platform.startswith("win"):
        if drive_type is None and sys.platform.startswith("win"):
            drive_type = _win_drive_type
        return windows_network_kind(text, drive_type)
    if mounts is None:
        mounts = _mount_table(platform)
    if not text.startswith("/"):
        text = os.path.abspath(text)
    try:
        text = str(Path(text).resolve())     # a symlink onto a share counts as the share
    except OSError:
        pass
    kind = mount_type(text, mounts)
    if kind and (kind in NETWORK_TYPES or kind.split(".")[-1] in NETWORK_TYPES
                 or kind.startswith("nfs") or kind.startswith("smb")):
        return kind
    return None


def describe(kind: str) -> str:
    if kind in ("unc", "mapped"):
        return i18n.text("location.unc" if kind == "unc" else "location.mapped_drive")
    return kind


def network_warning(path: str | os.PathLike | None, **kwargs) -> str | None:
    """The warning to show for a SQLite file at ``path``, or None when it is on a local disk
    (or unknown: a failed check never stops the program)."""
    if path is None:
        return None
    try:
        kind = network_kind(path, **kwargs)
    except Exception as exc:  # noqa: BLE001 - detection is advice, never a reason to stop
        log.debug("network check of %s failed: %s", path, exc)
        return None
    if kind is None:
        return None
    log.warning("the database %s is on a network share (%s)", path, kind)
    return i18n.text("location.network_share", path=os.fspath(path), kind=describe(kind))


def _mount_table(platform: str) -> list[tuple[str, str]]:
    try:
        if platform.startswith("linux"):
            return parse_proc_mounts(Path("/proc/self/mounts").read_text(encoding="utf-8",
                                                                          errors="replace"))
        if platform == "darwin":
            out = subprocess.run(["/sbin/mount"], capture_output=True, text=True, timeout=5,
                                 check=False).stdout
            return parse_mac_mounts(out)
    except (OSError, subprocess.SubprocessError):
        pass
    return []


def _win_drive_type(root: str) -> int:   # pragma: no cover - Windows only
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)))
