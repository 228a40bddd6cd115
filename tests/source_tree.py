"""The repository as a clean clone holds it: for the packaging and release tests."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.repo import REPO


def source_files() -> list[str]:
    """Files git tracks, and new files it does not ignore, relative to the repository."""
    out = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    ).stdout
    return sorted(name for name in out.split("\0") if name and (REPO / name).is_file())


def copy_source(target: Path) -> Path:
    """Copy those files to `target` (created), keeping their modes; returns `target`."""
    for name in source_files():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target / name)
    return target
