"""A central station's discipline on alarms: who owns one, notes at any time, and the
dispatchers an alarm can be given to.

Ownership (``POST /alarms/{id}/owner``, each an ``alarm_owner`` event, once per
``request_id``):

* ``take``: the alarm is nobody's, or already the caller's; another dispatcher's alarm is 409
  ``owned_by_other`` (taking it is ``take_over``, said as such);
* ``release``: the caller's own alarm becomes nobody's (nobody's stays so; another
  dispatcher's is 409);
* ``assign`` to ``assignee``, a dispatcher of the same carrier (anyone else: 422
  ``unknown_user``), of an alarm that is nobody's or the caller's (another's: 409);
* ``take_over``: another dispatcher's alarm becomes the caller's, with ``previous`` naming
  whom it was taken from (an alarm nobody owns is simply taken).

A resolved alarm's owner does not change (409 ``already_resolved``). An owner whose sessions
have all ended (signed out, tokens expired) for ``owner_release_after_s`` loses the alarm:
``auto_release`` by ``"cloud"``, checked on the server's tick (:meth:`release_stale_owners`).
The time counts from the end of their last session, or from when they got the alarm if that
is later (an alarm assigned to a colleague who is not signed in waits for them that long).
"""

from __future__ import annotations

from cloudsim.service.alarm_actions import AlarmActions
from cloudsim.service.core import CLOUD, ApiError, Principal
from opticallock.protocol import (
    Alarm,
    AlarmNote,
    AlarmNoteEvent,
    AlarmOwnerEvent,
    NoteRequest,
    OwnerRequest,
    User,
)

#: A stale owner's alarm is released after this long without a valid session (seconds).
OWNER_RELEASE_AFTER_S = 300.0


class AlarmDiscipline(AlarmActions):
    """Owners and notes, each answering ``(status, Alarm JSON)``."""

    #: See :data:`OWNER_RELEASE_AFTER_S` (``CloudConfig.owner_release_after_s``).
    owner_release_after_s: float = OWNER_RELEASE_AFTER_S

    # ------------------------------------------------------------------ owners

    def set_owner(self, who: Principal, alarm_id: str, req: OwnerRequest) -> tuple[int, str]:
        return self._once(who, req.request_id, f"owner:{req.action}", alarm_id, 200,
                          lambda: self._set_owner(who, alarm_id, req))

    def _set_owner(self, who: Principal, alarm_id: str, req: OwnerRequest) -> Alarm:
        if (req.assignee is None) == (req.action == "assign"):
            problem = ("assign needs an assignee" if req.assignee is None
                       else f"{req.action} takes no assignee")
            raise ApiError(422, "invalid_request", f"body.assignee: {problem}.",
                           detail=[{"where": "body.assignee", "problem": problem}])
        alarm = self._open_for_update(who, alarm_id)
        me, owner = who.username, alarm.owner
        action = req.action
        new: str | None
        if action == "take":
            self._check_owner(who, alarm)
            new = me
        elif action == "release":
            self._check_owner(who, alarm)
            new = None
        elif action == "assign":
            self._check_owner(who, alarm)
            assignee = req.assignee or ""
            if assignee not in {u.username for u in self.dispatchers(who.carrier_id)}:
                raise ApiError(422, "unknown_user",
                               f"No dispatcher {assignee!r} at your carrier to assign it to.")
            new = assignee
        else:  # take_over: of another's alarm; of nobody's it is a take
            new = me
            if owner is None:
                action = "take"
        if new == owner:
            return alarm  # already so: nothing to log
        now = self.clock()
        self.emit(who.carrier_id, AlarmOwnerEvent(
            seq=1, ts=now, alarm_id=alarm_id, lock_id=alarm.lock_id, action=action, owner=new,
            previous=owner, by=me, at=now, request_id=req.request_id))
        return self._stored(who, alarm_id)

    def release_stale_owners(self) -> None:
        """Release the alarms whose owner has had no valid session for
        ``owner_release_after_s`` (the server calls this every tick: few alarms are owned)."""
        now = self.clock()
        for cid, clog in self.logs.items():
            ends: dict[str, float | None] = {}
            for alarm in list(clog.state.alarms.values()):
                owner = alarm.owner
                if owner is None:
                    continue
                if owner not in ends:
                    ends[owner] = self.session_ends_at(owner)
                ended = ends[owner]
                if ended is not None and ended > now:
                    continue  # signed in
                since = max(ended or 0.0, alarm.owned_at or 0.0)
                if now - since < self.owner_release_after_s:
                    continue
                self.emit(cid, AlarmOwnerEvent(
                    seq=1, ts=now, alarm_id=alarm.id, lock_id=alarm.lock_id,
                    action="auto_release", owner=None, previous=owner, by=CLOUD, at=now))
                self._store_alarm(clog.state.alarms[alarm.id])

    # ------------------------------------------------------------------ notes

    def add_note(self, who: Principal, alarm_id: str, req: NoteRequest) -> tuple[int, str]:
        """A note on an open or acknowledged alarm, by anyone of the carrier."""
        return self._once(who, req.request_id, "note", alarm_id, 200,
                          lambda: self._add_note(who, alarm_id, req))

    def _add_note(self, who: Principal, alarm_id: str, req: NoteRequest) -> Alarm:
        alarm = self._open_for_update(who, alarm_id)
        now = self.clock()
        self.emit(who.carrier_id, AlarmNoteEvent(
            seq=1, ts=now, alarm_id=alarm_id, lock_id=alarm.lock_id,
            note=AlarmNote(at=now, by=who.username, text=req.text), request_id=req.request_id))
        return self._stored(who, alarm_id)

    # ------------------------------------------------------------------ people

    def users(self, who: Principal) -> list[User]:
        """The dispatchers of the caller's carrier (to assign an alarm to)."""
        return self.dispatchers(who.carrier_id)

