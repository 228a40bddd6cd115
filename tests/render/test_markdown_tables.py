"""Every table of the Markdown report keeps its shape: each row has the header's
number of cells, whatever the disclosure's text and URLs hold (a `|` in a URL shifted
cells: a share of 50% showed as 99.9%)."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from rlhf_disclosure import load_disclosure
from rlhf_disclosure.render import render
from rlhf_disclosure.validation.validate import validate_bytes
from tests.repo import REPO

EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))


def table_shapes(markdown: str) -> list[tuple[int, list[int]]]:
    """(header cells, cells of each body row) for every table, as GitHub parses them."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    shapes: list[tuple[int, list[int]]] = []
    header, rows, cells, section = 0, [], 0, ""
    for t in tokens:
        if t.type == "table_open":
            header, rows = 0, []
        elif t.type in ("thead_open", "tbody_open"):
            section = t.type
        elif t.type == "tr_open":
            cells = 0
        elif t.type in ("th_open", "td_open"):
            cells += 1
        elif t.type == "tr_close":
            if section == "thead_open":
                header = cells
            else:
                rows.append(cells)
        elif t.type == "table_close":
            shapes.append((header, rows))
    return shapes


def body_texts(markdown: str) -> list[list[str]]:
    """The text of each body row's cells, for every table."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    rows: list[list[str]] = []
    current: list[str] | None = None
    in_body = False
    for t in tokens:
        if t.type == "tbody_open":
            in_body = True
        elif t.type == "tbody_close":
            in_body = False
        elif t.type == "tr_open" and in_body:
            current = []
        elif t.type == "inline" and current is not None:
            current.append(t.content)
        elif t.type == "tr_close" and current is not None:
            rows.append(current)
            current = None
    return rows


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_table_of_the_examples_keeps_its_shape(example: Path) -> None:
    shapes = table_shapes(render(load_disclosure(example), "md"))
    assert shapes, "the report has tables"
    for header, rows in shapes:
        assert rows and all(n == header for n in rows), (header, rows)


PIPES = """schema_version: 2
model: {name: "M|1"}
pretraining:
  description: "Web | code"
  data_sources:
    - name: "Crawl | filtered"
      url: "https://example.org/a|b"
      share: 0.5
      description: "pipes | everywhere"
    - name: Books
      url: "https://example.org/books?x=1|2"
      share: 0.25
"""


def test_pipes_in_urls_and_text_stay_inside_their_cells() -> None:
    result = validate_bytes(PIPES.encode())
    assert result.disclosure is not None, result.issues
    markdown = render(result.disclosure, "md")
    for header, rows in table_shapes(markdown):
        assert all(n == header for n in rows), (header, rows)
    sources = [row for row in body_texts(markdown) if row and "Crawl" in row[0]]
    assert sources and sources[0][1] == "50%", sources
