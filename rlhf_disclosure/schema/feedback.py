"""Feedback collections (items 2 to 5) and the datasets they produced."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from .annotators import AnnotatorsOrPools
from .base import Detail
from .common import (
    Date,
    Disclosable,
    EvaluationResult,
    FindingField,
    Id,
    Reference,
    Section,
    Strict,
    Text,
    Uncertainty,
    Url,
    _value_or_finding,
    _when,
)
from .data import (
    DataMix,
    KnownDefects,
    ProcessingSteps,
    Splits,
    known_defects_field,
    mix_field,
    processing_field,
    splits_field,
)
from .values import Count, Measure, NonNegative, Number, Share


class AIFeedback(Section):
    """Where feedback came from a model: the judge, its instructions, and its validation."""

    judge_model: Text = Field(
        description="Model that gave the feedback.", examples=["Example-70B-Instruct"]
    )
    prompt: Disclosable[Text] | None = Field(
        None,
        description="The judging prompt or rubric (Markdown).",
        examples=["Which response is more helpful and honest? Answer A or B."],
    )
    constitution: Disclosable[Text] | None = Field(
        None,
        description="Principles the judge applied.",
        examples=["Choose the response least likely to cause harm."],
    )
    constitution_url: Disclosable[Url] | None = Field(
        None,
        description="Where the prompt or constitution is.",
        examples=["https://example.org/constitution"],
    )
    validation: Disclosable[Text] | None = Field(
        None,
        description="How the judge's labels were checked against human judgement.",
        examples=["The judge's labels were compared with 500 human labels."],
    )
    validation_results: Disclosable[list[EvaluationResult]] = Field(
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
    description: Disclosable[Text] | None = Field(
        None,
        description="Details of the source.",
        examples=["Prompts written by annotators to cover common tasks."],
    )
    share: Disclosable[Share] | None = Field(
        None, description="Share of all prompts (0 to 1).", examples=[0.25]
    )
    count: Disclosable[Count] | None = Field(
        None, description="Number of prompts from this source.", examples=[12000]
    )
    dataset: Id | None = Field(
        None,
        description="Id of a dataset in `datasets` this refers to.",
        examples=["preference-v1"],
    )


class ExampleSelection(Section):
    """Item 3: how the examples shown for feedback were chosen."""

    prompt_sources: Disclosable[list[PromptSource]] = Field(
        default_factory=list, description="Prompt sources."
    )
    sampling: Disclosable[Text] | None = Field(
        None,
        description="How prompts and model outputs were sampled for labelling.",
        examples=["Four responses per prompt, sampled at temperature 1.0."],
    )
    filtering: Disclosable[Text] | None = Field(
        None,
        description="Filters applied (deduplication, personal data, length, ...).",
        examples=["Deduplicated by prefix; prompts with personal data removed."],
    )
    adversarial_share: Disclosable[Share] | None = Field(
        None, description="Share of adversarial or red-team prompts (0 to 1).", examples=[0.1]
    )
    adversarial_description: Disclosable[Text] | None = Field(
        None,
        description="How adversarial prompts were made.",
        examples=["Red teamers wrote prompts meant to elicit harmful answers."],
    )
    poisoning_defences: Disclosable[Text] | None = Field(
        None,
        description="Defences against data poisoning where prompts came from public use.",
        examples=["At most 200 prompts were taken from any one user."],
    )
    personal_data: Disclosable[Text] | None = Field(
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


class RatingScale(Detail):
    """A rating scale."""

    min: Number = Field(description="Lowest point on the scale.", examples=[1])
    max: Number = Field(description="Highest point on the scale.", examples=[7])
    labels: list[Text] = Field(
        default_factory=list,
        description="Labels of the points, low to high.",
        examples=[["very bad", "neutral", "very good"]],
    )
    low_label: Disclosable[Text] | None = Field(
        None,
        description="What the lowest point means; for a comparison scale, one end "
        "(e.g. 'A much better').",
        examples=["A much better"],
    )
    high_label: Disclosable[Text] | None = Field(
        None,
        description="What the highest point means (e.g. 'B much better').",
        examples=["B much better"],
    )
    midpoint_label: Disclosable[Text] | None = Field(
        None,
        description="What the middle of the scale means (e.g. 'about the same').",
        examples=["about the same"],
    )

    @model_validator(mode="after")
    def _ordered(self) -> RatingScale:
        if self.min >= self.max:
            raise PydanticCustomError("scale_order", "min must be lower than max")
        return self


class RatedAttribute(Strict):
    """One attribute rated on its own scale, e.g. helpfulness or factuality."""

    name: Text = Field(
        description="The attribute, e.g. 'helpfulness' or 'verbosity'.", examples=["helpfulness"]
    )
    scale: Disclosable[RatingScale] | None = Field(None, description="The attribute's own scale.")
    description: Disclosable[Text] | None = Field(
        None,
        description="What raters judged for this attribute.",
        examples=["How well the response answers the prompt."],
    )


class LabelShare(Strict):
    """One categorical label, with how much of the feedback got it."""

    label: Text = Field(description="The label, e.g. 'safe' or 'unsafe'.", examples=["unsafe"])
    share: Disclosable[Share] | None = Field(
        None, description="Share of the items given this label (0 to 1).", examples=[0.12]
    )
    count: Disclosable[Count] | None = Field(
        None, description="Number of items given this label.", examples=[4800]
    )
    description: Disclosable[Text] | None = Field(
        None,
        description="What the label means.",
        examples=["The response helps with a harmful request."],
    )


class FeedbackKind(Strict):
    """One kind of feedback collected."""

    kind: FeedbackKindName = Field(
        description="The kind of feedback.", examples=["pairwise_comparison"]
    )
    k: Disclosable[Count] | None = Field(
        None,
        description="For rankings: outputs ranked per prompt (the minimum when it varies).",
        examples=[4],
    )
    k_max: Disclosable[Count] | None = Field(
        None, description="For rankings: the maximum when k varies.", examples=[9]
    )
    scale: Disclosable[RatingScale] | None = Field(None, description="For ratings: the scale.")
    strength_labels: Disclosable[list[Text]] = Field(
        default_factory=list,
        description="Preference-strength labels, strongest first, "
        "e.g. ['significantly better', ..., 'negligibly better'].",
        examples=[["much better", "better", "slightly better"]],
    )
    attributes: Disclosable[list[RatedAttribute]] = Field(
        default_factory=list,
        description="For ratings of several attributes: each attribute with its own scale.",
    )
    labels: Disclosable[list[LabelShare]] = Field(
        default_factory=list,
        description="For categorical labels: each label with the share or count given it.",
    )
    description: Disclosable[Text] | None = Field(
        None,
        description="How the feedback was given.",
        examples=["Annotators picked the better of two responses and said by how much."],
    )

    @model_validator(mode="after")
    def _parameters(self) -> FeedbackKind:
        # A ranking's k and a rating's scale are optional: sources often leave them out,
        # and their absence is a gap in the disclosure, not an invalid file.
        if isinstance(self.k, int) and isinstance(self.k_max, int) and self.k_max < self.k:
            raise PydanticCustomError("k_order", "k_max is smaller than k")
        return self


class FeedbackType(Section):
    """Item 4: the type(s) of feedback collected."""

    kinds: list[FeedbackKind] = Field(min_length=1, description="Kinds of feedback collected.")
    description: Disclosable[Text] | None = Field(
        None,
        description="The interface and the task (Markdown).",
        examples=["A web form showing one prompt and two responses side by side."],
    )


class VolumeBatch(Strict):
    """Feedback collected in one batch or round, e.g. one week or one model version."""

    name: Text = Field(description="The batch, e.g. 'batch 1' or 'round 3'.", examples=["batch 1"])
    start_date: Disclosable[Date] | None = Field(None, description="When the batch started.")
    end_date: Disclosable[Date] | None = Field(None, description="When the batch ended.")
    comparisons: Disclosable[Count] | None = Field(
        None, description="Number of pairwise comparisons in the batch.", examples=[40000]
    )
    ratings: Disclosable[Count] | None = Field(
        None, description="Number of ratings in the batch.", examples=[12000]
    )
    prompts: Disclosable[Count] | None = Field(
        None, description="Number of distinct prompts in the batch.", examples=[9000]
    )
    description: Disclosable[Text] | None = Field(
        None,
        description="What was different about the batch, e.g. the model sampled.",
        examples=["Responses sampled from the first RLHF model."],
    )


class Volume(Strict):
    """How much feedback was collected, and when."""

    comparisons: Disclosable[Count] | None = Field(
        None, description="Number of pairwise comparisons.", examples=[150000]
    )
    rankings: Disclosable[Count] | None = Field(
        None, description="Number of rankings.", examples=[30000]
    )
    ratings: Disclosable[Count] | None = Field(
        None, description="Number of ratings.", examples=[50000]
    )
    demonstrations: Disclosable[Count] | None = Field(
        None, description="Number of demonstrations.", examples=[13000]
    )
    prompts: Disclosable[Count] | None = Field(
        None, description="Number of distinct prompts.", examples=[33000]
    )
    conversations: Disclosable[Count] | None = Field(
        None, description="Number of conversations.", examples=[10000]
    )
    average_turns: Disclosable[NonNegative] | None = Field(
        None, description="Average turns per conversation.", examples=[3.9]
    )
    start_date: Disclosable[Date] | None = Field(None, description="When collection started.")
    end_date: Disclosable[Date] | None = Field(None, description="When collection ended.")
    description: Disclosable[Text] | None = Field(
        None,
        description="Volume as the source states it.",
        examples=["About 150k comparisons over 33k prompts."],
    )
    batches: Disclosable[list[VolumeBatch]] = Field(
        default_factory=list, description="Volume per batch or round, where it is given so."
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
        json_schema_extra={
            "allOf": [_when("metric", "other", {"required": ["metric_name"]})],
            "anyOf": [{"required": ["value"]}, {"required": ["finding"]}],
        }
    )

    metric: AgreementMetricName = Field(
        description="Agreement statistic.", examples=["cohens_kappa"]
    )
    metric_name: Disclosable[Text] | None = Field(
        None, description="Name of the statistic when metric is 'other'.", examples=["Scott's pi"]
    )
    value: Disclosable[Measure] | None = Field(
        None,
        description="The value (percent agreement in %, others as the statistic).",
        examples=[0.61],
    )
    finding: FindingField | None = Field(
        None,
        description="The agreement in words, where the source gives no figure.",
        examples=["Most disagreements were between adjacent points of the scale."],
    )
    unit: Disclosable[Text] | None = Field(None, description="Unit, e.g. '%'.", examples=["%"])
    uncertainty: Disclosable[Uncertainty] | None = Field(
        None, description="Uncertainty of the value."
    )
    items: Disclosable[Count] | None = Field(
        None, description="Number of items rated by several raters.", examples=[500]
    )
    raters: Disclosable[Count] | None = Field(
        None, description="Number of raters involved.", examples=[3]
    )
    scope: Disclosable[Text] | None = Field(
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

    @model_validator(mode="after")
    def _check_value(self) -> Agreement:
        _value_or_finding(self)
        return self


class QualityAssurance(Section):
    """Item 5: how feedback quality was controlled, and how consistent raters were."""

    review_process: Disclosable[Text] | None = Field(
        None,
        description="How labels were reviewed or audited.",
        examples=["A second annotator reviewed 10% of labels each week."],
    )
    gold_questions: Disclosable[Text] | None = Field(
        None,
        description="Use of gold or test questions.",
        examples=["5% of tasks had known answers; annotators below 80% were retrained."],
    )
    agreement: Disclosable[list[Agreement]] = Field(
        default_factory=list, description="Inter-rater agreement figures."
    )
    description: Disclosable[Text] | None = Field(
        None,
        description="Anything else about quality control.",
        examples=["Labels from annotators with low agreement were redone."],
    )


CollectionUse = Literal["reward_model", "policy", "evaluation", "red_teaming"]
"""What a feedback collection was used for."""

TRAINING_USES = frozenset({"reward_model", "policy"})
"""Uses that make a collection training feedback (items 2 to 5)."""


class FeedbackCollection(Section):
    """One feedback-collection effort, e.g. helpfulness comparisons or red-team ratings."""

    id: Id = Field(examples=["helpfulness-comparisons"])
    name: Text = Field(description="Name of the collection.", examples=["Helpfulness comparisons"])
    purpose: Disclosable[Text] | None = Field(
        None,
        description="What the feedback was for, e.g. 'harmlessness'.",
        examples=["harmlessness"],
    )
    used_for: list[CollectionUse] = Field(
        default_factory=list,
        description="What the feedback was used for. Feedback that trained a reward model "
        "or a policy is scored for items 2 to 5; feedback collected only to evaluate or "
        "red-team the model counts towards item 8 instead. Left out, the collection is "
        "taken to be training feedback.",
        examples=[["reward_model", "policy"]],
    )
    annotators: Disclosable[AnnotatorsOrPools] | None = Field(
        None,
        description="Item 2: who gave the feedback (or why it does not apply): one mapping, "
        "or a list of named pools where several groups did.",
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
    volume: Disclosable[Volume] | None = Field(None, description="How much feedback, and when.")
    quality_assurance: Disclosable[QualityAssurance] | None = Field(
        None, description="Item 5: quality control and agreement."
    )
    processing: ProcessingSteps = processing_field()
    mix: DataMix = mix_field()
    splits: Splits = splits_field()
    known_defects: KnownDefects = known_defects_field()


class Dataset(Section):
    """A dataset used in training or evaluation, e.g. a preference dataset."""

    id: Id = Field(examples=["preference-v1"])
    name: Text = Field(description="Name of the dataset.", examples=["Example preference dataset"])
    kind: Literal["preference", "demonstration", "prompts", "rating", "evaluation", "other"] = (
        Field(description="What the dataset holds.", examples=["preference"])
    )
    description: Disclosable[Text] | None = Field(
        None,
        description="What it contains (Markdown).",
        examples=["Pairs of responses to one prompt, with the one annotators preferred."],
    )
    size: Disclosable[Count] | None = Field(
        None, description="Number of examples.", examples=[160000]
    )
    size_description: Disclosable[Text] | None = Field(
        None, description="Size as the source states it.", examples=["about 160k comparisons"]
    )
    url: Disclosable[Url] | None = Field(
        None,
        description="Where it can be found.",
        examples=["https://example.org/datasets/preference-v1"],
    )
    hf_id: Disclosable[Text] | None = Field(
        None,
        description="Hugging Face Hub id, if published there.",
        examples=["example-org/preference-v1"],
    )
    licence: Disclosable[Text] | None = Field(
        None, description="Licence of the dataset.", examples=["cc-by-4.0"]
    )
    released: Disclosable[bool] | None = Field(
        None, description="Whether the dataset is publicly released.", examples=[True]
    )
    collection: Id | None = Field(
        None,
        description="Id of the feedback collection this dataset came from.",
        examples=["helpfulness-comparisons"],
    )
    processing: ProcessingSteps = processing_field()
    mix: DataMix = mix_field()
    splits: Splits = splits_field()
    known_defects: KnownDefects = known_defects_field()
