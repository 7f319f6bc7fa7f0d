"""Detecting a SQLite file on a network share, from a given mount table (no real share)."""

from __future__ import annotations

import pytest

from hall_desk.core import i18n
from hall_desk.services import location

PROC_MOUNTS = r"""/dev/sda2 / ext4 rw,relatime 0 0
proc /proc proc rw,nosuid 0 0
//nas/hall /mnt/hall cifs rw,vers=3.0 0 0
nas:/export/data /srv/data nfs4 rw,vers=4.2 0 0
/dev/sdb1 /srv/data/local ext4 rw 0 0
user@host:/home/u /home/u/remote fuse.sshfs rw,nosuid 0 0
C:\134 /mnt/c 9p rw,dirsync 0 0
/dev/sdc1 /media/usb\040stick vfat rw 0 0
"""

MAC_MOUNT = """/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)
//hall@nas._smb._tcp.local/hall on /Volumes/hall (smbfs, nodev, nosuid, mounted by hall)
/dev/disk4s1 on /Volumes/USB STICK (msdos, local, nodev, nosuid, noowners)
"""


@pytest.mark.parametrize("path, kind", [
    ("/mnt/hall/hall_desk.sqlite3", "cifs"),
    ("/mnt/hall", "cifs"),
    ("/mnt/hallway/db.sqlite3", None),               # a prefix of the name is not the mount
    ("/srv/data/hall.sqlite3", "nfs4"),
    ("/srv/data/local/hall.sqlite3", None),           # a local disk mounted inside the share
    ("/home/u/remote/hall.sqlite3", "fuse.sshfs"),
    ("/mnt/c/Users/hall.sqlite3", "9p"),
    ("/media/usb stick/hall.sqlite3", None),          # octal escape of the space
    ("/home/u/hall.sqlite3", None),
])
def test_linux_mounts(path, kind):
    mounts = location.parse_proc_mounts(PROC_MOUNTS)
    assert location.network_kind(path, platform="linux", mounts=mounts) == kind


@pytest.mark.parametrize("path, kind", [
    ("/Volumes/hall/hall_desk.sqlite3", "smbfs"),
    ("/Volumes/USB STICK/hall_desk.sqlite3", None),
    ("/Users/hall/Library/hall_desk.sqlite3", None),
])
def test_mac_mounts(path, kind):
    mounts = location.parse_mac_mounts(MAC_MOUNT)
    assert location.network_kind(path, platform="darwin", mounts=mounts) == kind


def drive_types(remote: str):
    def drive_type(root: str) -> int:
        assert root.endswith("\\")
        return location.DRIVE_REMOTE if root[0].upper() in remote else 3   # 3: DRIVE_FIXED
    return drive_type


@pytest.mark.parametrize("path, kind", [
    (r"\\nas\hall\hall_desk.sqlite3", "unc"),
    ("//nas/hall/hall_desk.sqlite3", "unc"),
    (r"\\?\UNC\nas\hall\hall_desk.sqlite3", "unc"),
    (r"\\?\C:\data\hall_desk.sqlite3", None),
    (r"Z:\hall\hall_desk.sqlite3", "mapped"),
    (r"z:/hall/hall_desk.sqlite3", "mapped"),
    (r"C:\Users\hall\AppData\Local\hall-desk\hall_desk.sqlite3", None),
    (r"relative\hall_desk.sqlite3", None),
])
def test_windows_paths(path, kind):
    assert location.network_kind(path, platform="win32", drive_type=drive_types("Z")) == kind


def test_the_warning_names_the_file_and_the_remedy():
    mounts = location.parse_proc_mounts(PROC_MOUNTS)
    text = location.network_warning("/mnt/hall/hall_desk.sqlite3", platform="linux",
                                     mounts=mounts)
    assert "/mnt/hall/hall_desk.sqlite3" in text and "cifs" in text
    assert "网络共享" in text and "PostgreSQL" in text
    i18n.set_language("en")
    text = location.network_warning(r"\\nas\hall\a.sqlite3", platform="win32")
    assert "network share (network path)" in text and "not safe" in text
    assert location.network_warning("/home/u/a.sqlite3", platform="linux", mounts=mounts) is None
    assert location.network_warning(None) is None


def test_a_failing_check_never_stops_the_program():
    def broken(root):
        raise RuntimeError("no kernel32")
    assert location.network_warning(r"Z:\a.sqlite3", platform="win32", drive_type=broken) is None
