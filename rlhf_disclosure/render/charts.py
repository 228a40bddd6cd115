"""Horizontal bar charts as HTML rows with small inline SVG bars.

Labels and values are HTML text (readable at any width, found by screen
readers). Each bar's SVG is an image whose text alternative says what it
draws; the numbers drawn are in a table beside every chart.

A bar draws one exact number. A figure given less exactly is drawn as what it says:
an approximation (`about`) as a bar with a hatched end, a range (`from`, `to`) as a
bar between its ends, a bound (`at_least`, `more_than`, `at_most`, `less_than`) as a
mark at the bound with a dashed arrow towards the values it allows, never as a bar.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from markupsafe import Markup, escape

from .view import with_unit

WIDTH, HEIGHT = 100.0, 12.0
GRID = (0.25, 0.5, 0.75)  # faint lines at these fractions of the track

PERCENT_UNITS = frozenset({"%", "percent", "per cent"})
SHARE_UNITS = frozenset({"fraction", "proportion", "share", "probability", "rate"})


Form = Literal["exact", "about", "range", "at_least", "more_than", "at_most", "less_than"]
LOWER_BOUNDS = frozenset({"at_least", "more_than"})
UPPER_BOUNDS = frozenset({"at_most", "less_than"})

_FORM_WORDS = {
    "about": "approximate",
    "at_least": "a lower bound",
    "more_than": "a lower bound",
    "at_most": "an upper bound",
    "less_than": "an upper bound",
}


@dataclass(frozen=True)
class Bar:
    """One bar: its label, value and, where known, the interval its whisker shows.

    `form` says how exactly the value is known (see the module's docstring); a range
    runs from `start` to `value`.
    """

    label: str
    value: float
    text: str  # the value as shown, with its unit
    low: float | None = None
    high: float | None = None
    interval: str = ""  # the uncertainty in brief, e.g. '95% CI [0.7, 0.72]'
    detail: str = ""  # a second line under the label, e.g. the slice or the variant
    form: Form = "exact"
    start: float | None = None  # where a range starts

    @property
    def points(self) -> list[float]:
        """Every position the bar draws at: its value, a range's start, its whisker."""
        return [self.value] + [p for p in (self.start, self.low, self.high) if p is not None]


@dataclass(frozen=True)
class Axis:
    """Where a track starts and ends, and the unit its ends are labelled in."""

    lo: float
    hi: float
    unit: str | None = None

    def x(self, value: float) -> float:
        """A value's position on the track, 0 to WIDTH."""
        span = self.hi - self.lo
        if math.isinf(span):  # a track from -1e308 to 1e308: measure it in halves
            return round((value / 2 - self.lo / 2) / (self.hi / 2 - self.lo / 2) * WIDTH, 3)
        return round((value - self.lo) / span * WIDTH, 3)

    def end(self, value: float) -> str:
        return with_unit(_tidy(value), self.unit)

    @property
    def cut(self) -> bool:
        """Whether the axis starts above 0, so a bar's length is not its value."""
        return self.lo > 0

    @property
    def scale(self) -> str:
        text = f"Scale {self.end(self.lo)} to {self.end(self.hi)}"
        if self.cut:
            text += f"; the axis starts at {self.end(self.lo)}, not 0"
        return text


_LARGEST = sys.float_info.max


def _tidy(value: float) -> float:
    """A computed axis end without float noise: 0.30000000000000004 -> 0.3."""
    tidy = float(f"{value:.10g}")
    return tidy if math.isfinite(tidy) else value  # 1.7976931348623157e308 rounds up


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten that is >= value
    (or the largest float, where that would overflow)."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * power >= value * (1 - 1e-12):
            return _tidy(step * power) if math.isfinite(step * power) else _LARGEST
    return value  # below the smallest normal float, powers of ten underflow to 0


def bounded_unit(unit: str | None) -> bool:
    """Whether a unit has a scale of its own: percent (0 to 100) or a share (0 to 1)."""
    kind = (unit or "").strip().lower()
    return kind in PERCENT_UNITS or kind in SHARE_UNITS


CUT_ABOVE = 100.0
"""A score whose values all lie above this (an Elo rating, say), clustered far from 0,
is drawn on an axis that starts near them, and says so; anything up to it is read as
a score on a scale that starts at 0 (a percentage without its unit, a 1-10 rating)."""


def _cut_axis(points: Sequence[float], unit: str | None, padding: float) -> Axis | None:
    """A track around points far from 0 (all above CUT_ABOVE, closer to each other than
    to 0), starting at a round number below them; None where 0 belongs on it."""
    if not points or bounded_unit(unit):
        return None
    lo_point, hi_point = min(points), max(points)
    if lo_point <= CUT_ABOVE or hi_point - lo_point >= lo_point:
        return None
    pad = (hi_point - lo_point) * padding or lo_point * padding
    step = nice_ceiling((hi_point - lo_point + 2 * pad) / 5)
    lo = _tidy(math.floor((lo_point - pad) / step) * step)
    hi = _tidy(math.ceil((hi_point + pad) / step) * step)
    if not (math.isfinite(lo) and math.isfinite(hi)) or not 0 < lo <= lo_point < hi:
        return None
    if hi < hi_point:
        return None
    return Axis(lo, hi, unit)


def axis_for(
    points: Sequence[float], unit: str | None = None, padding: float = 0.05, cut: bool = False
) -> Axis:
    """A track that holds every point: 0 to 100 for percentages, 0 to 1 for shares,
    otherwise 0 to a round number a little above the largest point (and below 0
    likewise when there are negative values). Nothing is ever clipped.

    With `cut`, points far from 0 (an Elo rating of about 1,000) get a track that
    starts just below them, which its scale line says (`Axis.cut`)."""
    if cut and (found := _cut_axis(points, unit, padding)) is not None:
        return found
    lo_point, hi_point = min([0.0, *points]), max([0.0, *points])
    kind = (unit or "").strip().lower()
    if kind in PERCENT_UNITS and lo_point >= 0 and hi_point <= 100:
        return Axis(0.0, 100.0, unit)
    # A share, or a unitless score that reaches past 0.5, is read against 0 to 1.
    share = kind in SHARE_UNITS or (not kind and hi_point > 0.5)
    if share and lo_point >= 0 and 0 < hi_point <= 1:
        return Axis(0.0, 1.0, unit)
    hi = nice_ceiling(min(hi_point * (1 + padding), _LARGEST)) if hi_point > 0 else 0.0
    if not kind and lo_point >= 0 and 50 < hi_point <= 100 < hi:
        hi = 100.0  # a unitless score up to 100 reads against 0 to 100, not 0 to 120
    lo = -nice_ceiling(min(-lo_point * (1 + padding), _LARGEST)) if lo_point < 0 else 0.0
    if hi == lo:
        hi = lo + 1.0
    return Axis(lo, hi, unit)


def _shapes(bar: Bar, axis: Axis) -> tuple[list[str], str]:
    """The shapes that draw a bar's value, and what they show in words."""
    zero = axis.x(0.0) if axis.lo <= 0 <= axis.hi else (0.0 if axis.lo > 0 else WIDTH)
    x = axis.x(bar.value)
    on = f"on a scale of {axis.end(axis.lo)} to {axis.end(axis.hi)}"
    if bar.form in LOWER_BOUNDS or bar.form in UPPER_BOUNDS:
        # A mark at the bound and a dashed arrow to the end of the track it allows.
        lower = bar.form in LOWER_BOUNDS
        tip = WIDTH if lower else zero
        head = -2.0 if lower else 2.0
        line, arrow = f"M{x} 6H{tip}", f"M{tip + head} 2.5L{tip} 6L{tip + head} 9.5"
        shapes = [
            f'<path class="bound" vector-effect="non-scaling-stroke" d="{line}"/>',
            f'<path class="bound-head" vector-effect="non-scaling-stroke" d="{arrow}"/>',
            f'<rect class="bound-mark" x="{max(x - 0.4, 0)}" y="1" width="0.8" height="10"/>',
        ]
        towards = "higher" if lower else "lower"
        return (
            shapes,
            f"Mark at {bar.text} ({_FORM_WORDS[bar.form]}), open towards {towards} values, {on}",
        )
    if bar.form == "range" and bar.start is not None:
        a = axis.x(bar.start)
        shapes = [
            f'<rect class="bar range" x="{a}" y="3" width="{max(x - a, 0.4)}" height="6"/>',
            f'<path class="range-end" vector-effect="non-scaling-stroke" d="M{a} 1V11M{x} 1V11"/>',
        ]
        return shapes, f"Range of {bar.text} {on}"
    left, width = min(zero, x), abs(x - zero)
    shapes = [f'<rect class="bar" x="{left}" y="2" width="{max(width, 0.4)}" height="8"/>']
    if bar.form == "about":
        # Hatching over the bar's last stretch: the end is not known exactly.
        far = x
        near = max(min(zero, x), x - 6.0) if x >= zero else min(max(zero, x), x + 6.0)
        step = 1.5 if far >= near else -1.5
        d = "".join(
            f"M{round(near + i * step, 3)} 10L{round(near + (i + 1) * step, 3)} 2"
            for i in range(int(abs(far - near) // 1.5))
        )
        shapes = [
            f'<rect class="bar approx" x="{left}" y="2" width="{max(width, 0.4)}" height="8"/>'
        ]
        if d:
            shapes.append(f'<path class="hatch" vector-effect="non-scaling-stroke" d="{d}"/>')
        shapes.append(
            f'<path class="approx-end" vector-effect="non-scaling-stroke" d="M{x} 0.5V11.5"/>'
        )
        return shapes, f"Bar at {bar.text} ({_FORM_WORDS['about']}) {on}"
    return shapes, f"Bar at {bar.text} {on}"


def bar_svg(bar: Bar, axis: Axis) -> str:
    """One bar (and its whisker) as a small SVG image with a text alternative."""
    shapes = ['<rect class="track" x="0" y="1" width="100" height="10"/>']
    shapes += [
        f'<path class="grid" vector-effect="non-scaling-stroke" d="M{g * WIDTH:g} 1V11"/>'
        for g in GRID
    ]
    drawn, alt = _shapes(bar, axis)
    shapes += drawn
    if axis.lo < 0:
        zero = axis.x(0.0)
        shapes.append(f'<path class="zero" vector-effect="non-scaling-stroke" d="M{zero} 0V12"/>')
    if axis.cut:  # a break at the track's start: it does not begin at 0
        shapes.append(
            '<path class="cut" vector-effect="non-scaling-stroke" d="M0.2 11L1.4 1M1.2 11L2.4 1"/>'
        )
    if bar.low is not None and bar.high is not None:
        a, b = axis.x(bar.low), axis.x(bar.high)
        d = f"M{a} 6H{b}M{a} 2.5V9.5M{b} 2.5V9.5"
        shapes.append(f'<path class="whisker" vector-effect="non-scaling-stroke" d="{d}"/>')
        low, high = axis.end(bar.low), axis.end(bar.high)
        alt += f", whisker from {low} to {high}"
    return (
        f'<svg class="bar-svg" viewBox="0 0 {WIDTH:g} {HEIGHT:g}" preserveAspectRatio="none" '
        f'role="img" aria-label="{escape(alt)}">{"".join(shapes)}</svg>'
    )


def _value_html(bar: Bar) -> str:
    interval = f' <span class="bar-interval">{escape(bar.interval)}</span>' if bar.interval else ""
    return f"{escape(bar.text)}{interval}"


def _axis_html(axis: Axis) -> str:
    return (
        f'<span class="bar-axis"><span>{escape(axis.end(axis.lo))}</span>'
        f"<span>{escape(axis.end(axis.hi))}</span></span>"
    )


def bar_chart(
    bars: Sequence[Bar],
    caption: str,
    note: str = "",
    axis: Axis | None = None,
) -> Markup:
    """A figure with one row per bar; whiskers where an interval is known."""
    if not bars:
        return Markup("")
    if axis is None:
        axis = axis_for([p for b in bars for p in b.points])
    rows = []
    for bar in bars:
        detail = f' <span class="bar-detail">{escape(bar.detail)}</span>' if bar.detail else ""
        rows.append(
            f'<div class="bar-row"><span class="bar-label">{escape(bar.label)}{detail}</span>'
            f'<span class="bar-track">{bar_svg(bar, axis)}</span>'
            f'<span class="bar-value">{_value_html(bar)}</span></div>'
        )
    rows.append(
        '<div class="bar-row bar-axis-row" aria-hidden="true"><span class="bar-label"></span>'
        f'<span class="bar-track">{_axis_html(axis)}</span><span class="bar-value"></span></div>'
    )
    text = f"{axis.scale}." + (f" {note}" if note else "")
    return Markup(
        f'<figure class="chart"><figcaption>{escape(caption)} '
        f'<span class="chart-note">{escape(text)}</span></figcaption>'
        f'<div class="bars">{"".join(rows)}</div></figure>'
    )


def left_out_note(text: str) -> Markup:
    """A line under a table's charts saying what they leave out of it, and why."""
    return (
        Markup(f'<p class="chart-note chart-left-out">{escape(text)}</p>') if text else Markup("")
    )


@dataclass(frozen=True)
class TableRow:
    """A row of a table with a bar: its header cell, its other cells and its bar."""

    label: str
    cells: Sequence[str]
    bar: Bar | None  # None: no bar (the row's number is a bound or an approximation)


def bar_table(
    caption: str, headers: Sequence[str], rows: Sequence[TableRow], axis: Axis, note: str = ""
) -> Markup:
    """A table whose last column draws each row's value as a bar: one element that is
    both the chart and the same numbers as text, so it reads well at any width."""
    first, *numeric = headers
    head = f'<th scope="col">{escape(first)}</th>'
    head += "".join(f'<th scope="col" class="num">{escape(h)}</th>' for h in numeric)
    head += f'<th scope="col" class="bar-col">{_axis_html(axis)}</th>'
    body = []
    for row in rows:
        cells = "".join(f'<td class="num">{escape(c)}</td>' for c in row.cells)
        body.append(
            f'<tr><th scope="row">{escape(row.label)}</th>{cells}'
            f'<td class="bar-cell">{bar_svg(row.bar, axis) if row.bar else ""}</td></tr>'
        )
    note_html = f' <span class="chart-note">{escape(note)}</span>' if note else ""
    return Markup(
        f'<div class="table-wrap"><table class="bar-table">'
        f"<caption>{escape(caption)}{note_html}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )
