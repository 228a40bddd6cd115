"""Write files atomically: a temporary file in the target directory, then a rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class OutputProblem(Exception):
    """An output could not be written; nothing was changed."""


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` whole with `text`, or leave it as it was."""
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise OutputProblem(f"{path}: the directory {directory} does not exist")
    if path.is_dir():
        raise OutputProblem(f"{path}: is a directory")
    data = text.encode("utf-8")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OutputProblem(f"{path}: cannot write here: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputProblem(f"{path}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
