"""Printing and signing where the records are: the receipt printed in one action right after
intake, the ticket detail's print menu and signatures (customer's confirmation, the
supervisor's sealing signature), the logged print of an anonymous identity, and "verify a
printed record" in the main window. The print dialog is answered by a stand-in that prints
to a PDF file; the signature dialog by a drawn signature."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, QSizeF, Qt
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter

from hall_desk.core import chain
from hall_desk.services import lifecycle, printing, records, tickets
from hall_desk.services.context import clock
from hall_desk.store.models import AccessLog, Signature, Ticket
from hall_desk.ui import dialogs, print_preview, printing_ui, signature_pad, ticket_detail
from hall_desk.ui.pages import intake_page

T = datetime(2026, 11, 23, 9, 30)
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(autouse=True)
def at_t():
    with clock(lambda: T):
        yield T



@pytest.fixture
def printed(monkeypatch, tmp_path):
    """Answer the print dialog with "Print" to a PDF file; the list of files printed."""
    files: list[Path] = []

    def accept(parent, printer: QPrinter, title: str) -> bool:
        path = tmp_path / f"printed-{len(files) + 1}.pdf"
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        files.append(path)
        return True

    monkeypatch.setattr(print_preview, "choose_printer", accept)
    return files


def register(hall, **extra) -> Ticket:
    data = {"kind": "complaint", "channel": "walk-in", "category": "service_quality",
            "customer_name": "张三丰", "phone": "13812345678", "content": "窗口排队无人解释。",
            "demand": "要求说明。", "confirmed_by_customer": True, **extra}
    return tickets.register(hall["liuyang"], data)


def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)


def signs_with_the_pad(qtbot, on_paper: bool = False):
    """A stand-in for ask_signature: the real dialog, a stroke drawn on its pad, OK."""
    asked = []

    def ask(parent, title, *, signer_name="", notice="", name_editable=True, customer=False):
        dialog = signature_pad.SignatureDialog(title, parent, signer_name=signer_name,
                                               notice=notice, name_editable=name_editable,
                                               customer=customer)
        qtbot.addWidget(dialog)
        dialog.show()
        asked.append((title, signer_name, notice, dialog.name_edit.isReadOnly()))
        qtbot.mousePress(dialog.pad, LEFT, pos=QPoint(60, 60))
        for x in range(60, 240, 8):
            qtbot.mouseMove(dialog.pad, QPoint(x, 60 + (x // 8) % 5 * 6))
        qtbot.mouseRelease(dialog.pad, LEFT, pos=QPoint(240, 70))
        dialog.paper_check.setChecked(on_paper)
        qtbot.mouseClick(dialog.ok_button, LEFT)
        return dialog.values()

    return ask, asked


# -- the receipt right after intake ----------------------------------------------------------

@pytest.fixture
def intake(login_as, monkeypatch):
    monkeypatch.setattr(intake_page, "AUTOSAVE_MS", 30)
    monkeypatch.setattr(intake_page, "REPEAT_CHECK_MS", 10)
    return login_as("liuyang").page_widget("intake")


def register_at_the_counter(page, qtbot, type_text) -> Ticket:
    type_text(page.fields["customer_name"], "张桂兰")
    qtbot.keyClicks(page.fields["phone"], "13812345678")
    type_text(page.fields["content"], "缴费窗口排队四十分钟无人引导")
    type_text(page.fields["demand"], "改进引导")
    page.save()
    qtbot.keyClick(page.confirm_check, Qt.Key.Key_Space)
    page.save()
    return Ticket.select().order_by(Ticket.id.desc()).get()


def test_receipt_prints_right_after_intake_in_one_action(intake, qtbot, type_text, printed,
                                                         monkeypatch):
    formats = []
    real_sheet = printing.sheet
    monkeypatch.setattr(printing, "sheet", lambda *a, **kw: formats.append(
        kw.get("receipt_format")) or real_sheet(*a, **kw))
    ticket = register_at_the_counter(intake, qtbot, type_text)
    receipt = intake.receipt
    assert receipt.isVisible() and receipt.number_label.text() == ticket.number
    assert receipt.print_button.isEnabled() and receipt.print_button.text() == "打印回执(&P)"
    qtbot.mouseClick(receipt.print_button, LEFT)            # the one action
    assert len(printed) == 1 and len(PdfReader(printed[0]).pages) == 1
    assert formats == ["a5"]                                # ordinary paper: the A5 layout
    assert receipt.print_status.isVisible() and receipt.print_status.text() == "回执已打印。"
    assert receipt.isVisible()                              # the number stays for the customer


def test_receipt_on_a_receipt_roll_prints_the_80mm_strip(hall, qtbot, monkeypatch, tmp_path):
    from hall_desk.ui.receipt_dialog import Receipt, ReceiptDialog

    ticket = register(hall)
    out = tmp_path / "strip.pdf"

    def roll_printer(parent, printer, title):
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printer.setPageSize(QPageSize(QSizeF(80, 200), QPageSize.Unit.Millimeter, "roll"))
        return True

    monkeypatch.setattr(print_preview, "choose_printer", roll_printer)
    formats = []
    real_sheet = printing.sheet
    monkeypatch.setattr(printing, "sheet", lambda *a, **kw: formats.append(
        kw.get("receipt_format")) or real_sheet(*a, **kw))
    dialog = ReceiptDialog(Receipt(ticket.number, "投诉", T, None), actor=hall["liuyang"])
    qtbot.addWidget(dialog)
    assert dialog.print_receipt()
    assert formats == ["a5", "80mm"]     # proposed on the counter's A5, made again for the roll
    width = float(PdfReader(out).pages[0].mediabox.width)
    assert abs(width - 80 / 25.4 * 72) < 2                 # printed on the 80 mm roll


def test_plain_print_uses_this_counter_s_receipt_paper(hall, qtbot, printed, monkeypatch):
    from hall_desk import config
    from hall_desk.ui.receipt_dialog import Receipt, ReceiptDialog

    config.save(config.LocalConfig(counter_code="A1", receipt_format="80mm"))
    ticket = register(hall)
    dialog = ReceiptDialog(Receipt(ticket.number, "投诉", T, None), actor=hall["liuyang"])
    qtbot.addWidget(dialog)
    assert dialog.print_receipt()
    page = PdfReader(printed[0]).pages[0]
    assert abs(float(page.mediabox.width) - 80 / 25.4 * 72) < 2     # the roll, not A4
    assert float(page.mediabox.height) < 250 / 25.4 * 72
    config.save(config.LocalConfig(counter_code="A1", receipt_format="a5"))
    assert dialog.print_receipt()
    box = PdfReader(printed[1]).pages[0].mediabox
    assert abs(float(box.width) - 148 / 25.4 * 72) < 2


def test_receipt_menu_offers_preview_and_fixed_layouts(hall, qtbot, printed):
    from hall_desk.ui.receipt_dialog import Receipt, ReceiptDialog

    ticket = register(hall)
    dialog = ReceiptDialog(Receipt(ticket.number, "投诉", T, None), actor=hall["liuyang"])
    qtbot.addWidget(dialog)
    texts = [a.text() for a in dialog.more_button.menu().actions()]
    assert texts == ["预览…", "用A5纸打印…", "用80毫米小票打印机打印…"]
    dialog.strip_action.trigger()
    assert len(printed) == 1
    box = PdfReader(printed[0]).pages[0].mediabox        # the printer was given the strip
    assert abs(float(box.width) - 80 / 25.4 * 72) < 2
    dialog.preview_action.trigger()
    preview = dialog.findChild(print_preview.PrintPreviewDialog)
    assert preview is not None and preview.document.pageCount() == 1
    assert preview.variant_combo.currentText() == "A5回执"


def test_cancelled_print_dialog_prints_nothing(hall, qtbot, monkeypatch):
    from hall_desk.ui.receipt_dialog import Receipt, ReceiptDialog

    monkeypatch.setattr(print_preview, "choose_printer", lambda *a: False)
    dialog = ReceiptDialog(Receipt(register(hall).number, "投诉", T, None),
                           actor=hall["liuyang"])
    qtbot.addWidget(dialog)
    assert not dialog.print_receipt() and not dialog.print_status.isVisible()


# -- the ticket detail's print menu ----------------------------------------------------------

def test_print_menu_offers_the_sheets_the_ticket_has(hall, open_detail):
    plain = register(hall)
    panel = open_detail(hall["liuyang"], plain.id).record_panel
    visible = [a.text() for a in panel.print_menu.actions() if a.isVisible() and a.text()]
    assert visible == ["客户投诉记录表…", "受理回执…"]
    assert panel.print_button.text() == "打印(&R)"

    with_materials = register(hall, kind="request", business_type="transfer",
                              missing_materials=["房产证复印件"], phone="13900001111")
    escalated = register(hall, phone="13700002222")
    tickets.update(hall["wangli"], escalated.id, escalated.version,   # as the time monitor does
                   {"escalated_at": T}, action="escalated")
    assert Ticket.get_by_id(escalated.id).escalated_at is not None
    panel = open_detail(hall["liuyang"], with_materials.id).record_panel
    assert panel.sheet_actions["notice"].isVisible()
    panel = open_detail(hall["liuyang"], escalated.id).record_panel
    assert panel.sheet_actions["file"].isVisible()


def test_a_registered_sheet_is_in_the_print_menu(hall, open_detail):
    from hall_desk import pdf
    from hall_desk.services import sheets

    def letter(data, meta, signatures, _layout):
        return pdf.notice_slip(data, meta, signatures=signatures)

    sheets.register(sheets.Sheet("letter", "材料补正通知", "Materials letter", build=letter,
                                 reveal=False, needs=lambda c: bool(c.get("missing_materials"))))
    try:
        plain = register(hall)
        panel = open_detail(hall["liuyang"], plain.id).record_panel
        assert panel.sheet_actions["letter"].text() == "材料补正通知…"
        assert not panel.sheet_actions["letter"].isVisible() and "letter" not in panel.reveal_actions
        with_materials = register(hall, kind="request", business_type="transfer",
                                  missing_materials=["房产证复印件"], phone="13900001111")
        panel = open_detail(hall["liuyang"], with_materials.id).record_panel
        assert panel.sheet_actions["letter"].isVisible()
        panel.sheet_actions["letter"].trigger()
        assert "材料补正通知" in panel.preview.windowTitle()
        assert "房产证复印件" in pdf_text(panel.preview.data)
        panel.preview.close()
    finally:
        sheets.unregister("letter")


def test_each_sheet_opens_in_the_preview(hall, open_detail):
    ticket = register(hall)
    dialog = open_detail(hall["liuyang"], ticket.id)
    panel = dialog.record_panel
    assert "尚未打印或签名" in panel.version_label.text()
    panel.sheet_actions["record"].trigger()
    preview = panel.preview
    assert preview.isVisible() and preview.document.pageCount() > 0
    assert "客户投诉记录表" in preview.windowTitle() and ticket.number in preview.windowTitle()
    assert ticket.number in pdf_text(preview.data)
    assert preview.suggested_name == f"{ticket.number}-record.pdf"
    assert panel.version_label.text().startswith("记录：第1版")     # printing stored version 1
    preview.close()
    panel.sheet_actions["receipt"].trigger()
    assert panel.preview.document.pageCount() == 1
    assert panel.preview.variant_combo.count() == 2


def test_the_window_saves_the_same_file_as_the_command_line(hall, open_detail, monkeypatch,
                                                            tmp_path):
    import os
    import subprocess
    import sys

    # a consultation: the command runs on today's clock, and a complaint of the test's day
    # would be escalated by it first (a new version)
    ticket = register(hall, kind="consultation")
    panel = open_detail(hall["wangli"], ticket.id).record_panel
    panel.sheet_actions["record"].trigger()
    saved = tmp_path / "from-window.pdf"
    monkeypatch.setattr(print_preview, "choose_save_path", lambda parent, name: str(saved))
    assert panel.preview.save_document() == str(saved)
    panel.preview.close()
    from_cli = tmp_path / "from-cli.pdf"
    done = subprocess.run([sys.executable, "-m", "hall_desk", "--db", str(tmp_path / "hall.sqlite3"),
                           "--user", "wangli", "pdf", "record", ticket.number, "-o", str(from_cli)],
                          capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, HALL_DESK_PIN="111111"))   # printing needs a login
    assert done.returncode == 0, done.stderr
    assert saved.read_bytes() == from_cli.read_bytes()        # same version, same file
    said = []
    monkeypatch.setattr(dialogs, "info", lambda parent, text, **kw: said.append(text))
    verdict = printing_ui.verify_printed_file(None, str(saved))
    assert verdict is not None and verdict.ok and "与数据库一致" in said[-1]


def test_a_refused_sheet_is_explained(hall, open_detail, monkeypatch):
    ticket = register(hall)
    panel = open_detail(hall["liuyang"], ticket.id).record_panel
    shown = []
    monkeypatch.setattr(dialogs, "warn", lambda parent, text, **kw: shown.append(text))
    assert panel.print_sheet("file") is None                  # not escalated
    assert shown and "未升级" in shown[0]


# -- anonymous identity ----------------------------------------------------------------------

def test_supervisor_prints_an_anonymous_identity_only_with_a_logged_reason(
        hall, open_detail, monkeypatch):
    ticket = register(hall, kind="report", anonymous=True)
    counter = open_detail(hall["liuyang"], ticket.id).record_panel
    assert not counter.reveal_menu.menuAction().isVisible()
    counter.sheet_actions["record"].trigger()
    assert "张三丰" not in pdf_text(counter.preview.data)        # masked for counter staff

    boss = open_detail(hall["wangli"], ticket.id)
    panel = boss.record_panel
    assert panel.reveal_menu.menuAction().isVisible()
    assert panel.reveal_menu.title() == "打印（显示匿名身份）"
    monkeypatch.setattr(ticket_detail, "ask_reason", lambda parent: None)     # cancelled
    panel.reveal_actions["record"].trigger()
    assert AccessLog.select().count() == 0
    monkeypatch.setattr(ticket_detail, "ask_reason", lambda parent: "核实举报人身份后回访")
    panel.reveal_actions["record"].trigger()
    assert "张三丰" in pdf_text(panel.preview.data)
    logged = {(a.action, a.reason) for a in AccessLog.select()}
    assert ("view_identity", "核实举报人身份后回访") in logged
    assert ("print_identity", "record") in logged
    history = [boss.history_table.item(r, 2).text()
               for r in range(boss.history_table.rowCount())]
    assert any("身份" in step for step in history[-2:])          # the detail reloaded


def test_an_empty_reason_is_refused(hall, open_detail, monkeypatch):
    ticket = register(hall, kind="report", anonymous=True)
    panel = open_detail(hall["wangli"], ticket.id).record_panel
    monkeypatch.setattr(ticket_detail, "ask_reason", lambda parent: "   ")
    shown = []
    monkeypatch.setattr(dialogs, "warn", lambda parent, text, **kw: shown.append(text))
    assert panel.print_revealed("record") is None
    assert shown and AccessLog.select().count() == 0


# -- signatures ------------------------------------------------------------------------------

def test_customer_signature_through_the_ticket_detail(hall, open_detail, qtbot, monkeypatch):
    ticket = register(hall)
    dialog = open_detail(hall["liuyang"], ticket.id)
    panel = dialog.record_panel
    assert panel.customer_sign_button.text() == "客户签名确认…"
    ask, asked = signs_with_the_pad(qtbot)
    monkeypatch.setattr(signature_pad, "ask_signature", ask)
    qtbot.mouseClick(panel.customer_sign_button, LEFT)
    assert asked[0][:2] == (f"客户签名确认 - {ticket.number}", "张三丰")
    row = Signature.get()
    assert (row.role, row.signer_name, row.on_paper) == ("customer", "张三丰", False)
    assert row.staff_id is None and row.image_png.startswith(b"\x89PNG")
    assert row.signed_by == "customer"
    version = records.versions(ticket.id)[-1]
    assert row.content_sha256 == version.sha256 and row.record_version == version.version == 1
    assert row.content_sha256 == chain.content_hash(records.full_content(Ticket.get_by_id(ticket.id)))
    assert not version.sealed                            # the customer does not seal
    assert dialog.banner.text() == "客户签名已保存（第1版）。"
    assert "客户: 张三丰" in panel.signatures_label.text()
    assert "未封存" in panel.version_label.text()


def test_wet_ink_signature_is_recorded_without_an_image(hall, open_detail, monkeypatch):
    ticket = register(hall)
    panel = open_detail(hall["liuyang"], ticket.id).record_panel
    monkeypatch.setattr(signature_pad, "ask_signature", lambda *a, **kw: ("张三丰", None, True))
    assert panel.sign_customer()
    row = Signature.get()
    assert row.on_paper and row.image_png is None
    assert "纸质签名原件已收回" in panel.signatures_label.text()


def test_cancelled_signature_stores_nothing(hall, open_detail, monkeypatch):
    panel = open_detail(hall["liuyang"], register(hall).id).record_panel
    monkeypatch.setattr(signature_pad, "ask_signature", lambda *a, **kw: None)
    assert not panel.sign_customer() and Signature.select().count() == 0


def staff_signs_with_the_pad(qtbot, pins: list[str], login: str = "wangli"):
    """A stand-in for ask_staff_signature: the real dialog, the person chosen, a stroke on
    the pad, then each PIN of ``pins`` typed and OK pressed in turn (the dialog says what a
    wrong one is); what the dialog stored, or None if it stayed open."""
    seen = []

    def ask(parent, title, signers, submit, *, signer_id=None, notice=""):
        from hall_desk.store.models import Staff

        dialog = signature_pad.SignatureDialog(title, parent, notice=notice, signers=signers,
                                               signer_id=signer_id, submit=submit)
        qtbot.addWidget(dialog)
        dialog.show()
        combo = dialog.signer_combo
        seen.append({"title": title, "notice": notice, "chosen": combo.currentText(),
                     "names": [combo.itemText(i) for i in range(1, combo.count())]})
        combo.setCurrentIndex(combo.findData(Staff.get(Staff.login == login).id))
        qtbot.mousePress(dialog.pad, LEFT, pos=QPoint(60, 60))
        for x in range(60, 240, 8):
            qtbot.mouseMove(dialog.pad, QPoint(x, 60 + (x // 8) % 5 * 6))
        qtbot.mouseRelease(dialog.pad, LEFT, pos=QPoint(240, 70))
        for pin in pins:
            assert not dialog.ok_button.isEnabled()          # no PIN typed yet
            qtbot.keyClicks(dialog.pin_edit, pin)
            qtbot.mouseClick(dialog.ok_button, LEFT)
            if dialog.result() == dialog.DialogCode.Accepted:
                return dialog.result_value
            seen[-1].setdefault("errors", []).append(dialog.errors["pin"].text())
            assert dialog.pin_edit.text() == ""              # typed again, never kept
        return None

    return ask, seen


def test_supervisor_signature_seals_the_version(hall, open_detail, qtbot, monkeypatch):
    ticket = register(hall)
    dialog = open_detail(hall["wangli"], ticket.id)
    panel = dialog.record_panel
    assert panel.supervisor_sign_button.isVisible()
    assert panel.supervisor_sign_button.text() == "主管签字…"
    ask, seen = staff_signs_with_the_pad(qtbot, ["000000", "111111"])
    monkeypatch.setattr(signature_pad, "ask_staff_signature", ask)
    qtbot.mouseClick(panel.supervisor_sign_button, LEFT)
    assert seen[0]["chosen"] == "王丽" and "刘洋" not in seen[0]["names"]
    assert "签字后本版本将封存，之后的修改作为补充版本" in seen[0]["notice"]
    assert seen[0]["errors"] == ["王丽的PIN不正确"]             # the wrong one, at its field
    assert records.versions(ticket.id)[-1].sealed
    row = Signature.get()
    assert row.role == "supervisor" and row.staff_id == hall["wangli"].staff_id
    assert row.signed_by == "staff"
    assert dialog.banner.text() == "已签字：第1版已封存。"
    assert "已签字封存" in panel.version_label.text()
    assert not panel.supervisor_sign_button.isEnabled()       # sealed already

    # a later change never alters the sealed version: printing makes an addendum
    lifecycle.add_note(hall["wangli"], ticket.id, "客户来电补充说明")
    dialog.load()
    assert "第1版之后已有改动" in panel.version_label.text()
    assert "补充版本" in panel.version_label.text()
    assert panel.supervisor_sign_button.isEnabled()
    panel.sheet_actions["record"].trigger()
    stored = records.versions(ticket.id)
    assert [(v.version, v.sealed, v.addendum_to) for v in stored] == [(1, True, None),
                                                                       (2, False, 1)]
    assert "补充" in panel.version_label.text()


def test_a_supervisor_signs_at_the_clerk_s_counter_with_her_pin(hall, open_detail, qtbot,
                                                                monkeypatch):
    ticket = register(hall)
    panel = open_detail(hall["liuyang"], ticket.id).record_panel
    assert panel.customer_sign_button.isVisible()
    assert panel.supervisor_sign_button.isVisible()
    wrong, _seen = staff_signs_with_the_pad(qtbot, ["1"] * 2)
    monkeypatch.setattr(signature_pad, "ask_staff_signature", wrong)
    assert not panel.sign_supervisor() and Signature.select().count() == 0
    right, seen = staff_signs_with_the_pad(qtbot, ["111111"])
    monkeypatch.setattr(signature_pad, "ask_staff_signature", right)
    assert panel.sign_supervisor()
    row = Signature.get()
    assert (row.signer_name, row.staff_id) == ("王丽", hall["wangli"].staff_id)
    assert tickets.history(ticket.id)[-1].actor_label == "刘洋"


# -- verify a printed record -----------------------------------------------------------------

def test_verify_a_printed_record_from_the_main_window(hall, login_as, tmp_path, monkeypatch):
    ticket = register(hall)
    good = tmp_path / "record.pdf"
    good.write_bytes(printing.sheet(hall["wangli"], ticket.id, "record"))
    window = login_as("wangli")
    menu = window.menuBar().actions()[0].menu()
    assert window.verify_action in menu.actions()
    assert window.verify_action.text() == "核验打印件(&V)…"
    said = []
    monkeypatch.setattr(dialogs, "info", lambda parent, text, **kw: said.append(("ok", text)))
    monkeypatch.setattr(dialogs, "warn", lambda parent, text, **kw: said.append(("bad", text)))
    monkeypatch.setattr(printing_ui, "choose_pdf_to_verify", lambda parent: str(good))
    window.verify_action.trigger()
    assert said[-1][0] == "ok" and ticket.number in said[-1][1] and "第1版" in said[-1][1]

    lifecycle.add_note(hall["wangli"], ticket.id, "之后的补充")      # the ticket changes
    window.verify_action.trigger()
    assert said[-1][0] == "ok" and "此后工单已有变动" in said[-1][1]

    other = tmp_path / "not-a-record.pdf"
    other.write_bytes(print_preview_blank_pdf())
    monkeypatch.setattr(printing_ui, "choose_pdf_to_verify", lambda parent: str(other))
    window.verify_action.trigger()
    assert said[-1][0] == "bad" and "SHA-256" in said[-1][1]

    monkeypatch.setattr(printing_ui, "choose_pdf_to_verify", lambda parent: "")
    count = len(said)
    window.verify_action.trigger()                             # cancelled: nothing said
    assert len(said) == count


def test_verify_a_file_that_is_not_a_pdf(hall, tmp_path, monkeypatch):
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"this is no pdf")
    shown = []
    monkeypatch.setattr(dialogs, "error", lambda parent, text, **kw: shown.append(text))
    assert printing_ui.verify_printed_file(None, str(junk)) is None
    assert shown


def test_verify_is_disabled_while_locked(hall, login_as):
    window = login_as("liuyang")
    window.lock()
    assert not window.verify_action.isEnabled()


def print_preview_blank_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, "hello")
    page.save()
    return out.getvalue()


def test_the_receipt_offers_the_forward_first_and_records_it(hall, qtbot):
    from hall_desk.ui import keys
    from hall_desk.ui.receipt_dialog import Receipt, ReceiptDialog
    from hall_desk.ui.ticket_actions import ActionDialog

    ticket = register(hall)
    dialog = ReceiptDialog(Receipt(ticket.number, "投诉", T, None), actor=hall["liuyang"])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.urgent_action == "forward" and dialog.urgent_button.isVisible()
    assert dialog.urgent_button.text() == "先转派(&F)…"
    assert "转派责任部门（首报）" in dialog.urgent_label.text()
    assert keys.clashes(dialog) == {}
    form_dialog = dialog.start_urgent()
    assert isinstance(form_dialog, ActionDialog)
    combo = form_dialog.form.fields["forward_to"]
    combo.setCurrentIndex(-1)                                # nobody chosen: said at the field
    qtbot.mouseClick(form_dialog.form.save_button, LEFT)
    assert form_dialog.form.errors["forward_to"].isVisible() and form_dialog.isVisible()
    assert tickets.history(ticket.id)[-1].action != "forward"
    combo.setCurrentIndex(0)
    assert combo.currentText() == "值班主管"
    form_dialog.form.fields["note"].setText("客户要求主管处理")
    with qtbot.waitSignal(form_dialog.accepted):
        qtbot.mouseClick(form_dialog.form.save_button, LEFT)
    last = tickets.history(ticket.id)[-1]
    assert last.action == "forward" and last.note == "转派至值班主管：客户要求主管处理"
    assert dialog.print_status.text() == "已转派。"
    assert dialog.urgent_action != "forward"
    assert dialog.done_button.isDefault()


def test_a_consultation_s_receipt_offers_no_forward(hall, qtbot):
    from hall_desk.ui.receipt_dialog import Receipt, ReceiptDialog

    ticket = register(hall, kind="consultation", category="")
    dialog = ReceiptDialog(Receipt(ticket.number, "咨询", T, None), actor=hall["liuyang"])
    qtbot.addWidget(dialog)
    assert dialog.urgent_action != "forward"
    unlogged = ReceiptDialog(Receipt(ticket.number, "咨询", T, None))
    qtbot.addWidget(unlogged)
    assert unlogged.urgent_action is None and unlogged.urgent_button.isHidden()
