"""Widgets of the link: sign-in."""
