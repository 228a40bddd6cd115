"""The repository the tests run in: its root, defined once for the whole suite."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
"""The repository root: the folder with pyproject.toml, README.md and tests/."""


def rel(path: Path) -> str:
    """A repository path as typed, and as the CLI prints it, from the repository root."""
    return path.relative_to(REPO).as_posix()
