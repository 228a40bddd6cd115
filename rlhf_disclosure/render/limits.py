"""Limits on user templates: a report may grow only so large, and render only so long.

A template from --template-dir is the user's own code, sandboxed but not bounded by
Jinja: nested loops can run for hours and one line can write hundreds of megabytes.
Rendering streams the output and stops past `max_chars`; a clock stops it past
`seconds`, in whichever thread it runs (see `_deadline`). Either is a TemplateProblem:
nothing is written.
"""

from __future__ import annotations

import functools
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import FrameType
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
    """Raise _OutOfTime in this thread once `seconds` have passed.

    On the main thread a timer signal interrupts the render. Signals reach only the
    main thread, so elsewhere a trace function (this thread's only) checks the clock
    at every call and every line the render runs and raises from there; it is
    slower, but only user templates pay for it.
    """
    if seconds <= 0:
        yield
        return
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        with _timer_signal(seconds):
            yield
        return
    with _clock_trace(seconds):
        yield


@contextmanager
def _timer_signal(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: Any) -> None:
        raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _clock_trace(seconds: float) -> Iterator[None]:
    end = time.monotonic() + seconds

    def check(frame: FrameType, event: str, arg: Any) -> Any:
        if time.monotonic() > end:
            raise _OutOfTime  # Python unsets a trace function that raises
        return check

    previous = sys.gettrace()
    sys.settrace(check)
    try:
        yield
    finally:
        sys.settrace(previous)


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
    limit = _VALUE_LIMIT.set(max_chars)
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
    finally:
        _VALUE_LIMIT.reset(limit)
    return "".join(parts)


# Single operations that build a huge value at once ---------------------------------
#
# The output limit counts what a template writes, and the clock stops a loop; neither
# stops one operation that builds a value of gigabytes (`"x" * 10**10`) or computes an
# integer for hours (`2 ** 10**10`): it runs in C, before either can look. The sandbox
# asks these checks first (render/environment.py) and refuses such an operation.

_VALUE_LIMIT: ContextVar[int] = ContextVar("_VALUE_LIMIT", default=MAX_REPORT_CHARS)
"""No string a template builds may be longer than its whole report may be (`max_chars`)."""

MAX_ITEMS = 1_000_000
"""No list a template builds (or a filter splits a value into) may have more items."""

MAX_POWER_BITS = 100_000
"""A power may have at most this many bits (about 30,000 digits)."""


class TooLarge(Exception):
    """An operation in a user template would build a value past the limits."""


_SIZED = (str, list, tuple, bytes)
_PRINTF_WIDTH = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\d+)?(?:\.(\d+))?")
_FORMAT_WIDTH = re.compile(r"\{[^{}]*?:[^{}]*?(\d+)(?:\.(\d+))?[^{}]*\}")


def _refuse(what: str, size: int) -> None:
    limit = _VALUE_LIMIT.get()
    if size > limit:
        raise TooLarge(
            f"{what} would build a value {size:,} long; a user template's values may be "
            f"at most {limit:,} long, as its report"
        )


def _refuse_items(what: str, count: int) -> None:
    limit = min(MAX_ITEMS, _VALUE_LIMIT.get())
    if count > limit:
        raise TooLarge(f"{what} would make {count:,} items; user templates may make {limit:,}")


def _widest(pattern: re.Pattern[str], text: str) -> int:
    return max((int(n) for m in pattern.finditer(text) for n in m.groups() if n), default=0)


def check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse `*`, `+`, `**` or `%` whose result would be past the limits."""
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, _SIZED) and isinstance(times, int) and not isinstance(times, bool):
                size = len(seq) * max(times, 0)
                if isinstance(seq, (list, tuple)):
                    _refuse_items("repeating a list", size)
                _refuse("repeating a value", size)
    elif operator == "+":
        if isinstance(left, (list, tuple)) and isinstance(right, (list, tuple)):
            _refuse_items("joining two lists", len(left) + len(right))
        elif isinstance(left, _SIZED) and isinstance(right, _SIZED):
            _refuse("joining two values", len(left) + len(right))
    elif operator == "**":
        bits = (
            left.bit_length() * right
            if isinstance(left, int) and isinstance(right, int) and abs(left) > 1
            else 0
        )
        if bits > MAX_POWER_BITS:
            raise TooLarge(
                f"a power with {bits:,} bits; user templates may compute at most {MAX_POWER_BITS:,}"
            )
    elif operator == "%" and isinstance(left, str):
        _refuse("a format width", _widest(_PRINTF_WIDTH, left))


_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill"})


def check_call(func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse a string method whose result would be past the limits."""
    func = getattr(func, "__wrapped__", func)  # the sandbox wraps str.format
    owner, name = getattr(func, "__self__", None), getattr(func, "__name__", "")
    if not isinstance(owner, str):
        return
    if name in _WIDTH_METHODS and args and isinstance(args[0], int):
        _refuse(f"str.{name}", args[0])
    elif name == "expandtabs":
        size = args[0] if args else kwargs.get("tabsize", 8)
        if isinstance(size, int):
            _refuse("str.expandtabs", len(owner) + owner.count("\t") * size)
    elif name == "replace" and len(args) >= 2:
        old, new = args[0], args[1]
        if isinstance(old, str) and isinstance(new, str):
            times = owner.count(old) if old else len(owner) + 1
            _refuse("str.replace", len(owner) + times * max(len(new) - len(old), 0))
    elif name in ("format", "format_map"):
        _refuse("a format width", _widest(_FORMAT_WIDTH, owner))


def _width_of(value: Any) -> int:
    return value if isinstance(value, int) else len(value) if isinstance(value, str) else 0


def _filter_checks() -> dict[str, Callable[..., None]]:
    """Per filter, a check of its arguments (those after the value) before it runs."""

    def center(value: Any, width: Any = 80, *_: Any, **__: Any) -> None:
        _refuse("the center filter", _width_of(width))

    def indent(value: Any, width: Any = 4, *_: Any, **__: Any) -> None:
        _refuse("the indent filter", len(str(value)) + str(value).count("\n") * _width_of(width))

    def format_(value: Any, *_: Any, **__: Any) -> None:
        _refuse("a format width", _widest(_PRINTF_WIDTH, str(value)))

    def replace(value: Any, old: Any = "", new: Any = "", *_: Any, **__: Any) -> None:
        check_call(str(value).replace, (old, new), {})

    def pieces(what: str) -> Callable[..., None]:
        def check(value: Any, count: Any = 1, *_: Any, **__: Any) -> None:
            if isinstance(count, int):
                _refuse_items(f"the {what} filter", count)

        return check

    return {
        "center": center,
        "indent": indent,
        "format": format_,
        "replace": replace,
        "batch": pieces("batch"),
        "slice": pieces("slice"),
    }


def bounded_filters(filters: dict[str, Any]) -> dict[str, Any]:
    """Jinja's filters with a size check in front of those that can build a huge value."""
    out = dict(filters)
    for name, check in _filter_checks().items():
        if name in out:
            out[name] = _checked(out[name], check)
    return out


def _checked(func: Callable[..., Any], check: Callable[..., None]) -> Callable[..., Any]:
    skip = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0

    @functools.wraps(func)
    def run(*args: Any, **kwargs: Any) -> Any:
        check(*args[skip:], **kwargs)
        return func(*args, **kwargs)

    return run


def bounded_lipsum(func: Callable[..., str]) -> Callable[..., str]:
    """Jinja's `lipsum` global, refusing more text than a report may hold."""

    @functools.wraps(func)
    def run(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
        _refuse("lipsum", n * max * 12 if isinstance(n, int) and isinstance(max, int) else 0)
        return func(n, html, min, max)

    return run
