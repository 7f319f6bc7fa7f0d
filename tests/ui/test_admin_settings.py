"""The administrator's tabs in Settings (ui/admin_settings.py), driven with keys and clicks:
departments, categories and counters added, renamed and taken out of use; a staff member's
department and role changed, deactivated, given a new PIN; unsaved forms asked about."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from hall_desk.services import admin, audit, catalog, staff
from hall_desk.ui import dialogs


def settings_page(window):
    window.nav.setCurrentRow(window.page_index("settings"))
    return window.page_widget("settings")


def _rows(tab) -> list[list[str]]:
    return [[tab.table.item(r, c).text() for c in range(tab.table.columnCount())]
            for r in range(tab.table.rowCount())]


def _choose(qtbot, tab, text: str) -> None:
    """Select the row whose first or second cell is ``text`` with the arrow keys."""
    tab.table.setFocus()
    tab.table.setCurrentCell(0, 0)
    for _ in range(tab.table.rowCount()):
        if text in _rows(tab)[tab.table.currentRow()][:2]:
            return
        qtbot.keyClick(tab.table, Qt.Key.Key_Down)
    raise AssertionError(f"{text} not in {_rows(tab)}")


@pytest.fixture
def said_yes(monkeypatch) -> dict[str, list[str]]:
    """Every question answered yes; what the info and warning dialogs said, by kind."""
    said: dict[str, list[str]] = {"info": [], "warn": []}
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    for kind in said:
        monkeypatch.setattr(dialogs, kind,
                            lambda parent, text, _k=kind, **kw: said[_k].append(text))
    return said


def _pin_in(message: str) -> str:
    return message.split("：")[1].split()[0]


@pytest.fixture
def box(login_as):
    page = settings_page(login_as("admin"))
    assert page.admin_box is not None
    return page.admin_box


def test_a_department_is_added_and_renamed_by_keyboard(box, qtbot, type_text):
    box.tabs.setCurrentWidget(box.lists["department"])
    tab = box.lists["department"]
    assert ["CS", "客户服务部", "Customer service", "在用"] in _rows(tab)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Insert)
    code = tab.fields.widgets["code"]
    assert code.isEnabled() and code.hasFocus()
    qtbot.keyClicks(code, "kf2")
    qtbot.keyClick(code, Qt.Key.Key_Tab)
    type_text(tab.fields.widgets["name"], "客服二部")
    qtbot.keyClicks(tab.fields.widgets["name_en"], "CS 2")
    qtbot.keyClick(tab.fields.widgets["name_en"], Qt.Key.Key_Return)
    assert ["KF2", "客服二部", "CS 2", "在用"] in _rows(tab)
    assert tab.message.text() == "已保存"

    _choose(qtbot, tab, "KF2")
    qtbot.keyClick(tab.table, Qt.Key.Key_F2)
    name = tab.fields.widgets["name"]
    assert name.hasFocus() and not tab.fields.widgets["code"].isEnabled()
    name.clear()
    type_text(name, "客户服务二部")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert ["KF2", "客户服务二部", "CS 2", "在用"] in _rows(tab)
    assert "客户服务二部" in [c.name for c in catalog.departments()]
    assert all(r.ok for r in audit.verify())


def test_bad_input_is_shown_at_its_field_and_nothing_is_saved(box, qtbot):
    tab = box.lists["category"]
    box.tabs.setCurrentWidget(tab)
    before = _rows(tab)
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    assert tab.fields.widgets["code"].hasFocus()
    qtbot.keyClicks(tab.fields.widgets["code"], "other")
    qtbot.keyClick(tab.fields.widgets["code"], Qt.Key.Key_Return)
    assert tab.fields.errors["code"].isVisible()
    assert "已被使用" in tab.fields.errors["code"].text()
    assert tab.fields.errors["name"].text() == "名称不能为空"
    assert _rows(tab) == before


def test_deactivate_with_delete_and_back_with_the_button(box, qtbot, monkeypatch):
    asked = []
    monkeypatch.setattr(dialogs, "confirm", lambda parent, text, **kw: asked.append(text) or True)
    tab = box.lists["counter"]
    box.tabs.setCurrentWidget(tab)
    admin.add(box.staff_tab.actor, "counter", code="B2", name="二号窗口")
    tab.load()
    _choose(qtbot, tab, "B2")
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert asked and "二号窗口" in asked[0]
    assert ["B2", "二号窗口", "停用"] in _rows(tab)
    assert tab.toggle_button.text() == "启用"
    qtbot.mouseClick(tab.toggle_button, Qt.MouseButton.LeftButton)
    assert ["B2", "二号窗口", "在用"] in _rows(tab)
    assert len(asked) == 1                  # putting back in use asks nothing


def test_staff_department_role_and_deactivation(box, qtbot, said_yes):
    tab = box.staff_tab
    _choose(qtbot, tab, "liuyang")
    department = tab.fields.widgets["department"]
    department.setCurrentIndex(department.findData("OPS"))
    role = tab.fields.widgets["role"]
    role.setCurrentIndex(role.findData("supervisor"))
    assert box.unsaved()
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert not box.unsaved()
    info = staff.find("liuyang")
    assert (info.department_code, info.role.value) == ("OPS", "supervisor")
    assert [r for r in _rows(tab) if r[1] == "liuyang"][0][2:] == ["班长/主管", "运行维护部", "在用"]
    # raised to supervisor: a new, long PIN is offered at once (the old one may be 4 digits)
    assert len(said_yes["info"]) == 1
    pin = _pin_in(said_yes["info"][0])
    assert len(pin) == 8 and staff.authenticate("liuyang", pin, "A1").login == "liuyang"
    _choose(qtbot, tab, "liuyang")
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert not staff.find("liuyang").active
    assert [r for r in _rows(tab) if r[1] == "liuyang"][0][-1] == "停用"


def test_the_last_administrator_is_refused_in_words(box, qtbot, said_yes):
    tab = box.staff_tab
    _choose(qtbot, tab, "admin")
    qtbot.mouseClick(tab.toggle_button, Qt.MouseButton.LeftButton)
    assert said_yes["warn"] == ["不能停用或降级最后一个在用的管理员账号"]
    assert staff.find("admin").active


def test_a_new_pin_is_shown_once_and_the_old_one_is_void(box, qtbot, said_yes):
    from hall_desk.core.errors import AuthError

    shown = said_yes["info"]
    tab = box.staff_tab
    _choose(qtbot, tab, "liuyang")
    qtbot.mouseClick(tab.pin_button, Qt.MouseButton.LeftButton)
    assert len(shown) == 1 and "只显示这一次" in shown[0]
    pin = _pin_in(shown[0])
    assert staff.authenticate("liuyang", pin, "A1").login == "liuyang"
    with pytest.raises(AuthError):
        staff.authenticate("liuyang", "3333", "A1")


def test_leaving_an_edited_row_asks_and_a_no_keeps_the_edit(box, qtbot, monkeypatch, type_text):
    asked = []
    monkeypatch.setattr(dialogs, "confirm", lambda parent, text, **kw: asked.append(text) or False)
    tab = box.lists["department"]
    box.tabs.setCurrentWidget(tab)
    _choose(qtbot, tab, "CS")
    type_text(tab.fields.widgets["name"], "改")
    row = tab.table.currentRow()
    qtbot.keyClick(tab.table, Qt.Key.Key_Down)
    assert asked and "未保存" in asked[0]
    assert tab.table.currentRow() == row and tab.fields.widgets["name"].text().endswith("改")
    page = box.parent()
    while not hasattr(page, "unsaved_changes"):
        page = page.parent()
    assert "部门、类别、柜台和员工" in page.unsaved_changes()
    qtbot.mouseClick(tab.revert_button, Qt.MouseButton.LeftButton)
    assert not box.unsaved() and page.unsaved_changes() == []


def test_not_shown_to_a_supervisor(login_as):
    assert settings_page(login_as("wangli")).admin_box is None


def test_english_names_and_words(english, login_as):
    box = settings_page(login_as("admin")).admin_box
    assert box.title() == "Departments, categories, counters and staff"
    assert box.tabs.tabText(2) == "Complaint categories"
    tab = box.staff_tab
    combo = tab.fields.widgets["department"]
    assert "Customer service" in [combo.itemText(i) for i in range(combo.count())]


def test_a_new_pc_picks_its_counter_from_the_hall_s_list(qtbot, hall):
    from hall_desk.ui.setup_dialog import CounterDialog

    boss = hall["admin"]
    admin.add(boss, "counter", code="B2", name="二号窗口")
    admin.add(boss, "counter", code="C9", name="撤掉的窗口")
    admin.set_active(boss, "counter", "C9", False)
    dialog = CounterDialog()
    qtbot.addWidget(dialog)
    listed = [dialog.counters.item(i).text() for i in range(dialog.counters.count())]
    assert listed == ["A1  A1号柜台", "B2  二号窗口"]            # C9 is out of use
    dialog.counters.setFocus()
    dialog.counters.setCurrentRow(0)
    qtbot.keyClick(dialog.counters, Qt.Key.Key_Down)
    assert dialog.code.text() == "B2"
    qtbot.keyClick(dialog.counters, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.counter_code == "B2"


def test_set_up_asks_the_industry_and_starts_with_its_lists(qtbot, db_path, type_text):
    from hall_desk.ui.setup_dialog import FirstRunDialog

    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.preset.setCurrentIndex(dialog.preset.findData("state_grid"))
    for key, text in (("hall_name", "城东供电营业厅"), ("counter_code", "A1"), ("name", "周敏"),
                      ("login", "zhoumin"), ("pin", "123456"), ("pin2", "123456")):
        type_text(dialog.fields[key], text)
    qtbot.keyClick(dialog.fields["pin2"], Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert [c.name for c in catalog.categories()][:3] == ["电费电价", "业扩报装", "停电与供电质量"]


def _log_in(qtbot, login: str, pin: str):
    """The login dialog, with ``login`` chosen and ``pin`` typed and entered."""
    from hall_desk.ui.login import LoginDialog

    dialog = LoginDialog("A1")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.select_login(login)
    qtbot.keyClicks(dialog.pin, pin)
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    return dialog


def test_a_pin_given_by_the_administrator_is_replaced_at_the_next_login(qtbot, hall,
                                                                        monkeypatch):
    from hall_desk.ui.admin_settings import NewPinDialog

    given = staff.reset_pin(hall["admin"], hall["liuyang"].staff_id)
    seen = []

    def exec_(dialog):                  # the modal dialog, typed into as the clerk would
        qtbot.addWidget(dialog)
        dialog.show()
        with qtbot.waitActive(dialog):
            dialog.activateWindow()
        for first, second in (("97531", "97532"), ("97531", "97531")):
            qtbot.keyClicks(dialog.pin, first)
            qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
            assert dialog.again.hasFocus()
            qtbot.keyClicks(dialog.again, second)
            qtbot.keyClick(dialog.again, Qt.Key.Key_Return)
            seen.append(dialog.error.text() if dialog.error.isVisible() else "")
        return dialog.result()

    monkeypatch.setattr(NewPinDialog, "exec", exec_)
    login = _log_in(qtbot, "liuyang", given)
    assert seen == ["两次输入的PIN不一致", ""]
    assert login.actor is not None and login.actor.login == "liuyang"
    assert not staff.must_change_pin(hall["liuyang"].staff_id)
    assert staff.authenticate("liuyang", "97531", "A1").login == "liuyang"


def test_cancelling_the_own_pin_keeps_the_login_dialog(qtbot, hall, monkeypatch):
    from hall_desk.ui.admin_settings import NewPinDialog

    given = staff.reset_pin(hall["admin"], hall["liuyang"].staff_id)
    monkeypatch.setattr(NewPinDialog, "exec", lambda dialog: dialog.DialogCode.Rejected)
    login = _log_in(qtbot, "liuyang", given)
    assert login.actor is None and login.isVisible() and login.result() == 0
    assert staff.must_change_pin(hall["liuyang"].staff_id)
