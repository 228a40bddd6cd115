"""`validate`: report every problem in every file."""

from __future__ import annotations

import typer

from ..issues import sort_issues
from ..output.reporters import github_line, render_json, summary_line, text_line
from ..reading.files import expand_paths
from ..validation.validate import check_file


def run_validate(paths: list[str], fmt: str, max_size: int, color: bool) -> int:
    files, issues = expand_paths(paths)
    verdicts: list[tuple[str, bool]] = []
    for name in files:
        result = check_file(name, max_size)
        verdicts.append((name, result.valid))
        issues.extend(result.issues)
    issues = sort_issues(issues)
    if fmt == "json":
        typer.echo(render_json(verdicts, issues))
    elif fmt == "github":
        for issue in issues:
            typer.echo(github_line(issue))
    else:
        for issue in issues:
            typer.echo(text_line(issue, color))
        typer.echo(summary_line(verdicts, issues), err=True)
    return (
        0 if all(ok for _, ok in verdicts) and not any(i.severity == "error" for i in issues) else 1
    )
