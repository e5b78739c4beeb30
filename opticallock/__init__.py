"""The OpticalLock domain, shared by the console and the reference cloud, with no Qt and no I/O:
the wire protocol, the fleet reducer, trailer statuses, trips, seal health, lock timelines and
the gazetteer. It imports neither the console nor cloudsim."""
