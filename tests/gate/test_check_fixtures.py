"""Data-driven `check` tests: every fixture in tests/fixtures/check/ with its golden output.

`tests/fixtures/check/NAME.yaml` must make
`rlhf-disclosure check [options in NAME.args] tests/fixtures/check/NAME.yaml`, run
from the repository root, print exactly `tests/fixtures/check/NAME.out` on stdout;
its exit code and the summary line on stderr must agree with what it printed. Each
rule of `RULES` has a fixture whose output names it. Adding a case is adding files:
NAME.yaml, NAME.args if it needs options, and NAME.out from `make golden` (review it).

The future-date rule says what today is; the .out files write that date as `TODAY`,
so they do not change from one day to the next.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from rlhf_disclosure.gate.policy import RULES
from tests.cli_helpers import fixture_args, run_clean
from tests.repo import REPO, rel

CHECK = REPO / "tests" / "fixtures" / "check"
FIXTURES = sorted(CHECK.glob("*.yaml"))

_ISSUE = re.compile(r"(?P<severity>error|warning)\[(?P<code>[\w-]+)\]")


def stable(stdout: str, *days: dt.date) -> str:
    """`stdout` with today's date (as the future-date rule gives it) written as TODAY."""
    for day in days:
        stdout = stdout.replace(f"(today is {day.isoformat()})", "(today is TODAY)")
    return stdout


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_check_fixture_prints_its_golden_output(
    path: Path, in_repo: Path, golden: Callable[[str, Path], None]
) -> None:
    args = fixture_args(path)
    before = dt.date.today()
    result = run_clean("check", *args, rel(path))
    after = dt.date.today()  # the run may cross midnight
    # Every line is an issue located in the file, with its severity and code.
    found = []
    for line in result.stdout.splitlines():
        place, _, rest = line.partition(": ")
        assert re.fullmatch(rf"{re.escape(rel(path))}:\d+:\d+", place), line
        issue = _ISSUE.match(rest)
        assert issue, line
        found.append(issue["severity"])
    errors, warnings = found.count("error"), found.count("warning")
    fails = errors > 0 or ("--strict" in args and warnings > 0)
    assert result.exit_code == (1 if fails else 0), result.output
    assert result.stderr == (
        f"1 file checked: {0 if fails else 1} valid, {1 if fails else 0} invalid; "
        f"{errors} error(s), {warnings} warning(s)\n"
    )
    golden(stable(result.stdout, before, after), path.with_suffix(".out"))


def test_every_check_fixture_has_golden_output_and_no_output_is_orphaned() -> None:
    outs = {p.stem for p in CHECK.glob("*.out")}
    yamls = {p.stem for p in FIXTURES}
    assert outs == yamls, {"without .out": yamls - outs, "without .yaml": outs - yamls}
    args = {p.stem for p in CHECK.glob("*.args")}
    assert args <= yamls, {"without .yaml": args - yamls}


def test_every_rule_has_a_fixture_that_triggers_it() -> None:
    """A new rule in RULES needs a fixture here whose golden output shows it firing."""
    shown = {
        issue["code"]
        for out in CHECK.glob("*.out")
        for issue in _ISSUE.finditer(out.read_text(encoding="utf-8"))
    }
    assert set(RULES) <= shown, sorted(set(RULES) - shown)
