"""Seeded mutants of returned workbooks (issue #19): exit 0 or 1, no traceback, exactly the plan applied, no crash."""
from __future__ import annotations

import pytest

from corpus.mutant_pool import Outcome, Pool, failed, report
from corpus.mutants import ALL_ZH, FIXED, KINDS, Recipe, fixed_recipes, prepare, recipes, soffice

COUNT, SEED, WORKERS = 150, 19, 2  # the long run: python bench/mutants.py --count 3000 --seed S


@pytest.fixture(scope="module")
def pool(tmp_path_factory):
    with Pool(tmp_path_factory.mktemp("mutant-runs"), workers=WORKERS, timeout=60.0) as workers:
        yield workers


@pytest.fixture(scope="module")
def origin(tmp_path_factory, pool):  # after the pool: its workers start while the sources are exported
    return prepare(tmp_path_factory.mktemp("mutant-origin"))


@pytest.fixture(scope="module")
def outcomes(pool, origin) -> dict[str, Outcome]:
    """The fixed cases and the seeded mutants, by name, checked in one run of the pool."""
    return {o.recipe.name: o for o in pool.run(origin, fixed_recipes() + recipes(origin, COUNT, SEED))}


def test_every_kind_is_among_the_seeded_mutants(outcomes):
    seeded = {o.recipe.kind for o in outcomes.values() if o.recipe.seed}
    expected = {k for k in KINDS if soffice() or KINDS[k].family != "libreoffice"}
    assert seeded == expected


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed (.ci/run installs it)")
def test_libreoffice_re_saves_are_sources(origin):
    assert {"lo_all_zh.xlsx", "lo_all_zh.ods", "lo_issues_en.xlsx"} <= set(origin.sources)


def test_seeded_mutants_import_cleanly(outcomes):
    seeded = [o for o in outcomes.values() if o.recipe.seed]
    assert len(seeded) == COUNT
    if failed(seeded):
        pytest.fail(f"{len(failed(seeded))} of {COUNT} mutants fail:{report(seeded)}", pytrace=False)


@pytest.mark.parametrize("name", [name for name, case in FIXED.items() if not case.slow])
def test_fixed_case(name, outcomes):
    if outcomes[name].failures:
        pytest.fail(report([outcomes[name]]), pytrace=False)


def test_a_native_abort_is_recorded_and_the_pool_goes_on(pool, origin):
    aborted, after = pool.run(origin, [Recipe("worker_abort", "worker_abort", ALL_ZH),
                                       Recipe("after_abort", "swapped_sheet_names", ALL_ZH)])
    assert [f.cls for f in aborted.failures] == ["crash: signal SIGABRT (exit 134 in a shell)"]
    assert after.description and not any(f.cls.startswith("crash") for f in after.failures)
