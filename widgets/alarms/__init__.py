"""Widgets of alarm handling: the alarm center, queue, panel, dialogs, escalation banner,
handover dialog, sound and tray attention."""
