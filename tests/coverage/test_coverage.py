"""`coverage`: item statuses per framework in text, JSON and Markdown, with the same
numbers as the rendered reports."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import Result

from rlhf_disclosure import load_disclosure
from rlhf_disclosure.coverage.items import FRAMEWORK_IDS, framework
from rlhf_disclosure.coverage.report import coverage_report, score_line
from rlhf_disclosure.coverage.status import item_statuses, tally
from rlhf_disclosure.render import render
from tests.cli_helpers import run
from tests.repo import REPO, rel

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
    assert FRAMEWORK_IDS == ("casper", "fmti", "fmti-2023", "eu-ai-act", "eu-gpai-code")


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
    asked = (doc["questions"]["answered"], doc["questions"]["asked"])
    assert asked == (sum(s.answered for s in statuses), sum(s.asked for s in statuses))
    assert doc["score"] == score_line(doc["counts"], len(fw.items), asked)


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
    assert {(p["path"], p["status"]) for p in annotators["parts"]} == {
        ("feedback_collections[prefs].annotators", "withheld")
    }
    assert [q["id"] for q in annotators["questions"]] == [
        "who",
        "how_many",
        "recruitment",
        "training",
        "pay",
        "demographics",
        "geography",
        "wellbeing",
    ]
    assert {q["status"] for q in annotators["questions"]} == {"withheld"}
    assert annotators["questions"][0]["parts"] == [
        {"part": "feedback_collections[prefs]", "status": "withheld"}
    ]
    assert doc["counts"] == {
        "disclosed": 10,
        "partial": 0,
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
        asked = (doc["questions"]["answered"], doc["questions"]["asked"])
        assert score_line(doc["counts"], total, asked) in text, (framework_id, doc["score"])


def test_score_line_wording() -> None:
    counts = {"disclosed": 7, "partial": 2, "withheld": 1, "not_applicable": 0, "not_disclosed": 1}
    assert (
        score_line(counts, 11, (41, 58))  # type: ignore[arg-type]
        == "disclosed 7/11, partial 2, withheld 1, not applicable 0, missing 1; "
        "questions answered 41/58"
    )


# Text


@pytest.mark.parametrize("framework_id", FRAMEWORK_IDS)
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_text_is_the_reports_text_layout(path: Path, framework_id: str) -> None:
    result = coverage("--framework", framework_id, rel(path))
    assert result.exit_code == 0, result.output
    report = coverage_report(load_disclosure(path), framework_id)
    assert result.stdout == report.text(rel(path))


def test_text_shows_the_reason_of_a_withheld_item() -> None:
    result = coverage(WITHHELD)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"{WITHHELD}: disclosed 10/11, partial 0, withheld 1, not applicable 0, missing 0; "
        "questions answered 28/36"
    )
    assert re.fullmatch(
        r"   2\. Selection and training of evaluators +\[w\] withheld \(reason 1\)", lines[2]
    ), lines[2]
    assert lines[-2:] == ["  Reasons given in the file:", f"   1. {REASON}"]


def test_text_of_several_files_follows_their_order() -> None:
    names = [rel(p) for p in EXAMPLES]
    result = coverage("--framework", "fmti-2023", *names)
    assert result.exit_code == 0
    heads = [line.split(":")[0] for line in result.stdout.splitlines() if not line.startswith(" ")]
    assert [h for h in heads if h] == names


# Markdown


@pytest.mark.parametrize("framework_id", FRAMEWORK_IDS)
def test_markdown_has_a_heading_the_score_and_a_table_row_per_item(framework_id: str) -> None:
    result = coverage("--framework", framework_id, "--format", "md", WITHHELD)
    assert result.exit_code == 0, result.output
    report = coverage_report(load_disclosure(REPO / WITHHELD), framework_id)
    lines = result.stdout.splitlines()
    assert lines[0] == f"## {WITHHELD}: {framework(framework_id).title}"
    assert lines[2] == f"**{report.score}**"
    notes = any(item.note for item in framework(framework_id).items)
    assert lines[4:6] == (
        ["| # | Item | Status | Reason or gaps | Note |", "| ---: | --- | --- | --- | --- |"]
        if notes
        else ["| # | Item | Status | Reason or gaps |", "| ---: | --- | --- | --- |"]
    )
    rows = [line for line in lines[6:] if line.startswith("| ")]
    assert len(rows) == len(report.statuses)
    assert all(line.count(" | ") == (4 if notes else 3) for line in rows)


def _with_reason(tmp_path: Path, reason_yaml: str) -> Path:
    """withheld-annotators.yaml with another reason (given as YAML text) for the annotators."""
    text = (REPO / WITHHELD).read_text(encoding="utf-8")
    changed = text.replace(f"      reason: {REASON}", f"      reason: {reason_yaml}")
    assert changed != text
    path = tmp_path / "d.yaml"
    path.write_text(changed, encoding="utf-8")
    return path


def test_markdown_lists_each_reason_once_below_the_table(tmp_path: Path) -> None:
    path = _with_reason(tmp_path, "The vendor contract | forbids publishing who they are.")
    lines = coverage("--format", "md", str(path)).stdout.splitlines()
    [row] = [line for line in lines if line.startswith("| 2 |")]
    assert row == "| 2 | Selection and training of evaluators | withheld | reason 1 |"
    assert lines[-4:] == [
        "Reasons given in the file:",
        "",
        "1. The vendor contract \\| forbids publishing who they are.",
        "",
    ]


def test_markdown_shares_one_reason_between_fmti_rows() -> None:
    """One withheld section answers several FMTI indicators: its reason is printed once."""
    result = coverage("--framework", "fmti-2023", "--format", "md", "examples/closed-withheld.yaml")
    out = result.stdout
    assert out.count("to protect them from targeted harassment") == 1
    [n] = [
        line.split(".")[0]
        for line in out.splitlines()
        if line[:1].isdigit() and "targeted harassment" in line
    ]
    cited = re.compile(rf"reasons? (\d+, )*{n}\b")
    rows = [line for line in out.splitlines() if line.startswith("| ") and cited.search(line)]
    assert len(rows) > 3


@pytest.mark.parametrize(
    ("reason", "absent", "present"),
    [
        (
            '"<script>alert(1)</script> was found in the vendor contract, so it stays private."',
            "<script>",
            "&lt;script&gt;alert(1)&lt;/script&gt;",
        ),
        (
            '"The vendor contract forbids it <img src=x onerror=alert(1)> in every case."',
            "<img",
            "&lt;img src=x onerror=alert(1)&gt;",
        ),
        (
            '"The vendor contract forbids it; see [the contract](javascript:alert(1)) here."',
            "[the contract](javascript:",
            "\\](javascript:alert(1))",
        ),
        (
            '"The vendor contract forbids it ![tracker](https://evil.example/pixel.png) here."',
            "![tracker]",
            "!\\[tracker]",
        ),
    ],
    ids=["script", "img", "javascript-link", "image"],
)
@pytest.mark.parametrize("framework_id", ["casper", "fmti-2023"])
def test_markdown_escapes_html_and_unsafe_markdown_in_reasons(
    tmp_path: Path, framework_id: str, reason: str, absent: str, present: str
) -> None:
    path = _with_reason(tmp_path, reason)
    result = coverage("--framework", framework_id, "--format", "md", str(path))
    assert result.exit_code == 0, result.output
    assert absent not in result.stdout
    assert present in result.stdout


def test_markdown_escapes_html_in_the_file_name(tmp_path: Path) -> None:
    source = (REPO / WITHHELD).read_text(encoding="utf-8")
    path = tmp_path / "<b>bold.yaml"
    path.write_text(source, encoding="utf-8")
    result = coverage("--format", "md", str(path))
    assert result.exit_code == 0, result.output
    assert "<b>" not in result.stdout
    assert result.stdout.startswith("## ") and "&lt;b&gt;bold.yaml:" in result.stdout


def test_markdown_shows_the_crosswalk_notes() -> None:
    result = coverage("--framework", "fmti-2023", "--format", "md", WITHHELD)
    rows = {
        line.split(" | ")[1]: line for line in result.stdout.splitlines() if line.startswith("| ")
    }
    for item in framework("fmti-2023").items:
        assert rows[item.title].endswith(f" | {item.note} |" if item.note else " | — |")


@pytest.mark.parametrize("framework_id", ["fmti", "fmti-2023", "eu-ai-act", "eu-gpai-code"])
def test_json_gives_each_items_note(framework_id: str) -> None:
    [doc] = json.loads(coverage("--framework", framework_id, "--format", "json", WITHHELD).stdout)
    notes = {i["id"]: i["note"] for i in doc["items"]}
    assert notes == {item.id: item.note for item in framework(framework_id).items}
    assert any(notes.values()) and None in notes.values()


# Text, as laid out by the library (CoverageReport.text)

ROW = re.compile(r"  [ \d]\d\. ")


def _text(path: Path, framework_id: str) -> str:
    return coverage_report(load_disclosure(path), framework_id).text(
        rel(path) if path.is_relative_to(REPO) else path.name
    )


MULTILINE = """|
        The vendor contract forbids publishing who the annotators are.
        <b>Nothing</b> about their pay can be shared either.

        A second paragraph, with a long sentence that goes on and on and on, well past the width of any terminal window, and a URL https://example.org/a/very/long/path/that/cannot/be/broken/anywhere/at/all/because/it/is/one/word."""


@pytest.mark.parametrize("framework_id", ["casper", "fmti-2023"])
def test_text_keeps_a_multiline_reason_out_of_the_table(tmp_path: Path, framework_id: str) -> None:
    path = _with_reason(tmp_path, MULTILINE)
    report = coverage_report(load_disclosure(path), framework_id)
    lines = _text(path, framework_id).splitlines()
    assert lines[0] == f"d.yaml: {report.score}"
    rows = lines[1 : 1 + len(report.statuses)]
    assert all(ROW.match(row) for row in rows), rows
    labels = {row.index(label) for row in rows for label in LABELS if label in row}
    assert len(labels) == 1
    # below the table: nothing starts at column 0, and only the URL runs past the width
    rest = lines[1 + len(report.statuses) :]
    assert all(line == "" or line.startswith("  ") for line in rest), rest
    assert [line for line in rest if len(line) > 100] == [
        "      https://example.org/a/very/long/path/that/cannot/be/broken/anywhere/at/all/because/it/is/one/word."
    ]
    start = rest.index("  Reasons given in the file:")
    assert rest[start + 1 : start + 6] == [
        "   1. The vendor contract forbids publishing who the annotators are. <b>Nothing</b> about their pay",
        "      can be shared either.",
        "      A second paragraph, with a long sentence that goes on and on and on, well past the width of",
        "      any terminal window, and a URL",
        "      https://example.org/a/very/long/path/that/cannot/be/broken/anywhere/at/all/because/it/is/one/word.",
    ]


def test_text_shows_control_characters_as_escapes(tmp_path: Path) -> None:
    reason = '"The vendor contract \\e[2J forbids publishing \\u202ewho they are."'
    path = _with_reason(tmp_path, reason)
    text = _text(path, "casper")
    assert "\x1b" not in text and "\u202e" not in text
    assert "   1. The vendor contract \\x1b[2J forbids publishing \\u202ewho they are." in text


def test_text_lists_each_reason_once_and_refers_to_it_by_number() -> None:
    path = REPO / "examples" / "closed-withheld.yaml"
    text = _text(path, "fmti-2023")
    assert " ".join(text.split()).count("to protect them from targeted harassment") == 1
    lines = text.splitlines()
    start = lines.index("  Reasons given in the file:")
    [first] = [
        i for i in range(start + 1, len(lines)) if "The number, location, vendor" in lines[i]
    ]
    n = int(lines[first].split(".")[0])
    [labor] = [line for line in lines if ". Use of human labor *" in line]
    assert labor.endswith(f"[~] partial (reason {n})")
    [wages] = [line for line in lines if ". Wages *" in line]
    assert wages.endswith(f"[w] withheld (reasons {n}, {n + 2})")
    start = first - 1
    # a wrapped reason continues under its first word
    assert lines[start + 2].startswith("      them from")


@pytest.mark.parametrize("framework_id", FRAMEWORK_IDS)
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_text_rows_are_aligned_and_reasons_wrapped(path: Path, framework_id: str) -> None:
    report = coverage_report(load_disclosure(path), framework_id)
    lines = _text(path, framework_id).splitlines()
    end = lines.index("") if "" in lines else len(lines)
    rows: list[str] = []
    for line in lines[1:end]:  # a long title wraps: its lines read as one row
        if line.startswith("      ") and rows:
            rows[-1] = rows[-1].rstrip() + " " + line.strip()
        else:
            rows.append(line)
    for row, s in zip(rows, report.statuses, strict=True):
        assert " ".join(row.split()).startswith(f"{s.item.number}. {s.item.title}")
    rows = [line for line in lines[1:end] if any(label in line for label in LABELS)]
    columns = {row.index(label) for row in rows for label in LABELS if label in row}
    assert len(columns) == 1, sorted(columns)
    assert all(len(line) <= 100 for line in lines[1:])


@pytest.mark.parametrize("framework_id", ["fmti", "fmti-2023", "eu-ai-act", "eu-gpai-code"])
def test_text_shows_the_crosswalk_notes(framework_id: str) -> None:
    text = _text(REPO / WITHHELD, framework_id)
    flat = " ".join(text.split())
    for item in framework(framework_id).items:
        row = next(line for line in text.splitlines() if line.startswith(f"  {item.number:>2}. "))
        if item.note:
            assert f"{item.number}. {item.title}: {item.note}" in flat
            assert row.startswith(f"  {item.number:>2}. {item.title} *")
        else:
            assert not row.startswith(f"  {item.number:>2}. {item.title} *")


def test_text_of_the_checklist_has_no_notes_section() -> None:
    text = _text(REPO / WITHHELD, "casper")
    assert "Notes" not in text and " *" not in text
    assert text.splitlines()[-2:] == [
        "  Reasons given in the file:",
        f"   1. {REASON}",
    ]


def test_coverage_text_needs_no_rendering_library() -> None:
    """Text and JSON coverage must not pay for Jinja2, Markdown or nh3."""
    code = (
        "import sys\n"
        "from rlhf_disclosure import load_disclosure\n"
        "from rlhf_disclosure.coverage.report import coverage_report\n"
        f"r = coverage_report(load_disclosure({str(REPO / WITHHELD)!r}), 'fmti-2023')\n"
        "r.text('x'); r.as_dict()\n"
        "print(sorted(m for m in ('jinja2', 'markdown', 'nh3') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# Errors


def test_unknown_framework_exits_2() -> None:
    result = coverage("--framework", "nist", rel(EXAMPLES[0]))
    assert result.exit_code == 2
    assert result.stderr == (
        "usage error: --framework must be one of casper, fmti, fmti-2023, eu-ai-act, eu-gpai-code, all, not 'nist'\n"
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
    if fmt == "json":  # named, with its errors, so a JSON reader learns of it
        [doc] = json.loads(result.stdout)
        assert doc["file"] == INVALID
        assert [e["code"] for e in doc["errors"]] == ["missing-field", "out-of-range"]
    else:
        assert result.stdout == ""


def test_invalid_file_among_valid_ones_still_reports_the_valid_ones() -> None:
    result = coverage("--format", "json", INVALID, WITHHELD)
    assert result.exit_code == 1
    docs = json.loads(result.stdout)
    assert [d["file"] for d in docs] == [INVALID, WITHHELD]
    assert "errors" in docs[0] and "items" in docs[1]
    assert result.stderr.startswith(f"{INVALID}:3:1: error[missing-field]")


def test_missing_file_exits_1() -> None:
    result = coverage("nowhere.yaml")
    assert result.exit_code == 1
    assert result.stderr == "nowhere.yaml:1:1: error[file-not-found]: no such file\n"
    assert result.stdout == ""


def test_json_names_the_files_it_could_not_score_with_their_errors(in_repo: Path) -> None:
    broken = "tests/fixtures/check/invalid.yaml"
    result = coverage("--format", "json", rel(EXAMPLES[0]), "nowhere.yaml", broken)
    assert result.exit_code == 1
    docs = json.loads(result.stdout)
    by_file = {d["file"]: d for d in docs}
    assert set(by_file) == {rel(EXAMPLES[0]), "nowhere.yaml", broken}
    assert [e["code"] for e in by_file["nowhere.yaml"]["errors"]] == ["file-not-found"]
    assert [e["code"] for e in by_file[broken]["errors"]] == ["missing-field", "out-of-range"]
    assert "errors" not in by_file[rel(EXAMPLES[0])] and by_file[rel(EXAMPLES[0])]["items"]
