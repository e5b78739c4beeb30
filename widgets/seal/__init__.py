"""Widgets of the seal: lock detail, fiber chart, event timeline."""
