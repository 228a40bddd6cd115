"""Which files a command reads: nothing under a directory is silently skipped, and
nothing that is not a regular file is read."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.cli_helpers import run
from tests.repo import REPO

EXAMPLE = REPO / "examples" / "open-dpo-aif.yaml"


def tree(root: Path, *names: str) -> None:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(EXAMPLE, root / name)


def test_an_unreadable_directory_is_reported_not_skipped(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree(workdir, "d/a.yaml", "d/locked/b.yaml")
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str] = ".") -> object:
        if os.path.basename(os.fspath(path)) == "locked":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = run("validate", "d")
    assert result.exit_code == 1
    assert result.stdout == (
        f"{os.path.join('d', 'locked')}:1:1: error[unreadable]: "
        "cannot read directory: Permission denied\n"
    )
    assert result.stderr.startswith("1 file checked: 1 valid")


def test_a_linked_directory_is_read_once_even_in_a_loop(workdir: Path) -> None:
    tree(workdir, "d/a.yaml", "d/sub/b.yaml")
    (workdir / "d" / "sub" / "back").symlink_to(workdir / "d", target_is_directory=True)
    (workdir / "d" / "other").symlink_to(workdir / "d" / "sub", target_is_directory=True)
    result = run("validate", "d")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("2 files checked"), result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_rather_than_read(workdir: Path) -> None:
    os.mkfifo("pipe.yaml")  # reading it would block for ever
    for command in ("validate", "check", "coverage", "render"):
        result = run(command, "pipe.yaml")
        assert result.exit_code == 1, command
        assert "pipe.yaml:1:1: error[not-a-file]: is not a regular file" in result.output


def test_check_leaves_its_policy_out_of_the_directory_it_checks(workdir: Path) -> None:
    tree(workdir, "d/a.yaml")
    (workdir / "d" / "policy.yaml").write_text("require_disclosed: [feedback_type]\n")
    result = run("check", "--policy", "d/policy.yaml", "d")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("1 file checked: 1 valid"), result.stderr
    # Named on its own, it is checked as a disclosure, as asked.
    assert run("check", "--policy", "d/policy.yaml", "d/policy.yaml").exit_code == 1


@pytest.mark.parametrize(
    "command", [["validate"], ["check"], ["coverage"], ["render", "-o", "r.html"]]
)
def test_every_reading_command_takes_max_size(workdir: Path, command: list[str]) -> None:
    tree(workdir, "d.yaml")
    small = run(*command, "--max-size", "1KB", "d.yaml")
    assert small.exit_code == 1
    assert "error[file-too-large]" in small.output and "--max-size" in small.output
    assert run(*command, "--max-size", "1MB", "d.yaml").exit_code == 0
    assert run(*command, "--max-size", "lots", "d.yaml").exit_code == 2
