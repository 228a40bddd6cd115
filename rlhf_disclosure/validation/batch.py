"""Many files at once: expand the paths, validate each file, judge it, and collect
verdicts and issues - the one loop `validate`, `check`, `coverage` and `render` share.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field

from ..issues import Issue, sort_issues
from ..reading.files import expand_paths
from .validate import Result, check_file

Judge = Callable[[Result], tuple[list[Issue], bool]]
"""A file's result -> (the issues to report for it, whether it passes)."""

Progress = Callable[[list[str]], AbstractContextManager[Iterable[str]]]
"""Wraps the list of files being read, to show progress (the CLI's progress bar)."""


def schema_judge(result: Result) -> tuple[list[Issue], bool]:
    """What `validate` asks: the file's own problems; it passes when it is valid."""
    return result.issues, result.valid


@dataclass
class Batch:
    """What a run over many files found."""

    results: list[Result] = field(default_factory=list)
    verdicts: list[tuple[str, bool]] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    """Every issue, the paths' own included, deduplicated and sorted."""
    path_issues: list[Issue] = field(default_factory=list)
    """Names that matched nothing, directories that could not be read."""

    def failed(self, strict: bool = False) -> bool:
        """Whether any file fails, or any issue is an error (or, with `strict`, any at all)."""
        bad_issue = any(i.severity == "error" or strict for i in self.issues)
        return bad_issue or not all(ok for _, ok in self.verdicts)

    def exit_code(self, strict: bool = False) -> int:
        return 1 if self.failed(strict) else 0


def validate_paths(
    paths: Iterable[str],
    max_size: int,
    *,
    judge: Judge = schema_judge,
    skip: Iterable[str] = (),
    progress: Progress | None = None,
) -> Batch:
    """Validate every file the paths name and judge each; see `Batch`."""
    files, path_issues = expand_paths(paths, skip=skip)
    batch = Batch(path_issues=list(path_issues))
    issues = list(path_issues)
    wrap = progress or nullcontext
    with wrap(files) as each:
        for name in each:
            result = check_file(name, max_size)
            found, ok = judge(result)
            batch.results.append(result)
            batch.verdicts.append((name, ok))
            issues.extend(found)
    batch.issues = sort_issues(issues)
    return batch
