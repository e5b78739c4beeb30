"""F1: every keyboard shortcut of the main window, grouped by menu and searchable.

The list is collected from the window when it opens (its menus' actions, then any other action
or QShortcut with a key), never written down, so it cannot go out of date when a menu gains an
entry. Esc closes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class ShortcutEntry:
    """One shortcut as listed: the menu it is in, what it does, its keys, and its action (None
    for a QShortcut)."""

    group: str
    name: str
    keys: tuple[QKeySequence, ...]
    action: QAction | None
    shortcut: QShortcut | None = None

    @property
    def key_text(self) -> str:
        """The keys as the dispatcher's keyboard shows them ("Ctrl+Shift+D", "F8")."""
        return ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in self.keys)


def _plain(text: str) -> str:
    """A menu text without its mnemonic ampersands ("Link &diagnostics…" → "Link
    diagnostics…"; "Lock && seal" → "Lock & seal")."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def collect_shortcuts(window: QWidget) -> list[ShortcutEntry]:
    """Every action with a key in ``window``'s menus (grouped by top menu, in menu order), then
    the window's other actions and QShortcuts with a key ("Other")."""
    entries: list[ShortcutEntry] = []
    seen: set[int] = set()

    def walk(menu: QMenu, group: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), group)  # type: ignore[arg-type]
                continue
            if action.isSeparator() or id(action) in seen:
                continue
            keys = tuple(k for k in action.shortcuts() if not k.isEmpty())
            if keys:
                seen.add(id(action))
                entries.append(ShortcutEntry(group, _plain(action.text()), keys, action))

    for top in _menus(window):
        walk(top, _plain(top.title()))
    other = QCoreApplication.translate("ShortcutsOverlay", "Other")
    for action in window.findChildren(QAction):
        keys = tuple(k for k in action.shortcuts() if not k.isEmpty())
        if keys and id(action) not in seen and action.text():
            seen.add(id(action))
            entries.append(ShortcutEntry(other, _plain(action.text()), keys, action))
    for shortcut in window.findChildren(QShortcut):
        if shortcut.key().isEmpty() or not shortcut.isEnabled():
            continue
        name = shortcut.whatsThis() or shortcut.objectName() or "—"
        entries.append(ShortcutEntry(other, name, (shortcut.key(),), None, shortcut))
    return entries


def _menus(window: QWidget) -> list[QMenu]:
    from PySide6.QtWidgets import QMainWindow

    if isinstance(window, QMainWindow):
        return [a.menu() for a in window.menuBar().actions()  # type: ignore[misc]
                if isinstance(a.menu(), QMenu)]
    return []


class ShortcutsOverlay(QDialog):
    """The list of shortcuts, with a search field (the menu, the action or the key)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("shortcutsOverlay")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.entries = collect_shortcuts(window)
        layout = QVBoxLayout(self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Type to filter: an action, a menu or a key"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Filter shortcuts"))
        search_label = QLabel(self.tr("&Search:"), self)
        search_label.setBuddy(self.search)
        layout.addWidget(search_label)
        layout.addWidget(self.search)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Action"), self.tr("Keys")])
        self.tree.setRootIsDecorated(False)
        self.tree.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        layout.addWidget(self.tree, 1)
        self._groups: dict[str, QTreeWidgetItem] = {}
        for entry in self.entries:
            group = self._groups.get(entry.group)
            if group is None:
                group = QTreeWidgetItem(self.tree, [entry.group])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFirstColumnSpanned(True)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self._groups[entry.group] = group
            name = entry.name
            if entry.action is not None and not entry.action.isEnabled():
                name = self.tr("{name} (not available now)").format(name=name)
            item = QTreeWidgetItem(group, [name, entry.key_text])
            item.setData(0, Qt.ItemDataRole.UserRole, f"{entry.group} {entry.name} "
                                                      f"{entry.key_text}".casefold())
        self.tree.expandAll()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self.filter)
        self.resize(560, 620)

    @Slot(str)
    def filter(self, text: str) -> None:
        """Show only the shortcuts whose menu, name or keys contain every typed word."""
        words = text.casefold().split()
        for group in self._groups.values():
            shown = 0
            for i in range(group.childCount()):
                item = group.child(i)
                if item is None:
                    continue
                haystack = str(item.data(0, Qt.ItemDataRole.UserRole))
                hide = not all(w in haystack for w in words)
                item.setHidden(hide)
                shown += not hide
            group.setHidden(shown == 0)

    def _visible_items(self) -> list[QTreeWidgetItem]:
        items = []
        for group in self._groups.values():
            for i in range(group.childCount()):
                item = group.child(i)
                if item is not None and not item.isHidden() and not group.isHidden():
                    items.append(item)
        return items

    def visible_names(self) -> list[str]:
        """The names listed now (after the filter)."""
        return [item.text(0) for item in self._visible_items()]

    def visible_keys(self) -> list[str]:
        """The keys listed now (after the filter)."""
        return [item.text(1) for item in self._visible_items()]

    @classmethod
    def open_for(cls, window: QWidget) -> ShortcutsOverlay:
        """Open (or bring back) the overlay of ``window``, collected afresh."""
        for old in window.findChildren(cls):
            old.close()
            old.deleteLater()
        overlay = cls(window)
        overlay.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        overlay.show()
        overlay.search.setFocus()
        return overlay


__all__ = ["ShortcutEntry", "ShortcutsOverlay", "collect_shortcuts"]
