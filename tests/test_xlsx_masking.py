"""Masking of personal data, and the rule that exporters/ never imports Qt."""
from __future__ import annotations

import pathlib
import subprocess
import sys

import pytest

from reviewdesk.exporters.masking import mask, mask_name, mask_phone
from reviewdesk.templates import artefact

pytestmark = pytest.mark.both_engines  # conftest.py: on PostgreSQL too, with REVIEWDESK_TEST_PG set

ROOT = pathlib.Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name, shown", [("王先生", "王*"), ("欧阳娜娜", "欧*"), ("Li Lei", "L*"), ("", "")])
def test_names(name, shown):
    assert mask_name(name) == shown


@pytest.mark.parametrize("phone, shown", [("13812345678", "138****5678"), ("138-1234-5678", "138****5678"),
                                          ("021-5555 1234", "021****1234"), ("110", "*10")])
def test_phones(phone, shown):
    assert mask_phone(phone) == shown


def test_mask_only_touches_personal_fields():
    callback = artefact("callback")
    assert mask(callback.field("customer_name"), "王先生") == "王*"
    assert mask(callback.field("phone"), "13812345678") == "138****5678"
    assert mask(callback.field("ticket_no"), "XR20231015001") == "XR20231015001"
    assert mask(callback.field("phone"), None) is None


def test_exporters_never_import_qt():
    for path in (ROOT / "exporters").rglob("*.py"):
        assert "PySide6" not in path.read_text(encoding="utf-8"), path.name
    code = ("import sys, reviewdesk.exporters.xlsx.export, reviewdesk.exporters.xlsx.template; "
            "sys.exit(1 if any(m.startswith('PySide6') for m in sys.modules) else 0)")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0
