"""One driver's conversation: the thread (messages both ways, calls, with times and delivery
ticks), and a compose box with templates in the driver's language.

The view keeps no conversation of its own: it redraws from :meth:`Messenger.conversation`
whenever the messenger says the driver's conversation changed (a send, a tick, a reply from the
stream), and acts only through the messenger. A message the cloud has not accepted is shown as
"sending…" or, with the reason, as **not sent** with Retry and Discard: never as sent.

When opened from an alarm, the view is *linked* to it: a banner names the alarm, messages sent
from here carry its id (so they and the driver's replies join the alarm's audit trail), and each
line sent about an alarm says which.

Everything shown came over the network (names, messages, notes), so every label is plain text.

Signals:
    callRequested(str driver_id, str alarm_id): the Call button ("" when not linked to an alarm).
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from console.alarms.labels import PRIORITY_COLORS, alarm_label, priority_label
from console.contacts.labels import call_outcome_label, entry_status_label, language_name
from console.contacts.messaging import ConversationEntry, EntryStatus, Messenger
from console.contacts.templates import MessageTemplate, for_alarm
from console.text import elide_words, isolate
from opticallock.protocol import MAX_MESSAGE_CHARS, Alarm, Language
from widgets.alarms.text import clock_text, plain_label
from widgets.theme import ref, set_style

# Style sheet templates: {p.role} is the theme's colour (widgets/theme.py).
_BUBBLE_STYLE = {
    "out": "background: {p.bubble_out}; border: 1px solid {p.bubble_out_border};",
    "in": "background: {p.bubble_in}; border: 1px solid {p.bubble_in_border};",
    "call": "background: {p.bubble_call}; border: 1px solid {p.bubble_call_border};",
    "failed": "background: {p.bubble_failed}; border: 1px solid {p.error};",
}
_META_STYLE = "color: {p.muted}; font-size: 11px;"
_READ_STYLE = "color: {p.link}; font-size: 11px;"
_ERROR_STYLE = "color: {p.error}; font-size: 11px; font-weight: bold;"
_HINT_STYLE = "color: {p.hint};"
_OVER_STYLE = "color: {p.error}; font-weight: bold;"
#: A bubble takes at most this share of the thread's width, as chat apps do.
_BUBBLE_MAX_SHARE = 0.78


class MessageBubble(QFrame):
    """One line of the conversation. Failed ones carry Retry and Discard buttons."""

    def __init__(self, entry: ConversationEntry, *, driver_name: str,
                 linked_alarm: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entry = entry
        self.setObjectName(f"bubble_{entry.key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        kind = ("failed" if entry.status is EntryStatus.FAILED
                else "call" if entry.kind == "call" else "out" if entry.outgoing else "in")
        name = self.objectName().replace("{", "{{").replace("}", "}}")
        set_style(self, "QFrame#" + name + " {{ " + _BUBBLE_STYLE[kind]
                  + " border-radius: 8px; }}")
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Minimum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(9, 6, 9, 6)
        layout.setSpacing(2)

        if entry.kind == "call":
            self.title = plain_label(self.tr("☎ Call by {who}: {outcome}").format(
                who=isolate(entry.by) if entry.by else self.tr("dispatch"),
                outcome=call_outcome_label(entry.outcome or None)), self)
            self.title.setStyleSheet("font-weight: bold;")
            layout.addWidget(self.title)
        else:
            author = (isolate(driver_name) if not entry.outgoing
                      else isolate(entry.by) if entry.by else self.tr("dispatch"))
            self.title = plain_label(author, self, selectable=False)
            self.title.setStyleSheet("font-weight: bold; font-size: 11px;")
            layout.addWidget(self.title)
        self.text = plain_label(isolate(entry.text), self)
        self.text.setObjectName("bubbleText")
        self.text.setVisible(bool(entry.text))
        layout.addWidget(self.text)

        meta = [clock_text(entry.at)]
        status = entry_status_label(entry.status)
        if status:
            meta.append(status)
        if entry.alarm_id and entry.alarm_id != linked_alarm:
            # The banner names the linked alarm; only a different one needs saying here.
            meta.append(self.tr("about alarm {id}").format(id=isolate(entry.alarm_id)))
        self.meta = plain_label(" · ".join(meta), self, selectable=False)
        self.meta.setObjectName("bubbleMeta")
        set_style(self.meta, _READ_STYLE if entry.status is EntryStatus.READ else _META_STYLE)
        if entry.outgoing and entry.kind == "message":
            self.meta.setAlignment(Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.meta)

        self.retry_button: QPushButton | None = None
        self.discard_button: QPushButton | None = None
        self.error: QLabel | None = None
        if entry.status is EntryStatus.FAILED:
            self.error = plain_label(isolate(entry.error) if entry.error else self.tr("Not sent."),
                                     self)
            self.error.setObjectName("bubbleError")
            set_style(self.error, _ERROR_STYLE)
            layout.addWidget(self.error)
            row = QHBoxLayout()
            row.addStretch(1)
            self.discard_button = QPushButton(self.tr("Discard"), self)
            self.discard_button.setObjectName("discardButton")
            self.discard_button.setToolTip(self.tr("Remove it: it was never sent"))
            self.retry_button = QPushButton(self.tr("Retry"), self)
            self.retry_button.setObjectName("retryButton")
            self.retry_button.setToolTip(self.tr("Send it again (the cloud never sends it twice)"))
            row.addWidget(self.discard_button)
            row.addWidget(self.retry_button)
            layout.addLayout(row)

    def fit(self, max_width: int) -> None:
        """As wide as its longest line needs, up to ``max_width`` (word-wrapped labels would
        otherwise shrink to a narrow column)."""
        needed = 0
        labels: list[QLabel] = [self.title, self.text, self.meta]
        if self.error is not None:
            labels.append(self.error)
            needed = 200  # room for the Retry and Discard buttons
        for label in labels:
            if label is self.text and not self.entry.text:
                continue
            label.ensurePolished()  # the style sheet's bold font, before measuring
            metrics = label.fontMetrics()
            for line in label.text().splitlines() or [""]:
                needed = max(needed, metrics.horizontalAdvance(line))
        layout = self.layout()
        margins = layout.contentsMargins() if layout is not None else None
        extra = margins.left() + margins.right() if margins is not None else 0
        width = min(max_width, needed + extra + 8)
        self.setFixedWidth(width)
        if layout is not None and layout.hasHeightForWidth():
            # The height its wrapped text takes at that width: left to the layouts, a wrapping
            # label asks for the height it would need in a narrow column, and the thread grows
            # taller than its bubbles.
            self.setFixedHeight(layout.totalHeightForWidth(width))


class ConversationView(QWidget):
    callRequested = Signal(str, str)

    def __init__(self, messenger: Messenger, templates: list[MessageTemplate],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.messenger = messenger
        self.templates = templates
        self.driver_id: str | None = None
        self.alarm_id: str | None = None
        self.trailer_id: str | None = None
        self.bubbles: list[MessageBubble] = []
        #: The text last put in by a template, to tell whether the dispatcher has edited it.
        self._template_text: str | None = None
        self._ordered: list[MessageTemplate] = list(templates)

        # Header: who, how to reach them, and whether the app can receive a message now.
        self.header = QFrame(self)
        self.header.setObjectName("conversationHeader")
        self.header.setFrameShape(QFrame.Shape.StyledPanel)
        self.name = plain_label("", self.header)
        self.name.setObjectName("driverName")
        self.name.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.details = plain_label("", self.header)
        self.details.setObjectName("driverDetails")
        self.call_button = QPushButton(self.tr("☎ Call…"), self.header)
        self.call_button.setObjectName("callButton")
        self.call_button.setToolTip(self.tr("Call the driver through your phone or softphone, "
                                            "then record how it went"))
        self.call_button.clicked.connect(self._on_call)
        head = QHBoxLayout(self.header)
        head.setContentsMargins(8, 4, 8, 4)
        who = QVBoxLayout()
        who.addWidget(self.name)
        who.addWidget(self.details)
        head.addLayout(who, 1)
        head.addWidget(self.call_button, 0, Qt.AlignmentFlag.AlignTop)

        self.alarm_banner = plain_label("", self)
        self.alarm_banner.setObjectName("alarmLink")
        self.status = plain_label("", self)
        self.status.setObjectName("conversationStatus")
        self.reload_button = QPushButton(self.tr("Load again"), self)
        self.reload_button.setObjectName("reloadButton")
        self.reload_button.clicked.connect(self._load)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.reload_button)

        # The thread: bubbles at the bottom, newest last, like every phone.
        self.thread_box = QWidget(self)
        self.thread_box.setObjectName("thread")
        self.thread_layout = QVBoxLayout(self.thread_box)
        self.thread_layout.setContentsMargins(6, 6, 6, 6)
        self.thread_layout.setSpacing(6)
        self.thread_layout.addStretch(1)
        self.thread_scroll = QScrollArea(self)
        self.thread_scroll.setObjectName("threadScroll")
        self.thread_scroll.setWidgetResizable(True)
        self.thread_scroll.setWidget(self.thread_box)
        self.thread_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.empty = plain_label(self.tr("No messages or calls with this driver yet."),
                                 self.thread_box)
        self.empty.setObjectName("emptyThread")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_style(self.empty, _META_STYLE)
        self.thread_layout.addWidget(self.empty)

        # Compose: a template in the chosen language, editable; the limit always in sight.
        self.template_box = QComboBox(self)
        self.template_box.setObjectName("templatePicker")
        self.template_box.setToolTip(self.tr(
            "Start from a template: it fills in the trailer, the driver's name and where the "
            "trailer is; edit it freely. Ctrl+Z brings back what you had typed."))
        self.template_box.activated.connect(self._on_template)
        self.language_box = QComboBox(self)
        self.language_box.setObjectName("languagePicker")
        for lang in Language:
            self.language_box.addItem(language_name(lang), lang.value)
        self.language_box.setToolTip(
            self.tr("Language of the templates (the driver's by default)"))
        self.language_box.activated.connect(self._on_language)
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("composeText")
        self.editor.setPlaceholderText(self.tr("Write to the driver, or start from a template…"))
        self.editor.setTabChangesFocus(True)
        self.editor.setFixedHeight(84)
        self.editor.textChanged.connect(self._update_compose)
        self.counter = QLabel(self)
        self.counter.setObjectName("charCounter")
        self.counter.setTextFormat(Qt.TextFormat.PlainText)
        self.compose_hint = plain_label("", self)
        self.compose_hint.setObjectName("composeHint")
        set_style(self.compose_hint, _HINT_STYLE)
        self.send_button = QPushButton(self.tr("Send"), self)
        self.send_button.setObjectName("sendButton")
        self.send_button.setToolTip(self.tr("Send to the driver's app (Ctrl+Enter)"))
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.send)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self.editor)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.send)

        pick = QHBoxLayout()
        pick.addWidget(QLabel(self.tr("Template:"), self))
        pick.addWidget(self.template_box, 1)
        pick.addWidget(QLabel(self.tr("Language:"), self))
        pick.addWidget(self.language_box)
        bottom = QHBoxLayout()
        bottom.addWidget(self.compose_hint, 1)
        bottom.addWidget(self.counter)
        bottom.addWidget(self.send_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.header)
        layout.addWidget(self.alarm_banner)
        layout.addLayout(status_row)
        layout.addWidget(self.thread_scroll, 1)
        layout.addLayout(pick)
        layout.addWidget(self.editor)
        layout.addLayout(bottom)

        messenger.conversationChanged.connect(self.on_conversation_changed)
        messenger.loadFailed.connect(self.on_load_failed)
        messenger.store.driversChanged.connect(self.on_drivers_changed)
        self._set_status("")
        self._show_header()
        self._update_compose()

    # ------------------------------------------------------------------ what is shown

    def show_driver(self, driver_id: str, *, alarm_id: str | None = None,
                    trailer_id: str | None = None) -> None:
        """Show the conversation with ``driver_id``, linked to ``alarm_id`` if given (messages
        sent from here then carry it), and load it from the cloud if not done yet."""
        changed = driver_id != self.driver_id
        self.driver_id = driver_id
        self.alarm_id = alarm_id or None
        alarm = self.linked_alarm()
        self.trailer_id = trailer_id or (alarm.trailer_id if alarm else None)
        driver = self.messenger.driver(driver_id)
        if changed and driver is not None:
            index = self.language_box.findData(driver.language.value)
            self.language_box.setCurrentIndex(max(0, index))
        self._show_header()
        self._fill_templates()
        self._redraw()
        if not self.messenger.is_loaded(driver_id):
            self._load()

    def linked_alarm(self) -> Alarm | None:
        return self.messenger.alarm(self.alarm_id) if self.alarm_id else None

    @property
    def language(self) -> Language:
        return Language(self.language_box.currentData() or Language.EN.value)

    def _show_header(self) -> None:
        driver = self.messenger.driver(self.driver_id) if self.driver_id else None
        if driver is None:
            self.name.setText(isolate(self.driver_id) if self.driver_id else self.tr("No driver"))
            self.details.setText(self.tr("Not in this fleet.") if self.driver_id else "")
            self.call_button.setEnabled(False)
        else:
            self.name.setText(isolate(driver.name))
            app = (self.tr("driver app online") if driver.app_online
                   else self.tr("driver app OFFLINE"))
            trailer = (self.tr("trailer {id}").format(id=isolate(driver.trailer_id))
                       if driver.trailer_id
                       else self.tr("no trailer"))
            self.details.setText(" · ".join([isolate(driver.phone), language_name(driver.language),
                                             trailer, app]))
            self.call_button.setEnabled(True)
        alarm = self.linked_alarm()
        if self.alarm_id is None:
            self.alarm_banner.hide()
        else:
            if alarm is not None:
                what = self.tr("{priority} {alarm} on trailer {trailer}, raised {clock}").format(
                    priority=priority_label(alarm.priority), alarm=alarm_label(alarm),
                    trailer=isolate(alarm.trailer_id), clock=clock_text(alarm.raised_at))
                colour = ref(PRIORITY_COLORS.role(alarm.priority))
            else:
                what = self.tr("no longer in this console's alarms")
                colour = "palette(mid)"
            self.alarm_banner.setText(self.tr(
                "Linked to alarm {id}: {what}. Messages and calls from here go on its audit "
                "trail.").format(id=isolate(self.alarm_id), what=what))
            set_style(self.alarm_banner,
                      "QLabel#alarmLink {{ border: 1px solid palette(mid); border-left: 6px solid "
                      + colour + "; padding: 4px 6px; background: palette(base); }}")
            self.alarm_banner.show()
        self._update_compose()

    def _set_status(self, text: str, *, reload: bool = False) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))
        self.reload_button.setVisible(reload)

    # ------------------------------------------------------------------ the thread

    @Slot(str)
    def on_conversation_changed(self, driver_id: str) -> None:
        if driver_id == self.driver_id:
            if self.messenger.is_loaded(driver_id):
                self._set_status("")
            self._redraw()

    @Slot(str, str)
    def on_load_failed(self, driver_id: str, reason: str) -> None:
        if driver_id == self.driver_id:
            self._set_status(self.tr("The conversation could not be loaded: {reason}").format(
                reason=isolate(reason)), reload=True)

    @Slot(list)
    def on_drivers_changed(self, driver_ids: list[str]) -> None:
        if self.driver_id in driver_ids:
            self._show_header()

    @Slot()
    def _load(self) -> None:
        if self.driver_id is None:
            return
        self._set_status(self.tr("Loading the conversation…"))
        self.messenger.refresh(self.driver_id)

    def _redraw(self) -> None:
        bar = self.thread_scroll.verticalScrollBar()
        at_bottom = bar.value() >= bar.maximum() - 4
        for bubble in self.bubbles:
            self.thread_layout.removeWidget(bubble.parentWidget() or bubble)
            (bubble.parentWidget() or bubble).deleteLater()
        self.bubbles = []
        entries = self.messenger.conversation(self.driver_id) if self.driver_id else []
        driver = self.messenger.driver(self.driver_id) if self.driver_id else None
        name = driver.name if driver else self.tr("driver")
        width = max(220, int(self.thread_scroll.viewport().width() * _BUBBLE_MAX_SHARE))
        for entry in entries:
            bubble = MessageBubble(entry, driver_name=name, linked_alarm=self.alarm_id)
            bubble.fit(width)
            if bubble.retry_button is not None:
                bubble.retry_button.clicked.connect(partial(self._retry, entry.key))
            if bubble.discard_button is not None:
                bubble.discard_button.clicked.connect(partial(self._discard, entry.key))
            row = QWidget(self.thread_box)
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            if entry.outgoing and entry.kind == "message":
                line.addStretch(1)
                line.addWidget(bubble)
            elif entry.kind == "call":
                line.addStretch(1)
                line.addWidget(bubble)
                line.addStretch(1)
            else:
                line.addWidget(bubble)
                line.addStretch(1)
            self.thread_layout.insertWidget(self.thread_layout.count() - 1, row)
            self.bubbles.append(bubble)
        self.empty.setVisible(not entries and self.driver_id is not None
                              and self.messenger.is_loaded(self.driver_id))
        if at_bottom or not entries:
            # After the layout has placed the new bubbles, or the maximum is stale.
            QTimer.singleShot(0, self, self.scroll_to_bottom)

    @Slot()
    def scroll_to_bottom(self) -> None:
        bar = self.thread_scroll.verticalScrollBar()
        bar.setValue(bar.maximum())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        width = max(220, int(self.thread_scroll.viewport().width() * _BUBBLE_MAX_SHARE))
        for bubble in self.bubbles:
            bubble.fit(width)

    def bubble(self, key: str) -> MessageBubble | None:
        return next((b for b in self.bubbles if b.entry.key == key), None)

    def _retry(self, request_id: str, *_args: object) -> None:
        self.messenger.retry(request_id)

    def _discard(self, request_id: str, *_args: object) -> None:
        self.messenger.discard(request_id)

    # ------------------------------------------------------------------ compose

    def _fill_templates(self) -> None:
        alarm = self.linked_alarm()
        self._ordered = for_alarm(self.templates, alarm.type if alarm else None)
        suited = {t.template_id for t in self._ordered
                  if alarm is not None and alarm.type in t.alarm_types}
        self.template_box.clear()
        self.template_box.addItem(self.tr("— pick a template —"), None)
        for template in self._ordered:
            title = template.title(self.language)
            self.template_box.addItem(f"★ {title}" if template.template_id in suited else title,
                                      template.template_id)
        self.template_box.setCurrentIndex(0)

    @Slot(int)
    def _on_template(self, index: int) -> None:
        template_id = self.template_box.itemData(index)
        template = next((t for t in self.templates if t.template_id == template_id), None)
        if template is None or self.driver_id is None:
            return
        self.use_template(template)

    def use_template(self, template: MessageTemplate) -> None:
        """Put the template, filled in for this driver and trailer, in the compose box (the text
        typed before stays one Ctrl+Z away)."""
        assert self.driver_id is not None
        context = self.messenger.template_context(self.driver_id, self.language,
                                                  self.trailer_id)
        text = template.render(self.language, context)
        cursor = self.editor.textCursor()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)  # an edit, not setPlainText: keeps the undo history
        self.editor.setTextCursor(cursor)
        self._template_text = text
        self.editor.setFocus()

    @Slot(int)
    def _on_language(self, _index: int) -> None:
        current = self.template_box.currentData()
        unedited = self._template_text is not None \
            and self.editor.toPlainText() == self._template_text
        self._fill_templates()
        if current is not None:
            self.template_box.setCurrentIndex(max(0, self.template_box.findData(current)))
            if unedited:  # the same template, now in the other language
                template = next(t for t in self.templates if t.template_id == current)
                self.use_template(template)

    @Slot()
    def _update_compose(self) -> None:
        if not hasattr(self, "counter"):
            return
        text = self.editor.toPlainText()
        over = len(text) > MAX_MESSAGE_CHARS
        self.counter.setText(f"{len(text)} / {MAX_MESSAGE_CHARS}")
        set_style(self.counter, _OVER_STYLE if over else _META_STYLE)
        driver = self.messenger.driver(self.driver_id) if self.driver_id else None
        if over:
            hint = self.tr("{n} characters over the limit.").format(
                n=len(text) - MAX_MESSAGE_CHARS)
        elif driver is not None and not driver.app_online:
            hint = self.tr("The driver app is offline: a message cannot be delivered now. "
                           "Call instead.")
        elif self.messenger.client is None:
            hint = self.tr("Signed out: sign in to send.")
        else:
            hint = ""
        self.compose_hint.setText(hint)
        set_style(self.compose_hint, _OVER_STYLE if over else _HINT_STYLE)
        self.send_button.setEnabled(driver is not None and bool(text.strip()) and not over)

    @Slot()
    def send(self) -> None:
        """Send what is in the compose box (it shows in the thread as "sending…" at once)."""
        if self.driver_id is None or not self.send_button.isEnabled():
            return
        text = self.editor.toPlainText()
        try:
            self.messenger.send(self.driver_id, text, alarm_id=self.alarm_id,
                                trailer_id=self.trailer_id)
        except ValueError as exc:
            self.compose_hint.setText(str(exc))
            return
        self.editor.clear()
        self._template_text = None
        self.template_box.setCurrentIndex(0)
        self.scroll_to_bottom()

    @Slot()
    def _on_call(self) -> None:
        if self.driver_id is not None:
            self.callRequested.emit(self.driver_id, self.alarm_id or "")


class ConversationDialog(QDialog):
    """A conversation in its own window (not modal: the dispatcher keeps working the alarm).

    Shown with ``show()``/``open()``, never ``exec()``, which would stall the asyncio loop that
    sends the messages.
    """

    def __init__(self, messenger: Messenger, templates: list[MessageTemplate],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModal(False)
        self.setObjectName("conversationDialog")
        self.resize(520, 640)
        self.view = ConversationView(messenger, templates, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)

    def show_driver(self, driver_id: str, *, alarm_id: str | None = None,
                    trailer_id: str | None = None) -> None:
        self.view.show_driver(driver_id, alarm_id=alarm_id, trailer_id=trailer_id)
        driver = self.view.messenger.driver(driver_id)
        who = elide_words(isolate(driver.name if driver else driver_id))
        if alarm_id:
            title = self.tr("Conversation with {who} — alarm {id}").format(
                who=who, id=isolate(alarm_id))
        else:
            title = self.tr("Conversation with {who}").format(who=who)
        self.setWindowTitle(title)
