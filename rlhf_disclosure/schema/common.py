"""Building blocks shared by every section of the schema.

Everything here is strict: no value is coerced from one type to another, unknown
keys are errors, and free text must not be blank.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar, get_args, get_origin
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    create_model,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .base import Bare as Bare
from .base import Detail
from .base import Id as Id
from .base import Strict as Strict
from .base import Text as Text
from .values import (
    FIGURE_TAGS,
    Count,
    Level,
    Measure,
    NonNegative,
    NonNegativeNumber,
    Number,
    Positive,
    Share,
)


def _odd_url_character(value: str) -> tuple[str, str] | None:
    """The first character a URL must not hold, in words, with a hint; or None.

    Browsers read a backslash as '/', so 'https://evil.example\\@good.example'
    leads to evil.example; invisible characters (a zero-width space, a
    bidirectional override) make a link look like another.
    """
    for ch in value:
        if ch == "\\":
            return "a backslash", "browsers read '\\' as '/'; write '/' or, in a path, %5C"
        if ch == " ":
            return "a space", "write a space in a URL as %20"
        if ch.isspace() or not ch.isprintable():
            return (
                f"the invisible or control character U+{ord(ch):04X}",
                "delete it, or write it percent-encoded; such characters come with copied links",
            )
    return None


_LABEL = r"[^\W_](?:[\w-]*[^\W_])?"
_MAILTO_RE = re.compile(
    r"mailto:(?P<local>[\w!#$%&'*+/=^`{|}~.-]+)@(?P<domain>" + _LABEL + r"(?:\." + _LABEL + r")+)"
    r"(?:\?\S*)?",
    re.IGNORECASE,
)


def _check_url(value: str, schemes: frozenset[str]) -> str:
    odd = _odd_url_character(value)
    if odd is not None:
        raise PydanticCustomError(
            "url_invalid",
            "a URL must not contain spaces, backslashes or invisible characters; found {odd}",
            {"odd": odd[0], "hint": odd[1]},
        )
    scheme = value.split(":", 1)[0].lower() if ":" in value else ""
    if scheme not in schemes:
        raise PydanticCustomError(
            "url_scheme",
            "only {allowed} URLs are allowed, got {value}",
            {"allowed": "/".join(sorted(schemes)), "value": repr(value)},
        )
    if scheme == "mailto":
        if not _MAILTO_RE.fullmatch(value):
            raise PydanticCustomError(
                "url_invalid",
                "a mailto: link needs one address written name@domain, got {value}",
                {"value": repr(value), "hint": "for example mailto:safety@example.org"},
            )
        return value
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError as exc:
        raise PydanticCustomError(
            "url_invalid", "malformed URL: {error}", {"error": str(exc)}
        ) from exc
    if not parts.hostname:
        raise PydanticCustomError(
            "url_invalid", "the URL has no host: {value}", {"value": repr(value)}
        )
    return value


class LinkMarker:
    """Marks a field type as a link, so reports can render it as one."""

    def __repr__(self) -> str:
        return "LinkMarker()"


LINK = LinkMarker()


class DateMarker:
    """Marks a field type as a date, so checks can find every date."""

    def __repr__(self) -> str:
        return "DateMarker()"


DATE = DateMarker()


def has_marker(annotation: Any, marker: object, metadata: Sequence[Any] = ()) -> bool:
    """Whether a field's type carries a marker (LINK, DATE), however deeply it is wrapped.

    Pydantic moves the `Annotated` metadata of a required field into
    `FieldInfo.metadata`; pass it as `metadata` so those fields are found too.
    """
    if any(m is marker for m in metadata):
        return True
    if get_origin(annotation) is Annotated and any(m is marker for m in annotation.__metadata__):
        return True
    return any(has_marker(arg, marker) for arg in get_args(annotation))


_WEB = frozenset({"http", "https"})
_CONTACT = frozenset({"http", "https", "mailto"})
# What the JSON Schema can say of the checks above (editors show it as you type).
_WEB_PATTERN = r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s\\/?#]+([/?#][^\s\\]*)?$"
_MAILTO_PATTERN = (
    r'^[Mm][Aa][Ii][Ll][Tt][Oo]:[^\s\\@:?()<>,;"\[\]]+@[^\s\\@:?/]+\.[^\s\\@:?/]+(\?[^\s\\]*)?$'
)

Url = Annotated[
    str,
    LINK,
    AfterValidator(lambda v: _check_url(v, _WEB)),
    Field(json_schema_extra={"pattern": _WEB_PATTERN}),
]
"""An http(s) URL, kept exactly as written."""

ContactUrl = Annotated[
    str,
    LINK,
    AfterValidator(lambda v: _check_url(v, _CONTACT)),
    Field(json_schema_extra={"pattern": f"^({_WEB_PATTERN[1:-1]}|{_MAILTO_PATTERN[1:-1]})$"}),
]

_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _to_date_text(value: Any) -> Any:
    # A YAML timestamp such as 2024-01-01 arrives as a date; keep its ISO text.
    if isinstance(value, dt.datetime):
        raise PydanticCustomError(
            "date_with_time", "expected a date (YYYY, YYYY-MM or YYYY-MM-DD), got a date and time"
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _check_date_text(value: str) -> str:
    if not _DATE_RE.fullmatch(value):
        raise PydanticCustomError(
            "date_format",
            "expected a date written YYYY, YYYY-MM or YYYY-MM-DD, got {value}",
            {"value": repr(value)},
        )
    parts = [int(p) for p in value.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as exc:
        raise PydanticCustomError(
            "date_invalid", "{value} is not a calendar date", {"value": repr(value)}
        ) from exc
    return value


Date = Annotated[
    str,
    DATE,
    BeforeValidator(_to_date_text),
    AfterValidator(_check_date_text),
    Field(
        json_schema_extra={"pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
        examples=["2024-03-01", "2023-07"],
    ),
]
"""A date with the precision the source gives: YYYY, YYYY-MM or YYYY-MM-DD."""


class Reference(Bare):
    """A source for what a section says."""

    id: Id | None = Field(
        None,
        description="An id for the document, so any mapping can cite it (`cite: [{ref: "
        "id, locator: ...}]`); give it in the top-level references.",
        examples=["tulu3-report"],
    )
    url: Url = Field(
        description="Where the source can be read (http or https).",
        examples=["https://example.org/papers/feedback-report.pdf"],
    )
    title: Text | None = Field(
        None,
        description="Title of the source, e.g. a paper or page.",
        examples=["Fine-tuning Example-7B from human feedback"],
    )
    locator: Text | None = Field(
        None,
        description="Where in the source, e.g. 'Section 3.2, Table 7' or 'Appendix B'.",
        examples=["Section 3.2, Table 7"],
    )


References = Annotated[
    list[Reference],
    Field(description="Sources for this section, each a URL with an optional locator."),
]


class Section(Strict):
    """A section that can cite its sources and carry free notes."""

    notes: Text | None = Field(
        None,
        description="Anything else worth saying here (Markdown).",
        examples=["Figures are from the technical report, Appendix C."],
    )
    references: References = Field(default_factory=list)


STATUS_NAMES = ("withheld", "not_applicable", "none", "elsewhere")
"""What can stand in place of a value; leaving the field out means not disclosed."""

StatusName = Literal["withheld", "not_applicable", "none", "elsewhere"]


class Undisclosed(Bare):
    """Stands in place of a value, a list or a section: what the source says instead.

    - `withheld`: the information exists but is not published (reason required);
    - `not_applicable`: the field does not apply to this model (reason required);
    - `none`: nothing of this kind was done, e.g. "No external audit was performed."
      (reason required: the statement); an answer, not a gap;
    - `elsewhere`: disclosed in another document (at least one reference required).
    """

    model_config = ConfigDict(
        json_schema_extra={
            "allOf": [
                {
                    "if": {
                        "properties": {"status": {"enum": ["withheld", "not_applicable", "none"]}}
                    },
                    "then": {"required": ["reason"]},
                },
                {
                    "if": {"properties": {"status": {"const": "elsewhere"}}},
                    "then": {"required": ["references"]},
                },
            ]
        }
    )

    status: StatusName = Field(
        description="'withheld': exists but is not published; 'not_applicable': does not "
        "apply to this model; 'none': nothing of this kind was done; 'elsewhere': "
        "disclosed in another document, given in references.",
        examples=["withheld"],
    )
    reason: Text | None = Field(
        None,
        description="Why, or what was (not) done, in a sentence a reader can judge. "
        "Required unless the status is 'elsewhere'.",
        examples=["The vendor contract does not allow publishing pay rates."],
    )
    references: References = Field(default_factory=list)

    # A status stands where a value would, so as a value it is empty: no items, and
    # false. A template that lists a value or its items shows nothing for it; the
    # report shows the status itself wherever it shows fields (render/view.py).
    def __iter__(self) -> Any:
        return iter(())

    def __len__(self) -> int:
        return 0

    @model_validator(mode="after")
    def _explained(self) -> Undisclosed:
        if self.status != "elsewhere" and self.reason is None:
            raise PydanticCustomError(
                "status_needs_reason",
                "'status: {status}' needs a 'reason:'",
                {"status": self.status, "hint": "say why, or what was (not) done, in a sentence"},
            )
        if self.status == "elsewhere" and not self.references:
            raise PydanticCustomError(
                "status_needs_reference",
                "'status: elsewhere' needs 'references:' saying where it is disclosed",
                {"hint": "add references: [{url: ..., locator: ...}]"},
            )
        return self


UNION_TAG_DISCLOSED = "<disclosed>"
UNION_TAG_UNDISCLOSED = "<status>"
FINDING_TAG_TEXT = "<text>"
FINDING_TAG_MAPPING = "<finding>"
UNION_TAG_PER_VARIANT = "<per-variant>"
ONE_TAG = "<one>"
MANY_TAG = "<list>"
UNION_TAGS = (
    frozenset(
        {
            UNION_TAG_DISCLOSED,
            UNION_TAG_UNDISCLOSED,
            UNION_TAG_PER_VARIANT,
            FINDING_TAG_TEXT,
            FINDING_TAG_MAPPING,
            ONE_TAG,
            MANY_TAG,
        }
    )
    | FIGURE_TAGS
)
"""Tags Pydantic puts into error locations for tagged unions (disclosable fields,
findings, one mapping or a list of them); never field names."""


def _pick(value: Any) -> str:
    if isinstance(value, dict) and "status" in value:
        return UNION_TAG_UNDISCLOSED
    if isinstance(value, dict) and "per_variant" in value:
        return UNION_TAG_PER_VARIANT
    if isinstance(value, Undisclosed):
        return UNION_TAG_UNDISCLOSED
    if isinstance(value, PerVariant):
        return UNION_TAG_PER_VARIANT
    return UNION_TAG_DISCLOSED


T = TypeVar("T")


class PerVariant(Bare):
    """A value that differs between the variants a disclosure covers (`model.variants`):

        learning_rate: {per_variant: {tulu-3-70b: 2e-6}, otherwise: 5e-6}

    Each entry, and `otherwise` (the value for every variant not listed), may itself
    be a status. One class per kind of value is made by `Disclosable[...]`.
    """

    if TYPE_CHECKING:  # fields of every subclass
        per_variant: dict[str, Any]
        otherwise: Any

    # Like a status, it stands where a value would: as a value it is empty (render/view.py).
    def __iter__(self) -> Any:
        return iter(())

    def __len__(self) -> int:
        return 0

    def items(self) -> list[tuple[str, Any]]:
        """(variant id, value) in the order written, `otherwise` last as '*'."""
        rows = list(self.per_variant.items())
        return rows + ([("*", self.otherwise)] if self.otherwise is not None else [])


def _value_or_status(tp: Any) -> Any:
    """The two alternatives every disclosable field has: the value, or a status."""
    return (
        Annotated[tp, Tag(UNION_TAG_DISCLOSED)] | Annotated[Undisclosed, Tag(UNION_TAG_UNDISCLOSED)]
    )


def _plain_or_status(tp: Any) -> Any:
    return Annotated[_value_or_status(tp), Discriminator(_pick)]


_NAMED: list[tuple[Any, str]] = [
    (Text, "Text"),
    (Id, "Id"),
    (Url, "Url"),
    (ContactUrl, "ContactUrl"),
    (Date, "Date"),
    (Count, "Count"),
    (Share, "Share"),
    (NonNegative, "NonNegative"),
    (Positive, "Positive"),
    (Measure, "Measure"),
]
"""Type aliases by the name their per-variant model takes in the JSON Schema."""


def name_type(tp: Any, name: str) -> None:
    """Give a type alias defined outside this module (a union, a list with a validator)
    the name its per-variant model takes in the JSON Schema; before `Disclosable[tp]`."""
    _NAMED.append((tp, name))


def _type_name(tp: Any) -> str:
    for known, name in _NAMED:
        if tp is known:
            return name
    origin = get_origin(tp)
    if origin is list:
        return _type_name(get_args(tp)[0]) + "List"
    if origin is Literal:
        words = "".join(str(v).title().replace("_", "") for v in get_args(tp))
        return "Choice" + words[:40]
    if isinstance(tp, type):
        return {bool: "Boolean", str: "String"}.get(tp, tp.__name__)
    raise TypeError(f"give {tp!r} a name in schema.common._NAMED")  # pragma: no cover


_PER_VARIANT: dict[str, tuple[Any, type[PerVariant]]] = {}


def _per_variant_model(tp: Any) -> type[PerVariant]:
    name = "PerVariant" + _type_name(tp)
    if name in _PER_VARIANT:
        made_for, model = _PER_VARIANT[name]
        if made_for is not tp and made_for != tp:  # pragma: no cover - a naming slip
            raise TypeError(f"two types would share the name {name}")
        return model
    if name not in _PER_VARIANT:
        inner = _plain_or_status(tp)
        model = create_model(
            name,
            __base__=PerVariant,
            __doc__=f"A value that differs between variants ({_type_name(tp)}).",
            per_variant=(
                dict[Id, inner],  # type: ignore[valid-type]
                Field(description="The value for each variant, by variant id."),
            ),
            otherwise=(
                inner | None,
                Field(None, description="The value for every variant not listed."),
            ),
        )
        _PER_VARIANT[name] = (tp, model)
    return model


if TYPE_CHECKING:
    Disclosable = Annotated[T | Undisclosed | PerVariant, Discriminator(_pick)]
else:

    class Disclosable:
        """`Disclosable[T]`: the value itself, a status (`withheld`, `not_applicable`,
        `none`, `elsewhere`), or a value per variant (`{per_variant: {...}}`)."""

        def __class_getitem__(cls, tp: Any) -> Any:
            return Annotated[
                _value_or_status(tp)
                | Annotated[_per_variant_model(tp), Tag(UNION_TAG_PER_VARIANT)],
                Discriminator(_pick),
            ]


def _one_or_many(value: Any) -> str:
    """For a field that takes one mapping or a list of them: which one the file wrote."""
    return MANY_TAG if isinstance(value, list) else ONE_TAG


def _any_of_required(*names: str) -> Any:
    """JSON Schema for 'at least one of these fields' (what a model validator checks)."""
    return [{"required": [n]} for n in names]


def _when(field: str, value: str, then: dict[str, Any]) -> Any:
    """JSON Schema for 'if field == value then ...'."""
    return {"if": {"properties": {field: {"const": value}}, "required": [field]}, "then": then}


class Uncertainty(Detail):
    """How uncertain a number is; give whichever the source states."""

    model_config = ConfigDict(
        json_schema_extra={
            "dependentRequired": {
                "ci_lower": ["ci_upper"],
                "ci_upper": ["ci_lower"],
                "ci_level": ["ci_lower", "ci_upper"],
            },
            "anyOf": _any_of_required("ci_lower", "stderr", "std", "plus_minus", "description"),
        }
    )

    ci_lower: Number | None = Field(
        None, description="Lower bound of the confidence interval.", examples=[0.61]
    )
    ci_upper: Number | None = Field(
        None, description="Upper bound of the confidence interval.", examples=[0.67]
    )
    ci_level: Level | None = Field(
        None,
        description="Confidence level of the interval, e.g. 0.95.",
        examples=[0.95],
    )
    stderr: NonNegativeNumber | None = Field(None, description="Standard error.", examples=[0.012])
    std: NonNegativeNumber | None = Field(None, description="Standard deviation.", examples=[0.08])
    plus_minus: NonNegativeNumber | None = Field(
        None,
        description="A symmetric '+/-' figure whose kind the source does not state.",
        examples=[0.03],
    )
    description: Text | None = Field(
        None,
        description="How the uncertainty was computed.",
        examples=["95% bootstrap interval over 1,000 resamples of the prompts."],
    )

    @model_validator(mode="after")
    def _consistent(self) -> Uncertainty:
        if (self.ci_lower is None) != (self.ci_upper is None):
            raise PydanticCustomError(
                "ci_incomplete", "give both ci_lower and ci_upper, or neither"
            )
        if (
            self.ci_lower is not None
            and self.ci_upper is not None
            and self.ci_lower > self.ci_upper
        ):
            raise PydanticCustomError("ci_order", "ci_lower is greater than ci_upper")
        if self.ci_level is not None and self.ci_lower is None:
            raise PydanticCustomError("ci_incomplete", "ci_level needs ci_lower and ci_upper")
        if all(
            v is None
            for v in (self.ci_lower, self.stderr, self.std, self.plus_minus, self.description)
        ):
            raise PydanticCustomError(
                "uncertainty_empty",
                "give at least one of ci_lower/ci_upper, stderr, std, plus_minus or description",
            )
        return self


class DatasetRef(Detail):
    """The data an evaluation was run on."""

    name: Text = Field(
        description="Name of the dataset or test set.",
        examples=["Held-out helpfulness comparisons"],
    )
    hf_id: Text | None = Field(
        None,
        description="Hugging Face Hub dataset id, e.g. 'Anthropic/hh-rlhf' (model-index type).",
        examples=["example-org/preference-eval"],
    )
    config: Text | None = Field(
        None, description="Dataset configuration or subset.", examples=["default"]
    )
    split: Text | None = Field(None, description="Split, e.g. 'test'.", examples=["test"])
    version: Text | None = Field(
        None, description="Version or revision of the dataset.", examples=["v1.1"]
    )
    url: Url | None = Field(
        None,
        description="Where the dataset can be found.",
        examples=["https://example.org/datasets/preference-eval"],
    )


class Evaluator(Detail):
    """Who ran an evaluation."""

    kind: Literal["internal", "external"] = Field(
        description="Whether the developer ran it ('internal') or a third party ('external').",
        examples=["external"],
    )
    name: Text | None = Field(
        None,
        description="Team or organisation that ran it.",
        examples=["Example Evaluation Institute"],
    )


class Baseline(Detail):
    """What a result is compared against."""

    name: Text = Field(
        description="The baseline, e.g. 'SFT model' or 'GPT-3 175B'.", examples=["SFT model"]
    )
    value: Measure | None = Field(
        None, description="The baseline's value on the same metric.", examples=[0.5]
    )


class Finding(Detail):
    """A result stated in words: where the source gives no figure, or beside one."""

    statement: Text = Field(
        description="The finding as the source states it.",
        examples=["No significant difference from the SFT baseline."],
    )
    direction: Disclosable[Literal["better", "similar", "worse", "mixed"]] | None = Field(
        None,
        description="How the model compares with the baseline, as the source says.",
        examples=["similar"],
    )
    significant: Disclosable[bool] | None = Field(
        None,
        description="Whether the source reports the difference as statistically significant.",
        examples=[False],
    )
    test: Disclosable[Text] | None = Field(
        None,
        description="The test and its result as stated, e.g. a p-value.",
        examples=["two-sided t-test, p = 0.41"],
    )


def _finding(value: Any) -> str:
    return FINDING_TAG_TEXT if isinstance(value, str) else FINDING_TAG_MAPPING


FindingField = Annotated[
    Annotated[Text, Tag(FINDING_TAG_TEXT)] | Annotated[Finding, Tag(FINDING_TAG_MAPPING)],
    Discriminator(_finding),
]
"""A finding in words: a sentence, or a mapping with its direction and significance."""


def _value_or_finding(model: Any) -> None:
    if model.value is None and model.finding is None:
        raise PydanticCustomError(
            "value_or_finding",
            "give the value, or the finding in words",
            {
                "hint": "add 'value:', or 'finding:' with what the source says (e.g. "
                "'no significant difference from the baseline')"
            },
        )


class EvaluationResult(Strict):
    """One number from one evaluation. The same shape is used everywhere."""

    name: Text = Field(
        description="Benchmark or test, e.g. 'TruthfulQA' or 'held-out preference accuracy'.",
        examples=["Held-out preference accuracy"],
    )
    task: Disclosable[Text] | None = Field(
        None,
        description="Task type as on the Hugging Face Hub, e.g. 'text-generation'.",
        examples=["text-generation"],
    )
    dataset: DatasetRef | None = Field(None, description="Data the evaluation ran on.")
    metric: Disclosable[Text] | None = Field(
        None,
        description="What was measured, e.g. 'accuracy' or 'win rate'.",
        examples=["win rate"],
    )
    model_config = ConfigDict(
        json_schema_extra={"anyOf": [{"required": ["value"]}, {"required": ["finding"]}]}
    )

    value: Disclosable[Measure] | None = Field(
        None, description="The measured value.", examples=[0.64]
    )
    finding: FindingField | None = Field(
        None,
        description="The result in words, where the source states it so (with or without a value).",
        examples=["Preferred in most comparisons."],
    )
    unit: Disclosable[Text] | None = Field(
        None, description="Unit of the value, e.g. '%' or 'fraction'.", examples=["fraction"]
    )
    higher_is_better: Disclosable[bool] | None = Field(
        None, description="Whether a higher value is better.", examples=[True]
    )
    uncertainty: Disclosable[Uncertainty] | None = Field(
        None, description="Uncertainty of the value."
    )
    n: Disclosable[Count] | None = Field(
        None, description="Sample size: items, prompts or comparisons.", examples=[1200]
    )
    slice: Disclosable[Text] | None = Field(
        None,
        description="Subset the value is for, e.g. 'safety prompts'.",
        examples=["safety prompts"],
    )
    variant: Id | None = Field(
        None,
        description="The variant (model.variants) the result is about, when not the model itself.",
        examples=["example-70b"],
    )
    evaluation_set: Id | None = Field(
        None,
        description="The evaluation set (policy_evaluation.evaluation_sets) it ran on.",
        examples=["helpfulness-eval"],
    )
    baselines: Disclosable[list[Baseline]] = Field(
        default_factory=list,
        description="Further baselines, each with its value on the same metric.",
    )
    caveats: Disclosable[list[Text]] = Field(
        default_factory=list,
        description="Limitations a reader needs, as the source states them.",
        examples=[["Judged by a single annotator per comparison."]],
    )
    baseline: Disclosable[Baseline] | None = Field(
        None, description="What the result is compared against."
    )
    evaluator: Disclosable[Evaluator] | None = Field(None, description="Who ran the evaluation.")
    source: Reference | None = Field(None, description="Where the number was published.")
    notes: Text | None = Field(
        None,
        description="Anything a reader needs to interpret the number.",
        examples=["Zero-shot; ties counted as half a win."],
    )

    @model_validator(mode="after")
    def _check_value(self) -> EvaluationResult:
        _value_or_finding(self)
        return self
