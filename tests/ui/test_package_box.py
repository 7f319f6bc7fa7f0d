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
