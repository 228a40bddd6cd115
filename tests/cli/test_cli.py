"""The command-line interface: arguments, exit codes, output formats, errors."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import Result

import rlhf_disclosure
from rlhf_disclosure import Issue, ValidationFailed, load_disclosure, validate_file
from rlhf_disclosure.cli.app import use_color
from rlhf_disclosure.output.reporters import github_line
from tests.cli_helpers import run
from tests.repo import REPO

VALID = REPO / "tests" / "fixtures" / "valid"
INVALID = REPO / "tests" / "fixtures" / "invalid"

MINIMAL = "schema_version: 2\nmodel:\n  name: Tiny-1B\n"
BROKEN = "schema_version: 2\nmodel:\n  name: Tiny-1B\n  licence: NO\n"

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# Version and usage errors


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"rlhf-disclosure {rlhf_disclosure.__version__}\n"
    assert re.fullmatch(r"\d+\.\d+\.\d+\S*", rlhf_disclosure.__version__)


def test_no_arguments_shows_help_and_exits_2() -> None:
    result = run()
    assert result.exit_code == 2
    assert "Usage:" in result.output
    assert "validate" in result.output


def test_unknown_option_exits_2() -> None:
    result = run("--no-such-option")
    assert result.exit_code == 2
    assert "No such option: --no-such-option" in result.stderr


def test_unknown_command_exits_2() -> None:
    result = run("valdiate", "x.yaml")
    assert result.exit_code == 2
    assert "valdiate" in result.stderr


def test_validate_without_paths_exits_2() -> None:
    result = run("validate")
    assert result.exit_code == 2
    assert "Missing argument" in result.stderr
    assert result.stdout == ""


def test_unknown_format_exits_2(in_repo: Path) -> None:
    result = run("validate", "--format", "xml", "tests/fixtures/valid/minimal.yaml")
    assert result.exit_code == 2
    assert result.stderr == "usage error: --format must be text, json or github, not 'xml'\n"
    assert result.stdout == ""


def test_help_lists_the_options() -> None:
    result = run("validate", "--help")
    assert result.exit_code == 0
    for option in ("--format", "--max-size"):
        assert option in result.stdout


# Text output and exit codes


def test_valid_file_exits_0_with_summary_on_stderr(workdir: Path) -> None:
    write(workdir / "ok.yaml", MINIMAL)
    result = run("validate", "ok.yaml")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "1 file checked: 1 valid, 0 invalid; 0 error(s), 0 warning(s)\n"


def test_invalid_file_exits_1_with_located_issue(workdir: Path) -> None:
    write(workdir / "bad.yaml", BROKEN)
    result = run("validate", "bad.yaml")
    assert result.exit_code == 1
    assert result.stdout.startswith("bad.yaml:4:12: error[unquoted-value] model.licence: ")
    assert result.stderr == "1 file checked: 0 valid, 1 invalid; 1 error(s), 0 warning(s)\n"


def test_one_invalid_file_among_valid_ones_fails_the_run(workdir: Path) -> None:
    write(workdir / "a.yaml", MINIMAL)
    write(workdir / "b.yaml", BROKEN)
    result = run("validate", "a.yaml", "b.yaml")
    assert result.exit_code == 1
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == ["b.yaml"]
    assert result.stderr.startswith("2 files checked: 1 valid, 1 invalid;")


def test_missing_file_exits_1(workdir: Path) -> None:
    result = run("validate", "nowhere.yaml")
    assert result.exit_code == 1
    assert result.stdout == "nowhere.yaml:1:1: error[file-not-found]: no such file\n"


def test_max_size_refuses_a_larger_file(in_repo: Path) -> None:
    result = run("validate", "--max-size", "10", "tests/fixtures/valid/minimal.yaml")
    assert result.exit_code == 1
    assert result.stdout.startswith("tests/fixtures/valid/minimal.yaml:1:1: error[file-too-large]:")
    assert "more than the limit of 10" in result.stdout


def test_max_size_with_a_unit_accepts_a_normal_file(in_repo: Path) -> None:
    result = run("validate", "--max-size", "1KB", "tests/fixtures/valid/minimal.yaml")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("size", ["abc", "10XB", "-5", "0", ""])
def test_bad_max_size_exits_2(in_repo: Path, size: str) -> None:
    result = run("validate", "--max-size", size, "tests/fixtures/valid/minimal.yaml")
    assert result.exit_code == 2
    assert result.stderr.startswith("usage error: --max-size: cannot read")
    assert result.stdout == ""


# Directories and globs


@pytest.fixture
def tree(workdir: Path) -> Path:
    """A directory of disclosures, with hidden and non-YAML files that must be ignored."""
    root = workdir / "disclosures"
    write(root / "a.yaml", MINIMAL)
    write(root / "b.yml", MINIMAL)
    write(root / "sub" / "c.yaml", BROKEN)
    write(root / "notes.txt", "not YAML")
    write(root / "d.json", "{}")
    write(root / ".hidden" / "e.yaml", "not: [valid")
    write(root / "sub" / ".git" / "f.yaml", "not: [valid")
    write(root / ".dotfile.yaml", "not: [valid")
    return root


def checked_files(result: Result) -> list[str]:
    return [f["file"] for f in json.loads(result.stdout)["files"]]


def test_directory_validates_every_yaml_file_below_it(tree: Path) -> None:
    result = run("validate", "--format", "json", "disclosures")
    assert result.exit_code == 1  # sub/c.yaml is invalid
    assert checked_files(result) == [
        os.path.join("disclosures", "a.yaml"),
        os.path.join("disclosures", "b.yml"),
        os.path.join("disclosures", "sub", "c.yaml"),
    ]


def test_directory_of_valid_files_exits_0(tree: Path) -> None:
    (tree / "sub" / "c.yaml").unlink()
    result = run("validate", "disclosures")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("2 files checked: 2 valid, 0 invalid")


def test_glob_argument_is_expanded(tree: Path) -> None:
    result = run("validate", "--format", "json", "disclosures/*.yaml")
    assert result.exit_code == 0, result.output
    assert checked_files(result) == [os.path.join("disclosures", "a.yaml")]


def test_recursive_glob_argument(tree: Path) -> None:
    result = run("validate", "--format", "json", "disclosures/**/*.yaml")
    assert sorted(checked_files(result)) == sorted(
        [os.path.join("disclosures", "a.yaml"), os.path.join("disclosures", "sub", "c.yaml")]
    )


def test_glob_matching_nothing_exits_1(tree: Path) -> None:
    result = run("validate", "disclosures/*.toml")
    assert result.exit_code == 1
    assert "disclosures/*.toml:1:1: error[file-not-found]" in result.stdout


def test_file_named_twice_is_checked_once(tree: Path) -> None:
    result = run("validate", "--format", "json", "disclosures/a.yaml", "./disclosures/a.yaml")
    assert checked_files(result) == ["disclosures/a.yaml"]


def test_directory_without_yaml_exits_1_with_a_message(workdir: Path) -> None:
    write(workdir / "empty" / "readme.txt", "nothing here")
    result = run("validate", "empty")
    assert result.exit_code == 1
    assert result.stdout == (
        "empty:1:1: error[no-yaml-files]: the directory holds no .yaml or .yml files\n"
    )


# JSON


def test_json_output_has_files_issues_and_summary(workdir: Path) -> None:
    write(workdir / "a.yaml", MINIMAL)
    write(workdir / "b.yaml", BROKEN)
    result = run("validate", "--format", "json", "a.yaml", "b.yaml")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert set(doc) == {"files", "issues", "summary"}
    assert doc["files"] == [{"file": "a.yaml", "valid": True}, {"file": "b.yaml", "valid": False}]
    [issue] = doc["issues"]
    assert issue["file"] == "b.yaml"
    assert (issue["line"], issue["column"]) == (4, 12)
    assert issue["path"] == "model.licence"
    assert issue["code"] == "unquoted-value"
    assert issue["severity"] == "error"
    assert issue["hint"]
    assert doc["summary"] == {"files": 2, "valid": 1, "invalid": 1, "errors": 1, "warnings": 0}
    assert result.stderr == ""


def test_json_output_for_valid_files_exits_0(in_repo: Path) -> None:
    result = run("validate", "-f", "json", "tests/fixtures/valid")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["issues"] == []
    assert doc["summary"]["invalid"] == 0
    assert doc["summary"]["valid"] == len(list(VALID.glob("*.yaml"))) >= 4


def test_json_keeps_non_ascii_text(workdir: Path) -> None:
    write(workdir / "é.yaml", "schema_version: 2\nmodel:\n  nàme: x\n")
    doc = json.loads(run("validate", "--format", "json", "é.yaml").stdout)
    assert doc["files"] == [{"file": "é.yaml", "valid": False}]
    assert any("'nàme'" in issue["message"] for issue in doc["issues"])
    assert "\\u" not in run("validate", "--format", "json", "é.yaml").stdout


# GitHub annotations


def test_github_format_writes_workflow_commands(workdir: Path) -> None:
    write(workdir / "bad.yaml", BROKEN)
    result = run("validate", "--format", "github", "bad.yaml")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("::error file=bad.yaml,line=4,col=12,title=rlhf-disclosure ")
    assert "::model.licence: expected text" in lines[0]


def test_github_format_escapes_commas_and_colons_in_file_names(workdir: Path) -> None:
    name = "odd,name:v1.yaml"
    write(workdir / name, BROKEN)
    result = run("validate", "--format", "github", name)
    assert result.exit_code == 1
    [line] = result.stdout.splitlines()
    assert line.startswith("::error file=odd%2Cname%3Av1.yaml,line=4,col=12,")
    # Only the property separators remain unescaped between 'file=' and '::'.
    props = line[len("::error ") : line.index("::", 2)]
    assert [p.split("=")[0] for p in props.split(",")] == ["file", "line", "col", "title"]


def test_github_format_shows_a_newline_from_the_file_as_an_escape(workdir: Path) -> None:
    write(workdir / "bad.yaml", 'schema_version: 2\nmodel:\n  name: x\n  "a\\nb%": 1\n')
    result = run("validate", "--format", "github", "bad.yaml")
    [line] = result.stdout.splitlines()
    assert "a\\nb%25" in line


def test_github_format_escapes_newlines_in_messages() -> None:
    issue = Issue("f.yaml", 1, 1, "x", "code", "two\nlines%", "a\rhint")
    line = github_line(issue)
    assert "\n" not in line and "\r" not in line
    assert "two%0Alines%25" in line and "a%0Dhint" in line


def test_github_format_prints_nothing_for_valid_files(in_repo: Path) -> None:
    result = run("validate", "--format", "github", "tests/fixtures/valid")
    assert result.exit_code == 0
    assert result.stdout == ""


# Colour


def test_no_ansi_when_stdout_is_not_a_terminal(workdir: Path) -> None:
    write(workdir / "bad.yaml", BROKEN)
    # color=True stops the runner from stripping escapes itself, so any the CLI
    # writes would show.
    result = run("validate", "bad.yaml", color=True)
    assert result.exit_code == 1
    assert "error[unquoted-value]" in result.stdout
    assert not ANSI.search(result.output)


def test_no_ansi_with_no_color_set(workdir: Path) -> None:
    write(workdir / "bad.yaml", BROKEN)
    result = run("validate", "bad.yaml", env={"NO_COLOR": "1"}, color=True)
    assert result.exit_code == 1
    assert "error[unquoted-value]" in result.stdout
    assert not ANSI.search(result.output)


class _Terminal:
    def isatty(self) -> bool:
        return True


class _Pipe:
    def isatty(self) -> bool:
        return False


def test_use_color_only_on_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_color(_Terminal())
    assert not use_color(_Pipe())
    assert not use_color(object())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color(_Terminal())


def _run_on_a_terminal(args: list[str], env: dict[str, str]) -> str:
    """Run the real CLI with stdout on a pseudo-terminal; return what it wrote there."""
    controller, terminal = os.openpty()
    try:
        subprocess.run(
            [sys.executable, "-m", "rlhf_disclosure", *args],
            stdout=terminal,
            stderr=subprocess.DEVNULL,
            cwd=REPO,
            env=env,
            check=False,
            timeout=600,
        )
        os.close(terminal)
        terminal = -1
        chunks = []
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # EIO once the terminal side is closed and drained
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks).decode("utf-8")
    finally:
        os.close(controller)
        if terminal != -1:
            os.close(terminal)


def _env_without(*names: str) -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in names}


def test_colour_on_a_terminal_unless_no_color() -> None:
    args = ["validate", "tests/fixtures/invalid/licence-norway-no.yaml"]
    coloured = _run_on_a_terminal(args, _env_without("NO_COLOR"))
    assert ANSI.search(coloured), coloured
    assert "error[unquoted-value]" in ANSI.sub("", coloured)
    plain = _run_on_a_terminal(args, {**_env_without("NO_COLOR"), "NO_COLOR": "1"})
    assert "error[unquoted-value]" in plain
    assert not ANSI.search(plain), plain


# Internal errors


def _explode(*args: object, **kwargs: object) -> None:
    raise RuntimeError("boom")


def test_internal_error_exits_3_without_traceback(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(workdir / "ok.yaml", MINIMAL)
    monkeypatch.setattr("rlhf_disclosure.validation.batch.check_file", _explode)
    result = run("validate", "ok.yaml")
    assert result.exit_code == 3
    assert "internal error: RuntimeError: boom" in result.stderr
    assert "--debug" in result.stderr
    assert "Traceback" not in result.output


def test_internal_error_with_debug_shows_the_traceback(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(workdir / "ok.yaml", MINIMAL)
    monkeypatch.setattr("rlhf_disclosure.validation.batch.check_file", _explode)
    result = run("--debug", "validate", "ok.yaml")
    assert result.exit_code == 3
    assert "Traceback (most recent call last)" in result.stderr
    assert "RuntimeError: boom" in result.stderr
    assert "_explode" in result.stderr
    assert "Traceback" not in result.stdout


def test_debug_does_not_leak_into_the_next_run(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(workdir / "ok.yaml", MINIMAL)
    monkeypatch.setattr("rlhf_disclosure.validation.batch.check_file", _explode)
    assert "Traceback" in run("--debug", "validate", "ok.yaml").stderr
    result = run("validate", "ok.yaml")
    assert result.exit_code == 3
    assert "Traceback" not in result.stderr


def test_debug_environment_variable_shows_the_traceback(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(workdir / "ok.yaml", MINIMAL)
    monkeypatch.setattr("rlhf_disclosure.validation.batch.check_file", _explode)
    result = run("validate", "ok.yaml", env={"RLHF_DISCLOSURE_DEBUG": "1"})
    assert result.exit_code == 3
    assert "Traceback (most recent call last)" in result.stderr


# The library API


def test_load_disclosure_returns_the_model() -> None:
    disclosure = load_disclosure(VALID / "multi-reward.yaml")
    assert isinstance(disclosure, rlhf_disclosure.Disclosure)
    assert disclosure.model.name == "Multi-RM-7B"


def test_load_disclosure_raises_validation_failed_with_issues(workdir: Path) -> None:
    path = write(workdir / "bad.yaml", BROKEN)
    with pytest.raises(ValidationFailed) as caught:
        load_disclosure(path)
    [issue] = caught.value.issues
    assert isinstance(issue, Issue)
    assert (issue.file, issue.line, issue.column) == (str(path), 4, 12)
    assert (issue.path, issue.code) == ("model.licence", "unquoted-value")
    assert f"{path}:4:12" in str(caught.value)


def test_load_disclosure_of_a_missing_file_raises_validation_failed(workdir: Path) -> None:
    with pytest.raises(ValidationFailed) as caught:
        load_disclosure("missing.yaml")
    assert [i.code for i in caught.value.issues] == ["file-not-found"]


def test_validate_file_lists_issues(workdir: Path) -> None:
    assert validate_file(write(workdir / "ok.yaml", MINIMAL)) == []
    issues = validate_file(write(workdir / "bad.yaml", BROKEN))
    assert [(i.line, i.code) for i in issues] == [(4, "unquoted-value")]


def test_validate_file_respects_max_size(workdir: Path) -> None:
    issues = validate_file(write(workdir / "ok.yaml", MINIMAL), max_size=10)
    assert [i.code for i in issues] == ["file-too-large"]


# Running as a module


def test_python_dash_m_version() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "rlhf_disclosure", "--version"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"rlhf-disclosure {rlhf_disclosure.__version__}\n"


def test_python_dash_m_output_matches_the_golden_file() -> None:
    """The golden files hold the real command's stdout, byte for byte."""
    fixture = "tests/fixtures/invalid/duplicate-key-nested.yaml"
    proc = subprocess.run(
        [sys.executable, "-m", "rlhf_disclosure", "validate", fixture],
        capture_output=True,
        cwd=REPO,
        env=_env_without("NO_COLOR"),
        check=False,
        timeout=600,
    )
    assert proc.returncode == 1
    assert proc.stdout == (REPO / fixture).with_suffix(".out").read_bytes()


# Shell completion and -V


def test_short_version_option_is_the_same_as_the_long_one() -> None:
    assert run("-V").stdout == run("--version").stdout
    assert run("-V").exit_code == 0


@pytest.mark.parametrize(
    ("shell", "marker"),
    [
        ("bash", "complete -o default -F _rlhf_disclosure_completion rlhf-disclosure"),
        ("zsh", "#compdef rlhf-disclosure"),
    ],
)
def test_show_completion_prints_the_script_for_the_shell(
    monkeypatch: pytest.MonkeyPatch, shell: str, marker: str
) -> None:
    import shellingham

    monkeypatch.setattr(shellingham, "detect_shell", lambda: (shell, f"/bin/{shell}"))
    result = run("--show-completion")
    assert result.exit_code == 0, result.output
    assert marker in result.stdout
    assert "_RLHF_DISCLOSURE_COMPLETE=complete_" + shell in result.stdout


def test_install_completion_writes_the_script_under_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import shellingham

    monkeypatch.setattr(shellingham, "detect_shell", lambda: ("bash", "/bin/bash"))
    result = run("--install-completion", env={"HOME": str(tmp_path)})
    assert result.exit_code == 0, result.output
    script = tmp_path / ".bash_completions" / "rlhf-disclosure.sh"
    assert "_rlhf_disclosure_completion" in script.read_text(encoding="utf-8")
    assert str(script) in (tmp_path / ".bashrc").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("rlhf-disclosure val", "validate"),
        ("rlhf-disclosure render --out", "--out-dir"),
        ("rlhf-disclosure coverage --fr", "--framework"),
    ],
)
def test_bash_completes_commands_and_options(words: str, expected: str) -> None:
    """The script bash gets, sourced in a real bash, completes through the console script."""
    exe = Path(sys.executable).with_name("rlhf-disclosure")
    script = (
        f'source <("{exe}" --show-completion)\n'
        f"COMP_WORDS=({words}); COMP_CWORD={len(words.split()) - 1}\n"
        '_rlhf_disclosure_completion "rlhf-disclosure"\n'
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    env = {**os.environ, "PATH": f"{exe.parent}{os.pathsep}{os.environ['PATH']}"}
    env.pop("NO_COLOR", None)
    proc = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", script],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert expected in proc.stdout.split(), proc.stdout + proc.stderr
