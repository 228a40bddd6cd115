# ruff: noqa: RUF001 - en dashes in headings and status symbols are intended
"""Small, pure helpers the templates call: numbers, uncertainty, statuses, anchors."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar, get_args

from markupsafe import Markup, escape
from pydantic import BaseModel

from ..coverage.status import ItemStatus
from ..coverage.status import is_empty as is_empty  # for templates: v.is_empty
from ..schema import Undisclosed
from ..schema.common import EvaluationResult, PerVariant, Uncertainty
from ..schema.values import _Qualified

T = TypeVar("T")

STATUS_TEXT = {
    "disclosed": ("✓", "Disclosed"),
    "partial": ("◐", "Partly disclosed"),
    "withheld": ("⊘", "Withheld"),
    "not_applicable": ("–", "Not applicable"),
    "none": ("○", "None"),
    "elsewhere": ("↗", "Disclosed elsewhere"),
    "not_disclosed": ("✗", "Not disclosed"),
}

_DIGITS = re.compile(r"[-+]?[0-9]+")


def num(value: Any) -> str:
    """A number as it was written: `72.0` stays `72.0`, `1e-5` stays `1e-5`; whole numbers
    written plainly get thousands grouped. A bound or range reads as words ('about
    1,500', '8 to 12'); a status as its label."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, Undisclosed):
        return status_text(value)
    if isinstance(value, _Qualified):
        return _qualified_text(value, num)
    if isinstance(value, PerVariant):
        return "; ".join(f"{variant_text(k)}: {num(v)}" for k, v in value.items())
    text = getattr(value, "written", None)
    if isinstance(text, str):
        if _DIGITS.fullmatch(text) and isinstance(value, int):
            return f"{value:,}" if abs(value) >= 1_000 else text
        return text
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 1_000 else str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return num(int(value))
        # Python's shortest exact form, with the exponent unpadded: 9e-06 -> 9e-6.
        return re.sub(
            r"e([+-])0*(\d)", lambda m: f"e{m.group(1).replace('+', '')}{m.group(2)}", repr(value)
        )
    return str(value)


_QUALIFIER_WORDS = {
    "about": "about {}",
    "at_least": "at least {}",
    "more_than": "more than {}",
    "at_most": "at most {}",
    "less_than": "less than {}",
    "range": "{} to {}",
}


def _qualified_text(value: _Qualified, each: Callable[[Any], str]) -> str:
    return _QUALIFIER_WORDS[value.qualifier].format(*(each(f) for f in value.figures))


def given(value: T | Undisclosed | PerVariant | None) -> T | None:
    """A field's value, or None where the file gives a status or a per-variant value."""
    return None if isinstance(value, (Undisclosed, PerVariant)) else value


def variant_text(key: str, names: Mapping[str, str] | None = None) -> str:
    """A `per_variant` key (or a result's variant) as a report shows it: the variant's
    name where `names` (id -> name) has it, else its id; '*' is the rest."""
    if key == "*":
        return "all others"
    return (names or {}).get(key, key)


def names_by_id(listed: Any, field: str) -> dict[str, str]:
    """Id -> the field that names a list item (a risk by its risk, an audit by its
    auditor), for the parts a 'Not disclosed' line names."""
    if not isinstance(listed, list):
        return {}
    return {x.id: getattr(x, field) for x in listed if isinstance(getattr(x, field, None), str)}


def variant_names(d: Any) -> dict[str, str]:
    """Variant id -> name, for the variants the disclosure declares."""
    return names_by_id(d.model.variants, "name")


def evaluation_set_names(d: Any) -> dict[str, str]:
    """Evaluation set id -> name, for the sets the policy evaluation declares."""
    return names_by_id(getattr(d.policy_evaluation, "evaluation_sets", None), "name")


def said(value: Any) -> bool:
    """Whether a text field says anything: a text, or a status or per-variant value
    standing in it (both falsy as values, but both are what the file says)."""
    return stands_in(value) or bool(value)


def as_said(convert: Callable[[str], T]) -> Callable[[Any], T]:
    """A text filter that also shows a status ('Withheld: reason') or per-variant texts
    ('Family-8B: ...; all others: ...') standing in a text field, converted the same way."""

    def said_as(value: Any) -> T:
        if isinstance(value, Undisclosed):
            return convert(status_text(value, _plain))
        if isinstance(value, PerVariant):
            return convert("; ".join(f"{variant_text(k)}: {x}" for k, x in value.items()))
        return convert(value)

    return said_as


def status_text(value: Undisclosed, esc: Callable[[str], str] | None = None) -> str:
    """A status standing in a field, in words: its label ('Withheld'); with `esc`
    (which escapes the user's text for the format) also its reason."""
    label = STATUS_TEXT[value.status][1]
    return f"{label}: {esc(value.reason)}" if value.reason and esc is not None else label


def is_figure(value: Any) -> bool:
    """A number or a qualified figure (not a boolean)."""
    return isinstance(value, (int, float, _Qualified)) and not isinstance(value, bool)


def percent(value: Any) -> str:
    """A share (0 to 1) as a percentage with the digits it was written with:
    0.745 -> '74.5%', 0.50 -> '50%', {at_least: 0.6} -> 'at least 60%'."""
    if value is None:
        return "—"
    if isinstance(value, Undisclosed):
        return status_text(value)
    if isinstance(value, _Qualified):
        return _qualified_text(value, percent)
    try:
        scaled = Decimal(getattr(value, "written", None) or repr(value)).scaleb(2)
    except InvalidOperation:
        return num(value)
    text = format(scaled, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".") if scaled == scaled.to_integral() else text
    return f"{text}%"


def _plain(text: str) -> str:
    return text


_DIRECTION = {
    "better": "better than the baseline",
    "similar": "similar to the baseline",
    "worse": "worse than the baseline",
    "mixed": "mixed against the baseline",
}


def result_value(r: Any, esc: Callable[[str], str] = _plain) -> str:
    """A result's value cell: the figure with its unit, the finding in words, or both
    ('72% — preferred in most comparisons'); a dash when neither is given."""
    parts = []
    if isinstance(r.value, Undisclosed):
        parts.append(status_text(r.value, esc))
    elif r.value is not None:
        parts.append(with_unit(r.value, r.unit, esc))
    f = r.finding
    if isinstance(f, str):
        parts.append(esc(f))
    elif f is not None:
        extras = []
        if isinstance(f.direction, str):
            compared = bool(getattr(r, "baseline", None) or getattr(r, "baselines", None))
            # With no baseline named, the direction alone: 'similar', not '... the baseline'.
            extras.append(_DIRECTION[f.direction] if compared else f.direction)
        if isinstance(f.significant, bool):
            extras.append("significant" if f.significant else "not significant")
        if isinstance(f.test, str):
            extras.append(esc(f.test))
        said = esc(f.statement)
        parts.append(f"{said} ({'; '.join(extras)})" if extras else said)
    return " — ".join(parts) if parts else "—"


BARE_UNITS = frozenset({"fraction", "proportion"})
"""Units a bare decimal already says: '0.79', not '0.79 fraction'."""


def with_unit(
    value: Any, unit: str | Undisclosed | PerVariant | None, esc: Callable[[str], str] = _plain
) -> str:
    """'72.6%', '3.2 points', '0.79'; `esc` escapes the (user-written) unit for the format."""
    text = num(value)
    unit = given(unit)
    if not unit or unit.strip().lower() in BARE_UNITS:
        return text
    return f"{text}{esc(unit)}" if unit.startswith("%") else f"{text} {esc(unit)}"


_CLOSED = re.compile(r"[.!?:;…][\"'”’)\]*]*$")


def join_sentences(items: Sequence[str], sep: str = "; ") -> str:
    """Texts joined so that no sentence's full stop is followed by a semicolon.

    An item ending in punctuation is followed by a space; an item that does not,
    by `sep` ('a; b'), or by '. ' when the next item starts like a sentence.
    """
    out = ""
    for item in (i.strip() for i in items):
        if not item:
            continue
        if not out:
            out = item
        elif _CLOSED.search(out):
            out += " " + item
        elif item[:1].isupper() and " " in item:
            out += ". " + item
        else:
            out += sep + item
    return out


def uncertainty_note(u: Any) -> str:
    """The description of an uncertainty given as figures; '' for a status or none."""
    if isinstance(u, (Undisclosed, PerVariant)) or u is None:
        return ""
    return str(u.description or "")


def uncertainty_text(
    u: Uncertainty | Undisclosed | PerVariant | None,
    unit: str | Undisclosed | PerVariant | None = None,
    esc: Callable[[str], str] = _plain,
    brief: bool = False,
) -> str:
    """'95% CI 1.0 to 2.5', '± 1.5', 'SE 0.3' ... joined; empty when there is none.

    An interval's ends carry the result's unit ('95% CI 67.2% to 69.8%') and are
    joined by 'to', so grouped digits ('1,210 to 1,290') cannot read as one list.

    `brief` leaves out the description, for chart labels (the table has it).
    """
    if isinstance(u, Undisclosed):
        return status_text(u, esc)
    if isinstance(u, PerVariant):
        return num(u)
    if u is None:
        return ""
    unit = given(unit)
    parts = []
    if u.ci_lower is not None and u.ci_upper is not None:
        level = f"{num(round(u.ci_level * 100, 6))}% " if u.ci_level is not None else ""
        low, high = with_unit(u.ci_lower, unit, esc), with_unit(u.ci_upper, unit, esc)
        parts.append(f"{level}CI {low} to {high}")
    if u.plus_minus is not None:
        parts.append(f"± {with_unit(u.plus_minus, unit, esc)}")
    if u.stderr is not None:
        parts.append(f"SE {num(u.stderr)}")
    if u.std is not None:
        parts.append(f"SD {num(u.std)}")
    text = "; ".join(parts)
    if u.description and not brief:
        text = join_sentences([text, esc(u.description)])
    return text


def interval(r: EvaluationResult | Any) -> tuple[float, float] | None:
    """The interval a chart whisker shows: the CI, else ± the stated figure, else ± SE."""
    u: Uncertainty | None = given(getattr(r, "uncertainty", None))
    if u is None:
        return None
    if u.ci_lower is not None and u.ci_upper is not None:
        return u.ci_lower, u.ci_upper
    half = u.plus_minus if u.plus_minus is not None else u.stderr
    if half is None:
        return None
    return r.value - half, r.value + half


def whisker_label(r: EvaluationResult) -> str:
    """What a result's whisker shows, in words: '95% CI', '± as stated', '± 1 SE'."""
    u = given(r.uncertainty)
    if u is None:
        return ""
    if u.ci_lower is not None:
        return f"{num(round(u.ci_level * 100, 6))}% CI" if u.ci_level else "CI"
    if u.plus_minus is not None:
        return "± as stated"
    if u.stderr is not None:
        return "± 1 SE"
    return ""


def baselines(r: Any) -> list[Any]:
    """Every baseline a result is compared with: `baseline`, then `baselines`."""
    first = (
        [r.baseline] if r.baseline and not isinstance(r.baseline, (Undisclosed, PerVariant)) else []
    )
    return first + [b for b in r.baselines if isinstance(b, BaseModel)]


def evaluator_text(e: Any) -> str:
    """'Example Corp safety team (internal)', or 'Internal' when no one is named."""
    if e is None:
        return ""
    if not e.name:
        return enum_title(e.kind)
    # 'A lab (name withheld), external' rather than a second pair of brackets.
    return f"{e.name}, {e.kind}" if e.name.rstrip().endswith(")") else f"{e.name} ({e.kind})"


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def stage_method(st: Any, esc: Callable[[str], str] = _plain) -> str:
    """A stage's kind and algorithm, said once: 'RLHF (PPO)', 'DPO (sigmoid loss)'.

    The algorithm is left out when the kind already says it, and the kind when the
    algorithm does; both are left out when the stage's name already says them.
    `esc` escapes the (user-written) algorithm for the output format.
    """
    kind = enum_label(st.kind) if st.kind != "other" else ""
    algorithm = st.algorithm or ""
    if _words(kind + " " + algorithm) <= _words(st.name):
        return ""
    if not algorithm or _words(algorithm) <= _words(kind):
        return kind
    if not kind or _words(kind) <= _words(algorithm):
        return esc(algorithm)
    return f"{kind}, {esc(algorithm)}"


def stage_numbers(pt: Any) -> dict[str, int]:
    """Each stage's number in its heading ('Stage 2: ...'), by id."""
    return {st.id: n for n, st in enumerate(pt.stages, 1)}


def round_name(r: Any) -> str:
    """What a round is called: its name, or its id where it has none."""
    name: str | None = given(r.name)
    return name or str(r.id)


DATA_GENERATION_FIELDS = ("produces", "samples_per_prompt")
"""Stage fields of a stage that generates data: on any other, shown when given."""


def stage_unsaid(st: Any) -> tuple[str, ...]:
    """Fields of a stage its report entry leaves out because the file does and they
    need not apply: what it produced and how many samples per prompt, on a stage that
    does not generate data. A status is always shown."""
    if st.kind == "data_generation":
        return ()
    return tuple(n for n in DATA_GENERATION_FIELDS if is_empty(getattr(st, n)))


def stage_label(st: Any, number: int) -> str:
    """'Stage 2' for a training stage; 'Step 2 (data generation)' for one that only
    produced data, so that a sampling step does not read as a stage of training."""
    return f"Step {number} (data generation)" if st.kind == "data_generation" else f"Stage {number}"


def stage_labels(d: Any) -> dict[str, str]:
    """Each stage's label ('Stage 1', 'Step 2 (data generation)') by id."""
    pt = d.policy_training
    stages = getattr(pt, "stages", None)
    if not isinstance(stages, list):
        return {}
    return {st.id: stage_label(st, n) for n, st in enumerate(stages, 1)}


def stage_title(st: Any, number: int, esc: Callable[[str], str] = _plain) -> str:
    """'Stage 2: Direct preference optimisation (DPO)': a stage's heading.

    User text is escaped piece by piece with `esc`, so that marks in one field can
    never pair up with marks in another.
    """
    method = stage_method(st, esc)
    title = f"{stage_label(st, number)}: {esc(st.name)}"
    if not method:
        return title
    return f"{title} — {method}" if "(" in method else f"{title} ({method})"


def titled(name: str, ident: str) -> str:
    """'Helpfulness reward model (rm-helpful)': a heading that names an id'd thing."""
    return f"{name} ({ident})"


_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_.-]+$")


def md_key(key: str, esc: Callable[[str], str] = _plain) -> str:
    """A setting's name as written, in code style where that is safe in a table cell."""
    return f"`{key}`" if _PLAIN_KEY.fullmatch(key) else esc(key)


def stands_in(value: Any) -> bool:
    """Whether something stands where a value would: a status, or a value per variant.
    Templates show it with `m.status` instead of the value."""
    return isinstance(value, (Undisclosed, PerVariant))


def is_undisclosed(value: Any) -> bool:
    return isinstance(value, Undisclosed)


def is_per_variant(value: Any) -> bool:
    return isinstance(value, PerVariant)


def is_model(value: Any) -> bool:
    return isinstance(value, BaseModel)


def is_pools(value: Any) -> bool:
    """Several annotator pools (a list), where the schema also takes one mapping."""
    return isinstance(value, list)


def used_columns(
    rows: list[Any], columns: list[tuple[str, str, str]]
) -> list[tuple[str, str, str]]:
    """The columns of a detail table that some row fills; the first always stays."""
    return [
        c
        for i, c in enumerate(columns)
        if i == 0 or any(getattr(row, c[0], None) is not None for row in rows)
    ]


def any_said(*values: Any) -> bool:
    """Whether any of the values says something: given, or a status (or a value per
    variant) in its place."""
    return any(stands_in(x) or not is_empty(x) for x in values)


def survey_text(size: Any) -> str:
    """'survey of 40', 'survey of about 40'; 'survey size: Withheld' for a status."""
    if isinstance(size, Undisclosed):
        return f"survey size: {status_text(size)}"
    return f"survey of {num(size)}"


_SLUG = re.compile(r"[^a-z0-9]+")
_JOINERS = re.compile(r"(?<=[_./-])")


def breakable(name: str) -> Markup:
    """A key such as 'value_function_learning_rate' for HTML, with line-break
    opportunities after its joiners, so a narrow column wraps it between words."""
    return Markup("<wbr>").join(escape(part) for part in _JOINERS.split(name))


def slug(*parts: Any) -> str:
    """A stable HTML id / Markdown anchor from parts such as ('rm', 'safety-rm')."""
    text = "-".join(str(p) for p in parts).lower()
    return _SLUG.sub("-", text).strip("-") or "section"


FIELD_LABELS = {
    "training_time": "Training time (hours)",
    "emissions_kg_co2e": "Emissions (kg CO2e)",
    "eu_release_date": "EU market release date",
    "ai_systems": "AI systems it can be built into",
    "interaction": "Interaction with other hardware and software",
    "process": "Release process",
}
"""Field names whose words alone would not say the unit, or would read wrongly."""


def label(name: str) -> str:
    """Field name as a heading: 'kl_coefficient' -> 'KL coefficient'."""
    if name in FIELD_LABELS:
        return FIELD_LABELS[name]
    words = name.split("_")
    special = {
        "kl": "KL",
        "ci": "CI",
        "hf": "HF",
        "id": "ID",
        "url": "URL",
        "sft": "SFT",
        "ai": "AI",
        "gpu": "GPU",
        "kwh": "kWh",
        "flops": "FLOPs",
        "k": "k",
    }
    out = [special.get(w, w) for w in words]
    first = out[0]
    out[0] = first if first in special.values() else first.capitalize()
    return " ".join(out)


def status_summary(statuses: list[ItemStatus]) -> str:
    """The report's headline count, in the same words as `coverage`."""
    from ..coverage.report import score_line
    from ..coverage.status import questions_answered, tally

    return score_line(tally(statuses), len(statuses), questions_answered(statuses))


def mixed(s: ItemStatus) -> bool:
    """Whether an item's parts differ in status, so the parts are worth listing."""
    return len({c.status for c in s.cells}) > 1 and s.status != "partial"


def gaps(s: ItemStatus, names: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """'Not disclosed: pay, demographics (Red-team ratings).' for what an item's
    questions leave open; empty when nothing is simply missing."""
    from ..coverage.status import gaps as open_questions

    found = open_questions(s, lambda where: part_label(where, names))
    return f"Not disclosed: {'; '.join(found)}." if found else ""


def item_reason(s: ItemStatus) -> str:
    return join_sentences(s.reasons)


def scalar_fields(
    model: BaseModel, skip: tuple[str, ...] = (), only_set: bool = True
) -> list[tuple[str, Any, str]]:
    """(name, value, kind) for a model's plain-valued fields; kind is 'url', 'enum',
    'plain', 'status', 'per_variant' or 'twin'.

    Fields left empty are omitted: what a section does not disclose is said once, in
    its "Not disclosed" line, not as a row per absent field (`only_set=False` keeps
    them, for a user's template that wants every row). A number and its description
    (`count` and `count_description`) read as one row, a 'twin' whose value is the pair.
    """
    out: list[tuple[str, Any, str]] = []
    names = type(model).model_fields
    for name, info in names.items():
        if name in skip or name in ("references", "cite"):
            continue
        value = getattr(model, name)
        twin = name.removesuffix("_description") if name.endswith("_description") else None
        if twin in names and twin not in skip and not is_empty(getattr(model, twin)):
            continue  # shown with its number, on the number's row
        if only_set and is_empty(value):
            continue
        described = f"{name}_description"
        if described in names and described not in skip and not is_empty(getattr(model, described)):
            if is_empty(value):
                out.append((name, getattr(model, described), "plain"))
            else:
                out.append((name, (value, getattr(model, described)), "twin"))
            continue
        if isinstance(value, Undisclosed):
            # A section's status has a box of its own (m.status); any other field's
            # status is shown on the field's line.
            if not _is_section(info.annotation):
                out.append((name, value, "status"))
            continue
        if isinstance(value, _Qualified):
            out.append((name, value, "plain"))
            continue
        if isinstance(value, PerVariant):
            if not _is_section(info.annotation):
                out.append((name, value, "per_variant"))
            continue
        if isinstance(value, BaseModel) or (
            isinstance(value, list) and value and isinstance(value[0], BaseModel)
        ):
            continue
        if isinstance(value, dict):
            continue
        out.append((name, value, _kind(info.annotation, info.metadata)))
    return out


_ROW_NAMES = (
    "name",
    "label",
    "category",
    "risk",
    "dimension",
    "metric_name",
    "metric",
    "kind",
    "id",
)


def row_name(x: BaseModel) -> str:
    """What a table row is called in the report: its name, label, category, ... as shown."""
    for attr in _ROW_NAMES:
        value = getattr(x, attr, None)
        if isinstance(value, str) and value:
            return enum_title(value) if attr in ("kind", "metric") else value
    return type(x).__name__


def cited_rows(rows: Any) -> list[tuple[str, list[Any]]]:
    """(row name, citations) for the rows of a table that cite sources of their own."""
    if not isinstance(rows, list):
        return []
    out: list[tuple[str, list[Any]]] = []
    for x in rows:
        found = getattr(x, "cite", None) if isinstance(x, BaseModel) else None
        if found:
            out.append((row_name(x), list(found)))
    return out


def answered_by(s: ItemStatus) -> str:
    """The fields that answered an item, for the frameworks' tables."""
    from ..coverage.status import answered_by as fields

    return ", ".join(fields(s))


def note_numbers(results: Sequence[Any]) -> list[int]:
    """For each result, the number of its note under the table (1, 2, ...), or 0 when
    it has neither notes nor caveats: notes stay attached to their row, even where two
    results share a name."""
    out: list[int] = []
    n = 0
    for r in results:
        if getattr(r, "notes", None) or getattr(r, "caveats", None):
            n += 1
            out.append(n)
        else:
            out.append(0)
    return out


def section_gaps(statuses: list[ItemStatus], where: str, numbers: tuple[int, ...]) -> list[str]:
    """The labels of the questions of items `numbers` that the part `where` leaves open
    ('' for the disclosure as a whole): what a section's "Not disclosed" line lists."""
    out: list[str] = []
    for s in statuses:
        if s.item.number not in numbers:
            continue
        for q in s.questions:
            for cell in q.missing_in:
                if cell.where == where and q.question.label not in out:
                    out.append(q.question.label)
    return out


REWARD_SHAPE_FIELDS = ("kind", "verifier", "outputs")
"""Reward-model fields not every reward model has: shown when the file gives them."""

COMPUTED_REWARDS = frozenset({"verifiable", "rule_based"})
"""Reward kinds that are computed, not trained: they have a verifier, not a network."""

TRAINED_ONLY_FIELDS = (
    "base_model",
    "architecture",
    "parameters",
    "training_data",
    "hyperparameters",
)
"""What only a trained reward model has: left out of a computed reward's entry unless given."""


def reward_model_unsaid(rm: Any) -> tuple[str, ...]:
    """Fields of a reward model its report entry leaves out because the file does and
    they need not apply: the kind, verifier and outputs, and for a computed reward
    (verifiable, rule-based) the fields of a trained network. A status is always shown."""
    computed = given(rm.kind) in COMPUTED_REWARDS
    names = [n for n in REWARD_SHAPE_FIELDS if not (computed and n == "verifier")]
    if computed:
        names += TRAINED_ONLY_FIELDS
    return tuple(n for n in names if is_empty(getattr(rm, n)))


def _is_section(annotation: Any) -> bool:
    """Whether a field holds a section (a model other than a status or a figure)."""
    from ..schema.paths import models_in

    return any(
        m is not Undisclosed and not issubclass(m, (_Qualified, PerVariant))
        for m in models_in(annotation)
    )


def _kind(annotation: Any, metadata: Sequence[Any] = ()) -> str:
    from ..schema.common import LINK, has_marker
    from ..schema.paths import literal_values

    if has_marker(annotation, LINK, metadata):
        return "url"
    candidates, stack = [], [annotation]
    while stack:  # through unions, lists and Annotated wrappers (Disclosable[list[...]])
        tp = stack.pop()
        candidates.append(tp)
        stack.extend(get_args(tp))
    if any(literal_values(c) for c in candidates if not isinstance(c, str)):
        return "enum"
    return "plain"


ENUM_LABELS = {
    "sft": "SFT",
    "rlhf_ppo": "RLHF (PPO)",
    "rlhf_other": "RLHF (other)",
    "dpo": "DPO",
    "ipo": "IPO",
    "kto": "KTO",
    "orpo": "ORPO",
    "simpo": "SimPO",
    "direct_preference_other": "direct preference (other)",
    "rejection_sampling": "rejection sampling",
    "best_of_n": "best-of-n",
    "data_generation": "data generation",
    "rlaif": "RLAIF",
    "rule_based": "rule-based",
    "llm_judge": "LLM judge",
    "ai_model": "AI model",
    "ai_preference": "AI preference",
    "cohens_kappa": "Cohen's kappa",
    "fleiss_kappa": "Fleiss' kappa",
    "krippendorffs_alpha": "Krippendorff's alpha",
    "gwets_ac2": "Gwet's AC2",
    "bradley_terry": "Bradley-Terry",
    "plackett_luce": "Plackett-Luce",
    "api": "API",
    "enterprise_suite": "enterprise software",
}
"""Allowed values whose plain-words form would read wrongly."""


def enum_label(value: str) -> str:
    """An allowed value as words: 'vendor_managed' -> 'vendor managed', 'dpo' -> 'DPO'."""
    return ENUM_LABELS.get(value, value.replace("_", " "))


def enum_title(value: str) -> str:
    """`enum_label` with a capital first letter, for the start of a cell or heading."""
    text = enum_label(value)
    return text[:1].upper() + text[1:]


def hours(value: Any) -> str:
    if isinstance(value, Undisclosed):
        return f"hours: {status_text(value)}"
    return f"{num(value)} hour" if value == 1 else f"{num(value)} hours"


def fence(text: str) -> str:
    """A code fence longer than any backtick run inside `text`, so it stays as written."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def part_label(path: str, names: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """'reward_models[rm-helpful].evaluation' -> 'rm-helpful', or the reward model's name
    when `names` (list name -> id -> name, e.g. names['reward_models']) has it."""
    found = re.findall(r"(\w+)\[([^\]]+)\]", path)
    if not found:
        return path
    known = names or {}
    return ", ".join(known.get(space, {}).get(ident, ident) for space, ident in found)


def md_url(url: str) -> str:
    """A URL safe inside Markdown's (...) link destination."""
    return (
        url.replace("(", "%28")
        .replace(")", "%29")
        .replace("<", "%3C")
        .replace(">", "%3E")
        .replace("|", "%7C")  # a pipe would end a table cell, even inside a link
    )


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to '-'."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


MD_ANCHORS = {
    1: github_anchor("1. Pretraining"),
    2: github_anchor("2–5. Human and AI feedback"),
    3: github_anchor("2–5. Human and AI feedback"),
    4: github_anchor("2–5. Human and AI feedback"),
    5: github_anchor("2–5. Human and AI feedback"),
    6: github_anchor("6–7. Reward models"),
    7: github_anchor("6–7. Reward models"),
    8: github_anchor("8. Policy evaluation"),
    9: github_anchor("9. Audits"),
    10: github_anchor("10. Expected risks"),
    11: github_anchor("11. Monitoring and correction"),
}
"""Anchors of the item headings in the Markdown report, for its links."""
