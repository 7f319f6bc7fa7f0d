"""The Linux package (scripts/build-deb.sh, packaging/linux): the menu entry's fields, and a .deb
built from a stand-in bundle holds exactly the program's files, no maintainer scripts and
nothing outside /opt and /usr, so removing it cannot touch a user's data. .ci/run builds the
real one from the PyInstaller bundle and installs, runs, removes and purges it."""

from __future__ import annotations

import configparser
import io
import os
import shutil
import struct
import subprocess
import tarfile
from pathlib import Path

import pytest

import hall_desk

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = ROOT / "packaging" / "linux" / "hall-desk.desktop"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256)


def _entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str   # keys are case-sensitive
    parser.read_string(DESKTOP.read_text(encoding="utf-8"))
    return parser["Desktop Entry"]


def test_desktop_entry_names_the_installed_program_in_chinese_and_english():
    entry = _entry()
    assert entry["Type"] == "Application"
    assert entry["Name[zh_CN]"] == "营业厅柜台工作台"
    assert entry["Name"] == "hall_desk counter desk"
    assert entry["Comment"] and entry["Comment[zh_CN]"]
    assert entry["Categories"] == "Office;"
    assert entry["Exec"] == "/opt/hall-desk/hall-desk"
    assert entry["Icon"] == "hall-desk"
    assert entry["Terminal"] == "false"


def test_desktop_entry_is_valid():
    if shutil.which("desktop-file-validate") is None:
        pytest.skip("desktop-file-validate is not installed (apt-get install desktop-file-utils)")
    run = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert run.returncode == 0 and run.stdout == "", run.stdout + run.stderr


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def deb(tmp_path_factory) -> Path:
    for tool in ("dpkg-deb", "rsvg-convert", "objdump"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (see scripts/build-deb.sh)")
    tmp = tmp_path_factory.mktemp("deb")
    bundle = tmp / "bundle"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "hall-desk").write_text("#!/bin/sh\necho stand-in\n", encoding="utf-8")
    (bundle / "hall-desk").chmod(0o700)   # as a builder with umask 077 would leave it
    (bundle / "_internal" / "data.txt").write_text("x", encoding="utf-8")
    (bundle / "_internal" / "data.txt").chmod(0o600)
    env = dict(os.environ, HALL_DESK_DEB_BUNDLE=str(bundle), HALL_DESK_DEB_OUT=str(tmp / "out"))
    run = subprocess.run(["bash", str(ROOT / "scripts" / "build-deb.sh")], env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    built = sorted((tmp / "out").iterdir())
    assert len(built) == 1 and built[0].suffix == ".deb", built   # the staging folder is gone
    return built[0]


def test_control_fields(deb):
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                          check=True).stdout.strip()
    assert deb.name == f"hall-desk_{hall_desk.__version__}_{arch}.deb"

    def field(name: str) -> str:
        return subprocess.run(["dpkg-deb", "-f", str(deb), name], capture_output=True,
                              text=True, check=True).stdout.strip()

    assert field("Package") == "hall-desk"
    assert field("Version") == hall_desk.__version__
    assert field("Architecture") == arch
    assert "<" in field("Maintainer") and "@" in field("Maintainer")
    depends = [d.strip() for d in field("Depends").split(",")]
    for lib in ("libegl1", "libgl1", "libfontconfig1", "libxkbcommon-x11-0", "libdbus-1-3",
                "libxcb1", "libxcb-cursor0"):
        assert lib in depends
    assert any(d.startswith("libc6 (>= ") for d in depends)
    assert "fonts-wqy-microhei" in field("Recommends")
    description = field("Description")
    assert "营业厅柜台工作台" in description and "customer-service hall" in description


def test_files_only_under_opt_and_usr_and_no_maintainer_scripts(deb):
    listing = subprocess.run(["dpkg-deb", "--fsys-tarfile", str(deb)], capture_output=True,
                             check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(listing)) as tar:
        members = {m.name.removeprefix("./").rstrip("/"): m for m in tar.getmembers()}
        files = {name for name, m in members.items() if not m.isdir()}
        pngs = {size: _png_size(tar.extractfile(
            members[f"usr/share/icons/hicolor/{size}x{size}/apps/hall-desk.png"]).read())
            for size in PNG_SIZES}
    assert files == {
        "opt/hall-desk/hall-desk", "opt/hall-desk/_internal/data.txt", "usr/bin/hall-desk",
        "usr/share/applications/hall-desk.desktop", "usr/share/doc/hall-desk/README.Debian",
        "usr/share/icons/hicolor/scalable/apps/hall-desk.svg",
        *(f"usr/share/icons/hicolor/{s}x{s}/apps/hall-desk.png" for s in PNG_SIZES),
    }
    assert members["usr/bin/hall-desk"].issym()
    assert members["usr/bin/hall-desk"].linkname == "/opt/hall-desk/hall-desk"
    assert all(m.uname == "root" and m.gname == "root" for m in members.values())
    # every user may run and read the program, whatever the builder's umask
    assert members["opt/hall-desk/hall-desk"].mode & 0o777 == 0o755
    assert members["opt/hall-desk/_internal/data.txt"].mode & 0o777 == 0o644
    assert pngs == {size: (size, size) for size in PNG_SIZES}

    control = subprocess.run(["dpkg-deb", "--ctrl-tarfile", str(deb)], capture_output=True,
                             check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(control)) as tar:
        names = {m.name.removeprefix("./") for m in tar.getmembers() if m.isfile()}
    assert names == {"control"}   # no preinst/postinst/prerm/postrm: data is never touched
