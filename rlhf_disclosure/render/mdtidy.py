"""Tidy generated Markdown: blank lines around blocks, none doubled, no trailing spaces.

Templates are easier to read when they do not have to get every blank line
right; this pass gives the layout markdownlint expects (headings, tables,
lists and code fences surrounded by blank lines).
"""

from __future__ import annotations

import re

from ..output.markdown import closes_fence, opens_fence


def _kind(line: str) -> str:
    s = line.lstrip()
    if not s:
        return "blank"
    if s.startswith("#"):
        return "heading"
    if s.startswith("|"):
        return "table"
    if s.startswith(("- ", "* ")) or (s[:1].isdigit() and ". " in s[:5]):
        return "list"
    if s.startswith(">"):
        return "quote"
    if s.startswith("---") and set(s) == {"-"}:
        return "rule"
    return "text"


def tidy_markdown(text: str) -> str:
    """The layout markdownlint expects, without changing what a renderer shows: fenced
    code (``` or ~~~, any length) is kept byte for byte, two trailing spaces (a line
    break) become a backslash break where the paragraph goes on, and a list item's text
    wrapped onto the next line stays in the item (no blank line is put between)."""
    out: list[str] = []
    fence: str | None = None
    prev = "blank"
    lines = text.splitlines()
    for index, raw in enumerate(lines):
        line = raw.rstrip()
        if fence is not None:
            out.append(raw)
            if closes_fence(raw, fence):
                fence = None
                prev = "fence_end"
            continue
        opened = opens_fence(line)
        if opened is not None:
            if prev != "blank":
                out.append("")
            out.append(line)
            fence = opened
            prev = "fence"
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if raw.endswith("  ") and line and _kind(line) in ("text", "list") and following.strip():
            line += "\\"  # the break the two spaces made, in a form that survives
        kind = _kind(line)
        if kind == "blank":
            if prev != "blank":
                out.append("")
            prev = "blank"
            continue
        if kind == "table":
            line = _fill_empty_cells(line)
        needs_gap = prev != "blank" and (
            kind != prev or kind in ("heading", "rule") or prev in ("heading", "fence_end", "rule")
        )
        if needs_gap and not (prev == "list" and kind == "text"):
            out.append("")
        out.append(line)
        prev = kind
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def _fill_empty_cells(line: str) -> str:
    """An empty table cell shows a dash, so a gap reads as deliberate."""
    body = line.strip()
    if not (body.startswith("|") and body.endswith("|")) or len(body) < 2:
        return line
    cells = re.split(r"(?<!\\)\|", body[1:-1])
    return "| " + " | ".join(c.strip() or "—" for c in cells) + " |"
