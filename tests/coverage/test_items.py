"""The registry of disclosure items: its paths exist, and statuses follow the rule."""

from __future__ import annotations

import re
from importlib import resources
from typing import Any

import pytest
import yaml

from rlhf_disclosure.coverage.items import (
    FRAMEWORK_IDS,
    ITEMS,
    Item,
    PathEntry,
    Question,
    framework,
)
from rlhf_disclosure.coverage.status import STATUSES, item_status, item_statuses, tally
from rlhf_disclosure.schema import Disclosure
from rlhf_disclosure.schema.paths import path_exists


def one(paths: tuple[PathEntry, ...], rule: str = "all", title: str = "t") -> Item:
    """An item that asks one question, answered by `paths` (as a crosswalk entry does)."""
    question = Question("answer", title, "q?", paths, rule)  # type: ignore[arg-type]
    return Item("x", 1, "g", title, "q?", (question,))


FULL_ANNOTATORS = {
    "workforce": ["contractors"],
    "count": 40,
    "recruitment": {"description": "Through a vendor."},
    "training": {"description": "Two hours on the guidelines."},
    "compensation": {"amount": 18, "currency": "USD", "unit": "hour"},
    "demographics": {"status": "none", "reason": "No demographic data was collected."},
    "countries": ["Canada"],
    "wellbeing": "Annotators could skip any item.",
}
"""Annotators that answer every question of item 2."""


def make(**sections: object) -> Disclosure:
    return Disclosure.model_validate({"schema_version": 2, "model": {"name": "m"}, **sections})


def statuses(d: Disclosure) -> dict[str, str]:
    return {s.item.id: s.status for s in item_statuses(d)}


def test_eleven_items_in_order_with_unique_ids() -> None:
    assert [i.number for i in ITEMS] == list(range(1, 12))
    assert len({i.id for i in ITEMS}) == 11


@pytest.mark.parametrize("item", ITEMS, ids=lambda i: i.id)
def test_every_registry_path_exists_in_the_schema(item: Item) -> None:
    assert item.all_paths
    for path in item.all_paths:
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
            _collection("a", annotators=FULL_ANNOTATORS),
            _collection("b"),
        ]
    )
    s = {x.item.id: x for x in item_statuses(d)}
    assert s["annotators"].status == "partial"
    for q in s["annotators"].questions:
        assert [c.status for c in q.cells] == ["disclosed", "not_disclosed"], q.question.id
        assert [c.where for c in q.cells] == ["feedback_collections[a]", "feedback_collections[b]"]
    assert {p.path for p in s["annotators"].questions[1].cells[1].places} == {
        "feedback_collections[b].annotators"
    }


def test_a_collection_that_says_nothing_leaves_the_item_not_disclosed() -> None:
    d = make(feedback_collections=[_collection("a"), _collection("b")])
    assert statuses(d)["annotators"] == "not_disclosed"


def test_disclosed_plus_not_applicable_is_disclosed() -> None:
    na = {"status": "not_applicable", "reason": "An AI judge gave this feedback."}
    d = make(
        feedback_collections=[
            _collection("human", annotators=FULL_ANNOTATORS),
            _collection("ai", annotators=na),
        ]
    )
    assert statuses(d)["annotators"] == "disclosed"
    only_ai = make(feedback_collections=[_collection("ai", annotators=na)])
    assert statuses(only_ai)["annotators"] == "not_applicable"


def test_a_withheld_part_beside_a_disclosed_one_is_partial() -> None:
    loss = {"kind": "bradley_terry", "disagreement": ["single_label"]}
    d = make(
        reward_models=[
            {"id": "h", "name": "H", "loss": loss},
            {"id": "s", "name": "S", "loss": {"status": "withheld", "reason": "Proprietary."}},
        ]
    )
    [rm_loss] = [s for s in item_statuses(d) if s.item.id == "reward_model_loss"]
    assert rm_loss.status == "partial"
    assert rm_loss.reasons == ("Proprietary.",)


def test_every_part_withheld_is_withheld() -> None:
    held = {"status": "withheld", "reason": "Proprietary."}
    d = make(reward_models=[{"id": "h", "name": "H", "loss": held}])
    assert statuses(d)["reward_model_loss"] == "withheld"


def test_tally_counts_every_item_once() -> None:
    d = make(pretraining={"description": "Web text."})
    counts = tally(item_statuses(d))
    assert set(counts) == set(STATUSES)
    assert sum(counts.values()) == 11
    assert counts["partial"] == 1  # the base model is named; data and compute are not


@pytest.mark.parametrize("framework_id", FRAMEWORK_IDS)
def test_every_crosswalk_path_exists_in_the_schema(framework_id: str) -> None:
    fw = framework(framework_id)
    assert fw.items, f"{framework_id} has no items"
    assert len({i.id for i in fw.items}) == len(fw.items), "ids must be unique"
    bad = [(i.id, p) for i in fw.items for p in i.all_paths if not path_exists(Disclosure, p)]
    assert bad == []
    assert all(isinstance(p, str) for i in fw.items for p in i.all_paths)


@pytest.mark.parametrize("framework_id", ["fmti", "fmti-2023", "eu-ai-act", "eu-gpai-code"])
def test_crosswalk_items_say_where_they_come_from(framework_id: str) -> None:
    fw = framework(framework_id)
    assert fw.source.startswith("https://")
    for item in fw.items:
        assert item.group and item.title and item.question.endswith("?"), item.id
        assert all(q.rule in ("all", "any") for q in item.questions), item.id


def test_any_rule_needs_only_one_answering_path() -> None:
    item = one(("pretraining", "monitoring"), rule="any")
    d = make(pretraining={"description": "Web text."})
    assert item_status(d, item).status == "disclosed"
    strict = one(("pretraining", "monitoring"), rule="all")
    assert item_status(d, strict).status == "partial"  # one of two answers: partly


# Alternatives within one entry of an 'all' item (`any_of:` in the crosswalk files)

SIZE = one(
    (("pretraining.size", "pretraining.tokens"), "feedback_collections[*].volume"), title="Size"
)
VOLUME = {"comparisons": 1000}
WITHHELD = {"status": "withheld", "reason": "The data mixture is a trade secret."}


@pytest.mark.parametrize(
    ("pretraining", "collections", "expected"),
    [
        ({"tokens": 2_000_000_000_000}, [_collection("a", volume=VOLUME)], "disclosed"),
        ({"size": "2T tokens"}, [_collection("a", volume=VOLUME)], "disclosed"),
        (
            {"size": "2T", "tokens": 2_000_000_000_000},
            [_collection("a", volume=VOLUME)],
            "disclosed",
        ),
        ({"description": "Web text."}, [_collection("a", volume=VOLUME)], "partial"),
        (WITHHELD, [_collection("a", volume=VOLUME)], "partial"),
        # an alternative never hides a gap in another entry
        ({"tokens": 10}, [_collection("a", volume=VOLUME), _collection("b")], "partial"),
        ({"tokens": 10}, [], "partial"),
        ({"description": "Web text."}, [], "not_disclosed"),
    ],
    ids=[
        "tokens",
        "size",
        "both",
        "neither",
        "withheld",
        "collection-gap",
        "no-collections",
        "nothing",
    ],
)
def test_one_alternative_answers_its_entry(
    pretraining: dict[str, Any], collections: list[dict[str, Any]], expected: str
) -> None:
    d = make(pretraining=pretraining, feedback_collections=collections)
    assert item_status(d, SIZE).status == expected


def test_a_disclosed_alternative_outranks_a_withheld_one() -> None:
    item = one((("pretraining", "monitoring"),))
    d = make(pretraining=WITHHELD, monitoring={"monitored": "Traffic samples."})
    assert item_status(d, item).status == "disclosed"
    only_withheld = make(pretraining=WITHHELD)
    result = item_status(only_withheld, item)
    assert result.status == "withheld"
    assert result.reasons == ("The data mixture is a trade secret.",)


def test_all_paths_lists_alternatives_in_order() -> None:
    assert SIZE.all_paths == (
        "pretraining.size",
        "pretraining.tokens",
        "feedback_collections[*].volume",
    )


# The crosswalks' own items


def _crosswalk_status(framework_id: str, item_id: str, d: Disclosure) -> str:
    [item] = [i for i in framework(framework_id).items if i.id == item_id]
    return item_status(d, item).status


SIZED = [_collection("a", volume=VOLUME)]


@pytest.mark.parametrize(
    ("framework_id", "item_id", "sections", "expected"),
    [
        # a token count is a data size, in both crosswalks
        (
            "fmti-2023",
            "data-size",
            {"pretraining": {"tokens": 2_000_000_000_000}, "feedback_collections": SIZED},
            "disclosed",
        ),
        (
            "eu-ai-act",
            "s1-2c-data-points",
            {"pretraining": {"tokens": 2_000_000_000_000}, "feedback_collections": SIZED},
            "disclosed",
        ),
        (
            "fmti-2023",
            "data-size",
            {"pretraining": {"description": "Web."}, "feedback_collections": SIZED},
            "partial",  # the collections' size, not the pretraining data's
        ),
        # Annex XI asks about unsuitable data in all training data, pretraining included
        (
            "eu-ai-act",
            "s1-2c-unsuitable-sources",
            {
                "feedback_collections": [
                    _collection("a", example_selection={"filtering": "Deduplicated."})
                ]
            },
            "partial",  # post-training data only
        ),
        (
            "eu-ai-act",
            "s1-2c-unsuitable-sources",
            {
                "pretraining": {"filtering": "Toxicity classifier."},
                "feedback_collections": [
                    _collection("a", example_selection={"poisoning_defences": "Rate limits."})
                ],
            },
            "disclosed",
        ),
        # indicators the crosswalk used to leave out
        (
            "fmti-2023",
            "capabilities-description",
            {"model": {"name": "m", "description": "A chat assistant."}},
            "disclosed",
        ),
        (
            "fmti-2023",
            "change-log",
            {"monitoring": {"updates": "Each release has an entry in CHANGES.md."}},
            "disclosed",
        ),
        (
            "fmti-2023",
            "deprecation-policy",
            {"monitoring": {"updates": "Old versions stay for 90 days."}},
            "disclosed",
        ),
        (
            "fmti-2023",
            "redress-mechanism",
            {"monitoring": {"incident_response": "Affected users are contacted."}},
            "disclosed",
        ),
        (
            "fmti-2023",
            "redress-mechanism",
            {"monitoring": {"correction": "Fixed in the next release."}},
            "not_disclosed",
        ),
        (
            "fmti-2023",
            "third-party-mitigations-evaluation",
            {"audits": [{"id": "a", "kind": "external", "auditor": "Example Auditors"}]},
            "disclosed",
        ),
        (
            "fmti-2023",
            "capabilities-evaluation-reproducibility",
            {
                "policy_evaluation": {
                    "results": [
                        {
                            "name": "MMLU",
                            "metric": "accuracy",
                            "value": 0.6,
                            "dataset": {"name": "MMLU"},
                        }
                    ]
                }
            },
            "disclosed",
        ),
        (
            "fmti-2023",
            "capabilities-evaluation-reproducibility",
            {
                "policy_evaluation": {
                    "results": [{"name": "Internal set", "metric": "accuracy", "value": 0.6}]
                }
            },
            "not_disclosed",
        ),
    ],
)
def test_crosswalk_item_status(
    framework_id: str, item_id: str, sections: dict[str, Any], expected: str
) -> None:
    assert _crosswalk_status(framework_id, item_id, make(**sections)) == expected


# Each crosswalk against its official list (every indicator an item or unmapped,
# in its subdomain): tests/coverage/test_official_crosswalks.py.


def _crosswalk_text(framework_id: str) -> str:
    return (
        resources.files("rlhf_disclosure").joinpath(f"data/{framework_id}.yaml").read_text("utf-8")
    )


@pytest.mark.parametrize("framework_id", ["fmti", "fmti-2023", "eu-ai-act", "eu-gpai-code"])
def test_crosswalk_notes_reach_the_items(framework_id: str) -> None:
    raw = yaml.safe_load(_crosswalk_text(framework_id))["items"]
    items = framework(framework_id).items
    noted = [i.id for i in items if i.note]
    assert noted == [e["id"] for e in raw if e.get("note")]
    for item, entry in zip(items, raw, strict=True):
        if item.note:
            assert item.note == " ".join(entry["note"].split())


@pytest.mark.parametrize("framework_id", ["fmti", "fmti-2023", "eu-ai-act", "eu-gpai-code"])
def test_crosswalk_notes_put_paths_in_backticks(framework_id: str) -> None:
    """A bare `[*]` in a note would start Markdown emphasis in `coverage --format md`."""
    for item in framework(framework_id).items:
        outside = re.sub(r"`[^`]*`", "", item.note or "")
        assert "*" not in outside and "_" not in outside, item.id


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"notes": "typo for note"}, "items.0.notes\n  Extra inputs are not permitted"),
        ({"rule": "most"}, "items.0.rule\n  Input should be 'all' or 'any'"),
        (
            {"paths": [{"one_of": ["model.name"]}]},
            "items.0.paths.0._AnyOf.any_of\n  Field required",
        ),
        (
            {"paths": [{"any_of": []}]},
            "items.0.paths.0._AnyOf.any_of\n  List should have at least 1 item",
        ),
    ],
)
def test_a_malformed_crosswalk_entry_is_refused(entry: dict[str, Any], message: str) -> None:
    from rlhf_disclosure.coverage.items import parse_checklist

    base = {
        "id": "x",
        "group": "g",
        "title": "t",
        "question": "q?",
        "rule": "any",
        "paths": ["model"],
    }
    data = {"title": "T", "source": "https://example.org", "items": [{**base, **entry}]}
    with pytest.raises(ValueError, match=re.escape(message)) as info:
        parse_checklist("x", data)
    assert str(info.value).startswith("data/x.yaml: ")


HELD = {"status": "withheld", "reason": "Names and pay are covered by a vendor contract."}
NA_PART = {"status": "not_applicable", "reason": "No people were screened for this work."}


def test_a_section_that_withholds_some_parts_says_so_question_by_question() -> None:
    d = make(
        feedback_collections=[
            _collection(
                "a",
                annotators={
                    "compensation": HELD,
                    "recruitment": NA_PART,
                    "notes": "More later.",
                },
            )
        ],
        policy_evaluation={"results": [], "red_teaming": HELD, "risky_capabilities": []},
    )
    s = {x.item.id: x for x in item_statuses(d)}
    # Each question reads its own field: pay is withheld, recruitment not applicable,
    # and the questions the section says nothing about stay open.
    assert s["annotators"].status == "not_disclosed"
    by_id = {q.question.id: q for q in s["annotators"].questions}
    assert by_id["pay"].status == "withheld"
    assert by_id["pay"].cells[0].places[0].reason == HELD["reason"]
    assert by_id["recruitment"].status == "not_applicable"
    assert by_id["who"].status == "not_disclosed"
    assert s["policy_evaluation"].status == "not_disclosed"
    withheld_only = make(
        feedback_collections=[_collection("a", annotators={"compensation": HELD})],
        policy_evaluation={"red_teaming": HELD, "results": HELD, "risky_capabilities": HELD},
    )
    assert statuses(withheld_only)["policy_evaluation"] == "withheld"


def test_one_answered_question_makes_the_item_partial() -> None:
    d = make(
        feedback_collections=[
            _collection("a", annotators={"compensation": HELD, "count": 40}),
        ],
    )
    assert statuses(d)["annotators"] == "partial"


# --- Several annotator pools in one collection -----------------------------------

CROWD = {
    "name": "crowdworkers via Upwork",
    "workforce": ["crowdworkers"],
    "countries": ["Kenya", "Philippines"],
    "compensation": {"amount": 15, "currency": "USD", "unit": "hour"},
}
WRITERS = {
    "name": "professional writers",
    "workforce": ["contractors"],
    "compensation": HELD,
}


def test_each_annotator_pool_answers_a_path_as_the_single_mapping_does() -> None:
    d = make(feedback_collections=[_collection("prefs", annotators=[CROWD, WRITERS])])
    fmti = {s.item.id: s for s in item_statuses(d, "fmti-2023")}
    labour = fmti["data-labor-use-of-human-labor"]
    assert labour.status == "disclosed"
    assert [(p.path, p.status) for p in labour.parts] == [
        ("feedback_collections[prefs].annotators[crowdworkers via Upwork].workforce", "disclosed"),
        ("feedback_collections[prefs].annotators[professional writers].workforce", "disclosed"),
    ]
    assert labour.parts[1].loc == ("feedback_collections", 0, "annotators", 1, "workforce")
    # A gap in one pool is not hidden by the other, as with two collections.
    geography = fmti["data-labor-geography"]
    assert geography.status == "partial"
    assert [p.status for p in geography.parts] == ["disclosed", "not_disclosed"]
    wages = fmti["data-labor-wages"]
    assert wages.status == "partial"  # one pool paid as stated, one withheld
    assert wages.reasons == (HELD["reason"],)
    # Item 2 itself: each question is read in every pool.
    casper = {s.item.id: s for s in item_statuses(d)}
    assert casper["annotators"].status == "partial"
    pay = {q.question.id: q for q in casper["annotators"].questions}["pay"]
    assert [(p.path, p.status) for p in pay.cells[0].places] == [
        (
            "feedback_collections[prefs].annotators[crowdworkers via Upwork].compensation",
            "disclosed",
        ),
        ("feedback_collections[prefs].annotators[professional writers].compensation", "withheld"),
    ]


def test_a_pool_with_only_its_name_and_withheld_parts_reads_as_a_mapping_does() -> None:
    held = {"compensation": HELD}
    as_mapping = make(feedback_collections=[_collection("a", annotators=held)])
    as_pools = make(
        feedback_collections=[
            _collection("a", annotators=[{"name": "vendor staff", **held}, {"name": "experts"}])
        ]
    )
    assert statuses(as_mapping)["annotators"] == "not_disclosed"
    s = {x.item.id: x for x in item_statuses(as_pools)}
    pay = {q.question.id: q for q in s["annotators"].questions}["pay"]
    assert [p.status for p in pay.cells[0].places] == ["withheld", "not_disclosed"]
    assert s["annotators"].status == "not_disclosed"


@pytest.mark.parametrize("framework_id", FRAMEWORK_IDS)
def test_one_pool_in_a_list_answers_every_item_as_the_mapping_does(framework_id: str) -> None:
    annotators = {k: v for k, v in CROWD.items() if k != "name"}
    single = make(feedback_collections=[_collection("c", annotators=annotators)])
    pooled = make(feedback_collections=[_collection("c", annotators=[CROWD])])
    assert [s.status for s in item_statuses(pooled, framework_id)] == [
        s.status for s in item_statuses(single, framework_id)
    ]


def _family(**sections: object) -> Disclosure:
    model = {"name": "m", "variants": [{"id": "small", "name": "Small"}]}
    return Disclosure.model_validate({"schema_version": 2, "model": model, **sections})


def test_a_section_given_per_variant_is_answered_by_each_variant() -> None:
    both = _family(
        feedback_collections=[
            {
                "id": "c",
                "name": "C",
                "annotators": {
                    "per_variant": {"small": FULL_ANNOTATORS},
                    "otherwise": {**FULL_ANNOTATORS, "count": 400},
                },
            }
        ]
    )
    one_withheld = _family(
        feedback_collections=[
            {
                "id": "c",
                "name": "C",
                "annotators": {
                    "per_variant": {"small": FULL_ANNOTATORS},
                    "otherwise": {"status": "withheld", "reason": "The vendor does not say."},
                },
            }
        ]
    )
    assert statuses(both)["annotators"] == "disclosed"
    assert statuses(one_withheld)["annotators"] == "partial"  # one variant says, one withholds
    for fw in FRAMEWORK_IDS:  # every crosswalk reaches below it without failing
        item_statuses(one_withheld, fw)


# --- Crosswalk entries that read values ---------------------------------------

INTERNAL = {"kind": "internal", "name": "In-house team"}
EXTERNAL = {"kind": "external", "name": "Example Evaluation Institute"}


def _result(name: str, evaluator: dict[str, str] | None) -> dict[str, object]:
    out: dict[str, object] = {"name": name, "value": 0.6}
    if evaluator is not None:
        out["evaluator"] = evaluator
    return out


@pytest.mark.parametrize(
    ("evaluators", "expected"),
    [
        ([EXTERNAL], "disclosed"),
        ([INTERNAL, EXTERNAL], "disclosed"),  # one external evaluator is enough
        ([INTERNAL], "not_disclosed"),  # the FMTI gives no point for the developer alone
        ([INTERNAL, INTERNAL], "not_disclosed"),
        ([None], "not_disclosed"),
    ],
    ids=["external", "mixed", "internal", "all-internal", "unnamed"],
)
def test_third_party_capabilities_needs_an_external_evaluator(
    evaluators: list[dict[str, str] | None], expected: str
) -> None:
    results = [_result(f"r{n}", e) for n, e in enumerate(evaluators)]
    d = make(policy_evaluation={"results": results})
    assert _crosswalk_status("fmti-2023", "third-party-capabilities-evaluation", d) == expected


def _audit(kind: str) -> dict[str, object]:
    return {"id": f"{kind}-audit", "kind": kind, "auditor": f"{kind} auditor"}


@pytest.mark.parametrize("indicator", ["limitations", "risks", "mitigations"])
@pytest.mark.parametrize(
    ("sections", "expected"),
    [
        ({"audits": [_audit("external")]}, "disclosed"),
        ({"audits": [_audit("internal")]}, "not_disclosed"),
        ({"audits": [_audit("internal"), _audit("external")]}, "disclosed"),
        (
            {
                "audits": [_audit("internal")],
                "policy_evaluation": {"red_teaming": {"teams": [EXTERNAL]}},
            },
            "disclosed",
        ),
        ({"policy_evaluation": {"red_teaming": {"teams": [INTERNAL]}}}, "not_disclosed"),
        ({"audits": {"status": "withheld", "reason": "Under NDA."}}, "withheld"),
    ],
    ids=["external-audit", "internal-audit", "both", "external-team", "internal-team", "withheld"],
)
def test_third_party_evaluation_needs_an_external_auditor_or_team(
    indicator: str, sections: dict[str, Any], expected: str
) -> None:
    item_id = {
        "limitations": "third-party-limitations-evaluation",
        "risks": "third-party-risks-evaluation",
        "mitigations": "third-party-mitigations-evaluation",
    }[indicator]
    assert _crosswalk_status("fmti-2023", item_id, make(**sections)) == expected


def test_a_condition_across_all_needs_every_value_to_meet_it() -> None:
    from rlhf_disclosure.coverage.items import Condition

    every = Condition("audits[*]", (("kind", ("external",)),), "all")
    item = one((every,))
    assert item_status(make(audits=[_audit("external")]), item).status == "disclosed"
    mixed = make(audits=[_audit("external"), _audit("internal")])
    assert item_status(mixed, item).status == "partial"
    [place] = [p for p in item_status(mixed, item).parts if p.status == "not_disclosed"]
    assert place.reason == "not kind 'external'"
