"""Departments and people: the reference data that department, person and owner fields point at."""
from __future__ import annotations

import re
import unicodedata
from typing import Any

import peewee as pw

from reviewdesk.templates import ARTEFACTS, REFERENCE_DATA, FieldError, Kind, ReviewDeskError, ValidationError, values

from reviewdesk.store import reference_cache, server, sources
from reviewdesk.store.changes import now
from reviewdesk.store.db import database, engine_name
from reviewdesk.store.models import MODELS, AuditEntry, Department, Person
from reviewdesk.store.records import Lookups
from reviewdesk.store.retrying import retried


def _audit(kind: str, key: str, action: str, diff: dict[str, tuple[Any, Any]], who: str, source: str) -> None:
    """The audit rows of a change to reference data; a team database's server writes them itself (store/server.py),
    told only where the change comes from."""
    reference_cache.changed()
    if engine_name() == "postgresql":
        return
    at = now()
    rows = [dict(at=at, who=who, artefact=kind, code=key, action=action, field=k,
                 old=None if old is None else str(old), new=None if new is None else str(new), source=source)
            for k, (old, new) in diff.items()]
    if rows:
        AuditEntry.insert_many(rows).execute()


def department_code(typed: str | None) -> str:
    """A department code as stored: half-width, upper case, no spaces (HR2, CS, IT)."""
    return unicodedata.normalize("NFKC", typed or "").strip().upper()


def departments() -> list[dict[str, Any]]:
    return [{"code": d.code, "name_zh": d.name_zh, "name_en": d.name_en, "email": d.email}
            for d in Department.select().order_by(Department.position, Department.code)]


def people() -> list[dict[str, Any]]:
    lookups = Lookups()
    return [{"name": p.name, "department": lookups.department_code.get(p.department_id), "role": p.role,
             "email": p.email} for p in Person.select().order_by(Person.department, Person.name)]


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _email(kind: str, typed: str | None) -> str | None:
    """An e-mail address as stored (None when left empty), or the field's error: one address, local@domain."""
    field = REFERENCE_DATA[kind].field("email")
    text = values.parse_plain(field, typed)
    if text is not None and not _EMAIL.fullmatch(text):
        raise FieldError("email", f"「{field.zh}」应为一个邮箱地址，如 it-support@example.com", f"{field.en} should be "
                         "one e-mail address, such as it-support@example.com", text)
    return text


def contact_email(code: str) -> str | None:
    """A department's contact e-mail, where review workbooks are sent (None when it has none)."""
    found = Department.get_or_none(Department.code == department_code(code))
    return found.email if found is not None else None


@retried
def save_department(code: str, name_zh: str, name_en: str, *, email: str | None = None, who: str,
                    source: str = sources.SETTINGS) -> None:
    """Add a department or rename an existing one (its code stays); `email` its contact address (None: as it is,
    "": none)."""
    code = department_code(code)
    art = REFERENCE_DATA["department"]
    if not code or not code.replace("_", "").isalnum():
        raise FieldError("code", "部门代码只能由字母和数字组成", "A department code is letters and digits only", code)
    errors = []
    parsed = {}
    for f, typed in ((art.field("name_zh"), name_zh), (art.field("name_en"), name_en)):
        try:
            parsed[f.key] = values.parse_plain(f, typed)
        except FieldError as exc:
            errors.append(exc)
        if parsed.get(f.key) is None and not errors:
            errors.append(FieldError(f.key, f"「{f.zh}」为必填项", f"{f.en} is required"))
    if email is not None:
        try:
            parsed["email"] = _email("department", email)
        except FieldError as exc:
            errors.append(exc)
    if errors:
        raise ValidationError(errors, code)
    with database.atomic():
        server.about_to_change(source)
        clash = (Department.select().where((Department.code != code) & (
            (Department.name_zh == parsed["name_zh"]) | (Department.name_en == parsed["name_en"]))).first())
        if clash:
            raise ReviewDeskError(f"部门名称已被 {clash.code} 使用", f"That name is already used by {clash.code}")
        existing = Department.get_or_none(Department.code == code)
        if existing is None:
            position = (Department.select(pw.fn.MAX(Department.position)).scalar() or 0) + 1
            Department.create(code=code, position=position, **parsed)
            _audit("department", code, "create", {k: (None, v) for k, v in parsed.items() if v is not None}, who,
                   source)
        else:
            diff = {k: (getattr(existing, k), v) for k, v in parsed.items() if getattr(existing, k) != v}
            Department.update(**parsed).where(Department.code == code).execute()
            _audit("department", code, "update", diff, who, source)


@retried
def save_person(name: str, department: str, role: str | None = None, *, email: str | None = None, who: str,
                source: str = sources.SETTINGS) -> None:
    """Add a person or change their department and role; `email` their address (None: as it is, "": none)."""
    art = REFERENCE_DATA["person"]
    lookups = Lookups()
    name = values.clean_text(name or "")
    errors = []
    if not name or len(name) > 60:
        errors.append(FieldError("name", "姓名为必填项，最多60个字符", "A name is required, at most 60 characters", name))
    parsed = {}
    for f, raw in ((art.field("department"), department), (art.field("role"), role)):
        try:
            value = values.parse_plain(f, raw)
            parsed[f.key] = lookups.department(f, value) if f.key == "department" and value else value
        except FieldError as exc:
            errors.append(exc)
    if parsed.get("department") is None and not any(e.field == "department" for e in errors):
        errors.append(FieldError("department", "「所属部门」为必填项", "Department is required"))
    if email is not None:
        try:
            parsed["email"] = _email("person", email)
        except FieldError as exc:
            errors.append(exc)
    if errors:
        raise ValidationError(errors, name)
    department_id = lookups.department_id[parsed["department"]]
    twin = lookups.person_names.get(values.fold(name))
    if twin is not None and twin != name:
        raise ReviewDeskError(f"已有人员「{twin}」，与「{name}」仅大小写或全角/半角不同，无法区分",
                              f"There is already a person '{twin}', differing from '{name}' only in case or width")
    with database.atomic():
        server.about_to_change(source)
        existing = Person.get_or_none(Person.name == name)
        stored = {**parsed, "department": department_id}
        if existing is None:
            Person.create(name=name, **stored)
            _audit("person", name, "create", {k: (None, v) for k, v in parsed.items() if v is not None}, who, source)
        else:
            old = {"department": lookups.department_code.get(existing.department_id), "role": existing.role,
                   "email": existing.email}
            diff = {k: (old[k], v) for k, v in parsed.items() if old[k] != v}
            Person.update(**stored).where(Person.name == name).execute()
            _audit("person", name, "update", diff, who, source)


def _used_by(column_model, match) -> list[str]:
    found = []
    for model in MODELS.values():
        for f in model._meta.sorted_fields:
            if isinstance(f, pw.ForeignKeyField) and f.rel_model is column_model:
                found += [c for (c,) in model.select(model.code).where(f == match).limit(5).tuples()]
    return found


def _listing(code: str) -> list[str]:
    """Records whose multi-department fields (a meeting's attending departments) name this department."""
    found = []
    for art_key, model in MODELS.items():
        for f in ARTEFACTS[art_key].fields:
            if f.kind is Kind.DEPARTMENT and f.multiple:
                column = getattr(model, f.key)
                found += [c for c, listed in model.select(model.code, column).where(column.contains(code)).tuples()
                          if code in (listed or "").split(",")]
    return found


@retried
def delete_department(code: str, *, who: str, source: str = sources.SETTINGS) -> None:
    dept = Department.get_or_none(Department.code == department_code(code))
    if dept is None:
        raise ReviewDeskError(f"没有部门 {code}", f"No department {code}")
    users = _used_by(Department, dept.id) + [p.name for p in Person.select().where(Person.department == dept.id)]
    users += _listing(dept.code)
    if users:
        raise ReviewDeskError(f"部门 {dept.code} 仍被使用（{', '.join(users[:5])}），不能删除",
                              f"Department {dept.code} is still in use ({', '.join(users[:5])}); it cannot be deleted")
    with database.atomic():
        server.about_to_change(source)
        dept.delete_instance()
        _audit("department", dept.code, "delete", {"name_zh": (dept.name_zh, None), "name_en": (dept.name_en, None)},
               who, source)


@retried
def delete_person(name: str, *, who: str, source: str = sources.SETTINGS) -> None:
    person = Person.get_or_none(Person.name == name)
    if person is None:
        raise ReviewDeskError(f"没有人员 {name}", f"No person {name}")
    users = _used_by(Person, person.id)
    if users:
        raise ReviewDeskError(f"{name} 仍被 {', '.join(users)} 引用，不能删除",
                              f"{name} is still referred to by {', '.join(users)}; they cannot be deleted")
    with database.atomic():
        server.about_to_change(source)
        person.delete_instance()
        _audit("person", name, "delete", {"department": (Lookups().department_code.get(person.department_id), None),
                                          "role": (person.role, None)}, who, source)
