"""Feedback collections (items 2 to 5) and the datasets they produced."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from .common import (
    Count,
    Date,
    Disclosable,
    EvaluationResult,
    Id,
    Reference,
    Section,
    Share,
    Strict,
    Text,
    Uncertainty,
    Url,
    _any_of_required,
    _when,
)
from .identity import Link

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
    description: Text | None = Field(
        None,
        description="What it tested and how.",
        examples=["Candidates labelled 50 items that experts had labelled."],
    )
    threshold: float | None = Field(None, description="Score needed to pass.", examples=[80])
    threshold_unit: Text | None = Field(
        None, description="Unit of the threshold, e.g. '%'.", examples=["%"]
    )
    pass_rate: Share | None = Field(
        None, description="Share of candidates who passed (0 to 1).", examples=[0.35]
    )


class Recruitment(Strict):
    """How annotators were found and selected."""

    description: Text | None = Field(
        None,
        description="How annotators were recruited.",
        examples=["Recruited through a vendor, then screened with a paid test task."],
    )
    screening: list[ScreeningStep] = Field(
        default_factory=list, description="Qualification tests and other screening steps."
    )


class AnnotatorTraining(Strict):
    """How annotators were instructed and trained."""

    description: Text | None = Field(
        None,
        description="Onboarding, training and ongoing feedback.",
        examples=["A two-hour onboarding session and weekly feedback on hard cases."],
    )
    guidelines: list[Link] = Field(
        default_factory=list, description="Published labelling guidelines or instructions."
    )
    hours: float | None = Field(
        None, ge=0, description="Hours of training per annotator.", examples=[2.5]
    )


class Compensation(Strict):
    """What annotators were paid. Give an amount, a relation to minimum wage, or a description."""

    model_config = ConfigDict(
        json_schema_extra={
            "dependentRequired": {"amount": ["currency", "unit"]},
            "anyOf": _any_of_required("amount", "minimum_wage_relation", "description"),
        }
    )

    amount: float | None = Field(None, ge=0, description="Amount paid per unit.", examples=[18.5])
    currency: str | None = Field(
        None,
        pattern=r"^[A-Z]{3}$",
        description="ISO 4217 currency code, e.g. 'USD'.",
        examples=["USD"],
    )
    unit: Literal["hour", "task", "item", "day", "week", "month", "year"] | None = Field(
        None, description="What the amount is paid per.", examples=["hour"]
    )
    minimum_wage_relation: Text | None = Field(
        None,
        description="Pay relative to the local minimum wage, e.g. 'at least 1.5x'.",
        examples=["at least 1.5x the local minimum wage"],
    )
    description: Text | None = Field(
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


class DemographicCategory(Strict):
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


class Demographic(Strict):
    """Breakdown of annotators along one dimension, from a survey."""

    dimension: Text = Field(description="The dimension, e.g. 'age' or 'gender'.", examples=["age"])
    survey_size: Count | None = Field(
        None, description="Number of annotators who answered.", examples=[40]
    )
    categories: list[DemographicCategory] = Field(
        min_length=1, description="Categories with counts or shares."
    )
    notes: Text | None = Field(
        None,
        description="How the survey was run; what was optional.",
        examples=["Anonymous voluntary survey; every question was optional."],
    )


class Annotators(Section):
    """Item 2: who gave the feedback, and how they were selected, trained and paid."""

    workforce: list[WorkforceType] = Field(
        default_factory=list,
        description="Kinds of workforce that gave feedback.",
        examples=[["contractors", "vendor_managed"]],
    )
    count: Count | None = Field(
        None, description="Number of people who gave feedback.", examples=[40]
    )
    count_description: Text | None = Field(
        None,
        description="The count as the source states it, e.g. 'about 40'.",
        examples=["about 40"],
    )
    vendor: Text | None = Field(
        None, description="Vendor that managed the annotators.", examples=["Acme Annotation Ltd"]
    )
    platform: Text | None = Field(
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
    countries: list[Text] = Field(
        default_factory=list,
        description="Countries or regions the annotators were in.",
        examples=[["United States", "Philippines"]],
    )
    languages: list[Text] = Field(
        default_factory=list,
        description="Languages annotated in.",
        examples=[["English", "Spanish"]],
    )
    expertise: Text | None = Field(
        None,
        description="Expertise required or present.",
        examples=["A university degree; clinicians for medical prompts."],
    )
    wellbeing: Text | None = Field(
        None,
        description="Protections for exposure to harmful content (opt-outs, counselling, ...).",
        examples=["Annotators could skip harmful content and had access to counselling."],
    )


class AIFeedback(Section):
    """Where feedback came from a model: the judge, its instructions, and its validation."""

    judge_model: Text = Field(
        description="Model that gave the feedback.", examples=["Example-70B-Instruct"]
    )
    prompt: Text | None = Field(
        None,
        description="The judging prompt or rubric (Markdown).",
        examples=["Which response is more helpful and honest? Answer A or B."],
    )
    constitution: Text | None = Field(
        None,
        description="Principles the judge applied.",
        examples=["Choose the response least likely to cause harm."],
    )
    constitution_url: Url | None = Field(
        None,
        description="Where the prompt or constitution is.",
        examples=["https://example.org/constitution"],
    )
    validation: Text | None = Field(
        None,
        description="How the judge's labels were checked against human judgement.",
        examples=["The judge's labels were compared with 500 human labels."],
    )
    validation_results: list[EvaluationResult] = Field(
        default_factory=list, description="Agreement of the judge with humans, as numbers."
    )


PromptSourceKind = Literal[
    "user_traffic", "labeler_written", "public_dataset", "synthetic", "red_team", "other"
]


class PromptSource(Strict):
    """One source of the prompts or examples shown for feedback."""

    kind: PromptSourceKind = Field(
        description="Where the prompts came from.", examples=["labeler_written"]
    )
    description: Text | None = Field(
        None,
        description="Details of the source.",
        examples=["Prompts written by annotators to cover common tasks."],
    )
    share: Share | None = Field(None, description="Share of all prompts (0 to 1).", examples=[0.25])
    count: Count | None = Field(
        None, description="Number of prompts from this source.", examples=[12000]
    )
    dataset: Id | None = Field(
        None,
        description="Id of a dataset in `datasets` this refers to.",
        examples=["preference-v1"],
    )


class ExampleSelection(Section):
    """Item 3: how the examples shown for feedback were chosen."""

    prompt_sources: list[PromptSource] = Field(default_factory=list, description="Prompt sources.")
    sampling: Text | None = Field(
        None,
        description="How prompts and model outputs were sampled for labelling.",
        examples=["Four responses per prompt, sampled at temperature 1.0."],
    )
    filtering: Text | None = Field(
        None,
        description="Filters applied (deduplication, personal data, length, ...).",
        examples=["Deduplicated by prefix; prompts with personal data removed."],
    )
    adversarial_share: Share | None = Field(
        None, description="Share of adversarial or red-team prompts (0 to 1).", examples=[0.1]
    )
    adversarial_description: Text | None = Field(
        None,
        description="How adversarial prompts were made.",
        examples=["Red teamers wrote prompts meant to elicit harmful answers."],
    )
    poisoning_defences: Text | None = Field(
        None,
        description="Defences against data poisoning where prompts came from public use.",
        examples=["At most 200 prompts were taken from any one user."],
    )
    personal_data: Text | None = Field(
        None,
        description="How personal data in prompts was handled.",
        examples=["Names, e-mail addresses and phone numbers were removed."],
    )


FeedbackKindName = Literal[
    "pairwise_comparison",
    "ranking",
    "rating",
    "binary",
    "critique",
    "edit",
    "demonstration",
    "ai_preference",
    "other",
]


class RatingScale(Strict):
    """A rating scale."""

    min: float = Field(description="Lowest point on the scale.", examples=[1])
    max: float = Field(description="Highest point on the scale.", examples=[7])
    labels: list[Text] = Field(
        default_factory=list,
        description="Labels of the points, low to high.",
        examples=[["very bad", "neutral", "very good"]],
    )

    @model_validator(mode="after")
    def _ordered(self) -> RatingScale:
        if self.min >= self.max:
            raise PydanticCustomError("scale_order", "min must be lower than max")
        return self


class FeedbackKind(Strict):
    """One kind of feedback collected."""

    model_config = ConfigDict(
        json_schema_extra={
            "allOf": [
                _when("kind", "ranking", {"required": ["k"]}),
                _when("kind", "rating", {"required": ["scale"]}),
            ]
        }
    )

    kind: FeedbackKindName = Field(
        description="The kind of feedback.", examples=["pairwise_comparison"]
    )
    k: Count | None = Field(
        None,
        description="For rankings: outputs ranked per prompt (the minimum when it varies).",
        examples=[4],
    )
    k_max: Count | None = Field(
        None, description="For rankings: the maximum when k varies.", examples=[9]
    )
    scale: RatingScale | None = Field(None, description="For ratings: the scale.")
    strength_labels: list[Text] = Field(
        default_factory=list,
        description="Preference-strength labels, strongest first, "
        "e.g. ['significantly better', ..., 'negligibly better'].",
        examples=[["much better", "better", "slightly better"]],
    )
    description: Text | None = Field(
        None,
        description="How the feedback was given.",
        examples=["Annotators picked the better of two responses and said by how much."],
    )

    @model_validator(mode="after")
    def _parameters(self) -> FeedbackKind:
        if self.kind == "ranking" and self.k is None:
            raise PydanticCustomError("ranking_needs_k", "a ranking needs k, the outputs ranked")
        if self.k is not None and self.k_max is not None and self.k_max < self.k:
            raise PydanticCustomError("k_order", "k_max is smaller than k")
        if self.kind == "rating" and self.scale is None:
            raise PydanticCustomError("rating_needs_scale", "a rating needs its scale")
        return self


class FeedbackType(Section):
    """Item 4: the type(s) of feedback collected."""

    kinds: list[FeedbackKind] = Field(min_length=1, description="Kinds of feedback collected.")
    description: Text | None = Field(
        None,
        description="The interface and the task (Markdown).",
        examples=["A web form showing one prompt and two responses side by side."],
    )


class Volume(Strict):
    """How much feedback was collected, and when."""

    comparisons: Count | None = Field(
        None, description="Number of pairwise comparisons.", examples=[150000]
    )
    rankings: Count | None = Field(None, description="Number of rankings.", examples=[30000])
    ratings: Count | None = Field(None, description="Number of ratings.", examples=[50000])
    demonstrations: Count | None = Field(
        None, description="Number of demonstrations.", examples=[13000]
    )
    prompts: Count | None = Field(None, description="Number of distinct prompts.", examples=[33000])
    conversations: Count | None = Field(
        None, description="Number of conversations.", examples=[10000]
    )
    average_turns: float | None = Field(
        None, ge=0, description="Average turns per conversation.", examples=[3.9]
    )
    start_date: Date | None = Field(None, description="When collection started.")
    end_date: Date | None = Field(None, description="When collection ended.")
    description: Text | None = Field(
        None,
        description="Volume as the source states it.",
        examples=["About 150k comparisons over 33k prompts."],
    )


AgreementMetricName = Literal[
    "percent_agreement",
    "cohens_kappa",
    "fleiss_kappa",
    "krippendorffs_alpha",
    "gwets_ac2",
    "other",
]


class Agreement(Strict):
    """One inter-rater agreement figure."""

    model_config = ConfigDict(
        json_schema_extra={"allOf": [_when("metric", "other", {"required": ["metric_name"]})]}
    )

    metric: AgreementMetricName = Field(
        description="Agreement statistic.", examples=["cohens_kappa"]
    )
    metric_name: Text | None = Field(
        None, description="Name of the statistic when metric is 'other'.", examples=["Scott's pi"]
    )
    value: float = Field(
        description="The value (percent agreement in %, others as the statistic).", examples=[0.61]
    )
    unit: Text | None = Field(None, description="Unit, e.g. '%'.", examples=["%"])
    uncertainty: Uncertainty | None = Field(None, description="Uncertainty of the value.")
    items: Count | None = Field(
        None, description="Number of items rated by several raters.", examples=[500]
    )
    raters: Count | None = Field(None, description="Number of raters involved.", examples=[3])
    scope: Text | None = Field(
        None,
        description="Who was compared with whom, e.g. 'training labelers with each other'.",
        examples=["training labelers with each other"],
    )
    source: Reference | None = Field(None, description="Where the figure was published.")

    @model_validator(mode="after")
    def _named(self) -> Agreement:
        if self.metric == "other" and self.metric_name is None:
            raise PydanticCustomError("metric_name_missing", "metric 'other' needs metric_name")
        return self


class QualityAssurance(Section):
    """Item 5: how feedback quality was controlled, and how consistent raters were."""

    review_process: Text | None = Field(
        None,
        description="How labels were reviewed or audited.",
        examples=["A second annotator reviewed 10% of labels each week."],
    )
    gold_questions: Text | None = Field(
        None,
        description="Use of gold or test questions.",
        examples=["5% of tasks had known answers; annotators below 80% were retrained."],
    )
    agreement: list[Agreement] = Field(
        default_factory=list, description="Inter-rater agreement figures."
    )
    description: Text | None = Field(
        None,
        description="Anything else about quality control.",
        examples=["Labels from annotators with low agreement were redone."],
    )


class FeedbackCollection(Section):
    """One feedback-collection effort, e.g. helpfulness comparisons or red-team ratings."""

    id: Id = Field(examples=["helpfulness-comparisons"])
    name: Text = Field(description="Name of the collection.", examples=["Helpfulness comparisons"])
    purpose: Text | None = Field(
        None,
        description="What the feedback was for, e.g. 'harmlessness'.",
        examples=["harmlessness"],
    )
    annotators: Disclosable[Annotators] | None = Field(
        None, description="Item 2: who gave the feedback (or why it does not apply)."
    )
    ai_feedback: Disclosable[AIFeedback] | None = Field(
        None, description="The AI judge, where a model gave feedback."
    )
    example_selection: Disclosable[ExampleSelection] | None = Field(
        None, description="Item 3: how examples were chosen."
    )
    feedback_type: Disclosable[FeedbackType] | None = Field(
        None, description="Item 4: the type(s) of feedback."
    )
    volume: Volume | None = Field(None, description="How much feedback, and when.")
    quality_assurance: Disclosable[QualityAssurance] | None = Field(
        None, description="Item 5: quality control and agreement."
    )


class Dataset(Section):
    """A dataset used in training or evaluation, e.g. a preference dataset."""

    id: Id = Field(examples=["preference-v1"])
    name: Text = Field(description="Name of the dataset.", examples=["Example preference dataset"])
    kind: Literal["preference", "demonstration", "prompts", "rating", "evaluation", "other"] = (
        Field(description="What the dataset holds.", examples=["preference"])
    )
    description: Text | None = Field(
        None,
        description="What it contains (Markdown).",
        examples=["Pairs of responses to one prompt, with the one annotators preferred."],
    )
    size: Count | None = Field(None, description="Number of examples.", examples=[160000])
    size_description: Text | None = Field(
        None, description="Size as the source states it.", examples=["about 160k comparisons"]
    )
    url: Url | None = Field(
        None,
        description="Where it can be found.",
        examples=["https://example.org/datasets/preference-v1"],
    )
    hf_id: Text | None = Field(
        None,
        description="Hugging Face Hub id, if published there.",
        examples=["example-org/preference-v1"],
    )
    licence: Text | None = Field(
        None, description="Licence of the dataset.", examples=["cc-by-4.0"]
    )
    released: bool | None = Field(
        None, description="Whether the dataset is publicly released.", examples=[True]
    )
    collection: Id | None = Field(
        None,
        description="Id of the feedback collection this dataset came from.",
        examples=["helpfulness-comparisons"],
    )
