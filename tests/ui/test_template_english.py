"""Data names in the window's language: checklist items, materials, refusal bases and phrases
show their English in an English window where the template gives one, their Chinese in a
Chinese window; what is stored stays Chinese. The template editors edit the English."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from PySide6.QtCore import Qt

from hall_desk.services import daily, materials, reception, refusals, tickets
from hall_desk.store.models import Ticket
from hall_desk.ui.daily_templates import DailyTemplatesBox
from hall_desk.ui.pages import PageContext
from hall_desk.ui.pages.daily_page import DailyPage
from hall_desk.ui.pages.reception_page import ReceptionPage
from hall_desk.ui.phrase_settings import PhraseSettingsBox
from hall_desk.ui.reception_templates import ReceptionTemplatesBox

T = datetime(2026, 11, 23, 9, 0)


@pytest.fixture
def running_tour(hall, at_t):
    run = reception.register_notice(hall["wangli"], {
        "visiting_unit": "市供电公司", "leader": "周建国", "visitors": "3",
        "expected_at": "2026-11-23 10:00", "purpose": "tour"})
    reception.start(hall["wangli"], run.id)
    return run.id


def reception_texts(show, rt, actor, run_id) -> list[str]:
    page = show(ReceptionPage(PageContext(actor, rt.local)), 1280, 820)
    page.select_run(run_id)
    return [row.text_label.text() for row in page.run_view.checklist.rows.values()]


def day_texts(show, rt, actor) -> list[str]:
    page = show(DailyPage(PageContext(actor, rt.local)), 1200, 700)
    group = page.tree.topLevelItem(0)
    return [group.child(i).text(0) for i in range(group.childCount())]


def test_the_reception_checklist_in_english_and_in_chinese(hall, running_tour, show, rt,
                                                           request):
    tour = reception.template("tour")
    first = tour.items[0]
    assert first.text_en                                 # the shipped template is translated
    chinese = reception_texts(show, rt, hall["wangli"], running_tour)
    assert chinese[0] == first.text and len(chinese) == len(tour.items)
    request.getfixturevalue("english")
    english = reception_texts(show, rt, hall["wangli"], running_tour)
    assert english == [i.text_en for i in tour.items]
    assert reception.title_shown("tour", tour.title) == tour.title_en == "Visit or tour"
    assert reception.title_shown("tour", "旧的名称") == "旧的名称"     # renamed since: as stored
    # the run's stored copy and its record stay Chinese
    assert [i.text for i in reception.items(running_tour)] == [i.text for i in tour.items]
    assert reception.describe(running_tour)["items"][0]["text"] == first.text


def test_an_item_changed_since_the_run_started_falls_back_to_chinese(hall, running_tour,
                                                                      english):
    tour = reception.template("tour")
    data = tour.as_dict()
    data["items"]["preparation"][0] = "新的第一项"          # edited after the run began
    reception.save_template(hall["admin"], data)
    shown = reception.shown_items("tour", reception.describe(running_tour)["items"])
    assert shown[0]["text"] == tour.items[0].text       # no English for the old text now
    assert shown[1]["text"] == tour.items[1].text_en


def test_the_day_page_in_english_and_in_chinese(hall, at_t, show, rt, request):
    template = daily.template_in_force()
    opening = template.items_of("opening")
    assert day_texts(show, rt, hall["liuyang"])[0] == f"1. {opening[0].text}"   # a preview
    daily.open_day(hall["liuyang"])
    assert day_texts(show, rt, hall["liuyang"])[0] == f"1. {opening[0].text}"
    request.getfixturevalue("english")
    shown = day_texts(show, rt, hall["liuyang"])
    assert shown == [f"{i.position}. {i.text_en}" for i in opening]
    page = show(DailyPage(PageContext(hall["liuyang"], rt.local)), 1200, 700)
    assert template.title_en and template.title_en in page.state_label.text()
    assert all(i.text == o.text for i, o in zip(daily.items(daily.find(T.date()).id), opening))


def choose_transfer(page, qtbot):
    qtbot.keyClick(page.fields["kind"], Qt.Key.Key_Down)      # 诉求 request
    business = materials.businesses()[1]                      # 过户
    combo = page.fields["business_type"]
    combo.setCurrentIndex(combo.findData(business.code))
    return business, combo


def test_intake_materials_in_english_keep_the_chinese_on_the_ticket(english, login_as, qtbot,
                                                                    type_text):
    page = login_as("liuyang").page_widget("intake")
    business, combo = choose_transfer(page, qtbot)
    assert combo.currentText() == business.name_en == "Change of account holder"
    shown = [page.material_list.item(i).text() for i in range(page.material_list.count())]
    assert shown == list(business.materials_en) and shown[0] != business.materials[0]
    page.material_list.item(1).setCheckState(Qt.CheckState.Checked)
    type_text(page.fields["customer_name"], "陈静")
    qtbot.keyClicks(page.fields["phone"], "010 8888 6666")
    type_text(page.fields["content"], "房屋买卖后办理电费户名过户")
    type_text(page.fields["demand"], "办理过户")
    page.save()
    page.confirm_check.setChecked(True)
    page.save()
    ticket = Ticket.get()
    assert json.loads(ticket.missing_materials) == [business.materials[1]]
    assert materials.material_shown(business.materials[1]) == business.materials_en[1]


def test_intake_materials_in_chinese(login_as, qtbot):
    page = login_as("liuyang").page_widget("intake")
    business, combo = choose_transfer(page, qtbot)
    assert combo.currentText() == business.name
    shown = [page.material_list.item(i).text() for i in range(page.material_list.count())]
    assert shown == list(business.materials)


def test_ticket_detail_and_refusal_bases_in_english_record_the_chinese(english, hall, at_t,
                                                                       open_detail, qtbot):
    business = materials.find("transfer")
    ticket = tickets.register(hall["liuyang"], {
        "kind": "request", "customer_name": "张三丰", "phone": "13812345678",
        "content": "申请过户。", "demand": "过户。", "business_type": "transfer",
        "missing_materials": [business.materials[0]]})
    dialog = open_detail(hall["wangli"], ticket.id)
    assert dialog.values["Business type"].text() == business.name_en
    assert dialog.values["Missing materials"].text() == business.materials_en[0]
    form = dialog.start_action("judge_invalid")
    form.fields["reason"].setPlainText("申请人非登记户主。")
    basis = form.fields["basis"]
    assert [basis.itemText(i) for i in range(1, basis.count())] == \
        [text for text, _ in refusals.choices("en")]
    assert basis.itemText(1) != refusals.bases()[0]
    basis.setCurrentIndex(1)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert tickets.get(ticket.id).refusal_basis == refusals.bases()[0]


def test_the_phrase_panel_in_chinese_has_no_english(login_as):
    panel = login_as("liuyang").page_widget("intake").phrase_panel
    first = panel.phrase_list.item(0).text()
    assert "Hello" not in first and first.startswith("1  您好")


@pytest.mark.parametrize("box_type, section_combo, section", [
    (ReceptionTemplatesBox, "stage_combo", "arrival"),
    (DailyTemplatesBox, "phase_combo", "closing"),
])
def test_a_template_editor_edits_an_items_english(hall, at_t, qtbot, box_type, section_combo,
                                                  section):
    box = box_type(hall["admin"])
    qtbot.addWidget(box)
    combo = getattr(box, section_combo)
    combo.setCurrentIndex(combo.findData(section))
    assert not box.english_edit.isEnabled()             # nothing chosen yet
    box.items.setCurrentRow(1)
    name = box.template_combo.currentData()
    shelf = reception if box_type is ReceptionTemplatesBox else daily
    before = shelf.template(name).items_of(section)[1]
    assert box.english_edit.isEnabled() and box.english_edit.text() == before.text_en
    box.english_edit.clear()
    qtbot.keyClicks(box.english_edit, "Checked twice")
    box.add_item("新增一项")                              # a new item: no English
    assert box.title_en_edit.text() == shelf.template(name).title_en != ""
    box.title_en_edit.setText("Renamed")
    assert box.save()
    assert shelf.template(name).title_en == "Renamed"
    saved = shelf.template(name).items_of(section)
    assert (saved[1].text, saved[1].text_en) == (before.text, "Checked twice")
    assert (saved[-1].text, saved[-1].text_en) == ("新增一项", "")
    box.items.setCurrentRow(1)
    assert box.english_edit.text() == "Checked twice"


def test_the_phrase_editor_edits_a_phrases_english(hall, qtbot):
    from hall_desk.services import phrases

    box = PhraseSettingsBox(hall["admin"])
    qtbot.addWidget(box)
    box.items.setCurrentRow(0)
    first = phrases.template().phrases[0]
    assert box.english_edit.text() == first.en
    box.english_edit.clear()
    qtbot.keyClicks(box.english_edit, "Hello, have a seat.")
    assert box.save()
    assert phrases.template().phrases[0].en == "Hello, have a seat."
    assert phrases.template().phrases[0].zh == first.zh
