"""`coverage`: the status of each item of a framework, per file, with a score."""

from __future__ import annotations

import json

import typer

from ..coverage.report import coverage_report
from ..output.reporters import text_line
from ..reading.files import expand_paths
from ..validation.validate import check_file


def run_coverage(paths: list[str], fmt: str, framework_id: str, max_size: int) -> int:
    files, problems = expand_paths(paths)
    for issue in problems:
        typer.echo(text_line(issue), err=True)
    failed = bool(problems)
    docs = []
    for name in files:
        result = check_file(name, max_size)
        if result.disclosure is None:
            failed = True
            for issue in result.issues:
                typer.echo(text_line(issue), err=True)
            continue
        report = coverage_report(result.disclosure, framework_id)
        if fmt == "json":
            docs.append({"file": name, **report.as_dict()})
        elif fmt == "md":
            typer.echo(report.markdown(name))
        else:
            typer.echo(report.text(name), nl=False)
    if fmt == "json":
        typer.echo(json.dumps(docs, indent=2, ensure_ascii=False))
    return 1 if failed else 0
