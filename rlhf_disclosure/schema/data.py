"""Data handling after collection: processing steps, the mix, splits and known defects.

Feedback collections and datasets take the same four fields: each model declares them
in its own field order, with the types and `Field` definitions here.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from ..figures import written
from .common import Disclosable, Strict, Text, _when, name_type
from .values import Count, Share

ProcessingKind = Literal[
    "filtering",
    "deduplication",
    "model_scoring",
    "decontamination",
    "synthetic_generation",
    "anonymisation",
    "other",
]


class ProcessingStep(Strict):
    """One step applied to the data after it was collected, e.g. a filter or a dedup pass."""

    model_config = ConfigDict(
        json_schema_extra={"allOf": [_when("kind", "other", {"required": ["description"]})]}
    )

    kind: ProcessingKind = Field(
        description="What the step did: filtering, deduplication, model_scoring (a model "
        "scored the items, e.g. for quality), decontamination (evaluation data removed), "
        "synthetic_generation (a model wrote items), anonymisation or other.",
        examples=["decontamination"],
    )
    description: Disclosable[Text] | None = Field(
        None,
        description="What was done, and by what criterion (required for kind 'other').",
        examples=["Removed prompts with a 13-gram overlap with any evaluation set."],
    )
    model: Disclosable[Text] | None = Field(
        None,
        description="The model that scored or generated the items.",
        examples=["Example-70B-Instruct"],
    )
    prompt: Disclosable[Text] | None = Field(
        None,
        description="The prompt or rubric that model was given.",
        examples=["Rate the response's helpfulness from 1 to 10."],
    )
    against: Disclosable[list[Text]] = Field(
        default_factory=list,
        description="For decontamination: the evaluation sets the data was checked against.",
        examples=[["MMLU", "HumanEval"]],
    )
    removed: Disclosable[Count] | None = Field(
        None, description="Number of items the step removed.", examples=[1200]
    )
    removed_share: Disclosable[Share] | None = Field(
        None, description="Share of the items the step removed (0 to 1).", examples=[0.04]
    )

    @model_validator(mode="after")
    def _named(self) -> ProcessingStep:
        if self.kind == "other" and self.description is None:
            raise PydanticCustomError(
                "processing_other_undescribed",
                "a processing step of kind 'other' needs a description",
                {"hint": "add 'description:' saying what the step did"},
            )
        return self


class MixCategory(Strict):
    """One part of the data mix, e.g. a task category or a source, with its size."""

    category: Text = Field(
        description="The category, e.g. 'coding' or 'open QA'.", examples=["coding"]
    )
    share: Disclosable[Share] | None = Field(
        None, description="Share of the data in this category (0 to 1).", examples=[0.2]
    )
    count: Disclosable[Count] | None = Field(
        None, description="Number of items in this category.", examples=[32000]
    )
    description: Disclosable[Text] | None = Field(
        None,
        description="What the category holds.",
        examples=["Programming questions in Python and JavaScript."],
    )


def _exact(share: Any) -> Decimal | None:
    """An exactly given share as the decimal it was written as; None for a bound, an
    approximation, a range or a status (those are not summed)."""
    if isinstance(share, (int, float)) and not isinstance(share, bool):
        return Decimal(written(share))
    return None


def _shares_at_most_one(mix: list[MixCategory]) -> list[MixCategory]:
    exact = [d for d in (_exact(c.share) for c in mix) if d is not None]
    total = sum(exact, Decimal(0))
    if total > 1:
        raise PydanticCustomError(
            "mix_share_sum",
            "the exact shares of the mix add up to {total}, more than 1",
            {
                "total": format(total.normalize(), "f"),
                "hint": "shares are parts of one whole (0 to 1 each); write a rounded or "
                "uncertain share as {about: ...} and it is not added up",
            },
        )
    return mix


Mix = Annotated[list[MixCategory], AfterValidator(_shares_at_most_one)]
"""The categories of a data mix; their exact shares add up to at most 1."""
name_type(Mix, "Mix")


class Split(Strict):
    """One split of the data, e.g. train or test."""

    name: Text = Field(description="The split, e.g. 'train' or 'test'.", examples=["test"])
    size: Disclosable[Count] | None = Field(
        None, description="Number of items in the split.", examples=[5000]
    )
    description: Disclosable[Text] | None = Field(
        None,
        description="How the split was made, or what it is for.",
        examples=["Held out by prompt, so no prompt is in both splits."],
    )


def processing_field() -> Any:
    return Field(
        default_factory=list,
        description="What was done to the data after collection (filtering, "
        "deduplication, scoring, decontamination, ...), step by step.",
    )


def mix_field() -> Any:
    return Field(
        default_factory=list,
        description="The categories the data falls into, with the share or count of each; "
        "exact shares add up to at most 1.",
    )


def splits_field() -> Any:
    return Field(default_factory=list, description="Splits of the data, with their sizes.")


def known_defects_field() -> Any:
    return Field(
        default_factory=list,
        description="Known problems with the data, as the source states them.",
        examples=[["About 5% of the comparisons have the preferred response mislabelled."]],
    )


ProcessingSteps = Disclosable[list[ProcessingStep]]
DataMix = Disclosable[Mix]
Splits = Disclosable[list[Split]]
KnownDefects = Disclosable[list[Text]]
