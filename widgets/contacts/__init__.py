"""Widgets for contacting drivers: contact center, driver directory, conversations, calls."""
