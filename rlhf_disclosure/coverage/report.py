"""Coverage of a disclosure against a framework: statuses, counts and a score line.

`CoverageReport` also lays the table out as text (for terminals) and as Markdown.
Both keep the table to one row per item: the reasons a file gives for withholding
are listed once below it and referred to by number (one withheld section often
stands behind many crosswalk items), and the crosswalk's caveats on how far the
schema answers an item follow as notes.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..issues import printable
from ..schema import Disclosure
from .items import Framework, framework
from .status import (
    ItemStatus,
    Status,
    answered_by,
    applicable_share,
    gaps,
    item_statuses,
    percent_text,
    percent_value,
    questions_answered,
    tally,
)

TEXT_WIDTH = 100
"""Text output is wrapped at this width, whatever the terminal, so it is the same everywhere."""

TITLE_ROOM = 38
"""Room a text row keeps beside its title: the number, the status and its reasons."""

TEXT_LABELS: dict[Status, str] = {
    "disclosed": "[x] disclosed",
    "partial": "[~] partial",
    "withheld": "[w] withheld",
    "not_applicable": "[-] not applicable",
    "not_disclosed": "[ ] not disclosed",
}

NOTE_MARK = "*"
"""Put after an item's title in text output when the crosswalk has a note on it."""


def score_line(counts: Mapping[Status, int], total: int, questions: tuple[int, int]) -> str:
    """'disclosed 7/11, partial 3, withheld 1, not applicable 0, missing 0; questions
    answered 41/58' - the one wording used everywhere."""
    answered, asked = questions
    return (
        f"disclosed {counts['disclosed']}/{total}, partial {counts['partial']}, "
        f"withheld {counts['withheld']}, not applicable {counts['not_applicable']}, "
        f"missing {counts['not_disclosed']}; questions answered {answered}/{asked}"
    )


def plain_paragraphs(text: str) -> list[str]:
    """Text as paragraphs of single-spaced words, control characters shown as escapes.

    Blank lines separate paragraphs; other line breaks and runs of spaces become one
    space, so a `reason: |` block cannot break a table's layout or the terminal; what
    is left that a terminal would act on is escaped by `printable`, as in issues.
    """
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n[ \t]*\n", text)]
    return [printable(p) for p in paragraphs if p] or [""]


def _wrap(label: str, text: str, indent: int, width: int) -> list[str]:
    """A numbered entry: `label` ('1.') then `text`, wrapped at `width` under the text."""
    first = " " * indent + label + " "
    rest = " " * len(first)
    lines: list[str] = []
    for index, paragraph in enumerate(plain_paragraphs(text)):
        lines.extend(
            textwrap.wrap(
                paragraph,
                width=width,
                initial_indent=first if index == 0 else rest,
                subsequent_indent=rest,
                break_long_words=False,
                break_on_hyphens=False,
            )
            or [first.rstrip()]
        )
    return lines


def _refs(numbers: list[int]) -> str:
    if not numbers:
        return ""
    word = "reason" if len(numbers) == 1 else "reasons"
    return f"{word} {', '.join(str(n) for n in numbers)}"


@dataclass(frozen=True)
class CoverageReport:
    framework: Framework
    statuses: list[ItemStatus]
    counts: dict[Status, int]

    @property
    def score(self) -> str:
        return score_line(self.counts, len(self.statuses), questions_answered(self.statuses))

    @property
    def reasons(self) -> list[str]:
        """Every distinct reason the items give, in order of first use; numbered from 1."""
        out: list[str] = []
        for s in self.statuses:
            out.extend(r for r in s.reasons if r not in out)
        return out

    def reason_numbers(self, s: ItemStatus) -> list[int]:
        """The numbers (in `reasons`, from 1) of the reasons an item gives."""
        numbers = {r: n for n, r in enumerate(self.reasons, start=1)}
        return sorted(numbers[r] for r in s.reasons)

    @property
    def has_notes(self) -> bool:
        return any(s.item.note for s in self.statuses)

    def as_dict(self) -> dict[str, Any]:
        return {
            "framework": self.framework.id,
            "title": self.framework.title,
            "score": self.score,
            "counts": self.counts,
            "questions": dict(
                zip(("answered", "asked"), questions_answered(self.statuses), strict=True)
            ),
            "items": [
                {
                    "id": s.item.id,
                    "number": s.item.number,
                    "group": s.item.group,
                    "title": s.item.title,
                    "status": s.status,
                    "reasons": list(s.reasons),
                    "answered_by": answered_by(s),
                    "note": s.item.note,
                    "audiences": list(s.item.audiences),
                    "questions": [
                        {
                            "id": q.question.id,
                            "question": q.question.text,
                            "status": q.status,
                            "parts": [{"part": c.where, "status": c.status} for c in q.cells],
                        }
                        for q in s.questions
                    ],
                    "parts": [{"path": p.path, "status": p.status} for p in s.parts],
                }
                for s in self.statuses
            ],
        }

    def summary(self) -> dict[str, Any]:
        """Counts per status, applicable items and the share of them disclosed (to 0.1)."""
        applicable, share = applicable_share(self.counts)
        answered, asked = questions_answered(self.statuses)
        return {
            "framework": self.framework.id,
            "counts": self.counts,
            "applicable": applicable,
            "percent": percent_value(share),
            "percent_text": f"{percent_text(share)} ({self.counts['disclosed']}/{applicable})",
            "questions": {"answered": answered, "asked": asked},
        }

    def text(self, name: str, width: int = TEXT_WIDTH) -> str:
        """The score, one aligned row per item, then the reasons and notes, wrapped."""
        titles = [s.item.title + (f" {NOTE_MARK}" if s.item.note else "") for s in self.statuses]
        # A title longer than the column wraps, its status on its last line.
        column = min(max((len(t) for t in titles), default=0), width - TITLE_ROOM)
        lines = [f"{plain_paragraphs(name)[0]}: {self.score}"]
        for s, title in zip(self.statuses, titles, strict=True):
            refs = _refs(self.reason_numbers(s))
            parts = textwrap.wrap(title, column, break_on_hyphens=False) or [""]
            parts[-1] = f"{parts[-1].ljust(column)}  {TEXT_LABELS[s.status]}"
            parts[-1] += f" ({refs})" if refs else ""
            lines.append(f"  {s.item.number:>2}. {parts[0]}")
            lines += [f"      {part}" for part in parts[1:]]
        if self.reasons:
            lines += ["", "  Reasons given in the file:"]
            for n, reason in enumerate(self.reasons, start=1):
                lines += _wrap(f"{n:>2}.", reason, 2, width)
        open_ = [(s, gaps(s)) for s in self.statuses if s.status == "partial" and gaps(s)]
        if open_:
            lines += ["", "  Not disclosed in the items partly disclosed:"]
            for s, found in open_:
                lines += _wrap(f"{s.item.number:>2}.", "; ".join(found), 2, width)
        answered = [(s, answered_by(s)) for s in self.statuses]
        if self.framework.id != "casper" and any(by for _, by in answered):
            lines += ["", "  Fields that answered each item:"]
            for s, by in answered:
                if by:
                    lines += _wrap(f"{s.item.number:>2}.", ", ".join(by), 2, width)
        if self.has_notes:
            lines += [
                "",
                f"  Notes on the items marked {NOTE_MARK}: how far the schema answers them:",
            ]
            for s in self.statuses:
                if s.item.note:
                    entry = f"{s.item.title}: {s.item.note}"
                    lines += _wrap(f"{s.item.number:>2}.", entry, 2, width)
        return "\n".join(lines) + "\n"

    def markdown(self, name: str) -> str:
        """A heading, the score, a table with a row per item, then the reasons listed once.

        Text from the file (reasons, the file name) goes through the same escaping as
        the Markdown report, so it cannot become live HTML.
        """
        from ..output.markdown import markdown_cell

        notes = self.has_notes
        header = "| # | Item | Status | Reason or gaps |" + (" Note |" if notes else "")
        rule = "| ---: | --- | --- | --- |" + (" --- |" if notes else "")
        lines = [
            f"## {markdown_cell(name)}: {markdown_cell(self.framework.title)}",
            "",
            f"**{self.score}**",
            "",
            header,
            rule,
        ]
        for s in self.statuses:
            cells = [
                str(s.item.number),
                markdown_cell(s.item.title),
                s.status.replace("_", " "),
                "; ".join(
                    x
                    for x in (
                        _refs(self.reason_numbers(s)),
                        markdown_cell("not disclosed: " + "; ".join(gaps(s)))
                        if s.status == "partial"
                        else "",
                    )
                    if x
                )
                or "—",
            ]
            if notes:
                cells.append(markdown_cell(s.item.note) if s.item.note else "—")
            lines.append("| " + " | ".join(cells) + " |")
        if self.reasons:
            lines += ["", "Reasons given in the file:", ""]
            lines += [f"{n}. {markdown_cell(r)}" for n, r in enumerate(self.reasons, start=1)]
        return "\n".join(lines) + "\n"


def coverage_report(disclosure: Disclosure, framework_id: str = "casper") -> CoverageReport:
    statuses = item_statuses(disclosure, framework_id)
    return CoverageReport(framework(framework_id), statuses, tally(statuses))


def coverage_summary(disclosure: Disclosure, framework_id: str = "casper") -> dict[str, Any]:
    """Counts per status, applicable items and the share of them disclosed (to 0.1)."""
    return coverage_report(disclosure, framework_id).summary()
