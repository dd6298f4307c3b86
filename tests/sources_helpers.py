"""A record with a history from every kind of source: the command line, an import, undoing it, importing again."""
from __future__ import annotations

from pathlib import Path

import openpyxl

from reviewdesk import store
from reviewdesk.exporters.returns.apply import apply_plan
from reviewdesk.exporters.returns.plan import build_plan
from reviewdesk.exporters.xlsx.export import export_workbook
from reviewdesk.store import sources

#: A long name, as departments send them back: the history and `imports` show it whole.
RETURNED = "评审工作簿-客服中心-第二轮修改后返回.xlsx"


def history_of_every_source(tmp_path: Path) -> str:
    """ISS-0001 typed on the command line, changed by import batch 1, that batch undone, then imported again as
    batch 2 (which also creates ISS-0002); returns the code whose history holds all of it."""
    store.create("issue", {"title": "退款审核慢", "category": "效率类", "impact": "高", "frequency": "中",
                           "department": "CS"}, who="李娜", source=sources.CLI)
    exported, returned = tmp_path / "cs.xlsx", tmp_path / RETURNED
    export_workbook(exported, ["issue"], lang="zh")
    book = openpyxl.load_workbook(exported)
    sheet = book["问题清单"]
    headers = [c.value.rstrip("*").strip() if c.value else c.value for c in sheet[1]]
    sheet.cell(2, headers.index("根因分析") + 1, "人工复核两次")
    for label, value in {"问题概述": "发票开具慢", "问题类型": "效率类", "影响程度": "低", "发生频率": "低"}.items():
        sheet.cell(3, headers.index(label) + 1, value)
    book.save(returned)
    apply_plan(build_plan([returned]), who="张敏")
    store.undo_import(1, who="张敏")
    apply_plan(build_plan([returned]), who="张敏")
    return "ISS-0001"
