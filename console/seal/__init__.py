"""The seal's fiber signal: the live series per lock."""
