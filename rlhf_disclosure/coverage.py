"""Coverage of a disclosure against a framework: statuses, counts and a score line."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .items import Framework, ItemStatus, Status, framework, item_statuses, tally
from .schema import Disclosure


def score_line(counts: Mapping[Status, int], total: int) -> str:
    """'disclosed 8/11, withheld 2, not applicable 0, missing 1' - the one wording used everywhere."""
    return (
        f"disclosed {counts['disclosed']}/{total}, withheld {counts['withheld']}, "
        f"not applicable {counts['not_applicable']}, missing {counts['not_disclosed']}"
    )


@dataclass(frozen=True)
class CoverageReport:
    framework: Framework
    statuses: list[ItemStatus]
    counts: dict[Status, int]

    @property
    def percent_disclosed(self) -> float:
        return 100 * self.counts["disclosed"] / len(self.statuses) if self.statuses else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "framework": self.framework.id,
            "title": self.framework.title,
            "score": score_line(self.counts, len(self.statuses)),
            "counts": self.counts,
            "items": [
                {
                    "id": s.item.id,
                    "number": s.item.number,
                    "group": s.item.group,
                    "title": s.item.title,
                    "status": s.status,
                    "reasons": list(s.reasons),
                    "parts": [{"path": p.path, "status": p.status} for p in s.parts],
                }
                for s in self.statuses
            ],
        }

    def markdown(self, name: str) -> str:
        lines = [
            f"## {name}: {self.framework.title}",
            "",
            f"**{score_line(self.counts, len(self.statuses))}**",
            "",
            "| # | Item | Status | Reason |",
            "| ---: | --- | --- | --- |",
        ]
        for s in self.statuses:
            reason = " ".join(s.reasons).replace("|", "\\|").replace("\n", " ") or "—"
            status = s.status.replace("_", " ")
            lines.append(f"| {s.item.number} | {s.item.title} | {status} | {reason} |")
        return "\n".join(lines) + "\n"


def coverage_report(disclosure: Disclosure, framework_id: str = "casper") -> CoverageReport:
    statuses = item_statuses(disclosure, framework_id)
    return CoverageReport(framework(framework_id), statuses, tally(statuses))
