"""Customer text made printable: escaping, characters the font lacks, long text cut."""

from __future__ import annotations

import pytest

from hall_desk.pdf import fonts
from hall_desk.pdf.text import (
    NO_LINE_END, NO_LINE_START, PLACEHOLDER, chunks, clean, label, line_break, markup, truncate,
    when,
)
from pdf_helpers import marked_text


def test_markup_escapes_and_keeps_lines():
    assert markup('<script>&"\'') == "&lt;script&gt;&amp;\"'"
    assert markup("第一行\n第二行") == "第一行<br/>第二行"
    assert markup("") == "—" and markup(None, empty="无") == "无"


def test_clean_drops_controls_and_replaces_what_the_font_lacks():
    assert clean("a\x00b\x01\x08c\x7f") == "abc"
    assert clean("好评😀👍🏽！") == f"好评{PLACEHOLDER}！"          # one □ per run, modifiers dropped
    assert clean("👨\u200d👩\u200d👧") == PLACEHOLDER                 # ZWJ family: one □
    assert clean("a\tb") == "a    b"
    assert clean("x\r\ny\rz") == "x\ny\nz"
    assert clean("上" + "\n" * 50 + "下") == "上\n\n下"              # 50 blank lines → one
    assert clean("\ud800孤") == "孤"                                  # lone surrogate
    assert all(fonts.has_glyph(ch) or ch == "\n" for ch in clean("测试©®™€¥①—…“”"))


def test_chunks_cut_long_text_and_keep_everything():
    text = "字" * 5000
    pieces = chunks(text, line_chars=40, max_lines=12)
    assert len(pieces) > 5 and all(len(p) <= 480 for p in pieces)
    assert "".join(pieces) == text
    lines = "\n".join(f"第{i}行" for i in range(100))
    assert "\n".join(chunks(lines)) == lines
    assert chunks("") == [""]


def test_words_and_times():
    assert label("kind", "complaint") == "投诉"
    assert label("cause", "service") == "服务原因"
    assert label("satisfaction", "basically") == "基本满意"
    assert label("action", "approve") == "主管批示"
    assert label("status", "新状态") == "新状态" and label("status", None) == "—"
    assert when("2025-03-04T09:12") == "2025-03-04 09:12" and when(None) == "—"
    assert truncate("一二三四五六", 4) == "一二三…"


def test_missing_font_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("HALL_DESK_RESOURCES", str(tmp_path))
    fonts.forget()
    try:
        with pytest.raises(fonts.FontMissing) as err:
            fonts.font()
        assert "wqy-microhei.ttc" in err.value.message("zh") and "重新安装" in err.value.message("zh")
        assert "Reinstall" in err.value.message("en")
        (tmp_path / "fonts").mkdir()
        (tmp_path / "fonts" / "wqy-microhei.ttc").write_bytes(b"not a font at all")
        with pytest.raises(fonts.FontMissing) as err:
            fonts.font()
        assert err.value.key == "error.pdf_font_bad"
    finally:
        fonts.forget()
        monkeypatch.delenv("HALL_DESK_RESOURCES")
        fonts.font()


def test_a_line_break_moves_back_before_a_closing_or_after_an_opening_mark():
    text = "甲乙丙丁，戊己（庚）辛"
    assert line_break(text, 0, 3) == 3                  # 丁 may start a line
    assert line_break(text, 0, 4) == 3                  # "，" may not: 丁 goes with it
    assert line_break(text, 0, 8) == 7                  # a line may not end with "（"
    assert line_break(text, 5, 9) == 7                  # nor start with "）": "（庚）" moves
    assert line_break("，，，，", 0, 3) == 3            # nothing else possible: as it was
    assert line_break("联系电话号码是：13812345678", 0, 12) == 8   # a number stays whole


def wrapped_lines(paragraph, width: float) -> list[str]:
    paragraph.wrap(width, 10_000)
    lines = paragraph.blPara.lines
    if paragraph.blPara.kind == 0:
        return [line[1][0] for line in lines]
    return ["".join(word.text for word in line.words) for line in lines]


def test_paragraphs_keep_the_punctuation_rules_at_every_width():
    """At every width, a text full of marks wraps without a line that starts with a
    closing mark or ends with an opening one, and loses no character; reportlab's own CJK
    wrap breaks the rules at some of these widths."""
    from reportlab.platypus import Paragraph

    from hall_desk.pdf.layout import BODY, para

    text = marked_text(15, titles_every=4)
    reportlab_broke = 0
    for width in range(40, 260, 7):
        for shown in (text, text + "\n" + text):      # one fragment, and several
            lines = wrapped_lines(para(shown), width)
            assert not [line for line in lines[1:] if line[:1] in NO_LINE_START]
            assert not [line for line in lines if line[-1:] in NO_LINE_END]
            assert "".join(lines) == shown.replace("\n", "")
            theirs = wrapped_lines(Paragraph(markup(shown), BODY), width)
            reportlab_broke += any(line[:1] in NO_LINE_START for line in theirs[1:])
    assert reportlab_broke
