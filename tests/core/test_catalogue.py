"""The words catalogue (resources/translations/catalogue.{zh,en}.toml) against the code: both
languages have the same keys and placeholders, every key the code asks for is there, and
every key there is asked for; no module registers its words at import."""

from __future__ import annotations

import ast
import re
import string
import tomllib
from pathlib import Path

import pytest

from hall_desk.core import auth, i18n, lifecycle
from hall_desk.core.deadlines import DeadlineState, Unit
from hall_desk.core.enums import (
    CallbackMethod, CallbackWindow, CauseClass, Channel, DutyKind, EmotionalState, HandoverItemState,
    HandoverState, Priority, Role, Satisfaction, TargetKind, TicketKind,
    TicketStatus,
)
from hall_desk.core.daily import DayState, ItemStatus, Phase
from hall_desk.core.handover import ACTION_STATE, ITEM_KINDS
from hall_desk.core.phrases import Moment
from hall_desk.core.reception import RunState
from hall_desk.services.lifecycle import REPLY_METHODS

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "hall_desk"
KEY = re.compile(r"^[a-z][a-z0-9_]*(?:\.[a-z0-9_-]+)+$")

# History steps whose code reaches tickets.append_event / tickets.update as a variable: where,
# and every code it can hold (recorded_steps() fails on any other such place).
STEP_VARIABLES: dict[tuple[str, str], tuple[str, ...]] = {
    ("tickets.py", "action"): (),                   # update() passing its own argument on
    ("lifecycle.py", "action"): tuple(lifecycle.STEPS),     # a lifecycle step
    ("lifecycle.py", "point"): ("first_feedback", "progress_report"),   # record_event's
}


def recorded_steps() -> set[str]:
    """Every history step the services can write: the action of each ``append_event(ticket,
    actor, action, ...)`` and ``update(..., action=...)`` call (and update's default), as a
    string, a module constant or one of :data:`STEP_VARIABLES`."""
    found = {"updated"}                               # tickets.update's default
    unknown = []
    for path in sorted((PACKAGE / "services").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants: dict[str, str] = {}
        for node in tree.body:
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    names = target.elts if isinstance(target, ast.Tuple) else [target]
                    values = (node.value.elts if isinstance(node.value, ast.Tuple)
                              else [node.value])
                    for name, value in zip(names, values):
                        if isinstance(name, ast.Name) and isinstance(value, ast.Constant):
                            constants[name.id] = value.value
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", None))
            args = [kw.value for kw in node.keywords if kw.arg == "action"]
            if name == "append_event" and len(node.args) > 2:
                args.append(node.args[2])
            elif name != "update":
                continue
            for arg in args:
                if isinstance(arg, ast.Constant):
                    found.add(arg.value)
                elif isinstance(arg, ast.Name) and arg.id in constants:
                    found.add(constants[arg.id])
                elif isinstance(arg, ast.Name) and (path.name, arg.id) in STEP_VARIABLES:
                    found |= set(STEP_VARIABLES[path.name, arg.id])
                else:
                    unknown.append(f"{path.name}:{node.lineno}")
    assert unknown == [], "a history step this test cannot follow: add it to STEP_VARIABLES"
    return found


# Keys completed at run time from an enum or a fixed table: prefix → every code. Each must
# have words, and these keys need not appear whole in the code.
ENUM_FAMILIES: dict[str, list[str]] = {
    "status.": [s.value for s in TicketStatus],
    "kind.": [k.value for k in TicketKind],
    "channel.": [c.value for c in Channel],
    "emotion.": [e.value for e in EmotionalState],
    "priority.": [str(p.value) for p in Priority],
    "role.": [r.value for r in Role],
    "cause.": [c.value for c in CauseClass],
    "satisfaction.": [s.value for s in Satisfaction],
    "target.": [t.value for t in TargetKind],
    "callback.method.": [m.value for m in CallbackMethod],
    "callback.window.": [w.value for w in CallbackWindow],
    "duty.kind.": [k.value for k in DutyKind],
    "reception.state.": [s.value for s in RunState],
    "daily.phase.": [p.value for p in Phase],
    "daily.status.": [s.value for s in ItemStatus],
    "daily.state.": [s.value for s in DayState],
    "handover.state.": [s.value for s in HandoverState],
    "handover.item.": [s.value for s in HandoverItemState],
    "handover.kind.": list(ITEM_KINDS),
    "handover.action.": list(ACTION_STATE),
    "deadline.unit.": [u.value for u in Unit],
    "deadline.state.": [s.value for s in DeadlineState],
    "calendar.weekday.": [str(n) for n in range(7)],
    "reply.": list(REPLY_METHODS),
    "phrases.moment.": [m.value for m in Moment],
    "action.": sorted(set(lifecycle.STEPS) | set().union(*auth._GRANTS.values())
                      | recorded_steps()),
}

# Keys completed at run time from codes that are plain strings in the code or in the shipped
# resources (field names, column names, policy rule codes, ...): such a key counts as used
# when its code appears as a string literal in hall_desk or in a TOML file of resources/.
CODE_FAMILIES = (
    "field.", "export.col.", "deadline.rule.", "policy.field.", "policy.where.",
    "calendar.field.", "calendar.source.", "reception.field.", "reception.post.",
    "reception.problem.", "reception.purpose.", "reception.stage.", "reception.action.",
    "shift.field.", "duty.follow.", "detail.round.", "audit.chain.", "stats.bucket.",
    "stats.granularity.", "stats.table.", "what.", "phrases.field.",
    "error.policy_", "error.policy_rule_",     # core.deadlines: f"error.policy_{problem}"
)


def catalogue() -> dict[str, dict[str, str]]:
    folder = ROOT / "resources" / "translations"
    return {lang: tomllib.loads((folder / i18n.CATALOGUE_FILE.format(lang=lang))
                                .read_text(encoding="utf-8"))
            for lang in i18n.LANGS}


def modules() -> list[tuple[Path, ast.Module]]:
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(PACKAGE.rglob("*.py"))]


def literals() -> set[str]:
    found = {n.value for _, tree in modules() for n in ast.walk(tree)
             if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    for path in (ROOT / "resources").rglob("*.toml"):
        if "translations" not in path.parts:
            found |= set(re.findall(r"[A-Za-z0-9_-]+", path.read_text(encoding="utf-8")))
    return found


def _error_classes(trees) -> set[str]:
    names = {"HallError", "FieldError", "PermissionDenied", "NotFound", "StaleVersion",
             "IllegalTransition", "AuthError", "SetupError", "StoreError"}
    grew = True
    while grew:
        grew = False
        for _, tree in trees:
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in names and any(
                        getattr(b, "id", getattr(b, "attr", None)) in names for b in node.bases):
                    names.add(node.name)
                    grew = True
    return names


def asked_for() -> dict[str, str]:
    """Keys the code passes whole to i18n.text/has, i18n.Phrase, an error, or a key=
    class attribute of an error: key → where."""
    trees = modules()
    errors = _error_classes(trees)
    out: dict[str, str] = {}

    def take(node, where):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and KEY.match(node.value):
            out.setdefault(node.value, where)

    for path, tree in trees:
        rel = str(path.relative_to(ROOT))
        for node in ast.walk(tree):
            where = f"{rel}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", getattr(node.func, "id", None))
                if name in ("text", "has", "Phrase", "_t") and node.args:
                    take(node.args[0], where)
                elif name in errors:
                    args = node.args[1:2] if name == "FieldError" else node.args[:1]
                    for arg in args:
                        take(arg, where)
                    for kw in node.keywords:     # parameters that are keys themselves
                        if isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str) \
                                and KEY.match(kw.value.value) and kw.arg in (
                                    "field", "where", "action", "role", "what", "status"):
                            take(kw.value, where)
            elif isinstance(node, ast.ClassDef) and node.name in errors:
                for stmt in node.body:
                    if isinstance(stmt, ast.Assign) and any(
                            getattr(t, "id", None) == "key" for t in stmt.targets):
                        take(stmt.value, where)
    return out


def test_both_languages_have_the_same_keys_and_placeholders():
    words = catalogue()
    assert len(words["zh"]) > 500
    assert set(words["zh"]) == set(words["en"])
    fields = {lang: {k: sorted({f for _, f, _, _ in string.Formatter().parse(v) if f})
                     for k, v in words[lang].items()} for lang in words}
    assert [k for k in words["zh"] if fields["zh"][k] != fields["en"][k]] == []
    assert [k for lang in words for k, v in words[lang].items() if not v.strip()] == []


def test_every_key_the_code_asks_for_has_words():
    words = catalogue()["zh"]
    missing = {key: where for key, where in asked_for().items() if key not in words}
    missing |= {prefix + code: "ENUM_FAMILIES" for prefix, codes in ENUM_FAMILIES.items()
                for code in codes if prefix + code not in words}
    assert missing == {}


def test_every_key_of_the_catalogue_is_used():
    found = literals()
    computed = {prefix + code for prefix, codes in ENUM_FAMILIES.items() for code in codes}
    unused = [key for key in catalogue()["zh"]
              if key not in found and key not in computed
              and not any(key.startswith(p) and key[len(p):] in found for p in CODE_FAMILIES)]
    assert unused == []


def test_every_history_step_has_words_in_both_languages():
    """The walk finds the steps written outside the lifecycle table, and each has words."""
    steps = recorded_steps()
    assert {"sign", "attach", "note", "created", "deadlines_recomputed", "agreement",
            "compensation_paid_at", "reception_divert", "view_identity", "escalated",
            "first_feedback"} <= steps
    words = catalogue()
    for lang in i18n.LANGS:
        assert [s for s in sorted(steps) if f"action.{s}" not in words[lang]] == [], lang


def test_no_module_registers_words_at_import():
    calls = [f"{path.relative_to(ROOT)}:{node.lineno}" for path, tree in modules()
             # kinds.py gives a kind added at run time its name (built-in ones are in the files)
             if path.name not in ("i18n.py", "kinds.py") for node in ast.walk(tree)
             if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "register"
             and getattr(node.func.value, "id", None) == "i18n"]
    assert calls == []


def test_the_files_are_what_the_program_reads():
    words = catalogue()
    assert i18n.text("error.required", "zh", field="姓名") == "姓名不能为空"
    key = next(iter(words["en"]))
    assert i18n.text(key, "en") == words["en"][key] or "{" in words["en"][key]
    assert i18n.read_catalogue() == {k: (words["zh"][k], words["en"][k]) for k in words["zh"]}


def test_a_message_parameter_can_be_a_phrase():
    from hall_desk.core.errors import FieldError

    err = FieldError("holidays[2].to", "error.calendar_missing", line=3, key="to",
                     where=i18n.Phrase("calendar.where.holiday", {"n": 2}))
    assert err.message("zh") == "第3行：第2个假期缺少to"
    assert err.message("en") == "line 3: holiday 2 has no to"


def test_a_moved_resources_folder_without_the_catalogue_still_has_the_words(monkeypatch,
                                                                              tmp_path):
    monkeypatch.setenv("HALL_DESK_RESOURCES", str(tmp_path))
    assert i18n.catalogue_folder() == ROOT / "resources" / "translations"
    (tmp_path / "translations").mkdir()
    for lang in i18n.LANGS:
        (tmp_path / "translations" / i18n.CATALOGUE_FILE.format(lang=lang)).write_text(
            '"x.y" = "乙"\n' if lang == "zh" else "", encoding="utf-8")
    assert i18n.catalogue_folder() == tmp_path / "translations"
    assert i18n.read_catalogue() == {"x.y": ("乙", "乙")}     # a missing English word: Chinese


def test_an_unreadable_catalogue_shows_keys_and_is_read_again_later(monkeypatch, caplog):
    monkeypatch.setattr(i18n, "_loaded", False)
    monkeypatch.setattr(i18n, "_CATALOG", {})
    real = i18n.read_catalogue

    def damaged(folder=None):
        raise tomllib.TOMLDecodeError("Invalid value (at line 3, column 9)")

    monkeypatch.setattr(i18n, "read_catalogue", damaged)
    assert i18n.text("error.required", field="x") == "error.required"
    assert "cannot be read" in caplog.text
    monkeypatch.setattr(i18n, "read_catalogue", real)
    assert i18n.text("error.required", "en", field="Name") == "Name is required"


def test_the_catalogue_is_read_as_tomllib_reads_it():
    for lang in i18n.LANGS:
        text = (ROOT / "resources" / "translations" / i18n.CATALOGUE_FILE.format(lang=lang)) \
            .read_text(encoding="utf-8")
        assert list(i18n.parse_catalogue(text).items()) == list(tomllib.loads(text).items())
    texts = [
        '# 注释\n\n"a.b" = "甲\\t\\"乙\\"\\\\n"\n"c" = ""\n',     # the escapes the lines take
        '"a" = "x"\r\n"b" = "y"\r\n',                          # Windows line ends
        '"a" = "\\u4e59"\n',                                     # the rest goes to tomllib
        'a.b = "dotted"\n"c" = "d"\n',
        '"a" = "x" # after\n',
        '"a" = """two\nlines"""\n',
        '[table]\n"a" = "x"\n',
        '"a" = \'literal\\n\'\n',
    ]
    for text in texts:
        assert i18n.parse_catalogue(text) == tomllib.loads(text), text
    for bad in ('"a" = "x"\n"a" = "y"\n', '"a" = "x\n', '"a" = "\\q"\n', 'a = \n',
                '# \x7f\n"a" = "x"\n'):
        with pytest.raises(tomllib.TOMLDecodeError):
            i18n.parse_catalogue(bad)
