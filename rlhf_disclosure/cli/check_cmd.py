"""`check`: validate, then apply the policy; a summary line and, on a terminal, progress."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import typer

from ..check import policy_issues
from ..issues import Issue, sort_issues
from ..policy import Policy
from ..report_issues import github_line, render_json, summary_line, text_line
from ..validate import check_file, expand_paths, validate_model_bytes

PROGRESS_AFTER = 5


def load_policy(path: str | None) -> tuple[Policy | None, list[Issue]]:
    if path is None:
        return Policy(), []
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        return None, [
            Issue(path, 1, 1, "", "policy-unreadable", f"cannot read policy: {exc.strerror}")
        ]
    return validate_model_bytes(raw, path, Policy)


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
    policy, issues = load_policy(policy_path)
    if policy is None:
        for issue in issues:
            typer.echo(text_line(issue, color), err=True)
        return 1
    files, issues = expand_paths(paths)
    verdicts: list[tuple[str, bool]] = []
    day = today or dt.date.today()
    show_progress = len(files) > PROGRESS_AFTER and sys.stderr.isatty()
    with typer.progressbar(
        files, label="checking", file=sys.stderr, hidden=not show_progress
    ) as progress:
        for name in progress:
            result = check_file(name, max_size)
            found = policy_issues(result, policy, day, min_coverage)
            failing = [i for i in found if i.severity == "error" or strict]
            verdicts.append((name, not failing))
            issues.extend(found)
    issues = sort_issues(issues)
    if fmt == "json":
        typer.echo(render_json(verdicts, issues))
    elif fmt == "github":
        for issue in issues:
            typer.echo(github_line(issue))
        typer.echo(summary_line(verdicts, issues), err=True)
    else:
        for issue in issues:
            typer.echo(text_line(issue, color))
        typer.echo(summary_line(verdicts, issues), err=True)
    failed = any(i.severity == "error" or strict for i in issues)
    return 1 if failed or not all(ok for _, ok in verdicts) else 0
