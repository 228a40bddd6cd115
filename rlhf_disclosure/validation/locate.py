"""Turn schema errors into located, readable issues.

Pydantic reports where a problem is as a `loc` tuple; this module finds that
place in the YAML node tree (for the line and column) and in the data (to name
list items by their id), and picks a message by the error's type. It also finds
what Pydantic cannot see: plain YAML values in free-form fields (`extensions`,
`hyperparameters.other`) that YAML 1.1 reads as something other than written.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..issues import Issue, printable, printable_issue
from ..reading.loader import (
    BOOL,
    FLOAT,
    INT,
    NULL,
    STR,
    TIMESTAMP,
    YAML_TYPES,
    Loaded,
    position,
)
from ..schema import UNION_TAGS
from ..schema.common import UNION_TAG_DISCLOSED, UNION_TAG_UNDISCLOSED
from ..schema.paths import (
    Loc,
    field_names,
    flatten,
    index_path,
    literal_values,
    step,
    tagged_branch,
    type_at,
)
from .messages import (
    HINTS,
    MESSAGES,
    OWN_MESSAGES,
    TYPE_EXPECTATIONS,
    and_list,
    did_you_mean,
    figure_hint,
    or_list,
    suggest,
)
from .references import ReferenceProblem


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
    """`reward_models[safety-rm].loss.kind`: list items named by their id.

    Keys and ids come from the file, so control characters in them are escaped.
    """
    out = ""
    data: Any = loaded.data
    for seg in loc:
        if isinstance(seg, int):
            item = data[seg] if isinstance(data, list) and 0 <= seg < len(data) else None
            ident = item.get("id") if isinstance(item, dict) else None
            out += f"[{printable(ident)}]" if isinstance(ident, str) and ident else f"[{seg}]"
            data = item
        else:
            out += f".{printable(seg)}" if out else printable(seg)
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
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return str(value)


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
        what = YAML_TYPES[node.tag].reads_as if node.tag in _RETYPED else "the value"
        return f"{node.value} (read as {what} {yaml_value(value)})"
    return yaml_value(value)


_RETYPED = frozenset({INT, FLOAT, BOOL, TIMESTAMP})  # tags YAML 1.1 gives plain text


def _explicitly_tagged(node: ScalarNode) -> bool:
    """`!!bool yes`: the node spans more of its line than its value does."""
    start, end = node.start_mark, node.end_mark
    return start.line == end.line and end.column - start.column != len(node.value)


def retyped_plain_scalar(node: Node | None) -> bool:
    """An unquoted, untagged value that YAML 1.1 reads as a number, boolean or date."""
    return (
        isinstance(node, ScalarNode)
        and not node.style  # plain: None from PyYAML, '' from libyaml
        and node.tag in _RETYPED
        and not _explicitly_tagged(node)
    )


_DECIMAL_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_DECIMAL_FLOAT = re.compile(r"[-+]?[0-9]*\.([0-9]*)(?:[eE][-+]?[0-9]+)?")


def _float_reads_as_written(text: str) -> bool:
    """1.5, 0.25 and 1.0e-6 read as written; 1.10, 1_000.5, 1:30.5 and .inf do not.

    Written in decimal, with no trailing zero after the point (but for x.0), and
    no more digits than a float keeps.
    """
    match = _DECIMAL_FLOAT.fullmatch(text)
    if match is None:
        return False
    fraction = match.group(1)
    if fraction.endswith("0") and fraction != "0":
        return False
    return Decimal(text) == Decimal(repr(float(text)))


def misread_plain_scalar(node: Node | None) -> bool:
    """A retyped plain value whose YAML 1.1 meaning differs from what a reader sees.

    yes/no/on/off become booleans (true and false are what they say); 1.10 loses
    a digit; 0755, 1_000 and 1:30 become other numbers; 2024-01-01 becomes a date.
    """
    if not retyped_plain_scalar(node):
        return False
    assert isinstance(node, ScalarNode)
    text = node.value
    if node.tag == BOOL:
        return text.lower() not in ("true", "false")
    if node.tag == INT:
        return _DECIMAL_INT.fullmatch(text) is None
    if node.tag == FLOAT:
        return not _float_reads_as_written(text)
    return True


def _reads(node: ScalarNode, value: Any) -> str:
    """'the boolean false': what YAML 1.1 made of a plain value."""
    return f"{YAML_TYPES[node.tag].reads_as} {yaml_value(value)}"


def _quote_hint(node: ScalarNode, value: Any) -> str:
    if node.tag == BOOL:
        return HINTS["quote_bool"].format(raw=node.value)
    if node.tag in (INT, FLOAT) and isinstance(value, (int, float)) and math.isfinite(value):
        return HINTS["quote_number"].format(raw=node.value, value=yaml_value(value))
    return HINTS["quote"].format(raw=node.value)


@dataclass(frozen=True)
class _TypeMismatch:
    """A wrong-type error, kept apart so union members can be merged into one message."""

    issue: Issue
    expected: str
    got: str
    retyped: tuple[str, str] | None = None  # a plain value YAML retyped: (as written, as read)


@dataclass(frozen=True)
class _At:
    """Where an error is reported: the file, the position and the display path."""

    file: str
    line: int
    column: int
    path: str

    def issue(self, code: str, message: str, hint: str | None = None) -> Issue:
        return Issue(self.file, self.line, self.column, self.path, code, message, hint)


def issue_for_error(
    file: str, loaded: Loaded, error: ErrorDetails, root: type[BaseModel]
) -> Issue | _TypeMismatch:
    """One Pydantic error as an issue: by its type, a missing or unknown key, a wrong
    type, a value outside a choice, a message from the tables, or one of our own."""
    etype = error["type"]
    absent = etype in ("missing", "extra_forbidden")
    place = find(loaded, error["loc"], may_be_absent=absent)
    if absent:
        return _absent_issue(file, loaded, error, root, place)
    node = place.node
    line, col = position(node if node is not None else place.parent)
    at = _At(file, line, col, display_path(loaded, place.loc))
    if etype in TYPE_EXPECTATIONS:
        return _type_issue(at, error, node)
    if etype == "literal_error":
        return _literal_issue(at, error, root, node)
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    if etype in MESSAGES:
        field = str(place.loc[-1]) if place.loc else ""
        code, template = MESSAGES[etype]
        ctx = {k: yaml_value(x) if isinstance(x, (int, float)) else x for k, x in ctx.items()}
        message = template.format(field=field, input=yaml_value(error.get("input")), **ctx)
        hint = HINTS[etype].format(field=field, **ctx) if etype in HINTS else None
        return at.issue(code, message, hint)
    # Our own PydanticCustomError codes carry messages we wrote, and may carry a hint.
    hint = str(ctx["hint"]) if ctx.get("hint") else None
    return at.issue(etype.replace("_", "-"), error["msg"], hint)


def _absent_issue(
    file: str, loaded: Loaded, error: ErrorDetails, root: type[BaseModel], place: Place
) -> Issue:
    """A required key that is missing, or a key the model does not have."""
    etype = error["type"]
    field = str(place.loc[-1]) if place.loc else ""
    anchor = place.key if etype == "extra_forbidden" else _parent_anchor(loaded, place.loc[:-1])
    line, col = position(anchor if anchor is not None else place.parent)
    code, template = MESSAGES[etype]
    if etype == "extra_forbidden":
        message, hint = _unknown_field(loaded, root, error["loc"], place.loc, field)
    else:
        message, hint = template.format(field=field), HINTS["missing"].format(field=field)
    return Issue(file, line, col, display_path(loaded, place.loc), code, message, hint)


def _type_issue(at: _At, error: ErrorDetails, node: Node | None) -> _TypeMismatch:
    """A value of the wrong type; kept apart so a union's alternatives merge into one."""
    etype, value = error["type"], error.get("input")
    expected = TYPE_EXPECTATIONS[etype]
    found = got(node, value)
    message = f"expected {expected}, got {found}"
    hint: str | None = None
    if etype == "string_type" and retyped_plain_scalar(node):
        assert isinstance(node, ScalarNode)
        reads = _reads(node, value)
        message = OWN_MESSAGES["unquoted_string"].format(raw=node.value, reads=reads)
        issue = at.issue("unquoted-value", message, HINTS["quote"].format(raw=node.value))
        return _TypeMismatch(issue, expected, found, (node.value, reads))
    if etype in ("int_type", "float_type") and isinstance(value, str):
        hint = figure_hint(value)
    elif _disclosable(error["loc"]):
        hint = HINTS["disclosable"]
    return _TypeMismatch(at.issue("wrong-type", message, hint), expected, found)


def _literal_issue(at: _At, error: ErrorDetails, root: type[BaseModel], node: Node | None) -> Issue:
    """A value outside a fixed choice: unquoted retyping, a quoted number, or a near miss."""
    value = error.get("input")
    literals = literal_values(type_at(root, error["loc"]))
    allowed = [str(v) for v in literals]
    expected = ", ".join(allowed) if allowed else str((error.get("ctx") or {}).get("expected"))
    message = MESSAGES["literal_error"][1].format(input=yaml_value(value), expected=expected)
    if retyped_plain_scalar(node) and literals and all(isinstance(a, str) for a in literals):
        assert isinstance(node, ScalarNode)
        raw = node.value
        message = (
            f"expected {expected}, got {raw} "
            f"(YAML reads it unquoted as {YAML_TYPES[node.tag].reads_as} {yaml_value(value)})"
        )
        return at.issue(
            "unquoted-value", message, HINTS["quote"].format(raw=raw) if raw in allowed else None
        )
    unquoted = [str(a) for a in literals if not isinstance(a, str)]
    if isinstance(value, str) and value in unquoted:
        message = f"expected the number {value}, got the text {value!r}"
        return at.issue("wrong-type", message, "remove the quotes")
    guesses = suggest(value, allowed) if isinstance(value, str) else []
    if guesses:
        message += did_you_mean(guesses)
    return at.issue("invalid-value", message)


def _unknown_field(
    loaded: Loaded, root: type[BaseModel], raw_loc: Loc, loc: Loc, field: str
) -> tuple[str, str | None]:
    """The message and hint for a key the model does not have.

    Field names come from the union branch named in `raw_loc`, so a withheld
    section is not offered the fields of the disclosed one (or the key itself).
    """
    message = MESSAGES["extra_forbidden"][1].format(field=field)
    allowed = [n for n in field_names(type_at(root, raw_loc[:-1])) if n != field]
    undisclosed = len(raw_loc) >= 2 and raw_loc[-2] == UNION_TAG_UNDISCLOSED
    disclosed_fields = (
        field_names(tagged_branch(type_at(root, raw_loc[:-2]), UNION_TAG_DISCLOSED))
        if undisclosed
        else []
    )
    # A field of the disclosed section is no typo ('stages' is not 'status').
    guesses = [] if field in disclosed_fields else suggest(field, allowed)
    if guesses:
        return message + did_you_mean(guesses), None
    if undisclosed:
        section = find(loaded, loc[:-1]).data
        status = section.get("status") if isinstance(section, dict) else None
        message = OWN_MESSAGES["undisclosed_extra"].format(
            field=field,
            section=f"a section marked {status}"
            if status in ("withheld", "not_applicable")
            else "a section with a status",
            allowed=and_list(field_names(type_at(root, raw_loc[:-1]))),
        )
        key = "undisclosed_extra_disclosable" if field in disclosed_fields else "undisclosed_extra"
        return message, HINTS[key].format(field=field)
    return message, ("allowed here: " + ", ".join(allowed)) if allowed else None


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


def under_reported(loc: Loc, reported: frozenset[Loc]) -> bool:
    """Whether `loc` is at or below one of the `reported` locations."""
    return bool(reported) and any(loc[:k] in reported for k in range(len(loc) + 1))


def schema_issues(
    file: str,
    loaded: Loaded,
    exc: ValidationError,
    root: type[BaseModel],
    reported: Collection[Loc] = (),
) -> list[Issue]:
    """Every error of a failed validation, merged where a union reports one place twice.

    Errors at or below a location in `reported` (already reported by the loader)
    are left out.
    """
    out: list[Issue] = []
    mismatches: dict[tuple[int, int, str], list[_TypeMismatch]] = {}
    quiet = frozenset(reported)
    for error in exc.errors(include_url=False):
        if quiet and under_reported(_clean_loc(loaded, error), quiet):
            continue
        found = issue_for_error(file, loaded, error, root)
        if isinstance(found, _TypeMismatch):
            i = found.issue
            mismatches.setdefault((i.line, i.column, i.path), []).append(found)
        else:
            out.append(found)
    refused = {(i.line, i.column, i.path) for i in out}
    for place, group in mismatches.items():
        if place in refused and not any(m.retyped for m in group):
            # A union member took the value's type and refused the value (-0.5 for
            # `int >= 0 | float >= 0`): that is the problem, not the other member's
            # type. (Where YAML retyped the value, that explanation wins instead.)
            continue
        out.append(group[0].issue if len(group) == 1 else _merge(group))
    return [printable_issue(i) for i in _retyping_first(out)]


def _retyping_first(issues: list[Issue]) -> list[Issue]:
    """Where YAML retyped a plain value, that is the problem at that place.

    The other errors there (`.inf` is not finite, say) are about a value the
    author did not write; quoting it answers them all.
    """
    retyped = {(i.line, i.column, i.path) for i in issues if i.code == "unquoted-value"}
    if not retyped:
        return issues
    return [
        i for i in issues if i.code == "unquoted-value" or (i.line, i.column, i.path) not in retyped
    ]


def _clean_loc(loaded: Loaded, error: ErrorDetails) -> Loc:
    absent = error["type"] in ("missing", "extra_forbidden")
    return find(loaded, error["loc"], may_be_absent=absent).loc


def _merge(group: list[_TypeMismatch]) -> Issue:
    """`int | float` fails twice for one value: say so once.

    When one member is text and YAML retyped the plain value (a date where text,
    a number or true/false would do), that is the one problem: quoting fixes it.
    """
    expected: list[str] = []
    for m in group:
        if m.expected not in expected:
            expected.append(m.expected)
    if "a number" in expected and "a whole number" in expected:
        expected.remove("a whole number")
    first = group[0].issue
    retyped = next((m for m in group if m.retyped is not None), None)
    if retyped is not None and retyped.retyped is not None:
        raw, reads = retyped.retyped
        message = OWN_MESSAGES["unquoted_union"].format(
            expected=or_list(expected), raw=raw, reads=reads
        )
        i = retyped.issue
        return Issue(i.file, i.line, i.column, i.path, i.code, message, i.hint)
    hint = next((m.issue.hint for m in group if m.issue.hint), None)
    message = f"expected {or_list(expected)}, got {group[0].got}"
    return Issue(first.file, first.line, first.column, first.path, first.code, message, hint)


def reference_issues(
    file: str,
    loaded: Loaded,
    problems: list[ReferenceProblem],
    reported: Collection[Loc] = (),
) -> list[Issue]:
    """Cross-reference problems, located like schema errors (none under `reported`)."""
    out = []
    quiet = frozenset(reported)
    for problem in problems:
        place = find(loaded, problem.loc)
        if under_reported(place.loc, quiet):
            continue
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
    return [printable_issue(i) for i in out]


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
    path = display_path(loaded, place.loc)
    return printable_issue(Issue(file, line, col, path, code, message, hint, severity))


_FREE_SCALARS = (int, float, bool)


def _takes_any_scalar(alternatives: list[Any]) -> bool:
    """Text or another scalar (`int | float | str | bool`): YAML's guess is accepted."""
    return str in alternatives and any(alt in _FREE_SCALARS for alt in alternatives)


@dataclass(frozen=True)
class _Freedom:
    """What a declared type allows, as far as YAML's retyping is concerned."""

    anything: bool  # `Any`: every value below is free-form
    scalar: bool  # text or another scalar (`int | float | str | bool`)
    deeper: bool  # a model, list or mapping that may hold one of the above

    @property
    def none(self) -> bool:
        return not (self.anything or self.scalar or self.deeper)


# Remembered per schema type, by identity (hashing an Annotated type is slow); the
# type is kept with its answer so its id cannot be reused.
_FREEDOM: dict[int, tuple[Any, _Freedom]] = {}
_STEPS: dict[tuple[int, str], tuple[Any, Any]] = {}
_MAX_STEPS = 4096  # keys of free mappings are the file's own: keep the memory bounded


def _freedom(tp: Any) -> _Freedom:
    known = _FREEDOM.get(id(tp))
    if known is not None and known[0] is tp:
        return known[1]
    alts = flatten(tp)
    free = _Freedom(
        anything=any(alt is Any for alt in alts),
        scalar=_takes_any_scalar(alts),
        deeper=any(_reaches_free(alt) for alt in alts if alt is not Any),
    )
    _FREEDOM[id(tp)] = (tp, free)
    return free


def _child_type(tp: Any, segment: str | int) -> Any | None:
    """`step`, remembered: the walk asks the same question for every list item."""
    key = (id(tp), "[*]" if isinstance(segment, int) else segment)
    known = _STEPS.get(key)
    if known is not None and known[0] is tp:
        return known[1]
    if len(_STEPS) >= _MAX_STEPS:
        _STEPS.clear()
    child = step(tp, key[1])
    _STEPS[key] = (tp, child)
    return child


def _reaches_free(alt: Any) -> bool:
    """Whether a list, mapping or model type contains a free-form position."""
    pending, seen = [alt], set()
    while pending:
        tp = pending.pop()
        if tp is Any:
            return True
        if id(tp) in seen:
            continue
        seen.add(id(tp))
        if get_origin(tp) in (list, dict):
            inner = [get_args(tp)[-1]]
        elif isinstance(tp, type) and issubclass(tp, BaseModel):
            inner = [info.annotation for info in tp.model_fields.values()]
        else:
            continue
        for t in inner:
            alts = flatten(t)
            if _takes_any_scalar(alts):
                return True
            pending.extend(alts)
    return False


def free_form_issues(
    file: str, loaded: Loaded, root: type[BaseModel], reported: Collection[Loc] = ()
) -> list[Issue]:
    """Plain values in free-form fields that YAML 1.1 reads as something other than written.

    A typed field catches `version: 1.10` by its type. Where any value is accepted
    (`extensions`, `hyperparameters.other`) the schema cannot, so `country: NO`
    would silently become false: the node tree is checked instead, following the
    declared types only where they lead to such a field.
    """
    found: list[tuple[ScalarNode, Any, Loc]] = []
    visited: set[int] = set()  # an alias may make the tree a cycle
    quiet = frozenset(reported)
    stack: list[tuple[Node, Any, Any, Loc]] = [(loaded.root, root, loaded.data, ())]
    while stack:
        node, tp, data, loc = stack.pop()
        if id(node) in visited or under_reported(loc, quiet):
            continue
        visited.add(id(node))
        free = _freedom(tp)
        if free.anything:
            found.extend(_misread_below(node, data, loc, quiet, visited))
        elif isinstance(node, ScalarNode):
            if free.scalar and node.tag != TIMESTAMP and misread_plain_scalar(node):
                found.append((node, data, loc))  # a date is not accepted: the schema says so
        elif free.deeper:
            for child, where in _built_children(node, loc):
                child_tp = _child_type(tp, where[-1])
                if not _freedom(child_tp).none:
                    stack.append((child, child_tp, _child_data(data, where[-1]), where))
    return [printable_issue(_free_issue(file, loaded, n, value, loc)) for n, value, loc in found]


def _child_data(data: Any, segment: str | int) -> Any:
    if isinstance(segment, int):
        return data[segment] if isinstance(data, list) and segment < len(data) else None
    return data.get(segment) if isinstance(data, dict) else None


def _misread_below(
    node: Node, data: Any, loc: Loc, quiet: frozenset[Loc], visited: set[int]
) -> list[tuple[ScalarNode, Any, Loc]]:
    """Every misread plain value at or below a node where any value is accepted."""
    out: list[tuple[ScalarNode, Any, Loc]] = []
    stack = [(node, data, loc)]
    while stack:
        node, data, loc = stack.pop()
        if isinstance(node, ScalarNode):
            if node.tag in _RETYPED and misread_plain_scalar(node):
                out.append((node, data, loc))
            continue
        for child, where in _built_children(node, loc):
            if id(child) not in visited and not under_reported(where, quiet):
                visited.add(id(child))
                stack.append((child, _child_data(data, where[-1]), where))
    return out


def _free_issue(file: str, loaded: Loaded, node: ScalarNode, value: Any, loc: Loc) -> Issue:
    line, col = position(node)
    message = OWN_MESSAGES["unquoted_free"].format(raw=node.value, reads=_reads(node, value))
    hint = _quote_hint(node, value)
    return Issue(file, line, col, display_path(loaded, loc), "unquoted-value", message, hint)


def repeated_node_locs(root: Node) -> list[Loc]:
    """Where an alias repeats a node already met (in document order): no data was built there."""
    seen: set[int] = set()
    repeats: list[Loc] = []
    stack: list[tuple[Node, Loc]] = [(root, ())]
    while stack:
        node, loc = stack.pop()
        if id(node) in seen:
            repeats.append(loc)
            continue
        seen.add(id(node))
        stack.extend(reversed(_built_children(node, loc)))
    return repeats


def _built_children(node: Node, loc: Loc) -> list[tuple[Node, Loc]]:
    """The children the loader builds data from: no non-text or repeated keys."""
    if isinstance(node, SequenceNode):
        return [(v, (*loc, i)) for i, v in enumerate(node.value)]
    out: list[tuple[Node, Loc]] = []
    if isinstance(node, MappingNode):
        names: set[str] = set()
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.tag == STR and key.value not in names:
                names.add(key.value)
                out.append((value, (*loc, key.value)))
    return out
