"""The one record every problem becomes, whatever found it."""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Issue:
    """A located problem in a file. Formatting is the reporters' job."""

    file: str
    line: int
    column: int
    path: str = ""
    code: str = field(default="invalid", compare=True)
    message: str = field(default="", compare=True)
    hint: str | None = field(default=None, compare=False)
    severity: Severity = field(default="error", compare=False)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _order(issue: Issue) -> tuple[str, int, int, str, str, str]:
    return (issue.file, issue.line, issue.column, issue.path, issue.code, issue.message)


def sort_issues(issues: list[Issue]) -> list[Issue]:
    """Deduplicated, sorted by file, line, column, then path, code and message.

    The order `Issue`'s own comparison gives, through a key: the generated `__lt__`
    builds two tuples on every comparison, which takes seconds for a million issues.
    """
    return sorted(set(issues), key=_order)


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """`text` safe to show on one line of a terminal.

    Control characters, line breaks and invisible format characters (such as a
    zero-width space or a bidirectional override) from the YAML are shown as
    escapes, so they can neither split an issue over lines nor reach the terminal.
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in text)


def _escape(ch: str) -> str:
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def as_seen(text: str) -> str:
    """Text as a reader sees it: composed (NFC), without zero-width characters, which
    can hide a placeholder (`T\u200bODO`) or make two keys of one."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", text).translate(_INVISIBLE)


MAX_SHOWN = 400
"""Longest message, hint or path shown: a 1 MB value is not quoted whole."""


def clipped(text: str, limit: int = MAX_SHOWN) -> str:
    """`text`, or its start and end around a note of how much was left out: at most
    `limit` characters either way, so clipping twice changes nothing."""
    if len(text) <= limit:
        return text
    note = f"... ({len(text):,} characters, shortened) ..."
    keep = (limit - len(note)) // 2
    return f"{text[:keep]}{note}{text[-keep:]}"


def printable_issue(issue: Issue) -> Issue:
    """The issue with every text from a file escaped (its name too), so it stays one
    line and nothing in it reaches a terminal raw, and no part of it is longer than
    MAX_SHOWN; doing it twice changes nothing."""
    hint = clipped(printable(issue.hint)) if issue.hint is not None else None
    return replace(
        issue,
        file=printable(issue.file),
        path=clipped(printable(issue.path)),
        message=clipped(printable(issue.message)),
        hint=hint,
    )
