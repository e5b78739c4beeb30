"""The REST API's routes, one router a concern, all under ``API_PREFIX``.

:func:`cloudsim.app.create_app` includes them in this order (the order of the OpenAPI
document's paths): session, fleet and log, history, alarms, contacts, places, simulator.
"""
