"""The registry of disclosure items: its paths exist, and statuses follow the rule."""

from __future__ import annotations

import pytest

from rlhf_disclosure.items import FRAMEWORK_IDS, ITEMS, STATUSES, framework, item_statuses, tally
from rlhf_disclosure.schema import Disclosure
from rlhf_disclosure.schema.paths import path_exists


def make(**sections: object) -> Disclosure:
    return Disclosure.model_validate({"schema_version": 1, "model": {"name": "m"}, **sections})


def statuses(d: Disclosure) -> dict[str, str]:
    return {s.item.id: s.status for s in item_statuses(d)}


def test_eleven_items_in_order_with_unique_ids() -> None:
    assert [i.number for i in ITEMS] == list(range(1, 12))
    assert len({i.id for i in ITEMS}) == 11


@pytest.mark.parametrize("item", ITEMS, ids=lambda i: i.id)
def test_every_registry_path_exists_in_the_schema(item: object) -> None:
    for path in item.paths:  # type: ignore[attr-defined]
        assert path_exists(Disclosure, path), f"{path} is not a field of the schema"


def test_path_check_catches_a_renamed_field() -> None:
    assert not path_exists(Disclosure, "feedback_collections[*].annotator")
    assert not path_exists(Disclosure, "pretrainin")


def test_omitted_items_are_not_disclosed() -> None:
    assert set(statuses(make()).values()) == {"not_disclosed"}


def test_withheld_and_not_applicable_keep_their_reasons() -> None:
    d = make(
        pretraining={"status": "withheld", "reason": "Trade secret."},
        audits={"status": "not_applicable", "reason": "Research preview only."},
    )
    result = {s.item.id: s for s in item_statuses(d)}
    assert result["pretraining"].status == "withheld"
    assert result["pretraining"].reasons == ("Trade secret.",)
    assert result["audits"].status == "not_applicable"
    assert result["audits"].reasons == ("Research preview only.",)


def test_an_empty_section_does_not_count_as_disclosed() -> None:
    d = make(
        pretraining={"references": [{"url": "https://example.org"}]},
        monitoring={},
        risks=[],
    )
    s = statuses(d)
    assert s["pretraining"] == s["monitoring"] == s["risks"] == "not_disclosed"


def test_withholding_a_list_section_covers_its_items() -> None:
    d = make(feedback_collections={"status": "withheld", "reason": "Vendor contract."})
    s = statuses(d)
    for item in ("annotators", "example_selection", "feedback_type", "quality_assurance"):
        assert s[item] == "withheld"


def _collection(ident: str, **parts: object) -> dict[str, object]:
    return {"id": ident, "name": ident, **parts}


def test_a_gap_in_one_collection_is_not_hidden_by_another() -> None:
    d = make(
        feedback_collections=[
            _collection("a", annotators={"count": 40}),
            _collection("b"),
        ]
    )
    s = {x.item.id: x for x in item_statuses(d)}
    assert s["annotators"].status == "not_disclosed"
    assert [p.status for p in s["annotators"].parts] == ["disclosed", "not_disclosed"]
    assert [p.path for p in s["annotators"].parts] == [
        "feedback_collections[a].annotators",
        "feedback_collections[b].annotators",
    ]


def test_disclosed_plus_not_applicable_is_disclosed() -> None:
    na = {"status": "not_applicable", "reason": "An AI judge gave this feedback."}
    d = make(
        feedback_collections=[
            _collection("human", annotators={"count": 40}),
            _collection("ai", annotators=na),
        ]
    )
    assert statuses(d)["annotators"] == "disclosed"
    only_ai = make(feedback_collections=[_collection("ai", annotators=na)])
    assert statuses(only_ai)["annotators"] == "not_applicable"


def test_withheld_part_outranks_disclosed() -> None:
    d = make(
        reward_models=[
            {"id": "h", "name": "H", "loss": {"kind": "bradley_terry"}},
            {"id": "s", "name": "S", "loss": {"status": "withheld", "reason": "Proprietary."}},
        ]
    )
    assert statuses(d)["reward_model_loss"] == "withheld"


def test_tally_counts_every_item_once() -> None:
    d = make(pretraining={"description": "Web text."})
    counts = tally(item_statuses(d))
    assert set(counts) == set(STATUSES)
    assert sum(counts.values()) == 11
    assert counts["disclosed"] == 1


@pytest.mark.parametrize("framework_id", FRAMEWORK_IDS)
def test_every_crosswalk_path_exists_in_the_schema(framework_id: str) -> None:
    fw = framework(framework_id)
    assert fw.items, f"{framework_id} has no items"
    assert len({i.id for i in fw.items}) == len(fw.items), "ids must be unique"
    bad = [(i.id, p) for i in fw.items for p in i.paths if not path_exists(Disclosure, p)]
    assert bad == []


@pytest.mark.parametrize("framework_id", ["fmti", "eu-ai-act"])
def test_crosswalk_items_say_where_they_come_from(framework_id: str) -> None:
    fw = framework(framework_id)
    assert fw.source.startswith("https://")
    for item in fw.items:
        assert item.group and item.title and item.question.endswith("?"), item.id
        assert item.rule in ("all", "any")


def test_any_rule_needs_only_one_answering_path() -> None:
    from rlhf_disclosure.items import Item, item_status

    item = Item("x", 1, "g", "t", "q?", ("pretraining", "monitoring"), rule="any")
    d = make(pretraining={"description": "Web text."})
    assert item_status(d, item).status == "disclosed"
    strict = Item("x", 1, "g", "t", "q?", ("pretraining", "monitoring"), rule="all")
    assert item_status(d, strict).status == "not_disclosed"
