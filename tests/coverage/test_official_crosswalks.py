"""The FMTI crosswalks against the official indicator lists of their edition.

tests/data/frameworks/ transcribes the official lists (fmti-2025-indicators.yaml
for the December 2025 edition, crosswalk id `fmti`; fmti-2023-indicators.yaml
for the 2023/2024 edition, id `fmti-2023`). Every item of a crosswalk must be an
indicator of its edition, in that indicator's subdomain, and every indicator
must be an item or be listed under the file's `unmapped:` with a reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from rlhf_disclosure.coverage.items import framework
from rlhf_disclosure.coverage.status import item_status
from rlhf_disclosure.schema import Disclosure

DATA = Path(__file__).resolve().parents[1] / "data" / "frameworks"

EDITIONS = {"fmti": "fmti-2025-indicators.yaml", "fmti-2023": "fmti-2023-indicators.yaml"}


def indicators(framework_id: str) -> dict[str, str]:
    """Indicator name -> subdomain, for the edition of a crosswalk."""
    doc = yaml.safe_load((DATA / EDITIONS[framework_id]).read_text(encoding="utf-8"))
    return {entry["name"]: entry["subdomain"] for entry in doc["indicators"]}


@pytest.mark.parametrize("framework_id", sorted(EDITIONS))
def test_every_item_is_an_indicator_of_its_edition_and_subdomain(framework_id: str) -> None:
    official = indicators(framework_id)
    for item in framework(framework_id).items:
        assert item.title in official, (framework_id, item.id, item.title)
        assert item.group == official[item.title], (framework_id, item.id, item.group)


@pytest.mark.parametrize("framework_id", sorted(EDITIONS))
def test_every_indicator_is_an_item_or_unmapped_with_a_reason(framework_id: str) -> None:
    fw = framework(framework_id)
    titles = [item.title for item in fw.items]
    unmapped = [name for name, _ in fw.unmapped]
    assert len(set(titles)) == len(titles), "an indicator is mapped twice"
    assert len(set(unmapped)) == len(unmapped), "an indicator is listed twice as unmapped"
    assert not set(titles) & set(unmapped), "an indicator is both mapped and unmapped"
    assert set(unmapped) <= set(indicators(framework_id)), "unmapped names an unknown indicator"
    missing = set(indicators(framework_id)) - set(titles) - set(unmapped)
    assert missing == set()
    assert all(reason.strip() for _, reason in fw.unmapped)


def test_counts_add_up_to_the_hundred_indicators() -> None:
    for framework_id in EDITIONS:
        fw = framework(framework_id)
        assert len(fw.items) + len(fw.unmapped) == 100, framework_id


@pytest.mark.parametrize("framework_id", sorted(EDITIONS))
def test_questions_end_with_a_question_mark(framework_id: str) -> None:
    for item in framework(framework_id).items:
        assert item.question.endswith("?"), item.id


def test_the_2025_header_names_its_source() -> None:
    text = (
        Path(__file__).resolve().parents[2] / "rlhf_disclosure" / "data" / "fmti.yaml"
    ).read_text(encoding="utf-8")
    assert "Dec2025/Dec2025_indicators.csv" in text
    assert "e90f521e5222028fac08253d6483ef05f18158d9" in text
    assert "e90f521e5222028fac08253d6483ef05f18158d9" in framework("fmti").source


# Value-conditioned indicators of the 2025 edition: a small disclosure that meets
# each, and one that misses it.


def make(**sections: object) -> Disclosure:
    return Disclosure.model_validate({"schema_version": 2, "model": {"name": "m"}, **sections})


def status(item_id: str, d: Disclosure) -> str:
    [item] = [i for i in framework("fmti").items if i.id == item_id]
    return item_status(d, item).status


def _prompts(*kinds: str) -> dict[str, Any]:
    sources = [{"kind": kind, "description": f"{kind} prompts."} for kind in kinds]
    return {
        "feedback_collections": [
            {"id": "a", "name": "a", "example_selection": {"prompt_sources": sources}}
        ]
    }


def _dataset_steps(*kinds: str) -> dict[str, Any]:
    steps = [{"kind": kind, "description": f"A {kind} step."} for kind in kinds]
    return {"datasets": [{"id": "d", "name": "d", "kind": "preference", "processing": steps}]}


def _audit(kind: str) -> dict[str, Any]:
    return {"audits": [{"id": "a", "kind": kind, "auditor": "Example Auditors"}]}


def _red_team(kind: str) -> dict[str, Any]:
    return {"policy_evaluation": {"red_teaming": {"teams": [{"kind": kind, "name": "Team"}]}}}


CONDITIONED = [
    ("public-datasets", _prompts("labeler_written", "public_dataset"), "disclosed"),
    ("public-datasets", _prompts("labeler_written"), "not_disclosed"),
    ("synthetic-data-sources", _prompts("synthetic"), "disclosed"),
    ("synthetic-data-sources", _dataset_steps("filtering", "synthetic_generation"), "disclosed"),
    ("synthetic-data-sources", _prompts("user_traffic"), "not_disclosed"),
    ("synthetic-data-sources", _dataset_steps("filtering"), "not_disclosed"),
    ("synthetic-data-purpose", _dataset_steps("synthetic_generation"), "disclosed"),
    ("synthetic-data-purpose", _dataset_steps("filtering"), "not_disclosed"),
    ("train-test-overlap", _dataset_steps("decontamination"), "disclosed"),
    ("train-test-overlap", _dataset_steps("deduplication"), "not_disclosed"),
    ("pre-deployment-risk-evaluation", _audit("external"), "disclosed"),
    ("pre-deployment-risk-evaluation", _red_team("external"), "disclosed"),
    ("pre-deployment-risk-evaluation", _audit("internal"), "not_disclosed"),
    ("pre-deployment-risk-evaluation", _red_team("internal"), "not_disclosed"),
    ("external-risk-evaluation", _audit("external"), "disclosed"),
    ("external-risk-evaluation", _red_team("external"), "disclosed"),
    ("external-risk-evaluation", _audit("internal"), "not_disclosed"),
    ("external-risk-evaluation", _red_team("internal"), "not_disclosed"),
]


@pytest.mark.parametrize(("item_id", "sections", "expected"), CONDITIONED)
def test_value_conditioned_2025_indicators(
    item_id: str, sections: dict[str, Any], expected: str
) -> None:
    assert status(item_id, make(**sections)) == expected


def test_every_value_conditioned_2025_indicator_is_tested_both_ways() -> None:
    from rlhf_disclosure.coverage.items import Condition

    conditioned = {
        item.id
        for item in framework("fmti").items
        for q in item.questions
        for entry in q.paths
        for target in (entry if isinstance(entry, tuple) else (entry,))
        if isinstance(target, Condition)
    }
    met = {i for i, _, e in CONDITIONED if e == "disclosed"}
    missed = {i for i, _, e in CONDITIONED if e != "disclosed"}
    assert conditioned == met == missed
