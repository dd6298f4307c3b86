"""The long mutant run of issue #19: thousands of seeded mutants and every fixed case, outcomes tabled per kind."""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from corpus.mutant_pool import Outcome, Pool, class_rows, failed, kind_rows, report  # noqa: E402
from corpus.mutants import FIXED, KINDS, fixed_recipes, prepare, recipes  # noqa: E402
from reviewdesk.desktop.cli.output import table  # noqa: E402


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=2000, help="seeded mutants (default 2000)")
    parser.add_argument("--seed", default="19")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds one mutant may take")
    parser.add_argument("--kinds", help=f"comma-separated, of: {', '.join(KINDS)}")
    parser.add_argument("--fixed", help=f"only these fixed cases (comma-separated), of: {', '.join(FIXED)}")
    parser.add_argument("--no-fixed", action="store_true", help="seeded mutants only")
    parser.add_argument("--out", type=Path, help="folder for the sources and the failing mutants (default: a new "
                                                 "temporary folder, kept)")
    parser.add_argument("--keep", action="store_true", help="keep every mutant, not only the failing ones")
    return parser.parse_args(argv)


def chosen(args: argparse.Namespace, origin) -> list:
    fixed = [] if args.no_fixed else [r for r in fixed_recipes(slow=True)
                                      if not args.fixed or r.kind in args.fixed.split(",")]
    seeded = [] if args.fixed else recipes(origin, args.count, args.seed, args.kinds.split(",") if args.kinds else None)
    return fixed + seeded


def progress(total: int, started: float):
    done = [0]

    def tick(outcome: Outcome) -> None:
        done[0] += 1
        if done[0] % 100 == 0 or done[0] == total or outcome.recipe.seed is None:
            print(f"  {done[0]}/{total} in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return tick


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="reviewdesk-mutants-"))
    started = time.monotonic()
    with Pool(out / "runs", workers=args.workers, timeout=args.timeout, keep=args.keep) as pool:
        origin = prepare(out / "origin")
        todo = chosen(args, origin)
        print(f"{len(todo)} mutants, {args.workers} workers, sources in {out / 'origin'}", file=sys.stderr)
        outcomes = pool.run(origin, todo, progress(len(todo), started))
    print(table(["kind", "family", "mutants", "exit 0", "exit 1", "failed", "slowest", "most common exit-1 message"],
                kind_rows(outcomes)))
    if failed(outcomes):
        print()
        print("\n".join(f"{n:>5}  {cls}\n       kinds: {kinds}" for cls, n, kinds in class_rows(outcomes)))
        print(report(outcomes))
    print(f"\n{len(outcomes)} mutants, {len(failed(outcomes))} failing, in {time.monotonic() - started:.0f} s; "
          f"failing mutants kept in {out / 'runs' / 'mutants'}")
    return 1 if failed(outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
