"""The "Unlock requests" panel and its two dialogs: approve with a one-time code, or refuse.

The panel lists the open requests from :class:`~console.seal.models.UnlockRequestModel` (trailer,
driver, where, geofence — "outside any geofence" in warning colour —, planned destination,
reason, waiting since). **Approve…** opens :class:`ApproveDialog`: the geofence where the code is
valid (by default the one the trailer is in, else the trip's destination, as the cloud does)
and for how many minutes; once the cloud approved, the dialog shows the code large, for reading
out on the phone. **Refuse…** opens :class:`RefuseDialog`, which needs a reason. Decisions go
through the :class:`~console.seal.unlocks.UnlockDesk`; somebody else's decision first is said
in the dialog as the desk words it.

The dialogs are shown with ``open()``, never ``exec()``: a nested event loop would stall the
asyncio loop (qasync) that sends the decision.

Signals (UnlockPanel):
    trailerSelected(str): a request was activated (double-click): show its trailer.
    message(str, int): a line for the status bar (text, milliseconds).
    pendingChanged(int): how many requests wait for a decision, when it changes.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.fleet.store import FleetStore
from console.places import where_text
from console.seal.custody_labels import geofence_text, local_time
from console.seal.models import UnlockColumn, UnlockRequestModel, UnlockRole
from console.seal.unlocks import (
    DEFAULT_VALID_MINUTES,
    MAX_VALID_MINUTES,
    MIN_REASON_CHARS,
    MIN_VALID_MINUTES,
    DecisionError,
    UnlockDesk,
    default_geofence,
)
from console.tasks import spawn
from console.text import isolate
from opticallock.protocol import UnlockRequest, UnlockRequestState
from widgets.alarms.text import plain_label
from widgets.theme import set_style

ERROR_STYLE = "color: {p.error}; font-weight: bold;"
#: The widest a column of the requests' table grows to fit its contents (a long place is elided,
#: whole in its tooltip): eight columns share a bottom dock.
UNLOCK_COLUMN_PX = 220
#: The code's size on screen: read out on the phone, so big and spaced.
CODE_POINT_SIZE = 34


def spaced_code(code: str) -> str:
    """"493021" → "493 021": two groups of three are read out without losing one's place."""
    return f"{code[:3]} {code[3:]}" if len(code) == 6 else code


class RequestSummary(QGroupBox):
    """What the dispatcher decides on: trailer, driver, where, geofence, destination, reason,
    since when (so nobody approves the wrong trailer)."""

    def __init__(self, request: UnlockRequest, model: UnlockRequestModel,
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Unlock request"), parent)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rows = [
            (self.tr("Trailer"), isolate(request.trailer_id)),
            (self.tr("Driver"), model.driver_text(request)),
            (self.tr("Where"), where_text(request.position)),
            (self.tr("Geofence"), model.geofence_text(request)),
            (self.tr("Planned destination"), model.destination_text(request)),
            (self.tr("Reason"), isolate(request.reason) if request.reason else "—"),
            (self.tr("Asked at"), model.waiting_text(request)),
        ]
        self.fields: dict[str, QLabel] = {}
        for caption, text in rows:
            label = plain_label(text, self)
            self.fields[caption] = label
            form.addRow(caption + ":", label)
        if request.geofence_id is None:
            set_style(self.fields[self.tr("Geofence")], "color: {p.warning}; font-weight: bold;")


class ApproveDialog(QDialog):
    """Choose where and for how long, approve, then read the code out.

    Signals:
        approved(object): the cloud approved; the :class:`UnlockRequest` with its code.
    """

    approved = Signal(object)

    def __init__(self, request: UnlockRequest, model: UnlockRequestModel, desk: UnlockDesk,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("approveUnlockDialog")
        self.request = request
        self.desk = desk
        self.setWindowTitle(self.tr("Approve unlock — {trailer}").format(
            trailer=isolate(request.trailer_id)[:40]))
        self.result_request: UnlockRequest | None = None

        # Which trailer, above both pages: the code is read out for this one.
        self.summary = RequestSummary(request, model, self)
        # Page 1: the choices.
        choose = QWidget(self)
        column = QVBoxLayout(choose)
        column.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        self.geofence = QComboBox(choose)
        self.geofence.setObjectName("approveGeofence")
        fences = sorted(model.store.geofences.values(), key=lambda f: f.name.casefold())
        default = default_geofence(request)
        if default is None:
            self.geofence.addItem(self.tr("Choose a geofence…"), None)
        elif default not in model.store.geofences:
            self.geofence.addItem(geofence_text(default, model.store.geofences), default)
        for fence in fences:
            self.geofence.addItem(isolate(fence.name), fence.id)
        if default is not None:
            self.geofence.setCurrentIndex(self.geofence.findData(default))
        self.geofence.currentIndexChanged.connect(self._update_buttons)
        form.addRow(self.tr("Valid in:"), self.geofence)
        self.minutes = QSpinBox(choose)
        self.minutes.setObjectName("approveMinutes")
        self.minutes.setRange(MIN_VALID_MINUTES, MAX_VALID_MINUTES)
        self.minutes.setSingleStep(5)
        self.minutes.setValue(DEFAULT_VALID_MINUTES)
        self.minutes.setSuffix(" " + self.tr("min"))
        form.addRow(self.tr("Valid for:"), self.minutes)
        column.addLayout(form)
        hint = QLabel(self.tr("The driver's app receives the code; you may have to read it "
                              "out on the phone. It opens the lock once, inside the geofence, "
                              "within the time."), choose)
        hint.setWordWrap(True)
        set_style(hint, "color: palette(placeholder-text);")
        column.addWidget(hint)

        # Page 2: the code.
        done = QWidget(self)
        shown = QVBoxLayout(done)
        shown.setContentsMargins(0, 0, 0, 0)
        self.code_caption = QLabel(self.tr("One-time unlock code"), done)
        self.code_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label = QLabel("", done)
        self.code_label.setObjectName("unlockCode")
        self.code_label.setTextFormat(Qt.TextFormat.PlainText)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(CODE_POINT_SIZE)
        font.setBold(True)
        self.code_label.setFont(font)
        set_style(self.code_label, "padding: 12px; border: 2px solid {p.good}; "
                                   "border-radius: 6px; color: {p.good};")
        self.code_terms = plain_label("", done, selectable=False)
        self.code_terms.setAlignment(Qt.AlignmentFlag.AlignCenter)
        shown.addWidget(self.code_caption)
        shown.addWidget(self.code_label)
        shown.addWidget(self.code_terms)
        shown.addStretch(1)

        self.pages = QStackedWidget(self)
        self.pages.addWidget(choose)
        self.pages.addWidget(done)
        self.error = plain_label("", self, selectable=True)
        self.error.setObjectName("approveError")
        set_style(self.error, ERROR_STYLE)
        self.error.hide()
        self.buttons = QDialogButtonBox(self)
        self.approve_button = self.buttons.addButton(
            self.tr("Approve and give code"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.approve_button.setObjectName("approveButton")
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.hide()
        self.approve_button.clicked.connect(self._on_approve_clicked)
        self.cancel_button.clicked.connect(self.reject)
        self.close_button.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self._busy = False
        if request.state is UnlockRequestState.APPROVED and request.code:
            self.show_code(request)  # an approved request: show its code again
        self._update_buttons()

    def chosen_geofence(self) -> str | None:
        data = self.geofence.currentData()
        return data if isinstance(data, str) else None

    @Slot()
    def _update_buttons(self, *_args: object) -> None:
        self.approve_button.setEnabled(not self._busy and self.chosen_geofence() is not None
                                       and self.pages.currentIndex() == 0)

    @Slot()
    def _on_approve_clicked(self) -> None:
        spawn(self.approve(), "approving an unlock request")

    async def approve(self) -> bool:
        """Ask the cloud to approve with the choices made; show the code, or say why not."""
        geofence = self.chosen_geofence()
        if geofence is None or self._busy:
            return False
        self._busy = True
        self.error.hide()
        self.approve_button.setText(self.tr("Approving…"))
        self._update_buttons()
        try:
            answer = await self.desk.approve(self.request.id, self.minutes.value(), geofence)
        except (DecisionError, ValueError) as exc:
            self.error.setText(str(exc))
            self.error.show()
            if isinstance(exc, DecisionError) and exc.conflict:
                self.approve_button.hide()
                self.cancel_button.setText(self.tr("Close"))
            return False
        finally:
            self._busy = False
            self.approve_button.setText(self.tr("Approve and give code"))
            self._update_buttons()
        self.show_code(answer)
        self.approved.emit(answer)
        return True

    def show_code(self, request: UnlockRequest) -> None:
        self.result_request = request
        self.code_label.setText(spaced_code(request.code or "—"))
        where = geofence_text(request.valid_geofence_id, self.desk.store.geofences)
        self.code_terms.setText(self.tr(
            "Valid once, in {geofence}, until {clock}.\nRead it out digit by digit.").format(
            geofence=where, clock=local_time(request.valid_until)))
        self.pages.setCurrentIndex(1)
        self.approve_button.hide()
        self.cancel_button.hide()
        self.close_button.show()
        self.close_button.setDefault(True)
        self._update_buttons()


class RefuseDialog(QDialog):
    """Refuse with a reason (required; it goes on record and to the driver)."""

    refused = Signal(object)

    def __init__(self, request: UnlockRequest, model: UnlockRequestModel, desk: UnlockDesk,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("refuseUnlockDialog")
        self.request = request
        self.desk = desk
        self.setWindowTitle(self.tr("Refuse unlock — {trailer}").format(
            trailer=isolate(request.trailer_id)[:40]))
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("refuseReason")
        self.reason.setPlaceholderText(self.tr(
            "Why may the driver not unlock? (required, e.g. 'Not at the consignee: wait for "
            "the dispatcher's call')"))
        self.reason.setTabChangesFocus(True)
        self.reason.textChanged.connect(self._update_buttons)
        self.error = plain_label("", self)
        set_style(self.error, ERROR_STYLE)
        self.error.hide()
        self.buttons = QDialogButtonBox(self)
        self.refuse_button = self.buttons.addButton(self.tr("Refuse unlock"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.refuse_button.setObjectName("refuseButton")
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.refuse_button.clicked.connect(
            lambda: spawn(self.refuse(), "refusing an unlock request"))
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(RequestSummary(request, model, self))
        layout.addWidget(QLabel(self.tr("Reason:"), self))
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self._busy = False
        self._update_buttons()

    @Slot()
    def _update_buttons(self) -> None:
        self.refuse_button.setEnabled(
            not self._busy and len(self.reason.toPlainText().strip()) >= MIN_REASON_CHARS)

    async def refuse(self) -> bool:
        if self._busy:
            return False
        self._busy = True
        self._update_buttons()
        self.error.hide()
        try:
            answer = await self.desk.refuse(self.request.id, self.reason.toPlainText())
        except (DecisionError, ValueError) as exc:
            self.error.setText(str(exc))
            self.error.show()
            if isinstance(exc, DecisionError) and exc.conflict:
                self.refuse_button.hide()
                self.cancel_button.setText(self.tr("Close"))
            return False
        finally:
            self._busy = False
            self._update_buttons()
        self.refused.emit(answer)
        self.accept()
        return True


class UnlockPanel(QWidget):
    """The open unlock requests and the buttons to decide on them (see the module's notes)."""

    trailerSelected = Signal(str)
    message = Signal(str, int)
    pendingChanged = Signal(int)

    def __init__(self, store: FleetStore, parent: QWidget | None = None, *,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__(parent)
        self.setObjectName("unlockPanel")
        self.store = store
        self.desk: UnlockDesk | None = None
        self.model = UnlockRequestModel(store, clock, self)
        self.dialog: QDialog | None = None
        self._pending = -1

        self.count = QLabel("", self)
        self.count.setObjectName("unlockCount")
        self.approve_button = QPushButton(self.tr("Approve…"), self)
        self.approve_button.setObjectName("unlockApprove")
        self.approve_button.clicked.connect(self.open_approve)
        self.refuse_button = QPushButton(self.tr("Refuse…"), self)
        self.refuse_button.setObjectName("unlockRefuse")
        self.refuse_button.clicked.connect(self.open_refuse)
        bar = QHBoxLayout()
        bar.addWidget(self.count, 1)
        bar.addWidget(self.approve_button)
        bar.addWidget(self.refuse_button)

        self.table = QTableView(self)
        self.table.setObjectName("unlockTable")
        self.table.setAccessibleName(self.tr("Unlock requests"))
        self.table.setAccessibleDescription(self.tr(
            "Drivers' requests to unlock, waiting for a decision or decided: trailer, driver, "
            "place and time"))
        # Before the view's selection model hears of a removal (it moves the selection on).
        self._reselect: str | None = None
        self.model.rowsAboutToBeRemoved.connect(self._on_rows_about_to_be_removed)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setMaximumSectionSize(UNLOCK_COLUMN_PX)
        self.table.doubleClicked.connect(self._on_activated)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.model.rowsInserted.connect(self._on_rows_changed)
        self.model.rowsRemoved.connect(self._on_rows_changed)
        self.model.modelReset.connect(self._on_rows_changed)
        self.model.dataChanged.connect(self._update_buttons)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self._on_rows_changed()

    # ------------------------------------------------------------------ state from outside

    def set_desk(self, desk: UnlockDesk | None) -> None:
        """The signed-in dispatcher's unlock desk (None once signed out: nothing can be
        decided)."""
        self.desk = desk
        self._update_buttons()

    def selected_request(self) -> UnlockRequest | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.request_at(rows[0].row()) if rows else None

    def select_request(self, request_id: str) -> bool:
        row = self.model.row_of(request_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        return True

    # ------------------------------------------------------------------ dialogs

    @Slot()
    def open_approve(self) -> ApproveDialog | None:
        """Approve… (or, on an approved request, show its code again)."""
        request = self.selected_request()
        if request is None or self.desk is None:
            return None
        dialog = ApproveDialog(request, self.model, self.desk, self)
        dialog.approved.connect(lambda r: self.message.emit(self.tr(
            "Unlock of {trailer} approved: code {code}").format(
            trailer=isolate(r.trailer_id), code=spaced_code(r.code or "")), 15000))
        self._show(dialog)
        return dialog

    @Slot()
    def open_refuse(self) -> RefuseDialog | None:
        request = self.selected_request()
        if request is None or self.desk is None \
                or request.state is not UnlockRequestState.PENDING:
            return None
        dialog = RefuseDialog(request, self.model, self.desk, self)
        dialog.refused.connect(lambda r: self.message.emit(self.tr(
            "Unlock of {trailer} refused.").format(trailer=isolate(r.trailer_id)), 10000))
        self._show(dialog)
        return dialog

    def _show(self, dialog: QDialog) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        dialog.open()

    # ------------------------------------------------------------------ reacting

    @Slot(QModelIndex, int, int)
    def _on_rows_about_to_be_removed(self, _parent: QModelIndex, first: int, last: int) -> None:
        selected = self.selected_request()
        if selected is not None and first <= self.model.row_of(selected.id) <= last:
            self._reselect = selected.id  # a decision moves it: selected again once back

    @Slot()
    def _on_rows_changed(self, *_args: object) -> None:
        if self._reselect is not None and self.model.row_of(self._reselect) >= 0:
            self.select_request(self._reselect)
            self._reselect = None
        waiting = sum(1 for r in range(self.model.rowCount())
                      if self.model.data(self.model.index(r, 0), UnlockRole.STATE)
                      == UnlockRequestState.PENDING.value)
        approved = self.model.rowCount() - waiting
        self.count.setText(self.tr("{waiting} waiting for a decision · {approved} approved, "
                                   "not used yet").format(waiting=waiting, approved=approved)
                           if self.model.rowCount() else self.tr("No unlock requests."))
        set_style(self.count, "color: {p.warning}; font-weight: bold;" if waiting
                              else "")
        for column in UnlockColumn:
            self.table.resizeColumnToContents(column)
        self._update_buttons()
        if waiting != self._pending:
            self._pending = waiting
            self.pendingChanged.emit(waiting)

    @Slot()
    def _on_selection(self, _selected: QItemSelection | None = None,
                      _deselected: QItemSelection | None = None) -> None:
        self._update_buttons()

    @Slot()
    def _update_buttons(self, *_args: object) -> None:
        request = self.selected_request()
        can = self.desk is not None and request is not None
        approved = request is not None and request.state is UnlockRequestState.APPROVED
        self.approve_button.setText(self.tr("Show code…") if approved else self.tr("Approve…"))
        self.approve_button.setEnabled(can)
        self.refuse_button.setEnabled(can and not approved)

    @Slot(QModelIndex)
    def _on_activated(self, index: QModelIndex) -> None:
        trailer_id = index.data(UnlockRole.TRAILER_ID)
        if trailer_id:
            self.trailerSelected.emit(trailer_id)

    def pending_count(self) -> int:
        return sum(1 for r in range(self.model.rowCount())
                   if self.model.data(self.model.index(r, 0), UnlockRole.STATE)
                   == UnlockRequestState.PENDING.value)


__all__ = ["ApproveDialog", "RefuseDialog", "UnlockPanel", "spaced_code"]
