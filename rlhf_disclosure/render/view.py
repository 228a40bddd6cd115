# ruff: noqa: RUF001 - en dashes in headings and status symbols are intended
"""Small, pure helpers the templates call: numbers, uncertainty, statuses, anchors."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, get_args

from markupsafe import Markup, escape
from pydantic import BaseModel

from ..coverage.items import ItemStatus
from ..coverage.items import is_empty as is_empty  # for templates: v.is_empty
from ..schema import Undisclosed
from ..schema.common import EvaluationResult, Uncertainty

STATUS_TEXT = {
    "disclosed": ("✓", "Disclosed"),
    "withheld": ("⊘", "Withheld"),
    "not_applicable": ("–", "Not applicable"),
    "not_disclosed": ("✗", "Not disclosed"),
}


def num(value: Any) -> str:
    """A number exactly as given: no rounding, no trailing '.0', thousands grouped for counts."""
    if isinstance(value, bool) or value is None:
        return str(value)
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


def _plain(text: str) -> str:
    return text


BARE_UNITS = frozenset({"fraction", "proportion"})
"""Units a bare decimal already says: '0.79', not '0.79 fraction'."""


def with_unit(value: Any, unit: str | None, esc: Callable[[str], str] = _plain) -> str:
    """'72.6%', '3.2 points', '0.79'; `esc` escapes the (user-written) unit for the format."""
    text = num(value)
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


def uncertainty_text(
    u: Uncertainty | None,
    unit: str | None = None,
    esc: Callable[[str], str] = _plain,
    brief: bool = False,
) -> str:
    """'95% CI [1.0, 2.5]', '± 1.5', 'SE 0.3' ... joined; empty when there is none.

    `brief` leaves out the description, for chart labels (the table has it).
    """
    if u is None:
        return ""
    parts = []
    if u.ci_lower is not None and u.ci_upper is not None:
        level = f"{num(round(u.ci_level * 100, 6))}% " if u.ci_level is not None else ""
        parts.append(f"{level}CI [{num(u.ci_lower)}, {num(u.ci_upper)}]")
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
    u: Uncertainty | None = getattr(r, "uncertainty", None)
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
    u = r.uncertainty
    if u is None:
        return ""
    if u.ci_lower is not None:
        return f"{num(round(u.ci_level * 100, 6))}% CI" if u.ci_level else "CI"
    if u.plus_minus is not None:
        return "± as stated"
    if u.stderr is not None:
        return "± 1 SE"
    return ""


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


def stage_title(st: Any, number: int, esc: Callable[[str], str] = _plain) -> str:
    """'Stage 2: Direct preference optimisation (DPO)': a stage's heading.

    User text is escaped piece by piece with `esc`, so that marks in one field can
    never pair up with marks in another.
    """
    method = stage_method(st, esc)
    title = f"Stage {number}: {esc(st.name)}"
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


def is_undisclosed(value: Any) -> bool:
    return isinstance(value, Undisclosed)


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


def label(name: str) -> str:
    """Field name as a heading: 'kl_coefficient' -> 'KL coefficient'."""
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
        "k": "k",
    }
    out = [special.get(w, w) for w in words]
    first = out[0]
    out[0] = first if first in special.values() else first.capitalize()
    return " ".join(out)


def status_summary(counts: Mapping[Any, int], total: int) -> str:
    """The report's headline count, in the same words as `coverage`."""
    from ..coverage.report import score_line

    return score_line(counts, total)


def mixed(s: ItemStatus) -> bool:
    """Whether an item's parts differ in status, so the parts are worth listing."""
    return len({p.status for p in s.parts}) > 1


def item_reason(s: ItemStatus) -> str:
    return join_sentences(s.reasons)


def scalar_fields(
    model: BaseModel, skip: tuple[str, ...] = (), only_set: bool = False
) -> list[tuple[str, Any, str]]:
    """(name, value, kind) for a model's plain-valued fields; kind is 'url', 'enum' or 'plain'.

    With `only_set`, fields left empty are omitted (for optional knobs such as
    hyperparameters, where listing every unset one would only be noise).
    """
    out = []
    for name, info in type(model).model_fields.items():
        if name in skip or name == "references":
            continue
        if only_set and is_empty(getattr(model, name)):
            continue
        value = getattr(model, name)
        if isinstance(value, BaseModel) or (
            isinstance(value, list) and value and isinstance(value[0], BaseModel)
        ):
            continue
        if isinstance(value, dict):
            continue
        out.append((name, value, _kind(info.annotation, info.metadata)))
    return out


def _kind(annotation: Any, metadata: Sequence[Any] = ()) -> str:
    from ..schema.common import LINK, has_marker
    from ..schema.paths import literal_values

    if has_marker(annotation, LINK, metadata):
        return "url"
    inner = get_args(annotation)
    candidates = [annotation, *inner, *[a for i in inner for a in get_args(i)]]
    if any(literal_values(c) for c in candidates):
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
    "rlaif": "RLAIF",
    "ai_model": "AI model",
    "ai_preference": "AI preference",
    "cohens_kappa": "Cohen's kappa",
    "fleiss_kappa": "Fleiss' kappa",
    "krippendorffs_alpha": "Krippendorff's alpha",
    "gwets_ac2": "Gwet's AC2",
    "bradley_terry": "Bradley-Terry",
    "plackett_luce": "Plackett-Luce",
}
"""Allowed values whose plain-words form would read wrongly."""


def enum_label(value: str) -> str:
    """An allowed value as words: 'vendor_managed' -> 'vendor managed', 'dpo' -> 'DPO'."""
    return ENUM_LABELS.get(value, value.replace("_", " "))


def enum_title(value: str) -> str:
    """`enum_label` with a capital first letter, for the start of a cell or heading."""
    text = enum_label(value)
    return text[:1].upper() + text[1:]


def hours(value: float) -> str:
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
