"""Render a disclosure as a self-contained HTML page or as Markdown."""

from __future__ import annotations

import os
from types import ModuleType, SimpleNamespace
from typing import Any, Literal

import yaml
from jinja2 import TemplateError, TemplateSyntaxError
from markupsafe import Markup

from .._version import __version__
from ..coverage import coverage_report, score_line
from ..items import FRAMEWORK_IDS, ITEMS, item_statuses, tally
from ..schema import Disclosure
from ..schema.common import EvaluationResult
from ..schema.feedback import Demographic
from . import view
from .charts import Bar, bar_chart
from .environment import TEMPLATES, make_environment
from .mdtidy import tidy_markdown
from .richtext import (
    inline_html,
    markdown_cell,
    markdown_link_text,
    markdown_text,
    markdown_to_html,
)

Format = Literal["html", "md"]
FORMATS: tuple[Format, ...] = ("html", "md")


class TemplateProblem(Exception):
    """A template failed to load or render; the message names the file and line."""


def result_charts(results: list[EvaluationResult], what: str) -> list[Markup]:
    """One chart per (metric, unit), for groups of two or more results."""
    groups: dict[tuple[str, str], list[EvaluationResult]] = {}
    for r in results:
        groups.setdefault((r.metric, r.unit or ""), []).append(r)
    charts = []
    for (metric, unit), rows in groups.items():
        if len(rows) < 2:
            continue
        bars = []
        for r in rows:
            span = view.interval(r)
            name = r.name + (f" ({r.slice})" if r.slice else "")
            shown = view.with_unit(r.value, r.unit)
            extra = view.uncertainty_text(r.uncertainty, r.unit)
            bars.append(
                Bar(
                    name,
                    r.value,
                    f"{shown} ({extra})" if extra else shown,
                    span[0] if span else None,
                    span[1] if span else None,
                )
            )
        labels = sorted({view.whisker_label(r) for r in rows if view.whisker_label(r)})
        note = f"Whiskers: {', '.join(labels)}." if labels else ""
        unit_text = f" ({unit})" if unit else ""
        charts.append(bar_chart(bars, f"{what}: {metric}{unit_text}", note))
    return charts


def demographic_chart(d: Demographic) -> Markup:
    bars = []
    for c in d.categories:
        if c.share is not None:
            value, text = c.share * 100, f"{view.num(round(c.share * 100, 4))}%"
        elif d.survey_size:
            assert c.count is not None
            value, text = c.count / d.survey_size * 100, f"{c.count} of {d.survey_size}"
        else:
            assert c.count is not None
            value, text = float(c.count), str(c.count)
        if c.count is not None and c.share is not None:
            text += f" ({c.count})"
        bars.append(Bar(c.category, value, text))
    size = f", survey of {d.survey_size}" if d.survey_size is not None else ""
    as_percent = any(c.share is not None for c in d.categories) or bool(d.survey_size)
    return bar_chart(bars, f"{d.dimension}{size}", domain=(0.0, 100.0) if as_percent else None)


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _ids(value: Any) -> set[str]:
    return {x.id for x in _listed(value)}


def _extensions_yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=88).rstrip()


# Templates see the view helpers as plain attributes, never the module itself: a
# user template must not be able to walk from a module to `os` (see environment.py).
_VIEW = SimpleNamespace(
    **{
        name: value
        for name, value in vars(view).items()
        if not name.startswith("_") and not isinstance(value, (ModuleType, type))
    }
)


def render(
    disclosure: Disclosure,
    format: Format = "html",
    template_dir: str | os.PathLike[str] | None = None,
) -> str:
    """The report for one disclosure, as a string. Same input, same bytes."""
    if format not in TEMPLATES:
        raise ValueError(f"unknown format {format!r}; expected one of {', '.join(FORMATS)}")
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
        urlencode_md=view.md_url,
        enum=view.enum_label,
        enumtitle=view.enum_title,
        part=view.part_label,
    )
    statuses = item_statuses(disclosure)
    counts = tally(statuses)
    context = {
        "d": disclosure,
        "items": statuses,
        "counts": counts,
        "total": len(ITEMS),
        "summary": view.status_summary(counts, len(ITEMS)),
        "crosswalks": [
            (r.framework.title, score_line(r.counts, len(r.statuses)))
            for r in (coverage_report(disclosure, f) for f in FRAMEWORK_IDS if f != "casper")
        ],
        "version": __version__,
        "v": _VIEW,
        "esc_md": markdown_cell,
        "STATUS_TEXT": view.STATUS_TEXT,
        "result_charts": result_charts,
        "demographic_chart": demographic_chart,
        "extensions_yaml": _extensions_yaml,
        "collection_ids": _ids(disclosure.feedback_collections),
        "anchors": view.MD_ANCHORS,
        "rm_names": {rm.id: rm.name for rm in _listed(disclosure.reward_models)},
    }
    name = TEMPLATES[format]
    try:
        template = env.get_template(name)
        text = template.render(context)
        return tidy_markdown(text) if format == "md" else text
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
