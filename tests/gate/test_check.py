"""`check`: validation plus the policy rules, severities, policy files and output formats.

Fixtures: `tests/fixtures/check/` holds disclosures (`complete.yaml` passes
`check --strict`; the others are variations of it), each with the exact output of
`check` beside it (`NAME.out`, options in `NAME.args`; tests/gate/test_check_fixtures.py
runs them, and the tests here use some by name), `tests/fixtures/policy/` holds
valid policies and `tests/fixtures/policy/invalid/NAME.yaml` policies that must be
refused with exactly `NAME.out` on stderr (`check --policy NAME.yaml
tests/fixtures/check/complete.yaml`, run from the repository root). Regenerate the
golden files with `pytest --update-golden` and review them with `git diff`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pty
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from rlhf_disclosure import load_disclosure
from rlhf_disclosure.cli.check_cmd import run_check
from rlhf_disclosure.coverage.items import framework
from rlhf_disclosure.coverage.status import item_statuses, percent_text, tally
from rlhf_disclosure.gate.policy import RULES, WEAK_REASONS
from tests.cli_helpers import run
from tests.repo import REPO, rel

CHECK = REPO / "tests" / "fixtures" / "check"
POLICY = REPO / "tests" / "fixtures" / "policy"
INVALID_POLICIES = sorted((POLICY / "invalid").glob("*.yaml"))

COMPLETE = "tests/fixtures/check/complete.yaml"
WARNINGS = "tests/fixtures/check/warnings.yaml"
WITHHELD = "tests/fixtures/check/withheld-annotators.yaml"
FUTURE = "tests/fixtures/check/future-date.yaml"
INVALID = "tests/fixtures/check/invalid.yaml"

CLEAN = "1 file checked: 1 valid, 0 invalid; 0 error(s), 0 warning(s)\n"


def check(*args: str) -> Result:
    return run("check", *args)


def codes(result: Result) -> list[str]:
    return re.findall(r"^\S+:\d+:\d+: (\w+\[[\w-]+\])", result.stdout, re.M)


def variant(source: str, old: str, new: str, name: str = "d.yaml") -> str:
    """A copy of a check fixture (in the current directory) with one text replaced."""
    text = (CHECK / source).read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    Path(name).write_text(text.replace(old, new), encoding="utf-8")
    return name


PRETRAINING = (
    "pretraining:\n  base_model: Check-Base-1B (fictional)\n"
    "  description: Next-token prediction on a filtered web crawl.\n"
    "  tokens: 2000000000000\n"
    "  filtering: Deduplicated; pages flagged by a toxicity classifier were removed.\n"
    "  compute:\n    gpu_hours: 12000\n"
)
"""The pretraining section of complete.yaml, for variants without it."""


def policy(text: str, name: str = "policy.yaml") -> str:
    Path(name).write_text(text, encoding="utf-8")
    return name


# The examples under the default policy


@pytest.mark.parametrize("name", ["open-dpo-aif.yaml", "closed-withheld.yaml"])
def test_examples_pass_strictly_under_the_default_policy(in_repo: Path, name: str) -> None:
    result = check("--strict", f"examples/{name}")
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""
    assert result.stderr == CLEAN


def test_instructgpt_fails_the_default_policy_without_its_comments(workdir: Path) -> None:
    text = (REPO / "examples" / "instructgpt.yaml").read_text(encoding="utf-8")
    kept = [line for line in text.splitlines(True) if not line.startswith("# rlhf-disclosure:")]
    assert len(kept) == len(text.splitlines()) - 2
    (workdir / "gpt.yaml").write_text("".join(kept), encoding="utf-8")
    result = check("gpt.yaml")
    assert result.exit_code == 1
    errors = [line for line in result.stdout.splitlines() if ": error[" in line]
    assert len(errors) == 2
    assert (
        "error[item-missing] audits: item 9 (Internal and external audits) is not disclosed"
        in (errors[0])
    )
    assert (
        "error[item-missing] monitoring: item 11 (Monitoring and correction) is not disclosed"
        in (errors[1])
    )
    others = {c for c in codes(result) if not c.startswith("error")}
    assert others == {"warning[result-without-n]", "warning[result-without-uncertainty]"}
    assert result.stderr.startswith("1 file checked: 0 valid, 1 invalid; 2 error(s), ")


def test_all_examples_pass_strictly(in_repo: Path) -> None:
    """`make self-check` runs exactly this."""
    result = check("--strict", "examples/")
    assert result.exit_code == 0, result.stdout
    n = len(list((REPO / "examples").glob("*.yaml")))
    assert result.stderr == f"{n} files checked: {n} valid, 0 invalid; 0 error(s), 0 warning(s)\n"


def test_complete_fixture_passes_strictly(in_repo: Path) -> None:
    result = check("--strict", COMPLETE)
    assert result.exit_code == 0, result.stdout
    assert (result.stdout, result.stderr) == ("", CLEAN)


def test_schema_errors_come_first_and_fail_the_check(in_repo: Path) -> None:
    result = check(INVALID, COMPLETE)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{INVALID}:3:1: error[missing-field] model.name: required field 'name' is missing "
        "(hint: add 'name:' under this mapping)",
        f"{INVALID}:9:14: error[out-of-range] feedback_collections[prefs].annotators.count: "
        "must be at least 0, got -3",
    ]
    assert result.stderr == "2 files checked: 1 valid, 1 invalid; 2 error(s), 0 warning(s)\n"


def test_unknown_format_exits_2(in_repo: Path) -> None:
    result = check("--format", "sarif", COMPLETE)
    assert result.exit_code == 2
    assert result.stderr == "usage error: --format must be text, json or github, not 'sarif'\n"


# Errors and warnings

WARNING_LINES = [
    f"{WARNINGS}:67:11: warning[result-without-n] reward_models[rm].evaluation.results[0]: "
    "the result has no sample size (n)",
    f"{WARNINGS}:76:7: warning[result-without-uncertainty] policy_evaluation.results[0]: "
    "the result has no uncertainty",
]


def test_warnings_do_not_fail_without_strict(in_repo: Path) -> None:
    result = check(WARNINGS)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == WARNING_LINES
    assert result.stderr == "1 file checked: 1 valid, 0 invalid; 0 error(s), 2 warning(s)\n"


def test_warnings_fail_with_strict(in_repo: Path) -> None:
    result = check("--strict", WARNINGS)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == WARNING_LINES
    assert result.stderr == "1 file checked: 0 valid, 1 invalid; 0 error(s), 2 warning(s)\n"


def test_strict_fails_only_the_file_with_warnings(in_repo: Path) -> None:
    result = check("--strict", "--format", "json", WARNINGS, COMPLETE)
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert verdicts(doc) == [{"file": WARNINGS, "valid": False}, {"file": COMPLETE, "valid": True}]


def verdicts(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The `file` and `valid` of each entry of a JSON report (entries also carry coverage)."""
    return [{"file": f["file"], "valid": f["valid"]} for f in doc["files"]]


def test_json_output_gives_each_loaded_files_coverage(in_repo: Path) -> None:
    withheld = rel(CHECK / "withheld-annotators.yaml")
    invalid = rel(CHECK / "invalid.yaml")
    doc = json.loads(check("--format", "json", withheld, invalid, COMPLETE).stdout)
    by_file = {f["file"]: f for f in doc["files"]}
    assert by_file[withheld]["coverage"] == {
        "framework": "casper",
        "counts": {
            "disclosed": 10,
            "partial": 0,
            "withheld": 1,
            "not_applicable": 0,
            "not_disclosed": 0,
        },
        "applicable": 11,
        "percent": 90.9,
        "percent_text": "90.9% (10/11)",
        "questions": {"answered": 28, "asked": 36},
    }
    assert by_file[COMPLETE]["coverage"]["percent"] == 100.0
    assert "coverage" not in by_file[invalid]  # it did not load


# Reasons for withheld and not-applicable items

REASON = "The vendor contract forbids publishing who the annotators are or how they were paid."
REASON_AT = (21, 15)  # the value of 'reason:' in withheld-annotators.yaml


def with_reason(reason: str, status: str = "withheld") -> str:
    name = variant(WITHHELD.rsplit("/", 1)[1], f"reason: {REASON}", f"reason: {json.dumps(reason)}")
    if status != "withheld":
        name = variant_in_place(name, "status: withheld", f"status: {status}")
    return name


def variant_in_place(name: str, old: str, new: str) -> str:
    path = Path(name)
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return name


WEAK = [
    "n/a",
    "N/A",
    "-",
    "tbd",
    "TBD.",
    "TBD!",
    "  none  ",
    "Confidential",
    "not applicable",
    "Not published.",  # two words
    "Commercially sensitive",
    "Not publicly available.",  # three words
    "- - - -",  # padding is not words
    "TBD - will fill later",  # a placeholder, however long
    "N/A - n/a - n/a - n/a",
    "n.a. n.a. n.a. n.a.",
]


@pytest.mark.parametrize("status", ["withheld", "not_applicable"])
@pytest.mark.parametrize("reason", WEAK)
def test_weak_reason_is_an_error_on_the_reason(workdir: Path, reason: str, status: str) -> None:
    name = with_reason(reason, status)
    result = check(name)
    assert result.exit_code == 1
    line, col = REASON_AT
    assert result.stdout == (
        f"{name}:{line}:{col}: error[weak-reason] feedback_collections[prefs].annotators.reason: "
        f"the reason {reason!r} does not explain anything "
        "(hint: write a sentence of at least 4 words a reader can judge)\n"
    )


@pytest.mark.parametrize(
    "reason",
    [
        REASON,
        "The vendor forbids publication.",  # four words: the minimum
        "No human annotators were involved; an AI judge labelled every pair.",
    ],
)
def test_a_real_sentence_is_a_good_reason(workdir: Path, reason: str) -> None:
    result = check("--strict", with_reason(reason))
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""


def test_every_listed_weak_reason_is_refused(workdir: Path) -> None:
    """Every phrase of the WEAK_REASONS list is refused, however many words it has."""
    for reason in sorted(WEAK_REASONS):
        result = check(with_reason(reason))
        # "todo" is a placeholder: reported once, as a TODO.
        expected = "error[todo]" if reason == "todo" else "error[weak-reason]"
        assert codes(result) == [expected], reason


@pytest.mark.parametrize(
    "reason", ["Todo: explain why later", "todo todo todo todo", "FIXME before release please"]
)
def test_placeholders_in_any_case_are_todos_reported_once(workdir: Path, reason: str) -> None:
    result = check(with_reason(reason))
    assert result.exit_code == 1
    assert codes(result) == ["error[todo]"], result.stdout


# Dates


def test_future_date_is_an_error_on_the_date(in_repo: Path) -> None:
    result = check(FUTURE)
    assert result.exit_code == 1
    [line] = result.stdout.splitlines()
    today = dt.date.today().isoformat()
    assert line == (
        f"{FUTURE}:8:7: error[future-date] date: the date 2999-01-01 is in the future "
        f"(today is {today})"
    )


@pytest.mark.parametrize(
    ("written", "today", "future"),
    [
        ('"2024-07-02"', "2024-07-01", True),
        ('"2024-07-01"', "2024-07-01", False),
        ("2024-07-02", "2024-07-01", True),  # unquoted: a YAML date
        ('"2024-07"', "2024-06-30", True),  # a month is in the future once it has not begun
        ('"2024-07"', "2024-07-01", False),
        ('"2025"', "2024-12-31", True),
        ('"2025"', "2025-01-01", False),
    ],
)
def test_future_date_by_precision(
    workdir: Path,
    capsys: pytest.CaptureFixture[str],
    written: str,
    today: str,
    future: bool,
) -> None:
    name = variant("complete.yaml", 'date: "2024-06-01"', f"date: {written}")
    code = run_check([name], None, None, False, "text", 10**7, False, dt.date.fromisoformat(today))
    out = capsys.readouterr()
    if future:
        assert code == 1
        shown = written.strip('"')
        assert out.out == (
            f"{name}:9:7: error[future-date] date: the date {shown} is in the future "
            f"(today is {today})\n"
        )
    else:
        assert code == 0
        assert out.out == ""


def test_future_dates_deep_in_the_file_are_found(workdir: Path) -> None:
    name = variant("complete.yaml", 'start_date: "2024-04"', 'start_date: "2999-04"')
    result = check(name)
    assert result.exit_code == 1
    [line] = result.stdout.splitlines()
    assert line.startswith(
        f"{name}:95:17: error[future-date] audits[internal-2024].start_date: "
        "the date 2999-04 is in the future"
    )


# require_disclosed


def test_required_item_that_is_withheld_is_an_error(in_repo: Path) -> None:
    result = check("--policy", rel(POLICY / "require-annotators.yaml"), WITHHELD)
    assert result.exit_code == 1
    [line] = result.stdout.splitlines()
    assert re.fullmatch(
        rf"{re.escape(WITHHELD)}:\d+:\d+: error\[item-not-disclosed\] \S+: the policy requires "
        r"item 2 \(Selection and training of evaluators\) to be disclosed; it is withheld.*",
        line,
    ), line


def test_required_item_error_points_at_the_withheld_part(in_repo: Path) -> None:
    """Like item-missing, which names the parts that are missing, item-not-disclosed
    should name and point at the part that is withheld, not at the whole list of
    feedback collections (there may be many)."""
    result = check("--policy", rel(POLICY / "require-annotators.yaml"), WITHHELD)
    [line] = result.stdout.splitlines()
    assert "feedback_collections[prefs].annotators" in line
    assert re.match(rf"{re.escape(WITHHELD)}:20:\d+: ", line), line


def test_required_item_that_is_not_applicable_is_an_error(workdir: Path) -> None:
    name = with_reason(REASON, "not_applicable")
    result = check("--policy", str(POLICY / "require-annotators.yaml"), name)
    assert result.exit_code == 1
    assert "to be disclosed; it is not applicable" in result.stdout
    assert codes(result) == ["error[item-not-disclosed]"]


def test_required_item_that_is_disclosed_passes(in_repo: Path) -> None:
    result = check("--strict", "--policy", rel(POLICY / "require-annotators.yaml"), COMPLETE)
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""


def test_required_item_that_is_missing_is_reported_once_as_required(workdir: Path) -> None:
    name = variant(
        "complete.yaml",
        PRETRAINING,
        "",
    )
    result = check("--policy", policy("require_disclosed: [pretraining]\n"), name)
    assert result.exit_code == 1
    assert codes(result) == ["error[item-not-disclosed]"]
    assert "item 1 (Pretraining) to be disclosed; it is not disclosed" in result.stdout


@pytest.mark.parametrize("severity", ["warning", "ignore"])
def test_relaxing_item_missing_does_not_relax_a_required_item(workdir: Path, severity: str) -> None:
    """require_disclosed cannot be bypassed by leaving the item out."""
    name = variant(
        "complete.yaml",
        PRETRAINING,
        "",
    )
    rules = f"require_disclosed: [pretraining]\nseverity:\n  item-missing: {severity}\n"
    result = check("--policy", policy(rules), name)
    assert result.exit_code == 1, result.stdout
    assert codes(result) == ["error[item-not-disclosed]"]


# Minimum coverage


def test_min_coverage_option_below_the_share_is_an_error(in_repo: Path) -> None:
    result = check("--min-coverage", "95", WITHHELD)
    assert result.exit_code == 1
    assert result.stdout == (
        f"{WITHHELD}:2:1: error[min-coverage]: 10 of 11 applicable items of Casper et al. "
        "(2023), RLHF disclosure items disclosed (90.9%), below the required 95% "
        "(hint: items marked not_applicable with a reason do not count; partial ones do)\n"
    )


@pytest.mark.parametrize(("minimum", "ok"), [("90", True), ("90.9", True), ("91", False)])
def test_min_coverage_boundary(in_repo: Path, minimum: str, ok: bool) -> None:
    # 10 of 11 items is 90.909...%.
    result = check("--min-coverage", minimum, WITHHELD)
    assert result.exit_code == (0 if ok else 1), result.stdout
    assert ("error[min-coverage]" in result.stdout) is not ok


def test_min_coverage_100_on_a_complete_file_passes(in_repo: Path) -> None:
    result = check("--strict", "--min-coverage", "100", COMPLETE)
    assert result.exit_code == 0, result.stdout


@pytest.mark.parametrize("minimum", ["101", "-1", "lots"])
def test_min_coverage_out_of_range_is_a_usage_error(in_repo: Path, minimum: str) -> None:
    result = check("--min-coverage", minimum, COMPLETE)
    assert result.exit_code == 2
    assert "--min-coverage" in result.stderr
    assert result.stdout == ""


def test_policy_min_coverage_per_framework(in_repo: Path) -> None:
    result = check("--policy", rel(POLICY / "min-coverage-casper.yaml"), WITHHELD)
    assert result.exit_code == 1
    assert "disclosed (90.9%), below the required 95%" in result.stdout
    assert codes(result) == ["error[min-coverage]"]


@pytest.mark.parametrize(("option", "ok"), [("90", False), ("80", False), ("96", False)])
def test_the_stricter_of_option_and_policy_minimum_wins(
    in_repo: Path, option: str, ok: bool
) -> None:
    """The policy asks 95% of casper; a lower --min-coverage cannot relax it."""
    result = check(
        "--policy", rel(POLICY / "min-coverage-casper.yaml"), "--min-coverage", option, WITHHELD
    )
    assert result.exit_code == 1, result.stdout
    assert f"below the required {max(95, int(option))}%" in result.stdout


def test_not_applicable_items_do_not_count_against_coverage(workdir: Path) -> None:
    """A DPO pipeline has no reward model: items marked not applicable are left out."""
    text = (CHECK / "complete.yaml").read_text(encoding="utf-8")
    start, end = text.index("reward_models:\n"), text.index("policy_evaluation:\n")
    Path("d.yaml").write_text(
        text[:start] + "reward_models:\n  status: not_applicable\n"
        "  reason: The policy was trained with DPO directly on the comparisons.\n" + text[end:],
        encoding="utf-8",
    )
    counts = tally(item_statuses(load_disclosure(Path("d.yaml"))))
    assert counts["not_applicable"] == 2 and counts["disclosed"] == 9
    result = check("--min-coverage", "100", "d.yaml")
    assert result.exit_code == 0, result.stdout


def test_policy_min_coverage_of_another_framework(in_repo: Path) -> None:
    statuses = item_statuses(load_disclosure(REPO / COMPLETE), "fmti-2023")
    disclosed = tally(statuses)["disclosed"]
    assert disclosed < len(statuses)  # the fixture is far from complete for FMTI
    applicable = len(statuses) - tally(statuses)["not_applicable"]
    result = check("--policy", rel(POLICY / "min-coverage-fmti-2023.yaml"), COMPLETE)
    assert result.exit_code == 1
    assert result.stdout == (
        f"{COMPLETE}:3:1: error[min-coverage]: {disclosed} of {applicable} applicable items of "
        f"{framework('fmti-2023').title} disclosed ({percent_text(Fraction(disclosed, applicable))}), "
        "below the required 100% "
        "(hint: items marked not_applicable with a reason do not count; partial ones do)\n"
    )


def test_min_coverage_is_checked_per_framework_at_once(workdir: Path) -> None:
    name = policy("min_coverage:\n  casper: 100\n  fmti: 100\n  fmti-2023: 100\n  eu-ai-act: 100\n")
    result = check("--policy", name, str(CHECK / "withheld-annotators.yaml"))
    assert result.exit_code == 1
    titles = [framework(f).title for f in ("casper", "eu-ai-act", "fmti", "fmti-2023")]
    found = re.findall(r"items of (.*) disclosed", result.stdout)
    assert sorted(found) == sorted(titles)
    assert codes(result) == ["error[min-coverage]"] * 4


# Severity overrides


def test_severity_warning_downgrades_an_error(in_repo: Path) -> None:
    result = check("--policy", rel(POLICY / "severity-overrides.yaml"), FUTURE)
    assert result.exit_code == 0
    assert codes(result) == ["warning[future-date]"]
    strict = check("--strict", "--policy", rel(POLICY / "severity-overrides.yaml"), FUTURE)
    assert strict.exit_code == 1


def test_severity_ignore_turns_a_rule_off(in_repo: Path) -> None:
    result = check("--strict", "--policy", rel(POLICY / "severity-overrides.yaml"), WARNINGS)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == WARNING_LINES[1:]  # result-without-n is ignored


def without_monitoring() -> str:
    return variant(
        "complete.yaml",
        "monitoring:\n  monitored: Samples of production traffic are reviewed weekly.\n"
        "  reporting: Users report problems with a button under each answer.\n"
        "  correction: Reported failures go into the next round of fine-tuning data.\n",
        "",
        "m.yaml",
    )


@pytest.mark.parametrize(
    ("rule", "make"),
    [
        ("weak-reason", lambda: with_reason("n/a")),
        ("item-missing", without_monitoring),
        (
            "future-date",
            lambda: variant("complete.yaml", 'date: "2024-06-01"', 'date: "2999-06-01"'),
        ),
        ("result-without-uncertainty", lambda: str(CHECK / "warnings.yaml")),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_each_rule_can_be_ignored(workdir: Path, rule: str, make: Callable[[], str]) -> None:
    name = make()
    before = check(name)
    assert f"[{rule}]" in before.stdout
    after = check("--policy", policy(f"severity:\n  {rule}: ignore\n"), name)
    assert f"[{rule}]" not in after.stdout
    assert after.exit_code == 0, after.stdout


def test_severity_error_upgrades_a_warning(in_repo: Path) -> None:
    result = check("--policy", rel(POLICY / "everything.yaml"), WARNINGS)
    assert result.exit_code == 1
    assert codes(result) == ["error[result-without-n]", "error[result-without-uncertainty]"]


def test_ignoring_todos_does_not_let_a_schema_error_through(workdir: Path) -> None:
    """A TODO in a number field is also a schema error; check reports it once, as a
    TODO. With the todo rule off (or a warning), the schema error must come back
    rather than vanish: the file is not valid and `validate` says so."""
    Path("d.yaml").write_text(
        "schema_version: 2\nmodel:\n  name: X\n  parameters: TODO\n", encoding="utf-8"
    )
    assert run("validate", "d.yaml").exit_code == 1
    for severity in ("ignore", "warning"):
        result = check("--policy", policy(f"severity:\n  todo: {severity}\n"), "d.yaml")
        assert result.exit_code == 1, (severity, result.stdout, result.stderr)
        assert "d.yaml:4:15: error[" in result.stdout, severity


def test_every_rule_is_exercised(workdir: Path) -> None:
    """Each rule of the RULES table fires on some input here; a new rule needs a case."""
    withheld = str(CHECK / "withheld-annotators.yaml")
    warnings = str(CHECK / "warnings.yaml")
    todo = variant("complete.yaml", "risk: Confident but wrong answers", "risk: TODO", "t.yaml")
    cases = {
        "item-missing": (without_monitoring(), []),
        "item-not-disclosed": (withheld, ["--policy", str(POLICY / "require-annotators.yaml")]),
        "todo": (todo, []),
        "weak-reason": (with_reason("n/a"), []),
        "placeholder": (
            variant("complete.yaml", "risk: Confident but wrong answers", "risk: n/a", "p.yaml"),
            [],
        ),
        "result-without-n": (warnings, []),
        "result-without-uncertainty": (warnings, []),
        "result-outside-interval": (
            variant("complete.yaml", "      value: 0.6\n", "      value: 60.0\n", "i.yaml"),
            [],
        ),
        "future-date": (str(CHECK / "future-date.yaml"), []),
        "min-coverage": (withheld, ["--min-coverage", "100"]),
        "percent-as-fraction": (str(CHECK / "percent-as-fraction.yaml"), []),
        "not-applicable-reads-as-none": (str(CHECK / "not-applicable-reads-as-none.yaml"), []),
        "end-before-start": (str(CHECK / "end-before-start.yaml"), []),
        "item-partial": (
            str(CHECK / "item-partial.yaml"),
            ["--policy", str(POLICY / "partial-is-an-error.yaml")],
        ),
        "item-not-performed": (
            str(CHECK / "item-not-performed.yaml"),
            ["--policy", str(POLICY / "require-audits-performed.yaml")],
        ),
    }
    assert set(cases) == set(RULES)
    for rule, (name, args) in cases.items():
        result = check(*args, name)
        assert f"[{rule}]" in result.stdout, rule


# Policy files


@pytest.mark.parametrize("path", INVALID_POLICIES, ids=lambda p: p.stem)
def test_invalid_policy_is_refused_with_golden_output(
    path: Path, in_repo: Path, golden: Callable[[str, Path], None]
) -> None:
    result = check("--policy", rel(path), COMPLETE)
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines
    for line in lines:
        assert re.match(rf"{re.escape(rel(path))}:\d+:\d+: error\[[\w-]+\]", line), line
    golden(result.stderr, path.with_suffix(".out"))


def test_invalid_policy_fixtures_have_golden_output_and_none_is_orphaned() -> None:
    outs = {p.stem for p in (POLICY / "invalid").glob("*.out")}
    assert outs == {p.stem for p in INVALID_POLICIES}
    assert len(INVALID_POLICIES) >= 8


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        (
            "unknown-key",
            "error[unknown-field] require_disclosd: unknown field 'require_disclosd'; "
            "did you mean 'require_disclosed'?",
        ),
        ("unknown-rule", "error[invalid-value] severity.weak-reson: 'weak-reson' is not allowed"),
        ("unknown-item", "error[invalid-value] require_disclosed[1]"),
        ("unknown-framework", "did you mean 'fmti'?"),
        ("coverage-out-of-range", "error[out-of-range] min_coverage.fmti: must be at most 100"),
        ("coverage-negative", "error[out-of-range]"),
        ("severity-misspelt", "did you mean 'warning'?"),
        ("wrong-version", "error[invalid-value] policy_version: 2 is not allowed here; expected 1"),
    ],
)
def test_invalid_policy_messages(in_repo: Path, stem: str, expected: str) -> None:
    result = check("--policy", rel(POLICY / "invalid" / f"{stem}.yaml"), COMPLETE)
    assert result.exit_code == 1
    assert expected in result.stderr


def test_unknown_rule_lists_the_rules(in_repo: Path) -> None:
    result = check("--policy", rel(POLICY / "invalid" / "unknown-rule.yaml"), COMPLETE)
    assert "expected " + ", ".join(RULES) + "; did you mean 'weak-reason'?" in result.stderr


@pytest.mark.parametrize(
    ("stem", "line", "path"),
    [
        ("unknown-rule", 5, "severity.weak-reson"),
        ("unknown-item", 5, "require_disclosed[1]"),
        ("unknown-framework", 5, "min_coverage.fmit"),
        ("coverage-out-of-range", 5, "min_coverage.fmti"),
    ],
)
def test_policy_error_points_at_the_offending_entry(
    in_repo: Path, stem: str, line: int, path: str
) -> None:
    """The bad entry is the second one; the message must not point at the first,
    which is fine."""
    name = rel(POLICY / "invalid" / f"{stem}.yaml")
    result = check("--policy", name, COMPLETE)
    assert result.stderr.startswith(f"{name}:{line}:"), result.stderr
    assert f"] {path}: " in result.stderr, result.stderr


def test_coverage_out_of_range_names_the_framework_and_the_value(in_repo: Path) -> None:
    result = check("--policy", rel(POLICY / "invalid" / "coverage-out-of-range.yaml"), COMPLETE)
    assert "fmti" in result.stderr
    assert "150" in result.stderr


def test_unquoted_off_as_a_severity_is_explained(in_repo: Path) -> None:
    """`todo: off` reads as the boolean false; say so in the user's words."""
    result = check("--policy", rel(POLICY / "invalid" / "severity-off.yaml"), COMPLETE)
    assert result.exit_code == 1
    message = result.stderr
    assert message.startswith("tests/fixtures/policy/invalid/severity-off.yaml:4:9: error[")
    assert "off" in message
    assert "boolean" in message or "quote" in message
    assert "ignore" in message


def test_policy_that_is_not_a_mapping_gets_a_policy_hint(in_repo: Path) -> None:
    result = check("--policy", rel(POLICY / "invalid" / "not-a-mapping.yaml"), COMPLETE)
    assert result.exit_code == 1
    assert "error[root-not-mapping]" in result.stderr
    assert "schema_version" not in result.stderr  # that is how a disclosure starts
    assert "policy_version" in result.stderr


def test_missing_policy_file_exits_1(in_repo: Path) -> None:
    result = check("--policy", "nowhere.yaml", COMPLETE)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "nowhere.yaml:1:1: error[policy-unreadable]: cannot read policy: No such file or directory\n"
    )


def test_policy_that_is_a_directory_exits_1(in_repo: Path) -> None:
    result = check("--policy", "policies", COMPLETE)
    assert result.exit_code == 1
    assert result.stderr.startswith("policies:1:1: error[policy-unreadable]: cannot read policy: ")


@pytest.mark.parametrize(
    "name",
    ["require-annotators", "min-coverage-casper", "severity-overrides", "everything"],
)
def test_valid_policies_pass_the_complete_fixture(in_repo: Path, name: str) -> None:
    result = check("--strict", "--policy", rel(POLICY / f"{name}.yaml"), COMPLETE)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_empty_policy_mapping_is_the_default_policy(workdir: Path) -> None:
    name = policy("policy_version: 1\n")
    default = check(str(CHECK / "warnings.yaml"))
    result = check("--policy", name, str(CHECK / "warnings.yaml"))
    assert (result.exit_code, result.stdout) == (default.exit_code, default.stdout)


# Output formats


def test_json_output_counts_errors_and_warnings(in_repo: Path) -> None:
    result = check("--format", "json", WARNINGS, FUTURE, COMPLETE)
    assert result.exit_code == 1
    assert result.stderr == ""
    doc = json.loads(result.stdout)
    assert set(doc) == {"files", "issues", "summary"}
    assert verdicts(doc) == [
        {"file": WARNINGS, "valid": True},
        {"file": FUTURE, "valid": False},
        {"file": COMPLETE, "valid": True},
    ]
    assert doc["summary"] == {"files": 3, "valid": 2, "invalid": 1, "errors": 1, "warnings": 2}
    by_code = {i["code"]: i for i in doc["issues"]}
    assert set(by_code) == {"future-date", "result-without-n", "result-without-uncertainty"}
    assert by_code["future-date"]["severity"] == "error"
    assert (by_code["future-date"]["line"], by_code["future-date"]["column"]) == (8, 7)
    assert by_code["result-without-n"] == {
        "file": WARNINGS,
        "line": 67,
        "column": 11,
        "path": "reward_models[rm].evaluation.results[0]",
        "code": "result-without-n",
        "message": "the result has no sample size (n)",
        "hint": None,
        "severity": "warning",
    }


def test_github_output_has_warning_and_error_commands(in_repo: Path) -> None:
    result = check("--format", "github", WARNINGS, FUTURE)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(
        f"::error file={FUTURE},line=8,col=7,title=rlhf-disclosure future-date::"
        "date: the date 2999-01-01 is in the future"
    )
    assert lines[1:] == [
        f"::warning file={WARNINGS},line=67,col=11,title=rlhf-disclosure result-without-n::"
        "reward_models[rm].evaluation.results[0]: the result has no sample size (n)",
        f"::warning file={WARNINGS},line=76,col=7,title=rlhf-disclosure "
        "result-without-uncertainty::policy_evaluation.results[0]: the result has no uncertainty",
    ]
    assert result.stderr == "2 files checked: 1 valid, 1 invalid; 1 error(s), 2 warning(s)\n"


def test_github_output_escapes_the_hint_separator(in_repo: Path) -> None:
    result = check("--format", "github", WITHHELD, "--min-coverage", "95")
    [line] = result.stdout.splitlines()
    assert line.startswith(
        f"::error file={WITHHELD},line=2,col=1,title=rlhf-disclosure min-coverage::"
    )
    assert "%" not in line.split("::", 2)[2].replace("%25", "")  # '91%' is escaped


def test_summary_line_is_on_stderr_only(in_repo: Path) -> None:
    result = check(WARNINGS, COMPLETE)
    assert "files checked" not in result.stdout
    assert result.stderr == "2 files checked: 2 valid, 0 invalid; 0 error(s), 2 warning(s)\n"


# Many files


def test_many_files_are_checked_without_progress_output(workdir: Path) -> None:
    for i in range(8):
        shutil.copy(CHECK / "complete.yaml", workdir / f"d{i}.yaml")
    shutil.copy(CHECK / "warnings.yaml", workdir / "w.yaml")
    result = check(".")
    assert result.exit_code == 0
    assert result.stderr == "9 files checked: 9 valid, 0 invalid; 0 error(s), 2 warning(s)\n"
    assert result.stdout.splitlines() == [w.replace(WARNINGS, "w.yaml") for w in WARNING_LINES]
    assert "checking" not in result.output
    assert "%" not in result.output
    assert "\r" not in result.output


def _read_all(fd: int) -> bytes:
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO once the other side is closed
            return out
        if not chunk:
            return out
        out += chunk


def test_progress_shows_on_a_terminal_and_not_in_a_pipe(tmp_path: Path) -> None:
    """The real command: with stderr on a terminal and more than five files, a progress
    bar labelled 'checking' appears; on a pipe it does not."""
    for i in range(8):
        shutil.copy(CHECK / "complete.yaml", tmp_path / f"d{i}.yaml")
    exe = str(Path(sys.executable).parent / "rlhf-disclosure")
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    main, replica = pty.openpty()
    try:
        proc = subprocess.run(
            [exe, "check", "."],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=replica,
            env=env,
            check=False,
            timeout=600,
        )
    finally:
        os.close(replica)
    try:
        terminal = _read_all(main).decode()
    finally:
        os.close(main)
    assert proc.returncode == 0
    assert "checking" in terminal
    assert "8 files checked: 8 valid" in terminal

    piped = subprocess.run(
        [exe, "check", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=600,
    )
    assert piped.returncode == 0
    assert piped.stderr == "8 files checked: 8 valid, 0 invalid; 0 error(s), 0 warning(s)\n"
    assert piped.stdout == ""


def test_json_output_reports_a_policy_error_as_json(in_repo: Path) -> None:
    """A JSON consumer reads stdout; a broken policy must not leave it empty."""
    name = rel(POLICY / "invalid" / "unknown-key.yaml")
    result = check("--format", "json", "--policy", name, COMPLETE)
    assert result.exit_code == 1
    doc = json.loads(result.stdout or "null")
    assert isinstance(doc, dict), result.stdout
    [issue] = doc["issues"]
    assert (issue["file"], issue["line"], issue["code"]) == (name, 3, "unknown-field")


def test_a_missing_item_names_the_fields_that_would_answer_it(workdir: Path) -> None:
    Path("d.yaml").write_text("schema_version: 2\nmodel: {name: M}\n", encoding="utf-8")
    messages = set(re.findall(r"error\[item-missing\] (.*?) \(hint:", check("d.yaml").stdout))
    # Each names the questions left open, and the path is printed once, in front.
    assert (
        "audits: item 9 (Internal and external audits) is not disclosed "
        "(nothing on: auditors, audit scope, audit findings)"
    ) in messages
    assert (
        "feedback_collections: item 2 (Selection and training of evaluators) is not disclosed "
        "(nothing on: who, how many, recruitment and screening, instructions and training, "
        "pay, demographics, countries, wellbeing)"
    ) in messages
    assert len(messages) == 11


@pytest.mark.parametrize("value", ["n/a", "N/A", "TBD", "-", "--", "?", "...", "\u2014", "x"])
def test_a_placeholder_answer_is_an_error_where_it_stands(workdir: Path, value: str) -> None:
    name = variant("complete.yaml", "risk: Confident but wrong answers", f'risk: "{value}"')
    result = check(name)
    assert result.exit_code == 1
    assert codes(result) == ["error[placeholder]"], result.stdout
    assert f"risks[hallucination].risk: {value!r} is a placeholder" in result.stdout


@pytest.mark.parametrize("value", ["none", "proprietary", "no", "%", "0", "Scale AI"])
def test_short_real_answers_are_not_placeholders(workdir: Path, value: str) -> None:
    name = variant("complete.yaml", "risk: Confident but wrong answers", f'risk: "{value}"')
    assert "placeholder" not in check(name).stdout


def test_a_section_with_only_notes_is_not_disclosed(workdir: Path) -> None:
    name = variant(
        "complete.yaml",
        "monitoring:\n  monitored: Samples of production traffic are reviewed weekly.\n"
        "  reporting: Users report problems with a button under each answer.\n"
        "  correction: Reported failures go into the next round of fine-tuning data.\n",
        "monitoring:\n  notes: We will describe monitoring later.\n",
    )
    result = check(name)
    assert "error[item-missing] monitoring.monitored: item 11" in result.stdout, result.stdout


def test_the_shown_share_never_rounds_up_to_the_minimum(in_repo: Path) -> None:
    # 10 of 11 is 90.909...%: shown as 90.9%, so "below the required 90.95%" and
    # "below the required 91%" read true.
    for minimum in ("90.95", "91"):
        result = check("--min-coverage", minimum, str(CHECK / "withheld-annotators.yaml"))
        assert f"disclosed (90.9%), below the required {minimum}%" in result.stdout


@pytest.mark.parametrize(
    ("value", "flagged"), [("60.0", True), ("0.5", True), ("0.56", False), ("0.6", False)]
)
def test_a_value_outside_its_interval_is_a_warning_at_the_value(
    workdir: Path, value: str, flagged: bool
) -> None:
    name = variant("complete.yaml", "      value: 0.6\n", f"      value: {value}\n")
    result = check(name)
    lines = [line for line in result.stdout.splitlines() if "result-outside-interval" in line]
    if flagged:
        assert lines == [
            f"d.yaml:79:14: warning[result-outside-interval] policy_evaluation.results[0].value: "
            f"the value {float(value)!r} lies outside its interval [0.56, 0.64] (hint: check that "
            "the value and the interval use the same unit: percent or fraction, not both)"
        ]
        assert result.exit_code == 0  # a warning; --strict would fail
    else:
        assert lines == []


@pytest.mark.parametrize("severity", ["ignore", "warning"])
def test_an_explicit_min_coverage_fails_whatever_the_policy_severity(
    in_repo: Path, tmp_path: Path, severity: str
) -> None:
    rules = tmp_path / "p.yaml"
    rules.write_text(f"severity:\n  min-coverage: {severity}\n", encoding="utf-8")
    withheld = str(CHECK / "withheld-annotators.yaml")
    assert check("--policy", str(rules), withheld).exit_code == 0
    result = check("--policy", str(rules), "--min-coverage", "100", withheld)
    assert result.exit_code == 1
    assert codes(result) == ["error[min-coverage]"]


@pytest.mark.parametrize(
    ("risk", "todo"),
    [
        ("Deleting items from users' todo lists without asking", False),
        ("A fixme comment in generated code is copied", False),
        ("Rewrites the TODO list of a project", True),
        ("todo: describe the risk", True),
        ("  Fixme", True),
    ],
)
def test_todo_in_prose_is_not_a_placeholder(workdir: Path, risk: str, todo: bool) -> None:
    name = variant("complete.yaml", "risk: Confident but wrong answers", f'risk: "{risk}"')
    assert ("error[todo]" in check(name).stdout) is todo


def test_a_policy_is_read_within_the_size_limit_and_only_from_a_regular_file(
    workdir: Path,
) -> None:
    """/dev/zero as a policy ran out of memory (exit 3); a FIFO blocked for ever."""
    doc = workdir / "d.yaml"
    doc.write_text((CHECK / "complete.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    big = workdir / "big-policy.yaml"
    big.write_text("policy_version: 1\n" + "# padding\n" * 200, encoding="utf-8")
    result = check("--policy", str(big), "--max-size", "100", str(doc))
    assert result.exit_code == 1
    assert "error[policy-unreadable]: cannot read policy: the file is" in result.stderr
    os.mkfifo(workdir / "fifo-policy.yaml")
    for name in ("/dev/zero", str(workdir / "fifo-policy.yaml")):
        result = check("--policy", name, str(doc))
        assert result.exit_code == 1, name
        assert "cannot read policy: is not a regular file" in result.stderr, result.stderr


def test_ignore_comments_come_from_the_bytes_that_were_validated(workdir: Path) -> None:
    """One read per file: a comment added after validation cannot turn rules off."""
    import datetime as dt

    from rlhf_disclosure.gate.policy import Policy
    from rlhf_disclosure.gate.rules import policy_issues
    from rlhf_disclosure.gate.run import file_comments
    from rlhf_disclosure.validation.validate import check_file

    doc = workdir / "d.yaml"
    doc.write_text((CHECK / "warnings.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = check_file(doc)
    doc.write_text(
        "# rlhf-disclosure: ignore[result-without-n, result-without-uncertainty] "
        "The paper prints no sample sizes at all.\n" + doc.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    found = policy_issues(result, Policy(), dt.date(2026, 1, 1), None, file_comments(result))
    assert {i.code for i in found} == {"result-without-n", "result-without-uncertainty"}


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-1", "100.5", "most"])
def test_min_coverage_must_be_a_number_from_0_to_100(value: str) -> None:
    result = check("--min-coverage", value, str(CHECK / "complete.yaml"))
    assert result.exit_code == 2
    assert result.stderr == (
        f"usage error: --min-coverage must be a number from 0 to 100, not {value!r}\n"
    )


@pytest.mark.parametrize(
    ("value", "unit", "flagged"),
    [
        ("0.74", '"%"', True),
        ("74.0", '"%"', False),
        ("0.74", "fraction", False),
        ("1", '"%"', False),  # 1% is a plausible value
        ("0", '"%"', False),
    ],
)
def test_a_percent_written_as_a_fraction_is_a_warning(
    workdir: Path, value: str, unit: str, flagged: bool
) -> None:
    name = variant(
        "complete.yaml",
        '          value: 71\n          unit: "%"\n',
        f"          value: {value}\n          unit: {unit}\n",
    )
    result = check(name)
    assert ("warning[percent-as-fraction]" in result.stdout) is flagged, result.stdout


@pytest.mark.parametrize(
    ("start", "end", "flagged"),
    [
        ("2024-04", "2024-03", True),
        ("2024-04-10", "2024-04", False),  # the end month holds the start day
        ("2024", "2024-01-01", False),
        ("2024-04-10", "2024-04-09", True),
    ],
)
def test_an_end_date_before_its_start_is_a_warning(
    workdir: Path, start: str, end: str, flagged: bool
) -> None:
    name = variant(
        "complete.yaml",
        '    start_date: "2024-04"\n',
        f'    start_date: "{start}"\n    end_date: "{end}"\n',
    )
    result = check(name)
    assert ("warning[end-before-start]" in result.stdout) is flagged, result.stdout


@pytest.mark.parametrize(
    ("reason", "flagged"),
    [
        ("No audit of the model was carried out before release.", True),
        ("The model has not been audited.", True),
        ("We did not red-team this checkpoint.", True),
        ("The model was never red-teamed by outsiders.", True),
        ("The model is a research checkpoint nobody outside the lab can use.", False),
        ("No dataset was released, so there is nothing to audit.", False),
    ],
)
def test_a_not_applicable_that_says_nothing_was_done_is_a_warning(
    workdir: Path, reason: str, flagged: bool
) -> None:
    text = (CHECK / "complete.yaml").read_text(encoding="utf-8")
    start, end = text.index("audits:\n"), text.index("risks:\n")
    audits = f"audits:\n  status: not_applicable\n  reason: {reason}\n"
    Path("d.yaml").write_text(text[:start] + audits + text[end:], encoding="utf-8")
    result = check("d.yaml")
    assert ("warning[not-applicable-reads-as-none]" in result.stdout) is flagged, result.stdout
