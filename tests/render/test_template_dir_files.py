"""What a --template-dir may hold: regular UTF-8 files inside it. A directory, FIFO,
link out of the directory or undecodable file where a template is looked up is an
error naming it, never a silent fall-back to the package's template."""

from __future__ import annotations

import os
from pathlib import Path

from tests.cli_helpers import run
from tests.repo import REPO

EXAMPLE = str(REPO / "examples" / "open-dpo-aif.yaml")


def render_with(workdir: Path) -> tuple[int, str]:
    result = run("render", EXAMPLE, "-o", "out.md", "--template-dir", "tpl")
    assert not (workdir / "out.md").exists(), "a failed render wrote a report"
    return result.exit_code, result.stderr


def test_a_directory_where_a_template_is_looked_up_is_an_error(workdir: Path) -> None:
    (workdir / "tpl" / "report.md.j2").mkdir(parents=True)
    assert render_with(workdir) == (1, "template error: report.md.j2: is not a regular file\n")


def test_a_fifo_is_an_error_and_is_not_read(workdir: Path) -> None:
    (workdir / "tpl" / "sections").mkdir(parents=True)
    os.mkfifo(workdir / "tpl" / "sections" / "risks.md.j2")
    assert render_with(workdir) == (
        1,
        "template error: sections/risks.md.j2: is not a regular file\n",
    )


def test_a_link_out_of_the_template_dir_is_refused(workdir: Path) -> None:
    secret = workdir / "secret.txt"
    secret.write_text("not for reports\n", encoding="utf-8")
    (workdir / "tpl").mkdir()
    (workdir / "tpl" / "report.md.j2").symlink_to(secret)
    code, err = render_with(workdir)
    assert code == 1
    assert err == (
        f"template error: report.md.j2: the template is a link to {secret.resolve()}, "
        "outside --template-dir\n"
    )


def test_a_link_inside_the_template_dir_is_followed(workdir: Path) -> None:
    (workdir / "tpl").mkdir()
    (workdir / "tpl" / "mine.md.j2").write_text("# Mine\n", encoding="utf-8")
    (workdir / "tpl" / "report.md.j2").symlink_to("mine.md.j2")
    result = run("render", EXAMPLE, "-o", "out.md", "--template-dir", "tpl")
    assert result.exit_code == 0, result.stderr
    assert (workdir / "out.md").read_text(encoding="utf-8") == "# Mine\n"


def test_a_template_that_is_not_utf8_is_named(workdir: Path) -> None:
    (workdir / "tpl" / "sections").mkdir(parents=True)
    (workdir / "tpl" / "sections" / "risks.md.j2").write_bytes(b"## Risks \xff\n")
    assert render_with(workdir) == (
        1,
        "template error: sections/risks.md.j2: the template is not valid UTF-8 (byte 9)\n",
    )
