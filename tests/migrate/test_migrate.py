"""`migrate` rewrites version 1 files as version 2 and changes nothing else; version 1
files still load, with one warning pointing to it (rlhf_disclosure/migrate.py)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from rlhf_disclosure.validation.validate import check_file
from tests.cli_helpers import run
from tests.repo import REPO

V1 = sorted((REPO / "tests" / "fixtures" / "v1").glob("*.yaml"))
WRITTEN_FOR_V2 = {"oasst.yaml", "tulu3.yaml"}
"""Examples written in schema 2 from the start: they use its forms (values per variant,
statuses), so no version 1 original exists."""


def test_the_version_1_corpus_holds_every_example() -> None:
    names = {p.name for p in V1}
    examples = {p.name for p in (REPO / "examples").glob("*.yaml")}
    assert examples >= WRITTEN_FOR_V2
    assert examples - WRITTEN_FOR_V2 <= names
    assert len(V1) >= 8


@pytest.mark.parametrize("path", V1, ids=[p.stem for p in V1])
def test_a_version_1_file_loads_with_one_warning_at_its_version(path: Path) -> None:
    result = check_file(path)
    assert result.valid
    assert [(i.code, i.severity, i.path) for i in result.issues] == [
        ("old-schema-version", "warning", "schema_version")
    ]
    line = result.issues[0].line
    assert (
        path.read_bytes()
        .splitlines()[line - 1]
        .lstrip(b"\xef\xbb\xbf")
        .startswith(b"schema_version:")
    )
    assert "rlhf-disclosure migrate" in (result.issues[0].hint or "")


@pytest.mark.parametrize("path", V1, ids=[p.stem for p in V1])
def test_migration_changes_only_the_version_and_keeps_the_meaning(
    path: Path, workdir: Path
) -> None:
    copy = workdir / path.name
    shutil.copyfile(path, copy)
    before = check_file(copy).disclosure
    result = run("migrate", copy.name)
    assert result.exit_code == 0, result.output
    assert f"{copy.name}: migrated to schema version 2" in result.stdout
    old, new = path.read_bytes(), copy.read_bytes()
    assert len(old) == len(new)
    differing = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
    assert len(differing) == 1 and (old[differing[0]], new[differing[0]]) == (ord("1"), ord("2"))
    after = check_file(copy)
    assert after.valid and after.issues == []
    assert before is not None and after.disclosure is not None
    assert after.disclosure.schema_version == 2
    assert after.disclosure.model_dump(exclude={"schema_version"}) == before.model_dump(
        exclude={"schema_version"}
    )


def test_check_says_which_files_need_migrating_and_writes_nothing(workdir: Path) -> None:
    shutil.copyfile(V1[0], "old.yaml")
    Path("new.yaml").write_text("schema_version: 2\nmodel:\n  name: M\n", encoding="utf-8")
    before = Path("old.yaml").read_bytes()
    result = run("migrate", "--check", "old.yaml", "new.yaml")
    assert result.exit_code == 1
    assert result.stdout == "needs migrating: old.yaml (run: rlhf-disclosure migrate)\n"
    assert Path("old.yaml").read_bytes() == before
    assert run("migrate", "--check", "new.yaml").exit_code == 0


def test_comments_line_endings_and_byte_order_mark_are_kept(workdir: Path) -> None:
    text = (
        "\ufeff# A comment above.\r\n"
        "schema_version:   1   # the old version\r\n"
        "model:\r\n"
        "  name: 'M'  # quoted as written\r\n"
        "  parameters: 7_000_000_000\r\n"
    )
    Path("d.yaml").write_bytes(text.encode("utf-8"))
    result = run("migrate", "d.yaml")
    # 7_000_000_000 reads differently in YAML 1.1 and 1.2: the file is refused as it
    # stands and nothing is migrated.
    assert result.exit_code == 1
    assert "ambiguous-number" in result.stdout
    assert Path("d.yaml").read_bytes() == text.encode("utf-8")
    fixed = text.replace("7_000_000_000", "7000000000")
    Path("d.yaml").write_bytes(fixed.encode("utf-8"))
    assert run("migrate", "d.yaml").exit_code == 0
    assert Path("d.yaml").read_bytes() == fixed.replace(
        "schema_version:   1", "schema_version:   2"
    ).encode("utf-8")


def test_one_invalid_file_means_nothing_is_migrated(workdir: Path) -> None:
    shutil.copyfile(V1[0], "good.yaml")
    Path("bad.yaml").write_text("schema_version: 1\nmodel: {}\n", encoding="utf-8")
    before = Path("good.yaml").read_bytes()
    result = run("migrate", "good.yaml", "bad.yaml")
    assert result.exit_code == 1
    assert "bad.yaml:2:1: error[missing-field] model.name" in result.stdout
    assert "nothing migrated" in result.stderr
    assert Path("good.yaml").read_bytes() == before


def test_a_directory_is_migrated_but_a_planted_link_in_it_is_not_written_through(
    workdir: Path,
) -> None:
    Path("d").mkdir()
    shutil.copyfile(V1[0], "d/a.yaml")
    shutil.copyfile(V1[0], "elsewhere.yaml")
    os.symlink(workdir / "elsewhere.yaml", "d/link.yaml")
    before = Path("elsewhere.yaml").read_bytes()
    result = run("migrate", "d")
    assert result.exit_code == 1
    assert "link.yaml" in result.output
    assert Path("elsewhere.yaml").read_bytes() == before
    assert b"schema_version: 1" in Path("d/a.yaml").read_bytes()  # all or none


def test_a_current_file_is_left_as_it_is(workdir: Path) -> None:
    Path("d.yaml").write_text("schema_version: 2\nmodel:\n  name: M\n", encoding="utf-8")
    stat = Path("d.yaml").stat()
    result = run("migrate", "d.yaml")
    assert result.exit_code == 0
    assert result.stdout == "d.yaml: already current\n"
    assert Path("d.yaml").stat().st_mtime_ns == stat.st_mtime_ns
