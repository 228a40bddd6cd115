"""What a disclosure answers: each question per part of the pipeline, each item, counts.

A question is resolved in every part it applies to (each training feedback
collection, each learned reward model, ...), or once in the whole disclosure; each
such answer is a `Cell`, computed from the places its paths reach. An item is
disclosed when every cell of every question is answered, partial when some are,
withheld or not applicable when all are explicitly so, not disclosed otherwise. Cells
marked not applicable do not count either way. This is the one computation behind
`coverage`, `check`, the policy rules and the reports.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

from pydantic import BaseModel

from ..schema import Disclosure, Undisclosed
from ..schema.annotators import AnnotatorPool
from ..schema.common import PerVariant
from ..schema.feedback import TRAINING_USES
from ..schema.paths import parse_path
from .items import Condition, Item, Question, Scope, framework_items

Answer = Literal["disclosed", "withheld", "not_applicable", "not_disclosed"]
"""What one place or cell says."""

Status = Literal["disclosed", "partial", "withheld", "not_applicable", "not_disclosed"]
STATUSES: tuple[Status, ...] = (
    "disclosed",
    "partial",
    "withheld",
    "not_applicable",
    "not_disclosed",
)


@dataclass(frozen=True)
class Place:
    """What one path says at one place in the data.

    `given` is 'none' or 'elsewhere' where the file answered with that status (both
    answer the question); `reason` is the reason or statement the file gave.
    """

    path: str
    status: Answer
    reason: str | None = None
    loc: tuple[str | int, ...] = ()
    given: str | None = None


@dataclass(frozen=True)
class Cell:
    """A question's answer for one part of the pipeline (or for the whole disclosure)."""

    where: str  # the part, e.g. 'feedback_collections[helpfulness]'; '' for the disclosure
    loc: tuple[str | int, ...]
    status: Status  # partial where some list items below it answer and others do not
    places: tuple[Place, ...]


@dataclass(frozen=True)
class QuestionStatus:
    question: Question
    status: Status
    cells: tuple[Cell, ...]

    @property
    def missing_in(self) -> tuple[Cell, ...]:
        """The cells that leave the question unanswered and say nothing about why."""
        return tuple(c for c in self.cells if c.status == "not_disclosed")


@dataclass(frozen=True)
class ItemStatus:
    """An item's status in one disclosure, with the questions it was computed from."""

    item: Item
    status: Status
    questions: tuple[QuestionStatus, ...]

    @property
    def cells(self) -> tuple[Cell, ...]:
        return tuple(c for q in self.questions for c in q.cells)

    @property
    def parts(self) -> tuple[Place, ...]:
        """Every place read, in question order."""
        return tuple(p for c in self.cells for p in c.places)

    @property
    def answered(self) -> int:
        return sum(q.status == "disclosed" for q in self.questions)

    @property
    def asked(self) -> int:
        """Questions that apply (not marked not applicable)."""
        return sum(q.status != "not_applicable" for q in self.questions)

    @property
    def reasons(self) -> tuple[str, ...]:
        """Reasons the file gives for what it does not disclose here, without repeats."""
        explicit = {"withheld", "not_applicable"}
        wanted = explicit if self.status == "partial" else {self.status} & explicit
        out: list[str] = []
        for place in self.parts:
            if place.status in wanted and place.reason and place.reason not in out:
                out.append(place.reason)
        return tuple(out)


def _part_of(path: str) -> str:
    """'feedback_collections[a].annotators.count' -> 'feedback_collections[a]'."""
    return path[: path.index("]") + 1] if "]" in path else path


def gaps(s: ItemStatus, name: Callable[[str], str] = str) -> list[str]:
    """The labels of the questions an item leaves open without saying why. Questions
    open everywhere they are asked come first; those open only in some parts follow,
    grouped by the parts that leave them open ('pay, countries (Red-team ratings)').
    A part is named wherever others answer, and wherever it is the only part asked.
    `name` names a part."""
    everywhere: list[str] = []
    somewhere: dict[tuple[str, ...], list[str]] = {}
    for q in s.questions:
        parts: list[str] = []
        for cell in q.cells:
            if cell.status == "not_disclosed":
                parts.append(cell.where)
            elif cell.status == "partial":
                parts += [_part_of(p.path) for p in cell.places if p.status == "not_disclosed"]
        parts = [p for n, p in enumerate(parts) if p not in parts[:n]]
        if not parts:
            continue
        named = [p for p in parts if p.endswith("]")]
        whole = all(c.status == "not_disclosed" for c in q.cells) and len(q.cells) > 1
        if not named or whole:
            everywhere.append(q.question.label)
        else:
            somewhere.setdefault(tuple(named), []).append(q.question.label)
    grouped = [
        f"{', '.join(labels)} ({', '.join(name(w) for w in parts)})"
        for parts, labels in somewhere.items()
    ]
    return everywhere + grouped


def answered_by(s: ItemStatus) -> list[str]:
    """The fields that answered an item, list positions collapsed ('audits[*].kind'),
    in the order read, without repeats."""
    out: list[str] = []
    for place in s.parts:
        if place.status == "disclosed":
            path = re.sub(r"\[[^\]]*\]", "[*]", place.path)
            if path not in out:
                out.append(path)
    return out


def fold(answers: Iterable[Status]) -> Status:
    """Cells (or places) to one status: disclosed when all that apply answer, partial
    when some do, withheld or not applicable when all say so, else not disclosed."""
    seen = [a for a in answers if a != "not_applicable"]
    if not seen:
        return "not_applicable"
    if all(a == "disclosed" for a in seen):
        return "disclosed"
    if any(a in ("disclosed", "partial") for a in seen):
        return "partial"
    if all(a == "withheld" for a in seen):
        return "withheld"
    return "not_disclosed"


# --- what one path says ---------------------------------------------------------

_NOT_AN_ANSWER = frozenset({"references", "notes", "cite"})
_POOL_LABEL = frozenset({"name"})


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


def _answers(value: BaseModel) -> list[str]:
    """The fields of a section that answer its question (not its notes, references or
    citations, nor the name that tells one annotator pool from another)."""
    skip = _NOT_AN_ANSWER | _POOL_LABEL if isinstance(value, AnnotatorPool) else _NOT_AN_ANSWER
    return [name for name in type(value).model_fields if name not in skip]


def _pools(value: Any) -> bool:
    """Several annotator pools, where the schema also takes one mapping."""
    return isinstance(value, list) and bool(value) and isinstance(value[0], AnnotatorPool)


def answer_of(value: Undisclosed) -> Answer:
    """What a status in the file means: 'none' (nothing of the kind was done) and
    'elsewhere' answer the question; withheld and not applicable stay what they say."""
    if value.status in ("withheld", "not_applicable"):
        return value.status
    return "disclosed"


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
            if answer_of(child) == "disclosed":
                return []
            held.append((name, child))
            continue
        inner = _only_undisclosed(child)
        if not inner:
            return []
        held.extend(inner)
    return held


def label(value: Any, index: int) -> str:
    """A list item by its id; an annotator pool (which has none) by its name."""
    ident = getattr(value, "id", None) or getattr(value, "name", None)
    return f"[{ident}]" if isinstance(ident, str) else f"[{index}]"


def _place(where: str, loc: tuple[str | int, ...], value: Any) -> Place:
    """What the value at the end of a path says: a status as given, nothing, a
    section that only withholds its parts (withheld, with their reasons), or an answer."""
    if isinstance(value, Undisclosed):
        given = value.status if answer_of(value) == "disclosed" else None
        return Place(where, answer_of(value), value.reason, loc, given)
    if is_empty(value):
        return Place(where, "not_disclosed", None, loc)
    held = _only_undisclosed(value)
    if held:
        status: Answer = (
            "withheld" if any(u.status == "withheld" for _, u in held) else "not_applicable"
        )
        reason = "; ".join(f"{name.replace('_', ' ')}: {u.reason}" for name, u in held)
        return Place(where, status, reason, loc)
    return Place(where, "disclosed", None, loc)


def _resolve(
    value: Any, parts: list[str], where: str, loc: tuple[str | int, ...] = ()
) -> Iterator[Place]:
    """The places a path reaches below `value`, each with what it says."""
    for at, at_loc, leaf in _leaves(value, parts, where, loc):
        yield _place(at, at_loc, leaf)


_ANY_ORDER: tuple[Status, ...] = ("disclosed", "partial", "withheld", "not_disclosed")


def best(statuses: Iterable[Status]) -> Status:
    """Alternatives of which one answering is enough: the best of them, leaving out
    those not applicable (not applicable only when every alternative is)."""
    seen = {s for s in statuses if s != "not_applicable"}
    if not seen:
        return "not_applicable"
    return next(s for s in _ANY_ORDER if s in seen)


def _leaves(
    value: Any, parts: list[str], where: str, loc: tuple[str | int, ...]
) -> Iterator[tuple[str, tuple[str | int, ...], Any]]:
    """(where, loc, value) at the end of a path, lists and per-variant values expanded;
    a status or a missing value ends the walk where it stands."""
    if isinstance(value, Undisclosed) or value is None:
        yield where, loc, value
        return
    if isinstance(value, PerVariant):
        # A value per variant: each variant's value answers the path for that variant.
        for key, item in value.items():
            at = ("otherwise",) if key == "*" else ("per_variant", key)
            yield from _leaves(item, parts, f"{where}[{key}]", (*loc, *at))
        return
    if _pools(value) and (not parts or parts[0] != "[*]"):
        # Annotator pools where the schema also takes one mapping: each pool answers
        # the path (or the field below it) as the single mapping would.
        for index, item in enumerate(value):
            yield from _leaves(item, parts, where + label(item, index), (*loc, index))
        return
    if not parts:
        yield where, loc, value
        return
    head, rest = parts[0], parts[1:]
    if head == "[*]":
        if not isinstance(value, list) or not value:
            yield where, loc, None
            return
        for index, item in enumerate(value):
            yield from _leaves(item, rest, where + label(item, index), (*loc, index))
        return
    child = getattr(value, head)
    yield from _leaves(child, rest, f"{where}.{head}" if where else head, (*loc, head))


def _conditioned(root: Any, c: Condition, where: str, loc: tuple[str | int, ...]) -> list[Place]:
    """The places a conditioned path reaches, each disclosed only where its value meets
    the condition; with 'any', one that meets it answers for all."""
    places: list[Place] = []
    for at, at_loc, value in _leaves(root, parse_path(c.path), where, loc):
        place = _place(at, at_loc, value)
        if place.status == "disclosed" and not place.given and not c.meets(value):
            place = Place(at, "not_disclosed", f"not {c.wanted}", at_loc)
        places.append(place)
    if c.across == "any" and any(p.status == "disclosed" for p in places):
        # One value meeting the condition is the answer; the others do not lower it.
        return [p for p in places if p.status == "disclosed"]
    return places


def _cell(root: Any, question: Question, where: str, loc: tuple[str | int, ...]) -> Cell:
    """A question answered at one place: each path resolved below `root`.

    A path folds its places as an item folds its cells: disclosed when every list item
    it reaches answers, partial when some do, withheld when all withhold. An entry of
    alternatives (any_of) takes the best alternative; the cell folds its entries with
    rule 'all' (a gap in one entry makes the cell partial at best, never disclosed) or
    takes the best entry with rule 'any'.
    """
    places: list[Place] = []
    per_entry: list[Status] = []
    for entry in question.paths:
        per_path: list[Status] = []
        for target in entry if isinstance(entry, tuple) else (entry,):
            if isinstance(target, Condition):
                found = _conditioned(root, target, where, loc)
            else:
                found = list(_resolve(root, parse_path(target), where, loc))
            places.extend(found)
            per_path.append(fold(p.status for p in found))
        per_entry.append(best(per_path))
    status = best(per_entry) if question.rule == "any" else fold(per_entry)
    return Cell(where, loc, status, tuple(places))


# --- which parts a question is asked of -------------------------------------------


def _kind_of(part: Any, use: str) -> bool:
    if use == "learned":
        kind = getattr(part, "kind", None)
        return not isinstance(kind, str) or kind == "learned"
    uses = set(getattr(part, "used_for", ()) or ())
    trains = not uses or bool(uses & TRAINING_USES)
    return trains if use == "training" else not trains


def _parts(value: Any, scope: Scope, loc: tuple[str | int, ...]) -> Iterator[tuple[str, Any, Any]]:
    """(label, item, loc) of each list item the scope keeps."""
    if isinstance(value, PerVariant):
        for key, items in value.items():
            at = ("otherwise",) if key == "*" else ("per_variant", key)
            yield from _parts(items, scope, (*loc, *at))
        return
    for index, item in enumerate(value):
        if scope.use is None or _kind_of(item, scope.use):
            yield f"{scope.list}{label(item, index)}", item, (*loc, index)


_NONE_LEFT: dict[str, tuple[Answer, str | None]] = {
    "training": ("not_disclosed", None),
    "learned": ("not_applicable", "every reward model listed is verifiable, rule-based or a judge"),
}


def question_status(disclosure: Disclosure, question: Question) -> QuestionStatus | None:
    """A question's status, or None where it does not apply (an optional scope with no
    parts to ask about)."""
    scope = question.scope
    if scope is None:
        cell = _cell(disclosure, question, "", ())
        return QuestionStatus(question, fold([cell.status]), (cell,))
    loc = tuple(parse_path(scope.list))
    listed: Any = disclosure
    for name in loc:
        listed = getattr(listed, str(name), None) if listed is not None else None
    if isinstance(listed, Undisclosed):
        given = listed.status if answer_of(listed) == "disclosed" else None
        place = Place(scope.list, answer_of(listed), listed.reason, loc, given)
        cell = Cell(scope.list, loc, place.status, (place,))
        return QuestionStatus(question, fold([cell.status]), (cell,))
    parts = list(_parts(listed, scope, loc)) if listed else []
    if not parts:
        if scope.optional:
            return None
        status: Answer = "not_disclosed"
        reason: str | None = None
        if listed and scope.use:
            status, reason = _NONE_LEFT.get(scope.use, (status, reason))
        place = Place(scope.list, status, reason, loc)
        return QuestionStatus(question, fold([status]), (Cell(scope.list, loc, status, (place,)),))
    cells = tuple(_cell(item, question, where, at) for where, item, at in parts)
    return QuestionStatus(question, fold(c.status for c in cells), cells)


def item_status(disclosure: Disclosure, item: Item) -> ItemStatus:
    """The status of one item, from every cell of every question that applies."""
    found = (question_status(disclosure, q) for q in item.questions)
    questions = tuple(q for q in found if q is not None)
    status = fold(c.status for q in questions for c in q.cells)
    return ItemStatus(item, status, questions)


def item_statuses(disclosure: Disclosure, framework: str = "casper") -> list[ItemStatus]:
    """The status of every item of a framework, in checklist order."""
    return [item_status(disclosure, item) for item in framework_items(framework)]


def tally(statuses: list[ItemStatus]) -> dict[Status, int]:
    """How many items have each status."""
    counts: dict[Status, int] = dict.fromkeys(STATUSES, 0)
    for s in statuses:
        counts[s.status] += 1
    return counts


def questions_answered(statuses: list[ItemStatus]) -> tuple[int, int]:
    """(questions answered, questions that apply) over all items."""
    return sum(s.answered for s in statuses), sum(s.asked for s in statuses)


def applicable_share(counts: Mapping[Status, int]) -> tuple[int, Fraction]:
    """(applicable items, the fraction of them disclosed): what coverage minimums count.

    Items marked not applicable (with a reason) do not count against coverage: a DPO
    pipeline has no reward model to disclose. Withheld and partial ones do count. The
    share is exact, so a minimum is compared without rounding.
    """
    applicable = sum(counts.values()) - counts["not_applicable"]
    return applicable, Fraction(counts["disclosed"], applicable) if applicable else Fraction(1)


def percent_text(share: Fraction, below: float | None = None) -> str:
    """A share as a percentage to one decimal ('36.4%'), rounded half up; when it lies
    below `below` (a required minimum), never shown as reaching it ('79.9%', not '80%')."""
    tenths = share * 1000
    shown = _tenths(share)
    if below is not None and share * 100 < Fraction(str(below)) and shown >= below * 10:
        shown = int(tenths)  # rounded down, so it stays below the minimum
    whole, tenth = divmod(shown, 10)
    return f"{whole}.{tenth}%" if tenth else f"{whole}%"


def percent_value(share: Fraction) -> float:
    """The share in percent, rounded half up to one decimal, for machine output."""
    return _tenths(share) / 10


def _tenths(share: Fraction) -> int:
    """A share in tenths of a percent, rounded half up."""
    return int(share * 1000 + Fraction(1, 2))
