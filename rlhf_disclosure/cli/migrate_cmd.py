"""`migrate`: rewrite version 1 files as version 2 (or, with --check, say which need it)."""

from __future__ import annotations

import typer

from ..issues import printable, sort_issues
from ..migrate import plan_paths, write_migrations
from ..output.reporters import report
from .output import emit


def run_migrate(paths: list[str], check: bool, max_size: int, color: bool) -> int:
    plans = plan_paths(paths, max_size)
    invalid = [m for m in plans if m.state == "invalid"]
    if invalid:
        issues = sort_issues([i for m in invalid for i in m.issues])
        verdicts = [(m.file, m.state != "invalid") for m in plans]
        emit(report("text", verdicts, issues, color))
        typer.echo("nothing migrated: fix the files above first", err=True)
        return 1
    todo = [m for m in plans if m.state == "migrated"]
    if check:
        for m in todo:
            typer.echo(f"needs migrating: {printable(m.file)} (run: rlhf-disclosure migrate)")
        if not todo:
            typer.echo(f"{len(plans)} file(s) checked: all at the current schema version")
        return 1 if todo else 0
    write_migrations(todo)
    for m in plans:
        done = "migrated to schema version 2" if m.state == "migrated" else "already current"
        typer.echo(f"{printable(m.file)}: {done}")
    return 0
