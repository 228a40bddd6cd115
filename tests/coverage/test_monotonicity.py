"""Hypothesis: saying more never lowers coverage, and a new part lowers an item only
where the item asks about that part, naming it.

1. Filling in one field the file leaves out (at any place a checklist path reaches),
   with a value or with an explicit status (withheld, not applicable, none, elsewhere),
   never lowers any item's status, nor any score, in any framework.

   The order is not_disclosed < withheld < partial < disclosed. `not_applicable` is
   outside it: it takes an item out of the count. "Never lowers" means, per framework:

   - an item that is not `not_applicable` before or after never moves down the order;
   - an item disclosed or partial before is disclosed or partial after (never
     withheld, not disclosed, nor taken out of the count as not applicable);
   - an item's answered questions never decrease;
   - the number of items disclosed, the questions answered over all items and the
     disclosed share of applicable items (`applicable_share`, what minimums compare
     against) never decrease.

   An item that was not applicable may become applicable (withheld, say) only if the
   share does not drop. Two fields are not filled: a collection's `used_for` and a
   reward model's `kind` (`disclosure_edits.RECLASSIFYING`). They reclassify a part
   (training or evaluation feedback, learned or computed reward): setting them changes
   which questions an item asks of that part, not how the part answers them.

2. Appending a new feedback collection or reward model (random, valid, with an id of
   its own) leaves unchanged every item whose questions are not scoped to that list.
   An item scoped to it changes only if the new part leaves one of its questions
   unanswered (withheld or not disclosed); then an item disclosed before is partial,
   and where the part's answer is simply missing, `gaps()` (the report's "Not
   disclosed" line) names the new part.
"""

from __future__ import annotations

import copy
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from rlhf_disclosure.coverage.items import FRAMEWORK_IDS, framework_items
from rlhf_disclosure.coverage.status import (
    ItemStatus,
    applicable_share,
    gaps,
    item_statuses,
    questions_answered,
    tally,
)
from rlhf_disclosure.schema import Disclosure
from rlhf_disclosure.schema.feedback import TRAINING_USES
from tests.budget import examples
from tests.disclosure_edits import fill_one, is_valid, new_part, shaped_disclosure

RANK = {"not_disclosed": 0, "withheld": 1, "partial": 2, "disclosed": 3}
"""The order of statuses; not_applicable is outside it (see the module docstring)."""


def _share(statuses: list[ItemStatus]) -> Fraction:
    return applicable_share(tally(statuses))[1]


def lowered(before: Disclosure, after: Disclosure) -> list[str]:
    """Every way `after` scores lower than `before`, in words; empty when none."""
    problems: list[str] = []
    for framework_id in FRAMEWORK_IDS:
        was, now = item_statuses(before, framework_id), item_statuses(after, framework_id)
        for b, a in zip(was, now, strict=True):
            at = f"{framework_id}/{b.item.id}"
            ranked = "not_applicable" not in (b.status, a.status)
            if ranked and RANK[a.status] < RANK[b.status]:
                problems.append(f"{at}: {b.status} -> {a.status}")
            elif b.status in ("disclosed", "partial") and a.status == "not_applicable":
                problems.append(f"{at}: {b.status} -> not_applicable")
            if a.answered < b.answered:
                problems.append(f"{at}: answered {b.answered} -> {a.answered}")
        counts = tally(was)["disclosed"], tally(now)["disclosed"]
        if counts[1] < counts[0]:
            problems.append(f"{framework_id}: items disclosed {counts[0]} -> {counts[1]}")
        answered = questions_answered(was)[0], questions_answered(now)[0]
        if answered[1] < answered[0]:
            problems.append(f"{framework_id}: questions answered {answered[0]} -> {answered[1]}")
        if _share(now) < _share(was):
            problems.append(f"{framework_id}: share {_share(was)} -> {_share(now)}")
    return problems


@st.composite
def filled(draw: st.DrawFn) -> tuple[dict[str, Any], Any, Any, dict[str, Any]]:
    data = draw(shaped_disclosure())
    loc, value, edited = draw(fill_one(data))
    return data, loc, value, edited


@settings(max_examples=examples(300))
@given(filled())
def test_filling_in_a_field_never_lowers_coverage(case: tuple[Any, ...]) -> None:
    data, loc, value, edited = case
    before, after = Disclosure.model_validate(data), Disclosure.model_validate(edited)
    assert lowered(before, after) == [], f"setting {loc} to {value!r}"


def _scoped_to(framework_id: str, list_name: str) -> set[str]:
    """Ids of the items with a question scoped to `list_name`."""
    return {
        item.id
        for item in framework_items(framework_id)
        if any(q.scope is not None and q.scope.list == list_name for q in item.questions)
    }


def _touches(framework_id: str, list_name: str) -> set[str]:
    """Ids of the items that read the list at all: scoped to it or through `list[*]`."""
    return _scoped_to(framework_id, list_name) | {
        item.id
        for item in framework_items(framework_id)
        if any(p == list_name or p.startswith(f"{list_name}[*]") for p in item.all_paths)
    }


@st.composite
def appended(draw: st.DrawFn) -> tuple[dict[str, Any], str, dict[str, Any], dict[str, Any]]:
    data = draw(shaped_disclosure())
    list_name = draw(st.sampled_from(["feedback_collections", "reward_models"]))
    listed = data.get(list_name, [])
    assume(isinstance(listed, list))  # a status in place of the list stays (see above)
    if list_name == "feedback_collections" and draw(st.booleans()):
        # Often the new part is the first of its use (the first evaluation collection).
        listed = [c for c in listed if not c.get("used_for") or TRAINING_USES & set(c["used_for"])]
        data = {**data, list_name: listed}
    part = draw(new_part(list_name, {p["id"] for p in listed}))
    edited = {**data, list_name: [*listed, part]}
    return data, list_name, part, edited


def appended_problems(
    before: Disclosure, after: Disclosure, list_name: str, part_id: str, *, scoped_only: bool
) -> list[str]:
    """What breaks property 2 in words; `scoped_only` limits it to items scoped to the
    list (the eleven items' rule), else it holds every item reading the list to it."""
    where = f"{list_name}[{part_id}]"
    problems: list[str] = []
    for framework_id in FRAMEWORK_IDS:
        scoped = _scoped_to(framework_id, list_name)
        touching = _touches(framework_id, list_name)
        was, now = item_statuses(before, framework_id), item_statuses(after, framework_id)
        for b, a in zip(was, now, strict=True):
            at = f"{framework_id}/{b.item.id}"
            if scoped_only and b.item.id in touching - scoped:
                continue
            changed = (b.status, b.answered) != (a.status, a.answered)
            if b.item.id not in scoped:
                if changed:
                    problems.append(f"{at} (not scoped to {list_name}): {b.status} -> {a.status}")
                continue
            new_cells = [c for c in a.cells if c.where == where]
            open_cells = [c for c in new_cells if c.status in ("withheld", "not_disclosed")]
            if not open_cells:
                if lowered_item(b, a):
                    problems.append(f"{at}: lowered by a part that answers: {lowered_item(b, a)}")
                continue
            if b.status != "disclosed":
                continue
            if a.status != "partial":
                problems.append(f"{at}: disclosed -> {a.status}, expected partial")
            unnamed = [
                q.question.label for q in a.questions if any(c.where == where for c in q.missing_in)
            ]
            if unnamed and not [g for g in gaps(a) if where in g]:
                problems.append(f"{at}: gaps {gaps(a)} do not name {where} for {unnamed}")
    return problems


def lowered_item(b: ItemStatus, a: ItemStatus) -> str:
    ranked = "not_applicable" not in (b.status, a.status)
    if ranked and RANK[a.status] < RANK[b.status]:
        return f"{b.status} -> {a.status}"
    if a.answered < b.answered:
        return f"answered {b.answered} -> {a.answered}"
    return ""


@settings(max_examples=examples(300))
@given(appended())
def test_a_new_part_lowers_only_items_about_it_and_is_named(case: tuple[Any, ...]) -> None:
    data, list_name, part, edited = case
    assert is_valid(edited)
    before, after = Disclosure.model_validate(data), Disclosure.model_validate(edited)
    assert appended_problems(before, after, list_name, part["id"], scoped_only=True) == []


@pytest.mark.parametrize("list_name", ["feedback_collections", "reward_models"])
def test_every_framework_reads_the_lists_a_new_part_joins(list_name: str) -> None:
    # The property above is vacuous for a list no item reads.
    assert _scoped_to("casper", list_name)


# --- Cases the properties once found, kept as examples -----------------------------

M = {"name": "Example-7B"}
WITHHELD = {"status": "withheld", "reason": "Not published for competitive reasons."}
NOT_APPLICABLE = {"status": "not_applicable", "reason": "No filtering step applies."}


def _status(data: dict[str, Any], framework_id: str, item_id: str) -> ItemStatus:
    statuses = item_statuses(Disclosure.model_validate(data), framework_id)
    return next(s for s in statuses if s.item.id == item_id)


def test_withheld_alternative_overrides_not_applicable() -> None:
    pretraining = {
        "description": "Pretrained from scratch.",
        "tokens": 2_000_000_000_000,
        "filtering": NOT_APPLICABLE,  # the filtering question: filtering or known_biases
        "compute": {"gpu_hours": 10_000},
    }
    before = {"schema_version": 2, "model": M, "pretraining": pretraining}
    after = {**before, "pretraining": {**pretraining, "known_biases": WITHHELD}}
    # A not-applicable alternative does not answer for a missing one: the question is
    # open before (partial item) and withheld after, which is no lower.
    assert _status(before, "casper", "pretraining").status == "partial"
    assert _status(after, "casper", "pretraining").status == "partial"
    assert not lowered(Disclosure.model_validate(before), Disclosure.model_validate(after))


def test_filling_a_withheld_alternative_keeps_the_share() -> None:
    before: dict[str, Any] = {
        "schema_version": 2,
        "model": M,
        "pretraining": {"description": "Pretrained from scratch.", "filtering": NOT_APPLICABLE},
        "feedback_collections": [{"id": "prefs", "name": "Preferences", "annotators": {}}],
        "monitoring": {"monitored": "Flagged conversations."},
    }
    after = copy.deepcopy(before)
    after["feedback_collections"][0]["example_selection"] = {"filtering": WITHHELD}
    assert _status(before, "fmti-2023", "harmful-data-filtration").status == "not_disclosed"
    was = item_statuses(Disclosure.model_validate(before), "fmti-2023")
    now = item_statuses(Disclosure.model_validate(after), "fmti-2023")
    assert _share(now) >= _share(was)


def test_gaps_name_the_only_part_a_question_is_asked_of() -> None:
    evaluated = {
        "description": "Win rates against the SFT model.",
        "red_teaming": {"status": "none", "reason": "No red teaming was done."},
        "risky_capabilities": {"status": "none", "reason": "Not tested."},
    }
    train = {"id": "prefs", "name": "Preferences", "used_for": ["policy"]}
    raters = {"id": "raters", "name": "Raters", "used_for": ["evaluation"]}
    before = {"schema_version": 2, "model": M, "policy_evaluation": evaluated}
    before["feedback_collections"] = [train]
    after = {**before, "feedback_collections": [train, raters]}
    assert _status(before, "casper", "policy_evaluation").status == "disclosed"
    s = _status(after, "casper", "policy_evaluation")
    assert s.status == "partial"
    assert any("feedback_collections[raters]" in g for g in gaps(s)), gaps(s)


def test_a_new_collection_makes_a_crosswalk_indicator_partial_and_named() -> None:
    first = {"id": "prefs", "name": "Preferences", "annotators": {"workforce": ["contractors"]}}
    second = {"id": "helpful", "name": "Helpfulness", "used_for": ["reward_model"]}
    before = {"schema_version": 2, "model": M, "feedback_collections": [first]}
    after = {**before, "feedback_collections": [first, second]}
    item = "data-labor-use-of-human-labor"
    assert _status(before, "fmti-2023", item).status == "disclosed"
    s = _status(after, "fmti-2023", item)
    assert s.status == "partial"
    assert any("feedback_collections[helpful]" in g for g in gaps(s)), gaps(s)
