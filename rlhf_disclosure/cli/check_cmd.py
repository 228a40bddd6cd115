"""`check`: validate, then apply the policy; a summary line and, on a terminal, progress."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable
from contextlib import AbstractContextManager

import typer

from ..gate.run import check_paths, coverage_by_file, load_policy
from ..output.reporters import report, text_line
from .output import emit

PROGRESS_AFTER = 5


def _progress(files: list[str]) -> AbstractContextManager[Iterable[str]]:
    hidden = len(files) <= PROGRESS_AFTER or not sys.stderr.isatty()
    return typer.progressbar(files, label="checking", file=sys.stderr, hidden=hidden)


def run_check(
    paths: list[str],
    policy_path: str | None,
    min_coverage: float | None,
    strict: bool,
    fmt: str,
    max_size: int,
    color: bool,
    today: dt.date | None = None,
) -> int:
    policy, problems = load_policy(policy_path, max_size)
    if policy is None:
        # A broken policy is a configuration problem: on stderr for people, and in the
        # machine formats where their readers look for it.
        if fmt == "text":
            for issue in problems:
                typer.echo(text_line(issue, color), err=True)
        else:
            emit(report(fmt, [], problems, color))
        return 1
    batch = check_paths(
        paths,
        policy,
        policy_path=policy_path,
        min_coverage=min_coverage,
        strict=strict,
        max_size=max_size,
        today=today,
        progress=_progress,
    )
    coverage = coverage_by_file(batch) if fmt == "json" else None
    emit(report(fmt, batch.verdicts, batch.issues, color, coverage))
    return batch.exit_code(strict)
