"""The settings page's box of the last package written for the head office: read-only,
shown to supervisors and administrators, up to date when the page is shown again."""

from __future__ import annotations

from hall_desk.services import package, tickets


def settings_page(window):
    window.nav.setCurrentRow(window.page_index("settings"))
    return window.page_widget("settings")


def test_the_box_shows_the_last_package_written(login_as, hall, tmp_path):
    window = login_as("wangli")
    page = settings_page(window)
    box = page.package_box
    assert box is not None and box.isVisible() and box.title() == "上报总部的数据包"
    assert box.none_label.isVisible()
    assert [label.text() for label in box.labels.values()] == ["-"] * 4

    tickets.register(hall["liuyang"], {"kind": "suggestion", "content": "希望增加座椅。",
                                       "customer_name": "张三", "phone": "13700001111"})
    written = package.export(hall["wangli"], tmp_path)
    window.nav.setCurrentRow(window.page_index("queue"))
    page = settings_page(window)                 # shown again: read again
    assert not box.none_label.isVisible()
    texts = {field: label.text() for field, label in box.labels.items()}
    assert texts["sequence"] == "1" and texts["by"] == hall["wangli"].name
    assert texts["path"] == str(written.path) and texts["at"][:4].isdigit()


def test_counter_staff_do_not_see_it(login_as):
    assert settings_page(login_as("liuyang")).package_box is None


def test_the_reference_table_shows_each_kind_and_where_it_came_from(login_as, hall, tmp_path):
    from hall_desk.services import reference, settings

    window = login_as("admin")
    table = settings_page(window).package_box.reference_table
    assert table.isVisible() and table.rowCount() == 6

    def rows():
        return [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())]

    assert rows()[3] == ["服务用语", "-", "程序自带"]
    assert rows()[2] == ["投诉类别", "-", "本营业厅编辑"]
    # the hall stands in for its head office here: a package written, trusted, applied
    written = reference.export(hall["admin"], "phrases", tmp_path)
    reference.trust(hall["admin"], reference.key_paths()[1])
    reference.apply(hall["admin"], written.path)
    window.nav.setCurrentRow(window.page_index("queue"))
    box = settings_page(window).package_box
    issued = reference.status()[3].created_at[:10]
    assert rows()[3] == ["服务用语", "1", f"总部 {settings.hall_name()} {issued} 下发"]
    assert box.keys_label.text() == written.fingerprint


def test_an_administrator_trusts_the_key_and_applies_a_package_from_the_box(
        login_as, hall, tmp_path, monkeypatch, qtbot):
    from PySide6.QtCore import Qt

    from hall_desk.services import reference
    from hall_desk.ui import dialogs, package_box

    assert settings_page(login_as("wangli")).package_box.trust_button is None
    written = reference.export(hall["admin"], "templates", tmp_path)   # standing in for HQ
    box = settings_page(login_as("admin")).package_box
    said = []
    chosen = iter([str(reference.key_paths()[1]), str(written.path), str(written.path)])
    monkeypatch.setattr(package_box, "choose_file", lambda *a: next(chosen))
    monkeypatch.setattr(dialogs, "confirm", lambda parent, text, **k: said.append(text) or True)
    monkeypatch.setattr(dialogs, "info", lambda parent, text, **k: said.append(text))
    monkeypatch.setattr(dialogs, "warn", lambda parent, text, **k: said.append("!" + text))

    qtbot.mouseClick(box.trust_button, Qt.MouseButton.LeftButton)
    assert written.fingerprint in said[0] and said[1].startswith("已信任总部密钥")
    assert box.keys_label.text() == written.fingerprint
    qtbot.mouseClick(box.apply_button, Qt.MouseButton.LeftButton)
    assert said[2].startswith("已应用总部下发的接待与一日管理模板第 1 版")
    row = [box.reference_table.item(4, c).text() for c in range(3)]
    assert row[:2] == ["接待与一日管理模板", "1"]
    qtbot.mouseClick(box.apply_button, Qt.MouseButton.LeftButton)
    assert said[3].startswith("!") and "不更新" in said[3]
