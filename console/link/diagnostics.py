"""What the link had to set aside, and what the dispatcher must be told about it.

Two records, kept for the window's diagnostics view and the notice bar:

* **Rejected events**: a logged event the console could not decode (an unknown type, a field
  out of range). It is skipped with its seq advanced, never retried, so one bad event cannot stop
  the stream; its seq, type, the reason and the raw text are kept here (and in the journal, so a
  restart does not trip over it again).
* **Notices**: things that changed what the dispatcher sees and that they must hear about in
  plain words: the cloud's log forked (the fleet was reloaded), a local file was damaged and set
  aside (what was kept, what was rebuilt), the server speaks another protocol.

Signals:
    noticeAdded(Notice): a new notice, newest last.
    eventRejected(RejectedEvent): an event was set aside.
"""

from __future__ import annotations

import enum
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

#: How many rejected events and notices are kept in memory (the journal keeps rejected ones).
KEEP = 500


class Severity(enum.IntEnum):
    INFO = 0
    WARNING = 1
    CRITICAL = 2


@dataclass(frozen=True)
class Notice:
    """One thing the dispatcher must be told; ``title`` and ``text`` are already translated."""

    at: float
    severity: Severity
    title: str
    text: str
    #: What it is about, for tests and de-duplication: "fork", "journal", "outbox", "protocol"…
    topic: str


@dataclass(frozen=True)
class RejectedEvent:
    """A logged event that could not be decoded, skipped with its seq advanced."""

    at: float
    seq: int | None
    type: str | None
    reason: str
    raw: str
    #: Where it came from: "stream", "backfill" or "journal".
    source: str


class Diagnostics(QObject):
    """The link's record of rejected events and notices (see the module docstring)."""

    noticeAdded = Signal(object)
    eventRejected = Signal(object)

    def __init__(self, clock: Callable[[], float] = time.time,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self.notices: deque[Notice] = deque(maxlen=KEEP)
        self.rejected: deque[RejectedEvent] = deque(maxlen=KEEP)
        #: Every rejected event counted, also those no longer kept in memory.
        self.rejected_total = 0

    def notify(self, severity: Severity, title: str, text: str, topic: str) -> Notice:
        notice = Notice(self._clock(), severity, title, text, topic)
        self.notices.append(notice)
        self.noticeAdded.emit(notice)
        return notice

    def reject(self, seq: int | None, etype: str | None, reason: str, raw: str,
               source: str) -> RejectedEvent:
        rejected = RejectedEvent(self._clock(), seq, etype, reason, raw, source)
        self.rejected.append(rejected)
        self.rejected_total += 1
        self.eventRejected.emit(rejected)
        return rejected


__all__ = ["KEEP", "Diagnostics", "Notice", "RejectedEvent", "Severity"]
