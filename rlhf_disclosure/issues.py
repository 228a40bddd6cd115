"""The one record every problem becomes, whatever found it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
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


class UsageProblem(Exception):
    """Arguments that make no sense, such as an empty path (the command line exits 2)."""
