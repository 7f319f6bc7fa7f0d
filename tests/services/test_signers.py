"""Who signs: a staff box is signed by a member of staff chosen from the list who confirms
with her PIN (checked and counted as a login), the customer's box by the customer under the
name typed, marked as the customer on the print. The chain covers who signed."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from hall_desk.core.errors import HallError, PermissionDenied, ValidationError
from hall_desk.services import audit, printing, records, tickets
from hall_desk.store.models import RecordVersion, Signature, Staff


@pytest.fixture
def ticket(hall):
    return tickets.register(hall["liuyang"], {
        "kind": "complaint", "customer_name": "钱七", "phone": "13600001234",
        "content": "电表走字快", "demand": "校验电表", "category": "产品质量"})


def text_of(data: bytes) -> str:
    return "".join("".join((p.extract_text() or "").split())
                   for p in PdfReader(io.BytesIO(data)).pages)


def chains_ok() -> bool:
    return all(r.ok for r in audit.verify())


def test_the_chosen_supervisor_signs_at_the_clerk_s_counter_with_her_pin(hall, ticket):
    wangli = Staff.get(Staff.login == "wangli")
    assert (wangli.id, "王丽") in records.signers()
    assert all(name != "刘洋" for _id, name in records.signers())     # a clerk may not
    sig = records.sign(hall["liuyang"], ticket.id, role="supervisor", signer_staff=wangli.id,
                       pin="111111", image_png=b"\x89PNG...")
    assert (sig.signer_name, sig.signed_by, sig.staff_id) == ("王丽", "staff", wangli.id)
    assert RecordVersion.get(RecordVersion.subject_id == ticket.id).sealed
    assert tickets.history(ticket.id)[-1].actor_label == "刘洋"       # who collected it
    assert chains_ok()


def test_a_wrong_pin_is_said_at_the_pin_field_stores_nothing_and_counts_as_a_login(
        hall, ticket):
    wangli = Staff.get(Staff.login == "wangli")
    for attempt in range(4):
        with pytest.raises(ValidationError) as caught:
            records.sign(hall["liuyang"], ticket.id, role="supervisor",
                         signer_staff="wangli", pin="000000")
        assert list(caught.value.errors) == ["pin"]
        assert caught.value.errors["pin"].message() == "王丽的PIN不正确"
    assert Signature.select().count() == 0 and Staff.get_by_id(wangli.id).failed_logins == 4
    with pytest.raises(ValidationError) as caught:
        records.sign(hall["liuyang"], ticket.id, role="supervisor", signer_staff="wangli",
                     pin="000000")
    assert "尝试次数过多" in caught.value.errors["pin"].message()
    with pytest.raises(ValidationError):            # locked: even the right PIN waits
        records.sign(hall["liuyang"], ticket.id, role="supervisor", signer_staff="wangli",
                     pin="111111")
    assert Signature.select().count() == 0
    assert not RecordVersion.select().where(RecordVersion.sealed == True).exists()  # noqa: E712


def test_a_clerk_chosen_for_the_supervisor_box_is_refused(hall, ticket):
    with pytest.raises(PermissionDenied):
        records.sign(hall["wangli"], ticket.id, role="supervisor", signer_staff="liuyang",
                     pin="3333")
    with pytest.raises(ValidationError) as caught:
        records.sign(hall["wangli"], ticket.id, role="supervisor", signer_staff="nobody",
                     pin="3333")
    assert list(caught.value.errors) == ["signer_staff"]
    assert Signature.select().count() == 0


def test_the_customer_signs_under_the_typed_name_marked_as_the_customer(hall, ticket):
    with pytest.raises(ValidationError) as caught:       # never the clerk's name instead
        records.sign(hall["liuyang"], ticket.id, role="customer", signer_name=" ")
    assert list(caught.value.errors) == ["signer_name"]
    sig = records.sign(hall["liuyang"], ticket.id, role="customer", signer_name="钱七",
                       on_paper=True)
    assert (sig.signed_by, sig.staff_id, sig.signer_name) == ("customer", None, "钱七")
    text = text_of(printing.sheet(hall["wangli"], ticket.id, "record"))
    assert "钱七（客户）" in text
    assert printing.verify_pdf(printing.sheet(hall["wangli"], ticket.id, "record")).ok
    assert chains_ok()


def test_changing_who_signed_is_caught_by_the_audit(hall, ticket):
    records.sign(hall["liuyang"], ticket.id, role="supervisor", signer_staff="wangli",
                 pin="111111")
    assert chains_ok()
    other = Staff.get(Staff.login == "zhaoqiang")
    Signature.update(staff=other.id).execute()
    assert not chains_ok()
    Signature.update(staff=Staff.get(Staff.login == "wangli").id, signed_by="customer").execute()
    assert not chains_ok()


def test_the_logged_in_supervisor_still_signs_herself(hall, ticket):
    sig = records.sign(hall["wangli"], ticket.id, role="supervisor")
    assert (sig.signer_name, sig.signed_by) == ("王丽", "staff")
    with pytest.raises(HallError):
        records.sign(hall["liuyang"], ticket.id, role="supervisor")
    assert chains_ok()
