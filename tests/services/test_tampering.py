"""Someone who can write the database file edits it by hand (sqlite3 on the file, as an
attacker would): every edit of the matrix is caught by ``audit verify``, the service and
the command line, naming the chain or the row. Rewrites that recompute the hash chains are
caught by an anchor taken before them (a backup's anchor file, a sealed handover's code)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from hall_desk.cli import run
from hall_desk.core import auth
from hall_desk.core.chain import GENESIS, link_hash
from hall_desk.services import anchors, attachments, audit, demo, handover, lifecycle, records, tickets
from hall_desk.services.context import Actor
from hall_desk.store.connection import close_database, open_database


def _actors() -> dict[str, Actor]:
    from hall_desk.core.enums import Role
    from hall_desk.store.models import Staff

    return {s.login: Actor(s.id, s.name, Role(s.role), demo.DEMO_COUNTER, s.login)
            for s in Staff.select()}


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A demo hall with every chained table filled, its anchor file and a sealed
    handover's anchor code; the last event of the ticket chain changes a ticket."""
    folder = tmp_path_factory.mktemp("tamper")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(auth, "_N", 2**8)
        mp.setenv("HALL_DESK_CONFIG", str(folder / "config.toml"))
        mp.setenv("XDG_STATE_HOME", str(folder / "state"))
        path = folder / "hall.sqlite3"
        open_database(path=path)
        try:
            demo.fill(12, seed=5)
            people = _actors()
            anonymous = tickets.register(people["liuyang"], {
                "kind": "report", "content": "匿名举报", "customer_name": "钱七",
                "phone": "13900002222", "anonymous": True})
            tickets.reveal_identity(people["wangli"], anonymous.id, "核实举报")
            records.log_print(people["wangli"], anonymous, "record", True)
            t = tickets.register(people["liuyang"], {
                "kind": "complaint", "customer_name": "周九", "phone": "13500001111",
                "content": "柜台排队太久", "demand": "道歉"})
            records.sign(people["wangli"], t.id, role="supervisor")
            tickets.register(people["liuyang"], {
                "kind": "complaint", "customer_name": "吴十", "phone": "13500003333",
                "content": "电费突增", "demand": "核查", "hotline_source": "95598",
                "hotline_number": "2026112000123", "hotline_due_at": datetime(2099, 1, 1)})
            attachments.add_bytes(people["liuyang"], t.id, "现场照片.png",
                                  demo.evidence_png("排队"))
            lifecycle.add_note(people["liuyang"], t.id, "客户来电询问进度")
            t = tickets.get(t.id)
            lifecycle.act(people["wangli"], t.id, t.version, "judge_valid", {"reason": "属实"})
            assert all(r.ok for r in audit.verify()), [r.message() for r in audit.verify()]
            anchor_file = folder / "now.anchor.json"
            anchor_file.write_text(json.dumps(anchors.document(
                anchors.current_heads(), at=datetime.now(), subject="test")), encoding="utf-8")
            codes = [a.code for a in anchors.stored()]
            assert codes, "the demo seals handovers: they keep anchors"
        finally:
            close_database()
    return {"path": path, "anchor": anchor_file, "code": codes[-1]}


# ------------------------------------------------------------------ what an attacker types

def _one(con, sql, *args):
    return con.execute(sql, args).fetchone()


def _fix_head(con, chain, table):
    """Point the chain head at the last row left, as a careful forger would."""
    last = _one(con, f"SELECT hash FROM {table} ORDER BY id DESC LIMIT 1")
    count = _one(con, f"SELECT COUNT(*) FROM {table}")[0]
    con.execute("UPDATE chain_head SET hash = ?, length = ? WHERE name = ?",
                (last[0] if last else GENESIS, count, chain))


def _iso(text):
    return datetime.fromisoformat(text).isoformat()


def _rechain_events(con):
    """Recompute every ticket-event hash and the head (the code is public)."""
    numbers = dict(con.execute("SELECT id, number FROM ticket"))
    prev = GENESIS
    for row in con.execute("SELECT id, ticket_id, seq, at, actor_label, action, before, after, "
                           "note FROM ticket_event ORDER BY id").fetchall():
        content = {"ticket": numbers.get(row[1], ""), "seq": row[2], "at": _iso(row[3]),
                   "actor": row[4], "action": row[5], "before": json.loads(row[6]),
                   "after": json.loads(row[7]), "note": row[8]}
        new = link_hash(prev, content)
        con.execute("UPDATE ticket_event SET prev_hash = ?, hash = ? WHERE id = ?",
                    (prev, new, row[0]))
        prev = new
    _fix_head(con, "ticket_event", "ticket_event")


def _rechain_state(con):
    from hall_desk.store import rowstate

    prev = GENESIS
    for row in con.execute("SELECT id, at, scope, sha256, origin FROM state_event "
                           "ORDER BY id").fetchall():
        new = link_hash(prev, {"scope": row[2], "at": _iso(row[1]), "sha256": row[3],
                               "origin": row[4]})
        con.execute("UPDATE state_event SET prev_hash = ?, hash = ? WHERE id = ?",
                    (prev, new, row[0]))
        prev = new
    _fix_head(con, rowstate.CHAIN, "state_event")


def _sealed_version(con):
    return _one(con, "SELECT id FROM record_version WHERE sealed = 1 "
                     "AND subject_type = 'handover' ORDER BY id LIMIT 1")[0]


def _copy_row(con, table, changes):
    cols = [c[1] for c in con.execute(f"PRAGMA table_info({table})") if c[1] != "id"]
    values = [f"{changes[c]!r}" if c in changes else c for c in cols]
    con.execute(f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(values)} "
                f"FROM {table} ORDER BY id LIMIT 1")


def _delete_last_event_fix_head(con):
    con.execute("DELETE FROM ticket_event WHERE id = (SELECT MAX(id) FROM ticket_event)")
    _fix_head(con, "ticket_event", "ticket_event")


def _rewrite_event_recompute(con):
    con.execute("UPDATE ticket_event SET note = '客户同意撤回' WHERE id = 2")
    _rechain_events(con)


def _delete_note_event_recompute(con):
    """The customer's call (a note) never happened: the event goes, the chain is rebuilt."""
    eid, ticket, seq = _one(con, "SELECT id, ticket_id, seq FROM ticket_event "
                                 "WHERE action = 'note' ORDER BY id DESC LIMIT 1")
    con.execute("DELETE FROM ticket_event WHERE id = ?", (eid,))
    con.execute("UPDATE ticket_event SET seq = seq - 1 WHERE ticket_id = ? AND seq > ?",
                (ticket, seq))
    _rechain_events(con)


def _sealed_zero_then_item_edit(con):
    con.execute("UPDATE record_version SET sealed = 0 WHERE subject_type = 'handover'")
    con.execute("UPDATE handover_item SET text = '无事项' WHERE id = (SELECT MIN(id) FROM "
                "handover_item)")


def _role_admin_and_state_rechained(con):
    """Staff role changed, its state entry given the new row's hash (the code is public)
    and the state chain recomputed."""
    from hall_desk.store import rowstate

    con.execute("UPDATE staff SET role = 'admin' WHERE login = 'liuyang'")
    con.commit()
    scope = "staff:%d" % _one(con, "SELECT id FROM staff WHERE login = 'liuyang'")[0]
    open_database(path=Path(_one(con, "PRAGMA database_list")[2]))
    try:
        sha = rowstate.digest(scope)
    finally:
        close_database()
    con.execute("UPDATE state_event SET sha256 = ? WHERE id = (SELECT MAX(id) FROM state_event "
                "WHERE scope = ?)", (sha, scope))
    _rechain_state(con)


def _last_duty_deleted_fix_head(con):
    con.execute("DELETE FROM duty_log_entry WHERE id = (SELECT MAX(id) FROM duty_log_entry)")
    _fix_head(con, "duty_log", "duty_log_entry")


def _anchor_rows_forged(con):
    """Rewrite before the anchor, then forge the kept anchors to the new heads."""
    _rewrite_event_recompute(con)
    for aid, heads in con.execute("SELECT id, heads FROM anchor").fetchall():
        data = json.loads(heads)
        length = data["ticket_event"]["length"]
        data["ticket_event"]["hash"] = _one(con, "SELECT hash FROM ticket_event ORDER BY id "
                                                 "LIMIT 1 OFFSET ?", length - 1)[0]
        con.execute("UPDATE anchor SET heads = ?, code = ? WHERE id = ?",
                    (json.dumps(data), anchors.code_of(data), aid))


# (name, the edit, chains expected to fail, checked against an anchor)
MATRIX = [
    # the ticket row itself
    ("ticket_content", "UPDATE ticket SET content = '已撤诉' WHERE id = 1", {"ticket_row"}, None),
    ("ticket_phone", "UPDATE ticket SET customer_phone = '139 0000 0000' WHERE id = 2",
     {"ticket_row"}, None),
    ("ticket_status", "UPDATE ticket SET status = CASE status WHEN 'archived' THEN "
                      "'registered' ELSE 'archived' END WHERE id = 3", {"ticket_row"}, None),
    ("ticket_anonymous", "UPDATE ticket SET anonymous = 0 WHERE anonymous = 1", {"ticket_row"},
     None),
    ("ticket_priority", "UPDATE ticket SET priority = priority + 7 WHERE id = 4", {"ticket_row"}, None),
    ("ticket_department", "UPDATE ticket SET department_id = (SELECT MAX(id) FROM department) "
                          "WHERE department_id IS NULL OR department_id != (SELECT MAX(id) FROM "
                          "department)", {"ticket_row"}, None),
    ("ticket_compensation", "UPDATE ticket SET compensation_amount = 5000 WHERE id = 5",
     {"ticket_row"}, None),
    ("ticket_version_only", "UPDATE ticket SET version = version + 1 WHERE id = 6",
     {"ticket_row"}, None),
    # a hotline work order (schema v10): its number, source and limit
    ("ticket_hotline_number", "UPDATE ticket SET hotline_number = '2026112000999' "
                              "WHERE hotline_number != ''", {"ticket_row"}, None),
    ("ticket_hotline_source", "UPDATE ticket SET hotline_source = '12345' "
                              "WHERE hotline_number != ''", {"ticket_row"}, None),
    ("ticket_hotline_due", "UPDATE ticket SET hotline_due_at = '2099-12-31 00:00:00' "
                           "WHERE hotline_number != ''", {"ticket_row"}, None),
    ("ticket_hotline_given", "UPDATE ticket SET hotline_source = '95598', "
                             "hotline_number = '1' WHERE id = 1", {"ticket_row"}, None),
    ("ticket_inserted", lambda con: _copy_row(con, "ticket", {"number": "TS-FORGED-0001"}),
     {"ticket_row"}, None),
    # the ticket history
    ("event_edit", "UPDATE ticket_event SET note = 'x' WHERE id = 3", {"ticket_event"}, None),
    ("event_delete_middle", "DELETE FROM ticket_event WHERE id = 4", {"ticket_event"}, None),
    ("event_delete_last_fix_head", _delete_last_event_fix_head, {"ticket_row"}, None),
    ("event_delete_last_fix_head_anchor", _delete_last_event_fix_head, {"anchor"}, "file"),
    ("event_rewrite_recompute_file", _rewrite_event_recompute, {"anchor"}, "file"),
    ("event_rewrite_recompute_code", _rewrite_event_recompute, {"anchor"}, "code"),
    ("event_note_deleted_recompute", _delete_note_event_recompute, {"anchor"}, "file"),
    ("anchors_forged_too", _anchor_rows_forged, {"anchor"}, "code"),
    ("chain_head_length", "UPDATE chain_head SET length = length + 1 WHERE name = 'ticket_event'",
     {"ticket_event"}, None),
    # duty log and signatures
    ("duty_edit", "UPDATE duty_log_entry SET text = '改过' WHERE id = 1", {"duty_log"}, None),
    ("duty_delete_last_fix_head", _last_duty_deleted_fix_head, {"anchor"}, "file"),
    ("signature_edit", "UPDATE signature SET signer_name = '别人' WHERE id = 1", {"signature"},
     None),
    ("signature_delete", "DELETE FROM signature WHERE id = 2", {"signature"}, None),
    # record versions
    ("record_content", "UPDATE record_version SET content = '{}' WHERE id = 1", {"state_rows"},
     None),
    ("record_unsealed", lambda con: con.execute(
        "UPDATE record_version SET sealed = 0 WHERE id = ?", (_sealed_version(con),)),
     {"state_rows"}, None),
    ("record_unsealed_then_item_edited", _sealed_zero_then_item_edit, {"state_rows"}, None),
    ("record_deleted", "DELETE FROM record_version WHERE id = (SELECT MAX(id) FROM "
                       "record_version)", {"state_rows"}, None),
    # handovers
    ("handover_item_text", "UPDATE handover_item SET text = '无' WHERE id = 2",
     {"state_rows", "handover"}, None),
    ("handover_item_answer", "UPDATE handover_item SET answer = '伪造的答复' WHERE id = 3",
     {"state_rows"}, None),
    ("handover_item_deleted", "DELETE FROM handover_item WHERE id = (SELECT MAX(id) FROM "
                              "handover_item)", {"state_rows"}, None),
    ("handover_state", "UPDATE handover SET state = 'draft' WHERE id = 1", {"state_rows"}, None),
    # receptions
    ("reception_run_unit", "UPDATE reception_run SET visiting_unit = '无' WHERE id = 1",
     {"state_rows"}, None),
    ("reception_item_unticked", "UPDATE reception_item SET done_at = NULL, done_by_id = NULL "
                                "WHERE done_at IS NOT NULL", {"state_rows"}, None),
    ("reception_item_inserted", lambda con: _copy_row(con, "reception_item", {"text": "补"}),
     {"state_rows"}, None),
    ("reception_post_staff", "UPDATE reception_post SET staff_id = (SELECT MIN(id) FROM staff "
                             "WHERE id != reception_post.staff_id) WHERE id = 1", {"state_rows"}, None),
    ("reception_post_deleted", "DELETE FROM reception_post WHERE id = 1", {"state_rows"}, None),
    # staff
    ("staff_role_admin", "UPDATE staff SET role = 'admin' WHERE login = 'liuyang'",
     {"state_rows"}, None),
    ("staff_inactive", "UPDATE staff SET active = 0 WHERE login = 'wangli'", {"state_rows"}, None),
    ("staff_pin_hash", "UPDATE staff SET pin_hash = (SELECT pin_hash FROM staff WHERE "
                       "login = 'liuyang') WHERE login = 'admin'", {"state_rows"}, None),
    ("staff_inserted", lambda con: _copy_row(con, "staff", {"login": "ghost", "name": "幽灵"}),
     {"state_rows"}, None),
    ("staff_role_state_rechained", _role_admin_and_state_rechained, {"anchor"}, "file"),
    # the hall's lists (schema v7)
    ("department_renamed", "UPDATE department SET name = '改名部' WHERE code = 'CS'",
     {"state_rows"}, None),
    ("department_inactive", "UPDATE department SET active = 0 WHERE code = 'OPS'",
     {"state_rows"}, None),
    ("department_inserted", lambda con: _copy_row(con, "department", {"code": "GHOST"}),
     {"state_rows"}, None),
    ("category_renamed", "UPDATE category SET name_en = 'Other things' WHERE code = 'other'",
     {"state_rows"}, None),
    ("category_deleted", "DELETE FROM category WHERE code = 'after_sales'", {"state_rows"}, None),
    ("counter_renamed", "UPDATE counter SET name = '假柜台' WHERE id = 1", {"state_rows"}, None),
    # the access log
    ("access_log_emptied", "DELETE FROM access_log", {"state_rows"}, None),
    ("access_log_edit", "UPDATE access_log SET reason = '例行' WHERE id = 1", {"state_rows"},
     None),
    ("access_log_inserted", lambda con: _copy_row(con, "access_log", {"reason": "补记"}),
     {"state_rows"}, None),
    # attachments (their bytes against the attach event)
    ("attachment_bytes", "UPDATE attachment SET data = X'89504E47', size = 4, "
                         "sha256 = '" + "0" * 64 + "' WHERE id = (SELECT MAX(id) FROM "
                         "attachment)", {"attachment"}, None),
    ("attachment_deleted", "DELETE FROM attachment WHERE id = (SELECT MAX(id) FROM "
                           "attachment)", {"attachment"}, None),
    # the state chain itself
    ("state_last_deleted_fix_head", lambda con: (
        con.execute("DELETE FROM state_event WHERE id = (SELECT MAX(id) FROM state_event)"),
        _fix_head(con, "state", "state_event")), {"state_rows"}, None),
    ("state_entry_edit", "UPDATE state_event SET sha256 = '' WHERE id = 1", {"state"}, None),
]


def _tamper(path: Path, edit) -> None:
    con = sqlite3.connect(str(path))
    try:
        if callable(edit):
            edit(con)
        else:
            con.execute(edit)
        con.commit()
    finally:
        con.close()


def test_the_matrix_is_wide_enough():
    assert len(MATRIX) >= 30
    assert len({name for name, *_ in MATRIX}) == len(MATRIX)


@pytest.mark.parametrize("name,edit,expected,anchored", MATRIX, ids=[m[0] for m in MATRIX])
def test_every_hand_edit_is_caught(template, tmp_path, capsys, name, edit, expected, anchored):
    path = tmp_path / "hall.sqlite3"
    shutil.copy(template["path"], path)
    anchor_arg = {None: None, "file": str(template["anchor"]), "code": template["code"]}[anchored]
    anchor = (anchors.read_file(template["anchor"]) if anchored == "file"
              else template["code"] if anchored == "code" else None)
    open_database(path=path)
    try:
        assert all(r.ok for r in audit.verify(anchor))       # untouched, it verifies
    finally:
        close_database()
    _tamper(path, edit)

    open_database(path=path)
    try:
        broken = {r.chain: r for r in audit.verify(anchor) if not r.ok}
    finally:
        close_database()
    assert broken and set(broken) & expected, (name, {c: r.message() for c, r in broken.items()})

    capsys.readouterr()
    argv = ["--db", str(path), "audit", "verify"] + (["--anchor", anchor_arg] if anchor_arg else [])
    try:
        assert run(argv) == 1
    finally:
        close_database()
    out = capsys.readouterr().out
    for chain in set(broken) & expected:
        assert broken[chain].message() in out
        assert i18n_name(chain) in out


def i18n_name(chain: str) -> str:
    from hall_desk.core import i18n

    return i18n.text(f"audit.chain.{chain}")


def test_messages_name_the_row_or_scope(template, tmp_path):
    path = tmp_path / "hall.sqlite3"
    shutil.copy(template["path"], path)
    _tamper(path, "UPDATE staff SET role = 'admin' WHERE login = 'liuyang'")
    _tamper(path, "UPDATE ticket SET status = 'forged' WHERE id = 3")
    open_database(path=path)
    try:
        from hall_desk.store.models import Staff, Ticket

        sid = Staff.get(Staff.login == "liuyang").id
        number = Ticket.get_by_id(3).number
        broken = {r.chain: r.message() for r in audit.verify() if not r.ok}
    finally:
        close_database()
    assert f"staff:{sid}" in broken["state_rows"]
    assert number in broken["ticket_row"] and "status" in broken["ticket_row"]


def test_a_recomputed_chain_passes_without_an_anchor(template, tmp_path):
    """The reason anchors exist: a forger who recomputes the hashes of a row that does not
    show in the current state is caught only against something kept outside the file."""
    path = tmp_path / "hall.sqlite3"
    shutil.copy(template["path"], path)
    _tamper(path, _rewrite_event_recompute)
    open_database(path=path)
    try:
        assert all(r.ok for r in audit.verify())
        reports = audit.verify(template["code"])
    finally:
        close_database()
    assert not reports[-1].ok and reports[-1].chain == "anchor"
    assert "工单历史" in reports[-1].message()


def test_an_anchor_file_with_a_changed_code_is_refused(template, tmp_path):
    data = anchors.read_file(template["anchor"])
    data["code"] = "0000-0000-0000-0000"
    path = tmp_path / "hall.sqlite3"
    shutil.copy(template["path"], path)
    open_database(path=path)
    try:
        reports = audit.verify(data)
    finally:
        close_database()
    assert not reports[-1].ok and "0000-0000-0000-0000" in reports[-1].message()


def test_bad_anchor_arguments_are_one_line_and_exit_2(template, tmp_path, capsys):
    path = tmp_path / "hall.sqlite3"
    shutil.copy(template["path"], path)
    for arg in ("XYZ", str(tmp_path / "missing.anchor.json")):
        try:
            assert run(["--db", str(path), "audit", "verify", "--anchor", arg]) == 2
        finally:
            close_database()
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_untouched_demo_hall_verifies_with_every_anchor(template, tmp_path, capsys):
    path = tmp_path / "hall.sqlite3"
    shutil.copy(template["path"], path)
    open_database(path=path)
    try:
        codes = [a.code for a in anchors.stored()]
    finally:
        close_database()
    for code in codes + [code.lower().replace("-", " ") for code in codes]:
        try:
            assert run(["--db", str(path), "audit", "verify", "--anchor", code]) == 0
        finally:
            close_database()
    out = capsys.readouterr().out
    assert "当前锚点" in out


def test_backup_writes_an_anchor_beside_the_copy(template, tmp_path, capsys):
    from hall_desk.services import backup

    path = tmp_path / "hall.sqlite3"
    shutil.copy(template["path"], path)
    usb = tmp_path / "usb"
    copy = backup.backup(path, usb, keep=1, at=datetime(2026, 12, 1, 8, 0))
    sidecar = anchors.sidecar_path(copy)
    data = anchors.read_file(sidecar)
    assert set(data["heads"]) == set(anchors.CHAINS) and data["code"] == anchors.code_of(
        data["heads"])
    assert sorted(p.name for p in usb.iterdir()) == [copy.name, sidecar.name]
    # rotation removes old copies together with their anchors
    second = backup.backup(path, usb, keep=1, at=datetime(2026, 12, 1, 9, 0))
    backup.backup(path, usb, keep=1, at=datetime(2026, 12, 1, 10, 0))
    assert not sidecar.exists() and not second.exists()
    assert len(list(usb.glob(f"*{anchors.SIDECAR}"))) == 1
    # the backup's anchor proves the database; after a recomputed rewrite it does not
    assert run(["--db", str(path), "audit", "verify", "--anchor", str(sidecar_of(usb))]) == 0
    close_database()
    _tamper(path, _rewrite_event_recompute)
    assert run(["--db", str(path), "audit", "verify", "--anchor", str(sidecar_of(usb))]) == 1
    close_database()
    assert "锚点" in capsys.readouterr().out


def sidecar_of(folder: Path) -> Path:
    return sorted(folder.glob(f"*{anchors.SIDECAR}"))[-1]


def test_the_sealed_handover_sheet_prints_its_anchor_code(template, tmp_path):
    path = tmp_path / "hall.sqlite3"
    shutil.copy(template["path"], path)
    open_database(path=path)
    try:
        from hall_desk.store.models import Anchor

        row = Anchor.select().order_by(Anchor.id.desc()).first()
        hid = int(row.subject.split(":")[1])
        assert handover.describe(hid)["anchor_code"] == row.code
        pdf_path = tmp_path / "handover.pdf"
        pdf_path.write_bytes(handover.sheet(_actors()["wangli"], hid))
        from pypdf import PdfReader

        text = "".join(page.extract_text() for page in PdfReader(str(pdf_path)).pages)
        assert row.code in text.replace(" ", "")
    finally:
        close_database()


def test_an_upgraded_database_verifies_and_its_rows_are_chained_from_the_migration(tmp_path):
    from hall_desk.store.models import StateEvent

    data = Path(__file__).resolve().parent.parent / "data"
    path = tmp_path / "hall.sqlite3"
    shutil.copy(data / "schema_v2.sqlite3", path)
    open_database(path=path)
    try:
        assert all(r.ok for r in audit.verify()), [r.message() for r in audit.verify()]
        origins = {o for (o,) in StateEvent.select(StateEvent.origin).tuples()}
        assert origins == {"migration"}
        assert StateEvent.select().where(StateEvent.scope.startswith("staff:")).count() >= 6
    finally:
        close_database()
    _tamper(path, "UPDATE staff SET role = 'admin' WHERE login = 'liuyang'")
    open_database(path=path)
    try:
        assert {r.chain for r in audit.verify() if not r.ok} == {"state_rows"}
    finally:
        close_database()


# ------------------------------------------------------------------ SQLite and PostgreSQL

def _filled(hall):
    from hall_desk.services import duty

    t = tickets.register(hall["liuyang"], {"kind": "report", "customer_name": "周九",
                                           "phone": "13500001111", "content": "c",
                                           "anonymous": True})
    t = lifecycle.act(hall["wangli"], t.id, t.version, "judge_valid", {"reason": "属实"})
    records.sign(hall["wangli"], t.id, role="supervisor")
    tickets.reveal_identity(hall["wangli"], t.id, "核实")
    duty.add(hall["liuyang"], kind="note", text="开门前检查叫号机")
    return t


@pytest.mark.parametrize("edit,chain", [
    ("UPDATE ticket SET anonymous = FALSE", "ticket_row"),
    ("UPDATE ticket SET customer_phone = '13900000000'", "ticket_row"),
    ("UPDATE staff SET role = 'admin' WHERE login = 'liuyang'", "state_rows"),
    ("UPDATE record_version SET sealed = FALSE", "state_rows"),
    ("DELETE FROM access_log", "state_rows"),
    ("UPDATE department SET name = '改名部' WHERE code = 'CS'", "state_rows"),
    ("UPDATE category SET active = FALSE WHERE code = 'other'", "state_rows"),
    ("UPDATE duty_log_entry SET text = '改过'", "duty_log"),
])
def test_caught_on_both_databases(hall, edit, chain):
    _filled(hall)
    assert all(r.ok for r in audit.verify()), [r.message() for r in audit.verify()]
    from hall_desk.store.models import Ticket

    Ticket._meta.database.execute_sql(edit)
    broken = {r.chain for r in audit.verify() if not r.ok}
    assert chain in broken
