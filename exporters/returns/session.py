"""Edit in Excel: a table's records written as the standardized workbook into a working folder, each completed save
planned as an import, and an applied plan remembered so that the next save is compared with the database as it now
is (no conflicts against the user's own applied changes)."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Mapping, Sequence

from reviewdesk import store
from reviewdesk.templates import ReviewDeskError, artefact

from reviewdesk.exporters.returns.apply import apply_plan
from reviewdesk.exporters.returns.plan import Plan, build_plan
from reviewdesk.exporters.returns.saves import SaveWatcher
from reviewdesk.exporters.xlsx.export import export_workbook


def working_folder() -> Path:
    """Where edit sessions keep their workbooks: beside the database file, else in the user's data folder."""
    here = store.current_path()
    base = here.parent if here is not None else store.default_path().parent
    return base / "editing"


class EditSession:
    """One artefact's records (those the conditions match) in a workbook being edited: plan() after each save,
    apply() a plan as one import batch."""

    def __init__(self, art_key: str, *, path: str | os.PathLike | None = None, lang: str = "zh",
                 filters: Mapping[str, Sequence[Any]] | None = None, shown: Mapping[str, Any] | None = None,
                 department: str | None = None, include_personal_data: bool = False) -> None:
        """`filters`: --where conditions; `shown`: a window table's own conditions (filters, search, ranges)."""
        self.art = artefact(art_key)
        self.lang, self.department = lang, department
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        self.path = Path(path) if path else working_folder() / f"{self.art.sheet(lang)}-{stamp}.xlsx"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.summary = export_workbook(self.path, [art_key], lang=lang, department=department, filters=filters,
                                       shown={art_key: shown} if shown else None,
                                       include_personal_data=include_personal_data)
        self.watcher = SaveWatcher(self.path)
        self.planned: tuple | None = None  # the saved file the last plan was made from
        self.baseline: dict[str, int] = {}  # code -> revision after this session's own applied changes
        self.batches: list[int] = []

    def saved(self) -> bool:
        """Whether the workbook was saved again, completely, since the last time asked."""
        return self.watcher.poll()

    def plan(self) -> Plan:
        """What the workbook as saved now would change, against the database as it is (and this session's batches)."""
        self.planned = self.watcher.told
        return build_plan([self.path], department=self.department, lang=self.lang, baseline=self.baseline)

    def apply(self, plan: Plan, *, who: str, take: str | None = None,
              decisions: Mapping[tuple[str, str], str] | None = None) -> store.AppliedBatch:
        """Write the plan as one import batch; its records' new revisions become the session's baseline. Refused
        while the workbook is written again after the plan was made (its next plan says what it holds then)."""
        if self.watcher.changed_since(self.planned):
            raise ReviewDeskError("工作簿在检查之后又被修改或正在保存，未应用；保存完成后会显示新的更改",
                                  "The workbook was changed (or is being saved) after this plan was made; nothing was "
                                  "applied. Its new changes are shown once the save is complete")
        applied = apply_plan(plan, who=who, take=take, decisions=decisions)
        self.batches.append(applied.batch)
        touched = {u.code for u in plan.updated} | {c.code for c in plan.conflicts}
        if touched:
            for record in store.select_records(self.art.key, codes=sorted(touched), fields=["revision"]):
                self.baseline[record["code"]] = record["revision"]
        return applied


def open_in_spreadsheet(path: str | os.PathLike) -> None:
    """Open a workbook with the program the desktop opens .xlsx with (Excel, WPS, LibreOffice)."""
    if sys.platform == "win32":
        os.startfile(str(path))  # noqa: S606 - the user's own file, with the user's own program
    else:
        subprocess.Popen(["open" if sys.platform == "darwin" else "xdg-open", str(path)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


__all__ = ["EditSession", "open_in_spreadsheet", "working_folder"]
