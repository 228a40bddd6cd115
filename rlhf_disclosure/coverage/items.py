"""The checklists, read from data files: items, the questions each asks, and their paths.

The eleven items of Casper et al. (2023) and the crosswalks to other frameworks are
YAML files in rlhf_disclosure/data/ (`checklists.yaml` lists them), all read by one
strict model; this is the only copy of each: the reports, coverage and check read
them from here. `status.py` computes what a disclosure answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from pydantic import Field, ValidationError

from ..schema.base import Bare
from .registry import framework_ids, read_data


@dataclass(frozen=True)
class Condition:
    """A path that answers only where its values say so: e.g. an audit counts for a
    third-party indicator only when `kind` is 'external'.

    `where` maps a field of each value at `path` to the values it may have. `across`
    says whether one value meeting it is enough ('any': one external evaluator) or
    every value must ('all': every result names a public dataset).
    """

    path: str
    where: tuple[tuple[str, tuple[str, ...]], ...]
    across: Literal["any", "all"] = "any"

    def meets(self, value: object) -> bool:
        return all(getattr(value, field, None) in allowed for field, allowed in self.where)

    @property
    def wanted(self) -> str:
        """The condition in words: "kind 'external'"."""
        return " and ".join(
            f"{field} " + " or ".join(repr(a) for a in allowed) for field, allowed in self.where
        )


Target = str | Condition
"""One place that answers: a schema path, or a path with a condition on its values."""

PathEntry = Target | tuple[Target, ...]
"""Where a question is answered: one place, or alternatives of which one is enough."""

Audience = Literal["public", "downstream_providers", "ai_office", "national_authorities"]
"""Who a framework's entry is meant for: the EU frameworks say which of these gets
each point (the Model Documentation Form marks every item); `()` means unstated."""

AUDIENCES: tuple[Audience, ...] = (
    "public",
    "downstream_providers",
    "ai_office",
    "national_authorities",
)

Use = Literal["training", "evaluation", "learned"]
"""Which list items a scoped question applies to: feedback collections used to train
(reward models or policies) or only to evaluate or red-team; learned reward models."""


@dataclass(frozen=True)
class Scope:
    """The parts of a pipeline a question is asked of: each item of a list.

    `list` is the path of a list (feedback_collections, reward_models, audits, risks);
    `use` keeps only the items of that kind; `optional` means the question does not
    apply when there are no such items (evaluator questions when nobody rated the
    model), where otherwise the absence of the list is itself the gap.
    """

    list: str
    use: Use | None = None
    optional: bool = False


@dataclass(frozen=True)
class Question:
    """One thing an auditor needs answered; answered where its paths say so.

    With a scope, `paths` are relative to each list item and the question must be
    answered for each of them. `rule` says whether every entry must answer ('all') or
    one is enough ('any'); an entry is a path or a tuple of alternatives.
    """

    id: str
    label: str
    text: str
    paths: tuple[PathEntry, ...]
    rule: Literal["all", "any"] = "all"
    scope: Scope | None = None

    @property
    def all_paths(self) -> tuple[str, ...]:
        """Every schema path the question reads, alternatives included, from the top."""
        out: list[str] = []
        prefix = f"{self.scope.list}[*]." if self.scope else ""
        for entry in self.paths:
            for target in entry if isinstance(entry, tuple) else (entry,):
                out.append(prefix + (target if isinstance(target, str) else target.path))
        return tuple(out)


@dataclass(frozen=True)
class Item:
    """One entry of a checklist: a title, the overall question, and what it asks.

    An item of the eleven asks several questions; a crosswalk entry usually asks one
    (its own question, answered by its paths). `note` is a caveat on how far the
    schema answers it.
    """

    id: str
    number: int
    group: str
    title: str
    question: str
    questions: tuple[Question, ...]
    note: str | None = None
    audiences: tuple[Audience, ...] = ()
    """Who the framework means the entry for, in AUDIENCES order; empty when unstated."""

    @property
    def all_paths(self) -> tuple[str, ...]:
        """Every schema path the item reads, in order."""
        return tuple(p for q in self.questions for p in q.all_paths)


@dataclass(frozen=True)
class Framework:
    """A checklist: the eleven items, or a crosswalk to another framework."""

    id: str
    title: str
    source: str
    items: tuple[Item, ...]
    unmapped: tuple[tuple[str, str], ...] = ()
    name: str = ""
    """A short name for tables that list frameworks side by side; the title if unset."""
    """The framework's entries no schema field answers, each with the reason."""


class _Where(Bare):
    path: str
    where: dict[str, str | list[str]] = Field(min_length=1)
    across: Literal["any", "all"] = "any"


class _AnyOf(Bare):
    any_of: list[str | _Where] = Field(min_length=1)


class _Scope(Bare):
    list: str
    use: Use | None = None
    optional: bool = False


class _QuestionEntry(Bare):
    id: str
    label: str
    question: str
    rule: Literal["all", "any"] = "all"
    paths: list[str | _AnyOf | _Where] = Field(min_length=1)
    scope: _Scope | None = None
    """Overrides the item's scope; `{list: ""}` is not allowed, leave the item's."""
    unscoped: bool = False
    """Asked of the whole disclosure, even where the item has a scope."""


class _ItemEntry(Bare):
    id: str
    group: str
    title: str
    question: str
    rule: Literal["all", "any"] | None = None
    paths: list[str | _AnyOf | _Where] | None = None
    scope: _Scope | None = None
    questions: list[_QuestionEntry] | None = None
    note: str | None = None
    audiences: list[Audience] = Field(default_factory=list)


class _Unmapped(Bare):
    indicator: str
    reason: str


class _Checklist(Bare):
    """A checklist file; a malformed one is a bug in the package, refused on first use."""

    title: str
    name: str | None = None
    """Short name, for tables that list frameworks side by side."""
    source: str
    rule: Literal["all", "any"] = "any"
    """The rule of items that do not name their own."""
    items: list[_ItemEntry] = Field(min_length=1)
    unmapped: list[_Unmapped] = Field(default_factory=list)
    """Entries of the framework that are not items, each with why no field answers it."""


FRAMEWORK_IDS: tuple[str, ...] = framework_ids()
"""The checklists by id, in the order they are listed to users."""


@cache
def framework(framework_id: str) -> Framework:
    """A framework by id, read from its packaged file on first use."""
    if framework_id not in FRAMEWORK_IDS:
        raise KeyError(f"unknown framework {framework_id!r}; known: {', '.join(FRAMEWORK_IDS)}")
    return parse_checklist(framework_id, read_data(f"{framework_id}.yaml"))


def _target(raw: str | _Where) -> Target:
    if isinstance(raw, str):
        return raw
    where = tuple(
        (field, (allowed,) if isinstance(allowed, str) else tuple(allowed))
        for field, allowed in raw.where.items()
    )
    return Condition(raw.path, where, raw.across)


def _entries(paths: list[str | _AnyOf | _Where]) -> tuple[PathEntry, ...]:
    return tuple(
        tuple(_target(t) for t in p.any_of) if isinstance(p, _AnyOf) else _target(p) for p in paths
    )


def _scope(raw: _Scope | None) -> Scope | None:
    return Scope(raw.list, raw.use, raw.optional) if raw else None


def _item(number: int, entry: _ItemEntry, default_rule: Literal["all", "any"]) -> Item:
    if (entry.paths is None) == (entry.questions is None):
        raise ValueError(f"item {entry.id!r}: give either `paths` or `questions`")
    if entry.questions is None:
        assert entry.paths is not None
        questions: tuple[Question, ...] = (
            Question(
                "answer",
                entry.title,
                entry.question,
                _entries(entry.paths),
                entry.rule or default_rule,
                _scope(entry.scope),
            ),
        )
    else:
        questions = tuple(
            Question(
                q.id,
                q.label,
                q.question,
                _entries(q.paths),
                q.rule,
                None if q.unscoped else _scope(q.scope or entry.scope),
            )
            for q in entry.questions
        )
        ids = [q.id for q in questions]
        if len(set(ids)) != len(ids):
            raise ValueError(f"item {entry.id!r}: question ids repeat")
    return Item(
        id=entry.id,
        number=number,
        group=entry.group,
        title=entry.title,
        question=entry.question,
        questions=questions,
        note=" ".join(entry.note.split()) if entry.note else None,
        audiences=tuple(a for a in AUDIENCES if a in entry.audiences),
    )


def parse_checklist(framework_id: str, data: Any) -> Framework:
    """A checklist file's data as a Framework; ValueError (naming the file) when malformed."""
    try:
        raw = _Checklist.model_validate(data)
        items = tuple(
            _item(number, entry, raw.rule) for number, entry in enumerate(raw.items, start=1)
        )
    except (ValidationError, ValueError) as exc:
        raise ValueError(f"data/{framework_id}.yaml: {exc}") from None
    unmapped = tuple((u.indicator, " ".join(u.reason.split())) for u in raw.unmapped)
    return Framework(framework_id, raw.title, raw.source, items, unmapped, raw.name or raw.title)


def framework_items(framework_id: str) -> tuple[Item, ...]:
    return framework(framework_id).items


ITEMS: tuple[Item, ...] = framework_items("casper")
"""The eleven items of Casper et al. (2023), in order."""

ITEMS_BY_ID = {item.id: item for item in ITEMS}
