"""The base of every model in the schema, and the few types every model needs.

`Strict` models hold facts, so each can cite where its facts come from (`cite:`, by
the id of a document listed under the disclosure's `references:`). `Bare` models
are the forms a value takes (a status, a qualified figure, a citation) and settings
files: they have no sources of their own.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError


class Bare(BaseModel):
    """Base for every model: unknown keys are errors and nothing is coerced."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        allow_inf_nan=False,
        validate_default=False,
        use_attribute_docstrings=False,
    )


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank_text", "must not be empty or only whitespace")
    return value


Text = Annotated[str, AfterValidator(_not_blank), Field(json_schema_extra={"pattern": r"\S"})]
"""Free text; may contain Markdown. Never empty."""

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def _check_id(value: str) -> str:
    if not _ID_RE.fullmatch(value):
        # ascii(): a look-alike letter from another script ('rm\u0430', a Cyrillic a)
        # shows as what it is instead of passing for the letter it resembles.
        raise PydanticCustomError(
            "bad_id",
            "an id must start with a letter or digit and contain only letters, digits, "
            "'.', '_' or '-' (at most 100 characters), got {value}",
            {"value": repr(value) if value.isascii() else ascii(value)},
        )
    return value


Id = Annotated[
    str,
    AfterValidator(_check_id),
    Field(
        description="Identifier, unique in the file; other sections refer to it.",
        json_schema_extra={"pattern": _ID_RE.pattern},
    ),
]


class Citation(Bare):
    """Where a mapping's facts come from: a document under `references:`, by its id."""

    ref: Id = Field(
        description="The id of a document in the disclosure's top-level references.",
        examples=["tulu3-report"],
    )
    locator: Text | None = Field(
        None,
        description="Where in it, e.g. 'Section 4.2, Table 7'.",
        examples=["Section 4.2, Table 7"],
    )
    note: Text | None = Field(
        None,
        description="Anything a reader needs about the source, e.g. 'secondary source: "
        "quoted from the dataset card'.",
        examples=["secondary source: the dataset card"],
    )


class Detail(Bare):
    """Part of one fact (an interval, a baseline, a link, a row of a breakdown): as
    `Bare`, with no sources of its own; the mapping it belongs to cites them."""


class Strict(Bare):
    """Base for every model that holds facts: as `Bare`, and able to cite its sources."""

    cite: list[Citation] = Field(
        default_factory=list,
        description="Sources of the facts in this mapping, by reference id, each with a "
        "locator and an optional note.",
    )
