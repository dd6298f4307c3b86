"""Imports of mutants in long-lived worker processes, checked against the invariants of issue #19 (crashes included)."""
from __future__ import annotations

import collections
import hashlib
import json
import multiprocessing
import os
import resource
import signal
import sqlite3
import sys
import time
import traceback
from dataclasses import dataclass, field as dc_field
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any, Callable, Iterable

from corpus.mutants import Mutant, Origin, Recipe, build, family, timeout as recipe_timeout

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("exporters", "store", "desktop", "templates", "reviewdesk")  # where a traceback's own frame is looked for
TAIL = 2000  # characters of output kept in a failure's detail


@dataclass(frozen=True)
class Failure:
    cls: str  # what went wrong, worded the same for the same cause (failures are grouped by it)
    detail: str  # the traceback, the exit code and output, or the difference found
    line: str = ""  # the detail in one line, where its first line is not the telling one

    @property
    def summary(self) -> str:
        return self.line or next((s.strip() for s in self.detail.splitlines() if s.strip()), "")


@dataclass
class Outcome:
    recipe: Recipe
    description: str = ""
    path: str = ""
    exit: int | None = None  # of the real import
    message: str = ""  # the first line saying why it exited 1
    failures: list[Failure] = dc_field(default_factory=list)
    seconds: float = 0.0  # building and checking it


@dataclass
class Run:
    """One `reviewdesk` command run inside a worker."""

    code: int | None
    out: str
    err: str
    error: Failure | None = None  # an exception that escaped cli.main


# --- inside a worker ---

class Console:
    """The worker's stdout and stderr at the file-descriptor level (native messages too), read one command at a time."""

    def __init__(self, folder: Path):
        self.paths = (folder / "stdout", folder / "stderr")
        for fd, path in zip((1, 2), self.paths):
            opened = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND)
            os.dup2(opened, fd)
            os.close(opened)

    def clear(self) -> None:
        self.flush()
        for fd in (1, 2):
            os.ftruncate(fd, 0)

    def read(self) -> tuple[str, str]:
        self.flush()
        out, err = (p.read_bytes().decode(sys.stdout.encoding or "utf-8", "replace") for p in self.paths)
        return out, err

    @staticmethod
    def flush() -> None:
        sys.stdout.flush()
        sys.stderr.flush()


def exception_class(exc: BaseException) -> str:
    """'zlib.error from exporters/returns/workbook.py:_declares_dtd': the type and the innermost frame of ReviewDesk."""
    kind = type(exc)
    name = kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if relative(f.filename).startswith(PRODUCT)] or frames
    return f"{name} from {relative(ours[-1].filename)}:{ours[-1].name}" if ours else name


def relative(filename: str) -> str:
    try:
        return Path(filename).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return filename


def command(console: Console, argv: list[str]) -> Run:
    from reviewdesk.desktop.cli import main as cli

    console.clear()
    code, error = None, None
    try:
        code = cli.main(argv)
    except SystemExit as exc:  # argparse's misuse exit
        code = exc.code
    except BaseException as exc:  # noqa: BLE001 - whatever escapes is the finding
        error = Failure(f"traceback: {exception_class(exc)}",
                        f"`reviewdesk {' '.join(argv)}`\n{traceback.format_exc()}", f"{type(exc).__name__}: {exc}")
    return Run(code, *console.read(), error)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tail(text: str) -> str:
    return text if len(text) <= TAIL else "…" + text[-TAIL:]


def head(text: str, lines: int = 12) -> str:
    kept = text.strip().splitlines()
    return "\n".join(kept[:lines] + (["…"] if len(kept) > lines else []))


def process_failures(step: str, run: Run) -> list[Failure]:
    """No traceback, and exit 0 or 1 only."""
    if run.error:
        return [run.error]
    found = []
    if "Traceback (most recent call last)" in run.out + run.err:
        found.append(Failure(f"traceback printed by the {step}", tail(run.out + run.err), last_line(run.out + run.err)))
    if run.code not in (0, 1):
        found.append(Failure(f"exit code {run.code}", f"{step}: exit {run.code}\n{tail(run.out + run.err)}"))
    return found


def leftovers(step: str, database: Path) -> list[Failure]:
    """No -wal or -shm file beside the database once the command is over."""
    left = [suffix for suffix in ("wal", "shm") if Path(f"{database}-{suffix}").exists()]
    return [Failure(f"{step} left {' and '.join(left)} files", str(database))] if left else []


def unchanged(step: str, path: Path, before: str, what: str) -> list[Failure]:
    return [] if digest(path) == before else [Failure(f"{step} changed the {what}", str(path))]


def read_plan(dry: Run) -> tuple[dict | None, list[Failure]]:
    """The dry run's JSON plan; None when the file was refused before planning (a message on stderr)."""
    if dry.error or not dry.out.strip():
        return None, ([] if dry.error or dry.code == 1 else [Failure("dry run printed no plan", tail(dry.err))])
    try:
        return json.loads(dry.out), []
    except ValueError:
        return None, [Failure("dry run printed unreadable JSON", tail(dry.out))]


def query(database: Path, sql: str, *params: Any) -> list[tuple]:
    connection = sqlite3.connect(str(database))
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def applied_as_planned(console: Console, database: Path, plan: dict, pristine: str) -> list[Failure]:
    """The batch holds exactly the plan's creations and updates, with the planned values, and `check` passes."""
    batches = [row[0] for row in query(database, "SELECT id FROM import_batch")]
    if not (plan["created"] or plan["updated"]):
        return [] if not batches and digest(database) == pristine else [
            Failure("an import with nothing to apply changed the database", f"batches {batches}")]
    if len(batches) != 1:
        return [Failure("the planned changes were not applied as one batch", f"batches {batches}")]
    updates = query(database, "SELECT artefact, code, field FROM audit_entry WHERE batch = ? AND action = 'update'",
                    batches[0])
    created = created_codes(database, batches[0])
    return (compare_updates(plan, updates) + compare_creations(plan, created)
            + compare_values(console, database, plan, created) + check_database(console, database))


def created_codes(database: Path, batch: int) -> dict[str, list[str]]:
    """Artefact -> the codes the batch created, in the order they were made."""
    codes: dict[str, list[str]] = collections.defaultdict(list)
    for art, code in query(database, "SELECT artefact, code FROM audit_entry WHERE batch = ? AND action = 'create' "
                                     "GROUP BY artefact, code ORDER BY MIN(id)", batch):
        codes[art].append(code)
    return codes


def compare_updates(plan: dict, updates: list[tuple]) -> list[Failure]:
    from reviewdesk.templates import artefact

    planned = {(u["code"], u["field"]) for u in plan["updated"]}
    applied = {(code, field) for art, code, field in updates if not artefact(art).field(field).is_computed}
    if planned == applied:
        return []
    return [Failure("applied updates differ from the dry-run plan",
                    f"planned only: {sorted(planned - applied)}\napplied only: {sorted(applied - planned)}")]


def compare_creations(plan: dict, created: dict[str, list[str]]) -> list[Failure]:
    planned = collections.Counter(c["artefact"] for c in plan["created"])
    applied = collections.Counter({art: len(codes) for art, codes in created.items()})
    if planned == applied:
        return []
    return [Failure("applied creations differ from the dry-run plan",
                    f"planned {dict(planned)}, applied {dict(applied)}")]


def compare_values(console: Console, database: Path, plan: dict, codes: dict[str, list[str]]) -> list[Failure]:
    """What `list --json` shows now is what the plan said: every updated field's new value, every new record."""
    expected: dict[str, dict[str, Any]] = collections.defaultdict(dict)  # code -> field -> value
    for u in plan["updated"]:
        expected[u["code"]][u["field"]] = u["new"]
    for art, made in codes.items():
        for code, created in zip(made, (c for c in plan["created"] if c["artefact"] == art)):
            expected[code].update(created["values"])
    arts = {u["artefact"] for u in plan["updated"]} | set(codes)
    stored = {}
    for art in sorted(arts):
        listed = command(console, ["--db", str(database), "list", art, "--json"])
        if listed.error or listed.code != 0:
            return process_failures("list", listed) or [Failure("list fails after the import", tail(listed.err))]
        stored.update({r["code"]: r for r in json.loads(listed.out)})
    wrong = [f"{code} {key}: planned {value!r}, stored {stored.get(code, {}).get(key, '(no record)')!r}"
             for code, fields in expected.items() for key, value in fields.items()
             if stored.get(code, {}).get(key) != value]
    return [Failure("stored values differ from the dry-run plan", "\n".join(wrong[:20]))] if wrong else []


def check_database(console: Console, database: Path) -> list[Failure]:
    checked = command(console, ["--db", str(database), "check"])
    if checked.error or checked.code != 0:
        return process_failures("check", checked) or [
            Failure("check fails after the import", tail(checked.out + checked.err))]
    return leftovers("check", database)


def not_left_out(mutant: Mutant, plan: dict | None, dry: Run) -> list[Failure]:
    """Every edit the mutant made is in the plan (updated, not permitted or in conflict), or the import exits 1
    with a message naming its sheet."""
    found = []
    listed = [i for key in ("updated", "not_permitted", "conflicts") for i in (plan or {}).get(key, [])]
    said = dry.err + json.dumps((plan or {}).get("errors", []), ensure_ascii=False)
    for edit in mutant.edits:
        if any(i.get("code") == edit.code and i.get("field") == edit.field for i in listed):
            continue
        if dry.code == 1 and any(sheet in said for sheet in edit.sheets):
            continue
        cls = ("an edited sheet was silently left out of the plan" if dry.code == 0 else
               "the import was refused without naming the edited sheet")
        found.append(Failure(cls, f"{edit.code} {edit.field} (sheet {' / '.join(edit.sheets)}) is not in the plan, "
                                  f"and no message names the sheet (dry run exit {dry.code}: "
                                  f"{first_line(dry, plan) or 'no message'})"))
    return found


def first_line(run: Run, plan: dict | None) -> str:
    """The first line saying why a command was refused: its stderr, else the plan's first error."""
    if run.err.strip():
        return run.err.strip().splitlines()[0]
    errors = (plan or {}).get("errors") or [{}]
    return errors[0].get("message", "")


def check(mutant: Mutant, database: Path, scratch: Path, console: Console) -> Outcome:
    """Dry run, then the real import on a fresh copy of the database, every invariant checked on the way."""
    pristine, before = digest(database), digest(mutant.path)
    dry_db, real_db = scratch / "dry.sqlite3", scratch / "real.sqlite3"
    for fresh in (dry_db, real_db):
        fresh.write_bytes(database.read_bytes())
    dry = command(console, ["--db", str(dry_db), "import", "--dry-run", "--json", str(mutant.path)])
    failures = (process_failures("dry run", dry) + leftovers("the dry run", dry_db)
                + unchanged("the dry run", dry_db, pristine, "database")
                + unchanged("the dry run", mutant.path, before, "workbook"))
    plan, unread = read_plan(dry)
    real = command(console, ["--db", str(real_db), "import", str(mutant.path)])
    failures += unread + process_failures("import", real) + leftovers("the import", real_db)
    failures += unchanged("the import", mutant.path, before, "workbook")
    if {real.code, dry.code} == {0, 1}:
        failures.append(Failure("the dry run and the import disagree", f"dry run exit {dry.code}, import exit "
                                f"{real.code}\n{tail(real.out + real.err)}"))
    if real.code == 0 and dry.code == 0 and plan is not None:
        failures += applied_as_planned(console, real_db, plan, pristine)
    if real.code != 0:
        failures += unchanged("the refused import", real_db, pristine, "database")
    failures += not_left_out(mutant, plan, dry)
    return Outcome(mutant.recipe, mutant.description, str(mutant.path), real.code,
                   first_line(real, plan) if real.code == 1 else "", once_per_class(failures))


def once_per_class(failures: list[Failure]) -> list[Failure]:
    """The first failure of each class: the same cause in the dry run and the import is reported once."""
    first: dict[str, Failure] = {}
    for failure in failures:
        first.setdefault(failure.cls, failure)
    return list(first.values())


def attempt(recipe: Recipe, origin: Origin, folder: Path, scratch: Path, console: Console, keep: bool,
            built: Callable[[Mutant], None]) -> Outcome:
    started = time.monotonic()
    try:
        mutant = build(recipe, origin, folder)
    except Exception:  # noqa: BLE001 - a harness bug, reported as such
        return Outcome(recipe, failures=[Failure("harness: the mutant could not be built", traceback.format_exc())])
    built(mutant)
    try:
        outcome = check(mutant, origin.database, scratch, console)
    finally:
        for used in scratch.glob("*.sqlite3*"):  # the database copies and the import's backups
            used.unlink()
    if not outcome.failures and not keep:
        mutant.path.unlink()
    outcome.seconds = time.monotonic() - started
    return outcome


def serve(conn, folder: str, number: int, keep: bool) -> None:
    """A worker: imports the CLI once, then builds and checks one mutant per message until it gets None."""
    scratch = Path(folder) / f"worker{number}"
    scratch.mkdir(parents=True, exist_ok=True)
    mutants = Path(folder) / "mutants"
    mutants.mkdir(exist_ok=True)
    console = Console(scratch)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a native abort leaves no core file behind
    os.environ["REVIEWDESK_USER"] = "mutants"
    os.environ.pop("REVIEWDESK_DB", None)
    import reviewdesk.desktop.cli.main  # noqa: F401 - once, so that each command costs only its own work

    while (job := conn.recv()) is not None:
        recipe, origin = job
        outcome = attempt(recipe, origin, mutants, scratch, console, keep,
                          lambda m: conn.send(("built", m.description, str(m.path))))
        conn.send(("done", outcome))


# --- the caller's side ---

@dataclass
class Worker:
    number: int
    process: Any
    conn: Any
    outcome: Outcome | None = None  # of the mutant it holds, as far as known
    deadline: float = 0.0


class Pool:
    """Long-lived 'spawn' worker processes, one mutant at a time each; one that dies or hangs is replaced, and the
    mutant it held gets the failure (a signal such as SIGABRT, or a timeout)."""

    def __init__(self, folder: Path, *, workers: int = 2, timeout: float = 60.0, keep: bool = False):
        self.folder, self.timeout, self.keep = folder, timeout, keep
        self.context = multiprocessing.get_context("spawn")
        self.workers = [self.start(n) for n in range(workers)]

    def start(self, number: int) -> Worker:
        ours, theirs = self.context.Pipe()
        process = self.context.Process(target=serve, args=(theirs, str(self.folder), number, self.keep), daemon=True,
                                       name=f"mutant-worker-{number}")
        process.start()
        theirs.close()
        return Worker(number, process, ours)

    def run(self, origin: Origin, recipes: Iterable[Recipe],
            progress: Callable[[Outcome], None] | None = None) -> list[Outcome]:
        """Every recipe's outcome, in the order given."""
        queue = collections.deque(recipes)
        order = {r.name: i for i, r in enumerate(queue)}
        done: list[Outcome] = []
        while queue or any(w.outcome for w in self.workers):
            for worker in self.workers:
                if worker.outcome is None and queue:
                    self.give(worker, queue.popleft(), origin)
            busy = [w for w in self.workers if w.outcome]
            wait([w.conn for w in busy] + [w.process.sentinel for w in busy],
                 timeout=max(0.0, min(w.deadline for w in busy) - time.monotonic()))
            for worker in busy:
                outcome = self.collect(worker)
                if outcome is not None:
                    done.append(outcome)
                    if progress:
                        progress(outcome)
        return sorted(done, key=lambda o: order[o.recipe.name])

    def give(self, worker: Worker, recipe: Recipe, origin: Origin) -> None:
        worker.outcome = Outcome(recipe)
        worker.deadline = time.monotonic() + recipe_timeout(recipe, self.timeout)
        worker.conn.send((recipe, origin))

    def collect(self, worker: Worker) -> Outcome | None:
        """The worker's outcome once it has one, died or ran out of time; None while it is still working."""
        try:
            while worker.conn.poll():
                message = worker.conn.recv()
                if message[0] == "built":
                    worker.outcome.description, worker.outcome.path = message[1:]
                else:
                    worker.outcome = None
                    return message[1]
        except (EOFError, OSError):
            pass  # it died: its sentinel says so below
        if not worker.process.is_alive():
            said = self.stderr(worker)
            return self.replace(worker, Failure(f"crash: {death(worker.process.exitcode)}",
                                                f"the worker died; it wrote:\n{head(said)}", head(said, 1)))
        if time.monotonic() > worker.deadline:
            worker.process.kill()
            allowed = recipe_timeout(worker.outcome.recipe, self.timeout)
            return self.replace(worker, Failure("timeout", f"no result after {allowed:.0f} s"))
        return None

    def stderr(self, worker: Worker) -> str:
        path = self.folder / f"worker{worker.number}" / "stderr"
        return path.read_bytes().decode("utf-8", "replace") if path.exists() else ""

    def replace(self, worker: Worker, failure: Failure) -> Outcome:
        outcome = worker.outcome
        outcome.failures.append(failure)
        worker.process.join(10)
        worker.conn.close()
        self.workers[self.workers.index(worker)] = self.start(worker.number)
        return outcome

    def close(self) -> None:
        for worker in self.workers:
            try:
                worker.conn.send(None)
            except OSError:
                pass
        for worker in self.workers:
            worker.process.join(10)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def death(exitcode: int | None) -> str:
    """How a worker ended: 'signal SIGABRT (exit 134 in a shell)' or 'exit N'."""
    if exitcode is not None and exitcode < 0:
        return f"signal {signal.Signals(-exitcode).name} (exit {128 - exitcode} in a shell)"
    return f"exit {exitcode}"


# --- reporting ---

def failed(outcomes: Iterable[Outcome]) -> list[Outcome]:
    return [o for o in outcomes if o.failures]


def by_class(outcomes: Iterable[Outcome]) -> dict[str, list[tuple[Outcome, Failure]]]:
    grouped: dict[str, list[tuple[Outcome, Failure]]] = collections.defaultdict(list)
    for outcome in outcomes:
        for failure in outcome.failures:
            grouped[failure.cls].append((outcome, failure))
    return dict(sorted(grouped.items(), key=lambda kv: (-len(kv[1]), kv[0])))


def last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else ""


def report(outcomes: Iterable[Outcome]) -> str:
    """Every failing mutant grouped per failure class: its kind, source, damage, exit code and the last line of what
    went wrong, then the whole detail of the first one."""
    lines = []
    for cls, items in by_class(outcomes).items():
        lines.append(f"\n=== {cls}: {len(items)} mutant(s)")
        for outcome, failure in items:
            r = outcome.recipe
            ended = "no exit code" if outcome.exit is None else f"import exit {outcome.exit}"
            lines.append(f"  {r.name} [{r.kind} of {r.source}] {outcome.description} — {ended}; {failure.summary}")
        lines += ["    | " + line for line in items[0][1].detail.rstrip().splitlines()]
    return "\n".join(lines)


def kind_rows(outcomes: Iterable[Outcome]) -> list[list[str]]:
    """Per kind: mutants, exit 0, exit 1, failed, the slowest, and the most common exit-1 message."""
    rows: dict[str, dict[str, Any]] = {}
    for o in outcomes:
        row = rows.setdefault(o.recipe.kind, {"n": 0, 0: 0, 1: 0, "failed": 0, "slowest": 0.0,
                                              "messages": collections.Counter()})
        row["n"] += 1
        row["slowest"] = max(row["slowest"], o.seconds)
        row["failed"] += bool(o.failures)
        if o.exit in (0, 1):
            row[o.exit] += 1
        if o.exit == 1 and o.message:
            row["messages"][o.message.replace(Path(o.path).name, "FILE")[:60]] += 1
    return [[kind, family(kind), str(r["n"]), str(r[0]), str(r[1]), str(r["failed"]), f"{r['slowest']:.1f} s",
             r["messages"].most_common(1)[0][0] if r["messages"] else ""] for kind, r in sorted(rows.items())]


def class_rows(outcomes: Iterable[Outcome]) -> list[list[str]]:
    """Per failure class: mutants and the kinds they came from."""
    return [[cls, str(len(items)), ", ".join(f"{k} ×{n}" for k, n in
                                              collections.Counter(o.recipe.kind for o, _ in items).most_common())]
            for cls, items in by_class(outcomes).items()]
