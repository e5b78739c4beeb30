"""Widgets of the live fleet: the fleet table panel, the overview tiles, the trailer detail and
the map view."""
