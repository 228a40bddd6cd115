"""Reporters chosen by name: issues as text lines, JSON, or GitHub workflow annotations."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..issues import Issue, printable, printable_issue

_RED, _YELLOW, _BOLD, _DIM, _RESET = "\033[31m", "\033[33m", "\033[1m", "\033[2m", "\033[0m"


def text_line(issue: Issue, color: bool = False) -> str:
    """`FILE:LINE:COL: error[CODE] path: message (hint: ...)`, text from files escaped."""
    issue = printable_issue(issue)
    sev = issue.severity
    label = f"{sev}[{issue.code}]"
    path = f" {issue.path}:" if issue.path else ":"
    hint = f" (hint: {issue.hint})" if issue.hint else ""
    if color:
        tone = _RED if sev == "error" else _YELLOW
        label = f"{_BOLD}{tone}{label}{_RESET}"
        path = f" {_BOLD}{issue.path}{_RESET}:" if issue.path else ":"
        hint = f" {_DIM}(hint: {issue.hint}){_RESET}" if issue.hint else ""
    return f"{issue.file}:{issue.line}:{issue.column}: {label}{path} {issue.message}{hint}"


def _keep_breaks(text: str) -> str:
    """`printable`, except for line breaks, which the caller escapes its own way."""
    return (
        "".join(ch if ch in "\r\n" else printable(ch) for ch in text)
        if not text.isprintable()
        else text
    )


def _gh_escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_escape_property(text: str) -> str:
    return _gh_escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(issue: Issue) -> str:
    """A GitHub Actions workflow command that annotates the line.

    Line breaks are escaped as the workflow-command syntax wants (%0A, %0D); every
    other character a terminal would act on is shown as an escape first.
    """
    issue = replace(
        issue,
        file=_keep_breaks(issue.file),
        path=_keep_breaks(issue.path),
        message=_keep_breaks(issue.message),
        hint=_keep_breaks(issue.hint) if issue.hint is not None else None,
    )
    props = ",".join(
        [
            f"file={_gh_escape_property(issue.file)}",
            f"line={issue.line}",
            f"col={issue.column}",
            f"title={_gh_escape_property('rlhf-disclosure ' + issue.code)}",
        ]
    )
    where = f"{issue.path}: " if issue.path else ""
    hint = f" (hint: {issue.hint})" if issue.hint else ""
    return f"::{issue.severity} {props}::{_gh_escape_data(where + issue.message + hint)}"


# Characters JSON may carry raw that a terminal acts on or that reorder a line:
# C1 controls (0x9b is a CSI), bidirectional overrides and isolates, line separators.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def dumps_json(doc: Any) -> str:
    """JSON text with every character a terminal could act on written as a \\u escape,
    and names that are not UTF-8 (surrogate escapes) written so the text stays UTF-8."""
    text = json.dumps(doc, indent=2, ensure_ascii=False)
    text = _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def render_json(
    files: Sequence[tuple[str, bool]],
    issues: Sequence[Issue],
    coverage: Mapping[str, Mapping[str, Any]] | None = None,
) -> str:
    """One JSON document: per-file validity (and coverage, when given), every issue,
    and a summary."""
    coverage = coverage or {}
    doc = {
        "files": [
            {
                "file": printable(f),
                "valid": ok,
                **({"coverage": coverage[f]} if f in coverage else {}),
            }
            for f, ok in files
        ],
        "issues": [printable_issue(i).to_dict() for i in issues],
        "summary": summary_counts(files, issues),
    }
    return dumps_json(doc)


def summary_counts(files: Sequence[tuple[str, bool]], issues: Sequence[Issue]) -> dict[str, int]:
    return {
        "files": len(files),
        "valid": sum(1 for _, ok in files if ok),
        "invalid": sum(1 for _, ok in files if not ok),
        "errors": sum(1 for i in issues if i.severity == "error"),
        "warnings": sum(1 for i in issues if i.severity == "warning"),
    }


def summary_line(files: Sequence[tuple[str, bool]], issues: Sequence[Issue]) -> str:
    c = summary_counts(files, issues)
    noun = "file" if c["files"] == 1 else "files"
    return (
        f"{c['files']} {noun} checked: {c['valid']} valid, {c['invalid']} invalid; "
        f"{c['errors']} error(s), {c['warnings']} warning(s)"
    )


@dataclass(frozen=True)
class Report:
    """What a reporter prints: lines for standard output and for standard error."""

    stdout: list[str]
    stderr: list[str]


Verdicts = Sequence[tuple[str, bool]]
Coverage = Mapping[str, Mapping[str, Any]] | None
Reporter = Callable[[Verdicts, Sequence[Issue], bool, Coverage], Report]


def _text(verdicts: Verdicts, issues: Sequence[Issue], color: bool, coverage: Coverage) -> Report:
    return Report([text_line(i, color) for i in issues], [summary_line(verdicts, issues)])


def _github(verdicts: Verdicts, issues: Sequence[Issue], color: bool, coverage: Coverage) -> Report:
    return Report([github_line(i) for i in issues], [summary_line(verdicts, issues)])


def _json(verdicts: Verdicts, issues: Sequence[Issue], color: bool, coverage: Coverage) -> Report:
    return Report([render_json(verdicts, issues, coverage)], [])


REPORTERS: dict[str, tuple[Reporter, str]] = {
    # name: (reporter, what it is, for --format's help)
    "text": (_text, "one line per problem"),
    "json": (_json, "one JSON document"),
    "github": (_github, "GitHub Actions annotations"),
}
FORMATS = tuple(REPORTERS)


def report(
    fmt: str,
    verdicts: Verdicts,
    issues: Sequence[Issue],
    color: bool = False,
    coverage: Coverage = None,
) -> Report:
    """The issues of a run in the format named `fmt` (one of FORMATS)."""
    return REPORTERS[fmt][0](verdicts, issues, color, coverage)
