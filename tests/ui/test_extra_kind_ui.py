"""A kind added to the kinds table at run time shows in the window: the intake form (its
required fields, the read-back with its promised time, the receipt) and the queue's filter."""

from __future__ import annotations

from hall_desk.services import deadlines
from hall_desk.store.models import Ticket
from tests.extra_kind import praise  # noqa: F401  (the fixture)


def test_the_window_takes_an_extra_kind(praise, login_as, type_text):
    window = login_as("liuyang")
    page = window.page_widget("intake")
    kind = page.fields["kind"]
    kind.setCurrentIndex(kind.findData("praise"))
    assert kind.currentText() == "表扬"
    assert {k for k, label in page.labels.items() if label.text().endswith("*")} == {"content"}
    assert not page.material_box.isVisible()
    type_text(page.fields["content"], "柜台刘洋耐心细致，特此表扬。")
    page.save()                                        # read back
    said = page.readback_text.text()
    assert page.readback_box.isVisible() and "表扬" in said
    found = deadlines.preview("praise", page.received_at())
    promised = deadlines.promise(found)[0]
    assert promised is not None and promised.strftime("%Y-%m-%d %H:%M") in said
    page.confirm_check.setChecked(True)
    page.save()
    ticket = Ticket.get()
    assert ticket.kind == "praise" and ticket.number.startswith("BY-")
    assert page.receipt is not None and page.receipt.number_label.text() == ticket.number
    assert page.receipt.receipt.promised_at == promised
    page.receipt.close()

    queue = window.page_widget("queue")
    assert queue.kind_combo.findData("praise") >= 0
