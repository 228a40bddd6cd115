"""Limits on user templates: a report may grow only so large, and render only so long.

A template from --template-dir is the user's own code, sandboxed but not bounded by
Jinja: nested loops can run for hours and one line can write hundreds of megabytes.
Rendering streams the output and stops past `max_chars`; a timer (on the main thread,
where signals are delivered) stops it past `seconds`. Either is a TemplateProblem:
nothing is written.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from jinja2 import Template

from ..errors import TemplateProblem

MAX_REPORT_CHARS = 50_000_000
"""A report from user templates may be at most this long (about 50 MB)."""

TIME_LIMIT_SECONDS = 60.0
"""User templates must finish rendering within this time."""


class _OutOfTime(Exception):
    pass


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Raise _OutOfTime in this thread after `seconds`, where a timer can (main thread)."""
    usable = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    if not usable or seconds <= 0:
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def bounded_render(
    template: Template,
    context: dict[str, Any],
    *,
    max_chars: int = MAX_REPORT_CHARS,
    seconds: float = TIME_LIMIT_SECONDS,
) -> str:
    """The template's output, or a TemplateProblem when it grows or runs past the limits."""
    parts: list[str] = []
    size = 0
    try:
        with _deadline(seconds):
            for chunk in template.generate(context):
                size += len(chunk)
                if size > max_chars:
                    raise TemplateProblem(
                        f"{template.name}: the report grew past {max_chars:,} characters; "
                        "user templates may write no more"
                    )
                parts.append(chunk)
    except _OutOfTime:
        raise TemplateProblem(
            f"{template.name}: rendering took longer than {seconds:g} seconds; "
            "user templates must finish within that"
        ) from None
    return "".join(parts)
