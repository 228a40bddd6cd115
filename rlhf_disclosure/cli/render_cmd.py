"""`render`: validate each input, then write one report per input, atomically."""

from __future__ import annotations

import typer

from ..issues import printable
from ..output.reporters import text_line
from ..render import Format
from ..render.batch import render_paths, write_reports


def run_render(
    paths: list[str],
    fmt: Format,
    out: str | None,
    out_dir: str | None,
    template_dir: str | None,
    color: bool,
    max_size: int,
) -> int:
    rendered = render_paths(
        paths, fmt, out=out, out_dir=out_dir, template_dir=template_dir, max_size=max_size
    )
    if rendered.issues:
        for issue in rendered.issues:
            typer.echo(text_line(issue, color), err=True)
        typer.echo("nothing written: fix the problems above first", err=True)
        return 1
    for target in write_reports(rendered, out_dir):
        typer.echo(printable(str(target)))
    return 0
