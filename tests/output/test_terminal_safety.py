"""Text from a disclosure or its file name never forges an output line or reaches a
terminal raw: control characters and bidi overrides are shown as escapes in every
command and format, and JSON is always valid UTF-8."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_helpers import run
from tests.repo import REPO

INVALID = REPO / "tests" / "fixtures" / "check" / "invalid.yaml"
EXAMPLE = REPO / "examples" / "open-dpo-aif.yaml"
RAW = ("\x1b", "\u202e", "\x07", "\x9b")


def raw_control(text: str) -> list[str]:
    return [ch for ch in RAW if ch in text]


FORGED = "bad\n::warning file=x.yaml::forged\x1b]0;title\x07.yaml"


@pytest.mark.parametrize("command", ["validate", "check"])
@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_a_file_name_cannot_forge_lines_or_send_escapes(
    workdir: Path, command: str, fmt: str
) -> None:
    shutil.copy(INVALID, workdir / FORGED)
    result = run(command, "--format", fmt, FORGED)
    assert result.exit_code == 1
    assert raw_control(result.output) == []
    if fmt == "json":
        doc = json.loads(result.stdout)
        assert {i["file"] for i in doc["issues"]} == {
            "bad\\n::warning file=x.yaml::forged\\x1b]0;title\\x07.yaml"
        }
    else:
        lines = result.stdout.splitlines()
        assert len(lines) == 2  # the two problems of the file, one line each
        assert not any(line.startswith("::warning file=x.yaml") for line in lines)


def test_json_output_is_valid_utf8_for_a_name_that_is_not(tmp_path: Path) -> None:
    name = b"bad\xff\xfe.yaml"
    shutil.copy(INVALID, os.path.join(os.fsencode(tmp_path), name))
    exe = Path(sys.executable).with_name("rlhf-disclosure")
    for command in ("validate", "check", "coverage"):
        proc = subprocess.run(
            [os.fsencode(exe), command.encode(), b"--format", b"json", name],
            cwd=tmp_path,
            capture_output=True,
            check=False,
            timeout=600,
        )
        doc = json.loads(proc.stdout.decode("utf-8"))  # strict: raises on invalid UTF-8
        assert doc is not None
        proc.stderr.decode("utf-8")


HOSTILE_REASON = "Shared with auditors only \x1b[2J\x1b]0;pwned\x07 and \u202egnissim\u202c."


@pytest.mark.parametrize("fmt", ["text", "md", "json"])
def test_coverage_shows_escapes_instead_of_control_characters(workdir: Path, fmt: str) -> None:
    doc = workdir / "hostile.yaml"
    escaped = HOSTILE_REASON.encode("unicode_escape").decode()
    doc.write_text(
        "schema_version: 2\nmodel:\n  name: M\n"
        f'audits:\n  status: withheld\n  reason: "{escaped}"\n',
        encoding="utf-8",
    )
    check = run("validate", str(doc))
    assert check.exit_code == 0, check.output
    result = run("coverage", "--format", fmt, str(doc))
    assert result.exit_code == 0, result.output
    assert raw_control(result.output) == []
    if fmt != "json":
        assert "\\x1b[2J" in result.stdout and "\\u202e" in result.stdout


def test_an_ignore_comment_with_a_bidi_override_is_shown_escaped(workdir: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    doc = workdir / "d.yaml"
    doc.write_text(
        "# rlhf-disclosure: ignore[todo\u202e] because the paper says nothing here\n" + text,
        encoding="utf-8",
    )
    result = run("check", str(doc))
    assert "\u202e" not in result.output
    assert "\\u202e" in result.stdout


def test_render_prints_the_name_it_wrote_escaped(workdir: Path) -> None:
    name = "r\x1b[31m.html"
    result = run("render", str(EXAMPLE), "-o", name)
    assert result.exit_code == 0, result.output
    assert result.stdout == "r\\x1b[31m.html\n"
    assert (workdir / name).exists()


def test_a_huge_value_is_not_quoted_whole(workdir: Path) -> None:
    """A 1 MB value gave a 1 MB message; each part of a line is at most 400 characters."""
    big = "r" * 1_000_000
    (workdir / "d.yaml").write_text(
        f"schema_version: 2\nmodel:\n  name: M\nreward_models:\n  - id: {big}\n    name: R\n",
        encoding="utf-8",
    )
    for fmt in ("text", "json"):
        result = run("validate", "--format", fmt, "d.yaml")
        assert result.exit_code == 1
        assert len(result.stdout) < 3000
        assert re.search(r"\(1,000,0\d\d characters, shortened\)", result.stdout)
