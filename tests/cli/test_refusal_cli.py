"""``hall-desk pdf refusal NUMBER`` prints the 不予受理告知书 of a refused ticket, verify-pdf
vouches for it, and a ticket not refused gets one line saying so."""

from __future__ import annotations

from hall_desk.services import lifecycle, tickets
from hall_desk.services.context import Actor
from hall_desk.store.connection import close_database, open_database
from hall_desk.store.models import Staff
from tests.cli_helpers import cli, one_clear_line
from tests.pdf_helpers import page_texts, squash


def test_pdf_refusal_and_verify(tmp_path, capsys, monkeypatch):
    db = tmp_path / "r.sqlite3"
    code, _out, err = cli(capsys, "--db", str(db), "--counter", "A1", "init", "--hall", "城西厅",
                          "--admin-name", "管", "--admin-login", "adm", "--admin-pin", "123456")
    assert code == 0, err
    open_database(path=db)
    try:
        admin = Staff.get(Staff.login == "adm")
        actor = Actor(admin.id, admin.name, admin.role, "A1", admin.login)
        refused = tickets.register(actor, {"kind": "request", "customer_name": "赵六",
                                           "phone": "13800002222", "content": "申请过户",
                                           "demand": "过户", "business_type": "transfer"})
        kept = tickets.register(actor, {"kind": "request", "customer_name": "钱七",
                                        "phone": "13800003333", "content": "申请过户",
                                        "demand": "过户"})
        lifecycle.act(actor, refused.id, refused.version, "judge_invalid",
                      {"reason": "非登记户主", "basis": "本营业厅业务受理须知"})
    finally:
        close_database()
    monkeypatch.setenv("HALL_DESK_PIN", "123456")
    target = tmp_path / "refusal.pdf"
    code, _out, err = cli(capsys, "--db", str(db), "--user", "adm", "pdf", "refusal",
                          refused.number, "-o", str(target))
    assert code == 0, err
    text = squash("".join(page_texts(target.read_bytes())))
    assert "不予受理告知书" in text and "非登记户主" in text and "本营业厅业务受理须知" in text
    code, out, _err = cli(capsys, "--db", str(db), "verify-pdf", str(target))
    assert code == 0 and "与数据库一致" in out
    code, _out, err = cli(capsys, "--db", str(db), "--user", "adm", "pdf", "refusal",
                          kept.number, "-o", str(tmp_path / "no.pdf"))
    assert code == 2 and kept.number in one_clear_line(err) and "不予受理" in err
