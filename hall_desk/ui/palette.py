"""The window's colours and the style sheets made of them: every colour the ui modules use
is named here, by what it means, so a screen's red is the same red everywhere and a change
of colour is one line. Colours are "#rrggbb" strings: pass them to ``QColor(...)`` or use
them in a style sheet. No other ui module writes a colour literal
(tests/ui/test_palette.py). Colour never carries a meaning alone: the screens also say it
in words or signs (⚠, ✖).

Text and states
    ERROR          red: a field's error message, a refused check, an overdue limit, an
                   escalated ticket, a queried handover item, an open incident.
    OVERDUE        the same red, for a time limit that has lapsed; OVERDUE_BG behind it.
    DUE_SOON       dark amber: a limit falling due soon, a warning, a handover item still
                   pending, a cancelled reception; DUE_SOON_BG behind a due-soon limit.
    WARNING        the same dark amber for warnings in words.
    OK             dark green: a check passed, a print sent, a handover item answered.
    DONE           a lighter green, as a fill under white text: a ticked checklist item, a
                   running reception, a filled set of posts; also the 满意 slice.
    NOT_HANDLED    dark red (Qt's darkRed): a complaint diverted during a visit and not
                   handled yet.
    MUTED          grey: hints, a closed reception, the neutral borders, the backdrop of
                   the print preview.
    LABEL          the darker grey of a field's name in the ticket detail.
    SUPERSEDED     light grey: a duty-log entry replaced by a correction.
    STATUS         blue-grey: a reception's status line.
    INFO           blue: a reception noticed but not begun.
    WHITE          text on a coloured fill, the page of a print preview.
    FOCUS          strong blue: the outline of the control that has the keyboard focus
                   (:data:`FOCUS_STYLE`).

Backgrounds and borders
    CELL_ERROR_BG      a table cell whose value is refused (shift settings).
    NOTE_BG, NOTE_BORDER   the pale yellow box of the prescribed response (duty log).
    BANNER_BG, BANNER_BORDER, BANNER_TEXT   the early-warning banner of the statistics.
    PRESSED_BG         a big checklist button while pressed.
    NA_BG, NA_BORDER   a checklist item marked not applicable.
    URGENT_FILL        the button that diverts a complaint during a visit.
    DISABLED_FILL      that button while it cannot be used.

Charts
    CHART_BAR, CHART_BAR_2   the first and second series of a bar chart.
    SATISFIED, BASIC, UNSATISFIED   the callback results' pie slices (满意, 基本满意, 不满意).

Signature pad
    INK            dark blue-black, like a ballpoint; PAPER the white it is written on.
    PAD_FRAME, PAD_FRAME_OFF   the pad's frame when it takes strokes and when it does not.
    PAD_GUIDE      the signing line and its hint.
"""

from __future__ import annotations

ERROR = "#b00020"
OVERDUE = ERROR
OVERDUE_BG = "#fde7e9"
DUE_SOON = "#8a4b00"
DUE_SOON_BG = "#fff1cc"
WARNING = DUE_SOON
OK = "#1b5e20"
DONE = "#2e7d32"
NOT_HANDLED = "#800000"
MUTED = "#5f6368"
LABEL = "#555555"
SUPERSEDED = "#777777"
STATUS = "#37474f"
INFO = "#1565c0"
WHITE = "#ffffff"
FOCUS = "#0b57d0"

CELL_ERROR_BG = "#fde0e0"
NOTE_BG = "#fff8e1"
NOTE_BORDER = "#e0c060"
BANNER_BG = "#fff4ce"
BANNER_BORDER = "#e0b000"
BANNER_TEXT = "#5a4500"
PRESSED_BG = "#e8f0fe"
NA_BG = "#eceff1"
NA_BORDER = "#90a4ae"
URGENT_FILL = "#b71c1c"
DISABLED_FILL = "#bdbdbd"

CHART_BAR = "#3a6ea5"
CHART_BAR_2 = "#f9a825"
SATISFIED = DONE
BASIC = "#8bc34a"
UNSATISFIED = "#c62828"

INK = "#10205a"
PAPER = WHITE
PAD_FRAME = "#8a8f98"
PAD_FRAME_OFF = "#c4c7cc"
PAD_GUIDE = "#9aa0a6"


def text_style(colour: str, extra: str = "") -> str:
    """A label's style sheet: its text in ``colour`` (plus ``extra`` declarations)."""
    return f"color: {colour};{' ' + extra if extra else ''}"


ERROR_STYLE = text_style(ERROR)
OK_STYLE = text_style(OK)
WARNING_STYLE = text_style(WARNING)
DONE_TEXT_STYLE = text_style(DONE)
MUTED_STYLE = text_style(MUTED)
LABEL_STYLE = text_style(LABEL)
STATUS_STYLE = text_style(STATUS)


#: The application's style sheet (``create_app`` sets it): wherever the keyboard is, a clear
#: blue outline says so, on every page and dialog. Only ``:focus`` is styled, so a control
#: without the focus keeps the platform's look; the padding keeps a focused button's size.
#: A scroll area (a text box, a table, a list, a scrolled form) is outlined as a whole; in a
#: table the current cell is framed too, inside its padding
#: (:class:`hall_desk.ui.widgets.FocusedCell`; a style sheet's outline would cut its text).
FOCUS_STYLE = f"""
QLineEdit:focus, QAbstractSpinBox:focus, QComboBox:focus,
QAbstractScrollArea:focus {{ border: 2px solid {FOCUS}; }}
QPushButton:focus, QToolButton:focus {{ border: 2px solid {FOCUS}; border-radius: 3px;
    padding: 3px 8px; background: palette(button); }}
QCheckBox:focus, QRadioButton:focus {{ outline: none; border: 2px solid {FOCUS};
    border-radius: 3px; }}
QTabBar::tab:focus {{ border: 2px solid {FOCUS}; }}
"""
#: For a button with a style sheet of its own (that one wins over the application's): add
#: this rule to it and the focus shows there too.
BUTTON_FOCUS_STYLE = f" QPushButton:focus {{ border: 3px solid {FOCUS}; }}"
