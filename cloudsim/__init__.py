"""The OpticalLock reference cloud: REST + websocket server, durable event log, fleet simulator.

Never imports Qt. The console imports it only in main.py's embedded-default path and in tests.
"""
