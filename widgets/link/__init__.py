"""Widgets of the link: sign-in, the NOT LIVE banner and status-bar figures, the start-to-end
flow around the window, and the scripted demo run of --screenshot."""
