"""`coverage`: item statuses per framework in text, JSON and Markdown, with the same
numbers as the rendered reports."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from cli_helpers import REPO, rel, run
from typer.testing import Result

from rlhf_disclosure import load_disclosure
from rlhf_disclosure.coverage import coverage_report, score_line
from rlhf_disclosure.items import FRAMEWORK_IDS, framework, item_statuses, tally
from rlhf_disclosure.render import render

EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))
CHECK = REPO / "tests" / "fixtures" / "check"
FILES = [*EXAMPLES, CHECK / "complete.yaml", CHECK / "withheld-annotators.yaml"]
INVALID = "tests/fixtures/check/invalid.yaml"
WITHHELD = "tests/fixtures/check/withheld-annotators.yaml"
REASON = "The vendor contract forbids publishing who the annotators are or how they were paid."

LABELS = ("[x] disclosed", "[w] withheld", "[-] not applicable", "[ ] not disclosed")


def coverage(*args: str) -> Result:
    return run("coverage", *args)


@pytest.fixture(autouse=True)
def _run_in_repo(in_repo: Path) -> Path:
    return in_repo


def test_every_framework_is_offered() -> None:
    assert FRAMEWORK_IDS == ("casper", "fmti", "eu-ai-act")


# JSON


@pytest.mark.parametrize("framework_id", FRAMEWORK_IDS)
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_json_matches_the_item_statuses(path: Path, framework_id: str) -> None:
    result = coverage("--framework", framework_id, "--format", "json", rel(path))
    assert result.exit_code == 0, result.output
    [doc] = json.loads(result.stdout)
    fw = framework(framework_id)
    statuses = item_statuses(load_disclosure(path), framework_id)
    assert doc["file"] == rel(path)
    assert doc["framework"] == framework_id
    assert doc["title"] == fw.title
    assert [i["id"] for i in doc["items"]] == [item.id for item in fw.items]
    assert [i["number"] for i in doc["items"]] == list(range(1, len(fw.items) + 1))
    assert [i["status"] for i in doc["items"]] == [s.status for s in statuses]
    assert doc["counts"] == tally(statuses)
    assert sum(doc["counts"].values()) == len(fw.items)
    assert doc["score"] == score_line(doc["counts"], len(fw.items))


def test_json_of_several_files_is_one_list_in_order() -> None:
    names = [rel(p) for p in EXAMPLES]
    result = coverage("--format", "json", *names)
    assert result.exit_code == 0
    docs = json.loads(result.stdout)
    assert [d["file"] for d in docs] == names
    assert result.stderr == ""


def test_json_gives_the_reason_and_the_parts_of_a_withheld_item() -> None:
    [doc] = json.loads(coverage("--format", "json", WITHHELD).stdout)
    annotators = doc["items"][1]
    assert annotators["id"] == "annotators"
    assert annotators["status"] == "withheld"
    assert annotators["reasons"] == [REASON]
    assert annotators["parts"] == [
        {"path": "feedback_collections[prefs].annotators", "status": "withheld"}
    ]
    assert doc["counts"] == {
        "disclosed": 10,
        "withheld": 1,
        "not_applicable": 0,
        "not_disclosed": 0,
    }


# The reports show the same numbers


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_reports_show_the_coverage_numbers_of_every_framework(path: Path, fmt: str) -> None:
    report = render(load_disclosure(path), fmt)
    text = html.unescape(report) if fmt == "html" else report
    for framework_id in FRAMEWORK_IDS:
        [doc] = json.loads(
            coverage("--framework", framework_id, "--format", "json", rel(path)).stdout
        )
        total = len(doc["items"])
        assert score_line(doc["counts"], total) in text, (framework_id, doc["score"])


def test_score_line_wording() -> None:
    counts = {"disclosed": 8, "withheld": 2, "not_applicable": 0, "not_disclosed": 1}
    assert score_line(counts, 11) == "disclosed 8/11, withheld 2, not applicable 0, missing 1"  # type: ignore[arg-type]


# Text


@pytest.mark.parametrize("framework_id", FRAMEWORK_IDS)
def test_text_lists_every_item_with_its_status(framework_id: str) -> None:
    path = rel(EXAMPLES[0])
    result = coverage("--framework", framework_id, path)
    assert result.exit_code == 0, result.output
    report = coverage_report(load_disclosure(EXAMPLES[0]), framework_id)
    lines = result.stdout.splitlines()
    assert lines[0] == f"{path}: {score_line(report.counts, len(report.statuses))}"
    assert len(lines) == 1 + len(report.statuses)
    for line, s in zip(lines[1:], report.statuses, strict=True):
        assert line.startswith(f"  {s.item.number:>2}. {s.item.title}")
        label = LABELS[("disclosed", "withheld", "not_applicable", "not_disclosed").index(s.status)]
        assert label in line


def test_text_shows_the_reason_of_a_withheld_item() -> None:
    result = coverage(WITHHELD)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"{WITHHELD}: disclosed 10/11, withheld 1, not applicable 0, missing 0"
    assert re.fullmatch(
        rf"   2\. Selection and training of evaluators +\[w\] withheld: {re.escape(REASON)}",
        lines[2],
    ), lines[2]


@pytest.mark.parametrize("framework_id", FRAMEWORK_IDS)
def test_text_status_column_is_aligned(framework_id: str) -> None:
    """The status labels start in one column, whatever the length of the titles."""
    result = coverage("--framework", framework_id, rel(EXAMPLES[0]))
    columns = {
        line.index(label)
        for line in result.stdout.splitlines()[1:]
        for label in LABELS
        if label in line
    }
    assert len(columns) == 1, sorted(columns)


# Markdown


@pytest.mark.parametrize("framework_id", FRAMEWORK_IDS)
def test_markdown_has_a_heading_the_score_and_a_table_row_per_item(framework_id: str) -> None:
    result = coverage("--framework", framework_id, "--format", "md", WITHHELD)
    assert result.exit_code == 0, result.output
    report = coverage_report(load_disclosure(REPO / WITHHELD), framework_id)
    lines = result.stdout.splitlines()
    assert lines[0] == f"## {WITHHELD}: {framework(framework_id).title}"
    assert lines[2] == f"**{score_line(report.counts, len(report.statuses))}**"
    assert lines[4:6] == ["| # | Item | Status | Reason |", "| ---: | --- | --- | --- |"]
    rows = [line for line in lines[6:] if line.startswith("| ")]
    assert len(rows) == len(report.statuses)
    assert all(line.count(" | ") == 3 for line in rows)


def test_markdown_escapes_pipes_in_reasons(tmp_path: Path) -> None:
    text = (REPO / WITHHELD).read_text(encoding="utf-8")
    changed = text.replace(REASON, "The vendor contract | forbids publishing who they are.")
    path = tmp_path / "d.yaml"
    path.write_text(changed, encoding="utf-8")
    result = coverage("--format", "md", str(path))
    [row] = [line for line in result.stdout.splitlines() if line.startswith("| 2 |")]
    assert row == (
        "| 2 | Selection and training of evaluators | withheld | "
        "The vendor contract \\| forbids publishing who they are. |"
    )


# Errors


def test_unknown_framework_exits_2() -> None:
    result = coverage("--framework", "nist", rel(EXAMPLES[0]))
    assert result.exit_code == 2
    assert result.stderr == (
        "usage error: --framework must be one of casper, fmti, eu-ai-act, not 'nist'\n"
    )
    assert result.stdout == ""


def test_unknown_format_exits_2() -> None:
    result = coverage("--format", "html", rel(EXAMPLES[0]))
    assert result.exit_code == 2
    assert result.stderr == "usage error: --format must be text, json or md, not 'html'\n"


@pytest.mark.parametrize("fmt", ["text", "json", "md"])
def test_invalid_file_exits_1_with_its_issues_on_stderr(fmt: str) -> None:
    result = coverage("--format", fmt, INVALID)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{INVALID}:3:1: error[missing-field] model.name: required field 'name' is missing "
        "(hint: add 'name:' under this mapping)",
        f"{INVALID}:9:14: error[out-of-range] feedback_collections[prefs].annotators.count: "
        "must be at least 0, got -3",
    ]
    if fmt == "json":
        assert json.loads(result.stdout) == []
    else:
        assert result.stdout == ""


def test_invalid_file_among_valid_ones_still_reports_the_valid_ones() -> None:
    result = coverage("--format", "json", INVALID, WITHHELD)
    assert result.exit_code == 1
    assert [d["file"] for d in json.loads(result.stdout)] == [WITHHELD]
    assert result.stderr.startswith(f"{INVALID}:3:1: error[missing-field]")


def test_missing_file_exits_1() -> None:
    result = coverage("nowhere.yaml")
    assert result.exit_code == 1
    assert result.stderr == "nowhere.yaml:1:1: error[file-not-found]: no such file\n"
    assert result.stdout == ""
