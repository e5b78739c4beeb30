"""The drivers' phone apps: going on and offline, receipts of dispatchers' messages (delivered,
read) and the drivers' replies, in their language and their situation's words."""

from __future__ import annotations

from typing import Any

import numpy as np

from cloudsim.sim.constants import (
    AWAITING_UNLOCK,
    DRIVING,
    HOUR,
    LOADING,
    MIN,
    PARKED,
    SHACKLE_OPEN,
    UNLOADING,
    UNLOCKED,
    WAITING,
)
from cloudsim.sim.state import SimState
from opticallock.protocol import DriverMessage, Language, MessageDirection

#: What drivers answer a dispatcher, by language and by the situation they are in.
_REPLIES: dict[Language, dict[str, tuple[str, ...]]] = {
    Language.EN: {
        "cut": ("Seal is cut!! Calling it in", "Just checked, the fiber seal is broken. "
                "Waiting for police"),
        "forced": ("Lock was forced, doors were opened. Calling 911",
                   "Somebody broke the lock, part of the load looks gone"),
        "unlocked": ("Sorry, opened it for an inspection, closing now",
                     "Officer asked to see the load, locking it again"),
        "site": ("At the dock now, unloading", "In the yard, waiting to be loaded"),
        "parked": ("Seal looks intact, stopped at the Flying J",
                   "All good here, taking my break at the Love's",
                   "Checked the lock, it's closed and the seal light is green"),
        "driving": ("Driving, will check at the next stop", "On the road, seal light is green",
                    "Copy that, pulling over at the next exit to check"),
    },
    Language.ES: {
        "cut": ("¡El sello está cortado! Ya aviso", "Revisé y la fibra está rota, "
                "espero a la policía"),
        "forced": ("Forzaron el candado, abrieron las puertas",
                   "Alguien rompió el candado, falta parte de la carga"),
        "unlocked": ("Perdón, lo abrí para una revisión, ya lo cierro",
                     "Aduana pidió ver la carga, ya lo vuelvo a cerrar"),
        "site": ("Ya estoy en el andén, descargando", "En el patio, esperando carga"),
        "parked": ("Sello intacto, estoy en la caseta", "Todo bien, descansando en el parador",
                   "Revisé el candado, está cerrado y el sello bien"),
        "driving": ("Voy manejando, reviso en la próxima parada", "En camino, el sello se ve bien",
                    "Enterado, me orillo en la siguiente salida para revisar"),
    },
}

#: Every reply text, numbered (the simulator remembers each driver's last one by number).
_ALL_REPLIES: tuple[str, ...] = tuple(
    text for by_situation in _REPLIES.values() for texts in by_situation.values()
    for text in texts)
_REPLY_NUMBER: dict[str, int] = {text: n for n, text in enumerate(_ALL_REPLIES)}


class DriverApps(SimState):
    """The simulated driver apps."""

    def _driver_apps(self, now: float) -> None:
        due = np.flatnonzero(self._app_flaky & (self._app_next <= self._t_sim))
        for d in due.tolist():
            self._switch_app(d, not bool(self._app_online[d]), now)

    def _switch_app(self, d: int, online: bool, now: float) -> None:
        if online:
            self._app_next[d] = self._t_sim + self._rng.expovariate(1 / (3 * HOUR))
            for entry in self._inbox:  # what waited for the phone arrives now
                if entry["driver"] == d and entry["waiting"]:
                    entry["waiting"] = False
                    entry["due"] = self._t_sim + self._rng.uniform(1.0, 5.0) * self.app_delay_scale
        else:
            self._app_next[d] = self._t_sim + self._rng.uniform(5.0, 30.0) * MIN
        if online == bool(self._app_online[d]):
            return
        self._app_online[d] = online
        self.sink.report_driver_app(self.driver_ids[d], now, online)

    def set_driver_app_online(self, driver_id: str, online: bool) -> None:
        """Switch a driver's phone app on or off at the next :meth:`step` (tests, demos).

        A forced-off app comes back by itself after 5-30 sim minutes, like a flaky one.
        """
        d = self._driver_index[driver_id]
        self._app_flaky[d] = True
        self._queued_apps.append((d, online))

    def on_dispatcher_message(self, msg: DriverMessage) -> None:
        """The driver's app receives a dispatcher's message (called by the cloud).

        Receipts follow in sim time: "delivered" 1-5 s later (once the app is online), "read"
        5-30 s after that, and with ``reply_probability`` (half the time by default) a reply in
        the driver's language 10-40 s later; every delay is multiplied by ``app_delay_scale``.
        """
        if msg.direction is not MessageDirection.TO_DRIVER:
            return
        d = self._driver_index.get(msg.driver_id)
        if d is None:
            return
        self._msg_seq += 1
        self._inbox.append({
            "seq": self._msg_seq, "id": msg.id, "driver": d, "stage": "delivered",
            "due": self._t_sim + self._rng.uniform(1.0, 5.0) * self.app_delay_scale,
            "waiting": False, "reply": self._rng.random() < self.reply_probability,
        })

    def _messages(self, now: float) -> None:
        if not self._inbox:
            return
        t = self._t_sim
        keep: list[dict[str, Any]] = []
        for entry in sorted(self._inbox, key=lambda e: (e["due"], e["seq"])):
            if entry["waiting"] or entry["due"] > t:
                keep.append(entry)
                continue
            d = int(entry["driver"])
            if not self._app_online[d]:
                entry["waiting"] = True
                keep.append(entry)
                continue
            stage = entry["stage"]
            if stage == "delivered":
                self.sink.report_message_status(entry["id"], now, "delivered")
                entry["stage"] = "read"
                entry["due"] = t + self._rng.uniform(5.0, 30.0) * self.app_delay_scale
                keep.append(entry)
            elif stage == "read":
                self.sink.report_message_status(entry["id"], now, "read")
                if entry["reply"]:
                    entry["stage"] = "reply"
                    entry["due"] = t + self._rng.uniform(10.0, 40.0) * self.app_delay_scale
                    keep.append(entry)
            else:
                self.sink.report_driver_reply(self.driver_ids[d], now, self._reply_text(d),
                                              entry["id"])
        keep.sort(key=lambda e: e["seq"])
        self._inbox = keep

    def _reply_text(self, d: int) -> str:
        i = self._driver_trailer[d]
        if i < 0:
            situation = "parked"
        elif self._cut[i]:
            situation = "cut"
        elif self._lock[i] == SHACKLE_OPEN:
            situation = "forced"
        elif self._lock[i] == UNLOCKED and self._phase[i] in (DRIVING, PARKED):
            situation = "unlocked"
        elif self._phase[i] in (UNLOADING, LOADING, WAITING, AWAITING_UNLOCK):
            situation = "site"
        elif self._phase[i] == PARKED:
            situation = "parked"
        else:
            situation = "driving"
        options = _REPLIES[self._languages[d]][situation]
        k = self._rng.randrange(len(options))  # one draw, as random.choice makes
        if options[k] == self._last_reply_text(d) and len(options) > 1:
            k = (k + 1) % len(options)  # people do not answer twice in the same words
        self._last_reply[d] = _REPLY_NUMBER[options[k]]
        return options[k]

    def _last_reply_text(self, d: int) -> str | None:
        n = int(self._last_reply[d])
        return _ALL_REPLIES[n] if n >= 0 else None
