#!/usr/bin/env python3
"""Install what the test suite needs beyond Python: `make test` runs this first.

The report tests drive headless Chromium (with fonts, or screenshots show boxes), run
the Nu HTML checker on Java, and run axe-core and markdownlint-cli2 on Node.js (the
versions pinned in tools/package-lock.json). This script finds which of them are
missing and installs them: system packages with apt-get, as root or through sudo when
sudo works without a password; the Node tools with `npm ci`. When it cannot install
something it installs nothing, prints the exact command to run, and exits 1, so that
`make test` stops before running any test.

    python3 tools/setup_test_tools.py            # install what is missing
    python3 tools/setup_test_tools.py --dry-run  # print what it would run, change nothing

Only the standard library: it runs before the project's virtual environment exists.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
NODE_MIN = 20
"""Oldest Node.js major version the pinned tools are tested with."""

FONTS = ["fonts-dejavu-core", "fonts-liberation"]


@dataclass(frozen=True)
class Machine:
    """What the plan depends on; `probe()` reads it off this machine."""

    which: Callable[[str], str | None]
    is_root: bool
    node_major: int | None
    has_fonts: bool
    node_tools_current: bool


@dataclass
class Plan:
    """What to install, and how; `blocked` says why it cannot be done here."""

    missing: list[str] = field(default_factory=list)
    """A line per missing tool, for people."""
    packages: list[str] = field(default_factory=list)
    commands: list[list[str]] = field(default_factory=list)
    blocked: str | None = None


def node_major(node: str | None) -> int | None:
    if node is None:
        return None
    try:
        out = subprocess.run(
            [node, "--version"], capture_output=True, text=True, check=False, timeout=600
        ).stdout
        return int(out.strip().lstrip("v").split(".")[0])
    except (OSError, ValueError, subprocess.SubprocessError):
        return None


def fonts_installed(which: Callable[[str], str | None]) -> bool:
    fc_list = which("fc-list")
    if fc_list is None:
        return False
    try:
        out = subprocess.run(
            [fc_list], capture_output=True, text=True, check=False, timeout=600
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return bool(out.strip())


def node_tools_current(tools: Path) -> bool:
    """The pinned Node tools are installed, and not older than the lock file."""
    modules = tools / "node_modules"
    needed = [modules / "axe-core" / "axe.min.js", modules / ".bin" / "markdownlint-cli2"]
    if not all(p.exists() for p in needed):
        return False
    stamp = modules / ".package-lock.json"  # npm writes it on every install
    lock = tools / "package-lock.json"
    return stamp.exists() and stamp.stat().st_mtime >= lock.stat().st_mtime


def probe(tools: Path) -> Machine:
    which = shutil.which
    return Machine(
        which=which,
        is_root=os.geteuid() == 0,
        node_major=node_major(which("node")),
        has_fonts=fonts_installed(which),
        node_tools_current=node_tools_current(tools),
    )


def plan(machine: Machine, tools: Path) -> Plan:
    """The steps that bring `machine` to what the suite needs, or why they cannot run."""
    p = Plan()
    which = machine.which
    if which("chromium") is None:
        p.missing.append("Chromium (headless browser for the report tests), with fonts")
        p.packages += ["chromium", *FONTS]
    elif not machine.has_fonts:
        p.missing.append("fonts for Chromium (without them screenshots show boxes)")
        p.packages += FONTS
    if which("java") is None:
        p.missing.append("Java (runs the Nu HTML checker)")
        p.packages.append("default-jre-headless")
    if which("node") is None or which("npm") is None:
        p.missing.append("Node.js and npm (run axe-core and markdownlint-cli2)")
        p.packages += ["nodejs", "npm"]
    elif machine.node_major is None or machine.node_major < NODE_MIN:
        found = "an unreadable version" if machine.node_major is None else machine.node_major
        p.missing.append(f"Node.js {NODE_MIN} or newer (found {found})")
        p.blocked = (
            f"Node.js {NODE_MIN} or newer is needed and this machine has {found}; "
            "install a newer Node.js (for example from your distribution's backports "
            "or nodejs.org), then run `make test` again"
        )
    if not machine.node_tools_current:
        p.missing.append(f"the Node tools pinned in {tools.name}/package-lock.json")
    if p.blocked:
        return p
    if p.packages:
        install = ["apt-get", "install", "-y", "--no-install-recommends", *p.packages]
        if which("apt-get") is None:
            p.blocked = (
                "there is no apt-get here; install these with your package manager, "
                "then run `make test` again: " + ", ".join(p.missing)
            )
            return p
        sudo: list[str] = []
        if not machine.is_root:
            if which("sudo") is None or not _sudo_works(which("sudo")):
                p.blocked = (
                    "installing system packages needs root, and sudo is not available "
                    "without a password. Run this, then `make test` again:\n"
                    f"  sudo {shlex.join(['apt-get', 'update'])} && sudo {shlex.join(install)}"
                )
                return p
            sudo = ["sudo", "-n"]
        p.commands.append([*sudo, "apt-get", "update", "-qq"])
        p.commands.append([*sudo, *install])
    if not machine.node_tools_current:
        p.commands.append(
            ["npm", "ci", "--prefix", str(tools), "--no-audit", "--no-fund", "--loglevel=error"]
        )
    return p


def _sudo_works(sudo: str | None) -> bool:
    if sudo is None:
        return False
    try:
        done = subprocess.run([sudo, "-n", "true"], capture_output=True, check=False, timeout=600)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--dry-run", action="store_true", help="print what would be run; change nothing"
    )
    args = parser.parse_args(argv)
    steps = plan(probe(TOOLS), TOOLS)
    name = "setup_test_tools"
    if not steps.missing:
        print(f"{name}: Chromium, fonts, Java, Node.js and the Node tools are installed")
        return 0
    print(f"{name}: missing: " + "; ".join(steps.missing))
    if steps.blocked:
        print(f"{name}: cannot install: {steps.blocked}", file=sys.stderr)
        return 1
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in steps.commands:
        if args.dry_run:
            print(f"{name}: would run: {shlex.join(command)}")
            continue
        print(f"{name}: running: {shlex.join(command)}", flush=True)
        done = subprocess.run(command, env=env, check=False)
        if done.returncode != 0:
            print(
                f"{name}: `{shlex.join(command)}` failed (exit {done.returncode})",
                file=sys.stderr,
            )
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
