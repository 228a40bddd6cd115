"""`coverage`: the status of each item of a framework, per file, with a score."""

from __future__ import annotations

import typer

from ..coverage.overview import ALL, overview
from ..coverage.report import coverage_report
from ..issues import printable, printable_issue
from ..output.reporters import dumps_json, text_line
from ..validation.batch import validate_paths


def run_coverage(paths: list[str], fmt: str, framework_id: str, max_size: int) -> int:
    batch = validate_paths(paths, max_size)
    for issue in batch.path_issues:
        typer.echo(text_line(issue), err=True)
    failed = bool(batch.path_issues)
    docs: list[dict[str, object]] = [
        {"file": printable(issue.file), "errors": [printable_issue(issue).to_dict()]}
        for issue in batch.path_issues
    ]
    for result in batch.results:
        if result.disclosure is None:
            failed = True
            for issue in result.issues:
                typer.echo(text_line(issue), err=True)
            # JSON readers learn which files have no coverage, and why.
            errors = [printable_issue(i).to_dict() for i in result.issues]
            docs.append({"file": printable(result.file), "errors": errors})
            continue
        if framework_id == ALL:
            table = overview(result.disclosure)
            if fmt == "json":
                docs.append(table.as_dict(result.file))
            elif fmt == "md":
                typer.echo(table.markdown(result.file))
            else:
                typer.echo(table.text(result.file), nl=False)
            continue
        report = coverage_report(result.disclosure, framework_id)
        if fmt == "json":
            docs.append({"file": printable(result.file), **report.as_dict()})
        elif fmt == "md":
            typer.echo(report.markdown(result.file))
        else:
            typer.echo(report.text(result.file), nl=False)
    if fmt == "json":
        typer.echo(dumps_json(docs))
    return 1 if failed else 0
