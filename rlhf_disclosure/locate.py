"""Turn schema errors into located, readable issues.

Pydantic reports where a problem is as a `loc` tuple; this module finds that
place in the YAML node tree (for the line and column) and in the data (to name
list items by their id), and picks a message by the error's type.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .issues import Issue
from .loader import BOOL, FLOAT, INT, NULL, STR, TIMESTAMP, Loaded, position
from .messages import HINTS, MESSAGES, TYPE_EXPECTATIONS
from .schema import UNION_TAGS, ReferenceProblem
from .schema.disclosure import index_path
from .schema.paths import field_names, literal_values, type_at

Loc = tuple[str | int, ...]


@dataclass
class Place:
    """Where a `loc` leads in the file."""

    loc: Loc  # the loc with union tags and union-member labels removed
    node: Node | None  # node at the full loc, if it exists
    key: Node | None  # key node of the deepest mapping entry reached
    parent: Node  # deepest node reached
    data: Any  # the data at `node`, if found


def find(loaded: Loaded, loc: Sequence[str | int], may_be_absent: bool = True) -> Place:
    """Follow `loc` through the node tree and the data together.

    With `may_be_absent` false (every error but missing and unknown fields), a
    segment that names no key is a label Pydantic adds for a union member
    ('int' in `int | float`), not a field, and is skipped.
    """
    node: Node = loaded.root
    key: Node | None = None
    data: Any = loaded.data
    clean: list[str | int] = []
    for index, seg in enumerate(loc):
        if isinstance(seg, str) and seg in UNION_TAGS:
            continue
        if seg == "[key]" and key is not None:
            # Pydantic's marker for an invalid mapping key: the problem is the key itself.
            node, data = key, getattr(key, "value", None)
            continue
        if isinstance(node, MappingNode) and isinstance(seg, str):
            for k, v in node.value:
                if isinstance(k, ScalarNode) and k.value == seg:
                    key, node = k, v
                    data = data.get(seg) if isinstance(data, dict) else None
                    clean.append(seg)
                    break
            else:
                if not may_be_absent:
                    continue
                clean.append(seg)
                rest = [s for s in loc[index + 1 :] if not (isinstance(s, str) and s in UNION_TAGS)]
                clean.extend(rest)
                return Place(tuple(clean), None, key, node, None)
        elif isinstance(node, SequenceNode) and isinstance(seg, int):
            if not 0 <= seg < len(node.value):
                clean.append(seg)
                return Place(tuple(clean), None, key, node, None)
            node = node.value[seg]
            data = data[seg] if isinstance(data, list) and seg < len(data) else None
            clean.append(seg)
        else:
            # A label Pydantic adds for a union member (e.g. 'int' in int | float),
            # below a node that cannot have children of that kind: not a field.
            continue
    return Place(tuple(clean), node, key, node, data)


def display_path(loaded: Loaded, loc: Sequence[str | int]) -> str:
    """`reward_models[safety-rm].loss.kind`: list items named by their id."""
    out = ""
    data: Any = loaded.data
    for seg in loc:
        if isinstance(seg, int):
            item = data[seg] if isinstance(data, list) and 0 <= seg < len(data) else None
            ident = item.get("id") if isinstance(item, dict) else None
            out += f"[{ident}]" if isinstance(ident, str) and ident else f"[{seg}]"
            data = item
        else:
            out += f".{seg}" if out else seg
            data = data.get(seg) if isinstance(data, dict) else None
    return out


def yaml_value(value: Any) -> str:
    """A value as it would be written in YAML."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_READS_AS = {
    INT: "the number",
    FLOAT: "the number",
    BOOL: "the boolean",
    TIMESTAMP: "the date",
}


def got(node: Node | None, value: Any) -> str:
    """What the file holds at a place, in words."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, ScalarNode):
        if node.tag == STR:
            return f"the text {node.value!r}"
        if node.tag == NULL:
            return "an empty value"
        what = _READS_AS.get(node.tag, "the value")
        return f"{node.value} (read as {what} {yaml_value(value)})"
    return yaml_value(value)


def _is_retyped_plain_scalar(node: Node | None) -> bool:
    return (
        isinstance(node, ScalarNode)
        and not node.style  # plain: None from PyYAML, '' from libyaml
        and node.tag in (INT, FLOAT, BOOL, TIMESTAMP)
    )


def _suggest(word: str, options: Sequence[str]) -> str | None:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return close[0] if close else None


@dataclass(frozen=True)
class _TypeMismatch:
    """A wrong-type error, kept apart so union members can be merged into one message."""

    issue: Issue
    expected: str
    got: str


def issue_for_error(
    file: str, loaded: Loaded, error: ErrorDetails, root: type[BaseModel]
) -> Issue | _TypeMismatch:
    """One Pydantic error as an issue."""
    etype = error["type"]
    raw_loc = error["loc"]
    absent = etype in ("missing", "extra_forbidden")
    place = find(loaded, raw_loc, may_be_absent=absent)
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    field = str(place.loc[-1]) if place.loc else ""
    hint: str | None = None

    if absent:
        parent_loc = place.loc[:-1]
        path = display_path(loaded, place.loc)
        anchor = place.key if etype == "extra_forbidden" else _parent_anchor(loaded, parent_loc)
        line, col = position(anchor if anchor is not None else place.parent)
        code, template = MESSAGES[etype]
        message = template.format(field=field)
        if etype == "extra_forbidden":
            allowed = field_names(type_at(root, raw_loc[:-1]))
            guess = _suggest(field, allowed)
            if guess:
                message += f"; did you mean '{guess}'?"
            elif allowed:
                hint = "allowed here: " + ", ".join(allowed)
        else:
            hint = HINTS["missing"].format(field=field)
        return Issue(file, line, col, path, code, message, hint)

    node = place.node
    line, col = position(node if node is not None else place.parent)
    path = display_path(loaded, place.loc)
    value = error.get("input")

    if etype in TYPE_EXPECTATIONS:
        expected = TYPE_EXPECTATIONS[etype]
        found = got(node, value)
        message = f"expected {expected}, got {found}"
        if etype == "string_type" and _is_retyped_plain_scalar(node):
            assert isinstance(node, ScalarNode)
            message = (
                f"expected text, but YAML reads the unquoted value {node.value} "
                f"as {_READS_AS[node.tag]} {yaml_value(value)}"
            )
            hint = HINTS["quote"].format(raw=node.value)
            return Issue(file, line, col, path, "unquoted-value", message, hint)
        elif etype in ("int_type", "float_type") and _reads_as_number(node):
            assert isinstance(node, ScalarNode)
            hint = HINTS["yaml11_number"].format(raw=node.value)
        elif _disclosable(raw_loc):
            hint = HINTS["disclosable"]
        issue = Issue(file, line, col, path, "wrong-type", message, hint)
        return _TypeMismatch(issue, expected, found)

    if etype == "literal_error":
        allowed = [str(v) for v in literal_values(type_at(root, raw_loc))]
        expected = ", ".join(allowed) if allowed else str(ctx.get("expected"))
        message = MESSAGES[etype][1].format(input=yaml_value(value), expected=expected)
        literals = literal_values(type_at(root, raw_loc))
        if (
            _is_retyped_plain_scalar(node)
            and literals
            and all(isinstance(a, str) for a in literals)
        ):
            assert isinstance(node, ScalarNode)
            raw = node.value
            message = (
                f"expected {expected}, got {raw} "
                f"(YAML reads it unquoted as {_READS_AS[node.tag]} {yaml_value(value)})"
            )
            quote = HINTS["quote"].format(raw=raw) if raw in allowed else None
            return Issue(file, line, col, path, "unquoted-value", message, quote)
        unquoted = [a for a in literal_values(type_at(root, raw_loc)) if not isinstance(a, str)]
        if isinstance(value, str) and value in [str(a) for a in unquoted]:
            message = f"expected the number {value}, got the text {value!r}"
            return Issue(file, line, col, path, "wrong-type", message, "remove the quotes")
        guess = _suggest(str(value), allowed) if isinstance(value, str) else None
        if guess:
            message += f"; did you mean '{guess}'?"
        return Issue(file, line, col, path, "invalid-value", message, hint)

    if etype in MESSAGES:
        code, template = MESSAGES[etype]
        ctx = {k: yaml_value(x) if isinstance(x, (int, float)) else x for k, x in ctx.items()}
        message = template.format(field=field, input=yaml_value(value), **ctx)
        if etype in HINTS:
            hint = HINTS[etype].format(field=field, **ctx)
        return Issue(file, line, col, path, code, message, hint)

    # Our own PydanticCustomError codes carry messages we wrote.
    code = etype.replace("_", "-")
    return Issue(file, line, col, path, code, error["msg"], hint)


def _reads_as_number(node: Node | None) -> bool:
    """A plain scalar YAML 1.1 keeps as text although it looks like a number (9e-6)."""
    if not (isinstance(node, ScalarNode) and not node.style and node.tag == STR):
        return False
    try:
        float(node.value)
    except ValueError:
        return False
    return True


def _disclosable(raw_loc: Sequence[str | int]) -> bool:
    return bool(raw_loc) and isinstance(raw_loc[-1], str) and raw_loc[-1] in UNION_TAGS


def _parent_anchor(loaded: Loaded, parent_loc: Loc) -> Node | None:
    """For a missing field: the key of the mapping it belongs in, or the mapping itself."""
    if not parent_loc:
        return loaded.root
    place = find(loaded, parent_loc)
    if isinstance(parent_loc[-1], int):
        return place.node
    return place.key


def schema_issues(
    file: str, loaded: Loaded, exc: ValidationError, root: type[BaseModel]
) -> list[Issue]:
    """Every error of a failed validation, merged where a union reports one place twice."""
    out: list[Issue] = []
    mismatches: dict[tuple[int, int, str], list[_TypeMismatch]] = {}
    for error in exc.errors(include_url=False):
        found = issue_for_error(file, loaded, error, root)
        if isinstance(found, _TypeMismatch):
            i = found.issue
            mismatches.setdefault((i.line, i.column, i.path), []).append(found)
        else:
            out.append(found)
    for group in mismatches.values():
        out.append(group[0].issue if len(group) == 1 else _merge(group))
    return out


def _merge(group: list[_TypeMismatch]) -> Issue:
    """`int | float` fails twice for one value: say so once."""
    expected: list[str] = []
    for m in group:
        if m.expected not in expected:
            expected.append(m.expected)
    if "a number" in expected and "a whole number" in expected:
        expected.remove("a whole number")
    first = group[0].issue
    hint = next((m.issue.hint for m in group if m.issue.hint), None)
    wanted = expected[0] if len(expected) == 1 else ", ".join(expected[:-1]) + " or " + expected[-1]
    message = f"expected {wanted}, got {group[0].got}"
    return Issue(first.file, first.line, first.column, first.path, first.code, message, hint)


def reference_issues(file: str, loaded: Loaded, problems: list[ReferenceProblem]) -> list[Issue]:
    """Cross-reference problems, located like schema errors."""
    out = []
    for problem in problems:
        place = find(loaded, problem.loc)
        line, col = position(place.node if place.node is not None else place.parent)
        message = problem.message
        if problem.first is not None:
            # Two items share an id, so name them by index, and say where the first is.
            path = index_path(place.loc)
            first = find(loaded, problem.first)
            first_line = position(first.node)[0] if first.node is not None else 0
            message += f" (line {first_line})"
        else:
            path = display_path(loaded, place.loc)
        out.append(Issue(file, line, col, path, problem.code, message, problem.hint))
    return out


def issue_at(
    file: str,
    loaded: Loaded,
    loc: Sequence[str | int],
    code: str,
    message: str,
    hint: str | None = None,
    severity: Literal["error", "warning"] = "error",
) -> Issue:
    """An issue at a place in the data, located in the file (the nearest ancestor if absent)."""
    place = find(loaded, loc)
    node = place.node if place.node is not None else (place.key or place.parent)
    line, col = position(node)
    return Issue(file, line, col, display_path(loaded, place.loc), code, message, hint, severity)
