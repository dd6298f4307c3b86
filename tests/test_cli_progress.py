"""Long commands say how far they are on a terminal (stderr), and nothing extra when piped or with --json."""
from __future__ import annotations

import argparse
import io
import sys

import pytest

from reviewdesk.desktop.cli.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_what_how_far_and_time_left_on_a_terminal():
    out, clock = Terminal(), Clock()
    progress = Progress(argparse.Namespace(lang="zh"), stream=out, clock=clock)
    tell = progress.step("正在导出", "Exporting")
    clock.now = 2.0
    tell(20_000, 100_000)
    assert out.getvalue().endswith("\r正在导出：20%（20,000/100,000），约 8 秒后完成")
    clock.now = 2.05
    tell(21_000, 100_000)  # redrawn at most every 0.1 s
    assert "21,000" not in out.getvalue()
    clock.now = 12.0
    tell(100_000, 100_000)
    assert out.getvalue().rstrip(" ").endswith("\r正在导出：100%（100,000/100,000）")
    progress.finish()
    assert out.getvalue().endswith("\r")


def test_english_minutes():
    out, clock = Terminal(), Clock()
    tell = Progress(argparse.Namespace(lang="en"), stream=out, clock=clock).step("正在导出", "Exporting")
    clock.now = 60.0
    tell(10, 100)
    assert out.getvalue().endswith("Exporting: 10% (10/100), about 9 min left")


@pytest.mark.parametrize("stream,json_output", [(io.StringIO(), False), (Terminal(), True)])
def test_nothing_extra_when_piped_or_json(stream, json_output):
    progress = Progress(argparse.Namespace(lang="zh", json=json_output), stream=stream)
    progress.step("正在导出", "Exporting")(5, 10)
    progress.finish()
    assert stream.getvalue() == ""


def test_export_and_import_report_progress_on_a_terminal(run, monkeypatch, tmp_path):
    run("demo")
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr("reviewdesk.exporters.xlsx.export.PROGRESS_EVERY", 10)
    path = tmp_path / "callbacks.xlsx"
    from reviewdesk.desktop.cli import main as cli

    assert cli.main(["export", "callback", "-o", str(path)]) == 0
    assert "正在导出：" in terminal.getvalue() and "/300）" in terminal.getvalue()
    assert cli.main(["import", "--dry-run", str(path)]) == 0
    assert "正在读取并检查工作簿：100%（2/2）" in terminal.getvalue()


def test_demo_reports_progress_on_a_terminal(run, monkeypatch):
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr("reviewdesk.store.demo.CHUNK", 50)
    from reviewdesk.desktop.cli import main as cli

    assert cli.main(["demo"]) == 0
    assert "正在生成演示数据：" in terminal.getvalue() and "/423）" in terminal.getvalue()
