"""The live fleet: the store (socket -> store -> models), the fleet table model and its search
proxy, the collector policy for a large fleet."""
