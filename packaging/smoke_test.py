"""Smoke test of a frozen (or installed) ReviewDesk folder: `python packaging/smoke_test.py DIST_DIR`.

Runs the bundle's own programs, never the checkout's code, in a scratch folder: --version; demo data; an export of
every artefact and one department's workbook; that workbook edited with openpyxl as a department would and
imported (the dry run shows exactly the edit, then it is applied); a Word export and a review pack whose charts
are drawn with the bundled font; the window opened offscreen in Chinese and in English. The same script runs on
Linux (.ci/run) and on Windows (.github/workflows/windows.yml) against the installed copy. Exit 0 when all pass.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import openpyxl

TIMEOUT = 300
FONT = "NotoSansSC-Regular-GB2312.otf"


class Smoke:
    def __init__(self, dist: Path, scratch: Path):
        self.dist, self.scratch = dist, scratch
        self.cli = dist / ("reviewdesk.com" if sys.platform == "win32" else "reviewdesk")
        self.window = dist / ("ReviewDesk.exe" if sys.platform == "win32" else "ReviewDesk")
        self.db = scratch / "review.sqlite3"
        home = scratch / "home"  # a user of their own: no settings or data of whoever runs the test
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "REVIEWDESK_"))}
        self.env.update(QT_QPA_PLATFORM="offscreen", HOME=str(home), USERPROFILE=str(home),
                        APPDATA=str(home / "AppData" / "Roaming"), LOCALAPPDATA=str(home / "AppData" / "Local"),
                        XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"),
                        REVIEWDESK_USER="smoke")

    def run(self, *args: str, program: Path | None = None, env: dict | None = None) -> str:
        done = subprocess.run([str(program or self.cli), *args], capture_output=True, text=True, encoding="utf-8",
                              timeout=TIMEOUT, cwd=self.scratch, env={**self.env, **(env or {})})
        if done.returncode != 0:
            raise AssertionError(f"{' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def version(self) -> str:
        out = self.run("--version").strip()
        assert out.startswith("ReviewDesk ") and out.split()[1][0].isdigit(), out
        return out

    def demo(self) -> None:
        self.run("--db", str(self.db), "demo")
        issues = json.loads(self.run("--db", str(self.db), "list", "issue", "--json"))
        assert len(issues) >= 10, len(issues)

    def export_edit_import(self) -> str:
        everything, department = self.scratch / "all.xlsx", self.scratch / "cs.xlsx"
        self.run("--db", str(self.db), "export", "all", "-o", str(everything))
        self.run("--db", str(self.db), "export", "issue", "-o", str(department), "--department", "CS")
        book = openpyxl.load_workbook(department)
        sheet = book["问题清单"]
        headers = [c.value.rstrip("*").strip() if isinstance(c.value, str) else c.value for c in sheet[1]]
        code = sheet.cell(2, 1).value
        sheet.cell(2, headers.index("根因分析") + 1, "冒烟测试：流程缺少复核节点")
        book.save(department)
        plan = json.loads(self.run("--db", str(self.db), "import", "--dry-run", "--json", str(department)))
        edits = [(u["code"], u["field"], u["new"]) for u in plan["updated"]]
        assert edits == [(code, "root_cause", "冒烟测试：流程缺少复核节点")], plan
        assert plan["created"] == plan["errors"] == plan["not_permitted"] == plan["conflicts"] == [], plan
        applied = json.loads(self.run("--db", str(self.db), "import", "--json", str(department)))
        assert applied["applied"] and applied["batch"] == 1, applied
        record = json.loads(self.run("--db", str(self.db), "show", code, "--json"))
        assert record["root_cause"] == "冒烟测试：流程缺少复核节点", record
        return code

    def documents(self) -> None:
        document = self.scratch / "issues.docx"
        self.run("--db", str(self.db), "export", "issue", "-o", str(document))
        self.run("--db", str(self.db), "pack", "MTG-0001", "-o", str(self.scratch / "pack"))
        pack = self.scratch / "pack" / "评审材料包.docx"
        with zipfile.ZipFile(pack) as archive:
            charts = [n for n in archive.namelist() if n.startswith("word/media/") and n.endswith(".png")]
            assert charts and all(archive.getinfo(n).file_size > 10_000 for n in charts), charts
        fonts = [p for p in self.dist.rglob(FONT)]
        assert fonts, f"the bundle lacks the chart font {FONT}"
        with zipfile.ZipFile(document) as archive:
            assert "word/document.xml" in archive.namelist()

    def window_opens(self) -> list[dict]:
        reports = []
        for lang, file_menu in (("zh", "文件"), ("en", "File")):
            ready = self.scratch / f"ready-{lang}.json"
            self.run("--db", str(self.db), "--lang", lang, program=self.window,
                     env={"REVIEWDESK_READY_FILE": str(ready)})
            report = json.loads(ready.read_text(encoding="utf-8"))
            assert file_menu in report["menus"][0].replace("&", ""), report
            reports.append(report)
        return reports


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.splitlines()[0], file=sys.stderr)
        return 2
    dist = Path(argv[0]).resolve()
    with tempfile.TemporaryDirectory(prefix="reviewdesk-smoke-") as tmp:
        smoke = Smoke(dist, Path(tmp))
        print(smoke.version())
        steps = [("demo data", smoke.demo), ("export, edit in a department's workbook, import", smoke.export_edit_import),
                 ("Word export and review pack with charts", smoke.documents), ("window in Chinese and English",
                                                                               smoke.window_opens)]
        for title, step in steps:
            result = step()
            print(f"ok  {title}" + (f": {json.dumps(result, ensure_ascii=False)}" if result else ""))
    print("smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
