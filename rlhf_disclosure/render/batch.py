"""`render` as a library call: validate every input, render every report, then write them.

Everything is rendered before anything is written, so a template error or an invalid
input leaves no partial set of reports; each write is atomic (output/files.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import OutputProblem, UsageProblem
from ..issues import Issue
from ..output.files import Output, same_file, write_all
from ..validation.batch import validate_paths
from . import Format, render

SUFFIX = {"html": ".html", "md": ".md"}
REPORT_SUFFIXES: dict[str, Format] = {
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".markdown": "md",
}


def choose_format(fmt: str | None, out: str | None) -> Format:
    """The format asked for, or the one the -o name's suffix names (html without -o)."""
    suffix = REPORT_SUFFIXES.get(os.path.splitext(out or "")[1].lower())
    if fmt is None and out is not None and suffix is None:
        known = ", ".join(REPORT_SUFFIXES)
        raise UsageProblem(
            f"cannot tell the report format from the name {out}: end it in {known}, "
            "or give --format html or --format md"
        )
    chosen = fmt if fmt is not None else suffix or "html"
    if chosen not in SUFFIX:
        raise UsageProblem(f"--format must be html or md, not {chosen!r}")
    if suffix is not None and suffix != chosen:
        raise UsageProblem(f"--format {chosen} does not fit the output name {out}")
    return "md" if chosen == "md" else "html"


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


@dataclass
class Rendered:
    """Reports ready to write, or the problems that stopped them (then nothing is written)."""

    targets: list[Path] = field(default_factory=list)
    reports: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    named: bool = False
    """Whether the one target is the user's own -o name."""


def render_paths(
    paths: Iterable[str],
    fmt: Format,
    *,
    out: str | None,
    out_dir: str | None,
    template_dir: str | None,
    max_size: int,
) -> Rendered:
    batch = validate_paths(paths, max_size)
    files = [r.file for r in batch.results]
    if not files and not batch.issues:
        raise UsageProblem("no input files")
    targets = plan_outputs(files, fmt, out, out_dir) if files else []
    if batch.issues:
        return Rendered(issues=batch.issues)
    reports = [
        render(r.disclosure, fmt, template_dir) for r in batch.results if r.disclosure is not None
    ]
    return Rendered(targets, reports, named=out is not None)


def write_reports(rendered: Rendered, out_dir: str | None) -> list[Path]:
    """Write every report, or none of them; the paths written, in order.

    Only an `-o` name is written through when it is a symbolic link (`named`); names
    the tool derived must not be links (output/files.py says why).
    """
    if out_dir and not Path(out_dir).is_dir():
        try:
            Path(out_dir).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputProblem(f"cannot create directory {out_dir}: {exc.strerror}") from None
    write_all(
        [
            Output(target, text, named=rendered.named)
            for target, text in zip(rendered.targets, rendered.reports, strict=True)
        ]
    )
    return rendered.targets
