"""Printing a reporter's lines: standard output first, then standard error."""

from __future__ import annotations

import typer

from ..output.reporters import Report


def emit(printed: Report) -> None:
    for line in printed.stdout:
        typer.echo(line)
    for line in printed.stderr:
        typer.echo(line, err=True)
