"""Where outputs may be written: planted symbolic links, non-regular files, races and
partial sets (output/files.py states the rules)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.cli_helpers import run
from tests.repo import REPO

EXAMPLE = REPO / "examples" / "open-dpo-aif.yaml"


def planted(workdir: Path, name: str, dangling: bool = False) -> Path:
    """A link `name` to a file outside the working directory (or to nowhere)."""
    victim = workdir.parent / f"{workdir.name}-victim"
    if not dangling:
        victim.write_text("keep me\n", encoding="utf-8")
    (workdir / name).symlink_to(victim)
    return victim


def test_a_derived_out_dir_name_that_is_a_link_is_refused(workdir: Path) -> None:
    shutil.copy(EXAMPLE, workdir / "d.yaml")
    victim = planted(workdir, "d.html")
    result = run("render", "d.yaml", "--out-dir", ".")
    assert result.exit_code == 1
    assert f"d.html is a symbolic link to {victim}" in result.stderr
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert (workdir / "d.html").is_symlink()


def test_the_default_output_name_that_is_a_dangling_link_creates_nothing(workdir: Path) -> None:
    shutil.copy(EXAMPLE, workdir / "d.yaml")
    victim = planted(workdir, "d.html", dangling=True)
    result = run("render", "d.yaml")
    assert result.exit_code == 1
    assert "is a symbolic link" in result.stderr
    assert not victim.exists()


def test_a_link_named_with_o_is_written_through_and_kept(workdir: Path) -> None:
    shutil.copy(EXAMPLE, workdir / "d.yaml")
    victim = planted(workdir, "mine.html")
    result = run("render", "d.yaml", "-o", "mine.html")
    assert result.exit_code == 0, result.stderr
    assert victim.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (workdir / "mine.html").is_symlink()


def test_init_default_name_that_is_a_link_is_refused(workdir: Path) -> None:
    victim = planted(workdir, "disclosure.yaml", dangling=True)
    result = run("init")
    assert result.exit_code == 1
    assert "disclosure.yaml is a symbolic link" in result.stderr
    assert not victim.exists()
    forced = run("init", "--force")
    assert forced.exit_code == 1 and not victim.exists()


def test_init_with_a_named_link_and_force_writes_through(workdir: Path) -> None:
    victim = planted(workdir, "mine.yaml")
    assert run("init", "mine.yaml").exit_code == 1  # something is there
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    result = run("init", "--force", "mine.yaml")
    assert result.exit_code == 0, result.stderr
    assert "schema_version: 2" in victim.read_text(encoding="utf-8")


def test_a_fifo_is_never_replaced_by_a_regular_file(workdir: Path) -> None:
    shutil.copy(EXAMPLE, workdir / "d.yaml")
    for args in (
        ("render", "d.yaml", "-o", "pipe.html"),
        ("schema", "-o", "pipe.html"),
        ("init", "--force", "pipe.html"),
    ):
        fifo = workdir / "pipe.html"
        os.mkfifo(fifo)
        result = run(*args)
        assert result.exit_code == 1, args
        assert "is not a regular file" in result.stderr, (args, result.stderr)
        assert fifo.is_fifo() and not fifo.is_symlink()
        fifo.unlink()


def test_a_set_of_reports_is_written_whole_or_not_at_all(workdir: Path) -> None:
    shutil.copy(EXAMPLE, workdir / "a.yaml")
    shutil.copy(EXAMPLE, workdir / "b.yaml")
    (workdir / "out").mkdir()
    (workdir / "out" / "b.html").mkdir()  # the second target cannot be written
    result = run("render", "a.yaml", "b.yaml", "--out-dir", "out")
    assert result.exit_code == 1
    assert "b.html: is a directory" in result.stderr
    assert sorted(os.listdir(workdir / "out")) == ["b.html"]


def test_concurrent_init_runs_write_the_file_once(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("rlhf-disclosure")
    runs = [
        subprocess.Popen(
            [str(exe), "init", "same.yaml"],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    outcomes = [(p.wait(timeout=600), p.communicate()) for p in runs]
    codes = sorted(code for code, _ in outcomes)
    assert codes == [0, 1, 1, 1, 1, 1], outcomes
    for code, (_, err) in outcomes:
        if code:
            assert "same.yaml already exists; use --force to replace it" in err
    assert (tmp_path / "same.yaml").read_text(encoding="utf-8").startswith("#")
    assert sorted(os.listdir(tmp_path)) == ["same.yaml"]  # no temporary file left
