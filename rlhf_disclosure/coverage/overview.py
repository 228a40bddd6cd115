"""`coverage --framework all`: one table per file, a row per framework.

Each row is the framework's score, in the same numbers as `coverage --framework ID`
prints for it: items disclosed, partial, withheld, not applicable and missing, the
questions answered, and the share of applicable items disclosed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..issues import printable
from ..schema import Disclosure
from .items import FRAMEWORK_IDS
from .report import CoverageReport, coverage_report, plain_paragraphs
from .status import applicable_share, percent_text, questions_answered

ALL = "all"
"""The `--framework` value that asks for every framework at once."""

COLUMNS = (
    "Framework",
    "Disclosed",
    "Partial",
    "Withheld",
    "N/A",
    "Missing",
    "Questions",
    "Share",
)
"""Disclosed is of all items; Share is of the applicable ones (what a minimum counts)."""


@dataclass(frozen=True)
class Overview:
    """Every framework's coverage of one disclosure, in the order frameworks are listed."""

    reports: tuple[CoverageReport, ...]

    def rows(self) -> list[tuple[str, ...]]:
        out: list[tuple[str, ...]] = []
        for r in self.reports:
            counts = r.counts
            answered, asked = questions_answered(r.statuses)
            out.append(
                (
                    r.framework.name,
                    f"{counts['disclosed']}/{len(r.statuses)}",
                    str(counts["partial"]),
                    str(counts["withheld"]),
                    str(counts["not_applicable"]),
                    str(counts["not_disclosed"]),
                    f"{answered}/{asked}",
                    percent_text(applicable_share(counts)[1]),
                )
            )
        return out

    def text(self, name: str) -> str:
        rows = [COLUMNS, *self.rows()]
        widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
        lines = [f"{plain_paragraphs(name)[0]}:"]
        for row in rows:
            cells = [row[0].ljust(widths[0])]
            cells += [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
            lines.append("  " + "  ".join(cells).rstrip())
        lines.append("  Share: disclosed items of those that apply (not applicable ones left out).")
        return "\n".join(lines) + "\n"

    def markdown(self, name: str) -> str:
        from ..output.markdown import markdown_cell

        lines = [
            f"## Coverage of {markdown_cell(plain_paragraphs(name)[0])}",
            "",
            "| " + " | ".join(COLUMNS) + " |",
            "| --- |" + " ---: |" * (len(COLUMNS) - 1),
        ]
        lines += ["| " + " | ".join(markdown_cell(c) for c in row) + " |" for row in self.rows()]
        lines += ["", "Share: disclosed items of those that apply (not applicable ones left out)."]
        return "\n".join(lines) + "\n"

    def as_dict(self, name: str) -> dict[str, Any]:
        frameworks = []
        for r in self.reports:
            summary = r.summary()
            frameworks.append(
                {
                    "framework": r.framework.id,
                    "title": r.framework.title,
                    "score": r.score,
                    "counts": r.counts,
                    "items": len(r.statuses),
                    "applicable": summary["applicable"],
                    "percent": summary["percent"],
                    "questions": summary["questions"],
                }
            )
        return {"file": printable(name), "frameworks": frameworks}


def overview(disclosure: Disclosure) -> Overview:
    return Overview(tuple(coverage_report(disclosure, f) for f in FRAMEWORK_IDS))


__all__ = ["ALL", "Overview", "overview"]
