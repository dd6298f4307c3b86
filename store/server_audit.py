"""The audit log a team database's server writes itself: row triggers generated from templates/ that keep each
record's bookkeeping true (who, when, revision, change number) and write one audit row per changed field, whoever
changed the row and however (ReviewDesk or plain SQL); audit rows that no account can alter or delete."""
from __future__ import annotations

from reviewdesk.templates import ARTEFACTS, REFERENCE_DATA, Field

from reviewdesk.store.db import quoted_name as _q  # short: the generated SQL quotes many names
from reviewdesk.store.models import (MODELS, AuditEntry, Department, ImportBatch, Person, Storage, column_name,
                                     model_for, storage, table_name)

CHANGE_SEQUENCE = "reviewdesk_change_id"  # the numbers of record changes (audit_entry.change_id)
CHANNEL = "reviewdesk_changes"  # notified when audit rows commit: open windows show others' changes (store/watch.py)
#: notified when departments or people change: each client keeps them read until then (store/reference_cache.py)
REFERENCE_CHANNEL = "reviewdesk_reference"
REFERENCE_FUNCTION = "reviewdesk_notify_reference"
#: Where a change comes from, as ReviewDesk tells the server for the transaction (set_config ... is_local):
CONTEXT = {"source": "reviewdesk.source", "batch": "reviewdesk.batch", "reverses": "reviewdesk.reverses"}
_AUDIT_COLUMNS = ('"at", "who", "artefact", "code", "action", "field", "old", "new", "source", "batch", "revision", '
                  '"change_id", "reverses"')
_NOW = "date_trunc('second', now() AT TIME ZONE 'UTC')"  # as store.changes.now(): UTC, whole seconds


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def audit_text_sql(field: Field, model, row: str) -> str:
    """The SQL of a field's audit text (store.records.audit_text) from the column of a trigger's row (NEW/OLD)."""
    column = f"{row}.{_q(column_name(model, field.key))}"
    stored = storage(field)
    if stored is Storage.INTEGER:
        return f"{column}::text"
    if stored is Storage.DECIMAL:
        return f"trim_scale({column})::text"  # 95.500000 as 95.5, the canonical decimal's text
    if stored is Storage.DATE:
        return f"to_char({column}, 'YYYY-MM-DD')"
    if stored is Storage.ROW_ID:
        target = model._meta.fields[field.key].rel_model
        shown = "name" if target is Person else "code"
        return f"(SELECT {_q(shown)} FROM {_q(table_name(target))} WHERE id = {column})"
    return column


def _audit_function(name: str, model, kind: str, key_column: str, fields: list[Field], bookkept: bool) -> str:
    """An AFTER row trigger function writing a change's audit rows, one per declared field it changed, as
    store.changes._Writer writes them in a file. It runs with its owner's rights: accounts cannot write the log."""
    def rows(row: str, changed: bool) -> str:
        if changed:  # (order, field, changed, old text, new text): texts only for changed fields
            return ", ".join(
                f"({i}, {_literal(f.key)}, {test}, CASE WHEN {test} THEN {audit_text_sql(f, model, 'OLD')} END, "
                f"CASE WHEN {test} THEN {audit_text_sql(f, model, 'NEW')} END)"
                for i, f in enumerate(fields)
                for column in [_q(column_name(model, f.key))]
                for test in [f"OLD.{column} IS DISTINCT FROM NEW.{column}"])
        return ", ".join(f"({i}, {_literal(f.key)}, {audit_text_sql(f, model, row)})" for i, f in enumerate(fields))

    revision, change = ("NEW.revision", "NEW.last_change") if bookkept else ("NULL", "NULL")
    insert = f"INSERT INTO {_q(table_name(AuditEntry))} ({_AUDIT_COLUMNS})"
    context = "v_source, v_batch" if bookkept else "v_source, NULL"
    reverses = "v_reverses" if bookkept else "NULL"
    person_changed = "IF NEW.revision IS NOT DISTINCT FROM OLD.revision THEN RETURN NULL; END IF;" if bookkept else ""
    # ReviewDesk numbers a deletion and writes it into the row just before (store.changes._Writer); a plain SQL
    # DELETE, where nobody told the server where it comes from, gets a number of its own
    deleting = (f"v_change := CASE WHEN current_setting('{CONTEXT['source']}', true) <> '' THEN OLD.last_change "
                f"ELSE nextval('{CHANGE_SEQUENCE}') END;" if bookkept else "")
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT AS $body$
DECLARE
  v_at timestamp := {_NOW};
  v_source text := COALESCE(NULLIF(current_setting('{CONTEXT["source"]}', true), ''), 'sql');
  v_batch integer := NULLIF(current_setting('{CONTEXT["batch"]}', true), '')::integer;
  v_reverses integer := NULLIF(current_setting('{CONTEXT["reverses"]}', true), '')::integer;
  v_change integer;
BEGIN
  IF TG_OP = 'INSERT' THEN
    {insert} SELECT v_at, session_user, {_literal(kind)}, NEW.{_q(key_column)}, 'create', d.f, NULL, d.t,
      {context}, {revision}, {change}, {reverses}
    FROM (VALUES {rows('NEW', False)}) AS d(i, f, t) WHERE d.t IS NOT NULL ORDER BY d.i;
  ELSIF TG_OP = 'DELETE' THEN
    {deleting}
    {insert} SELECT v_at, session_user, {_literal(kind)}, OLD.{_q(key_column)}, 'delete', d.f, d.t, NULL,
      {context}, NULL, {"v_change" if bookkept else "NULL"}, {reverses}
    FROM (VALUES {rows('OLD', False)}) AS d(i, f, t) WHERE d.t IS NOT NULL ORDER BY d.i;
  ELSE
    {person_changed}
    {insert} SELECT v_at, session_user, {_literal(kind)}, NEW.{_q(key_column)}, 'update', d.f, d.o, d.n,
      {context}, {revision}, {change}, {reverses}
    FROM (VALUES {rows('NEW', True)}) AS d(i, f, c, o, n) WHERE d.c ORDER BY d.i;
  END IF;
  RETURN NULL;
END $body$"""


def _row_of(model, keys: list[str], row: str) -> str:
    return "ROW(" + ", ".join(f"{row}.{_q(column_name(model, k))}" for k in keys) + ")"


def _keep_function(name: str, model, art, owner: str) -> str:
    """A BEFORE row trigger function keeping a record's bookkeeping true: who and when from the server, the code
    and creation unchanged, and any change a person makes (an input field, or a computed one written by anyone
    but the schema's owner, whose functions write what is gathered) moving the revision on, numbered."""
    inputs = [f.key for f in art.input_fields]
    computed = [f.key for f in art.computed_fields]
    person = ["NEW.revision IS DISTINCT FROM OLD.revision",
              f"{_row_of(model, inputs, 'NEW')} IS DISTINCT FROM {_row_of(model, inputs, 'OLD')}"]
    if computed:
        person.append(f"(current_user <> {_literal(owner)} AND "
                      f"{_row_of(model, computed, 'NEW')} IS DISTINCT FROM {_row_of(model, computed, 'OLD')})")
    kept = ["code", "number", "created_at", "created_by"]
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $body$
DECLARE
  v_at timestamp := {_NOW};
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.created_at := v_at; NEW.updated_at := v_at;
    NEW.created_by := session_user; NEW.updated_by := session_user;
    IF NEW.last_change IS NULL THEN NEW.last_change := nextval('{CHANGE_SEQUENCE}'); END IF;
    RETURN NEW;
  END IF;
  IF {_row_of(model, kept, 'NEW')} IS DISTINCT FROM {_row_of(model, kept, 'OLD')} THEN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
      MESSAGE = format('%s: a record''s code and creation never change', OLD.code);
  END IF;
  IF {' OR '.join(person)} THEN
    IF NEW.revision IS NOT DISTINCT FROM OLD.revision THEN NEW.revision := OLD.revision + 1; END IF;
    IF NEW.last_change IS NOT DISTINCT FROM OLD.last_change THEN
      NEW.last_change := nextval('{CHANGE_SEQUENCE}');
    END IF;
    NEW.updated_at := v_at; NEW.updated_by := session_user;
  END IF;
  RETURN NEW;
END $body$"""


def _trigger(name: str, table: str, when: str, events: str, function: str, each: str = "ROW") -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name} ON {_q(table)}",
            f"CREATE TRIGGER {name} {when} {events} ON {_q(table)} FOR EACH {each} EXECUTE FUNCTION {function}()"]


def statements(owner: str) -> list[str]:
    """Every statement installing the server's audit (idempotent: functions replaced, triggers made anew), for
    the artefacts and reference data declared now."""
    done = [f"CREATE SEQUENCE IF NOT EXISTS {CHANGE_SEQUENCE}"]
    for key, model in MODELS.items():
        art, table = ARTEFACTS[key], table_name(model)
        keep, audit = f"reviewdesk_keep_{table}", f"reviewdesk_audit_{table}"
        done.append(_keep_function(keep, model, art, owner))
        done += _trigger("reviewdesk_keep", table, "BEFORE", "INSERT OR UPDATE", keep)
        done.append(_audit_function(audit, model, art.key, "code", list(art.fields), bookkept=True))
        done += _trigger("reviewdesk_audit", table, "AFTER", "INSERT OR UPDATE OR DELETE", audit)
    for kind, model, key_column in (("department", Department, "code"), ("person", Person, "name")):
        audit = f"reviewdesk_audit_{table_name(model)}"
        done.append(_audit_function(audit, model, kind, key_column, list(REFERENCE_DATA[kind].fields), bookkept=False))
        done += _trigger("reviewdesk_audit", table_name(model), "AFTER", "INSERT OR UPDATE OR DELETE", audit)
    done.append(f"""
CREATE OR REPLACE FUNCTION {REFERENCE_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  PERFORM pg_notify('{REFERENCE_CHANNEL}', '');  -- at commit, once per transaction
  RETURN NULL;
END $body$""")
    for model in (Department, Person):
        done += _trigger("reviewdesk_reference", table_name(model), "AFTER", "INSERT OR UPDATE OR DELETE OR TRUNCATE",
                         REFERENCE_FUNCTION, each="STATEMENT")
    log = table_name(AuditEntry)
    done.append("""
CREATE OR REPLACE FUNCTION reviewdesk_audit_is_kept() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = 'the audit log is kept: its rows never change';
END $body$""")
    done += _trigger("reviewdesk_kept", log, "BEFORE", "UPDATE OR DELETE", "reviewdesk_audit_is_kept")
    done += _trigger("reviewdesk_kept_whole", log, "BEFORE", "TRUNCATE", "reviewdesk_audit_is_kept", each="STATEMENT")
    done.append(f"""
CREATE OR REPLACE FUNCTION reviewdesk_notify_changes() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  PERFORM pg_notify('{CHANNEL}', '');  -- sent when the transaction commits, once however many rows it wrote
  RETURN NULL;
END $body$""")
    done += _trigger("reviewdesk_notify", log, "AFTER", "INSERT", "reviewdesk_notify_changes", each="STATEMENT")
    batches = table_name(ImportBatch)
    done.append(f"""
CREATE OR REPLACE FUNCTION reviewdesk_keep_{batches}() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.who := session_user;
  ELSIF NEW.undone_at IS DISTINCT FROM OLD.undone_at THEN
    NEW.undone_by := session_user;
  END IF;
  RETURN NEW;
END $body$""")
    done += _trigger("reviewdesk_keep", batches, "BEFORE", "INSERT OR UPDATE", f"reviewdesk_keep_{batches}")
    for key in ARTEFACTS:
        if ARTEFACTS[key].gathered_fields:
            done.append(derive_function(key))
    return done


def derive_function_name(art_key: str) -> str:
    return f"reviewdesk_derive_{table_name(model_for(art_key))}"


_SQL_TYPES = {Storage.INTEGER: "integer", Storage.DECIMAL: "numeric", Storage.DATE: "date", Storage.ROW_ID: "integer",
              Storage.TEXT: "text"}


def derive_function(art_key: str) -> str:
    """A function writing an artefact's computed fields from JSON rows ({"code": …, field: value}), with its
    owner's rights: what is gathered from other records (a target's latest reading) is written for every record
    whoever's change it follows, and is not a person's change (no revision, no audit row)."""
    art, model = ARTEFACTS[art_key], model_for(art_key)
    assigned = ", ".join(f"{_q(column_name(model, f.key))} = (r->>{_literal(f.key)})::{_SQL_TYPES[storage(f)]}"
                         for f in art.computed_fields)
    return f"""
CREATE OR REPLACE FUNCTION {derive_function_name(art_key)}(p_rows jsonb) RETURNS void LANGUAGE sql
SECURITY DEFINER SET search_path FROM CURRENT AS $body$
  UPDATE {_q(table_name(model))} AS t SET {assigned} FROM jsonb_array_elements(p_rows) AS r WHERE t.code = r->>'code'
$body$"""


__all__ = ["CHANGE_SEQUENCE", "CHANNEL", "CONTEXT", "REFERENCE_CHANNEL", "REFERENCE_FUNCTION", "audit_text_sql",
           "derive_function_name", "statements"]
