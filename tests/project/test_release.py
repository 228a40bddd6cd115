"""The release path: the version, the CHANGELOG and the README's snippets agree; the
workflow files are valid; the README's pre-commit configurations work as written, in a
real `pre-commit run --all-files`."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from rlhf_disclosure import __version__
from tests.cli_helpers import run
from tests.repo import REPO
from tests.source_tree import copy_source

README = (REPO / "README.md").read_text(encoding="utf-8")
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
HANG_GUARD = 1800  # seconds: a hung pip or git, never a slow one


def release_check() -> ModuleType:
    spec = importlib.util.spec_from_file_location("release_check", REPO / "tools/release_check.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- Version, CHANGELOG, README ------------------------------------------------------


def test_version_is_the_newest_changelog_section() -> None:
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (\S+) - (.+)$", changelog, re.M)
    assert headings, "CHANGELOG.md has no `## X.Y.Z - DATE` section"
    assert run("--version").stdout == f"rlhf-disclosure {headings[0][0]}\n"
    assert headings[0][0] == __version__
    # Every section is a version, once, newest first.
    versions = [tuple(int(p) for p in v.split(".")) for v, _ in headings]
    assert versions == sorted(set(versions), reverse=True)


def test_readme_snippets_name_the_release_tag() -> None:
    revs = re.findall(r"^\s+rev: (\S+)$", README, re.M)
    uses = re.findall(r"uses: rlhf-disclosure/rlhf-disclosure@(\S+)", README)
    assert revs == [f"v{__version__}"]
    assert uses == [f"v{__version__}"]
    assert "Tags come from releases" in README


def write_release(root: Path, version: str, heading: str) -> Path:
    (root / "rlhf_disclosure").mkdir(parents=True)
    (root / "rlhf_disclosure" / "_version.py").write_text(f'__version__ = "{version}"\n')
    (root / "CHANGELOG.md").write_text(
        f"# Changelog\n\n{heading}\n\n- A change.\n\n## 0.0.1 - 2020-01-01\n"
    )
    return root


@pytest.mark.parametrize(
    ("version", "heading", "tag", "expected"),
    [
        ("1.2.0", "## 1.2.0 - 2026-11-30", "v1.2.0", []),
        ("1.2.0", "## 1.2.0 - Unreleased", None, []),
        ("1.2.0", "## 1.2.0 - Unreleased", "v1.2.0", ["dated 'Unreleased'"]),
        ("1.2.0", "## 1.2.0 - 2026-11-30", "v1.2.1", ["the tag is v1.2.1"]),
        ("1.2.0", "## 1.1.0 - 2026-11-30", "v1.2.0", ["newest CHANGELOG.md section is 1.1.0"]),
        ("1.2.0", "## 1.2.0 - 2026-02-30", "v1.2.0", ["dated '2026-02-30'"]),
    ],
)
def test_release_check(
    tmp_path: Path, version: str, heading: str, tag: str | None, expected: list[str]
) -> None:
    found = release_check().problems(write_release(tmp_path, version, heading), tag)
    assert len(found) == len(expected), found
    for problem, part in zip(found, expected, strict=True):
        assert part in problem


def test_release_check_passes_on_this_checkout() -> None:
    proc = subprocess.run(
        [sys.executable, str(REPO / "tools" / "release_check.py")],
        capture_output=True,
        text=True,
        check=False,
        timeout=HANG_GUARD,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"release_check: version {__version__} agrees\n"


# --- Workflow files ------------------------------------------------------------------


def check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    """SchemaStore's schema for GitHub workflows or actions, as vendored by check-jsonschema."""
    return subprocess.run(
        [
            str(Path(sys.executable).with_name("check-jsonschema")),
            "--builtin-schema",
            schema,
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=HANG_GUARD,
    )


def test_workflows_and_the_action_match_the_schemastore_schemas() -> None:
    assert WORKFLOWS, "no workflow files"
    workflows = check_jsonschema("vendor.github-workflows", *WORKFLOWS)
    assert workflows.returncode == 0, workflows.stdout + workflows.stderr
    action = check_jsonschema("vendor.github-actions", REPO / "action.yml")
    assert action.returncode == 0, action.stdout + action.stderr


def test_the_schema_check_would_catch_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    text = (REPO / ".github/workflows/release.yml").read_text(encoding="utf-8")
    broken.write_text(text.replace("runs-on:", "runs_on:", 1), encoding="utf-8")
    assert check_jsonschema("vendor.github-workflows", broken).returncode == 1


def workflow(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((REPO / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_release_workflow_tests_checks_builds_then_publishes_with_trusted_publishing() -> None:
    data = workflow("release.yml")
    trigger = data.get("on", data.get(True))  # YAML 1.1 reads the key `on` as true
    assert trigger == {"push": {"tags": ["v*"]}}
    assert data["permissions"] == {"contents": "read"}
    jobs = data["jobs"]
    assert [s.get("run") for s in jobs["test"]["steps"] if "run" in s] == ["make test"]
    assert jobs["build"]["needs"] == "test"
    runs = "\n".join(s.get("run", "") for s in jobs["build"]["steps"])
    assert 'python tools/release_check.py "$GITHUB_REF_NAME"' in runs
    assert "python -m build" in runs and "twine check --strict" in runs
    publish = jobs["publish"]
    assert publish["needs"] == "build"
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["environment"]["name"] == "pypi"
    assert publish["steps"][-1] == {"uses": "pypa/gh-action-pypi-publish@release/v1"}
    for step in publish["steps"]:  # trusted publishing: no token anywhere
        assert "password" not in step.get("with", {})


# --- pre-commit, for real ------------------------------------------------------------


def readme_configs() -> dict[str, str]:
    """The README's two .pre-commit-config.yaml snippets: 'remote' and 'local'."""
    blocks = re.findall(r"```yaml\n(repos:\n.*?)```", README, re.S)
    by_kind = {"local" if "repo: local" in b else "remote": b for b in blocks}
    assert len(blocks) == len(by_kind) == 2, blocks
    return by_kind


def git(*args: str, cwd: Path) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    proc = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=HANG_GUARD
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def upstream(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository as a release would publish it: committed and tagged v<version>."""
    root = copy_source(tmp_path_factory.mktemp("upstream") / "rlhf-disclosure")
    git("init", "-q", "-b", "main", cwd=root)
    git("add", "-A", cwd=root)
    git("commit", "-q", "-m", "release", cwd=root)
    git("tag", f"v{__version__}", cwd=root)
    return root


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def project(root: Path, config: str) -> Path:
    """A user's repository with two disclosures, the README's policy and `config`."""
    (root / "disclosures").mkdir(parents=True)
    shutil.copy(REPO / "examples" / "open-dpo-aif.yaml", root / "disclosures" / "dpo.yaml")
    shutil.copy(REPO / "examples" / "closed-withheld.yaml", root / "disclosures" / "closed.yml")
    (root / "disclosure-policy.yaml").write_text(
        "policy_version: 1\nseverity: {future-date: error}\n", encoding="utf-8"
    )
    (root / "notes.yaml").write_text("not: [a disclosure\n", encoding="utf-8")  # not selected
    (root / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    git("init", "-q", "-b", "main", cwd=root)
    git("add", "-A", cwd=root)
    git("commit", "-q", "-m", "disclosures", cwd=root)
    return root


def pre_commit(root: Path, home: Path) -> subprocess.CompletedProcess[str]:
    bin_dir = Path(sys.executable).parent  # where the installed rlhf-disclosure is
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "RLHF_DISCLOSURE_DEBUG")}
    env.update(
        PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        PRE_COMMIT_HOME=str(home),
        PRE_COMMIT_COLOR="never",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
    )
    return subprocess.run(
        [str(bin_dir / "pre-commit"), "run", "--all-files"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=HANG_GUARD,
    )


def configured(kind: str, upstream: Path) -> str:
    config = readme_configs()[kind]
    if kind == "remote":  # the README's URL, pointed at the tagged copy instead
        url = "https://github.com/rlhf-disclosure/rlhf-disclosure"
        assert f"repo: {url}\n" in config
        config = config.replace(url, str(upstream))
    return config


@pytest.mark.packaging
@pytest.mark.parametrize("kind", ["remote", "local"])
def test_the_readme_pre_commit_configuration_runs(
    kind: str, upstream: Path, pre_commit_home: Path, tmp_path: Path
) -> None:
    root = project(tmp_path / "user", configured(kind, upstream))
    passed = pre_commit(root, pre_commit_home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"^check RLHF disclosures.*Passed$", passed.stdout, re.M), passed.stdout

    # A broken disclosure fails the hook, and pre-commit shows the located error.
    (root / "disclosures" / "broken.yaml").write_text(
        "schema_version: 2\nmodel:\n  name: M\n  licence: NO\n", encoding="utf-8"
    )
    git("add", "-A", cwd=root)
    failed = pre_commit(root, pre_commit_home)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert re.search(r"^check RLHF disclosures.*Failed$", failed.stdout, re.M), failed.stdout
    assert "disclosures/broken.yaml:4:12: error[" in failed.stdout
    assert "notes.yaml" not in failed.stdout
