"""Rewrite version 1 disclosures as version 2, changing nothing else in the file.

Version 2 reads every version 1 file the same way: it only adds forms (bounds and
approximations, statuses on any field, findings in words, ...). So a migration is the
one edit `schema_version: 1` -> `2`, made in the text itself: comments, key order,
quoting, line endings and a byte-order mark stay exactly as they were. Each migrated
text is validated again, and must load to the same disclosure, before anything is
written; a set of files is written whole or not at all.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from yaml.nodes import MappingNode, ScalarNode

from .errors import DisclosureError
from .issues import Issue
from .output.files import Output, write_all
from .reading.files import expand_paths
from .reading.loader import DEFAULT_MAX_SIZE, decode
from .schema.disclosure import SCHEMA_VERSION
from .validation.validate import Result, check_file, validate_bytes

State = Literal["current", "migrated", "invalid"]


@dataclass
class Migration:
    """What migrating one file means."""

    file: str
    state: State
    issues: list[Issue] = field(default_factory=list)
    text: str | None = None
    """The file's text at version 2, for a file that needs migrating."""
    named: bool = True
    """Whether the user named this file (not found by expanding a directory or glob)."""


class MigrationBroken(DisclosureError):
    """A migrated text that does not mean what the original did: a bug, never input."""


def _version_span(result: Result, text: str) -> tuple[int, int]:
    """Where the value of `schema_version` is written in the text."""
    assert result.loaded is not None
    root = result.loaded.root
    assert isinstance(root, MappingNode)
    for key, value in root.value:
        if isinstance(key, ScalarNode) and key.value == "schema_version":
            return value.start_mark.index, value.end_mark.index
    raise MigrationBroken("a valid disclosure without schema_version")  # pragma: no cover


def plan(path: str, max_size: int = DEFAULT_MAX_SIZE, *, named: bool = True) -> Migration:
    """How one file migrates: already current, its version 2 text, or why it cannot."""
    result = check_file(path, max_size)
    errors = [i for i in result.issues if i.severity == "error"]
    if result.disclosure is None or errors or result.raw is None:
        return Migration(path, "invalid", errors or result.issues, named=named)
    if result.disclosure.schema_version == SCHEMA_VERSION:
        return Migration(path, "current", named=named)
    text = decode(result.raw)  # positions count from after a byte-order mark
    start, end = _version_span(result, text)
    bom = "\ufeff" if result.raw.startswith(codecs.BOM_UTF8) else ""
    migrated = f"{bom}{text[:start]}{SCHEMA_VERSION}{text[end:]}"
    _same_meaning(path, result, migrated)
    return Migration(path, "migrated", text=migrated, named=named)


def _same_meaning(path: str, before: Result, text: str) -> None:
    after = validate_bytes(text.encode("utf-8"), path)
    if after.disclosure is None or any(i.severity == "error" for i in after.issues):
        raise MigrationBroken(f"{path}: the migrated file does not validate")
    assert before.disclosure is not None
    old = before.disclosure.model_dump(exclude={"schema_version"})
    new = after.disclosure.model_dump(exclude={"schema_version"})
    if old != new:
        raise MigrationBroken(f"{path}: the migrated file would mean something else")


def plan_paths(paths: Iterable[str], max_size: int = DEFAULT_MAX_SIZE) -> list[Migration]:
    """A plan for every file the paths name (directories and globs expanded)."""
    given = list(paths)
    files, path_issues = expand_paths(given)
    plans = [Migration(i.file, "invalid", [i]) for i in path_issues]
    plans += [plan(name, max_size, named=name in given) for name in files]
    return plans


def write_migrations(plans: Sequence[Migration]) -> None:
    """Write every migrated file, or none of them."""
    write_all([Output(Path(m.file), m.text, m.named) for m in plans if m.text is not None])
