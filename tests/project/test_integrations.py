"""The pre-commit hooks and the GitHub Action, run the way pre-commit and Actions run them.

The hooks' `entry` is split like pre-commit does and run as a subprocess with the
selected file names appended; the Action's last step is extracted from action.yml
and run with bash and the INPUT_* environment the step declares.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from rlhf_disclosure import load_disclosure
from rlhf_disclosure.coverage.status import (
    applicable_share,
    item_statuses,
    percent_text,
    percent_value,
    questions_answered,
    tally,
)
from tests.repo import REPO

BIN = Path(sys.executable).parent
EXE = BIN / "rlhf-disclosure"
CHECK = REPO / "tests" / "fixtures" / "check"
HOOK_IDS = ["rlhf-disclosure-validate", "rlhf-disclosure-check"]


def hooks() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return {hook["id"]: hook for hook in data}


def action() -> dict[str, Any]:
    data = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def clean_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("INPUT_") and k not in ("NO_COLOR", "RLHF_DISCLOSURE_DEBUG")
    }
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra)
    return env


# pre-commit


def test_hooks_are_declared() -> None:
    found = hooks()
    assert list(found) == HOOK_IDS
    for hook in found.values():
        assert hook["language"] == "python"
        assert hook["entry"].startswith("rlhf-disclosure ")
        assert hook["types"] == ["yaml"]
        assert hook["name"]
        assert hook["description"]
    assert shlex.split(found["rlhf-disclosure-validate"]["entry"]) == [
        "rlhf-disclosure",
        "validate",
    ]
    assert shlex.split(found["rlhf-disclosure-check"]["entry"]) == ["rlhf-disclosure", "check"]


def test_the_entry_executable_is_the_installed_console_script() -> None:
    for hook in hooks().values():
        assert shutil.which(shlex.split(hook["entry"])[0], path=str(BIN)) == str(EXE)


@pytest.mark.parametrize("hook_id", HOOK_IDS)
@pytest.mark.parametrize(
    ("path", "selected"),
    [
        ("disclosure.yaml", True),
        ("disclosure.yml", True),
        ("docs/model-disclosure.yml", True),
        ("models/chat/disclosure-v2.yaml", True),
        ("rlhf-disclosures/a.yaml", False),  # the directory name does not count
        (".github/workflows/ci.yml", False),
        ("disclosure.json", False),
        ("disclosure.yaml.bak", False),
        ("README.md", False),
        # Files about disclosures that are not disclosures:
        ("disclosure-policy.yaml", False),
        ("config/disclosure_policies.yml", False),
        (".github/workflows/disclosure-check.yml", False),
        ("docs/disclosure.schema.yaml", False),
        # Names in any case, as the CLI reads directories:
        ("Borealis-Disclosure.yaml", True),
        ("borealis-disclosure.YAML", True),
        ("DISCLOSURE-POLICY.YML", False),
        (".GitHub/disclosure.yaml", False),
    ],
)
def test_files_pattern(hook_id: str, path: str, selected: bool) -> None:
    assert bool(selects(hooks()[hook_id], path)) is selected


def selects(hook: dict[str, Any], path: str) -> bool:
    """pre-commit's choice: re.search of `files`, and not of `exclude`, on the path."""
    excluded = "exclude" in hook and re.search(hook["exclude"], path)
    return bool(re.search(hook["files"], path)) and not excluded


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A repository with disclosures, an invalid one, and files the hooks must skip."""
    (tmp_path / "docs").mkdir()
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    shutil.copy(CHECK / "complete.yaml", tmp_path / "disclosure.yaml")
    shutil.copy(REPO / "examples" / "closed-withheld.yaml", tmp_path / "docs/model-disclosure.yml")
    (tmp_path / ".github/workflows/ci.yml").write_text("on: push\njobs: {}\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# Project\n", encoding="utf-8")
    # A policy file named like the README's example: not a disclosure.
    (tmp_path / "disclosure-policy.yaml").write_text(
        "policy_version: 1\nrequire_disclosed: [annotators]\n", encoding="utf-8"
    )
    return tmp_path


def selected_files(root: Path, hook: dict[str, Any]) -> list[str]:
    """The files pre-commit would pass: `files` pattern and `types: [yaml]`."""
    names = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    return [n for n in names if selects(hook, n) and n.endswith((".yaml", ".yml"))]


def run_hook(hook_id: str, root: Path, extra_files: list[str] | None = None) -> Any:
    hook = hooks()[hook_id]
    command = shlex.split(hook["entry"])
    command[0] = str(EXE)
    files = extra_files if extra_files is not None else selected_files(root, hook)
    return subprocess.run(
        [*command, *files],
        cwd=root,
        capture_output=True,
        text=True,
        env=clean_env(),
        check=False,
        timeout=600,
    )


@pytest.mark.parametrize("hook_id", HOOK_IDS)
def test_hook_passes_valid_disclosures(project: Path, hook_id: str) -> None:
    assert selected_files(project, hooks()[hook_id]) == [
        "disclosure.yaml",
        "docs/model-disclosure.yml",
    ]
    proc = run_hook(hook_id, project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == ""
    assert proc.stderr == "2 files checked: 2 valid, 0 invalid; 0 error(s), 0 warning(s)\n"


@pytest.mark.parametrize("hook_id", HOOK_IDS)
def test_hook_fails_on_an_invalid_disclosure(project: Path, hook_id: str) -> None:
    shutil.copy(CHECK / "invalid.yaml", project / "docs" / "broken-disclosure.yaml")
    files = selected_files(project, hooks()[hook_id])
    assert "docs/broken-disclosure.yaml" in files
    proc = run_hook(hook_id, project)
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        "docs/broken-disclosure.yaml:3:1: error[missing-field] model.name: required field "
        "'name' is missing (hint: add 'name:' under this mapping)",
        "docs/broken-disclosure.yaml:9:14: error[out-of-range] "
        "feedback_collections[prefs].annotators.count: must be at least 0, got -3",
    ]
    assert proc.stderr == "3 files checked: 2 valid, 1 invalid; 2 error(s), 0 warning(s)\n"


def test_check_hook_applies_the_policy_where_validate_does_not(project: Path) -> None:
    shutil.copy(without_comments(project) / "instructgpt.yaml", project / "gpt-disclosure.yaml")
    validate = run_hook("rlhf-disclosure-validate", project)
    assert validate.returncode == 0, validate.stdout
    check = run_hook("rlhf-disclosure-check", project)
    assert check.returncode == 1
    assert re.search(
        r"^gpt-disclosure.yaml:\d+:1: error\[item-missing\] audits:", check.stdout, re.M
    )


def test_check_hook_takes_args_like_a_pre_commit_config(project: Path) -> None:
    """`args: [--policy, ...]` in .pre-commit-config.yaml go between entry and files."""
    shutil.copy(without_comments(project) / "instructgpt.yaml", project / "gpt-disclosure.yaml")
    (project / "policy.yaml").write_text(
        "policy_version: 1\nseverity:\n  item-missing: ignore\n  result-without-n: ignore\n"
        "  result-without-uncertainty: ignore\n",
        encoding="utf-8",
    )
    hook = hooks()["rlhf-disclosure-check"]
    command = [str(EXE), *shlex.split(hook["entry"])[1:], "--policy", "policy.yaml", "--strict"]
    proc = subprocess.run(
        [*command, *selected_files(project, hook)],
        cwd=project,
        capture_output=True,
        text=True,
        env=clean_env(),
        check=False,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout
    assert proc.stderr == "3 files checked: 3 valid, 0 invalid; 0 error(s), 0 warning(s)\n"


# The GitHub Action


def test_action_inputs() -> None:
    inputs = action()["inputs"]
    assert {"paths", "policy", "strict", "min-coverage"} <= set(inputs)
    assert inputs["paths"]["required"] is True
    for name in ("policy", "strict", "min-coverage"):
        assert inputs[name]["required"] is False
        assert isinstance(inputs[name]["default"], str)
    assert inputs["strict"]["default"] == "false"
    assert inputs["policy"]["default"] == ""
    assert inputs["min-coverage"]["default"] == ""
    assert all(spec.get("description") for spec in inputs.values())


def last_step() -> dict[str, Any]:
    runs = action()["runs"]
    assert runs["using"] == "composite"
    step = runs["steps"][-1]
    assert step["shell"] == "bash"
    return step


def test_the_check_step_passes_every_input_through_the_environment() -> None:
    step = last_step()
    assert step["env"] == {
        "TOOL_BIN": "${{ steps.install.outputs.bin }}",
        "INPUT_PATHS": "${{ inputs.paths }}",
        "INPUT_POLICY": "${{ inputs.policy }}",
        "INPUT_STRICT": "${{ inputs.strict }}",
        "INPUT_MIN_COVERAGE": "${{ inputs.min-coverage }}",
    }
    # No expression is pasted into the script, where it could inject shell code.
    assert "${{" not in step["run"]


def run_action(
    tmp_path: Path,
    paths: str,
    policy: str = "",
    strict: str = "false",
    min_coverage: str = "",
    cwd: Path = REPO,
) -> subprocess.CompletedProcess[str]:
    """Run the step's script as Actions does: `bash --noprofile --norc -eo pipefail FILE`."""
    script = tmp_path / "step.sh"
    script.write_text(last_step()["run"], encoding="utf-8")
    runner = tmp_path / "runner"
    runner.mkdir(exist_ok=True)
    env = clean_env(
        TOOL_BIN=str(BIN),
        RUNNER_TEMP=str(runner),
        GITHUB_OUTPUT=str(runner / "output"),
        GITHUB_STEP_SUMMARY=str(runner / "summary.md"),
        INPUT_PATHS=paths,
        INPUT_POLICY=policy,
        INPUT_STRICT=strict,
        INPUT_MIN_COVERAGE=min_coverage,
    )
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=600,
    )


def test_action_passes_the_examples(tmp_path: Path) -> None:
    proc = run_action(
        tmp_path, "examples/open-dpo-aif.yaml\nexamples/closed-withheld.yaml\n", strict="true"
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == ""
    assert proc.stderr == "2 files checked: 2 valid, 0 invalid; 0 error(s), 0 warning(s)\n"


def test_action_passes_instructgpt_whose_comments_turn_rules_off(tmp_path: Path) -> None:
    proc = run_action(tmp_path, "examples/instructgpt.yaml", strict="true")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == ""


def test_action_annotates_missing_items(tmp_path: Path) -> None:
    proc = run_action(tmp_path, "instructgpt.yaml", cwd=without_comments(tmp_path))
    assert proc.returncode == 1
    errors = [line for line in proc.stdout.splitlines() if line.startswith("::error ")]
    assert len(errors) == 2
    assert re.match(
        r"::error file=instructgpt.yaml,line=\d+,col=1,title=rlhf-disclosure item-missing::audits: ",
        errors[0],
    )


def test_action_annotates_ten_of_each_severity_and_logs_the_rest(tmp_path: Path) -> None:
    """GitHub drops annotations past ten per severity per step: those go to the log as
    text lines and the job summary says how many did not fit."""
    proc = run_action(tmp_path, "instructgpt.yaml", cwd=without_comments(tmp_path))
    statuses = item_statuses(load_disclosure(REPO / "examples" / "instructgpt.yaml"))
    applicable, share = applicable_share(tally(statuses))
    answered, asked = questions_answered(statuses)
    lines = proc.stdout.splitlines()
    warnings = [line for line in lines if line.startswith("::warning ")]
    plain = [line for line in lines if not line.startswith("::")]
    assert len(warnings) == 10
    assert len(plain) == 37 and all(": warning[result-without-" in line for line in plain)
    assert proc.stderr == "1 file checked: 0 valid, 1 invalid; 2 error(s), 47 warning(s)\n"
    assert step_outputs(tmp_path) == {
        "valid": "false",
        "errors": "2",
        "warnings": "47",
        "coverage": f"{percent_value(share):g}",
    }
    summary = step_summary(tmp_path)
    assert "; 37 more warnings are not annotated on the files." in summary
    c = tally(statuses)
    row = (
        f"| instructgpt.yaml | no | {c['disclosed']} | {c['partial']} | {c['withheld']} "
        f"| {c['not_applicable']} | {c['not_disclosed']} | {answered}/{asked} "
        f"| {percent_text(share)} ({c['disclosed']}/{applicable}) |"
    )
    assert row in summary
    assert summary.count("| instructgpt.yaml:") == 49


def step_outputs(tmp_path: Path) -> dict[str, str]:
    text = (tmp_path / "runner" / "output").read_text(encoding="utf-8")
    return dict(line.split("=", 1) for line in text.splitlines())


def step_summary(tmp_path: Path) -> str:
    return (tmp_path / "runner" / "summary.md").read_text(encoding="utf-8")


def test_action_outputs_and_summary_of_a_passing_run(tmp_path: Path) -> None:
    proc = run_action(tmp_path, "examples")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lowest = min(
        percent_value(applicable_share(tally(item_statuses(load_disclosure(p))))[1])
        for p in sorted((REPO / "examples").glob("*.yaml"))
    )
    assert step_outputs(tmp_path) == {
        "valid": "true",
        "errors": "0",
        "warnings": "0",
        "coverage": f"{lowest:g}",
    }
    summary = step_summary(tmp_path)
    examples = sorted(p.name for p in (REPO / "examples").glob("*.yaml"))
    n = len(examples)
    assert summary.startswith(
        "## rlhf-disclosure check\n\n"
        f"**{n} files checked: {n} valid, 0 invalid; 0 error(s), 0 warning(s)**\n"
    )
    rows = [line for line in summary.splitlines() if line.startswith("| examples/")]
    assert [row.split(" | ")[0] for row in rows] == [f"| examples/{name}" for name in examples]
    assert "### Problems" not in summary and "not annotated" not in summary


def test_action_caps_error_annotations_and_the_summary_table(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(26):  # two errors each
        shutil.copy(CHECK / "invalid.yaml", folder / f"d{n:02}.yaml")
    proc = run_action(tmp_path, "many", cwd=tmp_path)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert sum(line.startswith("::error ") for line in lines) == 10
    assert sum(": error[" in line for line in lines) == 42
    assert step_outputs(tmp_path)["errors"] == "52"
    summary = step_summary(tmp_path)
    assert "### Problems (the first 50 of 52)" in summary
    assert "; 42 more errors are not annotated on the files." in summary
    assert summary.count("| many/d") == 50


def test_action_summary_escapes_what_files_contain(tmp_path: Path) -> None:
    name = "a|b <img src=x onerror=alert(1)> *c*.yaml"
    shutil.copy(CHECK / "invalid.yaml", tmp_path / name)
    proc = run_action(tmp_path, name, cwd=tmp_path)
    assert proc.returncode == 1
    summary = step_summary(tmp_path)
    assert "<img" not in summary
    for row in (line for line in summary.splitlines() if line.startswith("| a")):
        assert row.count(" | ") == 3  # the file name's pipe did not add a column


def test_action_reports_a_usage_error_in_outputs_and_summary(tmp_path: Path) -> None:
    proc = run_action(tmp_path, "examples/open-dpo-aif.yaml", min_coverage="most")
    assert proc.returncode == 2
    assert "--min-coverage" in proc.stderr
    assert step_outputs(tmp_path)["valid"] == "false"
    assert "stopped before it could report (exit 2)" in step_summary(tmp_path)


def test_action_installs_the_tool_apart_from_the_python_of_later_steps() -> None:
    steps = action()["runs"]["steps"]
    setup = steps[0]
    assert setup["uses"] == "actions/setup-python@v6"
    assert setup["with"]["update-environment"] is False
    install = steps[1]
    assert install["id"] == "install"
    assert install["env"]["BASE_PYTHON"] == "${{ steps.python.outputs.python-path }}"
    assert '"$BASE_PYTHON" -m venv "$venv"' in install["run"]
    outputs = action()["outputs"]
    assert set(outputs) == {"valid", "errors", "warnings", "coverage"}
    for name, spec in outputs.items():
        assert spec["value"] == f"${{{{ steps.check.outputs.{name} }}}}"
        assert spec["description"]


@pytest.mark.packaging
def test_action_install_step_makes_a_virtual_environment_of_its_own(tmp_path: Path) -> None:
    from tests.source_tree import copy_source

    step = action()["runs"]["steps"][1]
    script = tmp_path / "install.sh"
    script.write_text(step["run"], encoding="utf-8")
    runner = tmp_path / "runner"
    runner.mkdir()
    env = clean_env(
        ACTION_PATH=str(copy_source(tmp_path / "action")),
        BASE_PYTHON=os.path.realpath(sys.executable),
        RUNNER_TEMP=str(runner),
        GITHUB_OUTPUT=str(runner / "output"),
    )
    proc = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=1800,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    bin_dir = Path(step_outputs(tmp_path)["bin"])
    assert bin_dir == runner / "rlhf-disclosure-venv" / "bin"
    version = subprocess.run(
        [str(bin_dir / "rlhf-disclosure"), "--version"],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert version.stdout.startswith("rlhf-disclosure ")


def without_comments(tmp_path: Path) -> Path:
    """A copy of the InstructGPT example without its `# rlhf-disclosure:` comments."""
    folder = tmp_path / "plain"
    folder.mkdir()
    text = (REPO / "examples" / "instructgpt.yaml").read_text(encoding="utf-8")
    kept = [line for line in text.splitlines(True) if "# rlhf-disclosure:" not in line]
    (folder / "instructgpt.yaml").write_text("".join(kept), encoding="utf-8")
    return folder


def test_action_annotates_an_invalid_file_and_fails(tmp_path: Path) -> None:
    proc = run_action(
        tmp_path, "tests/fixtures/check/invalid.yaml\ntests/fixtures/check/complete.yaml"
    )
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        "::error file=tests/fixtures/check/invalid.yaml,line=3,col=1,title=rlhf-disclosure "
        "missing-field::model.name: required field 'name' is missing "
        "(hint: add 'name:' under this mapping)",
        "::error file=tests/fixtures/check/invalid.yaml,line=9,col=14,title=rlhf-disclosure "
        "out-of-range::feedback_collections[prefs].annotators.count: must be at least 0, got -3",
    ]
    assert proc.stderr == "2 files checked: 1 valid, 1 invalid; 2 error(s), 0 warning(s)\n"


@pytest.mark.parametrize(
    ("strict", "code"), [("false", 0), ("", 0), ("true", 1), ("True", 1), ("FALSE", 0)]
)
def test_action_strict_input_fails_on_warnings(tmp_path: Path, strict: str, code: int) -> None:
    proc = run_action(tmp_path, "tests/fixtures/check/warnings.yaml", strict=strict)
    assert proc.returncode == code
    lines = proc.stdout.splitlines()
    assert len(lines) == 2
    assert all(
        line.startswith("::warning file=tests/fixtures/check/warnings.yaml,") for line in lines
    )


@pytest.mark.parametrize(("minimum", "code"), [("", 0), ("90", 0), ("95", 1)])
def test_action_min_coverage_input(tmp_path: Path, minimum: str, code: int) -> None:
    proc = run_action(
        tmp_path, "tests/fixtures/check/withheld-annotators.yaml", min_coverage=minimum
    )
    assert proc.returncode == code, proc.stdout
    if code:
        assert proc.stdout.startswith(
            "::error file=tests/fixtures/check/withheld-annotators.yaml,line=2,col=1,"
            "title=rlhf-disclosure min-coverage::10 of 11 applicable items"
        )
    else:
        assert proc.stdout == ""


@pytest.mark.parametrize("strict", ["yes", "1", "ture"])
def test_action_refuses_a_strict_input_it_cannot_read(tmp_path: Path, strict: str) -> None:
    """Strictness must never be dropped silently because of a spelling."""
    proc = run_action(tmp_path, "examples/open-dpo-aif.yaml", strict=strict)
    assert proc.returncode == 2
    assert proc.stdout == (
        f"::error title=rlhf-disclosure::the strict input must be true or false, not '{strict}'\n"
    )


def test_action_paths_may_be_directories_and_globs(tmp_path: Path) -> None:
    proc = run_action(tmp_path, "examples\n  tests/../examples/*.yaml  \n\n")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    n = len(list((REPO / "examples").glob("*.yaml")))
    assert proc.stderr.startswith(f"{n} files checked: {n} valid, 0 invalid;")


def test_action_checks_every_line_and_keeps_spaces_in_paths(tmp_path: Path) -> None:
    folder = tmp_path / "with space"
    folder.mkdir()
    shutil.copy(CHECK / "complete.yaml", folder / "model disclosure.yaml")
    shutil.copy(CHECK / "warnings.yaml", folder / "-warnings.yaml")
    proc = run_action(
        tmp_path, "with space/model disclosure.yaml\nwith space/-warnings.yaml", cwd=tmp_path
    )
    assert proc.stderr == "2 files checked: 2 valid, 0 invalid; 0 error(s), 2 warning(s)\n"
    assert "file=with space/-warnings.yaml," in proc.stdout


def test_action_refuses_empty_paths(tmp_path: Path) -> None:
    proc = run_action(tmp_path, " \n\n")
    assert proc.returncode == 2
    assert proc.stdout == "::error title=rlhf-disclosure::the paths input names no file\n"


def test_action_inputs_are_not_run_as_shell_code(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    proc = run_action(
        tmp_path,
        f"examples/open-dpo-aif.yaml;touch${{IFS}}{marker} $(touch {marker}) `touch {marker}`",
        policy=f"$(touch {marker})",
        min_coverage=f"1;touch {marker}",
    )
    assert not marker.exists()
    assert proc.returncode != 0


def test_action_with_a_missing_policy_fails_with_a_message(tmp_path: Path) -> None:
    proc = run_action(tmp_path, "examples/open-dpo-aif.yaml", policy="policies/nowhere.yaml")
    assert proc.returncode == 1
    assert proc.stdout.startswith(
        "::error file=policies/nowhere.yaml,line=1,col=1,title=rlhf-disclosure policy-unreadable::"
    ), (proc.stdout, proc.stderr)


def test_action_annotates_a_policy_file_error(tmp_path: Path) -> None:
    """With --format github a broken policy must show up as an annotation too; on
    stderr only, the job fails with nothing on the pull request saying why."""
    name = "tests/fixtures/policy/invalid/unknown-key.yaml"
    proc = run_action(tmp_path, "examples/open-dpo-aif.yaml", policy=name)
    assert proc.returncode == 1
    assert proc.stdout.startswith(
        f"::error file={name},line=3,col=1,title=rlhf-disclosure unknown-field::"
    ), (proc.stdout, proc.stderr)
