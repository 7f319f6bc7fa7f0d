"""hall_desk: the counter desktop of an offline customer-service hall.

Layers (imports point one way only): ``core`` <- ``store`` <- ``services`` <- ``ui`` / ``cli``;
``pdf`` depends on ``core`` alone. Nothing outside ``ui`` imports Qt.
"""

__version__ = "0.1.0"
