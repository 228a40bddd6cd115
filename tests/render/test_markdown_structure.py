"""User text cannot change the Markdown report's structure or add a live link: read by
a CommonMark renderer in unsafe mode (raw HTML and every link scheme allowed, as many
static-site generators are), the report has the same headings as without the text,
nothing after the text turns into code, and every link goes to http(s), mailto or an
anchor of the report."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt

from rlhf_disclosure.render import render
from rlhf_disclosure.validation.validate import validate_bytes
from tests.repo import REPO

EXAMPLE = REPO / "examples" / "open-dpo-aif.yaml"

HOSTILE = {
    "unclosed-tilde-fence": "Data card below.\n\n~~~\neverything after this would be code",
    "unclosed-backtick-fence": "See\n\n````python\nprint('the rest of the report')",
    "atx-heading": "Intro.\n\n# 9. Audits\n\nA heading that would take the report's anchor.",
    "setext-heading": "Audits\n======\n\nMonitoring\n----------",
    "definition-in-list": "- [x]: javascript:alert(1)\n\nSee [x] and [click][x].",
    "definition-in-quote": "> [y]: javascript:alert(2)\n\n[y]",
    "definition-indented": "   [z]: javascript:alert(3)\n\n[z]",
    "definition-nested-list": "1. item\n   - [w]: vbscript:msgbox(1)\n\n[w]",
}


def unsafe_renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.validateLink = lambda url: True  # accept every scheme, as an unsafe renderer does
    return md


def report_with(text: str | None) -> str:
    data: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    if text is not None:
        data["pretraining"]["description"] = text
    result = validate_bytes(yaml.safe_dump(data, allow_unicode=True).encode("utf-8"))
    assert result.disclosure is not None, result.issues[:3]
    return render(result.disclosure, "md")


def headings(markdown: str) -> list[tuple[str, str]]:
    tokens = unsafe_renderer().parse(markdown)
    return [
        (t.tag, tokens[i + 1].content) for i, t in enumerate(tokens) if t.type == "heading_open"
    ]


def links(markdown: str) -> list[str]:
    found: list[str] = []
    stack = list(unsafe_renderer().parse(markdown))
    while stack:
        token = stack.pop()
        stack.extend(token.children or [])
        if token.type in ("link_open", "image"):
            found.append(str(token.attrs.get("href") or token.attrs.get("src") or ""))
    return found


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_user_text_keeps_the_report_structure(case: str) -> None:
    plain, hostile = report_with(None), report_with(HOSTILE[case])
    assert headings(hostile) == headings(plain)
    # What follows the text is still outside any code block.
    tokens = unsafe_renderer().parse(hostile)
    code = "".join(t.content for t in tokens if t.type in ("fence", "code_block"))
    assert "Human and AI feedback" not in code


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_no_link_with_another_scheme_comes_alive(case: str) -> None:
    for href in links(report_with(HOSTILE[case])):
        assert href.startswith(("http://", "https://", "mailto:", "#")), href


def test_a_bidi_override_from_a_name_is_not_left_open() -> None:
    data: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["model"]["name"] = "Model \u202e7B-gnissim"
    data["model"]["developer"] = "Lab \u2067isolate"
    result = validate_bytes(yaml.safe_dump(data, allow_unicode=True).encode("utf-8"))
    assert result.disclosure is not None
    md = render(result.disclosure, "md")
    assert "\u202e" not in md and "\u2067" not in md
    assert "Model \\u202e7B-gnissim" in md
