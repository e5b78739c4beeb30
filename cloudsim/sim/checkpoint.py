"""Checkpoint and restore: everything needed to continue the simulation later, bit for bit."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import numpy as np
import numpy.typing as npt

from cloudsim.sim.constants import CHECKPOINT_VERSION, INCIDENT_KINDS
from cloudsim.sim.unlock_asks import UnlockAsks


class Checkpoints(UnlockAsks):
    """Saving the simulator's state as JSON-serialisable data, and continuing from it."""

    _ARRAYS = (
        "_phase", "_timer", "_park_reason", "_route", "_corr", "_start_m", "_dir", "_length",
        "_progress", "_cruise", "_speed", "_drive_left", "_lock", "_relock_at", "_relock_actor",
        "_gps_ok", "_gps_until", "_drift", "_atten", "_atten_rate", "_atten_target",
        "_degrading", "_degraded_reported", "_cut", "_drain", "_last_sample_t", "_battery",
        "_last_fix_slot", "_last_sample_slot", "_app_online", "_app_flaky", "_app_next",
        "_last_reply", "_seal_state", "_mismatch_next",
    )
    #: Arrays added after checkpoint version 1 was first written: an older checkpoint without
    #: them keeps their fresh values.
    _LATER_ARRAYS = frozenset({"_last_reply", "_seal_state", "_mismatch_next"})

    def _fleet_fingerprint(self) -> str:
        text = "|".join(self.lock_ids) + "#" + "|".join(self.driver_ids)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def checkpoint(self) -> dict[str, Any]:
        """Everything needed to continue later, as plain JSON-serialisable data.

        Per-trailer arrays are stored as base64 of their little-endian bytes: exact (a restored
        simulator continues bit for bit) and ~4x smaller and faster than lists of floats, which
        matters at 10,000 trailers with a checkpoint every few seconds.
        """
        version, internal, gauss = self._rng.getstate()
        return {
            "version": CHECKPOINT_VERSION,
            "fleet": self._fleet_fingerprint(),
            "network": self._net.fingerprint,
            "t_sim": self._t_sim,
            "t_real": self._t_real,
            "announced": self._announced,
            "rng": [version, list(internal), gauss],
            "np_rng": self._np.bit_generator.state,
            "arrays": {name: _pack(getattr(self, name)) for name in self._ARRAYS},
            # Only a trip's times: its id, places and route follow from trip_count and _route.
            "trips": [None if t is None else [t.window_start, t.window_end, t.departed_at,
                                              t.arrived_at] for t in self._trips],
            "trip_count": list(self._trip_count),
            "seal_ids": list(self._seal_ids),
            "inbox": [dict(e) for e in self._inbox],
            "msg_seq": self._msg_seq,
            "queued": [[k, i] for k, i in self._queued],
            "queued_apps": [[d, on] for d, on in self._queued_apps],
            "incident_counts": dict(self.incident_counts),
            "next_incident": self._next_incident,
            **self._asks_state(),
        }

    def restore(self, state: dict[str, Any]) -> None:
        """Continue from a :meth:`checkpoint` of a simulator of the same fleet and roads."""
        if state.get("version") != CHECKPOINT_VERSION:
            raise ValueError(f"unsupported checkpoint version {state.get('version')!r}")
        if state["fleet"] != self._fleet_fingerprint():
            raise ValueError("checkpoint is of a different fleet")
        if state["network"] != self._net.fingerprint:
            raise ValueError("checkpoint is of a different road network")
        self._t_sim = float(state["t_sim"])
        self._t_real = float(state["t_real"])
        self._announced = bool(state["announced"])
        version, internal, gauss = state["rng"]
        self._rng.setstate((int(version), tuple(int(x) for x in internal), gauss))
        self._np.bit_generator.state = state["np_rng"]
        for name in self._ARRAYS:
            current = getattr(self, name)
            if name in self._LATER_ARRAYS and name not in state["arrays"]:
                continue
            values = _unpack(state["arrays"][name], current.dtype)
            if values.shape != current.shape:
                raise ValueError(f"checkpoint array {name} has the wrong shape")
            setattr(self, name, values)
        self._trip_count = [int(x) for x in state["trip_count"]]
        self._trips = [None if t is None else self._trip(i, *t)
                       for i, t in enumerate(state["trips"])]
        self._seal_ids = [str(x) for x in state["seal_ids"]]
        for i in range(len(self.lock_ids)):  # where each trailer is on its route says it
            self._reset_checks(i)
        self._inbox = [dict(e) for e in state["inbox"]]
        self._msg_seq = int(state["msg_seq"])
        self._queued = [(str(k), int(i)) for k, i in state["queued"]]
        self._queued_apps = [(int(d), bool(on)) for d, on in state["queued_apps"]]
        self.incident_counts = {k: int(state["incident_counts"].get(k, 0))
                                for k in INCIDENT_KINDS}
        self._next_incident = float(state["next_incident"])
        self._restore_asks(state)


def _pack(values: npt.NDArray[Any]) -> dict[str, Any]:
    dtype = values.dtype.newbyteorder("<")
    raw = values.astype(dtype, copy=False).tobytes()
    return {"dtype": dtype.str, "n": int(values.size), "b64": base64.b64encode(raw).decode()}


def _unpack(packed: dict[str, Any], dtype: np.dtype[Any]) -> npt.NDArray[Any]:
    raw = base64.b64decode(packed["b64"])
    values = np.frombuffer(raw, dtype=np.dtype(packed["dtype"])).astype(dtype)
    if values.size != int(packed["n"]):
        raise ValueError("checkpoint array is truncated")
    return values
