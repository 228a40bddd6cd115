"""Write files atomically: a temporary file in the target directory, then a rename.

Where a write may go is decided here, for every command:
- a path the user named exactly (`-o FILE`, `schema -o FILE`, `init FILE`) that is a
  symbolic link is written through, as a shell redirection would, and the link stays;
- a name the tool derived (`INPUT.html`, a name under `--out-dir`, `init`'s default)
  that is a symbolic link, dangling or not, is refused: a repository could plant
  `disclosure.html -> ~/.ssh/authorized_keys`;
- a device, FIFO, socket or directory is never replaced by a regular file;
- a set of files is staged whole before any is renamed into place, so a failure
  while writing leaves every target as it was;
- an exclusive write (`init` without `--force`) creates the file only if no file of
  that name exists at that moment, so two runs cannot both write it.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import OutputProblem


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def _new_file_mode() -> int:
    """What `open()` would give a new file: 0o666 less the process's umask."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


@dataclass(frozen=True)
class Output:
    """One file to write: where, what, and whether the user named this exact path."""

    path: Path
    text: str
    named: bool = False


def _destination(path: Path, named: bool) -> Path:
    """The file a write to `path` replaces, after the symlink and file-type rules."""
    if path.is_symlink():
        target = Path(os.readlink(path))
        if not named:
            raise OutputProblem(
                f"{path} is a symbolic link to {target}; refusing to write through a link "
                "the tool did not get named: remove it, or name it with -o to write through it"
            )
        path = path.resolve()
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise OutputProblem(f"{path}: the directory {directory} does not exist")
    try:
        info = path.lstat()
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise OutputProblem(f"{path}: cannot write: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise OutputProblem(f"{path}: is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise OutputProblem(
            f"{path}: is not a regular file (a device, FIFO or socket); refusing to replace it"
        )
    return path


def _stage(path: Path, text: str) -> str:
    """A temporary file beside `path` holding `text`, with the mode `path` will keep."""
    directory = path.parent if str(path.parent) else Path(".")
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = _new_file_mode()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OutputProblem(f"{path}: cannot write here: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputProblem(f"{path}: cannot write: {exc.strerror or exc}") from None
        raise
    return tmp


def write_all(outputs: Sequence[Output]) -> None:
    """Write every output, or (when one cannot be written) none of them."""
    destinations = [_destination(o.path, o.named) for o in outputs]
    staged: list[str] = []
    try:
        for destination, output in zip(destinations, outputs, strict=True):
            staged.append(_stage(destination, output.text))
        for tmp, destination in zip(staged, destinations, strict=True):
            os.replace(tmp, destination)
    except OSError as exc:
        raise OutputProblem(f"cannot write: {exc.strerror or exc}") from None
    finally:
        for tmp in staged:
            Path(tmp).unlink(missing_ok=True)


def write_atomic(path: Path, text: str, *, named: bool = True) -> None:
    """Replace `path` whole with `text`, or leave it as it was (see the module's rules)."""
    write_all([Output(path, text, named)])


def create_exclusive(path: Path, text: str, *, named: bool = True) -> None:
    """Write a new file at `path`, complete; OutputProblem if anything exists there.

    The file appears whole (a hard link to a finished temporary file), and only if the
    name is free at that moment: of several concurrent runs, exactly one succeeds.
    """
    if path.is_symlink():
        _destination(path, named)  # a link not named: refused, naming its target
        raise OutputProblem(f"{path} already exists; use --force to replace it")
    destination = _destination(path, named)
    tmp = _stage(destination, text)
    try:
        os.link(tmp, destination)
    except FileExistsError:
        raise OutputProblem(f"{path} already exists; use --force to replace it") from None
    except OSError as exc:
        raise OutputProblem(f"{path}: cannot write: {exc.strerror or exc}") from None
    finally:
        Path(tmp).unlink(missing_ok=True)
