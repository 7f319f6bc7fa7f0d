"""The hall's day (一日管理) as rules: the shipped templates, template validation naming the
field, expanding a template into a day, what may change, closing, and the PDF record."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

import pytest

import tests.pdf_helpers as h
from hall_desk.core import daily as rules
from hall_desk.core.errors import HallError, ValidationError
from hall_desk.pdf.daily import daily_record

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "resources" / "templates" / "daily"
POLICIES = ROOT / "resources" / "policies"

GOOD = {"name": "hall", "title": "一日管理", "version": 2, "rounds": ["15:00", "10:00"],
        "items": {"opening": ["叫号机开启", "评价器开启"], "round": ["大厅秩序良好"],
                  "closing": ["门窗已关好"]}}


def test_one_shipped_template_per_preset_and_each_covers_the_duties():
    shipped = {p.stem: rules.parse_template(p.read_text(encoding="utf-8"))
               for p in sorted(TEMPLATES.glob("*.toml"))}
    assert set(shipped) == {p.stem for p in POLICIES.glob("*.toml")}
    for name, template in shipped.items():
        assert template.name == name and template.version >= 1 and template.rounds
        words = {p: "".join(i.text for i in template.items_of(p)) for p in rules.Phase}
        for needed in ("岗", "叫号", "评价", "打印机", "公示", "签字板"):
            assert needed in words[rules.Phase.OPENING], (name, needed)
        for needed in ("秩序", "等候", "自助", "脱岗"):
            assert needed in words[rules.Phase.ROUND], (name, needed)
        for needed in ("延时服务", "门窗", "电脑", "空调", "电灯", "印章", "留言本"):
            assert needed in words[rules.Phase.CLOSING], (name, needed)


def test_a_template_expands_into_a_day_with_each_round_at_its_time():
    template = rules.template_from_dict(GOOD)
    assert template.rounds == ("10:00", "15:00")
    day = rules.expand(template)
    assert [(i.phase.value, i.slot, i.position) for i in day] == [
        ("opening", "", 1), ("opening", "", 2), ("round", "10:00", 1), ("round", "15:00", 1),
        ("closing", "", 1)]
    again = rules.edited(template, {"opening": ["叫号机开启"], "closing": ["电灯已关闭"]},
                         rounds=[])
    assert again.version == 3 and [i.text for i in rules.expand(again)] == ["叫号机开启", "电灯已关闭"]


@pytest.mark.parametrize("change, key, words", [
    ({"name": "Hall 1"}, "name", "模板代码"),
    ({"rounds": ["25:00"]}, "rounds", "巡视时间“25:00”"),
    ({"rounds": ["10:00", "10:00"]}, "rounds", "重复"),
    ({"rounds": []}, "rounds", "巡视时间为空"),
    ({"version": 0}, "version", "模板版本"),
    ({"items": {"lunch": ["x"]}}, "items.lunch", "lunch"),
    ({"items": {"opening": ["叫号机开启", "  "]}}, "items.opening.2", "开门前检查第2项不能为空"),
    ({"items": {}}, "items", "至少要有一个检查项"),
])
def test_a_bad_template_names_the_field(change, key, words):
    with pytest.raises(ValidationError) as caught:
        rules.template_from_dict(dict(GOOD, **change))
    assert key in caught.value.errors
    assert words in caught.value.errors[key].message("zh")


def test_broken_toml_is_one_clear_error():
    with pytest.raises(HallError) as caught:
        rules.parse_template("name = ")
    assert "格式错误" in caught.value.message("zh")


def test_what_may_change_and_when_the_day_closes():
    assert rules.check_change("open", "open", "done") is rules.ItemStatus.DONE
    with pytest.raises(HallError) as caught:
        rules.check_change("open", "done", "faulty")
    assert "已完成" in caught.value.message("zh")
    with pytest.raises(HallError) as caught:
        rules.check_change("closed", "open", "done")
    assert "已签字结束" in caught.value.message("zh")
    with pytest.raises(HallError):
        rules.check_change("open", "open", "open")
    with pytest.raises(ValidationError) as caught:
        rules.clean_reason("  ")
    assert "原因不能为空" in caught.value.errors["reason"].message("zh")
    rules.check_close([])
    with pytest.raises(HallError) as caught:
        rules.check_close(["下班检查：门窗已关好"])
    assert "还有1项未检查" in caught.value.message("zh") and "门窗" in caught.value.message("zh")


def test_rounds_fall_due_at_their_time_and_closing_at_closing_time():
    at = datetime(2026, 11, 23, 10, 0)
    assert rules.is_due("round", "10:00", at) and not rules.is_due("round", "14:30", at)
    assert not rules.is_due("closing", "", at)
    assert not rules.is_due("closing", "", datetime(2026, 11, 23, 16, 59))
    assert rules.is_due("closing", "", datetime(2026, 11, 23, 17, 0))
    assert not rules.is_due("closing", "", datetime(2026, 11, 23, 17, 0), closes=time(18, 0))
    text = rules.duty_text("2026-11-23", "round", "10:00", "自助设备运行正常", "faulty", "缴费机黑屏")
    assert text == "一日管理（2026-11-23）巡视 10:00：自助设备运行正常——故障：缴费机黑屏"


def test_the_printed_record_has_its_title_items_and_embedded_fonts():
    template = rules.template_from_dict(GOOD)
    items = [{"phase": i.phase.value, "slot": i.slot, "position": i.position, "text": i.text,
              "status": "done", "done_at": "2026-11-23T08:31", "done_by": "刘洋", "reason": "",
              "duty_entry": None} for i in rules.expand(template)]
    items[-1].update(status="not_done", reason="钥匙不在，已报班长", duty_entry=7)
    data = daily_record({"date": "2026-11-23", "state": "closed", "template_title": "一日管理",
                         "template_version": 2, "opened_by": "刘洋",
                         "opened_at": "2026-11-23T08:30", "closed_by": "王丽",
                         "closed_at": "2026-11-23T17:40", "items": items,
                         "signature": {"signer_name": "王丽", "signed_at": "2026-11-23T17:40",
                                       "image": h.png_signature()}},
                        h.demo_meta(version=1))
    text = h.squash("".join(h.page_texts(data)))
    for needed in ("营业厅一日管理记录", "YR-20261123", "开门前检查", "巡视10:00", "巡视15:00",
                   "下班检查", "叫号机开启", "门窗已关好", "未完成", "钥匙不在，已报班长",
                   "值班记录7", "王丽"):
        assert needed in text, needed
    fonts = h.fonts_of(data)
    assert fonts and b"Helvetica" not in data
    for font, info in fonts.items():
        assert "WenQuanYiMicroHei" in font and info["embedded"] and info["to_unicode"], font


def test_hostile_words_print_as_text():
    hostile = '<b>x</b> & "q" 😀 \x00end' + "\n" * 30 + "after blank lines"
    item = {"phase": "closing", "slot": "", "position": 1, "text": hostile, "status": "faulty",
            "done_at": "2026-11-24T17:31", "done_by": "<i>刘洋</i>", "reason": hostile,
            "duty_entry": 3}
    data = daily_record({"date": "2026-11-23", "state": "open", "items": [item],
                         "signature": None}, h.demo_meta())
    text = h.squash("".join(h.page_texts(data)))
    assert "<b>x</b>" in text and "afterblanklines" in text and "<i>刘洋</i>" in text
    assert "2026-11-2417:31" in text          # done on another day: the date is shown


def test_undoing_a_tick_and_what_a_date_offers():
    from datetime import date

    from hall_desk.core.daily import DayMode, check_untick, day_mode, untick_line

    check_untick("open", "done")
    for state, status, key in (("closed", "done", "daily.error.closed"),
                               ("open", "open", "daily.error.not_ticked"),
                               ("open", "faulty", "daily.error.untick_problem"),
                               ("open", "not_done", "daily.error.untick_problem")):
        with pytest.raises(HallError) as caught:
            check_untick(state, status)
        assert caught.value.key == key
    assert untick_line("陈静", datetime(2026, 11, 23, 9, 10), "刘洋",
                       datetime(2026, 11, 23, 8, 30)) == "09:10 陈静撤销勾选（原由刘洋于08:30勾选）"
    today = date(2026, 11, 23)
    assert day_mode(today, today, None) is DayMode.TODAY_NEW
    assert day_mode(date(2026, 11, 24), today, None) is DayMode.FUTURE
    assert day_mode(date(2026, 11, 20), today, None) is DayMode.MISSED
    assert day_mode(date(2026, 11, 20), today, "open") is DayMode.OPEN     # not closed yet
    assert day_mode(date(2026, 11, 20), today, "closed") is DayMode.CLOSED
