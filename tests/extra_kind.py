"""An extra ticket kind, 表扬 (praise), added at run time with its policy rule: the ``praise``
fixture (on the ``hall`` fixture) for the service and window tests that show a new kind
needs only the kinds table, a policy rule and its words. Import the fixture by name."""

from __future__ import annotations

import pytest

from hall_desk.core import kinds
from hall_desk.services import deadlines

PRAISE_RULE = """
[[rules]]
code = "praise_thanks"
label = "致谢客户"
label_en = "Thank the customer"
kinds = ["praise"]
amount = 3
unit = "working_days"
from = "received"
met_by = "replied"
"""


@pytest.fixture
def praise(hall):
    """The hall with the praise kind (letters BY, only its content required, the light
    lifecycle) and its reply rule, both gone again afterwards."""
    kinds.register(kinds.Kind("praise", "BY", "表扬", "Praise", frozenset({"content"}),
                              light=True))
    try:
        deadlines.save_policy(hall["admin"], deadlines.policy_text() + PRAISE_RULE)
        yield hall
    finally:
        kinds.unregister("praise")
        deadlines.forget()
