"""The `golden` fixture of tests/conftest.py, run in a scratch pytest session: it passes
on a match, fails with a diff and the command that updates, and `--update-golden`
writes the file byte for byte."""

from __future__ import annotations

import textwrap

import pytest

from tests.repo import REPO

_GOLDEN_TEST = textwrap.dedent(
    """
    from pathlib import Path

    def test_it(golden):
        golden("line one\\nline two\\n", Path("expected.out"))
    """
)


@pytest.fixture
def scratch(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeconftest((REPO / "tests" / "conftest.py").read_text(encoding="utf-8"))
    pytester.makepyfile(test_scratch=_GOLDEN_TEST)
    return pytester


def test_golden_passes_when_the_file_matches(scratch: pytest.Pytester) -> None:
    (scratch.path / "expected.out").write_text("line one\nline two\n", encoding="utf-8")
    scratch.runpytest().assert_outcomes(passed=1)


def test_golden_fails_with_a_diff_and_the_command_to_update(scratch: pytest.Pytester) -> None:
    (scratch.path / "expected.out").write_text("line one\nline 2\n", encoding="utf-8")
    result = scratch.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*output differs from golden file expected.out*",
            "-line 2",
            "+line two",
            "*run `make golden`*",
        ]
    )


def test_golden_fails_on_a_missing_file(scratch: pytest.Pytester) -> None:
    result = scratch.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*golden file expected.out does not exist*make golden*"])


def test_golden_notices_a_missing_final_newline(scratch: pytest.Pytester) -> None:
    (scratch.path / "expected.out").write_text("line one\nline two", encoding="utf-8")
    result = scratch.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*No newline at end of file*"])


def test_update_golden_writes_the_file_exactly(scratch: pytest.Pytester) -> None:
    (scratch.path / "expected.out").write_text("stale\r\n", encoding="utf-8")
    scratch.runpytest("--update-golden").assert_outcomes(passed=1)
    assert (scratch.path / "expected.out").read_bytes() == b"line one\nline two\n"
    scratch.runpytest().assert_outcomes(passed=1)
