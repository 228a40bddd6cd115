"""Item 2: who gave the feedback, and how they were selected, trained, paid and supported."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, ConfigDict, Discriminator, Field, Tag, model_validator
from pydantic_core import PydanticCustomError

from .base import Detail
from .common import (
    MANY_TAG,
    ONE_TAG,
    Disclosable,
    Section,
    Strict,
    Text,
    _any_of_required,
    _one_or_many,
    name_type,
)
from .identity import Link
from .values import Count, Measure, NonNegative, Share

WorkforceType = Literal[
    "employees",
    "contractors",
    "crowdworkers",
    "vendor_managed",
    "volunteers",
    "domain_experts",
    "ai_model",
    "other",
]


class ScreeningStep(Strict):
    """One step used to select annotators, e.g. a qualification test."""

    name: Text = Field(
        description="The step, e.g. 'sensitive-speech flagging test'.",
        examples=["Sensitive-content labelling test"],
    )
    description: Disclosable[Text] | None = Field(
        None,
        description="What it tested and how.",
        examples=["Candidates labelled 50 items that experts had labelled."],
    )
    threshold: Disclosable[Measure] | None = Field(
        None, description="Score needed to pass.", examples=[80]
    )
    threshold_unit: Disclosable[Text] | None = Field(
        None, description="Unit of the threshold, e.g. '%'.", examples=["%"]
    )
    pass_rate: Disclosable[Share] | None = Field(
        None, description="Share of candidates who passed (0 to 1).", examples=[0.35]
    )


class Recruitment(Strict):
    """How annotators were found and selected."""

    description: Disclosable[Text] | None = Field(
        None,
        description="How annotators were recruited.",
        examples=["Recruited through a vendor, then screened with a paid test task."],
    )
    screening: Disclosable[list[ScreeningStep]] = Field(
        default_factory=list, description="Qualification tests and other screening steps."
    )


class AnnotatorTraining(Strict):
    """How annotators were instructed and trained."""

    description: Disclosable[Text] | None = Field(
        None,
        description="Onboarding, training and ongoing feedback.",
        examples=["A two-hour onboarding session and weekly feedback on hard cases."],
    )
    guidelines: Disclosable[list[Link]] = Field(
        default_factory=list, description="Published labelling guidelines or instructions."
    )
    hours: Disclosable[NonNegative] | None = Field(
        None, description="Hours of training per annotator.", examples=[2.5]
    )


class Compensation(Strict):
    """What annotators were paid. Give an amount, a relation to minimum wage, or a description."""

    model_config = ConfigDict(
        json_schema_extra={
            "dependentRequired": {"amount": ["currency", "unit"]},
            "anyOf": _any_of_required("amount", "minimum_wage_relation", "description"),
        }
    )

    amount: Disclosable[NonNegative] | None = Field(
        None, description="Amount paid per unit.", examples=[18.5]
    )
    currency: Disclosable[str] | None = Field(
        None,
        pattern=r"^[A-Z]{3}$",
        description="ISO 4217 currency code, e.g. 'USD'.",
        examples=["USD"],
    )
    unit: Disclosable[Literal["hour", "task", "item", "day", "week", "month", "year"]] | None = (
        Field(None, description="What the amount is paid per.", examples=["hour"])
    )
    minimum_wage_relation: Disclosable[Text] | None = Field(
        None,
        description="Pay relative to the local minimum wage, e.g. 'at least 1.5x'.",
        examples=["at least 1.5x the local minimum wage"],
    )
    description: Disclosable[Text] | None = Field(
        None,
        description="Anything else about pay and benefits.",
        examples=["Paid hourly, including time spent in training."],
    )

    @model_validator(mode="after")
    def _complete(self) -> Compensation:
        if self.amount is not None and (self.currency is None or self.unit is None):
            raise PydanticCustomError(
                "compensation_incomplete", "an amount needs both a currency and a unit"
            )
        if self.amount is None and self.minimum_wage_relation is None and self.description is None:
            raise PydanticCustomError(
                "compensation_empty",
                "give an amount (with currency and unit), minimum_wage_relation or a description",
            )
        return self


class DemographicCategory(Detail):
    """One category within a demographic dimension."""

    model_config = ConfigDict(json_schema_extra={"anyOf": _any_of_required("count", "share")})

    category: Text = Field(description="The category, e.g. '25-34'.", examples=["25-34"])
    count: Count | None = Field(
        None, description="Number of annotators in the category.", examples=[12]
    )
    share: Share | None = Field(None, description="Share of respondents (0 to 1).", examples=[0.3])

    @model_validator(mode="after")
    def _has_number(self) -> DemographicCategory:
        if self.count is None and self.share is None:
            raise PydanticCustomError("category_empty", "give a count or a share")
        return self


DemographicCategories = Annotated[list[DemographicCategory], Field(min_length=1)]
name_type(DemographicCategories, "DemographicCategories")


class Demographic(Strict):
    """Breakdown of annotators along one dimension, from a survey: categories with
    numbers, or a description where the source gives none."""

    model_config = ConfigDict(
        json_schema_extra={"anyOf": _any_of_required("categories", "description")}
    )

    dimension: Text = Field(description="The dimension, e.g. 'age' or 'gender'.", examples=["age"])
    survey_size: Disclosable[Count] | None = Field(
        None, description="Number of annotators who answered.", examples=[40]
    )
    categories: Disclosable[DemographicCategories] = Field(
        default_factory=list, description="Categories with counts or shares."
    )
    description: Disclosable[Text] | None = Field(
        None,
        description="The breakdown in words, where the source gives no numbers.",
        examples=["Mostly graduate students, with a wide range of ages."],
    )
    notes: Text | None = Field(
        None,
        description="How the survey was run; what was optional.",
        examples=["Anonymous voluntary survey; every question was optional."],
    )

    @model_validator(mode="after")
    def _said(self) -> Demographic:
        if isinstance(self.categories, list) and not self.categories and self.description is None:
            raise PydanticCustomError(
                "demographic_empty",
                "give the categories with their counts or shares, or a description",
                {"hint": "where the source gives no numbers, add 'description:' in its words"},
            )
        return self


class Workload(Strict):
    """How much each person worked."""

    hours_per_person: Disclosable[NonNegative] | None = Field(
        None,
        description="Hours each person worked (in all, or per period as the description says).",
        examples=[20],
    )
    items_per_person: Disclosable[Count] | None = Field(
        None, description="Items (comparisons, ratings, ...) each person labelled.", examples=[500]
    )
    duration: Disclosable[Text] | None = Field(
        None,
        description="How long the work went on, or how long a session was, as stated.",
        examples=["12 weeks, in sessions of at most 4 hours"],
    )
    description: Disclosable[Text] | None = Field(
        None,
        description="Anything else about the workload, e.g. quotas or limits.",
        examples=["At most 30 hours a week; no daily quota."],
    )


class Support(Strict):
    """Welfare and grievance channels open to the people who gave feedback."""

    channels: Disclosable[list[Text]] = Field(
        default_factory=list,
        description="Channels for questions, help or welfare, e.g. a chat with the "
        "researchers or a counselling service.",
        examples=[["a shared chat channel with the researchers", "weekly office hours"]],
    )
    grievance: Disclosable[Text] | None = Field(
        None,
        description="How a complaint or dispute could be raised, and with whom.",
        examples=["Complaints could be raised anonymously with the vendor's ombudsperson."],
    )
    description: Disclosable[Text] | None = Field(
        None,
        description="Anything else about welfare and support.",
        examples=["Annotators could pause or stop at any time without penalty."],
    )


class Annotators(Section):
    """Item 2: who gave the feedback, and how they were selected, trained, paid and supported."""

    workforce: Disclosable[list[WorkforceType]] = Field(
        default_factory=list,
        description="Kinds of workforce that gave feedback.",
        examples=[["contractors", "vendor_managed"]],
    )
    count: Disclosable[Count] | None = Field(
        None, description="Number of people who gave feedback.", examples=[40]
    )
    count_description: Disclosable[Text] | None = Field(
        None,
        description="The count as the source states it, e.g. 'about 40'.",
        examples=["about 40"],
    )
    vendor: Disclosable[Text] | None = Field(
        None, description="Vendor that managed the annotators.", examples=["Acme Annotation Ltd"]
    )
    platform: Disclosable[Text] | None = Field(
        None,
        description="Platform used, e.g. 'Upwork' or 'Scale AI'.",
        examples=["an in-house labelling interface"],
    )
    recruitment: Disclosable[Recruitment] | None = Field(
        None, description="Recruitment and screening."
    )
    training: Disclosable[AnnotatorTraining] | None = Field(
        None, description="Instructions and training."
    )
    compensation: Disclosable[Compensation] | None = Field(None, description="Pay.")
    demographics: Disclosable[list[Demographic]] = Field(
        default_factory=list, description="Demographic breakdowns with the survey size."
    )
    countries: Disclosable[list[Text]] = Field(
        default_factory=list,
        description="Countries or regions the annotators were in.",
        examples=[["United States", "Philippines"]],
    )
    countries_description: Disclosable[Text] | None = Field(
        None,
        description="The countries as the source qualifies them, e.g. 'mainly the United "
        "States', or where it gives no list.",
        examples=["mainly the United States and Southeast Asia"],
    )
    languages: Disclosable[list[Text]] = Field(
        default_factory=list,
        description="Languages annotated in.",
        examples=[["English", "Spanish"]],
    )
    expertise: Disclosable[Text] | None = Field(
        None,
        description="Expertise required or present.",
        examples=["A university degree; clinicians for medical prompts."],
    )
    wellbeing: Disclosable[Text] | None = Field(
        None,
        description="Protections for exposure to harmful content (opt-outs, counselling, ...).",
        examples=["Annotators could skip harmful content and had access to counselling."],
    )
    workload: Disclosable[Workload] | None = Field(None, description="How much each person worked.")
    support: Disclosable[Support] | None = Field(
        None, description="Welfare and grievance channels."
    )


class AnnotatorPool(Annotators):
    """One of several groups who gave the feedback of a collection, e.g. crowdworkers and
    professional writers, each described as `annotators` describes a single group."""

    name: Text = Field(
        description="The pool, e.g. 'crowdworkers via Upwork' or 'professional writers'.",
        examples=["crowdworkers via Upwork"],
    )


def _names_unique(pools: list[AnnotatorPool]) -> list[AnnotatorPool]:
    seen: set[str] = set()
    for pool in pools:
        if pool.name in seen:
            raise PydanticCustomError(
                "duplicate_pool_name",
                "two annotator pools are named {name}",
                {"name": repr(pool.name), "hint": "give each pool a name of its own"},
            )
        seen.add(pool.name)
    return pools


AnnotatorsOrPools = Annotated[
    Annotated[Annotators, Tag(ONE_TAG)]
    | Annotated[
        Annotated[list[AnnotatorPool], Field(min_length=1), AfterValidator(_names_unique)],
        Tag(MANY_TAG),
    ],
    Discriminator(_one_or_many),
]
"""One group of annotators as a mapping, or several as a list of named pools."""
name_type(AnnotatorsOrPools, "AnnotatorsOrPools")
