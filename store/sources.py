"""Where a change came from: stored as a small token (data, never a sentence), shown in the reader's language.

An audit entry's `source` is one of

    form              the window's record form                 表单 / form
    cli               the command line                         命令行 / command line
    settings          the window's settings (departments, people)  设置 / settings
    demo              the demo data                            演示数据 / demo data
    undo, redo        the window's undo and redo               撤销 / undo, 重做 / redo
    import:N:FILE     import batch N, from the file FILE       导入批次 N(FILE) / import batch N (FILE)
    undo-import:N     undoing import batch N                   撤销导入批次 N / undo of import batch N
    sql               a statement run on a team database outside ReviewDesk (its server audits it)
                                                               直接修改数据库 / changed directly in the database

Up to schema version 3 two of them were stored as English sentences ("import batch 3, it-returned.xlsx",
"undo import batch 2"); `parse` still reads those (migration 4 rewrites them as tokens), and any other text
(a script's own word) is shown as it is. Nothing decides anything by a source's wording: ask `parse` and
look at the kind.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import peewee as pw

from reviewdesk.templates.language import t

FORM, CLI, SETTINGS, DEMO, UNDO, REDO, SQL = "form", "cli", "settings", "demo", "undo", "redo", "sql"
IMPORT, UNDO_IMPORT = "import", "undo-import"

#: The plain kinds and what they are called in each language.
NAMES: dict[str, tuple[str, str]] = {
    FORM: ("表单", "form"),
    CLI: ("命令行", "command line"),
    SETTINGS: ("设置", "settings"),
    DEMO: ("演示数据", "demo data"),
    UNDO: ("撤销", "undo"),
    REDO: ("重做", "redo"),
    SQL: ("直接修改数据库", "changed directly in the database"),
}
#: The kinds whose changes put earlier values back (validation lets a value that once held through).
PUTTING_BACK = frozenset({UNDO, REDO, UNDO_IMPORT})

_OLD_IMPORT = re.compile(r"import batch (\d+), (.*)", re.DOTALL)
_OLD_UNDO_IMPORT = re.compile(r"undo import batch (\d+)")


@dataclass(frozen=True)
class Source:
    kind: str  # one of NAMES, IMPORT, UNDO_IMPORT, or a text nobody declared (shown as it is)
    batch: int | None = None
    file: str | None = None

    @property
    def token(self) -> str:
        """The stored form."""
        if self.kind == IMPORT:
            return f"{IMPORT}:{self.batch}:{self.file or ''}"
        if self.kind == UNDO_IMPORT:
            return f"{UNDO_IMPORT}:{self.batch}"
        return self.kind


def import_batch(batch: int, file: str) -> str:
    """The source of what import batch `batch` wrote from the file `file`."""
    return Source(IMPORT, int(batch), file).token


def undo_import(batch: int) -> str:
    """The source of what undoing import batch `batch` wrote."""
    return Source(UNDO_IMPORT, int(batch)).token


def parse(text: str | None) -> Source:
    """A stored source (a token, or a sentence stored before schema version 4) as data."""
    text = text or ""
    kind, _, rest = text.partition(":")
    if kind == IMPORT and rest:
        number, _, file = rest.partition(":")
        if number.isdigit():
            return Source(IMPORT, int(number), file)
    if kind == UNDO_IMPORT and rest.isdigit():
        return Source(UNDO_IMPORT, int(rest))
    if old := _OLD_IMPORT.fullmatch(text):
        return Source(IMPORT, int(old.group(1)), old.group(2))
    if old := _OLD_UNDO_IMPORT.fullmatch(text):
        return Source(UNDO_IMPORT, int(old.group(1)))
    return Source(text)


def puts_back(text: str | None) -> bool:
    """Whether changes of this source restore earlier values (undo, redo, undoing an import)."""
    return parse(text).kind in PUTTING_BACK


def label(text: str | None, lang: str) -> str:
    """A stored source as the reader says it: 导入批次 3(it-returned.xlsx) / import batch 3 (it-returned.xlsx)."""
    source = parse(text)
    if source.kind == IMPORT:
        if not source.file:
            return t(lang, f"导入批次 {source.batch}", f"import batch {source.batch}")
        return t(lang, f"导入批次 {source.batch}（{source.file}）", f"import batch {source.batch} ({source.file})")
    if source.kind == UNDO_IMPORT:
        return t(lang, f"撤销导入批次 {source.batch}", f"undo of import batch {source.batch}")
    if source.kind in NAMES:
        return t(lang, *NAMES[source.kind])
    return source.kind


_BATCH_WORDS = re.compile(r"(?:(撤销)?导入)?批次\s*(\d+)|(?:(undo(?: of)?) )?(?:import )?batch\s*(\d+)", re.I)


def matches(column: pw.Field, search: str) -> pw.Expression:
    """A condition on a source column: the stored token holds `search`, or what a reader sees in either language
    does: a file name, "import batch 3", or in Chinese 撤销导入批次 2 or 命令行
    """
    search = search.strip()
    wanted = column.contains(search)
    folded = search.casefold()
    for kind, names in NAMES.items():
        if any(folded in name.casefold() for name in names):
            wanted |= column == kind
    if any(folded in word for word in ("导入批次", "导入", "import batch", "import")):
        wanted |= column.startswith(f"{IMPORT}:")
    if any(folded in word for word in ("撤销导入批次", "撤销导入", "undo of import batch", "undo import")):
        wanted |= column.startswith(f"{UNDO_IMPORT}:")
    if found := _BATCH_WORDS.fullmatch(search):
        undo, number = (found.group(1) or found.group(3)), int(found.group(2) or found.group(4))
        wanted |= column == undo_import(number)
        if not undo:
            wanted |= column.startswith(f"{IMPORT}:{number}:")
    return wanted


__all__ = ["CLI", "DEMO", "FORM", "IMPORT", "NAMES", "REDO", "SETTINGS", "SQL", "Source", "UNDO", "UNDO_IMPORT",
           "import_batch", "label", "matches", "parse", "puts_back", "undo_import"]
