"""Reports: the alarm audit PDF."""
