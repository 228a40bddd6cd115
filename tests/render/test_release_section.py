"""The Release and use section: what a file says of distribution and use, in both
formats, with hostile text kept inert and absent parts left out."""

from __future__ import annotations

import re

import pytest

from rlhf_disclosure.render import render
from rlhf_disclosure.schema import Disclosure

HOSTILE = "a|b `<script>alert(1)</script>` c"


def make(**sections: object) -> Disclosure:
    return Disclosure.model_validate({"schema_version": 2, "model": {"name": "m"}, **sections})


def test_no_release_section_without_release() -> None:
    d = make()
    assert "Release and use" not in render(d, "md")
    assert 'id="release"' not in render(d, "html")


def test_an_authenticity_value_is_one_cell_and_inert_in_markdown() -> None:
    d = make(release={"authenticity": [{"kind": "other", "value": HOSTILE}]})
    md = render(d, "md")
    [row] = [line for line in md.splitlines() if line.startswith("| Other |")]
    cells = re.split(r"(?<!\\)\|", row.strip()[1:-1])
    assert len(cells) == 2  # kind and value; empty columns are left out
    assert cells[1].strip().startswith("``") and "<script>" in cells[1]  # in a code span


def test_an_authenticity_value_is_escaped_in_html() -> None:
    d = make(release={"authenticity": [{"kind": "other", "value": HOSTILE}]})
    page = render(d, "html")
    assert "<script>" not in page
    assert "&lt;script&gt;" in page


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_status_for_a_whole_list_is_shown_once(fmt: str) -> None:
    reason = "Only reachable through the API; nothing is installed."
    d = make(release={"software": {"status": "not_applicable", "reason": reason}})
    out = render(d, fmt)
    start = out.index("## Release and use" if fmt == "md" else 'id="release"')
    end = out.index("\n## " if fmt == "md" else "</section>", start + 5)
    assert out[start:end].count(reason) == 1  # (the crosswalk tables cite it as a reason)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_sizes_print_with_their_unit_as_written(fmt: str) -> None:
    d = make(
        model={
            "name": "m",
            "inputs": [{"modality": "text", "max_size": {"about": 8000}, "unit": "tokens"}],
            "outputs": [{"modality": "image", "max_size": 1024, "unit": "pixels a side"}],
        }
    )
    out = render(d, fmt)
    assert "about 8,000 tokens" in out
    assert "1,024 pixels a side" in out
