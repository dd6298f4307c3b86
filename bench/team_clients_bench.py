"""Benchmark: 20 clients saving at once to one team database (PostgreSQL over loopback): the lead and the members of
8 departments, each a real account (store.accounts.add_user) in a process of its own, make 2,000 changes in all to
their departments' issues, each change read, then saved on the revision read (saved again when another client was
first). Counted from what every client says it did: lost updates and missing or wrong audit rows (both must be 0);
timed: each save (p50, p95; goal p95 < 100 ms), beside the same clients making the same changes with bare psycopg.
Twice: flat out (each client saves again as soon as it can: 20 busy processes and the server share this machine's
cores, so the latency is mostly waiting for a core) and at a pace (PACE seconds between a client's saves on
average, as people at their own desktops would be, if very busy ones).

    REVIEWDESK_TEST_PG=postgresql://USER@127.0.0.1:PORT/postgres python bench/team_clients_bench.py
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import ROOT, Row, machine, peak_mib, table  # noqa: E402
from bench.server import SKIPPED, copy_of, databases, name_of, server, url_of  # noqa: E402

MEMBERS = (2, 2, 2, 2, 1, 1, 1, 1)  # per department, beside its lead: 8 leads and 12 members, 20 clients
CHANGES = 2_000
ISSUES_PER_DEPARTMENT = 25
FIELDS = ("notes", "root_cause")  # what a member may change in its department's issues (a lead may too)
SOURCE = "form"  # as the window's editor saves
PACE = 0.5  # seconds between one client's saves on average (at random), in the paced round


@dataclass(frozen=True)
class Client:
    account: str
    password: str
    department: str
    codes: tuple[str, ...]  # the department's issues


def prepare(url: str) -> list[Client]:
    """A team database with the demo's 8 departments and people, 25 issues each, and the 20 accounts."""
    from reviewdesk import store
    from reviewdesk.store import accounts, demo, reference

    store.setup(url)
    for code, zh, en in demo.DEPARTMENTS:
        reference.save_department(code, zh, en, who="bench")
    for name, dept, role in demo.PEOPLE:
        reference.save_person(name, dept, role, who="bench")
    clients = []
    for (dept, _, _), members in zip(demo.DEPARTMENTS, MEMBERS):
        made = store.create_many("issue", [{"title": f"{dept} 问题 {n}", "category": "efficiency", "impact": "high",
                                            "frequency": "high", "department": dept}
                                           for n in range(ISSUES_PER_DEPARTMENT)], who="bench")
        codes = tuple(change.code for change in made)
        for role, name in [("lead", "lead"), *(("member", f"member{n}") for n in range(1, members + 1))]:
            account = f"{name_of(url)}_{dept.lower()}_{name}"
            accounts.add_user(account, department=dept, role=role, password=f"pw {account}")
            clients.append(Client(account, f"pw {account}", dept, codes))
    store.close()
    return clients


class _ReviewDesk:
    """A client saving as the window's editor does: the record read, then store.update on its revision."""

    def __init__(self, url: str, account: str) -> None:
        from reviewdesk import store

        self.store, self.account = store, account
        store.open_database(url)

    def read(self, code: str, field: str) -> tuple[int, str | None]:
        record = self.store.get_record(code)
        return record["revision"], record[field]

    def save(self, code: str, field: str, value: str, revision: int) -> int | None:
        """The change's number, or None when another client saved the record first."""
        try:
            return self.store.update(code, {field: value}, expected_revision=revision, who=self.account,
                                     source=SOURCE).id
        except self.store.StaleRevision:
            return None


class _Bare:
    """The same client with bare psycopg: the row read, the same UPDATE checked against its revision."""

    def __init__(self, url: str, account: str) -> None:
        import psycopg

        self.connection = psycopg.connect(url, autocommit=True)

    def read(self, code: str, field: str) -> tuple[int, str | None]:
        return self.connection.execute(f'SELECT revision, "{field}" FROM issue WHERE code = %s', (code,)).fetchone()

    def save(self, code: str, field: str, value: str, revision: int) -> int | None:
        with self.connection.transaction():
            self.connection.execute("SELECT set_config('reviewdesk.source', %s, true)", (SOURCE,))
            row = self.connection.execute(f'UPDATE issue SET "{field}" = %s, revision = %s WHERE code = %s AND '
                                          'revision = %s RETURNING last_change', (value, revision + 1, code, revision)
                                          ).fetchone()
        return row[0] if row else None


def client(mode: str, url: str, account: str, codes: list[str], count: int, pace: float, go: Path) -> dict:
    """Make `count` changes (random issue of the department, random field), each read then saved on the revision
    read, again until it is saved, `pace` seconds apart on average; what was done and how long each save took."""
    rng = random.Random(account)
    saver = (_ReviewDesk if mode == "reviewdesk" else _Bare)(url, account)
    print("ready", flush=True)
    while not go.exists():
        time.sleep(0.005)
    done, seconds, cpu, refused = [], [], [], 0
    for n in range(count):
        if pace:
            time.sleep(rng.expovariate(1 / pace))
        code, field = rng.choice(codes), rng.choice(FIELDS)
        value = f"{account} 第 {n} 次"
        while True:
            revision, old = saver.read(code, field)
            started, started_cpu = time.perf_counter(), time.process_time()
            change_id = saver.save(code, field, value, revision)
            seconds.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
            if change_id is not None:
                break
            refused += 1
        done.append({"code": code, "field": field, "old": old, "new": value, "revision": revision + 1,
                     "change_id": change_id, "who": account})
    return {"done": done, "seconds": seconds, "cpu": cpu, "refused": refused, "peak_mib": peak_mib()}


def run_round(mode: str, url: str, clients: list[Client], pace: float) -> dict:
    """Every client in a process of its own, started together; their reports and the round's wall time."""
    with tempfile.TemporaryDirectory() as folder:
        go = Path(folder) / "go"
        processes = []
        for index, one in enumerate(clients):
            count = CHANGES // len(clients) + (index < CHANGES % len(clients))
            processes.append(subprocess.Popen(
                [sys.executable, __file__, "--client", mode, url_of(name_of(url), one.account), one.account,
                 ",".join(one.codes), str(count), str(pace), str(go)],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                env=dict(os.environ, PGPASSWORD=one.password)))
        for process in processes:
            line = process.stdout.readline().strip()
            if line != "ready":
                raise RuntimeError(f"a client did not start: {line} {process.stderr.read()[-3000:]}")
        started = time.perf_counter()
        go.touch()
        reports = []
        for process in processes:
            out, err = process.communicate()
            if process.returncode:
                raise RuntimeError(f"a client failed:\n{err[-3000:]}")
            reports.append(json.loads(out.strip().splitlines()[-1]))
    return {"wall": time.perf_counter() - started, "reports": reports}


def lost_updates(url: str, done: list[dict]) -> int:
    """Saves that wrote over a value they had not read, or that the records do not hold now: per record, its saves
    in revision order must run 2, 3, 4 …, each one's old value the previous one's new value of that field, and the
    record must end as the last of them left it."""
    import psycopg

    lost = 0
    by_code: dict[str, list[dict]] = {}
    for change in done:
        by_code.setdefault(change["code"], []).append(change)
    with psycopg.connect(url) as admin:
        now = {code: (revision, dict(zip(FIELDS, values))) for code, revision, *values in admin.execute(
            f"SELECT code, revision, {', '.join(FIELDS)} FROM issue WHERE code = ANY(%s)", (list(by_code),))}
    for code, changes in by_code.items():
        revision, values = 1, dict.fromkeys(FIELDS)
        for change in sorted(changes, key=lambda c: c["revision"]):
            lost += change["revision"] != revision + 1 or change["old"] != values[change["field"]]
            revision, values[change["field"]] = change["revision"], change["new"]
        lost += now[code] != (revision, values)
    return lost


def audit_faults(url: str, done: list[dict]) -> tuple[int, int]:
    """(missing or wrong, unexplained) audit rows: each save must have exactly one update row under its change
    number saying who, which field, old → new, the revision and the source; no other update row may exist."""
    import psycopg

    with psycopg.connect(url) as admin:
        rows = admin.execute("SELECT change_id, code, field, old, new, who, revision, source FROM audit_entry "
                             "WHERE artefact = 'issue' AND action = 'update'").fetchall()
    by_change: dict[int, list[tuple]] = {}
    for change_id, *rest in rows:
        by_change.setdefault(change_id, []).append(tuple(rest))
    faults = sum(by_change.get(c["change_id"]) != [(c["code"], c["field"], c["old"], c["new"], c["who"],
                                                     c["revision"], SOURCE)] for c in done)
    return faults, len(set(by_change) - {c["change_id"] for c in done})


def summary(round_: dict, url: str) -> dict:
    """A round's figures: save latency, CPU per save, refusals, and the two counts that must be 0."""
    reports = round_["reports"]
    seconds = sorted(s for r in reports for s in r["seconds"])
    done = [c for r in reports for c in r["done"]]
    faults, unexplained = audit_faults(url, done)
    return {"p50": statistics.median(seconds), "p95": seconds[int(len(seconds) * 0.95) - 1],
            "cpu": statistics.median(c for r in reports for c in r["cpu"]), "wall": round_["wall"],
            "changes": len(done), "refused": sum(r["refused"] for r in reports), "lost": lost_updates(url, done),
            "audit_faults": faults + unexplained, "peak_mib": max(r["peak_mib"] for r in reports)}


def rows_for() -> list[Row]:
    """Both kinds of client, flat out and at a pace, each round on its own copy of the prepared database, as result
    rows: p50, and p95 with the goal."""
    with databases() as new:
        url = new("clients")
        clients = prepare(url)
        figures = {}
        for pace in (0, PACE):
            for mode in ("bare", "reviewdesk"):
                copy = copy_of(url)
                figures[mode, pace] = summary(run_round(mode, copy, clients, pace), copy)
    rows = []
    for pace in (0, PACE):
        ours, bare = figures["reviewdesk", pace], figures["bare", pace]
        said = [f"{ours['changes']:,} changes in {ours['wall']:.1f} s, {ours['refused']} saves refused as stale and "
                "made again", _count(ours["lost"], "lost updates"),
                _count(ours["audit_faults"], "missing or wrong audit rows")]
        how = f"a save every {pace} s per client on average" if pace else "flat out"
        data = (f"{len(clients)} clients (8 leads, {len(clients) - 8} members of 8 departments), {how}, "
                f"{8 * ISSUES_PER_DEPARTMENT} issues: " + "; ".join(said))
        floor_label = (f"the same clients with bare psycopg, the same read and UPDATE with revision check; "
                       f"{bare['refused']} refused, {bare['lost']} lost, {bare['audit_faults']} audit faults")
        for quantile, goal in (("p50", None), ("p95", 0.1)):
            rows.append(Row(f"20 clients at once on a team database, {how}: one save, {quantile}", data,
                            {"cpu": ours["cpu"], "seconds": ours[quantile], "peak_mib": ours["peak_mib"]},
                            {"cpu": bare["cpu"], "seconds": bare[quantile], "peak_mib": bare["peak_mib"]},
                            floor_label, goal=goal, goal_seconds=True, by_wall=True))
    return rows


def _count(n: int, what: str) -> str:
    return f"{n} {what}" if n == 0 else f"**{n} {what}**"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--client", nargs=7, metavar=("MODE", "URL", "ACCOUNT", "CODES", "COUNT", "PACE", "GO"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client:
        mode, url, account, codes, count, pace, go = args.client
        print(json.dumps(client(mode, url, account, codes.split(","), int(count), float(pace), Path(go))))
        return
    if not server():
        print(SKIPPED)
        return
    print(f"Machine: {machine()}\n")
    print(table(rows_for()))


if __name__ == "__main__":
    main()
