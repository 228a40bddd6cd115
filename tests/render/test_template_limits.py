"""User templates are bounded: past the output or time limit, a template error and no
report. The loops below run far past the limits on any machine (10^10 iterations, a
gigabyte of text), so the outcome never depends on the machine's speed."""

from __future__ import annotations

import sys
import tempfile
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


def test_the_time_limit_holds_off_the_main_thread(tmp_path: Path) -> None:
    # Signals reach only the main thread; a library caller may render in any other.
    tpl = templates(tmp_path / "tpl", ENDLESS)
    disclosure = load_disclosure(EXAMPLE)
    outcome: list[BaseException | str] = []

    def work() -> None:
        try:
            outcome.append(render(disclosure, "md", tpl, seconds=0.5))
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(timeout=600)  # a hang guard only; 10^10 iterations never finish
    assert not worker.is_alive()
    assert isinstance(outcome[0], TemplateProblem)
    assert "rendering took longer than 0.5 seconds" in str(outcome[0])


def test_the_trace_is_removed_after_a_render_off_the_main_thread(tmp_path: Path) -> None:
    tpl = templates(tmp_path / "tpl", "# {{ d.model.name }}\n")
    disclosure = load_disclosure(EXAMPLE)
    seen: list[object] = []

    def work() -> None:
        before = sys.gettrace()
        seen.append(render(disclosure, "md", tpl, seconds=600))
        seen.append(sys.gettrace() is before)

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(timeout=600)
    assert seen == ["# ExampleLM-7B-Chat\n", True]


# One operation that would build a value past the limit is refused before it runs.
# With max_chars=1,000 these stay small enough to be harmless without the check, and
# then fail differently (the report grows past the limit, or the power is printed).
ONE_STEP = {
    "repeat-text": ('{{ "x" * 10**6 }}', "repeating a value would build a value 1,000,000 long"),
    "repeat-list": ("{{ ([1] * 10**5)|length }}", "repeating a list would make 100,000 items"),
    "join-text": (
        '{% set ns = namespace(s="x") %}{% for i in range(20) %}'
        "{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s|length }}",
        "joining two values would build a value 1,024 long",
    ),
    "power": ("{{ (2 ** 200000) % 10 }}", "a power with 400,000 bits"),
    "printf-width": ('{{ "%100000d" % 1 }}', "a format width would build a value 100,000 long"),
    "format-width": ('{{ "{:>100000}".format(1) }}', "a format width would build a value"),
    "ljust": ('{{ "x".ljust(100000) }}', "str.ljust would build a value 100,000 long"),
    "replace": (
        '{{ ("x" * 500)|replace("x", "y" * 500) }}',
        "str.replace would build a value 250,000 long",
    ),
    # Filters on the disclosure's text: a filter on a constant runs when the template is
    # compiled, against the default limit.
    "center-filter": ("{{ d.model.name|center(100000) }}", "the center filter would build"),
    "indent-filter": ('{{ ("a\\n" * 50)|indent(10000) }}', "the indent filter would build"),
    "batch-filter": (
        "{{ [d.model.name]|batch(100000, 0)|list|length }}",
        "the batch filter would make 100,000 items",
    ),
    "lipsum": ("{{ lipsum(1000)|length }}", "lipsum would build a value"),
}


@pytest.mark.parametrize("case", sorted(ONE_STEP))
def test_one_step_past_the_limit_is_refused_before_it_runs(case: str, tmp_path: Path) -> None:
    body, message = ONE_STEP[case]
    tpl = templates(tmp_path / "tpl", body)
    with pytest.raises(TemplateProblem) as caught:
        render(load_disclosure(EXAMPLE), "md", tpl, max_chars=1000)
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"{tpl / 'report.md.j2'}:1: ")


def test_the_same_operations_within_the_limit_render() -> None:
    body = (
        '{{ "ab" * 3 }} {{ ([1] * 3)|length }} {{ 2 ** 10 }} {{ "%5d" % 7 }} '
        '{{ "{:>4}".format(1) }} {{ "x".ljust(3) }}|{{ "xx"|replace("x", "yz") }} '
        '{{ "x"|center(3) }}|{{ [1, 2, 3]|batch(2)|list }} {{ "a" + "b" }} {{ [1] + [2] }}\n'
    )
    folder = Path(tempfile.mkdtemp())
    tpl = templates(folder / "tpl", body)
    assert render(load_disclosure(EXAMPLE), "md", tpl) == (
        "ababab 3 1024     7    1 x  |yzyz  x |[[1, 2], [3]] ab [1, 2]\n"
    )
