"""One record as the database holds it, read-only, in a window of its own: what the import wizard opens beside
itself on a double-click, with the values the sheet would change marked."""
from __future__ import annotations

from typing import Mapping

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget)

from reviewdesk import store
from reviewdesk.templates import artefact_for_code

from reviewdesk.desktop.window.record_editor import scrolling

PLANNED_STYLE = "background: #FFF2CC; padding: 2px;"
SHEET_COLOUR = "#006100"


class RecordView(QDialog):
    """Read-only and not modal: the window it was opened from stays usable beside it."""

    def __init__(self, code: str, *, lang: str, planned: Mapping[str, str] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.code, self.lang = code, lang
        self.planned = dict(planned or {})
        self.lookups = store.Lookups()
        record = store.get_record(code, self.lookups)  # NotFound: the caller says so
        art = artefact_for_code(code)
        self.setWindowTitle(f"{art.label(lang)} — {code}")
        when = record.get("updated_at")
        heading = QLabel(QCoreApplication.translate(
            "RecordEditor", "{artefact} · {code} · revision {revision}, last changed by {who} at {when}").format(
            artefact=art.label(lang), code=code, revision=record["revision"], who=record.get("updated_by") or "",
            when=f"{when:%Y-%m-%d %H:%M}" if when else ""))
        heading.setObjectName("heading")
        heading.setWordWrap(True)
        heading.setStyleSheet("font-size: 15px; font-weight: bold; padding: 2px 0 6px 0;")
        note = QLabel(self.tr("As the database holds it now, read only. Marked: what the sheet would change.")
                      if self.planned else self.tr("As the database holds it now, read only."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        form_widget = QWidget()
        form = QFormLayout(form_widget)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.shown: dict[str, QLabel] = {}
        for field in art.fields:
            label = QLabel(field.label(lang))
            label.setToolTip(field.hint(lang))
            text = self.lookups.display(field, record.get(field.key), lang)
            value = QLabel()
            value.setObjectName(f"value_{field.key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if field.key in self.planned:
                value.setTextFormat(Qt.TextFormat.RichText)
                value.setText(_html(text or "—") + f"<br><span style='color:{SHEET_COLOUR}; font-weight:bold;'>→ "
                              + _html(self.tr("Sheet: {value}").format(value=self.planned[field.key] or "—"))
                              + "</span>")
                value.setStyleSheet(PLANNED_STYLE)
                label.setStyleSheet("font-weight: bold;")
            else:
                value.setTextFormat(Qt.TextFormat.PlainText)
                value.setText(text)
            self.shown[field.key] = value
            form.addRow(label, value)
        scroll = scrolling(form_widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(note)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(480, 620)

    def place_beside(self, other: QWidget) -> None:
        """To the right of `other` where the screen has room, else over its right-hand part; on top either way."""
        frame = other.frameGeometry()
        screen = (other.screen() or self.screen()).availableGeometry()
        x = frame.right() + 8
        if x + self.width() > screen.right():
            x = max(screen.left(), screen.right() - self.width() - 8)
        y = min(max(frame.top(), screen.top()), max(screen.top(), screen.bottom() - self.height()))
        self.move(x, y)

    def bring_forward(self) -> None:
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")
