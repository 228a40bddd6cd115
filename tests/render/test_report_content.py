"""What a reader finds in the reports: well-formed tables, links that lead somewhere,
charts on an honest scale with text alternatives, and text that reads as written.

Every check runs on every example in both formats where it applies, so a new
example is checked by adding its file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from rlhf_disclosure import load_disclosure
from rlhf_disclosure.render import render
from rlhf_disclosure.render.charts import axis_for, nice_ceiling
from rlhf_disclosure.render.view import github_anchor, join_sentences, stage_title
from rlhf_disclosure.schema import Disclosure, Undisclosed
from rlhf_disclosure.schema.training import PolicyTraining
from rlhf_disclosure.validation.validate import validate_bytes
from tests.repo import REPO

EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))
IDS = [p.stem for p in EXAMPLES]
STYLE = REPO / "rlhf_disclosure" / "templates" / "_style.css.j2"


@cache
def disclosure(stem: str) -> Disclosure:
    return load_disclosure(REPO / "examples" / f"{stem}.yaml")


@cache
def report(stem: str, fmt: str) -> str:
    return render(disclosure(stem), fmt)  # type: ignore[arg-type]


def from_yaml(text: str, fmt: str) -> str:
    result = validate_bytes(text.encode("utf-8"))
    assert result.disclosure is not None, result.issues
    return render(result.disclosure, fmt)  # type: ignore[arg-type]


# --- Reading the reports --------------------------------------------------------------


class Element:
    """An HTML element with its attributes, its text and its children."""

    def __init__(self, tag: str, attrs: dict[str, str | None]) -> None:
        self.tag, self.attrs = tag, attrs
        self.children: list[Element] = []
        self.parts: list[str] = []

    @property
    def text(self) -> str:
        return " ".join("".join(self.parts).split())

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def find(self, tag: str = "*", cls: str | None = None) -> Iterator[Element]:
        for child in self.children:
            if (tag in ("*", child.tag)) and (cls is None or cls in child.classes()):
                yield child
            yield from child.find(tag, cls)


VOID = {"br", "meta", "link", "img", "hr", "input", "path", "rect"}


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs))
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        while len(self.stack) > 1:
            if self.stack.pop().tag == tag:
                break

    def handle_data(self, data: str) -> None:
        for element in self.stack:
            element.parts.append(data)


@cache
def tree(stem: str) -> Element:
    parser = _Tree()
    parser.feed(report(stem, "html"))
    parser.close()
    return parser.root


def markdown_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line) outside code fences."""
    fence = ""
    for number, line in enumerate(text.splitlines(), 1):
        marker = re.match(r"^(`{3,}|~{3,})", line)
        if marker and (not fence or marker.group(1).startswith(fence)):
            fence = "" if fence else marker.group(1)
            continue
        if not fence:
            yield number, line


def cells(row: str) -> list[str]:
    """The cells of a Markdown table row (pipes escaped with a backslash stay inside)."""
    return [c.strip() for c in re.split(r"(?<!\\)\|", row.strip()[1:-1])]


def walk(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every (path, value) in a validated model, depth first."""
    yield path, value
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from walk(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, f"{path}[{index}]")


# --- Markdown tables ---------------------------------------------------------------


DELIMITER = re.compile(r"^\|(\s*:?-{3,}:?\s*\|)+$")


@pytest.mark.parametrize("stem", IDS)
def test_every_markdown_table_row_belongs_to_a_table_with_a_header(stem: str) -> None:
    """A row after a blank line without its own header shows raw pipes on GitHub."""
    blocks: list[list[tuple[int, str]]] = []
    previous = 0
    for number, line in markdown_lines(report(stem, "md")):
        if not line.startswith("|"):
            continue
        if number != previous + 1 or not blocks:
            blocks.append([])
        blocks[-1].append((number, line))
        previous = number
    assert blocks, "the report has no tables"
    problems = []
    for block in blocks:
        first = block[0][0]
        if len(block) < 2 or not DELIMITER.match(block[1][1]):
            problems.append(f"line {first}: table rows without a header row: {block[0][1][:80]}")
            continue
        width = len(cells(block[0][1]))
        for number, line in block:
            if len(cells(line)) != width:
                problems.append(f"line {number}: {len(cells(line))} cells, header has {width}")
    assert problems == []


# --- Absence and its sources -------------------------------------------------------


def plain(text: str) -> str:
    """Text without Markdown's emphasis and code marks, whitespace collapsed."""
    return " ".join(re.sub(r"[`*_]", "", text).split())


def withheld_with_references(d: Disclosure) -> list[tuple[str, Undisclosed]]:
    return [(p, v) for p, v in walk(d) if isinstance(v, Undisclosed) and v.references]


def test_an_example_withholds_a_section_with_references() -> None:
    """The next test would pass vacuously without such a section."""
    assert any(withheld_with_references(disclosure(stem)) for stem in IDS)


@pytest.mark.parametrize("stem", IDS)
def test_a_withheld_section_links_its_references_beside_its_reason(stem: str) -> None:
    found = withheld_with_references(disclosure(stem))
    md_blocks = re.split(r"\n(?!>)", report(stem, "md"))
    for path, value in found:
        reason = plain(value.reason)[:40]
        # A section given a status is an "absent" box; a single field, its field-list entry.
        places = [*tree(stem).find("div", "absent"), *tree(stem).find("dd")]
        boxes = [b for b in places if reason in plain(b.text)]
        assert boxes, f"{path}: reason not shown in the HTML"
        hrefs = {a.attrs.get("href") for box in boxes for a in box.find("a")}
        quotes = [b for b in md_blocks if reason in plain(b)]
        assert quotes, f"{path}: reason not shown in the Markdown"
        for ref in value.references:
            assert ref.url in hrefs, f"{path}: {ref.url} not linked in the HTML"
            assert any(f"]({ref.url})" in q for q in quotes), f"{path}: {ref.url} (Markdown)"


# --- Links within the page -----------------------------------------------------------


def markdown_anchors(text: str) -> set[str]:
    """The anchors GitHub gives the report's headings (numbered when repeated)."""
    seen: dict[str, int] = {}
    anchors = set()
    for _, line in markdown_lines(text):
        m = re.match(r"^#{1,6} (.*)$", line)
        if not m:
            continue
        heading = re.sub(r"\\(.)", r"\1", m.group(1)).replace("&lt;", "<").replace("&gt;", ">")
        base = github_anchor(heading.replace("`", ""))
        count = seen.get(base, 0)
        anchors.add(base if count == 0 else f"{base}-{count}")
        seen[base] = count + 1
    return anchors


@pytest.mark.parametrize("stem", IDS)
def test_every_in_page_link_leads_to_something(stem: str) -> None:
    ids = {e.attrs.get("id") for e in tree(stem).find()} - {None}
    html_targets = {
        str(a.attrs["href"])[1:]
        for a in tree(stem).find("a")
        if str(a.attrs.get("href", "")).startswith("#")
    }
    assert html_targets - ids == set()
    md = report(stem, "md")
    md_targets = set(re.findall(r"\]\(#([^)]+)\)", md))
    assert md_targets - markdown_anchors(md) == set()


def data_uses(d: Disclosure) -> list[tuple[str, str]]:
    """(where, source id) of every collection or dataset a reward model or stage used."""
    out = []
    for path, value in walk(d):
        if re.search(r"(training_data|\.data)\[\d+\]$", path):
            out.append((path, value.source))
    return out


@pytest.mark.parametrize("stem", IDS)
def test_data_a_model_or_stage_used_is_linked_by_name_in_both_formats(stem: str) -> None:
    d = disclosure(stem)
    names = {
        x.id: x.name
        for path, x in walk(d)
        if re.search(r"^(feedback_collections|datasets)\[\d+\]$", path)
    }
    uses = data_uses(d)
    assert uses
    html_links = {(a.text, a.attrs.get("href")) for a in tree(stem).find("a")}
    md = report(stem, "md")
    for where, source in uses:
        name = " ".join(names[source].split())
        assert any(text == name and str(href).startswith("#") for text, href in html_links), where
        assert re.search(rf"\[{re.escape(name)}\]\(#[^)]+\)", md), where


@pytest.mark.parametrize("stem", IDS)
def test_a_stage_that_starts_from_another_links_to_it(stem: str) -> None:
    d = disclosure(stem)
    assert isinstance(d.policy_training, PolicyTraining)
    stages = {st.id: st for st in d.policy_training.stages}
    md = report(stem, "md")
    for st in d.policy_training.stages:
        before = stages.get(st.starts_from or "")
        if before is None:
            continue
        assert f'<a href="#stage-{before.id}">{before.name}</a>' in report(stem, "html")
        assert re.search(rf"\| Starts from \| \[{re.escape(before.name)}\]\(#stage-\d", md)


def test_stage_headings_name_the_method_once() -> None:
    def title(name: str, kind: str, algorithm: str | None = None) -> str:
        doc = (
            "schema_version: 2\nmodel: {name: M}\npolicy_training:\n  stages:\n"
            f"    - {{id: s, name: {name}, kind: {kind}"
            + (f", algorithm: {algorithm}" if algorithm else "")
            + "}\n"
        )
        result = validate_bytes(doc.encode())
        assert result.disclosure is not None and isinstance(
            result.disclosure.policy_training, PolicyTraining
        )
        return stage_title(result.disclosure.policy_training.stages[0], 1)

    assert title("Supervised fine-tuning", "sft") == "Stage 1: Supervised fine-tuning (SFT)"
    assert title("RLHF with PPO", "rlhf_ppo", "PPO") == "Stage 1: RLHF with PPO"
    assert title("Policy optimisation", "rlhf_ppo", "PPO") == (
        "Stage 1: Policy optimisation — RLHF (PPO)"
    )
    assert title("Preference tuning", "dpo", "'DPO (sigmoid loss)'") == (
        "Stage 1: Preference tuning — DPO (sigmoid loss)"
    )
    assert title("Preference tuning", "dpo", "DPO") == "Stage 1: Preference tuning (DPO)"
    assert title("Tuning", "kto", "a custom loss") == "Stage 1: Tuning (KTO, a custom loss)"


@pytest.mark.parametrize("stem", IDS)
def test_stage_settings_are_labelled(stem: str) -> None:
    """A stage's hyperparameters and compute come under their own label, never bare."""
    d = disclosure(stem)
    assert isinstance(d.policy_training, PolicyTraining)
    md = report(stem, "md")
    html = report(stem, "html")
    for n, st in enumerate(d.policy_training.stages, 1):
        title = stage_title(st, n)
        start = md.index(f"### {title}")
        end = md.find("\n### ", start + 1)
        section = md[start : end if end > 0 else None]
        li = html[html.index(f'<li id="stage-{st.id}">') :]
        li = li[: re.search(r'<li id="stage-|</ol>', li[1:]).end()]  # type: ignore[union-attr]
        for label, value in (("Hyperparameters", st.hyperparameters), ("Compute", st.compute)):
            if value is not None:
                assert f"**{label}**" in section, (st.id, label)
                assert f"<h4>{label}</h4>" in li, (st.id, label)


# --- Charts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("points", "unit", "ends"),
    [
        ([69.6, 72.4, 70.5, 72.8], "%", (0, 100)),  # not 0 to 72.8: differences stay honest
        ([0.71, 0.88, 0.9], "fraction", (0, 1)),
        ([0.07, 0.1], "fraction", (0, 1)),
        ([0.196, 0.4], None, (0, 0.5)),
        ([0.712, 0.689], None, (0, 1)),
        ([33.34, 69.93], None, (0, 80)),
        ([0.737, 0.413], "bits", (0, 0.8)),
        ([97.0, 103.0], "%", (0, 120)),  # a whisker past 100% widens the scale
        ([-3.0, 2.0], "points", (-4, 2.5)),
    ],
)
def test_chart_scales(points: list[float], unit: str | None, ends: tuple[float, float]) -> None:
    axis = axis_for(points, unit)
    assert (axis.lo, axis.hi) == ends
    assert all(axis.lo <= p <= axis.hi for p in points)


def test_nice_ceiling() -> None:
    assert [nice_ceiling(x) for x in (0.42, 7.1, 76.4, 101, 1000)] == [0.5, 8, 80, 120, 1000]


def test_a_percentage_chart_runs_from_0_to_100() -> None:
    chart = next(tree("instructgpt").find("figure", "chart"))
    assert "6B reward model evaluation" in chart.text
    assert "Scale 0% to 100%" in chart.text


@pytest.mark.parametrize("stem", IDS)
def test_chart_labels_give_the_value_and_interval_only(stem: str) -> None:
    descriptions = [
        v.description
        for _, v in walk(disclosure(stem))
        if type(v).__name__ == "Uncertainty" and v.description
    ]
    values = list(tree(stem).find("span", "bar-value"))
    for value in values:
        assert len(value.text) < 40, value.text
        assert not any(d[:20] in value.text for d in descriptions), value.text
        assert value.text.count("(") == value.text.count(")") <= 1


@pytest.mark.parametrize("stem", IDS)
def test_every_chart_has_a_text_alternative(stem: str) -> None:
    svgs = list(tree(stem).find("svg"))
    assert svgs, "no charts"
    for svg in svgs:
        named = svg.attrs.get("role") == "img" and (svg.attrs.get("aria-label") or "").strip()
        hidden = svg.attrs.get("aria-hidden") == "true"
        assert named and not hidden, svg.attrs
    for figure in tree(stem).find("figure", "chart"):
        said = ("The same numbers are in the table above.", "in the table above, with others.")
        assert any(s in figure.text for s in said), figure.text


def test_labeler_demographics_are_a_table_with_the_numbers() -> None:
    d = disclosure("instructgpt")
    tables = {t.text: t for t in tree("instructgpt").find("table")}
    dimensions = [dem for _, dem in walk(d) if type(dem).__name__ == "Demographic"]
    assert dimensions
    for dem in dimensions:
        [table] = [
            t for text, t in tables.items() if text.startswith(" ".join(dem.dimension.split()))
        ]
        assert [th.attrs.get("scope") for th in table.find("th")].count("col") >= 2
        rows = {
            tr.children[0].text: [td.text for td in tr.find("td")]
            for tr in table.find("tr")
            if list(tr.find("td"))
        }
        for c in dem.categories:
            shown = rows[c.category]
            if c.share is not None:
                assert f"{round(c.share * 100, 4):g}%" in shown, (dem.dimension, c.category)
            if c.count is not None:
                assert str(c.count) in shown, (dem.dimension, c.category)


RESULTS = """schema_version: 2
model: {name: M}
policy_evaluation:
  results:
    - {name: A, metric: win rate, value: 61, unit: "%", uncertainty: {plus_minus: 2}}
    - {name: B, metric: refusal rate, value: 12, unit: "%", uncertainty: {ci_lower: 10, ci_upper: 14}}
    - {name: C, metric: accuracy, value: 0.7, unit: fraction}
    - {name: D, metric: BLEU, value: 30.1}
    - {name: E, metric: F1, value: 50}
    - {name: F, metric: F1, value: 61}
"""


def test_one_chart_per_metric_and_scale_and_a_lone_bar_gets_none() -> None:
    html = from_yaml(RESULTS, "html")
    parser = _Tree()
    parser.feed(html)
    charts = list(parser.root.find("figure", "chart"))
    labels = [[s.text for s in c.find("span", "bar-label")] for c in charts]
    # Percentages of different metrics are not drawn on one axis: only F1 has two
    # results; the rest are named under the chart as left out, with why.
    assert labels == [["E", "F", ""]]
    assert "These numbers are in the table above, with others." in charts[0].text
    [left_out] = list(parser.root.find("p", "chart-left-out"))
    assert left_out.text == (
        "Not drawn in the charts above: “A”, “B”, “C”, “D” "
        "(no other result with its metric and scale)."
    )


# --- Words --------------------------------------------------------------------------


def visible_text(stem: str, fmt: str) -> str:
    text = next(tree(stem).find("body")).text if fmt == "html" else report(stem, "md")
    return " ".join(text.split())


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize("stem", IDS)
def test_no_sentence_is_followed_by_a_semicolon(stem: str, fmt: str) -> None:
    text = visible_text(stem, fmt)
    found = [text[max(0, m.start() - 40) : m.end() + 20] for m in re.finditer(r"[.!?]\*?;", text)]
    assert found == []


@pytest.mark.parametrize(
    ("items", "joined"),
    [
        (["Prompts only.", "Safety pairs."], "Prompts only. Safety pairs."),
        (["a", "b"], "a; b"),
        (["95% CI [1, 2]", "Bootstrap over prompts."], "95% CI [1, 2]. Bootstrap over prompts."),
        (["95% CI [1, 2]", "bootstrap"], "95% CI [1, 2]; bootstrap"),
        (['Asked "why?"', "then"], 'Asked "why?" then'),
        (["", "b", ""], "b"),
    ],
)
def test_join_sentences(items: list[str], joined: str) -> None:
    assert join_sentences(items) == joined


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize("stem", IDS)
def test_no_raw_value_names_reach_the_reader(stem: str, fmt: str) -> None:
    text = visible_text(stem, fmt)
    assert not re.search(r"\b(internal|external): ", text)
    assert not re.search(r"\d fraction\b", text)


# --- Layout -----------------------------------------------------------------------------


@pytest.mark.parametrize("stem", IDS)
def test_the_summary_panel_comes_before_the_model_details(stem: str) -> None:
    html = report(stem, "html")
    assert html.index('id="at-a-glance"') < html.index('<dl class="fields">')
    assert html.index("<h1>") < html.index('id="at-a-glance"')
    md = report(stem, "md")
    assert md.index("## At a glance") < md.index("| Field | Value |")


@pytest.mark.parametrize("stem", IDS)
def test_wide_tables_label_every_cell_for_narrow_screens(stem: str) -> None:
    tables = list(tree(stem).find("table", "stack"))
    assert tables, "evaluation results should be in tables that stack on phones"
    for table in tables:
        headers = [th.text for th in next(table.find("thead")).find("th")]
        for tr in table.find("tr"):
            if "note-row" in tr.classes() or not list(tr.find("td")):
                continue
            assert [td.attrs.get("data-label") for td in tr.find("td")] == headers[1:]


def test_chart_whiskers_are_not_clipped_at_the_track_ends() -> None:
    css = STYLE.read_text(encoding="utf-8")
    assert re.search(r"\.bar-svg \{[^}]*overflow: visible", css)


def test_print_styles() -> None:
    css = STYLE.read_text(encoding="utf-8")
    printed = css[css.index("@media print") :]
    assert re.search(r"pre \{[^}]*white-space: pre-wrap", printed)
    assert 'a[href^="http"]' in printed and "attr(href)" in printed
    assert re.search(r"h2, h3, h4, caption, figcaption[^{]*\{ break-after: avoid", printed)
    assert "thead { display: table-header-group; }" in printed


# --- On a phone, in a real browser ----------------------------------------------------------


PHONE_CHECK = """() => {
    const wide = [];
    for (const wrap of document.querySelectorAll('.table-wrap')) {
        if (wrap.scrollWidth > wrap.clientWidth + 1) {
            wide.push(`${wrap.querySelector('caption')?.textContent.slice(0, 40)}: ${wrap.scrollWidth}px`);
        }
    }
    const glance = document.getElementById('at-a-glance').getBoundingClientRect().top;
    return {wide, glance};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("stem", IDS)
def test_on_a_phone_tables_fit_and_the_summary_is_near_the_top(
    browser: Any, stem: str, tmp_path: Path
) -> None:
    from tests.chromium import PHONE, new_page

    path = tmp_path / f"{stem}.html"
    path.write_text(report(stem, "html"), encoding="utf-8")
    page = new_page(browser, viewport=PHONE, is_mobile=True)
    try:
        page.goto(path.as_uri())
        found = page.evaluate(PHONE_CHECK)
    finally:
        page.context.close()
    assert found["wide"] == [], "tables that scroll sideways on a 390px screen"
    assert found["glance"] < 400, "the at-a-glance panel should be on the first screen"


# --- Compact result tables ----------------------------------------------------------

CITED = """schema_version: 2
model: {name: M}
references:
  - {url: "https://example.org/paper", title: "A paper on things (Doe 2024)"}
policy_evaluation:
  results:
    - name: Listed, short title
      metric: accuracy
      value: 0.7
      uncertainty: {plus_minus: 0.02, description: "Printed as 0.70 +- 0.02."}
      source: {url: "https://example.org/paper", title: "A paper on things", locator: "Table 2"}
    - name: Listed, no title
      metric: accuracy
      value: 0.6
      source: {url: "https://example.org/paper"}
    - name: Listed URL, other title
      metric: accuracy
      value: 0.5
      uncertainty: {description: "Not stated."}
      source: {url: "https://example.org/paper", title: "Another name"}
    - name: Not listed
      metric: accuracy
      value: 0.4
      source: {url: "https://example.org/other", title: "Elsewhere"}
    - name: Spares
      metric: accuracy
      value: 0.3
policy_training:
  stages:
    - id: s1
      name: Fine-tuning
      kind: sft
      hyperparameters: {other: {value_function_learning_rate_175B: "5e-6"}}
"""


def result_rows(html: str) -> dict[str, Element]:
    parser = _Tree()
    parser.feed(html)
    [table] = [t for t in parser.root.find("table", "results")]
    return {
        next(tr.find("th")).text: tr
        for tr in table.find("tr")
        if tr.attrs.get("class") != "note-row"
    }


def test_a_listed_document_is_cited_by_its_number_and_nothing_is_lost() -> None:
    html = from_yaml(CITED, "html")
    rows = result_rows(html)
    source = {name: list(tr.find("td"))[-1] for name, tr in rows.items() if name != "Evaluation"}
    # Same URL with no title, or a title the listed one contains: the number, linked.
    for name in ("Listed, short title", "Listed, no title"):
        [a] = list(source[name].find("a"))
        assert (a.attrs["href"], a.text) == ("#ref-1", "[1]"), name
    assert source["Listed, short title"].text == "[1], Table 2"
    # A title the list does not contain is shown in full; unlisted documents are linked.
    assert source["Listed URL, other title"].text == "Another name"
    assert source["Not listed"].text == "Elsewhere"
    assert source["Spares"].text == "—"
    assert '<li id="ref-1">' in html


def test_an_uncertainty_description_sits_under_its_row() -> None:
    html = from_yaml(CITED, "html")
    rows = result_rows(html)
    cell = {name: list(tr.find("td"))[2].text for name, tr in rows.items() if name != "Evaluation"}
    assert cell["Listed, short title"] == "± 0.02"
    # A description with no figures stays in the column, or it would read as none.
    assert cell["Listed URL, other title"] == "Not stated."
    notes = [tr.text for tr in result_table_notes(html)]
    assert notes == ["Uncertainty: Printed as 0.70 +- 0.02."]


def result_table_notes(html: str) -> list[Element]:
    parser = _Tree()
    parser.feed(html)
    [table] = list(parser.root.find("table", "results"))
    return [tr for tr in table.find("tr") if tr.attrs.get("class") == "note-row"]


def test_long_setting_names_wrap_between_words() -> None:
    html = from_yaml(CITED, "html")
    assert "<code>value_<wbr>function_<wbr>learning_<wbr>rate_<wbr>175B</code>" in html


@pytest.mark.parametrize("stem", IDS)
def test_a_section_sources_after_a_subsections_say_whose_they_are(stem: str) -> None:
    for fmt in ("html", "md"):
        text = visible_text(stem, fmt)
        for rm in disclosure(stem).reward_models or ():
            if getattr(rm, "references", None):
                assert f"Sources for {rm.name}:" in text, (stem, fmt, rm.id)


RISKS = """schema_version: 2
model: {name: M}
references:
  - {url: "https://example.org/paper", title: "A paper on things (Doe 2024)"}
risks:
  - id: r1
    risk: First risk
    description: It happens.
    references: [{url: "https://example.org/paper", locator: "Section 5"}]
  - id: r2
    risk: Second risk
    references: [{url: "https://example.org/other", title: "A blog post"}]
"""


def test_each_risk_cites_its_sources_in_its_own_row() -> None:
    parser = _Tree()
    parser.feed(from_yaml(RISKS, "html"))
    rows = {tr.attrs.get("id"): tr for tr in parser.root.find("tr") if tr.attrs.get("id")}
    assert "Sources: [1], Section 5" in rows["risk-r1"].text
    assert "Sources: A blog post" in rows["risk-r2"].text
    [section] = [
        s for s in parser.root.find("section") if s.attrs.get("aria-labelledby") == "item-10-risks"
    ]
    assert list(section.find("p", "refs")) == []  # no loose source lines after the table
    md_rows = [line for line in from_yaml(RISKS, "md").splitlines() if " risk**" in line]
    assert md_rows[0].endswith(
        "It happens. Sources: [A paper on things (Doe 2024)](https://example.org/paper), "
        "Section 5 | — | — | — | — |"
    )
    assert "**: Sources: [A blog post](https://example.org/other) |" in md_rows[1]


def test_a_loss_formula_wraps_instead_of_hiding_its_end() -> None:
    formulas = [pre for stem in IDS for pre in tree(stem).find("pre") if "formula" in pre.classes()]
    assert formulas, "an example should give a loss formula"
    css = STYLE.read_text(encoding="utf-8")
    rule = re.search(r"^pre\.formula \{([^}]*)\}", css, re.M)
    assert rule and "pre-wrap" in rule.group(1), "formulas must wrap on screen"


def test_the_dark_palette_is_for_screens_only() -> None:
    css = STYLE.read_text(encoding="utf-8")
    dark = re.findall(r"@media[^{]*prefers-color-scheme: dark[^{]*\{", css)
    assert dark and all("screen" in rule for rule in dark), dark


DIRECTIONS = """schema_version: 2
model: {name: M}
policy_evaluation:
  results:
    - {name: Win rate, metric: win rate, value: 61, unit: "%", higher_is_better: true}
    - {name: Refusals, metric: refusal rate, value: 12, unit: "%", higher_is_better: false}
    - {name: Other, metric: agreement, value: 40, unit: "%"}
    - {name: Old refusals, metric: refusal rate, value: 15, unit: "%"}
"""


def test_results_say_which_direction_is_better() -> None:
    parser = _Tree()
    parser.feed(from_yaml(DIRECTIONS, "html"))
    rows = result_rows(from_yaml(DIRECTIONS, "html"))
    metric = {
        name: next(iter(tr.find("td"))).text for name, tr in rows.items() if name != "Evaluation"
    }
    assert metric == {
        "Win rate": "win rate higher is better",
        "Refusals": "refusal rate lower is better",
        "Other": "agreement",
        "Old refusals": "refusal rate",
    }
    [chart] = list(parser.root.find("figure", "chart"))
    labels = [s.text for s in chart.find("span", "bar-label")]
    assert labels == ["Refusals lower is better", "Old refusals", ""], labels
    md = from_yaml(DIRECTIONS, "md")
    assert "| refusal rate (lower is better) |" in md
    assert "| win rate (higher is better) |" in md


def test_blocks_of_user_text_take_their_direction_from_their_text() -> None:
    # Arabic or Hebrew names and reasons in an English page read in order only when
    # each block (and each inline reason) is its own bidirectional paragraph.
    css = STYLE.read_text(encoding="utf-8")
    rule = re.search(r"^([^{}\n]+)\{ unicode-bidi: plaintext; \}", css, re.M)
    assert rule, "no unicode-bidi: plaintext rule"
    selectors = {s.strip() for s in rule.group(1).split(",")}
    assert {"h1", "p", "li", "dd", "td", "th", ".reason"} <= selectors
