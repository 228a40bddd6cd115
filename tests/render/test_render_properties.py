"""Hypothesis: any valid disclosure renders, the same every time, with nothing live
from its text: tricky text, extreme numbers and odd units included."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from rlhf_disclosure.render import render
from rlhf_disclosure.render.charts import WIDTH, axis_for
from rlhf_disclosure.schema import Disclosure
from tests.budget import examples
from tests.render.test_injection import md_problems
from tests.strategies import disclosure, full_disclosure, number, text

# Values charts must place: huge, tiny, negative, and in units with their own scales.
extreme = number | st.sampled_from([0.0, -0.0, 1e308, -1e308, 5e-324, 1e-12, 100.0, 101.0])
chart_result = st.fixed_dictionaries(
    {"name": text, "metric": st.sampled_from(["accuracy", "win rate"]), "value": extreme},
    optional={
        "unit": st.sampled_from(["%", "fraction", "points", "share"]),
        "n": st.integers(min_value=0, max_value=10**9),
        "uncertainty": st.one_of(
            st.tuples(extreme, extreme).map(lambda t: {"ci_lower": min(t), "ci_upper": max(t)}),
            st.fixed_dictionaries({"plus_minus": extreme.map(abs)}),
            st.fixed_dictionaries({"stderr": extreme.map(abs)}),
        ),
    },
)
with_charts = st.tuples(disclosure, st.lists(chart_result, min_size=2, max_size=6)).map(
    lambda t: {**t[0], "policy_evaluation": {"results": t[1]}}
)

# Elements the report itself writes; user text may add only what Markdown makes.
ALLOWED = {
    "html", "head", "meta", "title", "style", "body", "header", "main", "nav", "section",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "p", "a", "ul", "ol", "li", "dl", "dt",
    "dd", "table", "caption", "thead", "tbody", "tr", "th", "td", "div", "span", "strong",
    "em", "code", "pre", "br", "wbr", "figure", "figcaption", "svg", "desc",
    "rect", "path", "line", "g", "text", "blockquote", "hr", "del", "sup", "sub", "small",
    "abbr", "details", "summary", "aside",
}  # fmt: skip


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.styles = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED:
            self.problems.append(f"<{tag}>")
        self.styles += tag == "style"
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "srcdoc", "formaction"):
                self.problems.append(f"<{tag} {name}>")
            if (
                name in ("href", "src")
                and value
                and not value.lower().startswith(("#", "http://", "https://", "mailto:"))
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")


def report_problems(data: dict[str, Any]) -> list[str]:
    """What is wrong with the two reports of a disclosure: output that differs between
    two renders, live markup or a second stylesheet in the HTML, raw HTML or unsafe
    links in the Markdown. Empty when all is well."""
    model = Disclosure.model_validate(data)
    html, md = render(model, "html"), render(model, "md")
    problems = []
    if render(model, "html") != html or render(model, "md") != md:
        problems.append("a second render differs from the first")
    parser = _Markup()
    parser.feed(html)
    parser.close()
    problems += parser.problems
    if parser.styles != 1:
        problems.append(f"{parser.styles} <style> elements")
    return problems + md_problems(md)


@settings(max_examples=examples(60))
@given(disclosure)
def test_any_valid_disclosure_renders_safely_and_the_same_every_time(
    data: dict[str, Any],
) -> None:
    assert report_problems(data) == []


@settings(max_examples=examples(60))
@given(with_charts)
def test_charts_take_any_finite_numbers(data: dict[str, Any]) -> None:
    assert report_problems(data) == []


@given(
    st.lists(extreme, min_size=1, max_size=6),
    st.sampled_from([None, "%", "fraction", "points"]),
)
def test_a_chart_axis_holds_every_point(points: list[float], unit: str | None) -> None:
    axis = axis_for(points, unit)
    assert axis.lo <= min(points) and axis.hi >= max(points) and axis.lo < axis.hi
    for p in points:
        assert 0 <= axis.x(p) <= WIDTH, (axis, p)


@settings(max_examples=examples(60))
@given(full_disclosure())
def test_every_section_renders_safely(data: dict[str, Any]) -> None:
    assert report_problems(data) == []
