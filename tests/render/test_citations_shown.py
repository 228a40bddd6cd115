"""Every citation in a file reaches both reports next to its facts: the document
(by its title from the references list), the locator and the note."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from rlhf_disclosure import load_disclosure
from rlhf_disclosure.render import render
from rlhf_disclosure.schema.base import Citation
from tests.repo import REPO

FILES = sorted((REPO / "examples").glob("*.yaml")) + sorted(
    (REPO / "tests" / "fixtures" / "valid").glob("*.yaml")
)


def cites(data: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """(path, citation) for every `cite` entry in the data, at any depth."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "cite" and isinstance(value, list):
                for c in value:
                    if isinstance(c, dict):
                        yield f"{where}.cite", c
            else:
                yield from cites(value, f"{where}.{key}")
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from cites(item, f"{where}[{index}]")


def text_of(report: str, fmt: str) -> str:
    if fmt == "html":
        report = re.sub(r"<[^>]+>", " ", report)
        report = html.unescape(report)
    return " ".join(report.replace("\\", "").split())


def _words(text: str) -> str:
    return " ".join(text.split())


CITING = [p for p in FILES if "cite:" in p.read_text(encoding="utf-8")]


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize("path", CITING, ids=lambda p: p.stem)
def test_every_citation_is_shown(path: Path, fmt: str) -> None:
    found = list(cites(yaml.safe_load(path.read_text(encoding="utf-8"))))
    shown = text_of(render(load_disclosure(path), fmt), fmt)
    lost = [
        (where, part)
        for where, c in found
        for part in (c.get("locator"), c.get("note"))
        if isinstance(part, str) and _words(part) not in shown
    ]
    assert lost == []


def _every_fact_mapping(value: Any) -> Iterator[BaseModel]:
    """Every model in a loaded disclosure that can cite its sources."""
    if isinstance(value, BaseModel):
        if "cite" in type(value).model_fields:
            yield value
        for name in type(value).model_fields:
            yield from _every_fact_mapping(getattr(value, name))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _every_fact_mapping(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _every_fact_mapping(item)


RICH = [
    p
    for p in FILES
    if p.stem in {"tulu3", "oasst", "instructgpt", "closed-withheld"}
    or p.stem.startswith("schema2-")
]


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize("path", RICH, ids=lambda p: p.stem)
def test_a_citation_on_any_mapping_is_shown(path: Path, fmt: str) -> None:
    """Each mapping that holds facts gets a citation with a locator of its own; each
    locator must reach the report (a mapping the report does not show at all, such as
    a model's identity shown in the title, is named in SHOWN_ELSEWHERE)."""
    d = load_disclosure(path)
    mappings = [m for m in _every_fact_mapping(d) if type(m).__name__ not in SHOWN_ELSEWHERE]
    for n, m in enumerate(mappings):
        object.__setattr__(m, "cite", [Citation(ref="src", locator=f"zloc{n:04d}")])
    shown = text_of(render(d, fmt), fmt)
    lost = sorted({type(m).__name__ for n, m in enumerate(mappings) if f"zloc{n:04d}" not in shown})
    assert lost == []


SHOWN_ELSEWHERE: frozenset[str] = frozenset()
