"""`validate`: report every problem in every file."""

from __future__ import annotations

from ..output.reporters import report
from ..validation.batch import validate_paths
from .output import emit


def run_validate(paths: list[str], fmt: str, max_size: int, color: bool) -> int:
    batch = validate_paths(paths, max_size)
    emit(report(fmt, batch.verdicts, batch.issues, color))
    return batch.exit_code()
