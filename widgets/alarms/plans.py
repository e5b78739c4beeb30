"""The "Action plans…" dialog: the carrier's checklists per alarm type, edited and saved.

On the left the alarm types, then the rule for quiet alarms (marked ⚠ while something in them
needs fixing); on the right the chosen plan's title, its steps (label, hint, and a new step's
id; a saved step keeps its id, it is on alarms' records), and for the quiet-alarm rule the steps
it leaves out. What the cloud would refuse is said next to the field; Save is offered only while
everything is valid; the version in force and who saved it are said at the bottom. The working
copy and the cloud are the :class:`~console.alarms.plans_editor.PlansEditor`'s; this view keeps
no state of its own.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSize, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.alarms.labels import PRIORITY_COLORS, priority_label
from console.alarms.plans_editor import (
    PlanKey,
    PlanListModel,
    PlansEditor,
    StepColumn,
    StepsModel,
    parse_driver_steps,
    plan_name,
    problem_text,
    version_text,
)
from console.fleet.store import FleetStore
from console.link.api import CloudApi
from opticallock.action_plans import PlanField
from opticallock.protocol import ALARM_PRIORITY, AlarmType
from widgets.alarms.text import plain_label
from widgets.theme import ref, set_style

ERROR_STYLE = "color: {p.error};"
NOTICE_STYLE = "color: {p.medium}; font-weight: bold;"
DONE_STYLE = "color: {p.good};"


class PlansDialog(QDialog):
    """The carrier's action plans (see the module's notes)."""

    def __init__(self, editor: PlansEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("actionPlansDialog")
        self.setWindowTitle(self.tr("Action plans"))
        self.editor = editor
        self.plans_model = PlanListModel(editor, self)
        self.steps_model = StepsModel(editor, self)
        self._showing = False

        # Left: the alarm types, then the quiet-alarm rule.
        self.plans = QListView(self)
        self.plans.setObjectName("planList")
        self.plans.setModel(self.plans_model)
        self.plans.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.plans.setFixedWidth(250)
        self.plans.setIconSize(QSize(14, 14))
        self.plans.setSpacing(2)
        self.plans.selectionModel().currentChanged.connect(self._on_plan_chosen)

        # Right: the chosen plan.
        self.heading = QLabel(self)
        self.heading.setObjectName("planHeading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.priority = QLabel(self)
        self.priority.setTextFormat(Qt.TextFormat.PlainText)

        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("planTitle")
        self.title_edit.setPlaceholderText(self.tr("What the checklist is headed with"))
        self.title_edit.textEdited.connect(self._on_title_edited)
        self.title_error = plain_label("", self, selectable=False)
        self.title_error.setObjectName("planTitleError")
        set_style(self.title_error, ERROR_STYLE)
        title_row = QHBoxLayout()
        title_row.addWidget(QLabel(self.tr("Title:"), self))
        title_row.addWidget(self.title_edit, 1)

        self.covert = QCheckBox(self.tr("Written for a quiet alarm (used as it is, the rule "
                                        "for quiet alarms is not applied)"), self)
        self.covert.setObjectName("planCovert")
        self.covert.toggled.connect(self._on_covert_toggled)

        self.driver_steps = QLineEdit(self)
        self.driver_steps.setObjectName("driverSteps")
        self.driver_steps.setPlaceholderText("call_driver, message_driver")
        self.driver_steps.textEdited.connect(self._on_driver_steps_edited)
        self.driver_steps_label = plain_label(
            self.tr("Left out of every plan for a quiet alarm (they contact the driver), by "
                    "step id:"), self, selectable=False)
        self.driver_steps_error = plain_label("", self, selectable=False)
        self.driver_steps_error.setObjectName("driverStepsError")
        set_style(self.driver_steps_error, ERROR_STYLE)

        self.steps_caption = plain_label("", self, selectable=False)
        self.steps = QTableView(self)
        self.steps.setObjectName("planSteps")
        self.steps.setModel(self.steps_model)
        self.steps.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.steps.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.steps.setWordWrap(False)
        triggers = QAbstractItemView.EditTrigger
        self.steps.setEditTriggers(triggers.DoubleClicked | triggers.SelectedClicked
                                   | triggers.EditKeyPressed | triggers.AnyKeyPressed)
        self.steps.verticalHeader().setDefaultSectionSize(26)
        header = self.steps.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(StepColumn.LABEL, QHeaderView.ResizeMode.Stretch)
        self.steps.setColumnWidth(StepColumn.ID, 200)
        # Hints are long: the chosen step's is edited in the box below, and shown on hover.
        self.steps.setColumnHidden(StepColumn.HINT, True)
        self.steps.selectionModel().currentRowChanged.connect(self._on_step_chosen)

        # The chosen step's hint, which can be long, in a box of its own.
        self.hint_label = plain_label(self.tr("Hint for the chosen step (shown on hover):"),
                                      self, selectable=False)
        self.hint_edit = QPlainTextEdit(self)
        self.hint_edit.setObjectName("stepHint")
        self.hint_edit.setTabChangesFocus(True)
        self.hint_edit.setFixedHeight(72)
        self.hint_edit.textChanged.connect(self._on_hint_edited)

        self.add_button = QPushButton(self.tr("Add step"), self)
        self.add_button.setObjectName("addStep")
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.setObjectName("removeStep")
        self.up_button = QPushButton(self.tr("Move up"), self)
        self.up_button.setObjectName("moveStepUp")
        self.down_button = QPushButton(self.tr("Move down"), self)
        self.down_button.setObjectName("moveStepDown")
        self.add_button.clicked.connect(self.add_step)
        self.remove_button.clicked.connect(self.remove_step)
        self.up_button.clicked.connect(lambda: self.move_step(-1))
        self.down_button.clicked.connect(lambda: self.move_step(+1))
        step_buttons = QVBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            step_buttons.addWidget(button)
        step_buttons.addStretch(1)
        table_row = QHBoxLayout()
        table_row.addWidget(self.steps, 1)
        table_row.addLayout(step_buttons)
        self.steps_error = plain_label("", self, selectable=False)
        self.steps_error.setObjectName("planStepsError")
        set_style(self.steps_error, ERROR_STYLE)

        right = QVBoxLayout()
        heading_row = QHBoxLayout()
        heading_row.addWidget(self.heading)
        heading_row.addWidget(self.priority)
        heading_row.addStretch(1)
        right.addLayout(heading_row)
        right.addLayout(title_row)
        right.addWidget(self.title_error)
        right.addWidget(self.covert)
        right.addWidget(self.driver_steps_label)
        right.addWidget(self.driver_steps)
        right.addWidget(self.driver_steps_error)
        right.addSpacing(6)
        right.addWidget(self.steps_caption)
        right.addLayout(table_row, 1)
        right.addWidget(self.steps_error)
        right.addWidget(self.hint_label)
        right.addWidget(self.hint_edit)

        body = QHBoxLayout()
        body.addWidget(self.plans)
        body.addLayout(right, 1)

        self.version = plain_label("", self, wrap=False)
        self.version.setObjectName("plansVersion")
        self.message = plain_label("", self)
        self.message.setObjectName("plansMessage")
        self.message.hide()
        self.buttons = QDialogButtonBox(self)
        self.discard_button = self.buttons.addButton(
            self.tr("Discard my edits"), QDialogButtonBox.ButtonRole.ResetRole)
        self.discard_button.setObjectName("discardPlans")
        self.save_button = self.buttons.addButton(
            self.tr("Save"), QDialogButtonBox.ButtonRole.ApplyRole)
        self.save_button.setObjectName("savePlans")
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
        self.resize(1150, 640)

        editor.loaded.connect(self._on_loaded)
        editor.edited.connect(self._on_edited)
        editor.busyChanged.connect(self._update_buttons)
        editor.saved.connect(self._on_saved)
        editor.conflict.connect(self._on_conflict)
        editor.newerVersion.connect(self._on_newer)
        editor.failed.connect(self._on_failed)
        self.plans.setCurrentIndex(self.plans_model.index(0))
        self._on_loaded()

    # ------------------------------------------------------------------ reading

    @property
    def key(self) -> PlanKey:
        """The plan shown: its alarm type, or None for the quiet-alarm rule."""
        return self.steps_model.key

    # ------------------------------------------------------------------ actions

    def choose(self, key: PlanKey) -> None:
        """Show ``key``'s plan (an alarm type; None: the quiet-alarm rule)."""
        self.plans.setCurrentIndex(self.plans_model.index(self.plans_model.row_of(key)))

    def type_title(self, text: str) -> None:
        """What typing a title does."""
        self.title_edit.setText(text)
        self._on_title_edited(text)

    def type_driver_steps(self, text: str) -> None:
        self.driver_steps.setText(text)
        self._on_driver_steps_edited(text)

    def type_cell(self, row: int, column: StepColumn, text: str) -> bool:
        """What a cell's editor does when it commits ``text`` (False: not editable)."""
        index = self.steps_model.index(row, column)
        if not self.steps_model.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        return self.steps_model.setData(index, text, Qt.ItemDataRole.EditRole)

    @Slot()
    def add_step(self) -> None:
        row = self.steps_model.add_step()
        index = self.steps_model.index(row, StepColumn.LABEL)
        self.steps.setCurrentIndex(index)
        self.steps.edit(index)

    @Slot()
    def remove_step(self) -> None:
        row = self.steps.currentIndex().row()
        if row >= 0:
            self.steps_model.remove_step(row)
            self._update_step_buttons()

    def move_step(self, delta: int) -> None:
        current = self.steps.currentIndex()
        if not current.isValid():
            return
        row = self.steps_model.move_step(current.row(), delta)
        self.steps.selectionModel().setCurrentIndex(
            self.steps_model.index(row, current.column()),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self._update_step_buttons()

    @Slot()
    def save(self) -> None:
        self.steps.setFocus()  # commit a cell still being edited
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
    def _on_plan_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not 0 <= current.row() < self.plans_model.rowCount():
            return
        self.steps_model.set_key(self.plans_model.key_at(current.row()))
        self._show_plan()
        self._on_step_chosen()

    def _show_plan(self) -> None:
        key = self.key
        self.heading.setText(plan_name(key))
        priority = ALARM_PRIORITY.get(key) if key is not None else None
        self.priority.setVisible(priority is not None)
        if priority is not None:
            self.priority.setText(priority_label(priority))
            set_style(self.priority,
                      "color: {p.surface}; background: " + ref(PRIORITY_COLORS.role(priority))
                      + "; padding: 1px 6px; border-radius: 3px; font-weight: bold;")
        is_rule = key is None
        self.covert.setVisible(not is_rule)
        for widget in (self.driver_steps_label, self.driver_steps):
            widget.setVisible(is_rule)
        self.steps_caption.setText(
            self.tr("Steps done first for every quiet alarm, before the plan's own:")
            if is_rule else self.tr("Steps, in the order the dispatcher works through them:"))
        self._showing = True
        try:
            self.title_edit.setText(self.editor.title(key))
            if isinstance(key, AlarmType):
                self.covert.setChecked(self.editor.draft(key).covert)
            rule = self.editor.covert_rule
            self.driver_steps.setText(", ".join(rule.driver_steps) if rule is not None else "")
        finally:
            self._showing = False
        self._on_edited()

    @Slot(str)
    def _on_title_edited(self, text: str) -> None:
        if not self._showing:
            self.editor.set_title(self.key, text)

    @Slot(bool)
    def _on_covert_toggled(self, checked: bool) -> None:
        key = self.key
        if not self._showing and isinstance(key, AlarmType):
            self.editor.set_plan_covert(key, checked)

    @Slot(str)
    def _on_driver_steps_edited(self, text: str) -> None:
        if not self._showing:
            self.editor.set_driver_steps(parse_driver_steps(text))

    @Slot()
    def _on_loaded(self) -> None:
        self.version.setText(version_text(self.editor.base))
        self._show_plan()
        self._on_step_chosen()

    @Slot()
    def _on_edited(self) -> None:
        problems = self.editor.problems_of(self.key)
        title = [p for p in problems if p.field is PlanField.TITLE]
        self.title_error.setText(problem_text(title[0]) if title else "")
        self.title_error.setVisible(bool(title))
        driver = [p for p in problems if p.field is PlanField.DRIVER_STEPS]
        self.driver_steps_error.setText(problem_text(driver[0]) if driver else "")
        self.driver_steps_error.setVisible(bool(driver) and self.key is None)
        lines = []
        for p in problems:
            if p.step is None and p.field in (PlanField.STEPS, PlanField.PLAN):
                lines.append(problem_text(p))
            elif p.step is not None:
                lines.append(self.tr("Step {row}: {problem}").format(
                    row=p.step + 1, problem=problem_text(p)))
        self.steps_error.setText("\n".join(lines))
        self.steps_error.setVisible(bool(lines))
        if self.editor.dirty and self.message.styleSheet() == DONE_STYLE:
            self._say("", "")  # "Saved" is no longer true of what is shown
        self._update_buttons()

    @Slot()
    def _update_buttons(self, *_args: object) -> None:
        editor = self.editor
        self.save_button.setEnabled(editor.dirty and editor.can_save())
        self.save_button.setText(self.tr("Saving…") if editor.busy else self.tr("Save"))
        self.discard_button.setEnabled(editor.dirty and not editor.busy)
        self.version.setText(version_text(editor.base))
        self._update_step_buttons()

    @Slot()
    def _on_step_chosen(self, *_args: object) -> None:
        row = self.steps.currentIndex().row()
        valid = 0 <= row < self.steps_model.rowCount()
        self._showing = True
        try:
            self.hint_edit.setPlainText(self.steps_model.steps[row].hint if valid else "")
        finally:
            self._showing = False
        self.hint_edit.setEnabled(valid)
        self._update_step_buttons()

    @Slot()
    def _on_hint_edited(self) -> None:
        row = self.steps.currentIndex().row()
        if not self._showing and 0 <= row < self.steps_model.rowCount():
            self.steps_model.setData(self.steps_model.index(row, StepColumn.HINT),
                                     self.hint_edit.toPlainText())

    @Slot()
    def _update_step_buttons(self, *_args: object) -> None:
        row = self.steps.currentIndex().row()
        count = self.steps_model.rowCount()
        self.remove_button.setEnabled(0 <= row < count)
        self.up_button.setEnabled(0 < row < count)
        self.down_button.setEnabled(0 <= row < count - 1)

    def _say(self, text: str, style: str) -> None:
        self.message.setText(text)
        set_style(self.message, style)
        self.message.setVisible(bool(text))

    @Slot(object)
    def _on_saved(self, plans: object) -> None:
        version = getattr(plans, "version", "?")
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


def open_plans_dialog(parent: QWidget, api: CloudApi, store: FleetStore) -> None:
    """Show the "Action plans…" dialog over ``parent`` (the one already open, raised, if there
    is one); it loads the cloud's version as it opens."""
    existing = parent.findChild(PlansDialog)
    if existing is not None and existing.isVisible():
        existing.raise_()
        existing.activateWindow()
        return
    editor = PlansEditor(store, api)
    dialog = PlansDialog(editor, parent)
    editor.setParent(dialog)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    editor.start_loading()


__all__ = ["PlansDialog", "open_plans_dialog"]
