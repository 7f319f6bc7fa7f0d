"""The Qt widgets: they present and collect, the services decide."""

from hall_desk.ui import layout_items

layout_items.install()
