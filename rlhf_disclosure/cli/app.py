"""`rlhf-disclosure`: parse arguments, call the library, map the result to an exit code."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from .._version import __version__
from ..coverage.registry import framework_ids
from ..errors import UsageProblem
from ..issues import printable
from ..output.reporters import FORMATS, REPORTERS
from ..validation.messages import or_list
from .errors import guarded, set_debug

app = typer.Typer(
    name="rlhf-disclosure",
    help="Validate, score and render disclosures of how AI models are fine-tuned from feedback.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"rlhf-disclosure {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Print the version."
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks of internal errors.")
    ] = False,
) -> None:
    set_debug(debug)


def use_color(stream: object = None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set."""
    if os.environ.get("NO_COLOR"):
        return False
    out = stream if stream is not None else sys.stdout
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty())


_UNITS = {
    "": 1,
    "B": 1,
    "K": 1024,
    "KB": 1024,
    "M": 1024**2,
    "MB": 1024**2,
    "G": 1024**3,
    "GB": 1024**3,
}


def parse_size(text: str) -> int:
    """'10MB', '512K', '1.5MB' or '1048576' as a whole number of bytes, at least one."""
    import math

    raw = text.strip().upper()
    digits = raw.rstrip("KMGB")
    unit = raw[len(digits) :]
    unreadable = UsageProblem(f"--max-size: cannot read {text!r}; use e.g. 10MB, 512KB or 1048576")
    try:
        number = float(digits)
    except ValueError:
        raise unreadable from None
    if unit not in _UNITS:
        raise unreadable
    size = number * _UNITS[unit]
    if not math.isfinite(size):
        raise UsageProblem(
            f"--max-size: cannot read {text!r}: the size must be a finite number; "
            "use e.g. 10MB, 512KB or 1048576"
        )
    if size < 1:
        raise UsageProblem(
            f"--max-size: cannot read {text!r}: the limit must be at least 1 byte "
            "(sizes are whole bytes)"
        )
    return int(size)


def parse_percent(text: str, option: str) -> float:
    """A percentage from 0 to 100; 'nan', 'inf' and anything else are usage errors."""
    import math

    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not 0 <= value <= 100:
        raise UsageProblem(f"{option} must be a number from 0 to 100, not {text!r}")
    return value


def check_issue_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise UsageProblem(f"--format must be {or_list(FORMATS)}, not {fmt!r}")


FormatOption = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        help="Output format: "
        + or_list(tuple(f"{name} ({what})" for name, (_, what) in REPORTERS.items()))
        + ".",
        metavar="FORMAT",
    ),
]
MaxSizeOption = Annotated[
    str, typer.Option("--max-size", help="Largest file to read, e.g. 10MB.", metavar="SIZE")
]


@app.command()
@guarded
def validate(
    paths: Annotated[
        list[str], typer.Argument(help="Files, directories or glob patterns.", metavar="PATH")
    ],
    fmt: FormatOption = "text",
    max_size: MaxSizeOption = "10MB",
) -> int:
    """Validate disclosure files against the schema."""
    from .validate_cmd import run_validate

    check_issue_format(fmt)
    return run_validate(paths, fmt, parse_size(max_size), use_color())


@app.command()
@guarded
def coverage(
    paths: Annotated[
        list[str], typer.Argument(help="Files, directories or glob patterns.", metavar="PATH")
    ],
    framework: Annotated[
        str,
        typer.Option(
            "--framework",
            help="Checklist: "
            + or_list(framework_ids())
            + "; all: one table of every checklist's score.",
            metavar="NAME",
        ),
    ] = "casper",
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="Output: text, json or md.", metavar="FORMAT")
    ] = "text",
    max_size: MaxSizeOption = "10MB",
) -> int:
    """Show which items of a framework each file discloses, with a score."""
    from .coverage_cmd import run_coverage

    if fmt not in ("text", "json", "md"):
        raise UsageProblem(f"--format must be text, json or md, not {fmt!r}")
    if framework not in (*framework_ids(), "all"):
        raise UsageProblem(
            f"--framework must be one of {', '.join(framework_ids())}, all, not {framework!r}"
        )
    return run_coverage(paths, fmt, framework, parse_size(max_size))


@app.command()
@guarded
def render(
    paths: Annotated[
        list[str], typer.Argument(help="Disclosure files (or directories, globs).", metavar="FILE")
    ],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="Report format: html or md (default: from the -o suffix; html for --out-dir).",
            metavar="FORMAT",
        ),
    ] = None,
    out: Annotated[
        str | None,
        typer.Option("--out", "-o", help="Output file (one input only).", metavar="FILE"),
    ] = None,
    out_dir: Annotated[
        str | None,
        typer.Option("--out-dir", help="Directory for one report per input.", metavar="DIR"),
    ] = None,
    template_dir: Annotated[
        str | None,
        typer.Option(
            "--template-dir",
            help="Templates that replace the built-in ones by name.",
            metavar="DIR",
        ),
    ] = None,
    max_size: MaxSizeOption = "10MB",
) -> int:
    """Render disclosures as HTML or Markdown reports."""
    from ..render.batch import choose_format
    from .render_cmd import run_render

    chosen = choose_format(fmt, out)
    if template_dir is not None and not os.path.isdir(template_dir):
        raise UsageProblem(f"--template-dir: {template_dir} is not a directory")
    return run_render(
        paths, chosen, out, out_dir, template_dir, use_color(sys.stderr), parse_size(max_size)
    )


@app.command()
@guarded
def check(
    paths: Annotated[
        list[str], typer.Argument(help="Files, directories or glob patterns.", metavar="PATH")
    ],
    policy: Annotated[
        str | None, typer.Option("--policy", help="Policy file (YAML).", metavar="FILE")
    ] = None,
    min_coverage: Annotated[
        str | None,
        typer.Option(
            "--min-coverage",
            help="Minimum percentage (0 to 100) of the applicable eleven items that must "
            "be disclosed.",
            metavar="N",
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    fmt: FormatOption = "text",
    max_size: MaxSizeOption = "10MB",
) -> int:
    """Validate disclosures and apply a disclosure policy (for CI and pre-commit)."""
    from .check_cmd import run_check

    check_issue_format(fmt)
    minimum = None if min_coverage is None else parse_percent(min_coverage, "--min-coverage")
    return run_check(paths, policy, minimum, strict, fmt, parse_size(max_size), use_color())


@app.command()
@guarded
def migrate(
    paths: Annotated[
        list[str], typer.Argument(help="Files, directories or glob patterns.", metavar="PATH")
    ],
    check: Annotated[
        bool,
        typer.Option("--check", help="Change nothing; exit 1 if any file needs migrating."),
    ] = False,
    max_size: MaxSizeOption = "10MB",
) -> int:
    """Rewrite version 1 disclosures as version 2, keeping everything else as written."""
    from .migrate_cmd import run_migrate

    return run_migrate(paths, check, parse_size(max_size), use_color())


@app.command()
@guarded
def init(
    path: Annotated[
        str | None,
        typer.Argument(
            help="Where to write the scaffold [default: disclosure.yaml].",
            metavar="PATH",
            show_default=False,
        ),
    ] = None,
    minimal: Annotated[bool, typer.Option("--minimal", help="Only the core fields.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    schema_url: Annotated[
        str | None,
        typer.Option(
            "--schema-url", help="JSON Schema location for the editor modeline.", metavar="URL"
        ),
    ] = None,
) -> int:
    """Write a commented YAML scaffold to fill in."""
    from ..scaffold import write_scaffold

    target = "disclosure.yaml" if path is None else path
    write_scaffold(
        target, minimal=minimal, force=force, schema_url=schema_url, named=path is not None
    )
    shown = printable(target)
    typer.echo(f"wrote {shown}; fill in every TODO, then run: rlhf-disclosure check {shown}")
    return 0


@app.command()
@guarded
def schema(
    out: Annotated[
        str | None,
        typer.Option(
            "--out", "-o", help="Write to FILE instead of standard output.", metavar="FILE"
        ),
    ] = None,
) -> int:
    """Print the JSON Schema (draft 2020-12) of the disclosure format."""
    from pathlib import Path

    from ..output.files import write_atomic
    from ..schema.json_schema import schema_text

    if out is None:
        typer.echo(schema_text(), nl=False)
    else:
        write_atomic(Path(out), schema_text())
        typer.echo(out, err=True)
    return 0


def main() -> None:
    """Console-script entry point."""
    app()
