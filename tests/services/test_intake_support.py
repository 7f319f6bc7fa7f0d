"""Drafts survive a restart, material checklists load, attachments keep their hash, and an
anonymous identity is shown only with a reason that is logged."""

from __future__ import annotations

import pytest

from hall_desk.core.errors import PermissionDenied, ValidationError
from hall_desk.services import attachments, drafts, materials, tickets
from hall_desk.store.models import AccessLog, Attachment


def test_draft_roundtrip_and_clear(hall):
    clerk = hall["liuyang"]
    assert drafts.load(clerk, "intake") is None
    drafts.save(clerk, "intake", {"customer_name": "张三", "content": "停电\n两天", "anonymous": True})
    drafts.save(clerk, "intake", {"customer_name": "张三丰", "content": "停电\n两天"})
    saved = drafts.load(clerk, "intake")
    assert saved.data == {"customer_name": "张三丰", "content": "停电\n两天"}
    assert saved.staff_id == clerk.staff_id
    other_counter = clerk.__class__(clerk.staff_id, clerk.name, clerk.role, "B9")
    assert drafts.load(other_counter, "intake") is None
    drafts.save(clerk, "intake", {"customer_name": "", "content": ""})   # emptied form
    assert drafts.load(clerk, "intake") is None


def test_material_checklists():
    names = [b.name for b in materials.businesses()]
    assert "新装用电" in names and "过户" in names
    transfer = materials.find("transfer")
    assert transfer.materials[0] == "原户主身份证明"
    assert materials.find("过户") is transfer and materials.find("nope") is None


def test_attachment_hash_and_event(hall, tmp_path):
    t = tickets.register(hall["liuyang"], {"kind": "consultation", "content": "附件测试"})
    scan = tmp_path / "发票扫描.png"
    scan.write_bytes(b"\x89PNG fake image bytes")
    row = attachments.add(hall["liuyang"], t.id, scan)
    assert row.size == len(b"\x89PNG fake image bytes") and row.filename == "发票扫描.png"
    assert Attachment.get_by_id(row.id).mime == "image/png"
    assert attachments.verify(row.id)
    Attachment.update(data=b"changed").where(Attachment.id == row.id).execute()
    assert not attachments.verify(row.id)
    assert tickets.history(t.id)[-1].action == "attach"
    with pytest.raises(ValidationError) as info:
        attachments.add(hall["liuyang"], t.id, tmp_path / "missing.pdf")
    assert info.value.fields == ["attachment"]


def test_reveal_identity_needs_role_and_reason(hall):
    t = tickets.register(hall["liuyang"], {"kind": "report", "content": "私接电线",
                                           "customer_name": "匿名者", "phone": "13800138000",
                                           "anonymous": True})
    assert tickets.describe(t, hall["liuyang"]).customer_name == "（匿名）"
    with pytest.raises(PermissionDenied):
        tickets.reveal_identity(hall["liuyang"], t.id, "想看看")
    with pytest.raises(ValidationError):
        tickets.reveal_identity(hall["wangli"], t.id, "  ")
    shown = tickets.reveal_identity(hall["wangli"], t.id, "核实举报需联系举报人")
    assert shown["customer_name"] == "匿名者" and shown["phone"] == "138 0013 8000"
    log = AccessLog.get()
    assert (log.staff_id, log.reason) == (hall["wangli"].staff_id, "核实举报需联系举报人")
    assert tickets.history(t.id)[-1].action == "view_identity"


def test_recent_tickets_of_a_phone(hall):
    from datetime import datetime, timedelta

    clerk = hall["liuyang"]
    t = tickets.register(clerk, {"kind": "complaint", "customer_name": "甲", "phone": "13800138000",
                                 "content": "第一次", "demand": "d"})
    tickets.register(clerk, {"kind": "report", "customer_name": "乙", "phone": "13800138000",
                             "content": "匿名举报", "anonymous": True})
    seen = tickets.recent_for_phone(clerk, "138-0013-8000")
    assert [r["number"] for r in seen] == [t.number]      # the anonymous one is hidden
    # nor for a supervisor: the warning is no logged reveal (tickets.reveal_search is)
    assert [r["number"] for r in tickets.recent_for_phone(hall["wangli"], "13800138000")] == [
        t.number]
    assert tickets.recent_for_phone(clerk, "13800138000",
                                    at=datetime.now() + timedelta(days=91)) == []
    assert tickets.recent_for_phone(clerk, "12") == []


def test_catalog_lists(hall):
    from hall_desk.services import catalog

    assert [c.name for c in catalog.categories()][:2] == ["产品质量", "服务质量"]
    deps = catalog.departments()
    assert "OPS" in [d.code for d in deps]
    ops = next(d for d in deps if d.code == "OPS")
    assert catalog.handlers(ops.id)[0].code == "sunhao"
