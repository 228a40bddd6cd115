"""The one table that turns exceptions into messages and exit codes."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import typer

from ..issues import UsageProblem as UsageProblem  # raised by the library too

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _exit_codes() -> list[tuple[type[BaseException], int, str]]:
    # Imported here so that commands which never render do not load the renderer.
    from ..output import OutputProblem

    table: list[tuple[type[BaseException], int, str]] = [
        (UsageProblem, EXIT_USAGE, "usage error"),
        (OutputProblem, EXIT_INVALID, "error"),
    ]
    try:
        from ..render import TemplateProblem
    except ImportError:  # pragma: no cover - the renderer is part of the package
        return table
    table.append((TemplateProblem, EXIT_INVALID, "template error"))
    return table


F = TypeVar("F", bound=Callable[..., Any])


_STATE = {"debug": False}


def set_debug(value: bool) -> None:
    """Called once per invocation by the root callback."""
    _STATE["debug"] = value


def debug_enabled() -> bool:
    return _STATE["debug"] or os.environ.get("RLHF_DISCLOSURE_DEBUG", "") not in ("", "0")


def guarded(func: F) -> F:
    """Run a command body; map its outcome to an exit code, never a bare traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            code = func(*args, **kwargs)
        except typer.Exit:
            raise
        except BrokenPipeError:
            # The reader went away (`... | head`): stop quietly, as other tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(EXIT_INVALID) from None
        except Exception as exc:
            for kind, exit_code, label in _exit_codes():
                if isinstance(exc, kind):
                    typer.echo(f"{label}: {exc}", err=True)
                    raise typer.Exit(exit_code) from None
            if debug_enabled():
                traceback.print_exc(file=sys.stderr)
            else:
                typer.echo(
                    f"internal error: {type(exc).__name__}: {exc}\n"
                    "This is a bug in rlhf-disclosure; run with --debug for a traceback "
                    "and please report it.",
                    err=True,
                )
            raise typer.Exit(EXIT_INTERNAL) from None
        raise typer.Exit(int(code or 0))

    return wrapper  # type: ignore[return-value]
