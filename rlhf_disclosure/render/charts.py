"""Horizontal bar charts as HTML rows with small inline SVG bars.

Labels and values are HTML text (readable at any width, found by screen
readers); the SVG draws only the bar and the interval whisker and is hidden
from assistive technology, since the same numbers are in the table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT = 100.0, 12.0


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as shown, with unit and uncertainty
    low: float | None = None
    high: float | None = None


def _x(value: float, lo: float, hi: float) -> float:
    return round((value - lo) / (hi - lo) * WIDTH, 3) if hi > lo else 0.0


def bar_chart(
    bars: Sequence[Bar], caption: str, note: str = "", domain: tuple[float, float] | None = None
) -> Markup:
    """A figure with one row per bar; whiskers where an interval is known."""
    if not bars:
        return Markup("")
    points = [b.value for b in bars] + [b.low for b in bars if b.low is not None]
    points += [b.high for b in bars if b.high is not None]
    lo, hi = min([0.0, *points]), max([0.0, *points])
    if domain is not None:
        lo, hi = min(lo, domain[0]), max(hi, domain[1])
    if hi == lo:
        hi = lo + 1.0
    zero = _x(0.0, lo, hi)
    rows = []
    for bar in bars:
        x = _x(bar.value, lo, hi)
        left, width = min(zero, x), abs(x - zero)
        shapes = [
            f'<rect class="bar" x="{left}" y="2" width="{max(width, 0.4)}" height="{HEIGHT - 4}"/>'
        ]
        if bar.low is not None and bar.high is not None:
            a, b = _x(bar.low, lo, hi), _x(bar.high, lo, hi)
            mid = HEIGHT / 2
            shapes.append(
                f'<path class="whisker" vector-effect="non-scaling-stroke" '
                f'd="M{a} {mid}H{b}M{a} 3V{HEIGHT - 3}M{b} 3V{HEIGHT - 3}"/>'
            )
        svg = (
            f'<svg class="bar-svg" viewBox="0 0 {WIDTH:g} {HEIGHT:g}" preserveAspectRatio="none" '
            f'aria-hidden="true" focusable="false">{"".join(shapes)}</svg>'
        )
        rows.append(
            f'<div class="bar-row"><span class="bar-label">{escape(bar.label)}</span>'
            f'<span class="bar-track">{svg}</span>'
            f'<span class="bar-value">{escape(bar.text)}</span></div>'
        )
    scale = f"Scale {lo:.6g} to {hi:.6g}."
    note_html = f" {escape(note)}" if note else ""
    return Markup(
        f'<figure class="chart"><figcaption>{escape(caption)} '
        f'<span class="chart-note">{escape(scale)}{note_html}</span></figcaption>'
        f"{''.join(rows)}</figure>"
    )
