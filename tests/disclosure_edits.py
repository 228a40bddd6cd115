"""Edits of valid disclosures for the coverage property tests: fill in one absent field,
or append a new part (a feedback collection, a reward model).

A "fill" sets a field the file leaves out, at a place one of the checklists' paths
reaches (`Item.all_paths` over every framework), to a value of the field's type or to
an explicit status. Values are built from the schema's own types and examples, and
kept only when `Disclosure.model_validate` accepts the edited data, so every edit
yields a valid disclosure.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Annotated, Any, Literal, get_args, get_origin

from hypothesis import assume
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from rlhf_disclosure.coverage.items import FRAMEWORK_IDS, framework_items
from rlhf_disclosure.schema import Disclosure, Undisclosed
from rlhf_disclosure.schema.common import PerVariant
from rlhf_disclosure.schema.feedback import CollectionUse
from rlhf_disclosure.schema.paths import (
    Loc,
    by_written_name,
    flatten,
    models_in,
    parse_path,
    type_at,
)
from rlhf_disclosure.schema.training import RewardKind
from rlhf_disclosure.schema.values import _Qualified
from tests.strategies import full_disclosure, ident, text

STATUS_FILLS: tuple[dict[str, Any], ...] = (
    {"status": "withheld", "reason": "Not published for competitive reasons."},
    {"status": "not_applicable", "reason": "This does not apply to the model."},
    {"status": "none", "reason": "Nothing of this kind was done."},
    {"status": "elsewhere", "references": [{"url": "https://example.org"}]},
)
"""The explicit statuses a fill may write in place of a value."""

RECLASSIFYING: frozenset[tuple[str, str]] = frozenset(
    {("feedback_collections", "used_for"), ("reward_models", "kind")}
)
"""(list, field) pairs a fill never writes: they decide which items a part counts for
(a collection's `used_for` moves it between items 2-5 and item 8; a reward model's
`kind` decides whether item 6 asks about its loss). Setting them is not filling in an
answer but changing which questions are asked, so it may add questions left open."""


@cache
def checklist_paths() -> tuple[str, ...]:
    """Every schema path any framework's items read, without repeats."""
    out: dict[str, None] = {}
    for framework_id in FRAMEWORK_IDS:
        for item in framework_items(framework_id):
            out.update(dict.fromkeys(item.all_paths))
    return tuple(out)


def _is_status(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("status"), str)
        and set(value) <= {"status", "reason", "references"}
    )


def _walk(value: Any, parts: list[str], loc: Loc, out: dict[Loc, None]) -> None:
    if not parts or _is_status(value):
        return
    head, rest = parts[0], parts[1:]
    if head == "[*]":
        if isinstance(value, list):
            for index, item in enumerate(value):
                _walk(item, rest, (*loc, index), out)
        return
    if isinstance(value, list):  # annotator pools, where the schema also takes one mapping
        for index, item in enumerate(value):
            _walk(item, parts, (*loc, index), out)
        return
    if not isinstance(value, dict) or "per_variant" in value:
        return
    if head not in value:
        at: Loc = (*loc, head)
        out[at] = None
        return
    _walk(value[head], rest, (*loc, head), out)


def _list_field(loc: Loc) -> tuple[str, str] | None:
    """(list, field) for a location `list[i].field`, else None."""
    if len(loc) == 3 and isinstance(loc[0], str) and isinstance(loc[1], int):
        return loc[0], str(loc[2])
    return None


def absent_fields(data: dict[str, Any]) -> list[Loc]:
    """The places a checklist path reaches where the file leaves a field out."""
    out: dict[Loc, None] = {}
    for path in checklist_paths():
        _walk(data, parse_path(path), (), out)
    return [loc for loc in out if _list_field(loc) not in RECLASSIFYING]


_TEXTS = ("A sentence a reader can judge.", "https://example.org/doc", "2023-05-01", "model-1")


def _plain_values(tp: Any, depth: int = 0) -> list[Any]:
    """Plain values (no statuses) that may be valid for type `tp`; validation decides."""
    if depth > 5:
        return []
    out: list[Any] = []
    for alt in flatten(tp):
        origin = get_origin(alt)
        if origin is Literal:
            out.extend(v for v in get_args(alt)[:2] if not isinstance(v, bool) or v)
        elif alt is bool:
            out.append(True)
        elif alt is int:
            out.append(3)
        elif alt is float:
            out.append(0.5)
        elif alt is str:
            out.extend(_TEXTS)
        elif origin is list:
            out.extend([v] for v in _plain_values(get_args(alt)[0], depth + 1)[:4])
        elif origin is dict:
            out.extend({"key": v} for v in _plain_values(get_args(alt)[1], depth + 1)[:2])
        elif isinstance(alt, type) and issubclass(alt, BaseModel):
            if issubclass(alt, (Undisclosed, PerVariant, _Qualified)):
                continue
            built = _required_only(alt, depth + 1)
            if built is not None:
                out.append(built)
    return out


@cache
def _adapter(tp: Any) -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(tp)


def _first_valid(tp: Any, depth: int) -> Any | None:
    for value in _plain_values(tp, depth):
        try:
            _adapter(tp).validate_python(value, strict=True)
        except (ValidationError, TypeError):
            continue
        return value
    return None


def _required_only(model: type[BaseModel], depth: int) -> dict[str, Any] | None:
    """A mapping with only a model's required fields, each with a valid value."""
    out: dict[str, Any] = {}
    for key, info in by_written_name(model).items():
        if not info.is_required():
            continue
        annotation: Any = info.annotation
        tp = Annotated[annotation, info]  # the field's own constraints (an id, a URL)
        value = _first_valid(tp, depth)
        if value is None:
            return None
        out[key] = value
    return out


def _examples(loc: Loc) -> list[Any]:
    examples: list[Any] = []
    for model in models_in(type_at(Disclosure, loc[:-1])):
        info = by_written_name(model).get(str(loc[-1]))
        if info is not None and info.examples:
            examples.extend(info.examples)
    return examples


def set_at(data: dict[str, Any], loc: Loc, value: Any) -> dict[str, Any]:
    """A copy of `data` with `value` at `loc` (whose parent exists)."""
    out = copy.deepcopy(data)
    parent: Any = out
    for segment in loc[:-1]:
        parent = parent[segment]
    parent[loc[-1]] = copy.deepcopy(value)
    return out


def is_valid(data: dict[str, Any]) -> bool:
    try:
        Disclosure.model_validate(data)
    except ValidationError:
        return False
    return True


def fills(data: dict[str, Any], loc: Loc) -> list[Any]:
    """Every candidate value for the absent field at `loc` that leaves `data` valid."""
    tp = type_at(Disclosure, loc)
    candidates = [*STATUS_FILLS, *_plain_values(tp), *_examples(loc)]
    out: list[Any] = []
    for value in candidates:
        if value not in out and is_valid(set_at(data, loc, value)):
            out.append(value)
    return out


@st.composite
def fill_one(draw: st.DrawFn, data: dict[str, Any]) -> tuple[Loc, Any, dict[str, Any]]:
    """(loc, value, edited data): one absent field set to a valid value or status."""
    locs = absent_fields(data)
    assume(locs)
    loc = draw(st.sampled_from(locs))
    options = fills(data, loc)
    assume(options)
    value = draw(st.sampled_from(options))
    return loc, value, set_at(data, loc, value)


uses = st.lists(st.sampled_from(get_args(CollectionUse)), max_size=2, unique=True)
reward_kinds = st.sampled_from(get_args(RewardKind))
USE_MIXES: tuple[list[str], ...] = (
    [],
    ["evaluation"],
    ["red_teaming"],
    ["evaluation", "red_teaming"],
    ["reward_model"],
    ["policy"],
    ["reward_model", "evaluation"],
)
"""What a new collection may be used for: evaluation only, training only, or both."""


@st.composite
def shaped_disclosure(draw: st.DrawFn) -> dict[str, Any]:
    """A valid disclosure from `full_disclosure`, with collections marked for training or
    evaluation and reward models of every kind, then a few fields filled in at random
    (so that any checklist path may hold a value or a status)."""
    data = draw(full_disclosure())
    for collection in data["feedback_collections"]:
        if draw(st.booleans()):
            collection["used_for"] = draw(uses)
    if isinstance(data.get("reward_models"), list):
        for rm in data["reward_models"]:
            if draw(st.booleans()):
                rm["kind"] = draw(reward_kinds)
    assume(is_valid(data))
    if draw(st.booleans()):
        data = saturated(data)
    for _ in range(draw(st.integers(min_value=0, max_value=8))):
        locs = absent_fields(data)
        if not locs:
            break
        loc = draw(st.sampled_from(locs))
        options = fills(data, loc)
        if options:
            data = set_at(data, loc, draw(st.sampled_from(options)))
    return data


def saturated(data: dict[str, Any], rounds: int = 4) -> dict[str, Any]:
    """`data` with every absent field a checklist path reaches filled with a plain value
    (or `none` where no plain value is valid), level by level: most items disclosed."""
    for _ in range(rounds):
        locs = absent_fields(data)
        if not locs:
            break
        for loc in locs:
            options = fills(data, loc)
            plain = [v for v in options if v not in STATUS_FILLS and v != {}] or [
                v for v in options if v == STATUS_FILLS[2]
            ]
            if plain:
                data = set_at(data, loc, plain[0])
    return data


def new_part(list_name: str, taken: set[str]) -> st.SearchStrategy[dict[str, Any]]:
    """A random valid collection or reward model whose id is not in `taken`."""
    fresh = ident.filter(lambda i: i not in taken)
    if list_name == "feedback_collections":
        return st.fixed_dictionaries(
            {"id": fresh, "name": text, "used_for": st.sampled_from(USE_MIXES)},
            optional={
                "annotators": st.sampled_from(
                    [
                        {"workforce": ["contractors"]},
                        {"workforce": ["crowdworkers"], "count": 40, "countries": ["Kenya"]},
                        *STATUS_FILLS,
                    ]
                ),
                "feedback_type": st.sampled_from(
                    [{"kinds": [{"kind": "pairwise_comparison"}]}, *STATUS_FILLS]
                ),
                "volume": st.sampled_from([{"comparisons": 1000}, *STATUS_FILLS]),
                "quality_assurance": st.sampled_from(
                    [{"description": "Spot checks."}, *STATUS_FILLS]
                ),
            },
        )
    return st.fixed_dictionaries(
        {"id": fresh, "name": text},
        optional={
            "kind": reward_kinds,
            "loss": st.sampled_from([{"kind": "bradley_terry"}, *STATUS_FILLS]),
            "evaluation": st.sampled_from(
                [{"description": "Held-out accuracy.", "failure_modes": ["length"]}, *STATUS_FILLS]
            ),
        },
    )
