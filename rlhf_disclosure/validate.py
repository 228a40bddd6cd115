"""Validate disclosure files: read, parse, check the schema and cross-references."""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from yaml.nodes import MappingNode

from .issues import Issue, UsageProblem, sort_issues
from .loader import (
    DEFAULT_MAX_SIZE,
    Loaded,
    LoadProblem,
    YamlRefused,
    decode,
    gc_paused,
    load_yaml,
    position,
)
from .locate import (
    Loc,
    display_path,
    find,
    free_form_issues,
    reference_issues,
    repeated_node_locs,
    safe_issue,
    schema_issues,
)
from .schema import Disclosure, reference_problems

YAML_SUFFIXES = (".yaml", ".yml")
M = TypeVar("M", bound=BaseModel)


def _root_hint(problem: LoadProblem, first_key: str) -> str | None:
    if problem.code in ("root-not-mapping", "empty-file"):
        return f"start the file with '{first_key}: 1'"
    return problem.hint


class ValidationFailed(Exception):
    """A disclosure did not validate; `issues` says where and why."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = sort_issues(issues)
        first = self.issues[0] if self.issues else None
        summary = f"{len(self.issues)} problem(s)"
        if first is not None:
            summary += f", first: {first.file}:{first.line}:{first.column}: {first.message}"
        super().__init__(summary)


@dataclass
class Result:
    """The outcome for one file."""

    file: str
    disclosure: Disclosure | None
    issues: list[Issue] = field(default_factory=list)
    loaded: Loaded | None = None  # the parsed YAML, when it parsed

    @property
    def valid(self) -> bool:
        return self.disclosure is not None and not any(i.severity == "error" for i in self.issues)


def _file_issue(file: str, code: str, message: str, hint: str | None = None) -> Issue:
    return Issue(file, 1, 1, "", code, message, hint)


def validate_bytes(raw: bytes, file: str = "<input>") -> Result:
    """Validate the bytes of one disclosure file."""
    with gc_paused():
        return _validate_bytes(raw, file)


def _validate_bytes(raw: bytes, file: str) -> Result:
    try:
        loaded = load_yaml(decode(raw))
    except YamlRefused as refused:
        return Result(file, None, _refused_issues(file, refused, Disclosure, "schema_version"))
    disclosure, issues = _check_loaded(file, loaded, Disclosure)
    if issues:
        return Result(file, None, sort_issues(issues), loaded)
    return Result(file, disclosure, [], loaded)


def validate_model_bytes(
    raw: bytes, file: str, model: type[M], first_key: str
) -> tuple[M | None, list[Issue]]:
    """Validate any strict model (e.g. a policy file) with the same loader and messages."""
    with gc_paused():
        try:
            loaded = load_yaml(decode(raw))
        except YamlRefused as refused:
            return None, _refused_issues(file, refused, model, first_key)
        validated, issues = _check_loaded(file, loaded, model)
        return (None if issues else validated), sort_issues(issues)


def _check_loaded(
    file: str, loaded: Loaded, model: type[M], reported: Collection[Loc] = ()
) -> tuple[M | None, list[Issue]]:
    """The schema, cross-reference and free-form checks, none at `reported` places.

    A free-form value the schema also rejects (a date where a number or text is
    expected) is reported once, by the schema.
    """
    issues: list[Issue] = []
    validated: M | None = None
    try:
        validated = model.model_validate(loaded.data)
    except ValidationError as exc:
        issues.extend(schema_issues(file, loaded, exc, model, reported))
    places = {(i.line, i.column, i.path) for i in issues}
    for issue in free_form_issues(file, loaded, model, reported):
        if (issue.line, issue.column, issue.path) not in places:
            issues.append(issue)
    if model is Disclosure:
        problems = reference_problems(loaded.data)
        issues.extend(reference_issues(file, loaded, problems, reported))
    return validated, issues


def _refused_issues(
    file: str, refused: YamlRefused, model: type[BaseModel], first_key: str
) -> list[Issue]:
    """The loader's problems, and what the other checks find in the part that loaded.

    A duplicate key or an alias should not hide a typo elsewhere in the file, so
    the partial data is checked too, except where the loader already reported
    a problem: one place gets one error.
    """
    partial = refused.partial
    issues = [
        safe_issue(
            Issue(
                file,
                p.line,
                p.column,
                display_path(partial, p.loc) if partial and p.loc else "",
                p.code,
                p.message,
                _root_hint(p, first_key),
            )
        )
        for p in refused.problems
    ]
    if partial is not None:
        reported = _reported_locs(partial, refused.problems)
        taken = {(p.line, p.column) for p in refused.problems}
        _, more = _check_loaded(file, partial, model, reported)
        issues.extend(i for i in more if (i.line, i.column) not in taken)
    return sort_issues(issues)


def _reported_locs(partial: Loaded, problems: list[LoadProblem]) -> list[Loc]:
    """Where the loader left no data (or stand-in data): below these, stay quiet.

    A problem with a node (a refused tag, too deep) covers that node and all under
    it; a problem with a key (a duplicate) covers only that key, which is located
    by position. Alias sites hold no data either.
    """
    out = repeated_node_locs(partial.root)
    for p in problems:
        if p.loc is None:
            continue
        place = find(partial, p.loc)
        node = place.node
        if node is None or position(node) != (p.line, p.column):
            continue
        keys = node.value if isinstance(node, MappingNode) else []
        if any(position(k) == (p.line, p.column) for k, _ in keys):
            continue  # the problem is with one key of this mapping
        out.append(place.loc)
    return out


def check_file(path: str | os.PathLike[str], max_size: int = DEFAULT_MAX_SIZE) -> Result:
    """Read and validate one file, refusing missing, unreadable and oversized files."""
    name = os.fspath(path)
    p = Path(name)
    try:
        info = p.stat()
        size = info.st_size
        if p.is_dir():
            return Result(name, None, [_file_issue(name, "not-a-file", "is a directory")])
        if not stat.S_ISREG(info.st_mode):  # a pipe would block the read for ever
            message = "is not a regular file (a pipe, socket or device)"
            return Result(name, None, [_file_issue(name, "not-a-file", message)])
        if size > max_size:
            return Result(
                name,
                None,
                [
                    _file_issue(
                        name,
                        "file-too-large",
                        f"the file is {size:,} bytes, more than the limit of {max_size:,}",
                        "raise the limit with --max-size if the file is genuine",
                    )
                ],
            )
        raw = p.read_bytes()
    except FileNotFoundError:
        return Result(name, None, [_file_issue(name, "file-not-found", "no such file")])
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return Result(name, None, [_file_issue(name, "unreadable", f"cannot read file: {reason}")])
    if len(raw) > max_size:  # grew since stat
        return Result(name, None, [_file_issue(name, "file-too-large", "the file is too large")])
    return validate_bytes(raw, name)


def validate_file(path: str | os.PathLike[str], max_size: int = DEFAULT_MAX_SIZE) -> list[Issue]:
    """Every problem in one file; an empty list means it is valid."""
    return check_file(path, max_size).issues


def load_disclosure(path: str | os.PathLike[str], max_size: int = DEFAULT_MAX_SIZE) -> Disclosure:
    """Load and validate a disclosure, raising `ValidationFailed` with every problem."""
    result = check_file(path, max_size)
    if result.disclosure is None or result.issues:
        raise ValidationFailed(result.issues)
    return result.disclosure


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
                    _file_issue(arg, "no-yaml-files", "the directory holds no .yaml or .yml files")
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
                issues.append(_file_issue(arg, "file-not-found", "the pattern matches no files"))
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
        unreadable.append(_file_issue(where, "unreadable", f"cannot read directory: {reason}"))

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
