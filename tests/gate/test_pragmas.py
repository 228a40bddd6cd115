"""`# rlhf-disclosure: ignore[rule, ...] reason`: a file turns policy rules off for itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_helpers import run
from tests.repo import REPO

WARNINGS = REPO / "tests" / "fixtures" / "check" / "warnings.yaml"
REASON = "The source paper prints these results without sample sizes."


def checked(workdir: Path, header: str, *args: str, source: Path = WARNINGS) -> tuple[int, str]:
    (workdir / "d.yaml").write_text(header + source.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("check", "--strict", *args, "d.yaml")
    return result.exit_code, result.stdout


def codes(stdout: str) -> list[str]:
    return [line.split(" ")[1] for line in stdout.splitlines()]


def test_without_a_comment_the_warnings_fail_a_strict_check(workdir: Path) -> None:
    status, stdout = checked(workdir, "")
    assert status == 1
    assert set(codes(stdout)) == {
        "warning[result-without-n]",
        "warning[result-without-uncertainty]",
    }


@pytest.mark.parametrize(
    ("header", "left"),
    [
        (f"# rlhf-disclosure: ignore[result-without-n] {REASON}\n", "result-without-uncertainty"),
        (
            f"# rlhf-disclosure: ignore[result-without-n, result-without-uncertainty] {REASON}\n",
            None,
        ),
        (
            f"# rlhf-disclosure: ignore[result-without-n] {REASON}\n"
            f"  #rlhf-disclosure:ignore[result-without-uncertainty] {REASON}\n",
            None,
        ),
    ],
)
def test_a_comment_turns_the_named_rules_off(workdir: Path, header: str, left: str | None) -> None:
    status, stdout = checked(workdir, header)
    assert status == (1 if left else 0), stdout
    assert {c.split("[")[1].rstrip("]") for c in codes(stdout)} == ({left} if left else set())


@pytest.mark.parametrize(
    ("comment", "message"),
    [
        (
            f"ignore[result-without-m] {REASON}",
            "1:3: error[bad-comment]: unknown rule 'result-without-m'; "
            "did you mean 'result-without-n'?",
        ),
        (
            "ignore[result-without-n]",
            "1:3: error[bad-comment]: say why the rules do not apply, after the brackets",
        ),
        (
            "ignore[result-without-n] n/a",
            "1:3: error[bad-comment]: say why the rules do not apply, after the brackets",
        ),
        (f"ignore[] {REASON}", "1:3: error[bad-comment]: the comment names no rule to ignore"),
        (
            f"skip[result-without-n] {REASON}",
            "1:3: error[bad-comment]: cannot read the comment 'rlhf-disclosure: skip[",
        ),
        (
            f"ignore[min-coverage] {REASON}",
            "1:3: error[bad-comment]: the rule 'min-coverage' is a requirement of the policy",
        ),
        (
            f"ignore[item-not-disclosed] {REASON}",
            "1:3: error[bad-comment]: the rule 'item-not-disclosed' is a requirement",
        ),
    ],
)
def test_a_comment_it_cannot_honour_is_a_located_error(
    workdir: Path, comment: str, message: str
) -> None:
    status, stdout = checked(workdir, f"# rlhf-disclosure: {comment}\n")
    assert status == 1
    assert f"d.yaml:{message}" in stdout, stdout


def test_a_locked_rule_stays_on_despite_the_comment(workdir: Path) -> None:
    status, stdout = checked(
        workdir,
        f"# rlhf-disclosure: ignore[min-coverage] {REASON}\n",
        "--min-coverage",
        "100",
        source=WARNINGS.with_name("withheld-annotators.yaml"),
    )
    assert status == 1
    assert "error[min-coverage]" in stdout


def test_a_policy_can_refuse_such_comments(workdir: Path) -> None:
    (workdir / "policy.yaml").write_text("policy_version: 1\nfile_ignores: false\n", "utf-8")
    status, stdout = checked(
        workdir,
        f"# rlhf-disclosure: ignore[result-without-n, result-without-uncertainty] {REASON}\n",
        "--policy",
        "policy.yaml",
    )
    assert status == 1
    lines = stdout.splitlines()
    assert lines[0] == (
        "d.yaml:1:1: error[comment-not-allowed]: the policy does not let files turn rules off; "
        "this comment is not honoured (hint: remove the comment)"
    )
    assert "warning[result-without-n]" in stdout


def test_a_comment_cannot_hide_schema_errors(workdir: Path) -> None:
    header = f"# rlhf-disclosure: ignore[todo, item-missing] {REASON}\n"
    (workdir / "d.yaml").write_text(header + "schema_version: 2\nmodel: {name: X, licnese: Y}\n")
    result = run("check", "d.yaml")
    assert result.exit_code == 1
    assert "error[unknown-field]" in result.stdout


def test_the_same_text_inside_a_value_is_not_a_comment(workdir: Path) -> None:
    text = WARNINGS.read_text(encoding="utf-8")
    value = f"# rlhf-disclosure: ignore[result-without-n, result-without-uncertainty] {REASON}"
    (workdir / "d.yaml").write_text(
        text + f"extensions:\n  note: >-\n    x\n  quoted: '{value}'\n", encoding="utf-8"
    )
    result = run("check", "--strict", "d.yaml")
    assert result.exit_code == 1
    assert "warning[result-without-n]" in result.stdout


PRAGMA = "# rlhf-disclosure: ignore[todo] The model card is still being drafted this week."


@pytest.mark.parametrize(
    ("description", "ignored"),
    [
        # A line of text that looks like a comment is text: it turns nothing off.
        (f"|\n    Some text.\n    {PRAGMA}\n    TODO\n", False),
        (f">-\n    Some text.\n    {PRAGMA}\n    TODO\n", False),
        (f'"Some text.\n    {PRAGMA}\n    TODO"\n', False),
        (f"'Some text.\n    {PRAGMA}\n    TODO'\n", False),
        # A comment after the block scalar, less indented, is a comment.
        (f"|\n    TODO\n  {PRAGMA}\n", True),
        (f"TODO\n{PRAGMA}\n", True),
    ],
    ids=["literal", "folded", "double-quoted", "single-quoted", "after-block", "after-plain"],
)
def test_only_real_comments_turn_rules_off(workdir: Path, description: str, ignored: bool) -> None:
    text = f"schema_version: 2\nmodel:\n  name: M\n  description: {description}"
    (workdir / "d.yaml").write_text(text, encoding="utf-8")
    stdout = run("check", "d.yaml").stdout
    assert ("error[todo] model.description" not in stdout) is ignored, stdout
    assert "bad-comment" not in stdout
