"""Data-driven CLI tests: every fixture file, with golden output for the invalid ones.

`tests/fixtures/invalid/NAME.yaml` must fail validation and print exactly
`tests/fixtures/invalid/NAME.out` (the stdout of
`rlhf-disclosure validate tests/fixtures/invalid/NAME.yaml` run from the repository
root, with the options in `NAME.args` if there is one, such as a small `--max-size`
for the size limit). `tests/fixtures/valid/*.yaml` and `examples/*.yaml` must
validate silently.
Regenerate the golden files with `make golden` and review them with `git diff`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from tests.cli_helpers import fixture_args, run_clean
from tests.repo import REPO, rel

FIXTURES = REPO / "tests" / "fixtures"
INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))
VALID = sorted((FIXTURES / "valid").glob("*.yaml"))
EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))


def validate(*args: str) -> Result:
    return run_clean("validate", *args)


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_fails_with_golden_output(
    path: Path, in_repo: Path, golden: Callable[[str, Path], None]
) -> None:
    result = validate(*fixture_args(path), rel(path))
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("1 file checked: 0 valid, 1 invalid; ")
    golden(result.stdout, path.with_suffix(".out"))


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_output_is_located(path: Path, in_repo: Path) -> None:
    """Every reported line names the file, a line and a column, and an issue code."""
    lines = validate(*fixture_args(path), rel(path)).stdout.splitlines()
    assert lines, "an invalid file must produce at least one issue"
    prefix = rel(path) + ":"
    last_line = path.read_bytes().count(b"\n") + 1
    for line in lines:
        assert line.startswith(prefix), line
        place, _, rest = line[len(prefix) :].partition(": ")
        row, col = place.split(":")
        assert 1 <= int(row) <= last_line and int(col) >= 1, line
        assert rest.startswith("error[") or rest.startswith("warning["), line
        assert "\x1b[" not in line


@pytest.mark.parametrize("path", VALID + EXAMPLES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_valid_file_passes_silently(path: Path, in_repo: Path) -> None:
    result = validate(rel(path))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == "1 file checked: 1 valid, 0 invalid; 0 error(s), 0 warning(s)\n"


def test_fixture_sets_are_not_empty() -> None:
    # Guards against the parametrized tests passing vacuously after a move or rename.
    assert len(VALID) >= 4
    assert len(INVALID) >= 40


def test_every_invalid_fixture_has_golden_output_and_no_output_is_orphaned() -> None:
    outs = {p.stem for p in (FIXTURES / "invalid").glob("*.out")}
    yamls = {p.stem for p in INVALID}
    assert outs == yamls, {"without .out": yamls - outs, "without .yaml": outs - yamls}


def test_valid_fixtures_together_as_a_directory(in_repo: Path) -> None:
    result = validate(rel(FIXTURES / "valid"))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(f"{len(VALID)} files checked: {len(VALID)} valid, 0 invalid")


def test_invalid_fixtures_together_report_every_file(in_repo: Path) -> None:
    """One run over many files gives each file's output, in order (fixtures that need
    their own options are left out: under the defaults they may be valid)."""
    plain = [p for p in INVALID if not fixture_args(p)]
    assert len(plain) >= len(INVALID) - 3
    result = validate(*(rel(p) for p in plain))
    assert result.exit_code == 1
    expected = "".join(p.with_suffix(".out").read_text(encoding="utf-8") for p in plain)
    assert result.stdout == expected
    assert result.stderr.startswith(f"{len(plain)} files checked: 0 valid, {len(plain)} invalid")


def test_a_directory_yields_every_fixture(in_repo: Path) -> None:
    result = validate(rel(FIXTURES / "invalid"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{len(INVALID)} files checked: ")


def test_billion_laughs_is_refused_at_the_first_alias(in_repo: Path) -> None:
    result = validate(rel(FIXTURES / "invalid" / "billion-laughs.yaml"))
    assert result.exit_code == 1
    assert "error[alias]" in result.stdout
    # Refused while building, not expanded: one issue per alias node, not 9**9.
    assert len(result.stdout.splitlines()) < 100


def test_bom_file_is_valid_and_keeps_its_text() -> None:
    from rlhf_disclosure import load_disclosure

    path = FIXTURES / "valid" / "utf8-bom.yaml"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert load_disclosure(path).model.name == "BOM-prefixed \u00e9t\u00e9 model"


def test_binary_fixtures_are_intact() -> None:
    # A checkout that rewrote these would silently test something else.
    assert b"\x00" in (FIXTURES / "invalid" / "nul-byte.yaml").read_bytes()
    raw = (FIXTURES / "invalid" / "invalid-utf8.yaml").read_bytes()
    assert b"\xe9" in raw
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
