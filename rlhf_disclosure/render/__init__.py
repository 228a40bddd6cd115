"""Render a disclosure as a self-contained HTML page or as Markdown."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Mapping
from types import MappingProxyType, ModuleType, SimpleNamespace
from typing import Any, Literal, NamedTuple

import yaml
from jinja2 import Environment, TemplateError, TemplateSyntaxError
from markupsafe import Markup

from .._version import __version__
from ..coverage.items import FRAMEWORK_IDS, ITEMS
from ..coverage.report import coverage_report
from ..coverage.status import item_statuses, tally
from ..errors import TemplateProblem
from ..figures import WrittenFloat, WrittenInt
from ..output.markdown import (
    markdown_cell,
    markdown_code_cell,
    markdown_link_text,
    markdown_text,
)
from ..schema import Disclosure, Undisclosed
from ..schema.annotators import Demographic
from ..schema.common import EvaluationResult, PerVariant
from ..schema.training import PolicyTraining
from ..schema.values import _Qualified
from . import view
from .charts import (
    LOWER_BOUNDS,
    PERCENT_UNITS,
    SHARE_UNITS,
    UPPER_BOUNDS,
    Bar,
    Form,
    TableRow,
    axis_for,
    bar_chart,
    bar_table,
    left_out_note,
)
from .environment import TEMPLATES, make_environment
from .limits import MAX_REPORT_CHARS, TIME_LIMIT_SECONDS, TooLarge, bounded_render
from .mdtidy import tidy_markdown
from .richtext import inline_html, markdown_to_html

Format = Literal["html", "md"]
FORMATS: tuple[Format, ...] = ("html", "md")


class ChartNames(NamedTuple):
    """What a chart calls the things results name by id: variants and evaluation sets
    by name, and a result about no variant by the model's name."""

    model: str = ""
    variants: Mapping[str, str] = MappingProxyType({})
    evaluation_sets: Mapping[str, str] = MappingProxyType({})


def _chart_names(d: Disclosure) -> ChartNames:
    return ChartNames(
        d.model.name if d.model is not None else "",
        MappingProxyType(view.variant_names(d)),
        MappingProxyType(view.evaluation_set_names(d)),
    )


class Figure(NamedTuple):
    """A value as a chart draws it: its form, its number and a range's start."""

    form: Form
    value: float
    start: float | None = None


def chart_figure(value: Any) -> Figure | None:
    """How a value is drawn: exactly, as an approximation, a range or a bound;
    None for a status, a value per variant or no value."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return Figure("exact", float(value))
    if isinstance(value, _Qualified):
        if value.qualifier == "range":
            low, high = value.figures
            return Figure("range", float(high), float(low))
        return Figure(value.qualifier, float(value.figures[0]))
    return None


def _scale_key(unit: str | None) -> str:
    """Results in one chart share a scale: percent, a share of 1, or one other unit."""
    kind = (unit or "").strip().lower()
    if kind in PERCENT_UNITS:
        return "%"
    if kind in SHARE_UNITS:
        return "share"
    return kind


def _chart_key(r: EvaluationResult) -> tuple[str, str]:
    """One chart per metric and scale; a result with no metric is charted only with
    results of its own name."""
    metric = view.given(r.metric) or f"\0{r.name}"
    return (" ".join(metric.lower().split()), _scale_key(view.given(r.unit)))


def _whisker(r: EvaluationResult, figure: Figure) -> tuple[float, float] | None:
    """The interval a whisker shows, for an exact or approximate value."""
    if figure.form not in ("exact", "about"):
        return None
    u = view.given(r.uncertainty)
    if u is None:
        return None
    if u.ci_lower is not None and u.ci_upper is not None:
        return float(u.ci_lower), float(u.ci_upper)
    half = u.plus_minus if u.plus_minus is not None else u.stderr
    if half is None:
        return None
    return figure.value - float(half), figure.value + float(half)


def _contained(piece: str, text: str) -> bool:
    """Whether a label already says a piece: 'DROP (9,536 examples)' in 'DROP, few-shot'."""
    said = " ".join(text.lower().split())
    core = re.sub(r"\s*\([^()]*\)$", "", piece)  # without a closing aside
    return any(" ".join(p.lower().split()) in said for p in (piece, core) if p.strip())


def _distinctions(rows: list[EvaluationResult], names: ChartNames) -> list[list[str]]:
    """For each result, what tells its bar from the others' beside its name: the variant
    (by name), evaluation set, data, slice and baseline, each where they differ."""
    any_variant = any(r.variant for r in rows)

    def variant(r: EvaluationResult) -> str:
        if r.variant:
            if _contained(r.variant, r.name):  # the name already says which
                return ""
            return names.variants.get(r.variant, r.variant)
        return names.model if any_variant else ""

    def baseline(r: EvaluationResult) -> str:
        found = view.baselines(r)
        return f"vs {found[0].name}" if found else ""

    pieces: list[Callable[[EvaluationResult], str]] = [
        variant,
        lambda r: (
            names.evaluation_sets.get(r.evaluation_set, r.evaluation_set)
            if r.evaluation_set
            else ""
        ),
        lambda r: r.dataset.name if r.dataset is not None else "",
        lambda r: view.given(r.slice) or "",
        baseline,
        lambda r: "lower is better" if r.higher_is_better is False else "",
    ]
    out: list[list[str]] = [[] for _ in rows]
    for piece in pieces:
        said = [piece(r) for r in rows]
        if len(set(said)) < 2:
            continue  # the same for every bar: the caption or the table says it
        for shown, r, text in zip(out, rows, said, strict=True):
            if text and not _contained(text, r.name) and text not in shown:
                shown.append(text)
    return out


def _bars(rows: list[tuple[int, EvaluationResult, Figure]], names: ChartNames) -> list[Bar]:
    details = _distinctions([r for _, r, _ in rows], names)
    seen = [(r.name, ", ".join(detail)) for (_, r, _), detail in zip(rows, details, strict=True)]
    bars = []
    for ((n, r, figure), detail), key in zip(zip(rows, details, strict=True), seen, strict=True):
        if seen.count(key) > 1:  # nothing in the file tells them apart: the table's row does
            detail = [*detail, f"row {n} of the table"]
        span = _whisker(r, figure)
        bars.append(
            Bar(
                r.name,
                figure.value,
                view.with_unit(r.value, r.unit),
                span[0] if span else None,
                span[1] if span else None,
                interval=view.uncertainty_text(r.uncertainty, r.unit, brief=True),
                detail=", ".join(detail),
                form=figure.form,
                start=figure.start,
            )
        )
    return bars


def _quoted(names: list[str]) -> str:
    return ", ".join(f"“{n}”" for n in names)


def _left_out_text(alone: list[str], stated: dict[str, list[str]], words: int) -> str:
    """'Not drawn: ...' for the results of a table its charts leave out, and why."""
    parts = []
    if alone:
        parts.append(f"{_quoted(alone)} (no other result with its metric and scale)")
    parts += [f"{_quoted(found)} ({label.lower()})" for label, found in stated.items()]
    if words:
        parts.append(f"{words} result{'s' if words > 1 else ''} stated in words only")
    return f"Not drawn in the charts above: {'; '.join(parts)}." if parts else ""


def result_charts(
    results: list[EvaluationResult], what: str, names: ChartNames | None = None
) -> list[Markup]:
    """One chart per metric and scale, for two or more results (a lone bar says nothing).

    Under the last chart, what the charts leave out of the table and why: results
    alone on their metric and scale, statuses, values per variant, findings in words.
    """
    names = names or ChartNames()
    groups: dict[tuple[str, str], list[tuple[int, EvaluationResult, Figure]]] = {}
    stated: dict[str, list[str]] = {}
    words = 0
    for n, r in enumerate(results, 1):
        figure = chart_figure(r.value)
        if figure is not None:
            groups.setdefault(_chart_key(r), []).append((n, r, figure))
        elif isinstance(r.value, Undisclosed):
            stated.setdefault(view.status_text(r.value), []).append(r.name)
        elif isinstance(r.value, PerVariant):
            stated.setdefault("a value per variant", []).append(r.name)
        else:
            words += 1
    drawn = {k: rows for k, rows in groups.items() if len(rows) > 1}
    alone = [r.name for rows in groups.values() if len(rows) == 1 for _, r, _ in rows]
    left_out = _left_out_text(alone, stated, words)
    charts = []
    for rows in drawn.values():
        r0 = rows[0][1]
        metric, unit = view.given(r0.metric), view.given(r0.unit)
        bars = _bars(rows, names)
        caption = what + (f": {metric}" if metric else "") + (f" ({unit})" if unit else "")
        if all(r.higher_is_better is False for _, r, _ in rows):
            caption += ", lower is better"
        axis = axis_for([p for b in bars for p in b.points], unit, cut=True)
        note = _chart_note([r for _, r, _ in rows], whole=len(drawn) == 1 and not left_out)
        charts.append(bar_chart(bars, caption, note, axis))
    if charts and left_out:
        charts.append(left_out_note(left_out))
    return charts


def _chart_note(rows: list[EvaluationResult], whole: bool) -> str:
    labels = sorted({view.whisker_label(r) for r in rows} - {""})
    note = f"Whiskers: {', '.join(labels)}." if labels else "No intervals were stated."
    if labels and any(_whisker(r, f) is None for r in rows if (f := chart_figure(r.value))):
        note += " A bar without a whisker has no stated interval."
    forms = {f.form for r in rows if (f := chart_figure(r.value))}
    if "about" in forms:
        note += " A hatched end: an approximate value."
    if forms & (LOWER_BOUNDS | UPPER_BOUNDS):
        note += " A mark with a dashed arrow: a bound, open towards the values it allows."
    if "range" in forms:
        note += " A bar between two ticks: a range."
    if whole:
        return note + " The same numbers are in the table above."
    return note + " These numbers are in the table above, with others."


def demographic_chart(d: Demographic) -> Markup:
    """A demographic dimension as a table of its numbers with a bar in each row.

    A bar shows a share, a count out of an exactly given survey size, or a count; one
    given as an approximation, a range or a bound is drawn as such (charts.py).
    """
    categories = view.given(d.categories) or []
    shares = any(c.share is not None for c in categories)
    counts = any(c.count is not None for c in categories)
    survey = _exact(d.survey_size) or None  # a survey of 0 gives no shares either
    as_percent = shares or survey is not None
    rows = []
    for c in categories:
        share_value, share_figure, count_figure = (
            _exact(c.share),
            chart_figure(c.share),
            chart_figure(c.count),
        )
        if share_value is not None:
            share = f"{view.num(round(share_value * 100, 4))}%"
        else:
            share = view.percent(c.share)
        count = view.num(c.count) if c.count is not None else "—"
        bar: Bar | None = None
        if c.share is not None:
            if share_figure is not None:
                bar = _scaled_bar(c.category, share_figure, 100.0, share)
        elif survey is not None:
            if count_figure is not None:
                of = f"{count} of {view.num(d.survey_size)}"
                bar = _scaled_bar(c.category, count_figure, 100.0 / survey, of)
        elif count_figure is not None:
            bar = _scaled_bar(c.category, count_figure, 1.0, count)
        rows.append(
            TableRow(c.category, [x for x, keep in ((share, shares), (count, counts)) if keep], bar)
        )
    headers = ["Category"] + (["Share"] if shares else []) + (["Count"] if counts else [])
    axis = axis_for([p for r in rows if r.bar for p in r.bar.points], "%" if as_percent else None)
    size = f", {view.survey_text(d.survey_size)}" if d.survey_size is not None else ""
    forms = {r.bar.form for r in rows if r.bar}
    note = " ".join(
        text
        for present, text in (
            ("about" in forms, "A hatched end: an approximate value."),
            (bool(forms & (LOWER_BOUNDS | UPPER_BOUNDS)), "A mark with a dashed arrow: a bound."),
            ("range" in forms, "A bar between two ticks: a range."),
        )
        if present
    )
    return bar_table(f"{d.dimension}{size}", headers, rows, axis, note)


def _scaled_bar(label: str, figure: Figure, scale: float, text: str) -> Bar:
    start = figure.start * scale if figure.start is not None else None
    return Bar(label, figure.value * scale, text, form=figure.form, start=start)


def _exact(value: Any) -> float | None:
    """A number given exactly; None for a bound, an approximation, a range or a status."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


class Target(NamedTuple):
    """Something a report links to from elsewhere in it: its name and where it is."""

    name: str
    html_id: str  # the element id in the HTML report
    md_anchor: str  # the heading anchor GitHub gives it in the Markdown report


def _targets(d: Disclosure) -> dict[str, dict[str, Target]]:
    """Feedback collections, datasets, reward models and stages by id, for in-page links."""
    data: dict[str, Target] = {}
    for prefix, things in (("collection", d.feedback_collections), ("dataset", d.datasets)):
        for x in _listed(things):
            data.setdefault(
                x.id,
                Target(
                    x.name, view.slug(prefix, x.id), view.github_anchor(view.titled(x.name, x.id))
                ),
            )
    rms = {
        rm.id: Target(
            rm.name, view.slug("rm", rm.id), view.github_anchor(view.titled(rm.name, rm.id))
        )
        for rm in _listed(d.reward_models)
    }
    stages = {}
    if isinstance(d.policy_training, PolicyTraining):
        for n, st in enumerate(d.policy_training.stages, 1):
            title = view.stage_title(st, n)
            stages[st.id] = Target(st.name, view.slug("stage", st.id), view.github_anchor(title))
    return {"data": data, "reward_models": rms, "stages": stages}


class Listed(NamedTuple):
    """A document listed under References: its number there and its title."""

    number: int
    title: str | None


def _reference_numbers(d: Disclosure) -> dict[str, Listed]:
    """The documents listed under References by URL, numbered from 1 as listed."""
    numbers: dict[str, Listed] = {}
    for n, ref in enumerate(d.references or (), 1):
        numbers.setdefault(ref.url, Listed(n, ref.title))
    return numbers


def _charts_for(d: Disclosure) -> Callable[[list[EvaluationResult], str], list[Markup]]:
    """`result_charts` for a template, naming this disclosure's variants and sets."""
    names = _chart_names(d)

    def charts(results: list[EvaluationResult], what: str) -> list[Markup]:
        return result_charts(results, what, names)

    return charts


class _ExtensionsDumper(yaml.SafeDumper):
    """Safe dumping that writes each number as the file wrote it (`0.50`, `1.0e+16`):
    the loader hands numbers over as WrittenInt / WrittenFloat, which SafeDumper
    refuses ('cannot represent an object')."""


def _written_number(dumper: yaml.SafeDumper, value: WrittenInt | WrittenFloat) -> yaml.Node:
    # The tag the text resolves to as a plain scalar, so it is written plain, unquoted.
    tag: str = dumper.resolve(yaml.ScalarNode, value.written, (True, False))  # type: ignore[no-untyped-call]
    return dumper.represent_scalar(tag, value.written)


_ExtensionsDumper.add_representer(WrittenInt, _written_number)
_ExtensionsDumper.add_representer(WrittenFloat, _written_number)


def _extensions_yaml(data: dict[str, Any]) -> str:
    return yaml.dump(
        data, Dumper=_ExtensionsDumper, sort_keys=False, allow_unicode=True, width=88
    ).rstrip()


# Templates see the view helpers as plain attributes, never the module itself: a
# user template must not be able to walk from a module to `os` (see environment.py).
_VIEW = SimpleNamespace(
    **{
        name: value
        for name, value in vars(view).items()
        if not name.startswith("_") and not isinstance(value, (ModuleType, type))
    }
)


@functools.cache
def _package_environment() -> Environment:
    """The package's templates, compiled once per process."""
    return _environment(None)


def _environment(template_dir: str | os.PathLike[str] | None) -> Environment:
    env = make_environment(template_dir)
    env.filters.update(
        md=view.as_said(markdown_to_html),
        mdi=view.as_said(inline_html),
        mdtext=view.as_said(markdown_text),
        cell=view.as_said(markdown_cell),
        codecell=markdown_code_cell,
        linktext=markdown_link_text,
        num=view.num,
        label=view.label,
        slug=view.slug,
        breakable=view.breakable,
        urlencode_md=view.md_url,
        enum=view.enum_label,
        enumtitle=view.enum_title,
        part=view.part_label,
    )
    return env


def render(
    disclosure: Disclosure,
    format: Format = "html",
    template_dir: str | os.PathLike[str] | None = None,
    *,
    max_chars: int = MAX_REPORT_CHARS,
    seconds: float = TIME_LIMIT_SECONDS,
) -> str:
    """The report for one disclosure, as a string. Same input, same bytes.

    With `template_dir`, the user's templates render within `max_chars` of output and
    `seconds` of time (render/limits.py); past either, a TemplateProblem.
    """
    if format not in TEMPLATES:
        raise ValueError(f"unknown format {format!r}; expected one of {', '.join(FORMATS)}")
    env = _package_environment() if template_dir is None else _environment(template_dir)
    statuses = item_statuses(disclosure)
    crosswalks = [coverage_report(disclosure, f) for f in FRAMEWORK_IDS if f != "casper"]
    targets = _targets(disclosure)
    counts = tally(statuses)
    context = {
        "d": disclosure,
        "items": statuses,
        "counts": counts,
        "total": len(ITEMS),
        "summary": view.status_summary(statuses),
        "crosswalks": [(r.framework.name, r.score) for r in crosswalks],
        "crosswalk_reports": crosswalks,
        "version": __version__,
        "v": _VIEW,
        "esc_md": markdown_cell,
        "cited": {r.id: r for r in disclosure.references if r.id},
        "variant_names": view.variant_names(disclosure),
        "stage_labels": view.stage_labels(disclosure),
        "set_names": view.evaluation_set_names(disclosure),
        "STATUS_TEXT": view.STATUS_TEXT,
        "result_charts": _charts_for(disclosure),
        "demographic_chart": demographic_chart,
        "extensions_yaml": _extensions_yaml,
        "anchors": view.MD_ANCHORS,
        "targets": targets,
        "ref_numbers": _reference_numbers(disclosure),
        "part_names": {
            "feedback_collections": {k: t.name for k, t in targets["data"].items()},
            "reward_models": {k: t.name for k, t in targets["reward_models"].items()},
            "risks": view.names_by_id(disclosure.risks, "risk"),
            "audits": view.names_by_id(disclosure.audits, "auditor"),
        },
    }
    name = TEMPLATES[format]
    try:
        template = env.get_template(name)
        if template_dir is None:
            text = template.render(context)
        else:
            text = bounded_render(template, context, max_chars=max_chars, seconds=seconds)
        return tidy_markdown(text) if format == "md" else text
    except TemplateProblem:
        raise  # already says which template, and why
    except TooLarge as exc:
        raise TemplateProblem(f"{_where(exc)}{exc}") from None
    except TemplateSyntaxError as exc:
        raise TemplateProblem(f"{exc.filename or exc.name}:{exc.lineno}: {exc.message}") from exc
    except TemplateError as exc:
        raise TemplateProblem(f"{_where(exc)}{type(exc).__name__}: {exc}") from exc
    except Exception as exc:
        # A user's template can fail in Python (`{{ 1/0 }}`): that is their error to
        # fix, located like any other; in the package's own templates it is our bug.
        if template_dir is None:
            raise
        raise TemplateProblem(f"{_where(exc)}{type(exc).__name__}: {exc}") from exc


def _where(exc: BaseException) -> str:
    """'file:line: ' of the innermost template frame in a traceback, if any."""
    tb = exc.__traceback__
    found = ""
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.endswith(".j2"):
            found = f"{code.co_filename}:{tb.tb_lineno}: "
        tb = tb.tb_next
    return found
