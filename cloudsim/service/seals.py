"""The carrier's seal custody ledger: its seals in SQLite, each change a logged ``seal`` event.

A seal is taken from the carrier's stock and *issued* to a trailer for a trip, *applied* by the
driver (the number the driver app read back and a photo; a number that is not the one issued
raises ``seal_mismatch``), *checked* at border crossings and terminals, *removed* when the lock
is unlocked (under a valid unlock authorisation or not), *tampered* when the lock reports a cut
fiber or a forced shackle, and *replaced* at terminal maintenance. Each change is logged like
every event (hash-chained), and the ``seals`` table holds each seal as it stands now; the
``seal_log`` table indexes each seal's events by number (``GET /seals/{number}``).

Two things are not custody and have no event: the stock (seals bought in numbered batches,
topped up when low) and the seals fitted when the fleet was built, which are in the ledger as
applied before the log began (a 10,000-trailer fleet does not start with 10,000 events).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

from cloudsim.db import Database
from cloudsim.devices import (
    FIRST_STOCK_SEAL,
    SEAL_MANUFACTURER,
    FleetDefinition,
    seal_number,
)
from cloudsim.service.core import ApiError, Principal, ServiceCore
from opticallock.protocol import (
    AlarmType,
    Lock,
    Seal,
    SealAction,
    SealClass,
    SealCustody,
    SealEvent,
    SealState,
    UnlockRequest,
    event_adapter,
)

log = logging.getLogger(__name__)

#: The OpticalLock fiber seal is a high-security seal (ISO 17712 class H).
SEAL_CLASS = SealClass.HIGH_SECURITY
#: Seals on a lock: issued for its trip but not yet fitted, and fitted.
ISSUED_STATES = (SealState.ISSUED,)
FITTED_STATES = (SealState.APPLIED, SealState.TAMPERED)
#: The next number the maker will print (meta key), shared by every carrier.
NEXT_SEAL_META = "seal_next"

_COLUMNS = ("number, iso_class, manufacturer, state, trailer_id, lock_id, trip_id, issued_at, "
            "applied_at, removed_at")


def _seal(row: Sequence[Any]) -> Seal:
    return Seal(number=row[0], iso_class=SealClass(row[1]), manufacturer=row[2],
                state=SealState(row[3]), trailer_id=row[4], lock_id=row[5], trip_id=row[6],
                issued_at=row[7], applied_at=row[8], removed_at=row[9])


class SealLedger(ServiceCore):
    """The seals of each carrier, and the ``seal`` events that change them."""

    def __init__(self, db: Database, definition: FleetDefinition,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__(db, definition, clock)
        #: Seals bought at once when a carrier's stock runs low (by carrier).
        self.stock_batch: dict[str, int] = {}
        for cf in self.definition.carriers:
            self.stock_batch[cf.carrier_id] = max(50, len(cf.trailers) // 20)
            self._seed_ledger(cf.carrier_id)

    # ------------------------------------------------------------------ stock

    def _seed_ledger(self, cid: str) -> None:
        """A carrier's first ledger: the seals its locks carry, applied before the log began
        (no events), and a first batch of stock. A ledger already there is left alone."""
        if self.db.one("SELECT 1 FROM seals WHERE carrier_id = ? LIMIT 1", (cid,)) is not None:
            return
        now = self.clock()
        rows = [(cid, lock.seal_id, SEAL_CLASS.value, SEAL_MANUFACTURER, SealState.APPLIED.value,
                 lock.trailer_id, lock.id, None, now, now, None)
                for lock in self.logs[cid].state.locks.values()]
        with self.db.transaction() as conn:
            conn.executemany(f"INSERT OR IGNORE INTO seals (carrier_id, {_COLUMNS}) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            self._buy_stock(cid)

    def _buy_stock(self, cid: str) -> None:
        """A batch of consecutively numbered seals into the carrier's stock."""
        first = int(self.db.get_meta(NEXT_SEAL_META) or FIRST_STOCK_SEAL)
        batch = self.stock_batch[cid]
        with self.db.transaction() as conn:
            conn.executemany(
                f"INSERT OR IGNORE INTO seals (carrier_id, {_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, NULL, NULL)",
                [(cid, seal_number(n), SEAL_CLASS.value, SEAL_MANUFACTURER,
                  SealState.IN_STOCK.value) for n in range(first, first + batch)])
            self.db.set_meta(NEXT_SEAL_META, str(first + batch))

    def _take_from_stock(self, cid: str) -> str:
        """The lowest number in stock (the stock is topped up first when it runs low)."""
        [(left,)] = self.db.all(
            "SELECT COUNT(*) FROM seals WHERE carrier_id = ? AND state = ?",
            (cid, SealState.IN_STOCK.value))
        if int(left) <= self.stock_batch[cid] // 4:
            self._buy_stock(cid)
        row = self.db.one(
            "SELECT number FROM seals WHERE carrier_id = ? AND state = ? ORDER BY number LIMIT 1",
            (cid, SealState.IN_STOCK.value))
        assert row is not None  # just bought
        return str(row[0])

    # ------------------------------------------------------------------ the ledger itself

    def _seal_on(self, cid: str, lock_id: str, states: Sequence[SealState]) -> Seal | None:
        """The seal in one of ``states`` on a lock (the latest issued, if ever several)."""
        marks = ",".join("?" for _ in states)
        row = self.db.one(
            f"SELECT {_COLUMNS} FROM seals WHERE carrier_id = ? AND lock_id = ? "
            f"AND state IN ({marks}) ORDER BY issued_at DESC, number DESC LIMIT 1",
            (cid, lock_id, *[s.value for s in states]))
        return None if row is None else _seal(row)

    def _log_seal(self, cid: str, action: SealAction, seal: Seal, lock: Lock, ts: float,
                  actor: str, **fields: Any) -> SealEvent:
        """Log a link of ``seal``'s custody chain (``seal`` as it stands after it) and keep the
        ledger's row and index in the same transaction."""
        trailer = self.logs[cid].state.trailers.get(lock.trailer_id)
        trip = None if trailer is None else trailer.trip
        fields.setdefault("geofence_id", lock.geofence_id)
        fields.setdefault("position", lock.position)
        event = SealEvent(seq=1, ts=ts, action=action, seal=seal, trailer_id=lock.trailer_id,
                          lock_id=lock.id, trip_id=seal.trip_id or (trip.id if trip else None),
                          actor=actor[:120], **fields)
        with self.db.transaction() as conn:
            self.emit(cid, event)
            conn.execute(
                f"INSERT INTO seals (carrier_id, {_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                "?, ?, ?) ON CONFLICT(carrier_id, number) DO UPDATE SET state = excluded.state, "
                "trailer_id = excluded.trailer_id, lock_id = excluded.lock_id, "
                "trip_id = excluded.trip_id, issued_at = excluded.issued_at, "
                "applied_at = excluded.applied_at, removed_at = excluded.removed_at",
                (cid, seal.number, seal.iso_class.value, seal.manufacturer, seal.state.value,
                 seal.trailer_id, seal.lock_id, seal.trip_id, seal.issued_at, seal.applied_at,
                 seal.removed_at))
            conn.execute("INSERT OR IGNORE INTO seal_log (carrier_id, number, seq) "
                         "VALUES (?, ?, ?)", (cid, seal.number, event.seq))
        return event

    def _driver_actor(self, cid: str, lock: Lock) -> str:
        trailer = self.logs[cid].state.trailers.get(lock.trailer_id)
        driver_id = None if trailer is None else trailer.driver_id
        return f"driver:{driver_id}" if driver_id else "driver_app"

    def _issue(self, cid: str, lock: Lock, ts: float, trip_id: str | None, actor: str) -> Seal:
        number = self._take_from_stock(cid)
        seal = Seal(number=number, iso_class=SEAL_CLASS, manufacturer=SEAL_MANUFACTURER,
                    state=SealState.ISSUED, trailer_id=lock.trailer_id, lock_id=lock.id,
                    trip_id=trip_id, issued_at=ts)
        self._log_seal(cid, SealAction.ISSUED, seal, lock, ts, actor)
        return seal

    def _apply(self, cid: str, seal: Seal, lock: Lock, ts: float, actor: str, read_back: str,
               photo_ref: str) -> None:
        applied = seal.model_copy(update={"state": SealState.APPLIED, "applied_at": ts})
        self._log_seal(cid, SealAction.APPLIED, applied, lock, ts, actor,
                       read_back=read_back[:32], photo_ref=photo_ref[:200])
        if read_back != seal.number:
            self._raise_alarm(cid, lock, AlarmType.SEAL_MISMATCH, ts,
                              f"Seal {seal.number} was issued, but the driver app read "
                              f"{read_back[:32]!r} off the seal it applied")

    # ------------------------------------------------------------------ DeviceSink

    def report_seal_issue(self, lock_id: str, ts: float, trip_id: str | None) -> str | None:
        return self.issue_seal(lock_id, ts, trip_id)

    def issue_seal(self, lock_id: str, ts: float, trip_id: str | None) -> str | None:
        """Issue a seal from the lock's carrier's stock to it for ``trip_id``; its number."""
        ctx = self._lock_ctx(lock_id)
        if ctx is None:
            return None
        cid, lock = self._current(*ctx)
        with self.db.transaction():
            return self._issue(cid, lock, ts, trip_id, f"carrier:{cid}").number

    def report_seal_applied(self, lock_id: str, ts: float, read_back: str, photo_ref: str
                            ) -> None:
        ctx = self._lock_ctx(lock_id)
        if ctx is None:
            return
        cid, lock = self._current(*ctx)
        seal = self._seal_on(cid, lock_id, ISSUED_STATES)
        if seal is None:
            log.warning("lock %s applied a seal none was issued to it", lock_id)
            return
        self._apply(cid, seal, lock, ts, self._driver_actor(cid, lock), read_back, photo_ref)

    def report_seal_checked(self, lock_id: str, ts: float, actor: str, geofence_id: str | None
                            ) -> None:
        ctx = self._lock_ctx(lock_id)
        if ctx is None:
            return
        cid, lock = self._current(*ctx)
        seal = self._seal_on(cid, lock_id, FITTED_STATES)
        if seal is None:
            return  # nothing fitted to check (its removal is on record)
        note = "found tampered" if seal.state is SealState.TAMPERED else "intact"
        self._log_seal(cid, SealAction.CHECKED, seal, lock, ts, actor, note=note,
                       geofence_id=geofence_id or lock.geofence_id)

    def report_seal_replacement(self, lock_id: str, ts: float, actor: str,
                                geofence_id: str | None) -> str | None:
        ctx = self._lock_ctx(lock_id)
        if ctx is None:
            return None
        cid, lock = self._current(*ctx)
        old = self._seal_on(cid, lock_id, FITTED_STATES)
        if old is None:
            return None
        trailer = self.logs[cid].state.trailers.get(lock.trailer_id)
        trip_id = trailer.trip.id if trailer is not None and trailer.trip is not None else None
        with self.db.transaction():
            number = self._take_from_stock(cid)
            off = old.model_copy(update={"state": SealState.REMOVED, "removed_at": ts})
            note = "was tampered" if old.state is SealState.TAMPERED else ""
            self._log_seal(cid, SealAction.REPLACED, off, lock, ts, actor, replaced_by=number,
                           note=note, geofence_id=geofence_id or lock.geofence_id)
            new = self._issue(cid, lock, ts, trip_id, actor)
            assert new.number == number
            self._apply(cid, new, lock, ts, actor, number,
                        f"photo:{lock_id}/{int(ts)}")
        return number

    # ------------------------------------------------------------------ the cloud's rules

    def _seal_tampered(self, cid: str, lock: Lock, ts: float, what: str) -> None:
        """The lock reported a cut fiber or a forced shackle: its fitted seal is tampered."""
        seal = self._seal_on(cid, lock.id, (SealState.APPLIED,))
        if seal is None:
            return
        self._log_seal(cid, SealAction.TAMPERED,
                       seal.model_copy(update={"state": SealState.TAMPERED}), lock, ts,
                       f"lock:{lock.id}", note=what)

    def _seal_removed(self, cid: str, lock: Lock, ts: float, actor: str,
                      authorisation: UnlockRequest | None) -> None:
        """The lock was unlocked: the fitted seal is off, under ``authorisation`` or not."""
        seal = self._seal_on(cid, lock.id, FITTED_STATES)
        if seal is None:
            return
        who = self._driver_actor(cid, lock) if actor == "driver_app" else actor
        self._log_seal(cid, SealAction.REMOVED,
                       seal.model_copy(update={"state": SealState.REMOVED, "removed_at": ts}),
                       lock, ts, who, authorised=authorisation is not None,
                       authorisation_id=None if authorisation is None else authorisation.id)

    # ------------------------------------------------------------------ reading

    def seals(self, who: Principal, trailer_id: str | None, state: SealState | None,
              after: str | None, limit: int) -> list[Seal]:
        """The carrier's seals in number order (after ``after``), optionally of one trailer
        or in one state."""
        sql = f"SELECT {_COLUMNS} FROM seals WHERE carrier_id = ?"
        params: list[Any] = [who.carrier_id]
        if trailer_id is not None:
            sql += " AND trailer_id = ?"
            params.append(trailer_id)
        if state is not None:
            sql += " AND state = ?"
            params.append(state.value)
        if after is not None:
            sql += " AND number > ?"
            params.append(after)
        rows = self.db.all(sql + " ORDER BY number LIMIT ?", [*params, limit])
        return [_seal(r) for r in rows]

    def seal_custody(self, who: Principal, number: str) -> SealCustody:
        row = self.db.one(f"SELECT {_COLUMNS} FROM seals WHERE carrier_id = ? AND number = ?",
                          (who.carrier_id, number))
        if row is None:
            raise ApiError(404, "not_found", f"No seal {number!r} in your ledger.")
        bodies = self.db.all(
            "SELECT l.body FROM seal_log s JOIN log l ON l.carrier_id = s.carrier_id "
            "AND l.seq = s.seq WHERE s.carrier_id = ? AND s.number = ? AND l.body IS NOT NULL "
            "ORDER BY s.seq", (who.carrier_id, number))
        events = [event_adapter.validate_json(b[0]) for b in bodies]
        return SealCustody(seal=_seal(row),
                           events=[e for e in events if isinstance(e, SealEvent)])
