"""`check`: validate, then apply the policy; a summary line and, on a terminal, progress."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import typer

from ..coverage.items import applicable_share, floor_tenth, item_statuses, tally
from ..gate.policy import Policy
from ..gate.pragmas import FileIgnores, file_ignores
from ..gate.rules import policy_issues
from ..issues import Issue, sort_issues
from ..output.reporters import github_line, render_json, summary_line, text_line
from ..reading.files import expand_paths
from ..schema import Disclosure
from ..validation.validate import Result, check_file, validate_model_bytes

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
    return validate_model_bytes(raw, path, Policy, "policy_version")


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
    policy, problems = load_policy(policy_path)
    if policy is None:
        # A broken policy is a configuration problem: on stderr for people, and in the
        # machine formats where their readers look for it.
        if fmt == "text":
            for issue in problems:
                typer.echo(text_line(issue, color), err=True)
        else:
            report(fmt, [], problems, color)
        return 1
    files, issues = expand_paths(paths, skip=[policy_path] if policy_path else [])
    verdicts: list[tuple[str, bool]] = []
    scores: dict[str, dict[str, Any]] = {}
    day = today or dt.date.today()
    show_progress = len(files) > PROGRESS_AFTER and sys.stderr.isatty()
    with typer.progressbar(
        files, label="checking", file=sys.stderr, hidden=not show_progress
    ) as progress:
        for name in progress:
            result = check_file(name, max_size)
            found = policy_issues(result, policy, day, min_coverage, _ignores(result))
            failing = [i for i in found if i.severity == "error" or strict]
            verdicts.append((name, not failing))
            issues.extend(found)
            if fmt == "json" and result.disclosure is not None:
                scores[name] = casper_coverage(result.disclosure)
    issues = sort_issues(issues)
    report(fmt, verdicts, issues, color, scores)
    failed = any(i.severity == "error" or strict for i in issues)
    return 1 if failed or not all(ok for _, ok in verdicts) else 0


def _ignores(result: Result) -> FileIgnores:
    """The file's `# rlhf-disclosure: ignore[...]` comments, once it has parsed."""
    if result.loaded is None:
        return FileIgnores()
    try:
        return file_ignores(Path(result.file).read_bytes(), result.file)
    except OSError:  # gone since it was read: the findings stand as they are
        return FileIgnores()


def casper_coverage(disclosure: Disclosure) -> dict[str, Any]:
    """The eleven items' counts and the share of applicable ones disclosed, for JSON."""
    counts = tally(item_statuses(disclosure, "casper"))
    applicable, share = applicable_share(counts)
    return {
        "framework": "casper",
        "counts": counts,
        "applicable": applicable,
        "percent": floor_tenth(share),
    }


def report(
    fmt: str,
    verdicts: list[tuple[str, bool]],
    issues: list[Issue],
    color: bool,
    coverage: dict[str, dict[str, Any]] | None = None,
) -> None:
    """Issues in the chosen format on stdout; the summary line on stderr."""
    if fmt == "json":
        typer.echo(render_json(verdicts, issues, coverage))
        return
    for issue in issues:
        typer.echo(github_line(issue) if fmt == "github" else text_line(issue, color))
    typer.echo(summary_line(verdicts, issues), err=True)
