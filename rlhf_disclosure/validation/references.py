"""Checks that span sections: duplicate ids and references to ids that do not exist.

They run on the plain loaded data, so a file that fails schema validation still gets
every problem reported in one run. The id spaces and references are declared beside
the models (schema/disclosure.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..issues import printable
from ..schema.disclosure import CITED, ID_SPACES, REFERENCES, UNIQUE_SPACES, VARIANT_KEYS
from ..schema.paths import Loc, index_path, values_at


@dataclass(frozen=True)
class ReferenceProblem:
    """A problem that spans sections, located by its path in the data."""

    loc: Loc
    code: str
    message: str
    hint: str | None = None
    first: Loc | None = None  # for duplicates: where the id was first used


def reference_problems(data: Any) -> list[ReferenceProblem]:
    """Duplicate ids and references to ids that do not exist, in plain loaded data.

    Works on data that failed schema validation too, so every problem is reported
    in one run; values that are not text are left to the schema's own errors.
    """
    problems: list[ReferenceProblem] = []
    ids: dict[str, set[str]] = {}
    for space, (what, paths) in ID_SPACES.items():
        seen: dict[str, Loc] = {}
        for path in paths:
            for loc, ident in values_at(data, path):
                if not isinstance(ident, str):
                    continue
                if ident in seen and space in UNIQUE_SPACES:
                    problems.append(
                        ReferenceProblem(
                            loc,
                            "duplicate-id",
                            f"{what} id {ident!r} is already used by {index_path(seen[ident][:-1])}",
                            "ids must be unique so references are unambiguous",
                            first=seen[ident],
                        )
                    )
                seen.setdefault(ident, loc)
        ids[space] = set(seen)
    for path, space in REFERENCES:
        what = ID_SPACES[space][0]
        known = ids[space]
        for loc, ident in values_at(data, path):
            if isinstance(ident, str) and ident not in known:
                problems.append(
                    ReferenceProblem(
                        loc,
                        "unknown-reference",
                        f"no {what} has the id {ident!r}",
                        _known(what, known),
                    )
                )
    problems.extend(_anywhere_problems(data, ids[VARIANT_KEYS], ids[CITED]))
    return problems


def _anywhere_problems(data: Any, variants: set[str], cited: set[str]) -> list[ReferenceProblem]:
    """Ids that may stand in any mapping: a `per_variant` key that names no declared
    variant, a `cite` entry whose `ref` names no document under `references`."""
    found: list[ReferenceProblem] = []
    stack: list[tuple[Loc, Any]] = [((), data)]
    while stack:
        loc, value = stack.pop()
        if isinstance(value, list):
            stack.extend(((*loc, i), item) for i, item in enumerate(value))
        elif isinstance(value, dict):
            per = value.get("per_variant")
            if isinstance(per, dict):
                found.extend(
                    ReferenceProblem(
                        (*loc, "per_variant", key, "[key]"),
                        "unknown-reference",
                        f"no variant has the id {key!r}",
                        _known("variant", variants)
                        + ("" if variants else "; declare them under model.variants"),
                    )
                    for key in per
                    if isinstance(key, str) and key not in variants
                )
            cites = value.get("cite")
            if isinstance(cites, list):
                found.extend(
                    ReferenceProblem(
                        (*loc, "cite", i, "ref"),
                        "unknown-reference",
                        f"no document under references has the id {c['ref']!r}",
                        _known("reference", cited)
                        + ("" if cited else "; give the document an id under references"),
                    )
                    for i, c in enumerate(cites)
                    if isinstance(c, dict)
                    and isinstance(c.get("ref"), str)
                    and c["ref"] not in cited
                )
            stack.extend(((*loc, k), v) for k, v in value.items() if k != "extensions")
    found.sort(key=lambda p: [str(s) for s in p.loc])
    return found


def _known(what: str, ids: set[str]) -> str:
    if not ids:
        return f"this file defines no {what} ids"
    return f"ids defined for {what}: " + ", ".join(printable(i) for i in sorted(ids))
