"""Record versions, signatures, sealing with addenda, and verification of printed text."""

from __future__ import annotations

import pytest

from hall_desk.core.errors import HallError, PermissionDenied
from hall_desk.services import lifecycle, records, tickets
from hall_desk.store.models import RecordVersion, Signature


@pytest.fixture
def ticket(hall):
    return tickets.register(hall["liuyang"], {
        "kind": "complaint", "customer_name": "钱七", "phone": "13600001234", "content": "电表走字快",
        "demand": "校验电表", "category": "产品质量", "anonymous": True})


def printed(full, identity_shown, version):
    """The footer text a sheet carries."""
    return f"工单 {full['number']} 版本 {version} SHA-256 {records.shown_hash(full, identity_shown)}"


def test_versions_follow_changes_and_printing_is_idempotent(hall, ticket):
    v1 = records.current(ticket)
    assert records.current(ticket).version == 1 == v1.version
    records.log_print(hall["wangli"], ticket, "record", identity_shown=True)   # access only
    assert records.current(tickets.get(ticket.id)).version == 1
    t = lifecycle.act(hall["wangli"], ticket.id, ticket.version, "judge_valid", {})
    assert records.current(t).version == 2
    assert RecordVersion.select().count() == 2


def test_supervisor_signature_seals_and_later_change_is_an_addendum(hall, ticket):
    records.sign(hall["liuyang"], ticket.id, role="customer", signer_name="钱七", on_paper=True)
    with pytest.raises(PermissionDenied):
        records.sign(hall["liuyang"], ticket.id, role="supervisor")
    with pytest.raises(HallError):
        records.sign(hall["wangli"], ticket.id, role="boss")
    sig = records.sign(hall["wangli"], ticket.id, role="supervisor", image_png=b"\x89PNG...")
    assert sig.record_version == 1 and len(sig.content_sha256) == 64
    sealed = records.versions(ticket.id)
    assert [v.sealed for v in sealed] == [True]
    t = lifecycle.act(hall["wangli"], ticket.id, tickets.get(ticket.id).version, "judge_valid", {})
    v2 = records.current(t)
    assert (v2.version, v2.sealed, v2.addendum_to) == (2, False, 1)
    assert records.versions(ticket.id)[0].content["status"] == "registered"   # untouched
    assert [s.role for s in records.signatures(ticket.id)] == ["customer", "supervisor"]
    assert Signature.select().count() == 2


def test_verify_printed_text(hall, ticket):
    v1 = records.current(ticket)
    masked = printed(v1.content, False, 1)
    verdict = records.verify_text(masked)
    assert verdict.ok and verdict.version == 1 and verdict.current_version == 1
    assert "第1版" in verdict.message and "当前版本" in verdict.message
    assert records.verify_text(printed(v1.content, True, 1)).ok          # unmasked print too
    t = lifecycle.act(hall["wangli"], ticket.id, ticket.version, "judge_valid", {})
    verdict = records.verify_text(masked)
    assert verdict.ok and verdict.current_version == 0 and "已有变动" in verdict.message
    records.current(t)
    assert records.verify_text(masked).current_version == 2
    tampered = masked[:-1] + ("0" if masked[-1] != "0" else "1")
    assert not records.verify_text(tampered).ok
    with pytest.raises(HallError):
        records.verify_text("no hash here")


def test_masked_content_hides_the_anonymous_identity(ticket):
    full = records.full_content(ticket)
    assert full["customer_name"] == "钱七"
    shown = records.shown_content(full, False)
    assert shown["customer_name"] == "（匿名）" and shown["phone"] == ""
    assert records.shown_hash(full, False) != records.shown_hash(full, True)
