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
    ("open-weights", {"release": {"distribution": [{"kind": "open_weights"}]}}, "disclosed"),
    ("open-weights", {"release": {"distribution": [{"kind": "api"}]}}, "not_disclosed"),
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


# EU AI Act: each annex's transcription names, for every point, the crosswalk items
# that map it; the crosswalk must hold exactly those items, in that annex's groups,
# and list every point no item maps under `unmapped:`.

ANNEXES = {"XI": "eu-ai-act-annex-xi.yaml", "XII": "eu-ai-act-annex-xii.yaml"}


def annex_points(annex: str) -> list[dict[str, Any]]:
    doc = yaml.safe_load((DATA / ANNEXES[annex]).read_text(encoding="utf-8"))
    points: list[dict[str, Any]] = doc["points"]
    assert len(points) == doc["count"]
    return points


def test_every_eu_item_maps_a_point_of_its_annex() -> None:
    items = {item.id: item for item in framework("eu-ai-act").items}
    seen: list[str] = []
    for annex in ANNEXES:
        for point in annex_points(annex):
            for item_id in point["crosswalk_ids"]:
                item = items[item_id]
                assert item.group.startswith(f"Annex {annex},"), (item_id, item.group)
                # Annex XI Section 2's points are numbered 2.1 to 2.3 in titles.
                number = point.get("point", point["id"])
                if point.get("section") == 2:
                    number = f"2.{number}"
                assert item.title.startswith(number + " "), (item_id, number)
                seen.append(item_id)
    assert sorted(seen) == sorted(items), "an item maps no point, or two"


def test_every_eu_point_without_an_item_is_unmapped_with_a_reason() -> None:
    unmapped = dict(framework("eu-ai-act").unmapped)
    expected = {
        f"Annex {annex}, Section {p['section']}, point {p['point']}"
        if "section" in p
        else f"Annex {annex}, point {p['point']}"
        for annex in ANNEXES
        for p in annex_points(annex)
        if not p["crosswalk_ids"]
    }
    assert set(unmapped) == expected
    assert all(reason.strip() for reason in unmapped.values())


def test_eu_audiences_follow_the_article() -> None:
    # Annex XI is kept for the AI Office and national authorities (Art. 53(1)(a));
    # Annex XII is given to downstream providers (Art. 53(1)(b)).
    for item in framework("eu-ai-act").items:
        if item.group.startswith("Annex XI,"):
            assert item.audiences == ("ai_office", "national_authorities"), item.id
        else:
            assert item.audiences == ("downstream_providers",), item.id


# The GPAI Code of Practice's Model Documentation Form: every item of the
# transcription is an item of the crosswalk (or unmapped), under its section, with
# its label (after its number where a copy prints one) and the audiences its marks
# give; items whose marks no copy gave have none.

MDF = "eu-gpai-code-mdf.yaml"


def form_items() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    doc = yaml.safe_load((DATA / MDF).read_text(encoding="utf-8"))
    pairs = [(section, item) for section in doc["sections"] for item in section["items"]]
    assert len(pairs) == doc["count"]
    return pairs


def test_every_form_item_is_an_item_or_unmapped() -> None:
    fw = framework("eu-gpai-code")
    ids = [item.id for item in fw.items] + [name for name, _ in fw.unmapped]
    assert sorted(ids) == sorted(item["id"] for _, item in form_items())
    assert [item.id for item in fw.items] == [
        i["id"] for _, i in form_items() if i["id"] in {x.id for x in fw.items}
    ], "items are not in the Form's order"


def test_form_items_keep_their_section_label_number_and_audiences() -> None:
    items = {item.id: item for item in framework("eu-gpai-code").items}
    for section, entry in form_items():
        item = items.get(entry["id"])
        if item is None:
            continue
        assert item.group == section["heading"], entry["id"]
        number = str(entry.get("number") or "")
        label = f"{number} {entry['label']}" if "." in number.rstrip(".") else entry["label"]
        # Only the Form's three "Measurement methodology" items add, in brackets, what
        # they measure.
        assert item.title == label or item.title.startswith(label + " ("), entry["id"]
        audiences = () if entry["audiences"] == "unknown" else tuple(entry["audiences"])
        assert set(item.audiences) == set(audiences), entry["id"]


def test_fmti_2023_model_access_reads_the_channels() -> None:
    api = {"release": {"distribution": [{"kind": "api"}]}}
    weights = {"release": {"distribution": [{"kind": "api"}, {"kind": "open_weights"}]}}
    nothing = {"release": {"distribution": [{"kind": "other", "name": "On request"}]}}

    def at(item_id: str, sections: dict[str, Any]) -> str:
        [item] = [i for i in framework("fmti-2023").items if i.id == item_id]
        return item_status(make(**sections), item).status

    assert at("blackbox-external-model-access", api) == "disclosed"
    assert at("blackbox-external-model-access", nothing) == "not_disclosed"
    assert at("full-external-model-access", api) == "not_disclosed"
    assert at("full-external-model-access", weights) == "disclosed"


@pytest.mark.parametrize("framework_id", ["fmti", "fmti-2023", "eu-ai-act", "eu-gpai-code"])
def test_each_crosswalk_begins_with_its_source_and_how_it_was_derived(framework_id: str) -> None:
    text = (
        Path(__file__).resolve().parents[2] / "rlhf_disclosure" / "data" / f"{framework_id}.yaml"
    ).read_text(encoding="utf-8")
    header = text[: text.index("\ntitle:")]
    assert header.startswith("# Crosswalk: ")
    assert "# Source: " in header and "derived" in header
    assert framework(framework_id).source.startswith("https://")
