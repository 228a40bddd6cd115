"""The Markdown report shows user Markdown as written: fenced code byte for byte, line
breaks kept, and the tidy pass never changes what a renderer shows."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt

from rlhf_disclosure.render import render
from rlhf_disclosure.render.mdtidy import tidy_markdown
from rlhf_disclosure.validation.validate import validate_bytes
from tests.repo import REPO

EXAMPLE = REPO / "examples" / "open-dpo-aif.yaml"
CODE = [
    "def reward(x):  ",
    "",
    "",
    "    return x < 3 and x > 1  # <b>not bold</b>",
    "| a | |",
    "# not a heading",
    "- not a list",
    "[x]: not-a-definition",
]


def report_with(description: str) -> str:
    data: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["pretraining"]["description"] = description
    result = validate_bytes(yaml.safe_dump(data, allow_unicode=True).encode("utf-8"))
    assert result.disclosure is not None, result.issues[:3]
    return render(result.disclosure, "md")


@pytest.mark.parametrize("fence", ["~~~", "```", "````"])
def test_fenced_code_is_kept_byte_for_byte(fence: str) -> None:
    md = report_with("The scorer:\n\n" + "\n".join([fence + "python", *CODE, fence]) + "\n\nDone.")
    tokens = MarkdownIt("commonmark").parse(md)
    blocks = [t.content for t in tokens if t.type == "fence"]
    assert "\n".join(CODE) + "\n" in blocks


def html(markdown: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(markdown)


@pytest.mark.parametrize(
    "markdown",
    [
        "First line  \nsecond line of the same paragraph\n",
        "~~~\nkeep   \n\n\n  these\n~~~\n\ntext\n",
        "````\n```\nstill code\n````\n\nafter\n",
        "| a | b |\n| --- | --- |\n| 1 |  |\n",
        # A list item's text wrapped onto the next line (a lazy continuation).
        "Notes:\n\n1. The value function is initialised from the RM. PPO and\n"
        "pretraining gradients are computed in consecutive steps.\n",
    ],
)
def test_tidying_does_not_change_what_a_renderer_shows(markdown: str) -> None:
    assert html(tidy_markdown(markdown)).replace("—", "") == html(markdown)


def test_a_line_break_survives_in_the_report() -> None:
    md = report_with("Web text.  \nMostly English.")
    assert "<br />" in html(md)
