"""The eleven disclosure items (after Casper et al. 2023), as data, and their status.

This is the only copy of the checklist: the demo, the reports, coverage and
check all read it from here.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel

from ..schema import Disclosure, Undisclosed
from ..schema.paths import parse_path

Status = Literal["disclosed", "withheld", "not_applicable", "not_disclosed"]
STATUSES: tuple[Status, ...] = ("disclosed", "withheld", "not_applicable", "not_disclosed")

STATUS_RULE = (
    "Each path is resolved in the disclosure, expanding [*] over list items. A part is "
    "'withheld' or 'not_applicable' where it (or a section above it) says so with a reason; "
    "'not_disclosed' where it is absent, an empty list, or a section with nothing but "
    "references; otherwise 'disclosed'. A path takes the first of not_disclosed, withheld, "
    "disclosed, not_applicable that any of its parts has. An entry that lists alternative "
    "paths (any_of) takes the first of disclosed, withheld, not_applicable, not_disclosed "
    "that any alternative has: one answering alternative is enough. The item takes the "
    "first of not_disclosed, withheld, disclosed, not_applicable that any entry has, so a "
    "gap in one entry is never hidden by another; with no entries at all it is not_disclosed."
)

STATUS_RULE_ANY = (
    "For items whose rule is 'any', the item instead takes the first of disclosed, withheld, "
    "not_applicable, not_disclosed that any entry has: one answering entry is enough."
)


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


ITEMS: tuple[Item, ...] = (
    Item(
        "pretraining",
        1,
        "Human feedback",
        "Pretraining",
        "How was the base model pretrained, and on what data?",
        ("pretraining",),
    ),
    Item(
        "annotators",
        2,
        "Human feedback",
        "Selection and training of evaluators",
        "Who gave the feedback, and how were they recruited, screened, trained and paid?",
        ("feedback_collections[*].annotators",),
    ),
    Item(
        "example_selection",
        3,
        "Human feedback",
        "Selection of examples",
        "How were the examples shown to evaluators chosen, adversarial ones and "
        "defences against poisoning included?",
        ("feedback_collections[*].example_selection",),
    ),
    Item(
        "feedback_type",
        4,
        "Human feedback",
        "Type of feedback",
        "What kind of feedback was collected (comparisons, rankings, ratings, ...)?",
        ("feedback_collections[*].feedback_type",),
    ),
    Item(
        "quality_assurance",
        5,
        "Human feedback",
        "Quality assurance",
        "How was feedback quality controlled, and how far did raters agree?",
        ("feedback_collections[*].quality_assurance",),
    ),
    Item(
        "reward_model_loss",
        6,
        "Reward model",
        "Reward model loss",
        "What loss fit the reward model, and how was rater disagreement modelled?",
        ("reward_models[*].loss",),
    ),
    Item(
        "reward_model_evaluation",
        7,
        "Reward model",
        "Reward model evaluation",
        "How was the reward model evaluated, with what results and failure modes?",
        ("reward_models[*].evaluation",),
    ),
    Item(
        "policy_evaluation",
        8,
        "Policy",
        "Policy evaluation",
        "How was the fine-tuned model evaluated, red-teamed and tested for risky capabilities?",
        ("policy_evaluation",),
    ),
    Item(
        "audits",
        9,
        "Systemic safety",
        "Internal and external audits",
        "Who audited the system, with what scope, and what did they find?",
        ("audits",),
    ),
    Item(
        "risks",
        10,
        "Systemic safety",
        "Expected risks",
        "What risks and failure modes are anticipated, and how are they mitigated?",
        ("risks",),
    ),
    Item(
        "monitoring",
        11,
        "Systemic safety",
        "Monitoring and correction",
        "How are failures detected after deployment, and how are they handled?",
        ("monitoring",),
    ),
)

ITEMS_BY_ID = {item.id: item for item in ITEMS}


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
    or notes (notes comment on an answer; they are not one)."""
    if value is None:
        return True
    if isinstance(value, (list, dict, str)):
        return not value
    if isinstance(value, BaseModel):
        return all(
            is_empty(getattr(value, name))
            for name in type(value).model_fields
            if name not in _NOT_AN_ANSWER
        )
    return False


_NOT_AN_ANSWER = frozenset({"references", "notes"})


def _only_undisclosed(value: Any) -> list[tuple[str, Undisclosed]]:
    """The withheld / not-applicable parts of a section that says nothing else
    (nested sections included); empty when anything in it is disclosed."""
    if not isinstance(value, BaseModel) or isinstance(value, Undisclosed):
        return []
    held: list[tuple[str, Undisclosed]] = []
    for name in type(value).model_fields:
        child = getattr(value, name)
        if name in _NOT_AN_ANSWER or is_empty(child):
            continue
        if isinstance(child, Undisclosed):
            held.append((name, child))
            continue
        inner = _only_undisclosed(child)
        if not inner:
            return []
        held.extend(inner)
    return held


def _label(value: Any, index: int) -> str:
    ident = getattr(value, "id", None)
    return f"[{ident}]" if isinstance(ident, str) else f"[{index}]"


def _resolve(
    value: Any, parts: list[str], where: str, loc: tuple[str | int, ...] = ()
) -> Iterator[Part]:
    if isinstance(value, Undisclosed):
        yield Part(where, value.status, value.reason, loc)
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
    """The status of one item, following STATUS_RULE (or STATUS_RULE_ANY)."""
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


FRAMEWORK_IDS = ("casper", "fmti", "eu-ai-act")


@cache
def framework(framework_id: str) -> Framework:
    """A framework by id; the crosswalks are packaged YAML files read on first use."""
    if framework_id == "casper":
        return Framework(
            "casper",
            "Casper et al. (2023), RLHF disclosure items",
            "https://arxiv.org/abs/2307.15217",
            ITEMS,
        )
    if framework_id not in FRAMEWORK_IDS:
        raise KeyError(f"unknown framework {framework_id!r}; known: {', '.join(FRAMEWORK_IDS)}")
    import yaml

    name = f"data/{framework_id}.yaml"
    raw = yaml.safe_load(resources.files("rlhf_disclosure").joinpath(name).read_text("utf-8"))
    items = tuple(
        _crosswalk_item(entry, number, name) for number, entry in enumerate(raw["items"], start=1)
    )
    return Framework(framework_id, str(raw["title"]), str(raw["source"]), items)


_ITEM_KEYS = frozenset({"id", "group", "title", "question", "rule", "paths", "note"})


def _crosswalk_item(entry: dict[str, Any], number: int, source: str) -> Item:
    """One item of a packaged crosswalk file; a malformed entry is a bug in the package."""
    where = f"{source}: item {number} ({entry.get('id', '?')})"
    unknown = sorted(set(entry) - _ITEM_KEYS)
    if unknown:
        raise ValueError(f"{where}: unknown keys {', '.join(unknown)}")
    rule = entry.get("rule", "any")
    if rule not in ("all", "any"):
        raise ValueError(f"{where}: rule must be 'all' or 'any', not {rule!r}")
    paths: list[PathEntry] = []
    for path in entry["paths"]:
        if isinstance(path, str):
            paths.append(path)
        elif isinstance(path, dict) and list(path) == ["any_of"] and path["any_of"]:
            paths.append(tuple(str(p) for p in path["any_of"]))
        else:
            raise ValueError(f"{where}: a path is text or {{any_of: [paths]}}, not {path!r}")
    note = entry.get("note")
    return Item(
        id=str(entry["id"]),
        number=number,
        group=str(entry["group"]),
        title=str(entry["title"]),
        question=str(entry["question"]),
        paths=tuple(paths),
        rule=rule,
        note=" ".join(str(note).split()) if note else None,
    )


def framework_items(framework_id: str) -> tuple[Item, ...]:
    return framework(framework_id).items
