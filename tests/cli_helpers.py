"""Running the CLI in tests: real argument lists through Typer's CliRunner."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner, Result

from rlhf_disclosure.cli.app import app

REPO = Path(__file__).resolve().parent.parent

runner = CliRunner()


def run(*args: str) -> Result:
    """Invoke the CLI; fail the test on a traceback or an exception other than the exit."""
    result = runner.invoke(app, list(args), env={"NO_COLOR": None})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    return result


def rel(path: Path) -> str:
    """A repository path as the CLI prints it when run from the repository root."""
    return path.relative_to(REPO).as_posix()
