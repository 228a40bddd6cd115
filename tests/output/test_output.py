"""How outputs are written: whole or not at all, through links, keeping permissions."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.cli_helpers import run
from tests.repo import REPO

EXAMPLE = str(REPO / "examples" / "open-dpo-aif.yaml")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_replacing_a_file_keeps_its_permissions(workdir: Path) -> None:
    out = workdir / "report.md"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o600)
    assert run("render", EXAMPLE, "-f", "md", "-o", "report.md").exit_code == 0
    assert mode(out) == 0o600
    assert out.read_text(encoding="utf-8").startswith("# ")


@pytest.mark.parametrize("umask", [0o022, 0o077])
def test_a_new_file_gets_the_permissions_of_the_umask(workdir: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        assert run("render", EXAMPLE, "-f", "md", "-o", "report.md").exit_code == 0
    finally:
        os.umask(old)
    assert mode(workdir / "report.md") == 0o666 & ~umask


def test_a_symbolic_link_is_followed_and_kept(workdir: Path) -> None:
    (workdir / "site").mkdir()
    target = workdir / "site" / "model.md"
    target.write_text("old\n", encoding="utf-8")
    (workdir / "report.md").symlink_to(Path("site") / "model.md")
    assert run("render", EXAMPLE, "-f", "md", "-o", "report.md").exit_code == 0
    assert (workdir / "report.md").is_symlink()
    assert target.read_text(encoding="utf-8").startswith("# ")
    assert list((workdir / "site").iterdir()) == [target]  # no temporary file left behind


def test_init_refuses_an_empty_path_as_a_usage_error(workdir: Path) -> None:
    result = run("init", "")
    assert result.exit_code == 2
    assert "PATH is empty" in result.stderr
    assert list(workdir.iterdir()) == []


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_init_into_a_directory_names_the_problem(workdir: Path, force: list[str]) -> None:
    (workdir / "adir").mkdir()
    result = run("init", "adir", *force)
    assert result.exit_code == 1
    assert result.stderr == (
        "error: adir is a directory; name a file in it, e.g. adir/disclosure.yaml\n"
    )
    assert list((workdir / "adir").iterdir()) == []
