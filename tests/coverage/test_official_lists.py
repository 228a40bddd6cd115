"""Well-formedness of the official framework lists in tests/data/frameworks/.

These files transcribe official lists (FMTI indicators, EU AI Act Annex XI and
XII points, the GPAI Code of Practice Model Documentation Form) as data; this
test only checks their shape, not their content against the sources.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

DATA = Path(__file__).resolve().parents[1] / "data" / "frameworks"

# file name -> key holding the entries
LISTS = {
    "fmti-2025-indicators.yaml": "indicators",
    "fmti-2023-indicators.yaml": "indicators",
    "eu-ai-act-annex-xii.yaml": "points",
    "eu-ai-act-annex-xi.yaml": "points",
    "eu-gpai-code-mdf.yaml": "sections",
}


def load(name: str) -> dict[str, Any]:
    doc = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    assert isinstance(doc, dict)
    return doc


def entries(name: str) -> list[dict[str, Any]]:
    doc = load(name)
    if name == "eu-gpai-code-mdf.yaml":
        return [item for section in doc["sections"] for item in section["items"]]
    items: list[dict[str, Any]] = doc[LISTS[name]]
    return items


def entry_name(entry: dict[str, Any]) -> str:
    return str(entry.get("name") or entry.get("title") or entry.get("label") or "")


@pytest.mark.parametrize("name", sorted(LISTS))
def test_header_and_source(name: str) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    assert text.startswith("#"), "file must begin with a comment header"
    source = load(name)["source"]
    assert isinstance(source, dict) and source.get("title")


@pytest.mark.parametrize("name", sorted(LISTS))
def test_unique_ids_and_names(name: str) -> None:
    items = entries(name)
    assert items
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids))
    for item in items:
        assert entry_name(item).strip() == entry_name(item) != ""


@pytest.mark.parametrize("name", sorted(LISTS))
def test_count_matches(name: str) -> None:
    assert load(name)["count"] == len(entries(name))


def test_fmti_2025_count_is_stated_in_header() -> None:
    text = (DATA / "fmti-2025-indicators.yaml").read_text(encoding="utf-8")
    assert "the file has 100 data rows" in text
    assert len(entries("fmti-2025-indicators.yaml")) == 100


def test_fmti_names_unique_within_edition() -> None:
    for name in ("fmti-2025-indicators.yaml", "fmti-2023-indicators.yaml"):
        names = [item["name"] for item in entries(name)]
        assert len(names) == len(set(names))


def test_mdf_audiences_are_known_values_or_unknown() -> None:
    allowed = {"downstream_providers", "ai_office", "national_authorities"}
    for item in entries("eu-gpai-code-mdf.yaml"):
        audiences = item["audiences"]
        assert audiences == "unknown" or (isinstance(audiences, list) and set(audiences) <= allowed)
