"""Charts a reader can trust: one metric and scale per chart, an axis that starts at
the scale's minimum or says it does not, bars labelled with what tells them apart,
figures drawn as exactly as they are known, and nothing left out unsaid.

Each rule is checked on a small disclosure written inline.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rlhf_disclosure.render.charts import WIDTH, axis_for
from tests.render.test_report_content import Element, _Tree, from_yaml

HEAD = """schema_version: 2
model:
  name: Headline-70B
  variants:
    - {id: v-small, name: Small-8B-Chat}
policy_evaluation:
  evaluation_sets:
    - {id: set-a, name: Held-out chat prompts}
    - {id: set-b, name: Adversarial prompts}
  results:
"""


def page(results: str) -> Element:
    parser = _Tree()
    parser.feed(from_yaml(HEAD + results, "html"))
    return parser.root


def charts(results: str) -> list[Element]:
    return list(page(results).find("figure", "chart"))


def labels(chart: Element) -> list[str]:
    return [s.text for s in chart.find("span", "bar-label") if s.text]


def svgs(chart: Element) -> dict[str, Element]:
    """Each bar's SVG by its row's label."""
    rows = [r for r in chart.find("div", "bar-row") if "bar-axis-row" not in r.classes()]
    return {next(r.find("span", "bar-label")).text: next(r.find("svg")) for r in rows}


def shapes(svg: Element) -> set[str]:
    return {c for child in svg.children for c in child.classes()}


def left_out(results: str) -> str:
    return " ".join(p.text for p in page(results).find("p", "chart-left-out"))


def test_a_percentage_and_a_1_to_10_score_are_two_charts() -> None:
    found = charts("""
    - {name: Judge score A, metric: helpfulness, value: 7.1}
    - {name: Judge score B, metric: helpfulness, value: 8.2}
    - {name: Win rate A, metric: helpfulness, value: 61, unit: "%"}
    - {name: Win rate B, metric: helpfulness, value: 70, unit: "%"}
""")
    assert [labels(c) for c in found] == [
        ["Judge score A", "Judge score B"],
        ["Win rate A", "Win rate B"],
    ]
    assert "Scale 0 to 10." in found[0].text
    assert "Scale 0% to 100%." in found[1].text


def test_results_of_different_metrics_never_share_an_axis() -> None:
    found = charts("""
    - {name: A, metric: win rate, value: 61, unit: "%"}
    - {name: B, metric: win rate, value: 55, unit: "%"}
    - {name: C, metric: refusal rate, value: 12, unit: "%"}
    - {name: D, metric: refusal rate, value: 9, unit: "%"}
""")
    assert [labels(c) for c in found] == [["A", "B"], ["C", "D"]]


def test_elo_like_scores_are_drawn_on_a_cut_axis_that_says_so() -> None:
    [chart] = charts("""
    - {name: Elo A, metric: Elo rating, value: 997}
    - {name: Elo B, metric: Elo rating, value: 1192}
    - {name: Elo C, metric: Elo rating, value: 1053}
""")
    assert "Scale 950 to 1,250; the axis starts at 950, not 0." in chart.text
    for svg in svgs(chart).values():
        assert "cut" in shapes(svg)  # a break mark at the start of every track
    axis = [s.text for s in next(chart.find("span", "bar-axis")).children]
    assert axis == ["950", "1,250"]


@pytest.mark.parametrize(
    ("values", "unit", "scale"),
    [
        ([60.28, 74.04], None, "Scale 0 to 80."),  # a score up to 100 starts at 0
        ([83.1, 97.8], None, "Scale 0 to 100."),  # not 0 to 120
        ([97, 99], "%", "Scale 0% to 100%."),  # a percentage is never cut
        (
            [1010, 1090],
            "tokens",
            "Scale 1,000 tokens to 1,100 tokens; the axis starts at 1,000 tokens, not 0.",
        ),
    ],
)
def test_where_an_axis_starts(values: list[float], unit: str | None, scale: str) -> None:
    unit_line = f", unit: {unit!r}" if unit else ""
    rows = "".join(
        f"    - {{name: R{n}, metric: m, value: {v}{unit_line}}}\n" for n, v in enumerate(values)
    )
    [chart] = charts(rows)
    assert scale in chart.text


def test_bars_are_labelled_with_their_variant_and_evaluation_set_by_name() -> None:
    [chart] = charts("""
    - {name: RM accuracy, metric: accuracy, value: 0.71, evaluation_set: set-a}
    - {name: RM accuracy, metric: accuracy, value: 0.64, evaluation_set: set-b}
    - {name: RM accuracy, metric: accuracy, value: 0.58, evaluation_set: set-a, variant: v-small}
""")
    details = [s.text for s in chart.find("span", "bar-detail")]
    assert details == [
        "Headline-70B, Held-out chat prompts",
        "Headline-70B, Adversarial prompts",
        "Small-8B-Chat, Held-out chat prompts",
    ]
    assert "v-small" not in chart.text and "set-a" not in chart.text


def test_bars_name_their_data_and_baseline_where_they_differ() -> None:
    [chart] = charts("""
    - {name: F1, metric: F1, value: 33.34, dataset: {name: DROP}, baseline: {name: GPT-3}}
    - {name: F1, metric: F1, value: 69.93, dataset: {name: SQuADv2}, baseline: {name: T0}}
""")
    details = [s.text for s in chart.find("span", "bar-detail")]
    assert details == ["DROP, vs GPT-3", "SQuADv2, vs T0"]


def test_bars_nothing_tells_apart_point_to_their_table_rows() -> None:
    [chart] = charts("""
    - {name: Same, metric: m, value: 1}
    - {name: Same, metric: m, value: 2}
""")
    details = [s.text for s in chart.find("span", "bar-detail")]
    assert details == ["row 1 of the table", "row 2 of the table"]


FORMS = """
    - {name: Exact, metric: win rate, value: 60.0, unit: "%"}
    - {name: Bound, metric: win rate, value: {more_than: 75}, unit: "%"}
    - {name: Cap, metric: win rate, value: {at_most: 5}, unit: "%"}
    - {name: Approx, metric: win rate, value: {about: 40}, unit: "%"}
    - {name: Span, metric: win rate, value: {from: 50, to: 55}, unit: "%"}
"""


def test_bounds_approximations_and_ranges_are_drawn_as_what_they_say() -> None:
    [chart] = charts(FORMS)
    drawn = svgs(chart)
    alt = {name: svg.attrs["aria-label"] for name, svg in drawn.items()}
    assert alt == {
        "Exact": "Bar at 60.0% on a scale of 0% to 100%",
        "Bound": "Mark at more than 75% (a lower bound), open towards higher values, "
        "on a scale of 0% to 100%",
        "Cap": "Mark at at most 5% (an upper bound), open towards lower values, "
        "on a scale of 0% to 100%",
        "Approx": "Bar at about 40% (approximate) on a scale of 0% to 100%",
        "Span": "Range of 50 to 55% on a scale of 0% to 100%",
    }
    # A bound is a mark and an arrow, never a bar of its figure.
    for name in ("Bound", "Cap"):
        assert {"bound", "bound-head", "bound-mark"} <= shapes(drawn[name])
        assert "bar" not in shapes(drawn[name])
    assert {"bar", "approx", "hatch"} <= shapes(drawn["Approx"])
    assert {"range", "range-end"} <= shapes(drawn["Span"])
    values = [s.text for s in chart.find("span", "bar-value") if s.text]
    assert values == ["60.0%", "more than 75%", "at most 5%", "about 40%", "50 to 55%"]
    for key in ("A hatched end: an approximate value.", "A mark with a dashed arrow: a bound"):
        assert key in chart.text


def test_an_approximate_share_of_annotators_gets_a_hatched_bar() -> None:
    root = page("""    - {name: A, metric: m, value: 1}
feedback_collections:
  - id: fc
    name: Ratings
    annotators:
      demographics:
        - dimension: role
          survey_size: 270
          categories:
            - {category: first-time contributors, share: {about: 0.40}}
            - {category: others, share: 0.55}
""")
    [table] = list(root.find("table", "bar-table"))
    alt = [svg.attrs["aria-label"] for svg in table.find("svg")]
    assert alt == [
        "Bar at about 40% (approximate) on a scale of 0% to 100%",
        "Bar at 55% on a scale of 0% to 100%",
    ]
    assert "A hatched end: an approximate value." in table.text


def test_a_finding_without_a_number_is_not_drawn_and_is_counted() -> None:
    results = """
    - {name: A, metric: m, value: 1}
    - {name: B, metric: m, value: 2}
    - {name: Preferred, finding: Preferred in most comparisons.}
"""
    [chart] = charts(results)
    assert labels(chart) == ["A", "B"]
    assert left_out(results) == "Not drawn in the charts above: 1 result stated in words only."


def test_a_left_out_value_is_named_under_the_charts() -> None:
    results = """
    - {name: Precision, metric: precision, value: 0.80}
    - {name: Recall, metric: recall, value: 0.70}
    - {name: F1 A, metric: F1, value: 0.75}
    - {name: F1 B, metric: F1, value: 0.72}
    - {name: Held back, metric: F1, value: {status: withheld, reason: Under embargo.}}
"""
    [chart] = charts(results)
    assert labels(chart) == ["F1 A", "F1 B"]
    assert "The same numbers" not in chart.text  # the table has more than the chart
    assert "These numbers are in the table above, with others." in chart.text
    assert left_out(results) == (
        "Not drawn in the charts above: “Precision”, “Recall” (no other result with its "
        "metric and scale); “Held back” (withheld)."
    )


def test_a_chart_of_a_whole_table_says_so() -> None:
    results = """
    - {name: A, metric: m, value: 0.50}
    - {name: B, metric: m, value: 0.25}
"""
    [chart] = charts(results)
    assert "The same numbers are in the table above." in chart.text
    assert left_out(results) == ""
    values = [s.text for s in chart.find("span", "bar-value") if s.text]
    assert values == ["0.50", "0.25"]  # as written, never reformatted through float


finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@given(st.lists(finite, min_size=1, max_size=6), st.sampled_from([None, "%", "points"]))
def test_a_cut_axis_holds_every_point_and_starts_above_0_only_when_far(
    points: list[float], unit: str | None
) -> None:
    axis = axis_for(points, unit, cut=True)
    assert axis.lo <= min(points) and axis.hi >= max(points) and axis.lo < axis.hi
    for p in points:
        assert 0 <= axis.x(p) <= WIDTH
    if axis.cut:
        assert unit != "%" and min(points) > 100
        assert "not 0" in axis.scale


def test_cut_is_only_for_results() -> None:
    # Counts of annotators always start at 0, however large.
    assert axis_for([1010, 1090]).lo == 0
    assert axis_for([1010, 1090], cut=True).lo == 1000
