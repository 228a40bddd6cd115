"""Validate disclosure files: read, parse, check the schema and cross-references."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from .issues import Issue, sort_issues
from .loader import (
    DEFAULT_MAX_SIZE,
    Loaded,
    LoadProblem,
    YamlRefused,
    decode,
    gc_paused,
    load_yaml,
)
from .locate import display_path, reference_issues, schema_issues
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
        partial = refused.partial
        issues = [
            Issue(
                file,
                p.line,
                p.column,
                display_path(partial, p.loc) if partial and p.loc else "",
                p.code,
                p.message,
                _root_hint(p, "schema_version"),
            )
            for p in refused.problems
        ]
        return Result(file, None, sort_issues(issues))
    issues = reference_issues(file, loaded, reference_problems(loaded.data))
    disclosure: Disclosure | None = None
    try:
        disclosure = Disclosure.model_validate(loaded.data)
    except ValidationError as exc:
        issues.extend(schema_issues(file, loaded, exc, Disclosure))
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
            return None, sort_issues(
                [
                    Issue(file, p.line, p.column, "", p.code, p.message, _root_hint(p, first_key))
                    for p in refused.problems
                ]
            )
        try:
            return model.model_validate(loaded.data), []
        except ValidationError as exc:
            return None, sort_issues(schema_issues(file, loaded, exc, model))


def check_file(path: str | os.PathLike[str], max_size: int = DEFAULT_MAX_SIZE) -> Result:
    """Read and validate one file, refusing missing, unreadable and oversized files."""
    name = os.fspath(path)
    p = Path(name)
    try:
        size = p.stat().st_size
        if p.is_dir():
            return Result(name, None, [_file_issue(name, "not-a-file", "is a directory")])
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


def expand_paths(paths: Iterable[str]) -> tuple[list[str], list[Issue]]:
    """Files named directly, YAML files under directories, and glob matches, in order.

    A name that matches nothing is reported as an issue rather than dropped.
    """
    files: list[str] = []
    issues: list[Issue] = []
    seen: set[str] = set()

    def add(name: str) -> None:
        key = os.path.normpath(name)
        if key not in seen:
            seen.add(key)
            files.append(name)

    for arg in paths:
        if os.path.isdir(arg):
            found = sorted(
                str(p)
                for p in Path(arg).rglob("*")
                if p.suffix in YAML_SUFFIXES and p.is_file() and not _hidden(p, Path(arg))
            )
            if not found:
                issues.append(
                    _file_issue(arg, "no-yaml-files", "the directory holds no .yaml or .yml files")
                )
            for name in found:
                add(name)
        elif os.path.exists(arg) or not (_GLOB_CHARS & set(arg)):
            add(arg)
        else:
            matches = sorted(glob.glob(arg, recursive=True))
            matches = [m for m in matches if os.path.isfile(m)]
            if not matches:
                issues.append(_file_issue(arg, "file-not-found", "the pattern matches no files"))
            for name in matches:
                add(name)
    return files, issues


def _hidden(path: Path, base: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(base).parts)
