"""The "Alarm policies and call lists…" dialog: the carrier's policies, edited and saved.

On the left the alarm types (their names in their priority's colour, marked ⚠ while something
in them needs fixing); on the right the chosen type's acknowledge-within time, its quiet-alarm
flag and its call list, edited in place, with what the cloud would refuse said next to the field.
Save is offered only while everything is valid; the version in force and who saved it are said
at the bottom. The working copy and the cloud are the
:class:`~console.alarms.policies.PoliciesEditor`'s; this view keeps no state of its own.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.alarms.labels import PRIORITY_COLORS, alarm_type_label, priority_label
from console.alarms.policies import (
    CallListColumn,
    CallListModel,
    PoliciesEditor,
    PolicyRole,
    PolicyTypesModel,
    ProblemField,
    policy_problems,
    version_text,
)
from console.fleet.store import FleetStore
from console.link.api import CloudApi
from opticallock.protocol import ALARM_PRIORITY, AlarmType
from widgets.alarms.text import plain_label
from widgets.theme import ref, set_style, themed

ModelIndex = QModelIndex | QPersistentModelIndex

ERROR_STYLE = "color: {p.error};"
NOTICE_STYLE = "color: {p.medium}; font-weight: bold;"
DONE_STYLE = "color: {p.good};"

#: The units the acknowledge-within time is typed in, in seconds.
_UNITS = (("s", 1), ("min", 60), ("h", 3600))


class ChoiceDelegate(QStyledItemDelegate):
    """Cells whose model offers choices (:attr:`PolicyRole.CHOICES`) are edited with a list."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: ModelIndex) -> QWidget:
        choices = index.data(PolicyRole.CHOICES)
        if not choices:
            return super().createEditor(parent, option, index)
        box = QComboBox(parent)
        for value, label in choices:
            box.addItem(label, value)
        box.activated.connect(lambda _i, b=box: self.commitData.emit(b))
        return box

    def setEditorData(self, editor: QWidget, index: ModelIndex) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: ModelIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)


class PoliciesDialog(QDialog):
    """The carrier's alarm policies and call lists (see the module's notes)."""

    def __init__(self, editor: PoliciesEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alarmPoliciesDialog")
        self.setWindowTitle(self.tr("Alarm policies and call lists"))
        self.editor = editor
        self.types_model = PolicyTypesModel(editor, self)
        self.calls_model = CallListModel(editor, self)
        self._showing = False

        # Left: the alarm types.
        self.types = QListView(self)
        self.types.setObjectName("policyTypes")
        self.types.setModel(self.types_model)
        self.types.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.types.setFixedWidth(250)
        self.types.setIconSize(QSize(14, 14))
        self.types.setSpacing(2)
        self.types.selectionModel().currentChanged.connect(self._on_type_chosen)

        # Right: the chosen type.
        self.heading = QLabel(self)
        self.heading.setObjectName("policyHeading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.priority = QLabel(self)
        self.priority.setTextFormat(Qt.TextFormat.PlainText)

        self.ack_value = QSpinBox(self)
        self.ack_value.setObjectName("ackWithinValue")
        self.ack_value.setRange(0, 9999)
        self.ack_unit = QComboBox(self)
        self.ack_unit.setObjectName("ackWithinUnit")
        for unit, seconds in _UNITS:
            self.ack_unit.addItem(self._unit_name(unit), seconds)
        self.ack_error = plain_label("", self, selectable=False)
        self.ack_error.setObjectName("ackWithinError")
        set_style(self.ack_error, ERROR_STYLE)
        self.ack_value.valueChanged.connect(self._on_ack_edited)
        self.ack_unit.currentIndexChanged.connect(self._on_ack_edited)
        ack_row = QHBoxLayout()
        ack_row.addWidget(QLabel(self.tr("Acknowledge within:"), self))
        ack_row.addWidget(self.ack_value)
        ack_row.addWidget(self.ack_unit)
        ack_row.addWidget(self.ack_error, 1)
        ack_hint = plain_label(self.tr("Not acknowledged by then, the alarm escalates and the "
                                       "call list below is walked."), self, selectable=False)
        set_style(ack_hint, "color: palette(placeholder-text);")

        self.covert = QCheckBox(self.tr("Quiet alarm (covert)"), self)
        self.covert.setObjectName("covert")
        self.covert.setToolTip(self.tr("The driver may be under duress: the console never "
                                       "suggests messaging the driver first, shows a discreet "
                                       "banner, and the plan calls security."))
        self.covert.toggled.connect(self._on_covert_toggled)

        calls_caption = QLabel(self.tr("Call list — reached in this order, each after its "
                                       "delay, while nobody has acknowledged:"), self)
        calls_caption.setWordWrap(True)
        self.calls = QTableView(self)
        self.calls.setObjectName("callList")
        self.calls.setModel(self.calls_model)
        self.calls.setItemDelegate(ChoiceDelegate(self.calls))
        self.calls.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.calls.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        triggers = QAbstractItemView.EditTrigger
        self.calls.setEditTriggers(triggers.DoubleClicked | triggers.SelectedClicked
                                   | triggers.EditKeyPressed | triggers.AnyKeyPressed)
        self.calls.verticalHeader().setDefaultSectionSize(26)
        header = self.calls.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(CallListColumn.NAME, QHeaderView.ResizeMode.Stretch)
        for column, width in ((CallListColumn.ROLE, 135), (CallListColumn.CHANNEL, 70),
                              (CallListColumn.ADDRESS, 200), (CallListColumn.DELAY, 85)):
            self.calls.setColumnWidth(column, width)
        self.calls.selectionModel().currentRowChanged.connect(self._update_entry_buttons)

        self.add_button = QPushButton(self.tr("Add"), self)
        self.add_button.setObjectName("addEntry")
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.setObjectName("removeEntry")
        self.up_button = QPushButton(self.tr("Move up"), self)
        self.up_button.setObjectName("moveEntryUp")
        self.down_button = QPushButton(self.tr("Move down"), self)
        self.down_button.setObjectName("moveEntryDown")
        self.add_button.clicked.connect(self.add_entry)
        self.remove_button.clicked.connect(self.remove_entry)
        self.up_button.clicked.connect(lambda: self.move_entry(-1))
        self.down_button.clicked.connect(lambda: self.move_entry(+1))
        entry_buttons = QVBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            entry_buttons.addWidget(button)
        entry_buttons.addStretch(1)
        table_row = QHBoxLayout()
        table_row.addWidget(self.calls, 1)
        table_row.addLayout(entry_buttons)
        self.calls_error = plain_label("", self, selectable=False)
        self.calls_error.setObjectName("callListError")
        set_style(self.calls_error, ERROR_STYLE)

        right = QVBoxLayout()
        title_row = QHBoxLayout()
        title_row.addWidget(self.heading)
        title_row.addWidget(self.priority)
        title_row.addStretch(1)
        right.addLayout(title_row)
        right.addLayout(ack_row)
        right.addWidget(ack_hint)
        right.addWidget(self.covert)
        right.addSpacing(6)
        right.addWidget(calls_caption)
        right.addLayout(table_row, 1)
        right.addWidget(self.calls_error)

        body = QHBoxLayout()
        body.addWidget(self.types)
        body.addLayout(right, 1)

        # Bottom: the version in force, what happened, and the buttons.
        self.version = plain_label("", self, wrap=False)
        self.version.setObjectName("policiesVersion")
        self.message = plain_label("", self)
        self.message.setObjectName("policiesMessage")
        self.message.hide()
        self.buttons = QDialogButtonBox(self)
        self.discard_button = self.buttons.addButton(
            self.tr("Discard my edits"), QDialogButtonBox.ButtonRole.ResetRole)
        self.discard_button.setObjectName("discardPolicies")
        self.save_button = self.buttons.addButton(
            self.tr("Save"), QDialogButtonBox.ButtonRole.ApplyRole)
        self.save_button.setObjectName("savePolicies")
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.discard_button.clicked.connect(self.discard)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.version, 1)
        bottom.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        self.resize(1100, 600)

        editor.loaded.connect(self._on_loaded)
        editor.edited.connect(self._on_edited)
        editor.busyChanged.connect(self._update_buttons)
        editor.saved.connect(self._on_saved)
        editor.conflict.connect(self._on_conflict)
        editor.newerVersion.connect(self._on_newer)
        editor.failed.connect(self._on_failed)
        self.types.setCurrentIndex(self.types_model.index(0))
        self._on_loaded()

    # ------------------------------------------------------------------ reading

    @property
    def alarm_type(self) -> AlarmType:
        return self.calls_model.alarm_type

    def _unit_name(self, unit: str) -> str:
        return {"s": self.tr("seconds"), "min": self.tr("minutes"), "h": self.tr("hours")}[unit]

    # ------------------------------------------------------------------ actions

    def choose_type(self, alarm_type: AlarmType) -> None:
        self.types.setCurrentIndex(self.types_model.index(self.types_model.row_of(alarm_type)))

    def set_ack_within(self, value: int, unit_seconds: int) -> None:
        """Type an acknowledge-within time (the spin box and its unit)."""
        self.ack_unit.setCurrentIndex(self.ack_unit.findData(unit_seconds))
        self.ack_value.setValue(value)

    @Slot()
    def add_entry(self) -> None:
        row = self.calls_model.add_entry()
        index = self.calls_model.index(row, CallListColumn.NAME)
        self.calls.setCurrentIndex(index)
        self.calls.edit(index)

    @Slot()
    def remove_entry(self) -> None:
        row = self.calls.currentIndex().row()
        if row >= 0:
            self.calls_model.remove_entry(row)
            self._update_entry_buttons()

    def move_entry(self, delta: int) -> None:
        current = self.calls.currentIndex()
        if not current.isValid():
            return
        row = self.calls_model.move_entry(current.row(), delta)
        self.calls.selectionModel().setCurrentIndex(
            self.calls_model.index(row, current.column()),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self._update_entry_buttons()

    @Slot()
    def save(self) -> None:
        self.calls.setFocus()  # commit a cell still being edited
        self._say("", "")
        self.editor.start_saving()

    @Slot()
    def discard(self) -> None:
        self.editor.discard()

    def done(self, result: int) -> None:
        self.editor.stop()
        super().done(result)

    # ------------------------------------------------------------------ showing

    @Slot()
    def _on_type_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        alarm_type = self.types_model.alarm_type_at(current.row())
        if alarm_type is None:
            return
        self.calls_model.set_alarm_type(alarm_type)
        self._show_type()

    def _show_type(self) -> None:
        alarm_type = self.alarm_type
        draft = self.editor.draft(alarm_type)
        self.heading.setText(alarm_type_label(alarm_type))
        priority = ALARM_PRIORITY.get(alarm_type)
        if priority is not None:
            self.priority.setText(priority_label(priority))
            set_style(self.priority,
                      "color: {p.surface}; background: " + ref(PRIORITY_COLORS.role(priority))
                      + "; padding: 1px 6px; border-radius: 3px; font-weight: bold;")
        self._showing = True
        try:
            seconds = round(draft.ack_within_s)
            unit = next(u for _n, u in reversed(_UNITS) if seconds % u == 0)
            self.ack_unit.setCurrentIndex(self.ack_unit.findData(unit))
            self.ack_value.setValue(min(seconds // unit, self.ack_value.maximum()))
            self.covert.setChecked(draft.covert)
        finally:
            self._showing = False
        self._on_edited()

    @Slot()
    def _on_ack_edited(self) -> None:
        if not self._showing:
            self.editor.set_ack_within(self.alarm_type,
                                       float(self.ack_value.value() * self.ack_unit.currentData()))

    @Slot(bool)
    def _on_covert_toggled(self, checked: bool) -> None:
        if not self._showing:
            self.editor.set_covert(self.alarm_type, checked)

    @Slot()
    def _on_loaded(self) -> None:
        self.version.setText(version_text(self.editor.base))
        self._show_type()

    @Slot()
    def _on_edited(self) -> None:
        problems = policy_problems(self.editor.draft(self.alarm_type))
        ack = [p.message for p in problems if p.field is ProblemField.ACK_WITHIN]
        self.ack_error.setText(ack[0] if ack else "")
        headers = {c: self.calls_model.headerData(c, Qt.Orientation.Horizontal)
                   for c in CallListColumn}
        lines = []
        for p in problems:
            if p.row is None and p.field is ProblemField.CALL_LIST:
                lines.append(p.message)
            elif p.row is not None:
                column = {ProblemField.NAME: CallListColumn.NAME,
                          ProblemField.ADDRESS: CallListColumn.ADDRESS,
                          ProblemField.DELAY: CallListColumn.DELAY}[p.field]
                lines.append(self.tr("Row {row}, {column}: {problem}").format(
                    row=p.row + 1, column=headers[column], problem=p.message))
        self.calls_error.setText("\n".join(lines))
        self.calls_error.setVisible(bool(lines))
        if self.editor.dirty and self.message.styleSheet() == themed(DONE_STYLE):
            self._say("", "")  # "Saved" is no longer true of what is shown
        self._update_buttons()

    @Slot()
    def _update_buttons(self, *_args: object) -> None:
        editor = self.editor
        self.save_button.setEnabled(editor.dirty and editor.can_save())
        self.save_button.setText(self.tr("Saving…") if editor.busy else self.tr("Save"))
        self.discard_button.setEnabled(editor.dirty and not editor.busy)
        self.version.setText(version_text(editor.base))
        self._update_entry_buttons()

    @Slot()
    def _update_entry_buttons(self, *_args: object) -> None:
        row = self.calls.currentIndex().row()
        count = self.calls_model.rowCount()
        self.remove_button.setEnabled(0 <= row < count)
        self.up_button.setEnabled(0 < row < count)
        self.down_button.setEnabled(0 <= row < count - 1)

    def _say(self, text: str, style: str) -> None:
        self.message.setText(text)
        set_style(self.message, style)
        self.message.setVisible(bool(text))

    @Slot(object)
    def _on_saved(self, policies: object) -> None:
        version = getattr(policies, "version", "?")
        self._say(self.tr("Saved as version {n}.").format(n=version), DONE_STYLE)

    @Slot(str)
    def _on_conflict(self, message: str) -> None:
        self._say(message, f"{ERROR_STYLE} font-weight: bold;")
        self._update_buttons()

    @Slot(str)
    def _on_newer(self, message: str) -> None:
        self._say(message, NOTICE_STYLE)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._say(message, f"{ERROR_STYLE} font-weight: bold;")


def open_policies_dialog(parent: QWidget, api: CloudApi, store: FleetStore) -> None:
    """Show the "Alarm policies and call lists…" dialog over ``parent`` (the one already open,
    raised, if there is one); it loads the cloud's version as it opens."""
    existing = parent.findChild(PoliciesDialog)
    if existing is not None and existing.isVisible():
        existing.raise_()
        existing.activateWindow()
        return
    editor = PoliciesEditor(store, api)
    dialog = PoliciesDialog(editor, parent)
    editor.setParent(dialog)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    editor.start_loading()


__all__ = ["ChoiceDelegate", "PoliciesDialog", "open_policies_dialog"]
