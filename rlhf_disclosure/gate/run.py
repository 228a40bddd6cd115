"""`check` as a library call: read the policy, validate every file, apply the policy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..coverage.report import coverage_summary
from ..issues import Issue
from ..reading.files import read_limited
from ..validation.batch import Batch, Progress, validate_paths
from ..validation.validate import Result, validate_model_bytes
from .policy import Policy
from .pragmas import FileIgnores, file_ignores
from .rules import policy_issues


def load_policy(path: str | None, max_size: int) -> tuple[Policy | None, list[Issue]]:
    """The policy file's model, or None and why it cannot be used; the default without a path.

    Read like a disclosure: within the size limit, and only if it is a regular file.
    """
    if path is None:
        return Policy(), []
    try:
        Path(path).stat()
    except OSError as exc:
        return None, [
            Issue(path, 1, 1, "", "policy-unreadable", f"cannot read policy: {exc.strerror}")
        ]
    raw, problem = read_limited(path, max_size)
    if raw is None:
        assert problem is not None
        message = f"cannot read policy: {problem.message}"
        return None, [Issue(path, 1, 1, "", "policy-unreadable", message, problem.hint)]
    return validate_model_bytes(raw, path, Policy, "policy_version")


def check_paths(
    paths: Iterable[str],
    policy: Policy,
    *,
    policy_path: str | None = None,
    min_coverage: float | None = None,
    strict: bool = False,
    max_size: int,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> Batch:
    """Validate every file and apply `policy`; a file fails on an error (any issue if strict).

    The policy file itself (`policy_path`) is left out of what directories and patterns find.
    """
    day = today or dt.date.today()

    def judge(result: Result) -> tuple[list[Issue], bool]:
        found = policy_issues(result, policy, day, min_coverage, file_comments(result))
        return found, not any(i.severity == "error" or strict for i in found)

    skip = [policy_path] if policy_path else []
    return validate_paths(paths, max_size, judge=judge, skip=skip, progress=progress)


def coverage_by_file(batch: Batch) -> dict[str, dict[str, Any]]:
    """The eleven items' coverage of each file that loaded, for JSON reports."""
    return {r.file: coverage_summary(r.disclosure) for r in batch.results if r.disclosure}


def file_comments(result: Result) -> FileIgnores:
    """The file's `# rlhf-disclosure: ignore[...]` comments, once it has parsed."""
    if result.loaded is None or result.raw is None:
        return FileIgnores()
    return file_ignores(result.raw, result.file)
