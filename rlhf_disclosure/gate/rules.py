"""The check rules: one function per rule, registered under its row of policy.RULES.

`policy_issues` runs them on one validated file and gives each finding the severity
the policy sets; gate/run.py runs it over many files.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property, lru_cache
from typing import Any, get_args, get_origin

from ..coverage.items import framework
from ..coverage.status import (
    Cell,
    ItemStatus,
    applicable_share,
    item_statuses,
    percent_text,
    tally,
)
from ..issues import Issue, as_seen, sort_issues
from ..reading.loader import Loaded
from ..schema import Disclosure
from ..schema.common import DATE, EvaluationResult, has_marker
from ..schema.paths import Loc, iter_fields, values_at
from ..validation.locate import find, issue_at
from ..validation.validate import Result
from .policy import MIN_REASON_WORDS, RULES, WEAK_REASONS, Policy
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
    return [loc for loc, text in _strings(loaded.data) if _TODO.search(as_seen(text))]


# Answers that stand for no answer: the reasons' placeholders (TODO and FIXME have
# their own rule; 'etc' can end a real list) and a few more. Narrower than the weak
# reasons: 'none', 'proprietary' or 'no' can be real answers in a field.
_NON_ANSWERS = (_PLACEHOLDERS - {"todo", "fixme", "etc"}) | {"n.a.", "tk", "xx"}


def _placeholder(text: str) -> bool:
    """A field value that says nothing: 'n/a', 'TBD', '-', '?', '...'."""
    bare = as_seen(text).strip().lower()
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


@dataclass(frozen=True)
class Finding:
    """What a rule found at one place; the policy decides its severity."""

    loc: Loc
    code: str
    message: str
    hint: str | None = None
    forced: bool = False
    """An error whatever the policy or the file's comments say."""
    replaces: tuple[int, int] | None = None
    """The (line, column) of the schema error this finding stands for, if any."""


@dataclass
class Context:
    """One file as the rules see it."""

    result: Result
    loaded: Loaded
    policy: Policy
    today: dt.date
    min_coverage: float | None

    @cached_property
    def todo_locs(self) -> list[Loc]:
        return todo_locations(self.loaded)

    @cached_property
    def todos(self) -> set[Loc]:
        return set(self.todo_locs)

    @cached_property
    def mappings(self) -> list[tuple[Loc, dict[str, Any]]]:
        """Every mapping in the file's data, walked once for the rules that read values."""
        return list(_mappings(self.loaded.data))

    @cached_property
    def results(self) -> list[tuple[Loc, dict[str, Any]]]:
        """Every evaluation result in the data, for the three result rules."""
        return [
            (loc, item)
            for path in _result_paths()
            for loc, item in values_at(self.loaded.data, path)
            if isinstance(item, dict)
        ]

    @cached_property
    def statuses(self) -> list[ItemStatus]:
        assert self.result.disclosure is not None
        return item_statuses(self.result.disclosure)


Rule = Callable[[Context], Iterator[Finding]]

RULE_CHECKS: dict[str, tuple[Rule, bool]] = {}
"""Rule code (a row of policy.RULES) -> (the check, whether it needs a valid disclosure)."""


def rule(code: str, *, needs_disclosure: bool = True) -> Callable[[Rule], Rule]:
    """Register a check under the code of its row in policy.RULES."""
    if code not in RULES:
        raise KeyError(f"rule {code!r} has no row in policy.RULES")

    def register(check: Rule) -> Rule:
        RULE_CHECKS[code] = (check, needs_disclosure)
        return check

    return register


@rule("todo", needs_disclosure=False)
def _todo(ctx: Context) -> Iterator[Finding]:
    # A TODO in a number, date or choice field also fails the schema: it is reported
    # once, as a TODO, and as an error whatever the policy says, since the file is invalid.
    schema_places = {(i.line, i.column) for i in ctx.result.issues}
    message, hint = "a TODO placeholder is left here", "fill it in, or remove the field"
    for loc in ctx.todo_locs:
        node = find(ctx.loaded, loc).node
        at = (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else None
        if at is not None and at in schema_places:
            yield Finding(loc, "todo", message, hint, forced=True, replaces=at)
        else:
            yield Finding(loc, "todo", message, hint)


_WAYS_FORWARD = (
    "disclose it; if nothing of the kind was done, say 'status: none' with a statement; "
    "if another document says it, 'status: elsewhere' with references; otherwise "
    "'status: withheld' or 'not_applicable' with a reason. A third party transcribing a "
    "source that is silent here can say so with a comment "
    "'# rlhf-disclosure: ignore[item-missing] <reason>'"
)


def _part_text(cell: Cell) -> str:
    """' in feedback_collections[prefs]' for one part; nothing where the message's path
    already names the place (the disclosure as a whole, or a list with no parts)."""
    return f" in {cell.where}" if cell.where.endswith("]") else ""


def _unanswered(s: ItemStatus) -> dict[tuple[str | int, ...], tuple[Cell, list[str]]]:
    """The parts of an item that leave questions open, each with those questions."""
    out: dict[tuple[str | int, ...], tuple[Cell, list[str]]] = {}
    for q in s.questions:
        for cell in q.missing_in:
            out.setdefault(cell.loc, (cell, []))[1].append(q.question.label)
    return out


def _first_gap(cell: Cell) -> tuple[str | int, ...]:
    """Where to point for a part: the part itself, or for the disclosure as a whole the
    first place that is missing."""
    if cell.where:
        return cell.loc
    missing = [p for p in cell.places if p.status == "not_disclosed"]
    return missing[0].loc if missing else cell.loc


@rule("item-missing")
def _item_missing(ctx: Context) -> Iterator[Finding]:
    for s in ctx.statuses:
        if s.status != "not_disclosed" or s.item.id in ctx.policy.require_disclosed:
            continue
        for cell, labels in _unanswered(s).values():
            yield Finding(
                _first_gap(cell),
                "item-missing",
                f"item {s.item.number} ({s.item.title}) is not disclosed{_part_text(cell)} "
                f"(nothing on: {', '.join(labels)})",
                _WAYS_FORWARD,
            )


@rule("item-partial")
def _item_partial(ctx: Context) -> Iterator[Finding]:
    for s in ctx.statuses:
        if s.status != "partial":
            continue
        for cell, labels in _unanswered(s).values():
            yield Finding(
                _first_gap(cell),
                "item-partial",
                f"item {s.item.number} ({s.item.title}) is partly disclosed{_part_text(cell)}: "
                f"nothing on {', '.join(labels)}",
                _WAYS_FORWARD.replace("item-missing", "item-partial"),
            )


@rule("item-not-disclosed")
def _item_not_disclosed(ctx: Context) -> Iterator[Finding]:
    for s in ctx.statuses:
        if s.item.id not in ctx.policy.require_disclosed or s.status == "disclosed":
            continue
        short = [p for p in s.parts if p.status != "disclosed"]
        yield Finding(
            short[0].loc if short else (),
            "item-not-disclosed",
            f"the policy requires item {s.item.number} ({s.item.title}) to be disclosed; "
            f"it is {s.status.replace('_', ' ')}" + (f" at {short[0].path}" if short else ""),
        )


@rule("item-not-performed")
def _item_not_performed(ctx: Context) -> Iterator[Finding]:
    for s in ctx.statuses:
        if s.item.id not in ctx.policy.require_performed:
            continue
        nothing = [p for p in s.parts if p.given == "none"]
        if nothing:
            said = f"the file says none was done: {nothing[0].reason}"
            at = nothing[0].loc
        elif s.status in ("disclosed", "partial"):
            continue
        else:
            said = f"it is {s.status.replace('_', ' ')}"
            at = _first_gap(s.cells[0]) if s.cells else ()
        yield Finding(
            at,
            "item-not-performed",
            f"the policy requires item {s.item.number} ({s.item.title}) to have been "
            f"done and disclosed; {said}",
        )


@rule("weak-reason")
def _weak_reason(ctx: Context) -> Iterator[Finding]:
    for loc, value in _undisclosed_reasons(ctx.loaded.data):
        if loc not in ctx.todos and _weak(value):
            yield Finding(
                loc,
                "weak-reason",
                f"the reason {value!r} does not explain anything",
                f"write a sentence of at least {MIN_REASON_WORDS} words a reader can judge",
            )


@rule("placeholder")
def _placeholders(ctx: Context) -> Iterator[Finding]:
    for loc, value in placeholder_locations(ctx.loaded.data):
        if loc not in ctx.todos:
            yield Finding(
                loc,
                "placeholder",
                f"{value!r} is a placeholder, not an answer",
                "say what was done, remove the field, or mark the section 'status: withheld' "
                "or 'not_applicable' with a reason",
            )


@rule("result-without-n")
def _result_without_n(ctx: Context) -> Iterator[Finding]:
    for loc, item in ctx.results:
        if item.get("n") is None:
            yield Finding(loc, "result-without-n", "the result has no sample size (n)")


@rule("result-without-uncertainty")
def _result_without_uncertainty(ctx: Context) -> Iterator[Finding]:
    for loc, item in ctx.results:
        if item.get("uncertainty") is None:
            yield Finding(loc, "result-without-uncertainty", "the result has no uncertainty")


@rule("result-outside-interval")
def _result_outside_interval(ctx: Context) -> Iterator[Finding]:
    for loc, item in ctx.results:
        uncertainty = item.get("uncertainty")
        if uncertainty is not None and _outside(item.get("value"), uncertainty):
            low, high = uncertainty["ci_lower"], uncertainty["ci_upper"]
            yield Finding(
                (*loc, "value"),
                "result-outside-interval",
                f"the value {item['value']!r} lies outside its interval [{low!r}, {high!r}]",
                "check that the value and the interval use the same unit: percent or "
                "fraction, not both",
            )


@rule("future-date")
def _future_date(ctx: Context) -> Iterator[Finding]:
    for path in _date_paths():
        for loc, value in values_at(ctx.loaded.data, path):
            text = value.isoformat() if isinstance(value, dt.date) else value
            if isinstance(text, str) and _start_of(text) > ctx.today:
                yield Finding(
                    loc, "future-date", f"the date {text} is in the future (today is {ctx.today})"
                )


def _mappings(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, dict[str, Any]]]:
    """Every mapping in the raw data, with where it is."""
    if isinstance(data, dict):
        yield loc, data
        for key, value in data.items():
            yield from _mappings(value, (*loc, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _mappings(item, (*loc, index))


_PERCENT = frozenset({"%", "percent", "per cent", "percentage points", "pp"})


def _number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _in_percent(m: dict[str, Any]) -> bool:
    """The unit says percent, or no unit is given and the metric is percent agreement
    (which the schema records in %)."""
    unit = m.get("unit")
    if isinstance(unit, str):
        return unit.strip().lower() in _PERCENT
    return m.get("metric") == "percent_agreement"


@rule("percent-as-fraction")
def _percent_as_fraction(ctx: Context) -> Iterator[Finding]:
    for loc, m in ctx.mappings:
        value: Any = m.get("value")
        if not _number(value) or not _in_percent(m):
            continue
        u = m.get("uncertainty")
        bounds: list[Any] = (
            [u.get(k) for k in ("ci_lower", "ci_upper")] if isinstance(u, dict) else []
        )
        figures: list[float] = [value, *(b for b in bounds if _number(b))]
        if all(0 <= f <= 1 for f in figures) and any(f != int(f) for f in figures):
            yield Finding(
                (*loc, "value"),
                "percent-as-fraction",
                f"the value {value!r} is in percent but reads as a fraction "
                f"({float(value) * 100:g}%?)",
                "write percent as a number from 0 to 100, or say the unit is a fraction",
            )


def _end_of(text: str) -> dt.date:
    """The last day a date written to the year, month or day can mean."""
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    year, month = parts[0], parts[1] if len(parts) > 1 else 12
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _date_text(value: Any) -> str | None:
    text = value.isoformat() if isinstance(value, dt.date) else value
    return text if isinstance(text, str) and re.fullmatch(r"\d{4}(-\d{2}){0,2}", text) else None


@rule("end-before-start")
def _end_before_start(ctx: Context) -> Iterator[Finding]:
    for loc, m in ctx.mappings:
        start, end = _date_text(m.get("start_date")), _date_text(m.get("end_date"))
        if start and end and _end_of(end) < _start_of(start):
            yield Finding(
                (*loc, "end_date"),
                "end-before-start",
                f"the end date {end} is before the start date {start}",
                "check both dates: swapped, or a typo in the year",
            )


_DONE = r"(done|performed|conducted|carried out|audited|red[- ]teamed)"
_NOTHING_DONE = re.compile(
    rf"\b(was|were|has|have|had)\s+(not|never)\s+(been\s+)?{_DONE}\b"
    rf"|^\s*no\b[^.;:]*\b(was|were)\s+{_DONE}\b"
    r"|\bdid\s+not\s+(do|perform|conduct|carry out|audit|red[- ]team)\b",
    re.IGNORECASE,
)
"""A reason saying that something was not done (an audit, red teaming): 'none'."""


@rule("not-applicable-reads-as-none")
def _not_applicable_reads_as_none(ctx: Context) -> Iterator[Finding]:
    for loc, m in ctx.mappings:
        reason = m.get("reason")
        if m.get("status") != "not_applicable" or not isinstance(reason, str):
            continue
        if _NOTHING_DONE.search(reason):
            yield Finding(
                (*loc, "status"),
                "not-applicable-reads-as-none",
                f"the reason {reason!r} says nothing of the kind was done, which is an "
                "answer, not a gap that cannot apply",
                "say 'status: none' with that statement: it counts as answered, while "
                "not_applicable takes the item out of the coverage count",
            )


@rule("min-coverage")
def _min_coverage(ctx: Context) -> Iterator[Finding]:
    assert ctx.result.disclosure is not None
    wanted = dict(ctx.policy.min_coverage)
    if ctx.min_coverage is not None:  # the stricter of --min-coverage and the policy wins
        wanted["casper"] = max(ctx.min_coverage, wanted.get("casper", 0.0))
    for framework_id, percent in sorted(wanted.items()):
        counts = tally(item_statuses(ctx.result.disclosure, framework_id))
        applicable, share = applicable_share(counts)
        if share * 100 >= Fraction(str(percent)):
            continue
        title = framework(framework_id).title
        message = (
            f"{counts['disclosed']} of {applicable} applicable items of {title} disclosed "
            f"({percent_text(share, below=percent)}), below the required {percent:g}%"
        )
        hint = "items marked not_applicable with a reason do not count; partial ones do"
        # Asked for on the command line: an error whatever the policy's severities.
        asked = ctx.min_coverage if framework_id == "casper" else None
        below_asked = asked is not None and share * 100 < Fraction(str(asked))
        yield Finding((), "min-coverage", message, hint, forced=below_asked)


def policy_issues(
    result: Result,
    policy: Policy,
    today: dt.date,
    min_coverage: float | None = None,
    ignores: FileIgnores | None = None,
) -> list[Issue]:
    """Policy findings for one file; TODO placeholders replace the schema errors they cause.

    Each rule of RULE_CHECKS runs, and the policy gives each finding its severity (or
    drops it). `ignores` are the rules the file turns off with `# rlhf-disclosure:
    ignore[...]` comments (see pragmas.py), honoured when the policy allows them.
    """
    loaded = result.loaded
    if loaded is None:
        return result.issues
    file = result.file
    out, off = _comment_issues(file, policy, ignores or FileIgnores())
    ctx = Context(result, loaded, policy, today, min_coverage)
    replaced: set[tuple[int, int]] = set()
    for check, needs_disclosure in RULE_CHECKS.values():
        if needs_disclosure and result.disclosure is None:
            continue
        for f in check(ctx):
            if f.replaces is not None:
                replaced.add(f.replaces)
            severity = "error" if f.forced else policy.severity_of(f.code)
            if severity == "ignore" or (f.code in off and not f.forced):
                continue
            out.append(issue_at(file, loaded, f.loc, f.code, f.message, f.hint, severity))
    schema = [i for i in result.issues if (i.line, i.column) not in replaced]
    return sort_issues(schema + out)


def _comment_issues(
    file: str, policy: Policy, ignores: FileIgnores
) -> tuple[list[Issue], frozenset[str]]:
    """Problems with the file's ignore comments, and the rules they turn off."""
    if policy.file_ignores:
        return list(ignores.problems), ignores.rules
    not_allowed = [
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
    ]
    return not_allowed, frozenset()


def _undisclosed_reasons(data: Any) -> Iterator[tuple[Loc, str]]:
    """Every `reason` of a `status: withheld | not_applicable` mapping."""
    for loc, m in _mappings(data):
        if m.get("status") in ("withheld", "not_applicable") and isinstance(m.get("reason"), str):
            yield (*loc, "reason"), m["reason"]
