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


def sort_issues(issues: list[Issue]) -> list[Issue]:
    """Deduplicated, sorted by file, line, column, then path and code."""
    return sorted(set(issues))
