"""Horizontal bar charts as HTML rows with small inline SVG bars.

Labels and values are HTML text (readable at any width, found by screen
readers). Each bar's SVG is an image whose text alternative says what it
draws; the same numbers are in a table beside every chart.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from .view import with_unit

WIDTH, HEIGHT = 100.0, 12.0
GRID = (0.25, 0.5, 0.75)  # faint lines at these fractions of the track

PERCENT_UNITS = frozenset({"%", "percent", "per cent"})
SHARE_UNITS = frozenset({"fraction", "proportion", "share", "probability", "rate"})


@dataclass(frozen=True)
class Bar:
    """One bar: its label, value and, where known, the interval its whisker shows."""

    label: str
    value: float
    text: str  # the value as shown, with its unit
    low: float | None = None
    high: float | None = None
    interval: str = ""  # the uncertainty in brief, e.g. '95% CI [0.7, 0.72]'
    detail: str = ""  # a second line under the label, e.g. the slice or the metric


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
    def scale(self) -> str:
        return f"Scale {self.end(self.lo)} to {self.end(self.hi)}"


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


def axis_for(points: Sequence[float], unit: str | None = None, padding: float = 0.05) -> Axis:
    """A track that holds every point: 0 to 100 for percentages, 0 to 1 for shares,
    otherwise 0 to a round number a little above the largest point (and below 0
    likewise when there are negative values). Nothing is ever clipped."""
    lo_point, hi_point = min([0.0, *points]), max([0.0, *points])
    kind = (unit or "").strip().lower()
    if kind in PERCENT_UNITS and lo_point >= 0 and hi_point <= 100:
        return Axis(0.0, 100.0, unit)
    # A share, or a unitless score that reaches past 0.5, is read against 0 to 1.
    share = kind in SHARE_UNITS or (not kind and hi_point > 0.5)
    if share and lo_point >= 0 and 0 < hi_point <= 1:
        return Axis(0.0, 1.0, unit)
    hi = nice_ceiling(min(hi_point * (1 + padding), _LARGEST)) if hi_point > 0 else 0.0
    lo = -nice_ceiling(min(-lo_point * (1 + padding), _LARGEST)) if lo_point < 0 else 0.0
    if hi == lo:
        hi = lo + 1.0
    return Axis(lo, hi, unit)


def bar_svg(bar: Bar, axis: Axis) -> str:
    """One bar (and its whisker) as a small SVG image with a text alternative."""
    zero = axis.x(0.0) if axis.lo <= 0 <= axis.hi else 0.0
    x = axis.x(bar.value)
    left, width = min(zero, x), abs(x - zero)
    shapes = ['<rect class="track" x="0" y="1" width="100" height="10"/>']
    shapes += [
        f'<path class="grid" vector-effect="non-scaling-stroke" d="M{g * WIDTH:g} 1V11"/>'
        for g in GRID
    ]
    shapes.append(f'<rect class="bar" x="{left}" y="2" width="{max(width, 0.4)}" height="8"/>')
    if axis.lo < 0:
        shapes.append(f'<path class="zero" vector-effect="non-scaling-stroke" d="M{zero} 0V12"/>')
    alt = f"Bar at {bar.text} on a scale of {axis.end(axis.lo)} to {axis.end(axis.hi)}"
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
    bars: Sequence[Bar], caption: str, note: str = "", axis: Axis | None = None
) -> Markup:
    """A figure with one row per bar; whiskers where an interval is known."""
    if not bars:
        return Markup("")
    if axis is None:
        points = [b.value for b in bars]
        points += [p for b in bars for p in (b.low, b.high) if p is not None]
        axis = axis_for(points)
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
