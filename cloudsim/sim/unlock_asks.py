"""The driver apps asking to unlock: at a delivery, and now and then where they should not (an
"inspection" at a rest stop). The trailer waits for the cloud's decision and never opens
without one: approved, the driver enters the one-time code a little later; refused, the trailer
stays sealed (a delivery leaves sealed, a rest stop ends); expired, the app asks again, up to
``UNLOCK_ASKS`` times, then the driver gives up and leaves sealed. A driver also gives up after
waiting ``DELIVERY_PATIENCE_S`` (``INSPECTION_PATIENCE_S``) of sim time whatever the cloud says,
so a world nobody answers (a benchmark's null sink) keeps moving.
"""

from __future__ import annotations

from typing import Any

from cloudsim.sim.constants import (
    AWAITING_UNLOCK,
    DRIVING,
    MIN,
    NEVER,
    PARKED,
    RELOCK_ACTORS,
    UNLOADING,
    UNLOCK_STOP,
    UNLOCKED,
)
from cloudsim.sim.state import SimState
from opticallock.protocol import UnlockRequest, UnlockRequestState

#: How many requests the app makes for one stop before the driver gives up.
UNLOCK_ASKS = 3
#: How long (sim seconds) a driver waits at a delivery, or at a rest stop, for a decision.
DELIVERY_PATIENCE_S = 3 * 3600.0
INSPECTION_PATIENCE_S = 3600.0


class UnlockAsks(SimState):
    """Unlock requests of the simulated driver apps, and what the drivers do with decisions."""

    def on_unlock_request(self, request: UnlockRequest) -> None:
        """The driver app hears how its request stands (called by the cloud on each decision,
        use or expiry); acted on at the next step, once the app is online."""
        self._unlock_updates.append((request.id, request.state.value, request.code))

    def unlock_now(self, lock_id: str, code: str | None = None) -> None:
        """Tests and demos: at the next step the driver opens the lock with ``code`` (say, one
        a dispatcher read out on the phone) or with none, wherever the trailer is."""
        self._queued_unlocks.append((self._lock_index[lock_id], code))

    def _ask_to_unlock(self, i: int, now: float, reason: str, attempt: int = 0) -> None:
        self._ask_count[i] += 1
        tid = self.trailer_ids[i]
        short = tid[3:] if tid.startswith("TR-") else tid
        request_id = f"UR-{short}-{self._ask_count[i]:04d}"
        self._asks[i] = {"id": request_id, "reason": reason, "n": attempt + 1, "code": None,
                         "use_at": NEVER}
        self.sink.report_unlock_request(self.lock_ids[i], now, request_id, reason)

    def _unlock_asks(self, now: float) -> None:
        """Decisions heard since the last step, codes due to be entered, queued openings."""
        if self._unlock_updates:
            self._hear_decisions(now)
        asks, t = self._asks, self._t_sim
        # Keys only: thousands of trailers may wait at once, and a tuple per ask per step would
        # only feed the garbage collector.
        for i in [i for i in asks if asks[i]["use_at"] <= t]:
            self._open_with(i, now, asks[i]["code"])
        queued, self._queued_unlocks = self._queued_unlocks, []
        for i, code in queued:
            self._open_with(i, now, code)

    def _hear_decisions(self, now: float) -> None:
        updates, self._unlock_updates = self._unlock_updates, []
        by_id = {ask["id"]: i for i, ask in self._asks.items()}
        t = self._t_sim
        for update in updates:
            request_id, state, code = update
            i = by_id.get(request_id)
            if i is None:
                continue  # a request this driver no longer waits on
            d = self._trailer_driver[i]
            if d >= 0 and not self._app_online[d]:
                self._unlock_updates.append(update)  # the phone hears it when back online
                continue
            ask = self._asks[i]
            if state == UnlockRequestState.APPROVED.value:
                ask["code"] = code
                ask["use_at"] = t + self._rng.uniform(20.0, 90.0) * self.app_delay_scale
            elif state == UnlockRequestState.EXPIRED.value and ask["n"] < UNLOCK_ASKS:
                self._ask_to_unlock(i, now, ask["reason"], ask["n"])
            elif state in (UnlockRequestState.REFUSED.value, UnlockRequestState.EXPIRED.value):
                self._give_up(i)

    def _give_up(self, i: int) -> None:
        """No unlock at this stop: the stop ends at once (a delivery leaves sealed)."""
        self._asks.pop(i, None)
        if self._phase[i] in (AWAITING_UNLOCK, PARKED):
            self._timer[i] = self._t_sim

    def _open_with(self, i: int, now: float, code: str | None) -> None:
        """The driver opens the lock (with ``code``, or none); the trailer stays open a while:
        a delivery is unloaded, anywhere else it is closed again after a few minutes."""
        ask = self._asks.pop(i, None)
        if self._lock[i] == UNLOCKED:
            return
        t = self._t_sim
        self._fix_now(i, now)
        self._report_lock(i, now, UNLOCKED, "driver_app", code)
        if self._phase[i] == AWAITING_UNLOCK:
            self._phase[i] = UNLOADING
            self._timer[i] = t + self._rng.uniform(20.0, 90.0) * MIN
            return
        if ask is None and self._phase[i] == DRIVING:
            self._park_for(i, UNLOCK_STOP, 0.0)
        if self._phase[i] == PARKED:
            self._relock_at[i] = t + self._rng.uniform(5.0, 20.0) * MIN
            self._relock_actor[i] = RELOCK_ACTORS.index("driver_app")
            self._timer[i] = self._relock_at[i] + 1.0

    def _asks_state(self) -> dict[str, Any]:
        return {
            "asks": [[i, dict(ask)] for i, ask in self._asks.items()],
            "ask_count": list(self._ask_count),
            "unlock_updates": [list(u) for u in self._unlock_updates],
            "queued_unlocks": [[i, code] for i, code in self._queued_unlocks],
        }

    def _restore_asks(self, state: dict[str, Any]) -> None:
        """From a checkpoint (one written before unlock requests existed has none)."""
        self._asks = {int(i): dict(ask) for i, ask in state.get("asks", [])}
        self._ask_count = [int(x) for x in state.get("ask_count", self._ask_count)]
        self._unlock_updates = [(str(r), str(s), None if c is None else str(c))
                                for r, s, c in state.get("unlock_updates", [])]
        self._queued_unlocks = [(int(i), None if c is None else str(c))
                                for i, c in state.get("queued_unlocks", [])]
