"""The layers stay apart: templates/, store/ and exporters/ never import Qt, and every consumer covers every field."""
from __future__ import annotations

import subprocess
import sys

import peewee as pw

from reviewdesk.store.models import MODELS, Department, Person
from reviewdesk.templates import ARTEFACTS, REFERENCE_DATA, Kind


def test_core_layers_never_import_qt():
    code = ("import sys, importlib, pkgutil\n"
            "import reviewdesk.desktop.cli.main\n"
            "for pkg in ('reviewdesk.templates', 'reviewdesk.store', 'reviewdesk.exporters', 'reviewdesk.desktop.cli'):\n"
            "    for m in pkgutil.walk_packages(importlib.import_module(pkg).__path__, pkg + '.'):\n"
            "        importlib.import_module(m.name)\n"
            "bad = [m for m in sys.modules if m.startswith('PySide6') or m.startswith('shiboken')]\n"
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


EXPECTED_COLUMN = {Kind.TEXT: pw.TextField, Kind.LONG_TEXT: pw.TextField, Kind.INTEGER: pw.IntegerField,
                   Kind.DECIMAL: pw.DecimalField, Kind.DATE: pw.DateField, Kind.CHOICE: pw.CharField,
                   Kind.REFERENCE: pw.ForeignKeyField, Kind.DEPARTMENT: pw.ForeignKeyField,
                   Kind.PERSON: pw.ForeignKeyField, Kind.AGENDA: pw.TextField, Kind.SCOPE: pw.TextField}


def test_every_declared_field_has_exactly_one_column_of_its_kind():
    for key, art in ARTEFACTS.items():
        model = MODELS[key]
        own = {name for name in model._meta.fields} - {"id", "code", "number", "revision", "created_at",
                                                       "created_by", "updated_at", "updated_by"}
        assert own == {f.key for f in art.fields}, key
        for f in art.fields:
            column = model._meta.fields[f.key]
            expected = pw.TextField if f.multiple else EXPECTED_COLUMN[f.kind]
            assert isinstance(column, expected), (key, f.key, type(column))
            if f.kind is Kind.REFERENCE:
                assert column.rel_model is MODELS[f.reference]
            if f.kind is Kind.DEPARTMENT and not f.multiple:
                assert column.rel_model is Department
            if f.kind is Kind.PERSON:
                assert column.rel_model is Person


def test_reference_data_models_follow_their_declarations():
    assert {f.key for f in REFERENCE_DATA["department"].fields} <= set(Department._meta.fields)
    assert {f.key for f in REFERENCE_DATA["person"].fields} <= set(Person._meta.fields)
