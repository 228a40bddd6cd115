"""`make test`'s set-up step (tools/setup_test_tools.py): it finds what is missing and
installs it, or says exactly what to run when it cannot."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.repo import REPO

SCRIPT = REPO / "tools" / "setup_test_tools.py"
PACKAGES = "chromium fonts-dejavu-core fonts-liberation default-jre-headless nodejs npm"


def setup_module_() -> ModuleType:
    spec = importlib.util.spec_from_file_location("setup_test_tools", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


tools = setup_module_()


def machine(
    present: set[str],
    *,
    root: bool = True,
    node: int | None = 20,
    fonts: bool = True,
    node_tools: bool = True,
) -> object:
    return tools.Machine(
        which=lambda name: f"/usr/bin/{name}" if name in present else None,
        is_root=root,
        node_major=node,
        has_fonts=fonts,
        node_tools_current=node_tools,
    )


EVERYTHING = {"chromium", "java", "node", "npm", "apt-get", "fc-list"}


def test_nothing_to_do_when_everything_is_there() -> None:
    steps = tools.plan(machine(EVERYTHING), REPO / "tools")
    assert (steps.missing, steps.commands, steps.blocked) == ([], [], None)


def test_as_root_missing_tools_are_installed_with_apt_get_then_npm() -> None:
    steps = tools.plan(machine({"apt-get"}, node=None, node_tools=False), Path("/x/tools"))
    assert steps.blocked is None
    assert steps.commands == [
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "--no-install-recommends", *PACKAGES.split()],
        ["npm", "ci", "--prefix", "/x/tools", "--no-audit", "--no-fund", "--loglevel=error"],
    ]
    assert len(steps.missing) == 4


def test_without_root_sudo_is_used_when_it_needs_no_password(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tools, "_sudo_works", lambda sudo: sudo == "/usr/bin/sudo")
    steps = tools.plan(machine(EVERYTHING - {"java"} | {"sudo"}, root=False), REPO / "tools")
    assert steps.commands == [
        ["sudo", "-n", "apt-get", "update", "-qq"],
        [
            "sudo",
            "-n",
            "apt-get",
            "install",
            "-y",
            "--no-install-recommends",
            "default-jre-headless",
        ],
    ]


def test_without_root_or_sudo_it_stops_with_the_exact_command() -> None:
    steps = tools.plan(machine(EVERYTHING - {"chromium"}, root=False), REPO / "tools")
    assert steps.commands == []
    assert steps.blocked is not None
    assert steps.blocked.endswith(
        "  sudo apt-get update && sudo apt-get install -y --no-install-recommends "
        "chromium fonts-dejavu-core fonts-liberation"
    )


def test_fonts_alone_are_installed_when_chromium_has_none() -> None:
    steps = tools.plan(machine(EVERYTHING, fonts=False), REPO / "tools")
    assert steps.commands[-1][-2:] == ["fonts-dejavu-core", "fonts-liberation"]


def test_without_apt_get_it_names_what_to_install() -> None:
    steps = tools.plan(machine(EVERYTHING - {"apt-get", "java"}), REPO / "tools")
    assert steps.commands == []
    assert "no apt-get" in steps.blocked and "Java" in steps.blocked


def test_an_old_node_is_reported_not_papered_over() -> None:
    steps = tools.plan(machine(EVERYTHING, node=18), REPO / "tools")
    assert steps.commands == []
    assert "Node.js 20 or newer is needed and this machine has 18" in steps.blocked


def test_node_tools_are_reinstalled_when_the_lock_file_is_newer(tmp_path: Path) -> None:
    shutil.copy(REPO / "tools" / "package-lock.json", tmp_path / "package-lock.json")
    assert not tools.node_tools_current(tmp_path)
    modules = tmp_path / "node_modules"
    (modules / "axe-core").mkdir(parents=True)
    (modules / ".bin").mkdir()
    for name in ("axe-core/axe.min.js", ".bin/markdownlint-cli2", ".package-lock.json"):
        (modules / name).write_text("", encoding="utf-8")
    assert tools.node_tools_current(tmp_path)
    later = (modules / ".package-lock.json").stat().st_mtime + 10
    os.utime(tmp_path / "package-lock.json", (later, later))
    assert not tools.node_tools_current(tmp_path)


def hidden_path(tmp_path: Path, keep: list[str]) -> Path:
    """A PATH directory with only `keep` of this machine's commands in it."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for name in keep:
        found = shutil.which(name)
        if found:
            (folder / name).symlink_to(found)
    return folder


def test_make_test_tools_dry_run_with_chromium_java_and_node_hidden(tmp_path: Path) -> None:
    """The Makefile's step, run for real with a PATH that hides the tools."""
    make = shutil.which("make")
    python3 = os.path.realpath(sys.executable)  # the interpreter itself, not a shim
    assert make, "make is needed to run the suite"
    folder = hidden_path(tmp_path, ["apt-get", "fc-list"])
    proc = subprocess.run(
        [
            make,
            "--no-print-directory",
            "-C",
            str(REPO),
            "test-tools",
            "DRY_RUN=1",
            f"PYTHON={python3}",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": str(folder)},
        check=False,
        timeout=600,
    )
    out = proc.stdout + proc.stderr
    assert "missing: Chromium" in out and "Java" in out and "Node.js and npm" in out, out
    if os.geteuid() == 0:
        assert proc.returncode == 0, out
        assert f"would run: apt-get install -y --no-install-recommends {PACKAGES}" in out
    else:  # no sudo on this PATH: it must stop and say what to run
        assert proc.returncode != 0, out
        assert f"sudo apt-get install -y --no-install-recommends {PACKAGES}" in out
    assert "running:" not in out  # a dry run runs nothing
