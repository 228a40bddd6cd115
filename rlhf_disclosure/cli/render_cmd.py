"""`render`: validate each input, then write one report per input, atomically."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import OutputProblem, UsageProblem
from ..issues import sort_issues
from ..output.files import same_file, write_atomic
from ..output.reporters import text_line
from ..reading.files import expand_paths
from ..render import render
from ..validation.validate import check_file

SUFFIX = {"html": ".html", "md": ".md"}


def plan_outputs(inputs: list[str], fmt: str, out: str | None, out_dir: str | None) -> list[Path]:
    """Where each report goes; refuses plans that would overwrite an input or collide."""
    if out and out_dir:
        raise UsageProblem("give either -o/--out or --out-dir, not both")
    if out:
        if len(inputs) != 1:
            raise UsageProblem("-o/--out takes one input file; use --out-dir for several")
        targets = [Path(out)]
    elif out_dir:
        targets = [Path(out_dir) / (Path(name).stem + SUFFIX[fmt]) for name in inputs]
    elif len(inputs) == 1:
        targets = [Path(inputs[0]).with_suffix(SUFFIX[fmt])]
    else:
        raise UsageProblem("several inputs need --out-dir DIR")
    seen: dict[Path, str] = {}
    for name, target in zip(inputs, targets, strict=True):
        for source in inputs:
            if same_file(Path(source), target):
                raise UsageProblem(f"refusing to write the report over its input {source}")
        key = target.resolve()
        if key in seen:
            raise UsageProblem(f"{seen[key]} and {name} would both be written to {target}")
        seen[key] = name
    return targets


def run_render(
    paths: list[str],
    fmt: str,
    out: str | None,
    out_dir: str | None,
    template_dir: str | None,
    color: bool,
    max_size: int,
) -> int:
    files, issues = expand_paths(paths)
    if not files and not issues:
        raise UsageProblem("no input files")
    targets = plan_outputs(files, fmt, out, out_dir) if files else []
    results = [check_file(name, max_size) for name in files]
    for r in results:
        issues.extend(r.issues)
    if issues:
        for issue in sort_issues(issues):
            typer.echo(text_line(issue, color), err=True)
        typer.echo("nothing written: fix the problems above first", err=True)
        return 1
    # Render everything before writing anything: a template error leaves no partial set.
    reports = []
    for r in results:
        assert r.disclosure is not None
        reports.append(render(r.disclosure, fmt, template_dir))  # type: ignore[arg-type]
    if out_dir and not Path(out_dir).is_dir():
        try:
            Path(out_dir).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            typer.echo(f"error: cannot create directory {out_dir}: {exc.strerror}", err=True)
            return 1
    failed = False
    for target, text in zip(targets, reports, strict=True):
        try:
            write_atomic(target, text)
            typer.echo(str(target))
        except OutputProblem as exc:
            typer.echo(f"error: {exc}", err=True)
            failed = True
    return 1 if failed else 0
