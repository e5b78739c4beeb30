"""Trip history: loading a trailer's track, events and fiber signal, its Qt models, track export."""
