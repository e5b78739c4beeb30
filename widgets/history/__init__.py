"""Widgets of trip history: the history view."""
