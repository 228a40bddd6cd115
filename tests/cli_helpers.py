"""Running the CLI in tests: real argument lists through Typer's CliRunner."""

from __future__ import annotations

import shlex
from pathlib import Path

from typer.testing import CliRunner, Result

from rlhf_disclosure.cli.app import app

# Colour and debug settings of the machine running the tests must not leak in.
CLEAN_ENV: dict[str, str | None] = {"NO_COLOR": None, "RLHF_DISCLOSURE_DEBUG": None}

runner = CliRunner()


def run(*args: str, env: dict[str, str | None] | None = None, color: bool = False) -> Result:
    """Invoke the CLI; fail the test on an exception other than the exit."""
    result = runner.invoke(app, list(args), env={**CLEAN_ENV, **(env or {})}, color=color)
    # SystemExit carries the exit code; any other exception escaped the CLI.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


def run_clean(*args: str) -> Result:
    """`run`, and no traceback anywhere in the output."""
    result = run(*args)
    assert "Traceback" not in result.output
    return result


def fixture_args(path: Path) -> list[str]:
    """A data-driven fixture's extra command-line options, from NAME.args beside NAME.yaml."""
    args = path.with_suffix(".args")
    return shlex.split(args.read_text(encoding="utf-8")) if args.exists() else []
