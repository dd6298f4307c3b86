"""A lazy Qt table model over one artefact: columns from templates/, the matching rows' ids read at once, their
records a page at a time by id."""
from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from typing import Any, Mapping, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from reviewdesk import store
from reviewdesk.templates import Field, Kind, artefact

from reviewdesk.desktop.window.marks import colours, marks

PAGE = 200
CACHED_PAGES = 30  # at most 6,000 records in memory, whatever the table's size


def table_fields(art_key: str) -> list[Field]:
    """The columns of an artefact's table after the code: every field a cell can show."""
    return [f for f in artefact(art_key).fields if f.kind is not Kind.SCOPE]


class RecordTableModel(QAbstractTableModel):
    """Knows the number of matching rows and holds a few pages; sorting, filtering and search are SQL."""

    def __init__(self, artefact_key: str, lang: str = "zh", parent=None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.artefact = artefact(artefact_key)
        self.lang = lang
        self.fields = table_fields(artefact_key)
        self.lookups = store.Lookups()
        self.today = today or dt.date.today()
        self.filters: dict[str, list[Any]] = {}
        self.ranges: dict[str, tuple[Any, Any]] = {}
        self.search = ""
        self.order: str | None = None
        self.descending = False
        self.pages: OrderedDict[int, list[dict[str, Any]]] = OrderedDict()
        self.ids: list[int] = []  # the row ids of every matching record, in the table's order
        self.total = 0
        self.error: str | None = None
        self._count()

    # --- conditions ---
    def set_conditions(self, *, filters: Mapping[str, list[Any]] | None = None, search: str | None = None,
                       ranges: Mapping[str, tuple[Any, Any]] | None = None) -> None:
        if filters is not None:
            self.filters = {k: list(v) for k, v in filters.items() if v}
        if ranges is not None:
            self.ranges = {k: v for k, v in ranges.items() if v != (None, None)}
        if search is not None:
            self.search = search.strip()
        self.refresh()

    def conditions(self) -> dict[str, Any]:
        """What narrows the rows, as select_records, count_records and the exports take it."""
        return {"filters": self.filters, "search": self.search, "ranges": self.ranges}

    def refresh(self) -> None:
        """Forget the cached pages and read the rows again (after a filter, a sort, another person's change)."""
        self.beginResetModel()
        self.lookups = store.Lookups()
        self.pages.clear()
        self._count()
        self.endResetModel()

    def changed(self, codes: Sequence[str]) -> None:
        """After a save: when the rows are still the same rows in the same order, only the cached pages holding a
        changed record are read again and redrawn (selection and scroll stay); otherwise the table is read anew."""
        try:
            ids = self._ids()
        except Exception:  # noqa: BLE001 - as in _count: the table shows the error instead
            self.refresh()
            return
        if ids != self.ids:
            self.refresh()
            return
        wanted = set(codes)
        for number, page in list(self.pages.items()):
            if any(record["code"] in wanted for record in page):
                self.pages[number] = store.records_by_ids(self.artefact.key, self._page_ids(number), self.lookups)
                first, last = number * PAGE, number * PAGE + len(page) - 1
                self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))

    def cached_codes(self) -> set[str]:
        """The codes of the records held in the cached pages (what the table can show without reading)."""
        return {record["code"] for page in self.pages.values() for record in page}

    def _ids(self) -> list[int]:
        return store.select_ids(self.artefact.key, **self.conditions(), order=self.order, descending=self.descending,
                                lookups=self.lookups)

    def _count(self) -> None:
        try:
            self.ids = self._ids()
            self.total, self.error = len(self.ids), None
        except store.DatabaseError as exc:
            self.ids, self.total, self.error = [], 0, exc.message(self.lang)
        except Exception as exc:  # a bad filter value must not take the window down
            self.ids, self.total = [], 0
            self.error = getattr(exc, "message", lambda lang: str(exc))(self.lang)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        sorting = (None if column <= 0 else self.fields[column - 1].key, order == Qt.SortOrder.DescendingOrder)
        if sorting == (self.order, self.descending):
            return  # in that order already: nothing to read again
        self.order, self.descending = sorting
        self.refresh()

    # --- rows, lazily: the ids of the whole query are known, a page is read by its ids ---
    def _page_ids(self, number: int) -> list[int]:
        return self.ids[number * PAGE:(number + 1) * PAGE]

    def record(self, row: int) -> dict[str, Any] | None:
        if not 0 <= row < self.total:
            return None
        number, within = divmod(row, PAGE)
        page = self.pages.get(number)
        if page is None:
            page = store.records_by_ids(self.artefact.key, self._page_ids(number), self.lookups)
            self.pages[number] = page
            while len(self.pages) > CACHED_PAGES:
                self.pages.popitem(last=False)
        else:
            self.pages.move_to_end(number)
        return page[within] if within < len(page) else None

    def code(self, row: int) -> str | None:
        record = self.record(row)
        return record["code"] if record else None

    def row_of(self, code: str) -> int | None:
        """The row of a code: among the pages already read, else by its id's place (None when not in the table)."""
        for number, page in self.pages.items():
            for i, record in enumerate(page):
                if record["code"] == code:
                    return number * PAGE + i
        found = self.lookups.record_id(self.artefact.key, code)
        try:
            return self.ids.index(found) if found is not None else None
        except ValueError:
            return None

    # --- the Qt interface ---
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.total

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.fields) + 1

    def field_of(self, column: int) -> Field | None:
        return None if column <= 0 else self.fields[column - 1]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        field = self.field_of(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.artefact.code_label(self.lang) if field is None else field.label(self.lang)
        if role == Qt.ItemDataRole.ToolTipRole and field is not None:
            return field.hint(self.lang) or None
        return None

    def text(self, row: int, column: int) -> str:
        record = self.record(row)
        if record is None:
            return ""
        field = self.field_of(column)
        if field is None:
            return record["code"]
        return self.lookups.display(field, record.get(field.key), self.lang)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        try:
            return self._data(index, role)
        except Exception:  # never raise inside data(): a broken cell must not take the view down
            return "?" if role == Qt.ItemDataRole.DisplayRole else None

    def _data(self, index: QModelIndex | QPersistentModelIndex, role: int) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column).replace("\n", " ")
        field = self.field_of(column)
        if role == Qt.ItemDataRole.ToolTipRole and field is not None and field.kind in (Kind.LONG_TEXT, Kind.AGENDA):
            return self.text(row, column) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and field is not None \
                and field.kind in (Kind.INTEGER, Kind.DECIMAL):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole):
            record = self.record(row)
            if record is None:
                return None
            found = marks(self.artefact, record, self.today)
            style = found.get(field.key if field else "code") or found.get(None)
            if style is None:
                return None
            background, foreground, bold, italic = colours(style)
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor(background)) if background else None
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(foreground)) if foreground else None
            if bold or italic:
                font = QFont()
                font.setBold(bold)
                font.setItalic(italic)
                return font
        return None
