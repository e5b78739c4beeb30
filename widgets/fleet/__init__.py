"""Widgets of the live fleet: the map view."""
