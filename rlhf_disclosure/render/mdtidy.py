"""Tidy generated Markdown: blank lines around blocks, none doubled, no trailing spaces.

Templates are easier to read when they do not have to get every blank line
right; this pass gives the layout markdownlint expects (headings, tables,
lists and code fences surrounded by blank lines).
"""

from __future__ import annotations

import re


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
    out: list[str] = []
    in_fence = False
    prev = "blank"
    for raw in text.splitlines():
        line = raw.rstrip()
        if line.lstrip().startswith("```"):
            if not in_fence and prev != "blank":
                out.append("")
            out.append(line)
            in_fence = not in_fence
            prev = "fence" if in_fence else "fence_end"
            continue
        if in_fence:
            out.append(raw)
            continue
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
        if needs_gap and not (prev == "list" and kind == "text" and line.startswith("  ")):
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
