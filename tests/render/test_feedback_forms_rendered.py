"""Schema 2's feedback forms reach both reports: every fact of the fixtures that show
them (annotator pools, data handling, feedback shapes) appears in the HTML and the
Markdown report, as written; and hostile text in those fields stays text."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
import yaml

from rlhf_disclosure import load_disclosure
from rlhf_disclosure.render import render
from rlhf_disclosure.schema import Disclosure
from rlhf_disclosure.validation.validate import validate_bytes
from tests.render.test_injection import md_problems, md_to_html, parse_html
from tests.repo import REPO

VALID = REPO / "tests" / "fixtures" / "valid"

SHOWN = {
    "schema2-pools": [
        # A sub-heading per pool, and each pool's own facts under it.
        "crowdworkers via Upwork",
        "professional writers",
        "in-house reviewers",
        "about 300",
        "Upwork",
        "Kenya, Philippines",
        "15 USD per hour",
        "Example Writers Guild",
        "Set in each writer's own contract.",
        # Workload.
        "at most 20",
        "about 450",
        "6 weeks, in sessions of at most 2 hours",
        "No daily quota; a pool member could stop at any time.",
        "Writers wrote the demonstrations for the hardest prompts.",
        # Support: channels, grievance, description.
        "a shared Slack channel with the researchers, weekly office hours",
        "Disputes over rejected work went to a researcher outside the project.",
        "A named coordinator at the guild handled every question.",
        # Demographics with approximate figures, and in words only.
        "survey of about 120",
        "about 55%",
        "at least 40",
        "professional background",
        "Mostly journalists and technical writers with five or more years of experience.",
    ],
    "schema2-data-handling": [
        # Processing: each kind, what was done, the model and its prompt, the sets
        # decontaminated against, and what was removed (count and share).
        "Filtering",
        "Dropped conversations shorter than two turns.",
        "about 3,000",
        "Deduplication",
        "(7%)",
        "Model scoring",
        "Example-70B-Judge",
        "Score each response for helpfulness from 1 to 10.",
        "2,500",
        "Decontamination",
        "MT-Bench, AlpacaEval 2.0",
        "Anonymisation",
        "Synthetic generation",
        "Example-405B-Instruct",
        "Write a helpful, harmless answer to the user's request.",
        "A human read a sample of 500 and corrected 31.",
        # The mix, exact and approximate shares.
        "open-ended chat",
        "45%",
        "18,000",
        "30%",
        "Python and JavaScript questions.",
        "about 25%",
        "The category breakdown is commercially sensitive.",
        # Splits and known defects.
        "held-out test",
        "38,000",
        "about 2,000",
        "Split by prompt, so no prompt is in both.",
        "About 3% of the pairs have the preferred response mislabelled.",
        "Coding prompts over-represent Python.",
        "No defects were found in the review.",
    ],
    "schema2-feedback-shapes": [
        # A bipolar comparison scale, with what its ends and its middle mean.
        "scale 1 (A much better) to 9 (B much better), midpoint: about the same",
        # Several attributes, each on its own scale (one withheld).
        "helpfulness",
        "1 (not helpful) to 5 (very helpful)",
        "How well the response answers the prompt.",
        "factuality",
        "0 to 2",
        "verbosity",
        "The verbosity scale is still being revised.",
        # Categorical labels with the share or count of each.
        "safe",
        "88%",
        "44,000",
        "unsafe",
        "about 12%",
        "The response helps with a harmful request.",
        "unclear",
        "less than 50",
        # Volume per batch, with dates.
        "batch 1",
        "2023-04 to 2023-05",
        "20,000",
        "6,000",
        "Responses sampled from the SFT model.",
        "batch 2",
        "from 2023-07",
        "about 32,000",
        "9,000",
        "Responses sampled from the first RLHF model.",
        "pilot",
        "Pilot prompts are reused in the evaluation set.",
        # Statuses in place of a scale, the labels and the volume, with their reasons.
        "The harm scale is shared with the vendor only.",
        "Label shares would reveal the red-team targets.",
        "The number of safety labels is not published.",
    ],
}

HEADINGS = {
    "schema2-pools": {
        "html": [
            "<h5>crowdworkers via Upwork</h5>",
            "<h5>professional writers</h5>",
            "<h5>in-house reviewers</h5>",
        ],
        "md": [
            "##### crowdworkers via Upwork",
            "##### professional writers",
            "##### in-house reviewers",
        ],
    },
}


@cache
def report(name: str, fmt: str) -> str:
    return render(load_disclosure(VALID / f"{name}.yaml"), fmt)  # type: ignore[arg-type]


@cache
def report_text(name: str, fmt: str) -> str:
    """A report's text as a reader sees it: markup parsed away, whitespace collapsed."""
    html = report(name, fmt) if fmt == "html" else md_to_html(report(name, fmt))
    return parse_html(html).text


def _flat(text: str) -> str:
    return " ".join(text.split()).casefold()


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize("name", sorted(SHOWN))
def test_each_new_fact_is_in_both_reports(name: str, fmt: str) -> None:
    text = report_text(name, fmt)
    missing = [fact for fact in SHOWN[name] if _flat(fact) not in text]
    assert missing == []


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize("name", sorted(HEADINGS))
def test_each_pool_has_a_sub_heading(name: str, fmt: str) -> None:
    out = report(name, fmt)
    missing = [h for h in HEADINGS[name][fmt] if h not in out]
    assert missing == []
    # In the order of the file, under 'Who gave the feedback'.
    where = [out.index(h) for h in HEADINGS[name][fmt]]
    assert where == sorted(where)
    assert out.index("Who gave the feedback") < where[0]


def test_a_pool_that_says_only_its_name_shows_not_disclosed() -> None:
    out = report("schema2-pools", "md")
    after = out[out.index("##### in-house reviewers") :]
    assert after.split("\n\n")[1] == "> ✗ **Not disclosed**"


# --- Hostile text in the new fields ---------------------------------------------

PAYLOAD = "<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))"
SKIP_KEYS = frozenset({"id", "url", "currency", "unit", "schema_version"})


def _strings(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, (*path, index))
    elif isinstance(node, str) and not (path and path[-1] in SKIP_KEYS):
        yield path


def _set(node: Any, path: tuple[Any, ...], value: Any) -> None:
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        node = node[step]
    return node


def hostile(name: str) -> tuple[Disclosure, list[str]]:
    """The fixture with a marker and the payload appended to every text value under
    `feedback_collections` and `datasets` (enum values, which refuse it, are left)."""
    data = yaml.safe_load((VALID / f"{name}.yaml").read_bytes())
    markers = []
    for n, path in enumerate(
        p for p in _strings(data) if p[0] in ("feedback_collections", "datasets")
    ):
        trial = copy.deepcopy(data)
        marker = f"zq{n:04d}"
        _set(trial, path, f"{_get(trial, path)} {marker} {PAYLOAD}")
        try:
            Disclosure.model_validate(trial)
        except ValueError:
            continue  # an enum or another field that takes no free text
        data, markers = trial, [*markers, marker]
    return Disclosure.model_validate(data), markers


@pytest.mark.parametrize("name", sorted(SHOWN))
def test_hostile_text_in_the_new_fields_stays_text(name: str) -> None:
    model, markers = hostile(name)
    assert len(markers) >= 10
    html, md = render(model, "html"), render(model, "md")
    parsed = parse_html(html)
    assert not [t for t, _ in parsed.elements if t in ("script", "img")]
    assert not [(t, a) for t, attrs in parsed.elements for a, _ in attrs if a.startswith("on")]
    assert not re.search(r'href="javascript:', html, re.IGNORECASE)
    assert md_problems(md) == []
    for fmt, text in (("html", parsed.text), ("md", parse_html(md_to_html(md)).text)):
        lost = [m for m in markers if m not in text]
        assert lost == [], fmt
        assert _flat("<script>alert(1)</script>") in text, fmt


# --- Values per variant in the new fields ------------------------------------------

PER_VARIANT = """\
schema_version: 2
model:
  name: Family-70B
  variants:
    - {id: family-8b, name: Family-8B, kind: size}
feedback_collections:
  - id: prefs
    name: Preference comparisons
    annotators:
      - name: crowdworkers
        workload: {per_variant: {family-8b: {hours_per_person: 5}}, otherwise: {hours_per_person: 9}}
        demographics:
          - dimension: age
            categories: {per_variant: {family-8b: [{category: "18-29", share: 0.5}]}}
    feedback_type:
      kinds:
        - kind: rating
          scale: {per_variant: {family-8b: {min: 1, max: 5, low_label: poor}}}
          attributes: {per_variant: {family-8b: [{name: "PAYLOAD"}]}}
    volume:
      batches: {per_variant: {family-8b: [{name: "PAYLOAD", comparisons: 5000}]}}
    mix: {per_variant: {family-8b: [{category: "PAYLOAD", share: 0.9}]}}
    known_defects: {per_variant: {family-8b: ["PAYLOAD"]}}
"""


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_values_per_variant_in_the_new_fields_are_shown_field_by_field(fmt: str) -> None:
    text = PER_VARIANT.replace("PAYLOAD", "zqmark <script>alert(1)</script>")
    result = validate_bytes(text.encode("utf-8"))
    assert result.disclosure is not None, result.issues
    out = render(result.disclosure, fmt)  # type: ignore[arg-type]
    shown = _flat(parse_html(out if fmt == "html" else md_to_html(out)).text)
    # A field list in HTML, 'name: value' in Markdown: compared without the colons.
    bare = shown.replace(":", "")
    for fact in (
        "hours per person 5",
        "hours per person 9",
        "category: 18-29, share: 0.5",
        "family-8b: 1 (poor) to 5",
        "comparisons: 5,000",
        "share: 0.9",
    ):
        assert _flat(fact).replace(":", "") in bare, fact
    # User text in a list given per variant is escaped like any other: no repr of
    # the model, no live markup, in either format.
    assert "name='" not in shown and "category='" not in shown
    assert shown.count("zqmark <script>alert(1)</script>") == 4
    if fmt == "html":
        assert not [t for t, _ in parse_html(out).elements if t == "script"]
    else:
        assert md_problems(out) == []
