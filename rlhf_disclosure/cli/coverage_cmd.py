"""`coverage`: the status of each item of a framework, per file, with a score."""

from __future__ import annotations

import json

import typer

from ..coverage import coverage_report, score_line
from ..report_issues import text_line
from ..validate import check_file, expand_paths

LABELS = {
    "disclosed": "[x] disclosed",
    "withheld": "[w] withheld",
    "not_applicable": "[-] not applicable",
    "not_disclosed": "[ ] not disclosed",
}


def run_coverage(paths: list[str], fmt: str, framework_id: str) -> int:
    files, problems = expand_paths(paths)
    for issue in problems:
        typer.echo(text_line(issue), err=True)
    failed = bool(problems)
    docs = []
    for name in files:
        result = check_file(name)
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
            typer.echo(f"{name}: {score_line(report.counts, len(report.statuses))}")
            width = max(len(s.item.title) for s in report.statuses)
            for s in report.statuses:
                reason = f": {' '.join(s.reasons)}" if s.reasons else ""
                title = s.item.title.ljust(width)
                typer.echo(f"  {s.item.number:>2}. {title}  {LABELS[s.status]}{reason}")
    if fmt == "json":
        typer.echo(json.dumps(docs, indent=2, ensure_ascii=False))
    return 1 if failed else 0
