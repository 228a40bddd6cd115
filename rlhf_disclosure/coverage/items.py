"""The checklists, read from data files, and each item's status in a disclosure.

The eleven items of Casper et al. (2023) and the crosswalks to other frameworks are
YAML files in rlhf_disclosure/data/ (`checklists.yaml` lists them), all read by one
strict model; this is the only copy of each: the reports, coverage and check read
them from here.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from ..schema import Disclosure, Undisclosed
from ..schema.annotators import AnnotatorPool
from ..schema.base import Bare
from ..schema.common import PerVariant
from ..schema.paths import parse_path
from .registry import framework_ids, read_data

Status = Literal["disclosed", "withheld", "not_applicable", "not_disclosed"]
STATUSES: tuple[Status, ...] = ("disclosed", "withheld", "not_applicable", "not_disclosed")

PathEntry = str | tuple[str, ...]
"""Where an item is answered: one schema path, or alternatives of which one is enough."""


@dataclass(frozen=True)
class Item:
    """One entry of a checklist.

    Each entry of `paths` is a schema path, or a tuple of alternative paths (written
    `any_of:` in the crosswalk files) that answer the same part, such as a size given
    as text or as a number. `rule` says whether every entry must answer ('all') or one
    is enough ('any'); `note` is a caveat on how far the paths answer the question.
    """

    id: str
    number: int
    group: str
    title: str
    question: str
    paths: tuple[PathEntry, ...]
    rule: Literal["all", "any"] = "all"
    note: str | None = None

    @property
    def all_paths(self) -> tuple[str, ...]:
        """Every schema path the item reads, alternatives included, in order."""
        out: list[str] = []
        for entry in self.paths:
            out.extend((entry,) if isinstance(entry, str) else entry)
        return tuple(out)


@dataclass(frozen=True)
class Part:
    """The status of one place that answers an item."""

    path: str
    status: Status
    reason: str | None = None
    loc: tuple[str | int, ...] = ()  # where in the data, for locating messages


@dataclass(frozen=True)
class ItemStatus:
    """An item's status in one disclosure, with the parts it was computed from."""

    item: Item
    status: Status
    parts: tuple[Part, ...]

    @property
    def reasons(self) -> tuple[str, ...]:
        """Reasons given by the parts that share the item's status, without repeats."""
        out: list[str] = []
        for part in self.parts:
            if part.status == self.status and part.reason and part.reason not in out:
                out.append(part.reason)
        return tuple(out)


def is_empty(value: Any) -> bool:
    """Nothing said: None, an empty list or text, or a section with only references
    or notes (notes comment on an answer; they are not one), or an annotator pool with
    only its name (a pool answers as a single group of annotators does)."""
    if value is None:
        return True
    if isinstance(value, (list, dict, str)):
        return not value
    if isinstance(value, BaseModel):
        return all(is_empty(getattr(value, name)) for name in _answers(value))
    return False


_NOT_AN_ANSWER = frozenset({"references", "notes", "cite"})
_POOL_LABEL = frozenset({"name"})


def _answers(value: BaseModel) -> list[str]:
    """The fields of a section that answer its question (not its notes, references or
    citations, nor the name that tells one annotator pool from another)."""
    skip = _NOT_AN_ANSWER | _POOL_LABEL if isinstance(value, AnnotatorPool) else _NOT_AN_ANSWER
    return [name for name in type(value).model_fields if name not in skip]


def _pools(value: Any) -> bool:
    """Several annotator pools, where the schema also takes one mapping."""
    return isinstance(value, list) and bool(value) and isinstance(value[0], AnnotatorPool)


def _only_undisclosed(value: Any) -> list[tuple[str, Undisclosed]]:
    """The withheld / not-applicable parts of a section that says nothing else
    (nested sections included); empty when anything in it is disclosed."""
    if not isinstance(value, BaseModel) or isinstance(value, Undisclosed):
        return []
    held: list[tuple[str, Undisclosed]] = []
    for name in _answers(value):
        child = getattr(value, name)
        if is_empty(child):
            continue
        if isinstance(child, Undisclosed):
            if _answer(child) == "disclosed":
                return []
            held.append((name, child))
            continue
        inner = _only_undisclosed(child)
        if not inner:
            return []
        held.extend(inner)
    return held


def _label(value: Any, index: int) -> str:
    # A list item by its id; an annotator pool (which has none) by its name.
    ident = getattr(value, "id", None) or getattr(value, "name", None)
    return f"[{ident}]" if isinstance(ident, str) else f"[{index}]"


def _answer(value: Undisclosed) -> Status:
    """What a status in the file means for an item: 'none' (nothing of the kind was
    done) and 'elsewhere' answer it; withheld and not applicable stay what they say."""
    if value.status == "withheld":
        return "withheld"
    if value.status == "not_applicable":
        return "not_applicable"
    return "disclosed"


def _resolve(
    value: Any, parts: list[str], where: str, loc: tuple[str | int, ...] = ()
) -> Iterator[Part]:
    if isinstance(value, Undisclosed):
        # 'none' (nothing of the kind was done) and 'elsewhere' answer the question.
        yield Part(where, _answer(value), value.reason, loc)
        return
    if isinstance(value, PerVariant):
        # A value per variant: each variant's value answers the path for that variant.
        for key, item in value.items():
            at = ("otherwise",) if key == "*" else ("per_variant", key)
            yield from _resolve(item, parts, f"{where}[{key}]", (*loc, *at))
        return
    if _pools(value) and (not parts or parts[0] != "[*]"):
        # Annotator pools where the schema also takes one mapping: each pool answers
        # the path (or the field below it) as the single mapping would.
        for index, item in enumerate(value):
            yield from _resolve(item, parts, where + _label(item, index), (*loc, index))
        return
    if not parts:
        if is_empty(value):
            yield Part(where, "not_disclosed", None, loc)
            return
        held = _only_undisclosed(value)
        if held:
            # Everything said here is withheld (or not applicable) part by part: the
            # place is withheld, with those reasons, not disclosed.
            status: Status = (
                "withheld" if any(u.status == "withheld" for _, u in held) else "not_applicable"
            )
            reason = "; ".join(f"{name.replace('_', ' ')}: {u.reason}" for name, u in held)
            yield Part(where, status, reason, loc)
            return
        yield Part(where, "disclosed", None, loc)
        return
    head, rest = parts[0], parts[1:]
    if head == "[*]":
        if not isinstance(value, list) or not value:
            yield Part(where, "not_disclosed", None, loc)
            return
        for index, item in enumerate(value):
            yield from _resolve(item, rest, where + _label(item, index), (*loc, index))
        return
    if value is None:
        yield Part(where, "not_disclosed", None, loc)
        return
    child = getattr(value, head)
    yield from _resolve(child, rest, f"{where}.{head}" if where else head, (*loc, head))


_PRECEDENCE: tuple[Status, ...] = ("not_disclosed", "withheld", "disclosed", "not_applicable")


_ANY_PRECEDENCE: tuple[Status, ...] = ("disclosed", "withheld", "not_applicable", "not_disclosed")


def _combine(statuses: set[Status], order: tuple[Status, ...]) -> Status:
    return next((s for s in order if s in statuses), "not_disclosed")


def item_status(disclosure: Disclosure, item: Item) -> ItemStatus:
    """The status of one item.

    Each path is resolved in the disclosure, expanding [*] over list items, and a field
    reached on a list of annotator pools over every pool (each pool a part). A part is
    withheld or not applicable where it (or a section above it) says so with a reason;
    not disclosed where it is absent, an empty list, or a section with nothing but
    references or notes; otherwise disclosed. A path takes the first of not disclosed,
    withheld, disclosed, not applicable that any of its parts has; an entry of
    alternatives (any_of) the first of disclosed, withheld, not applicable, not
    disclosed, since one answering alternative is enough. The item takes the first of
    not disclosed, withheld, disclosed, not applicable that any entry has (rule 'all':
    a gap in one entry is never hidden by another), or with rule 'any' the first of
    disclosed, withheld, not applicable, not disclosed.
    """
    parts: list[Part] = []
    per_entry: set[Status] = set()
    for entry in item.paths:
        per_path: set[Status] = set()
        for path in (entry,) if isinstance(entry, str) else entry:
            found = list(_resolve(disclosure, parse_path(path), ""))
            parts.extend(found)
            per_path.add(_combine({p.status for p in found}, _PRECEDENCE))
        per_entry.add(_combine(per_path, _ANY_PRECEDENCE))
    order = _ANY_PRECEDENCE if item.rule == "any" else _PRECEDENCE
    return ItemStatus(item, _combine(per_entry, order), tuple(parts))


def item_statuses(disclosure: Disclosure, framework: str = "casper") -> list[ItemStatus]:
    """The status of every item of a framework, in checklist order."""
    return [item_status(disclosure, item) for item in framework_items(framework)]


def applicable_share(counts: Mapping[Status, int]) -> tuple[int, float]:
    """(applicable items, percent of them disclosed): what coverage minimums count.

    Items marked not applicable (with a reason) do not count against coverage: a DPO
    pipeline has no reward model to disclose. Withheld ones do count.
    """
    applicable = sum(counts.values()) - counts["not_applicable"]
    return applicable, 100 * counts["disclosed"] / applicable if applicable else 100.0


def floor_tenth(percent: float) -> float:
    """A share shown to one decimal, rounded down: 79.96% never reads as 80%."""
    return math.floor(percent * 10) / 10


def tally(statuses: list[ItemStatus]) -> dict[Status, int]:
    """How many items have each status."""
    counts: dict[Status, int] = dict.fromkeys(STATUSES, 0)
    for s in statuses:
        counts[s.status] += 1
    return counts


@dataclass(frozen=True)
class Framework:
    """A checklist: the eleven items, or a crosswalk to another framework."""

    id: str
    title: str
    source: str
    items: tuple[Item, ...]


class _AnyOf(Bare):
    any_of: list[str] = Field(min_length=1)


class _ItemEntry(Bare):
    id: str
    group: str
    title: str
    question: str
    rule: Literal["all", "any"] | None = None
    paths: list[str | _AnyOf] = Field(min_length=1)
    note: str | None = None


class _Checklist(Bare):
    """A checklist file; a malformed one is a bug in the package, refused on first use."""

    title: str
    source: str
    rule: Literal["all", "any"] = "any"
    """The rule of items that do not name their own."""
    items: list[_ItemEntry] = Field(min_length=1)


FRAMEWORK_IDS: tuple[str, ...] = framework_ids()
"""The checklists by id, in the order they are listed to users."""


@cache
def framework(framework_id: str) -> Framework:
    """A framework by id, read from its packaged file on first use."""
    if framework_id not in FRAMEWORK_IDS:
        raise KeyError(f"unknown framework {framework_id!r}; known: {', '.join(FRAMEWORK_IDS)}")
    return parse_checklist(framework_id, read_data(f"{framework_id}.yaml"))


def parse_checklist(framework_id: str, data: Any) -> Framework:
    """A checklist file's data as a Framework; ValueError (naming the file) when malformed."""
    try:
        raw = _Checklist.model_validate(data)
    except ValidationError as exc:
        raise ValueError(f"data/{framework_id}.yaml: {exc}") from None
    items = tuple(
        Item(
            id=entry.id,
            number=number,
            group=entry.group,
            title=entry.title,
            question=entry.question,
            paths=tuple(p if isinstance(p, str) else tuple(p.any_of) for p in entry.paths),
            rule=entry.rule or raw.rule,
            note=" ".join(entry.note.split()) if entry.note else None,
        )
        for number, entry in enumerate(raw.items, start=1)
    )
    return Framework(framework_id, raw.title, raw.source, items)


def framework_items(framework_id: str) -> tuple[Item, ...]:
    return framework(framework_id).items


ITEMS: tuple[Item, ...] = framework_items("casper")
"""The eleven items of Casper et al. (2023), in order."""

ITEMS_BY_ID = {item.id: item for item in ITEMS}
