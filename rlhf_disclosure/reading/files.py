"""Which files to read, and reading one within the size limit.

`expand_paths` turns the command line's files, directories and glob patterns into
file names, reporting names that match nothing; `read_limited` reads one file,
refusing directories, pipes and devices, missing and unreadable files and files over
the size limit, each as a located issue on the file.
"""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from ..errors import UsageProblem
from ..issues import Issue

YAML_SUFFIXES = (".yaml", ".yml")


def file_issue(file: str, code: str, message: str, hint: str | None = None) -> Issue:
    """A problem with a file as a whole, located at its start."""
    return Issue(file, 1, 1, "", code, message, hint)


def read_limited(name: str, max_size: int) -> tuple[bytes | None, Issue | None]:
    """(the file's bytes, None), or (None, why it was not read)."""
    p = Path(name)
    try:
        info = p.stat()
        size = info.st_size
        if p.is_dir():
            return None, file_issue(name, "not-a-file", "is a directory")
        if not stat.S_ISREG(info.st_mode):  # a pipe would block the read for ever
            return None, file_issue(
                name, "not-a-file", "is not a regular file (a pipe, socket or device)"
            )
        if size > max_size:
            return None, file_issue(
                name,
                "file-too-large",
                f"the file is {size:,} bytes, more than the limit of {max_size:,}",
                "raise the limit with --max-size if the file is genuine",
            )
        raw = p.read_bytes()
    except FileNotFoundError:
        return None, file_issue(name, "file-not-found", "no such file")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return None, file_issue(name, "unreadable", f"cannot read file: {reason}")
    if len(raw) > max_size:  # grew since stat
        return None, file_issue(name, "file-too-large", "the file is too large")
    return raw, None


_GLOB_CHARS = frozenset("*?[")


def expand_paths(paths: Iterable[str], skip: Iterable[str] = ()) -> tuple[list[str], list[Issue]]:
    """Files named directly, YAML files under directories, and glob matches, in order.

    A name that matches nothing is reported as an issue rather than dropped, and so
    is a directory that cannot be read. Under a directory, .yaml and .yml files are
    found in any case (X.YAML, b.Yml). Files in `skip` (the policy file, say) are
    left out of what directories and patterns find.
    """
    files: list[str] = []
    issues: list[Issue] = []
    seen: set[str] = set()
    skipped = {os.path.realpath(p) for p in skip}

    def add(name: str) -> None:
        key = os.path.normpath(name)
        if key not in seen:
            seen.add(key)
            files.append(name)

    for arg in paths:
        if not arg:
            # Path("") is the current directory; an empty argument is a mistake
            # (an unset shell variable), never a request to check '.'.
            raise UsageProblem("an empty path was given; name a file, directory or pattern")
        if os.path.isdir(arg):
            found, unreadable = _yaml_files_under(arg)
            issues.extend(unreadable)
            found = [f for f in found if os.path.realpath(f) not in skipped]
            if not found and not unreadable:
                issues.append(
                    file_issue(arg, "no-yaml-files", "the directory holds no .yaml or .yml files")
                )
            for name in found:
                add(name)
        elif os.path.exists(arg) or not (_GLOB_CHARS & set(arg)):
            add(arg)
        else:
            matches = sorted(glob.glob(arg, recursive=True))
            matches = [
                m for m in matches if os.path.isfile(m) and os.path.realpath(m) not in skipped
            ]
            if not matches:
                issues.append(file_issue(arg, "file-not-found", "the pattern matches no files"))
            for name in matches:
                add(name)
    return files, issues


def _yaml_files_under(top: str) -> tuple[list[str], list[Issue]]:
    """YAML files under a directory (hidden ones left out), and the directories
    that could not be read, as issues: nothing under them is silently skipped."""
    found: list[str] = []
    unreadable: list[Issue] = []

    def refused(exc: OSError) -> None:
        where = exc.filename if isinstance(exc.filename, str) else top
        reason = exc.strerror or str(exc)
        unreadable.append(file_issue(where, "unreadable", f"cannot read directory: {reason}"))

    visited: set[str] = set()  # linked directories are followed, each once (no cycles)
    for here, dirs, names in os.walk(top, onerror=refused, followlinks=True):
        real = os.path.realpath(here)
        if real in visited:
            dirs[:] = []
            continue
        visited.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in names:
            path = os.path.normpath(os.path.join(here, name))
            if (
                not name.startswith(".")
                and Path(name).suffix.lower() in YAML_SUFFIXES
                and os.path.isfile(path)
            ):
                found.append(path)
    return sorted(found), unreadable
