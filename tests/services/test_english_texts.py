"""The loaders read an optional English beside each Chinese text (``{ zh, en }``): the shipped
templates, materials and refusal bases are all translated, files without English still load,
an administrator's copy keeps the English, and the window's text falls back to Chinese."""

from __future__ import annotations

import shutil

import pytest

from hall_desk import paths
from hall_desk.services import daily, materials, reception, refusals

OLD_MATERIALS = '''
[[business]]
code = "transfer"
name = "过户"
materials = ["原户主身份证明", "新户主身份证明"]
'''

MIXED_MATERIALS = '''
[[business]]
code = "transfer"
name = { zh = "过户", en = "Change of holder" }
materials = [{ zh = "原户主身份证明", en = "Old holder's ID" }, "新户主身份证明"]
'''

OLD_CHECKLIST = '''
name = "tour"
title = "参观访问接待"
version = 3
seats = ["用电接洽坐席"]
[items]
preparation = ["准备留言本", { zh = "班长交代接待注意事项", en = "Leader briefs the team" }]
'''


@pytest.fixture
def templates_dir(tmp_path, monkeypatch):
    """A copy of resources/ whose template files a test may rewrite."""
    copy = tmp_path / "resources"
    shutil.copytree(paths.resources_dir(), copy,
                    ignore=shutil.ignore_patterns("*.ts", "*.qm", "icons", "fonts"))
    monkeypatch.setenv("HALL_DESK_RESOURCES", str(copy))
    materials.businesses.cache_clear()
    refusals._pairs.cache_clear()
    yield copy / "templates"
    materials.businesses.cache_clear()
    refusals._pairs.cache_clear()


def test_every_shipped_text_has_its_english(store):
    for shelf in (reception, daily):
        for template in shelf.builtin_templates().values():
            assert template.title_en, template.name
            assert template.items and all(i.text_en for i in template.items), template.name
    for business in materials.businesses():
        assert business.name_en and len(business.materials_en) == len(business.materials)
        assert all(business.materials_en), business.code
    assert all(en != zh for en, zh in refusals.choices("en"))


def test_materials_without_english_still_load_and_show_chinese(templates_dir):
    (templates_dir / "materials.toml").write_text(OLD_MATERIALS, encoding="utf-8")
    transfer = materials.find("transfer")
    assert transfer.materials == ("原户主身份证明", "新户主身份证明")
    assert transfer.shown_name("en") == "过户"
    assert transfer.shown_materials("en") == [("原户主身份证明", "原户主身份证明"),
                                              ("新户主身份证明", "新户主身份证明")]


def test_materials_with_some_english(templates_dir):
    (templates_dir / "materials.toml").write_text(MIXED_MATERIALS, encoding="utf-8")
    transfer = materials.find("过户")
    assert transfer.name == "过户" and transfer.materials[0] == "原户主身份证明"
    assert materials.business_name("transfer") == "过户"            # tickets and sheets
    assert materials.business_shown("transfer", "en") == "Change of holder"
    assert materials.business_shown("transfer", "zh") == "过户"
    assert materials.business_shown("自由填写", "en") == "自由填写"
    assert materials.material_shown("原户主身份证明", "en") == "Old holder's ID"
    assert materials.material_shown("新户主身份证明", "en") == "新户主身份证明"
    assert materials.material_shown("原户主身份证明", "zh") == "原户主身份证明"


def test_refusal_bases_plain_or_with_english(templates_dir):
    (templates_dir / "refusals.toml").write_text(
        'bases = ["本厅须知", { zh = "不属于本厅受理范围", en = "Not handled here" }, " "]\n',
        encoding="utf-8")
    assert refusals.bases() == ("本厅须知", "不属于本厅受理范围")
    assert refusals.choices("en") == [("本厅须知", "本厅须知"),
                                      ("Not handled here", "不属于本厅受理范围")]
    assert refusals.choices("zh")[1] == ("不属于本厅受理范围", "不属于本厅受理范围")


def test_a_checklist_file_with_and_without_english(store, templates_dir):
    (templates_dir / "reception" / "tour.toml").write_text(OLD_CHECKLIST, encoding="utf-8")
    tour = reception.template("tour")
    assert (tour.title, tour.title_en) == ("参观访问接待", "")
    assert reception.title_shown("tour", tour.title, "en") == "参观访问接待"
    assert [(i.text, i.text_en) for i in tour.items] == [
        ("准备留言本", ""), ("班长交代接待注意事项", "Leader briefs the team")]
    assert reception.SHELF.english("tour") == {"班长交代接待注意事项": "Leader briefs the team"}
    assert reception.SHELF.english("nope") == {}
    items = [{"text": "准备留言本"}, {"text": "班长交代接待注意事项"}]
    assert [i["text"] for i in reception.shown_items("tour", items, "en")] == [
        "准备留言本", "Leader briefs the team"]
    assert reception.shown_items("tour", items, "zh") == items


def test_an_administrators_copy_keeps_the_english(hall):
    template = daily.template("default")
    data = template.as_dict()
    data["items"]["closing"].append({"zh": "消防通道畅通", "en": "Fire exits clear"})
    data["items"]["closing"][0] = template.items_of("closing")[0].text     # English dropped
    saved = daily.save_template(hall["admin"], data)
    assert saved.version == template.version + 1
    again = daily.template("default")                   # read back from the settings table
    closing = again.items_of("closing")
    assert (closing[-1].text, closing[-1].text_en) == ("消防通道畅通", "Fire exits clear")
    assert closing[0].text_en == ""
    assert again.items_of("opening")[0].text_en == template.items_of("opening")[0].text_en
