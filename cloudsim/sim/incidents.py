"""Incidents: fiber cuts, forced entries, unlocks outside geofences, low batteries, GPS
losses and dirty connectors, injected (tests, demos) or at random (Poisson in sim time)."""

from __future__ import annotations

import numpy as np

from cloudsim.sim.constants import (
    CUT_STOP,
    DRIVING,
    FORCED_STOP,
    HOUR,
    INCIDENT_KINDS,
    INCIDENT_WEIGHTS,
    LOADING,
    LOCKED,
    MIN,
    NEVER,
    PARKED,
    RELOCK_ACTORS,
    REST,
    SEAL_APPLIED,
    SEAL_ISSUED,
    SEAL_MISMATCH_RATE,
    SEAL_TAMPERED,
    SHACKLE_OPEN,
    UNLOCK_STOP,
    UNLOCKED,
    WAITING,
    B,
)
from cloudsim.sim.unlock_asks import INSPECTION_PATIENCE_S, UnlockAsks
from opticallock.protocol import TamperKind


class Incidents(UnlockAsks):
    """Making incidents happen to suitable trailers."""

    def inject_incident(self, kind: str, lock_id: str | None = None) -> str:
        """Make an incident happen at the next :meth:`step`; returns the lock it happens to.

        Kinds: ``INCIDENT_KINDS``. Without ``lock_id`` a suitable trailer is picked (on the road
        and locked for the tamper kinds), preferring the first carrier's fleet: that is where the
        default dispatcher account is, so a demo's injected incident is seen at once.

        ``seal_mismatch``: the trailer's driver fits the next seal it is issued and the app
        reads back another number (the next seal in the box). A trailer loading at a site is
        preferred: its loading ends at once, so the mismatch is at this step; any other trailer
        has it at its next departure.

        ``inspection_request``: a trailer on the road stops (outside every geofence, if one
        can be found) and its driver app asks to unlock "for an inspection"; it waits there
        for the decision.

        ``duress``: the driver of a trailer on the road enters the duress code in the app: a
        covert (quiet) alarm.
        """
        if kind not in INCIDENT_KINDS:
            raise ValueError(f"unknown incident kind {kind!r}; one of {', '.join(INCIDENT_KINDS)}")
        if lock_id is None:
            pending = {i for _, i in self._queued}
            picked = self._pick(kind, prefer_first=True, exclude=pending)
            if picked is None:
                raise LookupError(f"no trailer is in a state where {kind} can happen")
            i = picked
        else:
            if lock_id not in self._lock_index:
                raise KeyError(f"no lock {lock_id!r} in the simulated fleet")
            i = self._lock_index[lock_id]
        self._queued.append((kind, i))
        return self.lock_ids[i]

    def _candidates(self, kind: str) -> B:
        on_road: B = (self._phase == DRIVING) | ((self._phase == PARKED)
                                                 & (self._park_reason == REST))
        calm: B = on_road & (self._lock == LOCKED) & (self._relock_at >= NEVER)
        out: B
        if kind == "fiber_cut":
            out = calm & ~self._cut
        elif kind in ("forced_entry", "unlock_outside"):
            out = calm
        elif kind == "duress":
            out = on_road.copy()
        elif kind == "inspection_request":
            out = calm.copy()
            out[list(self._asks)] = False  # one request at a time
        elif kind == "battery_low":
            out = self._battery >= 20.0
        elif kind == "gps_loss":
            out = on_road & self._gps_ok
        elif kind == "seal_mismatch":
            out = ~self._mismatch_next
            ready = out & (self._phase == LOADING) & (self._seal_state == SEAL_ISSUED)
            if ready.any():
                out = ready
        else:  # fiber_degraded
            out = ~self._degrading & ~self._cut
        return out

    def _pick(self, kind: str, *, prefer_first: bool, exclude: set[int] | None = None
              ) -> int | None:
        mask = self._candidates(kind)
        if exclude:
            mask[sorted(exclude)] = False
        if prefer_first and (mask & self._first_carrier).any():
            mask &= self._first_carrier
        cands = np.flatnonzero(mask)
        if cands.size == 0:
            return None
        if kind not in ("unlock_outside", "inspection_request"):
            return int(cands[self._rng.randrange(cands.size)])
        # It should be an unlock *outside* every geofence: try a few random candidates.
        chosen = int(cands[0])
        for _ in range(20):
            chosen = int(cands[self._rng.randrange(cands.size)])
            lat, lon, _h = self._positions(np.array([chosen], dtype=np.int64))
            if self._fences.locate(float(lat[0]), float(lon[0])) is None:
                break
        return chosen

    def _random_incidents(self, now: float) -> None:
        while self._next_incident <= self._t_sim:
            self._next_incident = self._draw_next_incident_after(self._next_incident)
            kind = self._rng.choices(INCIDENT_KINDS, weights=INCIDENT_WEIGHTS)[0]
            i = self._pick(kind, prefer_first=False)
            if i is not None:
                self._apply_incident(kind, i, now)

    def set_incident_rate(self, per_trailer_hour: float) -> None:
        """Change the rate of random incidents from now on (the next one is drawn anew)."""
        if per_trailer_hour < 0:
            raise ValueError("the incident rate cannot be negative")
        self.incident_rate = float(per_trailer_hour)
        self.seal_mismatch_rate = SEAL_MISMATCH_RATE if per_trailer_hour > 0 else 0.0
        self._next_incident = self._draw_next_incident_after(self._t_sim)

    def _tamper_seal(self, i: int) -> None:
        if self._seal_state[i] == SEAL_APPLIED:
            self._seal_state[i] = SEAL_TAMPERED

    def _apply_incident(self, kind: str, i: int, now: float) -> None:
        rng = self._rng
        lid = self.lock_ids[i]
        sink = self.sink
        self.incident_counts[kind] += 1
        on_road = int(self._phase[i]) in (DRIVING, PARKED)
        if kind == "fiber_cut":
            # Thieves cut seals where trucks stand: the trailer is parked at a rest stop.
            self._park_for(i, CUT_STOP, rng.uniform(15.0, 40.0) * MIN)
            self._fix_now(i, now)
            self._cut[i] = True
            self._tamper_seal(i)
            level = self._level(i)
            sink.report_tamper(lid, now, TamperKind.FIBER_CUT, level)
            sink.report_sample(lid, now, level, round(float(self._battery[i]), 1))
        elif kind == "forced_entry":
            hold = rng.uniform(20.0, 60.0) * MIN
            self._park_for(i, FORCED_STOP, hold)
            self._fix_now(i, now)
            self._tamper_seal(i)
            sink.report_tamper(lid, now, TamperKind.FORCED_ENTRY, None)
            self._report_lock(i, now, SHACKLE_OPEN, "unknown")
            self._relock_at[i] = self._t_sim + hold
            self._relock_actor[i] = RELOCK_ACTORS.index("key")
        elif kind == "unlock_outside":
            hold = rng.uniform(5.0, 20.0) * MIN
            self._park_for(i, UNLOCK_STOP, hold)
            self._fix_now(i, now)
            self._report_lock(i, now, UNLOCKED, "driver_app")
            if on_road or self._phase[i] == WAITING:
                self._relock_at[i] = self._t_sim + hold
                self._relock_actor[i] = RELOCK_ACTORS.index("driver_app")
        elif kind == "inspection_request":
            # Stopped at a rest stop, the driver asks to open up "for an inspection": it waits
            # there for the decision (and never opens without one).
            self._park_for(i, UNLOCK_STOP, INSPECTION_PATIENCE_S)
            self._fix_now(i, now)
            self._ask_to_unlock(i, now, "inspection")
        elif kind == "duress":
            # The driver is stopped and made to sign in to the app: the code they enter is
            # the duress code. Nothing else changes (whoever is watching must not notice).
            self._fix_now(i, now)
            sink.report_duress(lid, now)
        elif kind == "battery_low":
            self._battery[i] = rng.uniform(8.0, 14.0)
            sink.report_sample(lid, now, self._level(i), round(float(self._battery[i]), 1))
        elif kind == "gps_loss":
            self._fix_now(i, now)  # the last good position before the outage
            self._gps_ok[i] = False
            self._gps_until[i] = self._t_sim + rng.uniform(2.0, 8.0) * MIN
            sink.report_gps(lid, now, False)
        elif kind == "seal_mismatch":
            self._mismatch_next[i] = True
            if self._phase[i] == LOADING and self._lock[i] != SHACKLE_OPEN:
                self._timer[i] = self._t_sim  # loading is done: the seal goes on now
        elif kind == "fiber_degraded":
            # A connector that has been getting dirtier unnoticed; it crosses the 3 dB line
            # within roughly 15-30 sim minutes.
            self._degrading[i] = True
            self._degraded_reported[i] = False
            self._atten[i] = max(float(self._atten[i]), 2.0)
            self._atten_target[i] = max(float(self._atten_target[i]), rng.uniform(4.0, 6.0))
            self._atten_rate[i] = rng.uniform(2.0, 4.0) / HOUR
