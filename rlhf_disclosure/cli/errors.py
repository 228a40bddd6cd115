"""The one table that turns exceptions into messages and exit codes."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import typer

from ..errors import TemplateProblem, UsageProblem, UserError
from ..issues import printable

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

EXIT_CODES: list[tuple[type[UserError], int, str]] = [
    # The first row whose class the exception is an instance of decides.
    (UsageProblem, EXIT_USAGE, "usage error"),
    (TemplateProblem, EXIT_INVALID, "template error"),
    (UserError, EXIT_INVALID, "error"),
]
"""User errors: (class, exit code, label before the message). Anything else is a bug."""

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
        except UserError as exc:
            exit_code, label = next((c, lab) for k, c, lab in EXIT_CODES if isinstance(exc, k))
            typer.echo(f"{label}: {printable(str(exc))}", err=True)
            raise typer.Exit(exit_code) from None
        except Exception as exc:
            if debug_enabled():
                traceback.print_exc(file=sys.stderr)
            else:
                typer.echo(
                    f"internal error: {type(exc).__name__}: {printable(str(exc))}\n"
                    "This is a bug in rlhf-disclosure; run with --debug for a traceback "
                    "and please report it.",
                    err=True,
                )
            raise typer.Exit(EXIT_INTERNAL) from None
        raise typer.Exit(int(code or 0))

    return wrapper  # type: ignore[return-value]
