"""Validate disclosure files: read, parse, check the schema and cross-references."""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from yaml.nodes import MappingNode

from ..errors import ValidationFailed
from ..issues import Issue, printable, printable_issue, sort_issues
from ..reading.files import read_limited
from ..reading.loader import (
    DEFAULT_MAX_SIZE,
    Loaded,
    LoadProblem,
    YamlRefused,
    decode,
    gc_paused,
    load_yaml,
    position,
)
from ..schema import Disclosure
from ..schema.disclosure import SCHEMA_VERSION
from ..schema.paths import Loc
from .locate import (
    display_path,
    find,
    free_form_issues,
    reference_issues,
    repeated_node_locs,
    schema_issues,
)
from .numbers import typed_number_issues
from .references import reference_problems

M = TypeVar("M", bound=BaseModel)


def _root_hint(problem: LoadProblem, first_key: str) -> str | None:
    if problem.code in ("root-not-mapping", "empty-file"):
        return f"start the file with '{first_key}: 1'"
    return problem.hint


@dataclass
class Result:
    """The outcome for one file."""

    file: str
    disclosure: Disclosure | None
    issues: list[Issue] = field(default_factory=list)
    loaded: Loaded | None = None  # the parsed YAML, when it parsed
    raw: bytes | None = None
    """The bytes validated: later stages (the file's ignore comments) read these, not the
    file again, so every stage sees the same version of it."""

    @property
    def valid(self) -> bool:
        return self.disclosure is not None and not any(i.severity == "error" for i in self.issues)


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
    assert disclosure is not None
    return Result(file, disclosure, _version_notes(file, loaded, disclosure), loaded)


def _version_notes(file: str, loaded: Loaded, disclosure: Disclosure) -> list[Issue]:
    """A warning, at the `schema_version` line, for a file of an older version."""
    if disclosure.schema_version == SCHEMA_VERSION:
        return []
    node = next(v for k, v in loaded.root.value if getattr(k, "value", None) == "schema_version")
    line, column = position(node)
    return [
        Issue(
            file,
            line,
            column,
            "schema_version",
            "old-schema-version",
            f"this file is schema version {disclosure.schema_version}; version "
            f"{SCHEMA_VERSION} reads it the same way and adds bounds, statuses on any "
            "field and findings in words",
            f"run: rlhf-disclosure migrate {printable(file)}",
            "warning",
        )
    ]


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
    # One problem per line at most from this check: a number under an unknown key, or
    # in a value the schema refused, is part of that problem.
    taken = {i.line for i in issues}
    issues.extend(typed_number_issues(file, loaded, taken, reported))
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
        printable_issue(
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
    raw, problem = read_limited(name, max_size)
    if raw is None:
        return Result(name, None, [problem] if problem else [])
    result = validate_bytes(raw, name)
    result.raw = raw
    return result


def validate_file(path: str | os.PathLike[str], max_size: int = DEFAULT_MAX_SIZE) -> list[Issue]:
    """Every problem in one file; an empty list means it is valid."""
    return check_file(path, max_size).issues


def load_disclosure(path: str | os.PathLike[str], max_size: int = DEFAULT_MAX_SIZE) -> Disclosure:
    """Load and validate a disclosure, raising `ValidationFailed` with every problem."""
    result = check_file(path, max_size)
    if result.disclosure is None or any(i.severity == "error" for i in result.issues):
        raise ValidationFailed(result.issues)
    return result.disclosure
