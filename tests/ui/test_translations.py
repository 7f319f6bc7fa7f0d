"""Every string of the GUI has a Chinese translation, and the shipped .qm is up to date.

lupdate collects the source strings of hall_desk/ui into a copy of the shipped .ts: any new
string then shows up as unfinished, any removed one as vanished. Fix with
``scripts/translations.sh`` and translating the new entries.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from hall_desk import paths

ROOT = Path(__file__).resolve().parents[2]
TS = paths.resource_path("translations", "hall_desk_zh_CN.ts")
QM = TS.with_suffix(".qm")


def tool(name: str) -> str:
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        pytest.fail(f"{name} not found (it comes with PySide6)")
    return found


def problems(ts: Path) -> list[str]:
    bad = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type")
            if kind or not (translation.text or "").strip():
                bad.append(f"{name}: {message.findtext('source')!r} ({kind or 'empty'})")
    return bad


def test_shipped_ts_is_complete():
    assert problems(TS) == []


def test_lupdate_finds_no_new_or_removed_string(tmp_path):
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    sources = sorted(str(p) for p in (ROOT / "hall_desk" / "ui").rglob("*.py"))
    subprocess.run([tool("pyside6-lupdate"), *sources, "-locations", "none", "-ts", str(copy)],
                   check=True, capture_output=True)
    assert problems(copy) == [], "run scripts/translations.sh and translate the new strings"


def test_shipped_qm_matches_the_ts(tmp_path):
    fresh = tmp_path / QM.name
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(TS), "-qm", str(fresh)],
                   check=True, capture_output=True)
    assert fresh.read_bytes() == QM.read_bytes(), "run scripts/translations.sh"
