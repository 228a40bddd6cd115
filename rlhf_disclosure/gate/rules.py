"""`check`: validation plus policy, with errors and warnings kept apart."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, get_args, get_origin

from ..coverage.items import applicable_share, floor_tenth, framework, item_statuses, tally
from ..issues import Issue, sort_issues
from ..reading.loader import Loaded
from ..schema import Disclosure
from ..schema.common import DATE, EvaluationResult, has_marker
from ..schema.paths import Loc, iter_fields, values_at
from ..validation.locate import find, issue_at
from ..validation.validate import Result
from .policy import MIN_REASON_WORDS, WEAK_REASONS, Policy
from .pragmas import FileIgnores

# TODO/FIXME in capitals anywhere; in any case only where the text starts with it
# ("Todo: explain later"), so prose such as "users' todo lists" is not a placeholder.
_TODO = re.compile(r"\b(?:TODO|FIXME)\b|^\s*(?i:todo|fixme)\b")
_WORD = re.compile(r"[^\W_]+(?:[/.'\u2019-][^\W_]+)*")
_PLACEHOLDERS = frozenset({"n/a", "na", "n.a", "tbd", "tba", "todo", "fixme", "xxx", "x", "etc"})


def _contains(tp: Any, cls: type) -> bool:
    if tp is cls:
        return True
    return any(_contains(a, cls) for a in get_args(tp)) if get_origin(tp) is not None else False


@lru_cache(maxsize=1)
def _date_paths() -> tuple[str, ...]:
    return tuple(
        p for p, info in iter_fields(Disclosure) if has_marker(info.annotation, DATE, info.metadata)
    )


@lru_cache(maxsize=1)
def _result_paths() -> tuple[str, ...]:
    """Every list of evaluation results in the schema, as '...[*]' paths."""
    return tuple(
        f"{p}[*]"
        for p, info in iter_fields(Disclosure)
        if _contains(info.annotation, EvaluationResult)
    )


def _strings(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*loc, index))


def todo_locations(loaded: Loaded) -> list[Loc]:
    """Where TODO placeholders are left in the data."""
    return [loc for loc, text in _strings(loaded.data) if _TODO.search(text)]


# Answers that stand for no answer: the reasons' placeholders (TODO and FIXME have
# their own rule; 'etc' can end a real list) and a few more. Narrower than the weak
# reasons: 'none', 'proprietary' or 'no' can be real answers in a field.
_NON_ANSWERS = (_PLACEHOLDERS - {"todo", "fixme", "etc"}) | {"n.a.", "tk", "xx"}


def _placeholder(text: str) -> bool:
    """A field value that says nothing: 'n/a', 'TBD', '-', '?', '...'."""
    bare = text.strip().lower()
    return bare in _NON_ANSWERS or set(bare) <= _FILLER  # '%' is a unit, not filler


_FILLER = frozenset("-\u2013\u2014_.?\u2026/* ")


def placeholder_locations(data: Any) -> Iterator[tuple[Loc, str]]:
    """Text values that are placeholders, outside `extensions` and withheld reasons
    (the weak-reason rule judges those)."""
    reasons = {loc for loc, _ in _undisclosed_reasons(data)}
    for loc, text in _strings(data):
        if loc[:1] != ("extensions",) and loc not in reasons and _placeholder(text):
            yield loc, text


def _outside(value: Any, uncertainty: Any) -> bool:
    """A result's value outside its confidence interval (a unit slip, usually)."""
    if not isinstance(uncertainty, dict) or not isinstance(value, (int, float)):
        return False
    low, high = uncertainty.get("ci_lower"), uncertainty.get("ci_upper")
    if not isinstance(low, (int, float)) or not isinstance(high, (int, float)):
        return False
    return not low <= value <= high


def _weak(reason: str) -> bool:
    """A reason that says nothing: a stock word, a placeholder, or too few real words.

    Placeholders do not count as words, and a reason that starts with one ("TBD - will
    fill later") is a placeholder itself, however long.
    """
    bare = reason.strip().rstrip(".!").strip().lower()
    if bare in WEAK_REASONS:
        return True
    words = _WORD.findall(bare)
    if words and words[0] in _PLACEHOLDERS:
        return True
    return len([w for w in words if w not in _PLACEHOLDERS]) < MIN_REASON_WORDS


def _start_of(text: str) -> dt.date:
    parts = [int(p) for p in text.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def policy_issues(
    result: Result,
    policy: Policy,
    today: dt.date,
    min_coverage: float | None = None,
    ignores: FileIgnores | None = None,
) -> list[Issue]:
    """Policy findings for one file; TODO placeholders replace the schema errors they cause.

    `ignores` are the rules the file turns off with `# rlhf-disclosure: ignore[...]`
    comments (see pragmas.py), honoured when the policy allows them.
    """
    loaded = result.loaded
    if loaded is None:
        return result.issues
    file = result.file
    out: list[Issue] = []
    ignores = ignores or FileIgnores()
    off: frozenset[str] = frozenset()
    if not policy.file_ignores:
        out.extend(
            Issue(
                file,
                line,
                1,
                "",
                "comment-not-allowed",
                "the policy does not let files turn rules off; this comment is not honoured",
                "remove the comment",
            )
            for line in ignores.lines
        )
    else:
        out.extend(ignores.problems)
        off = ignores.rules

    def add(loc: Loc, code: str, message: str, hint: str | None = None) -> None:
        severity = policy.severity_of(code)
        if severity != "ignore" and code not in off:
            out.append(issue_at(file, loaded, loc, code, message, hint, severity))

    # A TODO in a number, date or choice field also fails the schema: it is reported
    # once, as a TODO, and as an error whatever the policy says, since the file is invalid.
    schema_places = {(i.line, i.column) for i in result.issues}
    covered: set[tuple[int, int]] = set()
    for loc in todo_locations(loaded):
        place = find(loaded, loc)
        node = place.node
        at = (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else None
        message, hint = "a TODO placeholder is left here", "fill it in, or remove the field"
        if at is not None and at in schema_places:
            covered.add(at)
            out.append(issue_at(file, loaded, loc, "todo", message, hint, "error"))
        else:
            add(loc, "todo", message, hint)
    schema = [i for i in result.issues if (i.line, i.column) not in covered]
    d = result.disclosure
    if d is None:
        return sort_issues(schema + out)

    data = loaded.data
    for s in item_statuses(d):
        required = s.item.id in policy.require_disclosed
        if s.status == "not_disclosed" and not required:
            gaps = [p for p in s.parts if p.status == "not_disclosed"] or list(s.parts)
            paths = [p.path for p in gaps]
            if paths == [s.item.paths[0]]:
                where = ""
            elif len(gaps) == 1 and len(gaps[0].loc) <= 1:
                # The whole section is absent, and the path already names it: say which
                # fields would answer the item instead.
                fields = [e if isinstance(e, str) else " or ".join(e) for e in s.item.paths]
                where = " (answered by " + ", ".join(fields) + ")"
            else:
                where = " (" + ", ".join(paths) + ")"
            add(
                gaps[0].loc if gaps else (),
                "item-missing",
                f"item {s.item.number} ({s.item.title}) is not disclosed{where}",
                "disclose it, or say 'status: withheld' or 'not_applicable' with a reason",
            )
        elif required and s.status != "disclosed":
            short = [p for p in s.parts if p.status != "disclosed"]
            add(
                short[0].loc if short else (),
                "item-not-disclosed",
                f"the policy requires item {s.item.number} ({s.item.title}) to be disclosed; "
                f"it is {s.status.replace('_', ' ')}" + (f" at {short[0].path}" if short else ""),
            )
    todos = set(todo_locations(loaded))
    for loc, value in _undisclosed_reasons(data):
        if loc not in todos and _weak(value):
            add(
                loc,
                "weak-reason",
                f"the reason {value!r} does not explain anything",
                f"write a sentence of at least {MIN_REASON_WORDS} words a reader can judge",
            )
    for loc, value in placeholder_locations(data):
        if loc not in todos:
            add(
                loc,
                "placeholder",
                f"{value!r} is a placeholder, not an answer",
                "say what was done, remove the field, or mark the section 'status: withheld' "
                "or 'not_applicable' with a reason",
            )
    for path in _result_paths():
        for loc, item in values_at(data, path):
            if not isinstance(item, dict):
                continue
            if item.get("n") is None:
                add(loc, "result-without-n", "the result has no sample size (n)")
            uncertainty = item.get("uncertainty")
            if uncertainty is None:
                add(loc, "result-without-uncertainty", "the result has no uncertainty")
            elif _outside(item.get("value"), uncertainty):
                low, high = uncertainty["ci_lower"], uncertainty["ci_upper"]
                add(
                    (*loc, "value"),
                    "result-outside-interval",
                    f"the value {item['value']!r} lies outside its interval [{low!r}, {high!r}]",
                    "check that the value and the interval use the same unit: percent or "
                    "fraction, not both",
                )
    for path in _date_paths():
        for loc, value in values_at(data, path):
            text = value.isoformat() if isinstance(value, dt.date) else value
            if isinstance(text, str) and _start_of(text) > today:
                add(loc, "future-date", f"the date {text} is in the future (today is {today})")
    wanted = dict(policy.min_coverage)
    if min_coverage is not None:  # the stricter of --min-coverage and the policy wins
        wanted["casper"] = max(min_coverage, wanted.get("casper", 0.0))
    for framework_id, percent in sorted(wanted.items()):
        counts = tally(item_statuses(d, framework_id))
        applicable, share = applicable_share(counts)
        if share < percent:
            title = framework(framework_id).title
            message = (
                f"{counts['disclosed']} of {applicable} applicable items of {title} disclosed "
                f"({floor_tenth(share):g}%), below the required {percent:g}%"
            )
            hint = "items marked not_applicable with a reason do not count"
            if framework_id == "casper" and min_coverage is not None and share < min_coverage:
                # Asked for on the command line: an error whatever the policy's severities.
                out.append(issue_at(file, loaded, (), "min-coverage", message, hint, "error"))
            else:
                add((), "min-coverage", message, hint)
    return sort_issues(schema + out)


def _undisclosed_reasons(data: Any) -> Iterator[tuple[Loc, str]]:
    """Every `reason` of a `status: withheld | not_applicable` mapping."""
    stack: list[tuple[Loc, Any]] = [((), data)]
    while stack:
        loc, value = stack.pop()
        if isinstance(value, dict):
            if value.get("status") in ("withheld", "not_applicable") and isinstance(
                value.get("reason"), str
            ):
                yield (*loc, "reason"), value["reason"]
            stack.extend(((*loc, k), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend(((*loc, i), v) for i, v in enumerate(value))
