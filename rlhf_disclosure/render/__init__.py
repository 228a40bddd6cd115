"""Render a disclosure as a self-contained HTML page or as Markdown."""

from __future__ import annotations

import functools
import os
from types import ModuleType, SimpleNamespace
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
from ..output.markdown import markdown_cell, markdown_link_text, markdown_text
from ..schema import Disclosure
from ..schema.annotators import Demographic
from ..schema.common import EvaluationResult
from ..schema.training import PolicyTraining
from . import view
from .charts import (
    PERCENT_UNITS,
    SHARE_UNITS,
    Bar,
    TableRow,
    axis_for,
    bar_chart,
    bar_table,
)
from .environment import TEMPLATES, make_environment
from .limits import MAX_REPORT_CHARS, TIME_LIMIT_SECONDS, TooLarge, bounded_render
from .mdtidy import tidy_markdown
from .richtext import inline_html, markdown_to_html

Format = Literal["html", "md"]
FORMATS: tuple[Format, ...] = ("html", "md")


def _chart_group(r: EvaluationResult) -> tuple[str, str]:
    """Results in % (or as shares of 1) share one scale whatever they measure; others
    are charted together only when they measure the same thing in the same unit."""
    unit = view.given(r.unit) or ""
    if unit.strip().lower() in PERCENT_UNITS | SHARE_UNITS:
        return ("", unit)
    return (view.given(r.metric) or "", unit)


def result_charts(results: list[EvaluationResult], what: str) -> list[Markup]:
    """One chart per scale, for groups of two or more results (a lone bar says nothing)."""
    groups: dict[tuple[str, str], list[EvaluationResult]] = {}
    for r in results:
        # A bar shows one exact number; a bound, an approximation or a status is not one.
        if isinstance(r.value, (int, float)):
            groups.setdefault(_chart_group(r), []).append(r)
    charts = []
    for (_, unit), rows in groups.items():
        if len(rows) < 2:
            continue
        metrics = list(dict.fromkeys(view.given(r.metric) or "" for r in rows))
        bars = []
        for r in rows:
            span = view.interval(r)
            metric = view.given(r.metric)
            detail = [metric] if len(metrics) > 1 and metric else []
            if r.higher_is_better is False:  # a longer bar is worse: say so beside it
                detail.append("lower is better")
            bars.append(
                Bar(
                    r.name,
                    float(r.value),  # type: ignore[arg-type]  # exact numbers only, above
                    view.with_unit(r.value, r.unit),
                    span[0] if span else None,
                    span[1] if span else None,
                    interval=view.uncertainty_text(r.uncertainty, r.unit, brief=True),
                    detail=", ".join([*detail, *([s] if (s := view.given(r.slice)) else [])]),
                )
            )
        points = [b.value for b in bars] + [
            p for b in bars for p in (b.low, b.high) if p is not None
        ]
        caption = what + (f": {metrics[0]}" if len(metrics) == 1 else "")
        caption += f" ({unit})" if unit else ""
        charts.append(bar_chart(bars, caption, _chart_note(rows), axis_for(points, unit)))
    return charts


def _chart_note(rows: list[EvaluationResult]) -> str:
    labels = sorted({view.whisker_label(r) for r in rows} - {""})
    note = f"Whiskers: {', '.join(labels)}." if labels else "No intervals were stated."
    if labels and any(view.interval(r) is None for r in rows):
        note += " A bar without a whisker has no stated interval."
    return note + " The same numbers are in the table above."


def _exact(value: Any) -> float | None:
    """A number given exactly; None for a bound, an approximation, a range or a status."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


def demographic_chart(d: Demographic) -> Markup:
    """A demographic dimension as a table of its numbers with a bar in each row.

    A bar shows one exact number: a share, a count out of an exactly given survey
    size, or a count; a row given as a bound or an approximation has no bar.
    """
    categories = view.given(d.categories) or []
    shares = any(c.share is not None for c in categories)
    counts = any(c.count is not None for c in categories)
    survey = _exact(d.survey_size) or None  # a survey of 0 gives no shares either
    as_percent = shares or survey is not None
    rows = []
    for c in categories:
        share_value, count_value = _exact(c.share), _exact(c.count)
        if share_value is not None:
            share = f"{view.num(round(share_value * 100, 4))}%"
        else:
            share = view.percent(c.share)
        count = view.num(c.count) if c.count is not None else "—"
        bar: Bar | None = None
        if c.share is not None:
            if share_value is not None:
                bar = Bar(c.category, share_value * 100, share)
        elif survey is not None:
            if count_value is not None:
                of = f"{count} of {view.num(d.survey_size)}"
                bar = Bar(c.category, count_value / survey * 100, of)
        elif count_value is not None:
            bar = Bar(c.category, count_value, count)
        rows.append(
            TableRow(c.category, [x for x, keep in ((share, shares), (count, counts)) if keep], bar)
        )
    headers = ["Category"] + (["Share"] if shares else []) + (["Count"] if counts else [])
    axis = axis_for([r.bar.value for r in rows if r.bar], "%" if as_percent else None)
    size = f", {view.survey_text(d.survey_size)}" if d.survey_size is not None else ""
    return bar_table(f"{d.dimension}{size}", headers, rows, axis)


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
        md=markdown_to_html,
        mdi=inline_html,
        mdtext=markdown_text,
        cell=markdown_cell,
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
    targets = _targets(disclosure)
    counts = tally(statuses)
    context = {
        "d": disclosure,
        "items": statuses,
        "counts": counts,
        "total": len(ITEMS),
        "summary": view.status_summary(statuses),
        "crosswalks": [
            (r.framework.title, r.score)
            for r in (coverage_report(disclosure, f) for f in FRAMEWORK_IDS if f != "casper")
        ],
        "version": __version__,
        "v": _VIEW,
        "esc_md": markdown_cell,
        "cited": {r.id: r for r in disclosure.references if r.id},
        "STATUS_TEXT": view.STATUS_TEXT,
        "result_charts": result_charts,
        "demographic_chart": demographic_chart,
        "extensions_yaml": _extensions_yaml,
        "anchors": view.MD_ANCHORS,
        "targets": targets,
        "ref_numbers": _reference_numbers(disclosure),
        "part_names": {
            "feedback_collections": {k: t.name for k, t in targets["data"].items()},
            "reward_models": {k: t.name for k, t in targets["reward_models"].items()},
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
