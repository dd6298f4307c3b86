"""The record editor, generated from templates/: a widget per field, live computed fields and validation."""
from __future__ import annotations

from html import escape
from typing import Any, ClassVar, Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QScrollArea, QSplitter, QVBoxLayout,
                               QWidget)

from reviewdesk import store
from reviewdesk.templates import ReviewDeskError, ValidationError, artefact, values

from reviewdesk.desktop.window import dialogs
from reviewdesk.desktop.window.action_rows import ActionRows
from reviewdesk.desktop.window.field_widgets import FieldInput, make_input

ERROR_STYLE = "color: #B00020;"



def scrolling(form_widget: QWidget) -> QScrollArea:
    """A record's form in a scroll area: the form keeps its natural height, spare room goes below it, not between
    its rows (the editor and the read-only record view)."""
    holder = QWidget()
    stack = QVBoxLayout(holder)
    stack.addWidget(form_widget)
    stack.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(holder)
    return scroll

class RecordEditor(QDialog):
    """Edit one record (or a new one); save() goes through store.create / store.update like the CLI.

    One editor per record: while one is open on a code, bring_forward(code) raises it instead of opening another.
    Closing it with typed changes (the Cancel button, Esc, the window's close button) asks first: save, discard or
    keep editing."""

    showing: ClassVar[dict[str, "RecordEditor"]] = {}  # code -> the editor open on that record
    other_change = Signal(object)  # a change saved from within the editor to another record (a target's reading)

    def __init__(self, art_key: str, record: Mapping[str, Any] | None = None, *, lang: str = "zh", who: str = "",
                 initial: Mapping[str, Any] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.art = artefact(art_key)
        self.record = dict(record) if record else None
        self.lang, self.who = lang, who
        self.lookups = store.Lookups()
        self.change: store.Change | None = None
        self.made: list[store.Change] = []  # the actions a meeting's save created with it
        self.action_rows: ActionRows | None = None
        self.inputs: dict[str, FieldInput] = {}
        self.computed: dict[str, QLabel] = {}
        self.errors: dict[str, QLabel] = {}
        title = self.record["code"] if self.record else self.tr("New record")
        self.setWindowTitle(f"{self.art.label(lang)} — {title}")
        self.side = self._make_side()
        self._lay_out(self._make_banner(), self._make_form(), self._make_heading(), self._make_buttons())
        self._fill(initial or {})
        self.resize(*((1240, 800) if self.side is not None else (620, 760)))
        self.revalidate()
        self.pristine = self.values()  # what the form held before anyone typed

    # --- the constructor's steps ---
    def _make_banner(self) -> QLabel:
        """The line above the form that says why a save was refused."""
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(ERROR_STYLE + "font-weight: bold;")
        self.banner.hide()
        return self.banner

    def _make_form(self) -> QWidget:
        """One row per declared field: an input with its error line, a computed value, or the pack scope."""
        form_widget = QWidget()
        form = QFormLayout(form_widget)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for field in self.art.fields:
            form.addRow(self._field_label(field), self._field_row(field))
        if self.art.key == "meeting":  # the actions its decisions ask for, created with it
            existing = store.count_records("action", {"meeting": [self.record["code"]]}) if self.record else 0
            self.action_rows = ActionRows(self.lookups, self.lang, existing)
            form.addRow(QLabel(self.tr("New actions")), self.action_rows)
            agenda = self.inputs["agenda"]
            agenda.changed.connect(lambda *_: self.action_rows.set_agenda(agenda.get()))
        return form_widget

    def _field_label(self, field) -> QLabel:
        label = QLabel(field.label(self.lang) + (" *" if field.required else ""))
        if field.required:
            label.setStyleSheet("font-weight: bold;")
        label.setToolTip(field.hint(self.lang))
        return label

    def _field_row(self, field) -> QWidget:
        if field.is_computed:
            shown = QLabel()
            shown.setObjectName(f"computed_{field.key}")
            shown.setToolTip(field.hint(self.lang))
            shown.setStyleSheet("color: #555; background: #F2F2F2; padding: 2px;")
            self.computed[field.key] = shown
            return shown
        made = make_input(field, self.lookups, self.lang)
        if made is None:  # the pack scope: shown here, set with `reviewdesk meeting scope`
            value = (self.record or {}).get(field.key)
            shown = QLabel(values.display(field, value, self.lang) if value else self.tr(
                "All open records; KPI readings of the last {days} days").format(days=artefact("reading").pack_default.days))
            shown.setWordWrap(True)
            shown.setToolTip(field.hint(self.lang))
            return shown
        made.widget.setObjectName(f"field_{field.key}")
        made.widget.setToolTip(field.hint(self.lang))
        self.inputs[field.key] = made
        error = QLabel()
        error.setObjectName(f"error_{field.key}")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        self.errors[field.key] = error
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(made.widget)
        column.addWidget(error)
        return box

    def _make_heading(self) -> QLabel:
        self.heading = QLabel(self._heading())
        self.heading.setObjectName("heading")
        self.heading.setStyleSheet("font-size: 15px; font-weight: bold; padding: 2px 0 6px 0;")
        return self.heading

    def _make_buttons(self) -> QDialogButtonBox:
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        return self.buttons

    def _make_side(self) -> QWidget | None:
        """Beside a saved target's form: its KPI tracking (chart, pilot before and after, readings)."""
        if self.art.key != "target" or self.record is None:
            return None
        from reviewdesk.desktop.window.target_progress import TargetProgressPanel  # it opens editors of readings

        panel = TargetProgressPanel(self.record["code"], lang=self.lang, who=self.who, parent=self)
        panel.reading_saved.connect(self._reading_saved)
        return panel

    def _lay_out(self, banner: QLabel, form: QWidget, heading: QLabel, buttons: QDialogButtonBox) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(banner)
        if self.side is None:
            layout.addWidget(scrolling(form), 1)
        else:
            split = QSplitter()
            split.addWidget(scrolling(form))
            split.addWidget(self.side)
            split.setSizes([540, 700])
            layout.addWidget(split, 1)
        layout.addWidget(buttons)

    def _reading_saved(self, change: store.Change) -> None:
        """A reading saved beside the form: the change passed on (the window's undo), the target's figures after it."""
        self.other_change.emit(change)
        self.follow_gathered()

    def gathered_from(self) -> set[str]:
        """The artefacts whose records this record's gathered fields are worked out from (a target: its readings)."""
        return {f.gathered.artefact for f in self.art.gathered_fields}

    def follow_gathered(self) -> None:
        """Records it gathers from changed (here, or saved by someone else): its gathered fields as the store now has
        them, and the panel beside the form redrawn; the revision a save checks stays the one opened."""
        if self.record is None:
            return
        try:
            fresh = store.get_record(self.record["code"], self.lookups)
        except ReviewDeskError:
            return  # deleted meanwhile: changed_elsewhere says so
        for field in self.art.gathered_fields:
            self.record[field.key] = fresh[field.key]
        self.revalidate()
        if self.side is not None:
            self.side.refresh()

    def _fill(self, initial: Mapping[str, Any]) -> None:
        """Put the record's values (a new record's defaults), or those `initial` gives, into the inputs."""
        start = self.record or {f.key: f.default for f in self.art.input_fields}
        for key, made in self.inputs.items():
            made.set(initial.get(key, start.get(key)))
            made.changed.connect(self.revalidate)
        if self.action_rows is not None:
            self.action_rows.set_agenda(self.inputs["agenda"].get())

    # --- one editor per record ---
    @classmethod
    def bring_forward(cls, code: str) -> bool:
        """Raise the editor open on this record, if there is one; False when none is."""
        editor = cls.showing.get(code)
        if editor is None or not editor.isVisible():
            return False
        if editor.isMinimized():
            editor.showNormal()
        editor.raise_()
        editor.activateWindow()
        return True

    def showEvent(self, event) -> None:
        if self.record is not None:
            RecordEditor.showing[self.record["code"]] = self
        super().showEvent(event)

    def hideEvent(self, event) -> None:
        if not event.spontaneous() and self.record is not None and RecordEditor.showing.get(self.record["code"]) is self:
            del RecordEditor.showing[self.record["code"]]
        super().hideEvent(event)

    # --- closing without saving ---
    def is_modified(self) -> bool:
        """Whether anything was typed since the editor opened."""
        return (any(not _same(value, self.pristine.get(key)) for key, value in self.values().items())
                or bool(self.action_rows and self.action_rows.get()))

    def reject(self) -> None:
        """Cancel, Esc or the close button: typed changes are not thrown away without asking."""
        if self.is_modified():
            question = (self.tr("{code} has changes that are not saved. Save them before closing?")
                        .format(code=self.record["code"]) if self.record is not None else
                        self.tr("The new record is not saved. Save it before closing?"))
            answer = dialogs.ask_discard(self, question)
            if answer == dialogs.SAVE:
                self.save()
                return
            if answer != dialogs.DISCARD:
                return  # keep editing
        super().reject()

    def _heading(self) -> str:
        if self.record is None:
            return f"{self.art.label(self.lang)} · {self.tr('New record')}"
        when = self.record.get("updated_at")
        return self.tr("{artefact} · {code} · revision {revision}, last changed by {who} at {when}").format(
            artefact=self.art.label(self.lang), code=self.record["code"], revision=self.record["revision"],
            who=self.record.get("updated_by") or "", when=f"{when:%Y-%m-%d %H:%M}" if when else "")

    # --- reading the form ---
    def values(self) -> dict[str, Any]:
        return {key: made.get() for key, made in self.inputs.items()}

    def given(self) -> dict[str, Any]:
        """What the store is asked to write: every field for a new record, only what changed for an old one."""
        current = self.values()
        if self.record is None:
            return current
        return {k: v for k, v in current.items() if not _same(v, self.record.get(k))}

    def revalidate(self) -> list[str]:
        """Recompute the computed fields and show each problem beside its field; returns the messages."""
        current = self.values()
        messages: dict[str, str] = {}
        try:
            record = store.validate(self.art, current, existing=self.record, lookups=self.lookups, lang=self.lang)
        except ValidationError as exc:
            record = {**(self.record or {}), **current}
            for e in exc.errors:
                messages.setdefault(e.field, e.message(self.lang))
        except ReviewDeskError as exc:
            record, messages[""] = current, exc.message(self.lang)
        for key, label in self.errors.items():
            label.setText(messages.get(key, ""))
            label.setVisible(key in messages)
        for key, shown in self.computed.items():
            field = self.art.field(key)
            try:
                value = field.computed(record)
            except Exception:  # half-typed input: show nothing rather than fail
                value = None
            shown.setText(values.display(field, value, self.lang) or "—")
        return list(messages.values())

    # --- saving ---
    def save(self) -> None:
        problems = self.revalidate()
        if problems:
            self.show_banner(self.tr("Not saved: correct the fields marked in red."))
            return
        actions = self.action_rows.get() if self.action_rows is not None else []
        try:
            if actions:  # the meeting and the actions its decisions ask for, together or not at all
                self.change, self.made = store.meetings.save_with_actions(
                    self.record["code"] if self.record else None, self.given(), actions, who=self.who,
                    source=store.sources.FORM, lang=self.lang,
                    expected_revision=self.record["revision"] if self.record else None)
            elif self.record is None:
                self.change = store.create(self.art.key, self.given(), who=self.who, source=store.sources.FORM,
                                           lang=self.lang)
            else:
                given = self.given()
                if not given:
                    super().reject()  # nothing to write: closed as if cancelled, with nothing to ask
                    return
                self.change = store.update(self.record["code"], given, expected_revision=self.record["revision"],
                                           who=self.who, source=store.sources.FORM, lang=self.lang)
        except ValidationError as exc:
            for e in exc.errors:
                if e.field in self.errors:
                    self.errors[e.field].setText(e.message(self.lang))
                    self.errors[e.field].show()
            mine = any(e.field in self.errors for e in exc.errors)  # else one of the new actions was refused
            self.show_banner(exc.message(self.lang) if mine or not actions else
                             self.tr("Not saved: a new action is refused: {reason}").format(
                                 reason=exc.message(self.lang)))
            return
        except store.ConnectionLost as exc:
            self._connection_lost(exc)
            return
        except store.StaleRevision as exc:  # someone saved it meanwhile: what differs, field by field
            self.show_conflicts(exc)
            return
        except ReviewDeskError as exc:  # NotFound, NotPermitted: refused with the reason
            self.show_banner(self.tr("Not saved: {reason}").format(reason=exc.message(self.lang)))
            return
        self.accept()

    def _connection_lost(self, exc: store.ConnectionLost) -> None:
        """The connection broke during the save: what the server answered, then, when it was saved, the editor
        closes as after any save (the window reads the record again); when not, or when nobody knows, what was
        typed stays in the form to be saved again."""
        if exc.committed:
            dialogs.connection_lost(self, exc, self.lang, self.tr("The record is saved; the editor closes."))
            self.accept()
            return
        if exc.committed is False:
            then = self.tr("What you typed is still in the form: save again.")
        else:
            then = self.tr("What you typed is still in the form. Once the server can be reached, look at the record "
                           "in the table before saving again: it may hold your changes already.")
        self.show_banner(exc.message(self.lang))
        dialogs.connection_lost(self, exc, self.lang, then)

    # --- someone else's save ---
    def changed_elsewhere(self, who: str, at) -> None:
        """Another person saved this record while it is open here: say so at once (a save will show the conflict)."""
        if self.record is None:
            return
        try:
            current = store.get_record(self.record["code"])
        except ReviewDeskError:
            self.show_banner(self.tr("{who} deleted this record at {when}.").format(who=who, when=f"{at:%H:%M}"))
            return
        if current["revision"] == self.record["revision"]:
            return
        self.show_banner(self.tr("{who} saved this record at {when} (now revision {revision}). Saving will show "
                                 "what differs, field by field.").format(who=who, when=f"{at:%H:%M}",
                                                                        revision=current["revision"]))

    def show_conflicts(self, stale: store.StaleRevision) -> None:
        """The save was based on an older revision: list each field the user or the other person changed (as it was
        opened, theirs, yours), take theirs into the fields the user left alone, and make the record as it is now
        the base, so that saving again writes the user's values over theirs, knowingly."""
        base, mine = self.record, self.given()
        try:
            current = store.get_record(base["code"])
        except ReviewDeskError as exc:
            self.show_banner(self.tr("Not saved: {reason}").format(reason=exc.message(self.lang)))
            return
        theirs = {f.key for f in self.art.input_fields if not _same(current.get(f.key), base.get(f.key))}
        rows = []
        for field in self.art.input_fields:
            if field.key not in theirs and field.key not in mine:
                continue
            clash = field.key in theirs and field.key in mine and not _same(mine[field.key], current.get(field.key))
            shown = [values.display(field, v, self.lang) or "—" for v in
                     (base.get(field.key), current.get(field.key), mine.get(field.key, current.get(field.key)))]
            rows.append((field.label(self.lang), *shown, clash))
        self.record = current
        for key in theirs - set(mine):
            self.inputs[key].set(current.get(key))
        self.heading.setText(self._heading())
        self.pristine = {**self.pristine, **{k: current.get(k) for k in theirs - set(mine)}}
        head = (self.tr("Field"), self.tr("When you opened it"), self.tr("Saved by {who}").format(
            who=stale.saved_by or current.get("updated_by") or ""), self.tr("Yours"))
        cells = "".join(f"<th align='left'>{escape(h)}</th>" for h in head)
        body = "".join("<tr{}>{}</tr>".format(" style='color:#b00020;font-weight:bold'" if clash else "",
                                              "".join(f"<td>{escape(c)}</td>" for c in row))
                       for *row, clash in rows)
        who = stale.saved_by or current.get("updated_by") or ""
        said = self.tr("Not saved: {who} saved this record meanwhile (now revision {revision}). Their changes are in "
                       "the form; the fields in red clash with yours. Save again to keep your values.").format(
            who=who, revision=current["revision"])
        table = (f"<table cellspacing='6' style='font-weight:normal;color:#202020'><tr>{cells}</tr>{body}"
                 "</table>")
        self.show_banner(escape(said) + table, rich=True)

    def show_banner(self, text: str, *, rich: bool = False) -> None:
        self.banner.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        self.banner.setText(text)
        self.banner.show()


def _same(a: Any, b: Any) -> bool:
    if a in (None, "", []) and b in (None, "", []):
        return True
    return a == b
