"""`coverage --framework all`: one table per file, a row per framework, with the same
numbers as `coverage --framework ID` prints for each."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from rlhf_disclosure.coverage.items import FRAMEWORK_IDS, framework
from tests.cli_helpers import run
from tests.repo import REPO, rel

EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))
INVALID = "tests/fixtures/check/invalid.yaml"


def coverage(*args: str) -> Result:
    return run("coverage", *args)


@pytest.fixture(autouse=True)
def _run_in_repo(in_repo: Path) -> Path:
    return in_repo


def score_of(path: Path, framework_id: str) -> str:
    """The score line `coverage --framework ID` prints first for one file."""
    out = coverage("--framework", framework_id, rel(path)).stdout
    return out.splitlines()[0].split(": ", 1)[1]


def numbers(score: str) -> dict[str, str]:
    """The figures of a score line, by name."""
    found = re.match(
        r"disclosed (\d+/\d+), partial (\d+), withheld (\d+), not applicable (\d+), "
        r"missing (\d+); questions answered (\d+/\d+)$",
        score,
    )
    assert found, score
    keys = ("disclosed", "partial", "withheld", "n/a", "missing", "questions")
    return dict(zip(keys, found.groups(), strict=True))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_each_row_has_the_numbers_of_that_frameworks_own_score(path: Path) -> None:
    result = coverage("--framework", "all", rel(path))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"{rel(path)}:"
    assert lines[1].split()[:2] == ["Framework", "Disclosed"]
    rows = lines[2 : 2 + len(FRAMEWORK_IDS)]
    for row, framework_id in zip(rows, FRAMEWORK_IDS, strict=True):
        name = framework(framework_id).name
        assert row.startswith(f"  {name} ")
        cells = row[len(name) + 2 :].split()
        want = numbers(score_of(path, framework_id))
        assert cells[:6] == [want[k] for k in ("disclosed", "partial", "withheld", "n/a")] + [
            want["missing"],
            want["questions"],
        ]
        assert re.fullmatch(r"\d+(\.\d)?%", cells[6])
    assert all(len(line) <= 100 for line in lines)


def test_json_lists_every_framework_with_its_score() -> None:
    paths = [rel(p) for p in EXAMPLES[:2]]
    result = coverage("--framework", "all", "--format", "json", *paths)
    assert result.exit_code == 0, result.output
    docs = json.loads(result.stdout)
    assert [d["file"] for d in docs] == paths
    for doc, path in zip(docs, EXAMPLES[:2], strict=True):
        assert [f["framework"] for f in doc["frameworks"]] == list(FRAMEWORK_IDS)
        for entry in doc["frameworks"]:
            assert entry["score"] == score_of(path, entry["framework"])
            assert entry["items"] == len(framework(entry["framework"]).items)
            assert entry["applicable"] == entry["items"] - entry["counts"]["not_applicable"]


def test_markdown_is_one_table_per_file() -> None:
    result = coverage("--framework", "all", "--format", "md", rel(EXAMPLES[0]))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"## Coverage of {rel(EXAMPLES[0])}"
    table = [line for line in lines if line.startswith("|")]
    assert len(table) == 2 + len(FRAMEWORK_IDS)
    assert all(line.count("|") == table[0].count("|") for line in table)


def test_an_invalid_file_is_reported_and_fails() -> None:
    result = coverage("--framework", "all", rel(EXAMPLES[0]), INVALID)
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{rel(EXAMPLES[0])}:")
    assert "invalid.yaml" in result.stderr


def test_an_unknown_framework_names_all_among_the_choices() -> None:
    result = coverage("--framework", "everything", rel(EXAMPLES[0]))
    assert result.exit_code == 2
    assert ", eu-gpai-code, all, not 'everything'" in result.stderr


@pytest.mark.parametrize("framework_id", [*FRAMEWORK_IDS, "all"])
def test_the_examples_scores_per_framework_are_the_golden_ones(
    framework_id: str, golden: Callable[[str, Path], None]
) -> None:
    """Every bundled example's coverage, per framework and all at once, as text: a
    change to a crosswalk or an example shows in review as a change of score."""
    result = coverage("--framework", framework_id, *(rel(p) for p in EXAMPLES))
    assert result.exit_code == 0, result.output
    golden(result.stdout, REPO / "tests" / "golden" / "coverage" / f"examples-{framework_id}.txt")


def test_the_readme_gives_each_example_its_score_in_every_framework() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("| Example | " + " | ".join(framework(f).name for f in FRAMEWORK_IDS))
    table = readme[start:].split("\n\n", 1)[0].splitlines()[2:]
    rows = {cells[0].strip("` "): cells[1:] for cells in (r.strip("|").split("|") for r in table)}
    assert sorted(rows) == sorted(rel(p) for p in EXAMPLES)
    for path in EXAMPLES:
        want = [numbers(score_of(path, f))["disclosed"] for f in FRAMEWORK_IDS]
        got = [c.split()[0] for c in rows[rel(path)]]
        assert got == want, rel(path)
