"""The GitHub Action's report of one `check --format json` run.

    python -m rlhf_disclosure.output.github_action REPORT.json --status N

prints annotations as workflow commands, within GitHub's cap of 10 error and 10
warning annotations per step (the rest as plain lines in the log), appends the step's
outputs to `$GITHUB_OUTPUT` and a Markdown job summary (the coverage of each file, the
first problems, and how many did not fit as annotations) to `$GITHUB_STEP_SUMMARY`,
and exits with N, the status `check` exited with. action.yml runs it; it reads only
the JSON report, so it shows exactly what `check` found.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..issues import Issue
from .reporters import github_line, summary_line, text_line

ANNOTATIONS_PER_SEVERITY = 10
"""GitHub shows at most this many error, and this many warning, annotations per step."""

SUMMARY_PROBLEMS = 50
"""Problems listed in the job summary; the log has all of them."""


@dataclass(frozen=True)
class Run:
    """What one `check` run reported, read back from its JSON."""

    status: int
    files: list[dict[str, Any]]
    issues: list[Issue]
    readable: bool = True

    @property
    def valid(self) -> bool:
        return self.readable and self.status == 0 and all(f["valid"] for f in self.files)

    def count(self, severity: str) -> int:
        return sum(1 for i in self.issues if i.severity == severity)

    @property
    def lowest_coverage(self) -> float | None:
        shares = [f["coverage"]["percent"] for f in self.files if "coverage" in f]
        return min(shares) if shares else None


def read_run(text: str, status: int) -> Run:
    """The run a JSON report describes; unreadable when `check` wrote none (a usage error)."""
    try:
        doc = json.loads(text)
        files = list(doc["files"])
        issues = [Issue(**issue) for issue in doc["issues"]]
    except (ValueError, KeyError, TypeError):
        return Run(status, [], [], readable=False)
    return Run(status, files, issues)


def split_annotations(issues: Sequence[Issue]) -> tuple[list[Issue], list[Issue]]:
    """(shown as annotations, beyond the cap): the first ten of each severity are shown."""
    shown: list[Issue] = []
    beyond: list[Issue] = []
    seen: dict[str, int] = {}
    for issue in issues:
        seen[issue.severity] = seen.get(issue.severity, 0) + 1
        (shown if seen[issue.severity] <= ANNOTATIONS_PER_SEVERITY else beyond).append(issue)
    return shown, beyond


def outputs(run: Run) -> dict[str, str]:
    lowest = run.lowest_coverage
    return {
        "valid": "true" if run.valid else "false",
        "errors": str(run.count("error")),
        "warnings": str(run.count("warning")),
        "coverage": "" if lowest is None else f"{lowest:g}",
    }


def _cell(text: str) -> str:
    from ..output.markdown import markdown_cell

    return markdown_cell(text)


def summary(run: Run, beyond: Sequence[Issue]) -> str:
    """The job summary, in GitHub-flavoured Markdown; text from files is escaped."""
    lines = ["## rlhf-disclosure check", ""]
    if not run.readable:
        lines.append(
            f"`rlhf-disclosure check` stopped before it could report (exit {run.status}); "
            "the step's log says why."
        )
        return "\n".join(lines) + "\n"
    verdicts = [(f["file"], bool(f["valid"])) for f in run.files]
    lines += [f"**{summary_line(verdicts, run.issues)}**", ""]
    scored = [f for f in run.files if "coverage" in f]
    if scored:
        lines += [
            "### Coverage of the eleven items (Casper et al. 2023)",
            "",
            "| File | Passed | Disclosed | Partial | Withheld | Not applicable | Missing "
            "| Questions | Coverage |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for f in scored:
            c = f["coverage"]["counts"]
            q = f["coverage"]["questions"]
            lines.append(
                f"| {_cell(f['file'])} | {'yes' if f['valid'] else 'no'} "
                f"| {c['disclosed']} | {c['partial']} | {c['withheld']} | {c['not_applicable']} "
                f"| {c['not_disclosed']} | {q['answered']}/{q['asked']} "
                f"| {f['coverage']['percent_text']} |"
            )
        lines += [
            "",
            "Coverage is the share of applicable items disclosed in full (every question "
            "answered); items marked not applicable with a reason do not count.",
            "",
        ]
    if beyond:
        counts = [
            _plural(sum(1 for i in beyond if i.severity == severity), f"more {severity}")
            for severity in ("error", "warning")
        ]
        lines += [
            f"GitHub shows {ANNOTATIONS_PER_SEVERITY} error and {ANNOTATIONS_PER_SEVERITY} "
            f"warning annotations per step; {' and '.join(c for c in counts if c)} "
            "are not annotated on the files. They are in the table below (up to "
            f"{SUMMARY_PROBLEMS} problems) and every problem is in the step's log.",
            "",
        ]
    if run.issues:
        listed = run.issues[:SUMMARY_PROBLEMS]
        more = len(run.issues) - len(listed)
        title = "### Problems" + (
            f" (the first {len(listed)} of {len(run.issues)})" if more else ""
        )
        lines += [title, "", "| Where | Severity | Rule | Problem |", "| --- | --- | --- | --- |"]
        for i in listed:
            where = f"{i.file}:{i.line}:{i.column}"
            problem = (f"{i.path}: " if i.path else "") + i.message
            if i.hint:
                problem += f" (hint: {i.hint})"
            lines.append(f"| {_cell(where)} | {i.severity} | {_cell(i.code)} | {_cell(problem)} |")
        lines.append("")
    return "\n".join(lines)


def _plural(count: int, noun: str) -> str:
    if count == 0:
        return ""
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _append(env_var: str, text: str) -> None:
    target = os.environ.get(env_var)
    if target:
        with Path(target).open("a", encoding="utf-8") as out:
            out.write(text)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rlhf_disclosure.output.github_action")
    parser.add_argument("report", help="the JSON `rlhf-disclosure check --format json` wrote")
    parser.add_argument("--status", type=int, required=True, help="the exit status of check")
    args = parser.parse_args(argv)
    try:
        text = Path(args.report).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    run = read_run(text, args.status)
    shown, beyond = split_annotations(run.issues)
    for issue in shown:
        print(github_line(issue))
    for issue in beyond:
        print(text_line(issue))
    if run.readable:
        verdicts = [(f["file"], bool(f["valid"])) for f in run.files]
        print(summary_line(verdicts, run.issues), file=sys.stderr)
    _append("GITHUB_OUTPUT", "".join(f"{k}={v}\n" for k, v in outputs(run).items()))
    _append("GITHUB_STEP_SUMMARY", summary(run, beyond))
    return run.status


if __name__ == "__main__":
    sys.exit(main())
