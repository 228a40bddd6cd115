"""User templates are bounded: past the output or time limit, a template error and no
report. The loops below run far past the limits on any machine (10^10 iterations, a
gigabyte of text), so the outcome never depends on the machine's speed."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from rlhf_disclosure import load_disclosure
from rlhf_disclosure.errors import TemplateProblem
from rlhf_disclosure.render import render
from tests.cli_helpers import run
from tests.repo import REPO

EXAMPLE = REPO / "examples" / "open-dpo-aif.yaml"
ENDLESS = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
HUGE = '{% for i in range(100000) %}{{ "x" * 10000 }}{% endfor %}'


def templates(folder: Path, body: str) -> Path:
    folder.mkdir()
    (folder / "report.md.j2").write_text(body, encoding="utf-8")
    return folder


def test_a_template_that_runs_too_long_is_stopped(tmp_path: Path) -> None:
    # The timer works on the main thread; elsewhere this test would run for hours.
    assert threading.current_thread() is threading.main_thread()
    tpl = templates(tmp_path / "tpl", ENDLESS)
    with pytest.raises(TemplateProblem, match=r"rendering took longer than 0\.5 seconds"):
        render(load_disclosure(EXAMPLE), "md", tpl, seconds=0.5)


def test_a_template_that_writes_too_much_is_stopped(tmp_path: Path) -> None:
    tpl = templates(tmp_path / "tpl", HUGE)
    with pytest.raises(TemplateProblem, match="the report grew past 1,000,000 characters"):
        render(load_disclosure(EXAMPLE), "md", tpl, max_chars=1_000_000)


def test_the_command_line_stops_a_huge_report_and_writes_nothing(workdir: Path) -> None:
    templates(workdir / "tpl", HUGE)
    result = run("render", str(EXAMPLE), "-o", "out.md", "--template-dir", "tpl")
    assert result.exit_code == 1
    assert "template error: report.md.j2: the report grew past 50,000,000 characters" in (
        result.stderr
    )
    assert not (workdir / "out.md").exists()


def test_within_the_limits_a_user_template_renders_as_before(tmp_path: Path) -> None:
    tpl = templates(tmp_path / "tpl", "# {{ d.model.name }}\n")
    assert render(load_disclosure(EXAMPLE), "md", tpl, seconds=600) == "# ExampleLM-7B-Chat\n"
