"""Figures as published: numbers that keep how they were written, and bounds.

A number in a disclosure is a fact someone published, so it keeps its written form:
`72.0` is not `72` and `0.50` is not `0.5` (a report prints what the source printed).
The loader hands every number over as a `WrittenInt` or `WrittenFloat`, which behave
as the plain number and remember their text; values from Python get their `repr`.

Where a source gives no exact figure, a numeric field takes a qualified one, each a
one-key mapping (a range has two):

    count: {about: 1500}          approximately
    count: {at_least: 200}        a bound, inclusive ({at_most: ...} above)
    count: {more_than: 200}       a strict bound ({less_than: ...} above)
    epochs: {from: 8, to: 12}     a range, both ends included
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import (
    Discriminator,
    Field,
    PlainSerializer,
    PlainValidator,
    Tag,
    WithJsonSchema,
    create_model,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ..figures import WrittenFloat, WrittenInt, written
from .base import Bare

_BOUNDS = (
    ("ge", "greater_than_equal", "Input should be greater than or equal to {ge}", float.__ge__),
    ("gt", "greater_than", "Input should be greater than {gt}", float.__gt__),
    ("le", "less_than_equal", "Input should be less than or equal to {le}", float.__le__),
    ("lt", "less_than", "Input should be less than {lt}", float.__lt__),
)
_JSON_BOUNDS = {
    "ge": "minimum",
    "gt": "exclusiveMinimum",
    "le": "maximum",
    "lt": "exclusiveMaximum",
}


def _checker(whole: bool, bounds: dict[str, float]) -> Any:
    def check(value: Any) -> WrittenInt | WrittenFloat:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            kind = "int_type" if whole else "float_type"
            raise PydanticCustomError(kind, "Input should be a valid number")
        if isinstance(value, float) and not math.isfinite(value):
            raise PydanticCustomError("finite_number", "Input should be a finite number")
        text = written(value)
        number: WrittenInt | WrittenFloat
        if whole and isinstance(value, float):
            if not value.is_integer():
                raise PydanticCustomError(
                    "not_whole_number",
                    "expected a whole number, got {value}",
                    {"value": text, "hint": "write the whole number the source gives"},
                )
            number = WrittenInt(int(value), text)
        elif isinstance(value, (WrittenInt, WrittenFloat)):
            number = value
        elif isinstance(value, int):
            number = WrittenInt(value, text)
        else:
            number = WrittenFloat(value, text)
        for key, code, message, holds in _BOUNDS:
            if key in bounds and not holds(float(number), bounds[key]):
                raise PydanticCustomError(code, message, {key: bounds[key]})
        return number

    return check


def _plain(value: Any) -> int | float:
    return int(value) if isinstance(value, int) else float(value)


def number(*, whole: bool = False, **bounds: float) -> Any:
    """A number field's type: whole or not, with optional bounds ge, gt, le, lt.

    A whole-number field takes any written number whose value is whole (`1.1e9`).
    """
    schema: dict[str, Any] = {"type": "integer" if whole else "number"}
    for key, value in bounds.items():
        schema[_JSON_BOUNDS[key]] = value
    return Annotated[
        int if whole else float,
        PlainValidator(_checker(whole, bounds)),
        PlainSerializer(_plain),
        WithJsonSchema(schema),
    ]


QUALIFIERS: dict[str, str] = {
    "about": "approximately",
    "at_least": "a lower bound, inclusive",
    "more_than": "a lower bound, strict",
    "at_most": "an upper bound, inclusive",
    "less_than": "an upper bound, strict",
}
"""The one-key qualified forms, with what each means."""

QUALIFIED_KEYS = frozenset({*QUALIFIERS, "from", "to"})
"""Keys that make a mapping in a numeric field a qualified figure."""

Qualifier = Literal["about", "at_least", "more_than", "at_most", "less_than", "range"]


class _Qualified(Bare):
    """Base of the qualified figures; one class per kind of number (see `qualified`)."""

    _number: ClassVar[Any]
    if TYPE_CHECKING:  # fields of every subclass (see `qualified`)
        about: Any
        at_least: Any
        more_than: Any
        at_most: Any
        less_than: Any
        from_: Any
        to: Any

    @model_validator(mode="after")
    def _one_form(self) -> _Qualified:
        given = [k for k in QUALIFIERS if getattr(self, k) is not None]
        low, high = self.from_, self.to
        if low is not None or high is not None:
            given.append("range")
        if len(given) != 1:
            raise PydanticCustomError(
                "qualified_forms",
                "give one of about, at_least, more_than, at_most, less_than, or from with to; "
                "got {given}",
                {"given": ", ".join(given) or "none of them"},
            )
        if given == ["range"]:
            if low is None or high is None:
                raise PydanticCustomError("range_incomplete", "a range needs both 'from' and 'to'")
            if low > high:
                raise PydanticCustomError(
                    "range_order",
                    "'from' ({low}) is greater than 'to' ({high})",
                    {"low": written(low), "high": written(high)},
                )
        return self

    @property
    def qualifier(self) -> Qualifier:
        """Which form this is: about, at_least, ..., or range."""
        for key in QUALIFIERS:
            if getattr(self, key) is not None:
                return key  # type: ignore[return-value]
        return "range"

    @property
    def figures(self) -> tuple[Any, ...]:
        """The number or numbers given: one, or (from, to) for a range."""
        if self.qualifier == "range":
            return (self.from_, self.to)
        return (getattr(self, self.qualifier),)


_FORMS_SCHEMA = [
    *({"required": [k]} for k in QUALIFIERS),
    {"required": ["from", "to"]},
]


def qualified(name: str, num: Any, doc: str, example: float) -> type[_Qualified]:
    """A qualified-figure model whose numbers are of type `num`."""
    fields: dict[str, Any] = {
        key: (num | None, Field(None, description=f"The figure, {meaning}.", examples=[example]))
        for key, meaning in QUALIFIERS.items()
    }
    fields["from_"] = (
        num | None,
        Field(None, alias="from", description="Start of a range.", examples=[example]),
    )
    fields["to"] = (
        num | None,
        Field(None, description="End of a range (included).", examples=[example]),
    )
    model: type[_Qualified] = create_model(
        name,
        __base__=_Qualified,
        __doc__=doc,
        __config__=None,
        **fields,
    )
    extra: dict[str, Any] = {
        "oneOf": _FORMS_SCHEMA,
        "examples": [{"about": example}, {"at_least": example}, {"from": example, "to": example}],
    }
    model.model_config["json_schema_extra"] = extra
    model.model_rebuild(force=True)
    return model


FIGURE_TAG = "<figure>"
QUALIFIED_TAG = "<qualified>"
FIGURE_TAGS = frozenset({FIGURE_TAG, QUALIFIED_TAG})
"""Tags Pydantic puts into error locations for figures; never field names."""


def _pick(value: Any) -> str:
    if isinstance(value, (dict, _Qualified)):
        return QUALIFIED_TAG
    return FIGURE_TAG


def figure(name: str, example: float, *, whole: bool = False, **bounds: float) -> Any:
    """A numeric field's type: a plain number, or a qualified one of the same kind."""
    num = number(whole=whole, **bounds)
    doc = "A figure given as a bound, an approximation or a range."
    form = qualified(name, num, doc, example)
    return Annotated[
        Annotated[num, Tag(FIGURE_TAG)] | Annotated[form, Tag(QUALIFIED_TAG)],
        Discriminator(_pick),
    ]


# The kinds of number the schema uses -------------------------------------------

Number = number()
"""A plain number, kept as written (no bounds or approximations: uncertainty, scales)."""
NonNegativeNumber = number(ge=0)
Level = number(gt=0, lt=1)
"""A confidence level, strictly between 0 and 1."""

Count = figure("CountFigure", 1500, whole=True, ge=0)
"""A whole number of things, 0 or more; or a bound, approximation or range of one."""
Share = figure("ShareFigure", 0.6, ge=0, le=1)
"""A share from 0 to 1; or a bound, approximation or range of one."""
NonNegative = figure("NonNegativeFigure", 2.5, ge=0)
Positive = figure("PositiveFigure", 1e-5, gt=0)
Measure = figure("MeasureFigure", 0.75)
"""Any number (a score, a coefficient); or a bound, approximation or range of one."""
