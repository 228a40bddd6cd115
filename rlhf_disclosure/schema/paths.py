"""Walk the schema's types along a path, to name fields and check registry paths."""

from __future__ import annotations

import types
from collections.abc import Iterable, Iterator, Sequence
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, Tag
from pydantic.fields import FieldInfo

from .common import UNION_TAGS, PerVariant
from .values import _Qualified

Loc = tuple[str | int, ...]
"""Where a value is in loaded data: keys and list indexes from the root."""


def flatten(tp: Any) -> list[Any]:
    """The concrete alternatives of a type: Annotated, Optional and unions removed."""
    origin = get_origin(tp)
    if origin is Annotated:
        return flatten(get_args(tp)[0])
    if origin is Union or origin is types.UnionType:
        out: list[Any] = []
        for arg in get_args(tp):
            out.extend(flatten(arg))
        return out
    if tp is type(None):
        return []
    return [tp]


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def step(tp: Any, segment: str | int) -> Any | None:
    """The type one segment below `tp`, or None if the segment leads nowhere."""
    for alt in flatten(tp):
        origin = get_origin(alt)
        if isinstance(segment, int) or segment == "[*]":
            if origin is list:
                return get_args(alt)[0]
            continue
        if _is_model(alt):
            info = by_written_name(alt).get(segment)
            if info is not None:
                return info.annotation
        if origin is dict:
            return get_args(alt)[1]
    return None


def tagged_branch(tp: Any, tag: str) -> Any | None:
    """The member of a tagged union (`Disclosable`) that carries `tag`, or None."""
    origin = get_origin(tp)
    if origin is Annotated:
        inner, *metadata = get_args(tp)
        if any(isinstance(m, Tag) and m.tag == tag for m in metadata):
            return inner
        return tagged_branch(inner, tag)
    if origin is Union or origin is types.UnionType:
        for arg in get_args(tp):
            found = tagged_branch(arg, tag)
            if found is not None:
                return found
    return None


def type_at(root: type[BaseModel], loc: Sequence[str | int]) -> Any | None:
    """The declared type at a location.

    A union tag in `loc` (as Pydantic reports for `Disclosable` fields) selects
    the branch it names, so the fields of the other branch are not mixed in.
    """
    tp: Any = root
    previous: Any = None
    for segment in loc:
        if isinstance(segment, str) and segment in UNION_TAGS:
            tp = tagged_branch(tp, segment) or tp
            continue
        if segment == "[key]":
            # Pydantic's marker for an invalid mapping key: the key type of the mapping.
            keys = [get_args(a)[0] for a in flatten(previous) if get_origin(a) is dict]
            if not keys:
                return None
            tp = keys[0]
            continue
        previous, tp = tp, step(tp, segment)
        if tp is None:
            return None
    return tp


def models_in(tp: Any) -> list[type[BaseModel]]:
    """The models a field of type `tp` can hold (directly, not inside lists)."""
    return [alt for alt in flatten(tp) if _is_model(alt)]


def by_written_name(model: type[BaseModel]) -> dict[str, FieldInfo]:
    """A model's fields by the key a file writes (the alias where there is one: `from`)."""
    return {info.alias or name: info for name, info in model.model_fields.items()}


def field_names(tp: Any) -> list[str]:
    """Keys of every model `tp` can be, as a file writes them, in declaration order."""
    names: list[str] = []
    for model in models_in(tp):
        names.extend(n for n in by_written_name(model) if n not in names)
    return names


def literal_values(tp: Any) -> list[Any]:
    """Allowed values where `tp` is (or contains) a Literal."""
    values: list[Any] = []
    for alt in flatten(tp):
        if get_origin(alt) is Literal:
            values.extend(get_args(alt))
    return values


def parse_path(path: str) -> list[str]:
    """'feedback_collections[*].annotators' -> ['feedback_collections', '[*]', 'annotators']."""
    out: list[str] = []
    for part in path.split("."):
        if part.endswith("[*]"):
            out.extend([part[:-3], "[*]"])
        else:
            out.append(part)
    return out


def path_exists(root: type[BaseModel], path: str) -> bool:
    """Whether a dotted registry path names a field of the schema."""
    return type_at(root, parse_path(path)) is not None


def iter_fields(root: type[BaseModel]) -> Iterable[tuple[str, Any]]:
    """Every (dotted path, field info) in the schema, depth first."""
    stack: list[tuple[str, type[BaseModel]]] = [("", root)]
    seen: set[tuple[str, type[BaseModel]]] = set()
    while stack:
        prefix, model = stack.pop()
        for name, info in model.model_fields.items():
            path = f"{prefix}{name}"
            yield path, info
            for alt in flatten(info.annotation):
                inner = get_args(alt)[0] if get_origin(alt) is list else alt
                for sub in models_in(inner):
                    if issubclass(sub, (_Qualified, PerVariant)):
                        continue  # forms of a value ({about: ...}, {per_variant: ...}), not fields
                    suffix = "[*]." if get_origin(alt) is list else "."
                    key = (path + suffix, sub)
                    if key not in seen:
                        seen.add(key)
                        stack.append(key)


def _through_variants(loc: Loc, value: Any) -> list[tuple[Loc, Any]]:
    """A value given per variant stands for each variant's value (and `otherwise`)."""
    if not (isinstance(value, dict) and isinstance(value.get("per_variant"), dict)):
        return [(loc, value)]
    out = [((*loc, "per_variant", k), v) for k, v in value["per_variant"].items()]
    if "otherwise" in value:
        out.append(((*loc, "otherwise"), value["otherwise"]))
    return [found for at, v in out for found in _through_variants(at, v)]


def values_at(data: Any, path: str) -> Iterator[tuple[Loc, Any]]:
    """Every (loc, value) a dotted path with [*] reaches in plain data; a value given
    per variant is followed into each variant's value."""
    frontier: list[tuple[Loc, Any]] = [((), data)]
    for part in parse_path(path):
        nxt: list[tuple[Loc, Any]] = []
        for loc, value in (found for at, v in frontier for found in _through_variants(at, v)):
            if part == "[*]":
                if isinstance(value, list):
                    nxt.extend(((*loc, i), item) for i, item in enumerate(value))
            elif isinstance(value, dict) and part in value:
                nxt.append(((*loc, part), value[part]))
        frontier = nxt
    return iter(found for at, v in frontier for found in _through_variants(at, v))


def index_path(loc: Loc) -> str:
    """'reward_models[1].id': a location with list items named by index."""
    out = ""
    for seg in loc:
        out += f"[{seg}]" if isinstance(seg, int) else (f".{seg}" if out else seg)
    return out
