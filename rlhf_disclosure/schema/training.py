"""Reward models (items 6, 7) and the policy-training pipeline."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    ConfigDict,
    Field,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ..figures import WrittenFloat, WrittenInt
from .base import Detail
from .common import (
    Disclosable,
    EvaluationResult,
    Id,
    Section,
    Strict,
    Text,
    Url,
    _when,
)
from .compute import Compute
from .release import Software
from .values import Count, NonNegative, Positive, Share


# The bound sits on each alternative: on the union itself Pydantic would write a
# non-standard "ge" key into the JSON Schema, which validators ignore.
def _as_written(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """Validate as a plain scalar, but hand back a number the loader read (WrittenInt,
    WrittenFloat) itself, so a setting such as `eps: 1.0e-8` keeps how it was written."""
    checked = handler(value)
    return value if isinstance(value, (WrittenInt, WrittenFloat)) else checked


Scalar = Annotated[int | float | str | bool, WrapValidator(_as_written)]
"""A free-form setting's value; numbers keep the text they were written as."""


class Hyperparameters(Strict):
    """Key training settings, plus any others by name."""

    learning_rate: Disclosable[Positive] | None = Field(
        None, description="Peak learning rate.", examples=[1e-5]
    )
    learning_rate_schedule: Disclosable[Text] | None = Field(
        None, description="Schedule, e.g. 'cosine'.", examples=["cosine"]
    )
    optimizer: Disclosable[Text] | None = Field(
        None,
        description="Optimiser and its settings as the source states them.",
        examples=["AdamW, beta1 0.9, beta2 0.95, weight decay 0.1"],
    )
    warmup_steps: Disclosable[Count] | None = Field(
        None, description="Optimiser steps of learning-rate warmup.", examples=[100]
    )
    warmup_ratio: Disclosable[Share] | None = Field(
        None,
        description="Share of the training steps spent in learning-rate warmup (0 to 1).",
        examples=[0.03],
    )
    epochs: Disclosable[NonNegative] | None = Field(
        None, description="Passes over the data.", examples=[2]
    )
    steps: Disclosable[Count] | None = Field(
        None, description="Optimiser steps in all.", examples=[2000]
    )
    batch_size: Disclosable[Count] | None = Field(
        None, description="Examples per optimiser step.", examples=[64]
    )
    samples_per_prompt: Disclosable[Count] | None = Field(
        None,
        description="Responses sampled per prompt, e.g. for best-of-n or a group baseline.",
        examples=[4],
    )
    max_sequence_length: Disclosable[Count] | None = Field(
        None, description="Longest sequence in tokens, prompt and response.", examples=[4096]
    )
    max_new_tokens: Disclosable[Count] | None = Field(
        None, description="Most tokens generated per response.", examples=[1024]
    )
    kl_coefficient: Disclosable[NonNegative] | None = Field(
        None,
        description="Weight of the KL penalty against the reference policy.",
        examples=[0.02],
    )
    beta: Disclosable[NonNegative] | None = Field(
        None,
        description="Temperature beta of a direct preference method such as DPO.",
        examples=[0.1],
    )
    other: dict[str, Scalar] = Field(
        default_factory=dict,
        description="Any other setting, by name.",
        examples=[{"max_grad_norm": 1.0, "ppo_clip_ratio": 0.2}],
    )


class StageConfiguration(Strict):
    """One of several configurations of a stage, e.g. the paper's recipe and the
    released model's."""

    name: Text = Field(
        description="Which configuration, e.g. 'paper recipe' or 'released model'.",
        examples=["released model"],
    )
    description: Disclosable[Text] | None = Field(
        None,
        description="What sets it apart, and what it was used for (Markdown).",
        examples=["The settings of the released checkpoint, tuned after the paper."],
    )
    hyperparameters: Disclosable[Hyperparameters] | None = Field(None, description="Its settings.")


class DataUse(Detail):
    """A feedback collection or dataset used for training, with its share."""

    source: Id = Field(
        description="Id of a feedback collection or a dataset.",
        examples=["helpfulness-comparisons"],
    )
    share: Share | None = Field(
        None, description="Share of the training mixture (0 to 1).", examples=[0.7]
    )
    description: Text | None = Field(
        None, description="How it was used.", examples=["Every comparison, each used once."]
    )


LossKind = Literal[
    "bradley_terry", "margin", "ranking", "plackett_luce", "regression", "classification", "other"
]

DisagreementHandling = Literal[
    "single_label",
    "majority_vote",
    "averaged",
    "soft_labels",
    "dropped_ties",
    "dropped_disagreements",
    "margin_by_strength",
    "per_rater",
    "other",
]


class Loss(Section):
    """Item 6: how the reward model was fit, and how rater disagreement was modelled."""

    kind: Disclosable[LossKind] | None = Field(
        None, description="Family of the loss.", examples=["bradley_terry"]
    )
    formula: Disclosable[Text] | None = Field(
        None,
        description="The loss, e.g. in LaTeX.",
        examples=[r"-\log \sigma(r(x, y_w) - r(x, y_l))"],
    )
    description: Disclosable[Text] | None = Field(
        None,
        description="The loss in words (Markdown).",
        examples=["Logistic loss on the reward difference of chosen and rejected responses."],
    )
    disagreement: Disclosable[list[DisagreementHandling]] = Field(
        default_factory=list,
        description="How disagreement between raters entered the labels.",
        examples=[["majority_vote"]],
    )
    disagreement_description: Disclosable[Text] | None = Field(
        None,
        description="Details of how disagreement was handled.",
        examples=["Each pair had three labels; the majority label was used."],
    )


class RewardModelEvaluation(Section):
    """Item 7: how the reward model was evaluated, and what went wrong."""

    results: Disclosable[list[EvaluationResult]] = Field(
        default_factory=list, description="Results, e.g. held-out preference accuracy per test set."
    )
    description: Disclosable[Text] | None = Field(
        None,
        description="How it was evaluated (Markdown).",
        examples=["Accuracy on held-out comparisons from each collection."],
    )
    failure_modes: Disclosable[list[Text]] = Field(
        default_factory=list,
        description="Known failure modes.",
        examples=[["Prefers longer answers whatever their content"]],
    )
    reward_hacking: Disclosable[Text] | None = Field(
        None,
        description="Reward hacking or over-optimisation observed, and what was done.",
        examples=["The policy learned to add needless caveats; the KL penalty was raised."],
    )


RewardKind = Literal["learned", "verifiable", "rule_based", "llm_judge", "other"]


class RewardOutput(Strict):
    """One score a reward model gives, where it gives several (e.g. one per attribute)."""

    name: Text = Field(
        description="Name of the output, e.g. 'helpfulness'.", examples=["helpfulness"]
    )
    description: Disclosable[Text] | None = Field(
        None,
        description="What the output means and how it was used.",
        examples=["Regression head trained on the helpfulness ratings of the HelpSteer data."],
    )
    range: Disclosable[Text] | None = Field(
        None,
        description="Range of the score as the source states it, e.g. '0 to 4'.",
        examples=["0 to 4"],
    )
    attribute: Disclosable[Text] | None = Field(
        None,
        description="The attribute of a response it scores.",
        examples=["helpfulness of the response to the prompt"],
    )


class RewardModel(Section):
    """One reward model, e.g. a helpfulness or a safety reward model; or a reward that is
    computed, not learned (a verifier, rules, a prompted judge)."""

    id: Id = Field(examples=["helpfulness-rm"])
    name: Text = Field(
        description="Name of the reward model.", examples=["Helpfulness reward model"]
    )
    kind: Disclosable[RewardKind] | None = Field(
        None,
        description="'learned': a model trained on feedback; 'verifiable': a check of "
        "correctness against a known answer or tests; 'rule_based': fixed rules; "
        "'llm_judge': a prompted language model, not trained as a reward model.",
        examples=["verifiable"],
    )
    purpose: Disclosable[Text] | None = Field(
        None, description="What it scores, e.g. 'helpfulness'.", examples=["helpfulness"]
    )
    verifier: Disclosable[Text] | None = Field(
        None,
        description="For a verifiable or rule-based reward: how correctness is checked.",
        examples=["Exact match of the final answer with the reference answer."],
    )
    outputs: Disclosable[list[RewardOutput]] = Field(
        default_factory=list,
        description="The scores it gives, where it gives several (e.g. one per attribute).",
    )
    base_model: Disclosable[Text] | None = Field(
        None, description="Model it was initialised from.", examples=["Example-7B"]
    )
    architecture: Disclosable[Text] | None = Field(
        None,
        description="Architecture, e.g. 'LM with a scalar head'.",
        examples=["LM with a scalar head"],
    )
    parameters: Disclosable[Count] | None = Field(
        None, description="Number of parameters.", examples=[7000000000]
    )
    training_data: Disclosable[list[DataUse]] = Field(
        default_factory=list, description="Collections and datasets it was trained on."
    )
    loss: Disclosable[Loss] | None = Field(None, description="Item 6: the loss.")
    hyperparameters: Disclosable[Hyperparameters] | None = Field(
        None, description="Training settings."
    )
    evaluation: Disclosable[RewardModelEvaluation] | None = Field(
        None, description="Item 7: evaluation and results."
    )


StageKind = Literal[
    "sft",
    "rlhf_ppo",
    "rlhf_other",
    "dpo",
    "ipo",
    "kto",
    "orpo",
    "simpo",
    "direct_preference_other",
    "rejection_sampling",
    "best_of_n",
    "rlaif",
    "data_generation",
    "other",
]
"""'data_generation': a stage that produces data (e.g. best-of-n samples) instead of training."""


class PolicyStage(Section):
    """One stage of policy training, in order."""

    model_config = ConfigDict(
        json_schema_extra={
            "allOf": [_when("kind", "sft", {"properties": {"reward_models": {"maxItems": 0}}})]
        }
    )

    id: Id = Field(examples=["ppo"])
    name: Text = Field(
        description="Name of the stage.", examples=["PPO against the helpfulness reward model"]
    )
    kind: StageKind = Field(
        description="Kind of stage; 'data_generation' for one that produces data (e.g. "
        "best-of-n samples) instead of training.",
        examples=["rlhf_ppo"],
    )
    algorithm: Disclosable[Text] | None = Field(
        None,
        description="Algorithm as named by the developer, e.g. 'PPO-ptx'.",
        examples=["PPO with a KL penalty"],
    )
    description: Disclosable[Text] | None = Field(
        None,
        description="What the stage did (Markdown).",
        examples=["Optimised the SFT model against the reward model for 3 rounds."],
    )
    starts_from: Disclosable[Text] | None = Field(
        None,
        description="Id of the previous stage, or the model this stage starts from.",
        examples=["sft"],
    )
    data: Disclosable[list[DataUse]] = Field(
        default_factory=list, description="Collections and datasets used."
    )
    reward_models: list[Id] = Field(
        default_factory=list,
        description="Ids of reward models used.",
        examples=[["helpfulness-rm"]],
    )
    produces: Disclosable[list[Id]] = Field(
        default_factory=list,
        description="Ids of the feedback collections or datasets the stage produced, e.g. "
        "the samples a data-generation stage drew.",
        examples=[["best-of-8-samples"]],
    )
    samples_per_prompt: Disclosable[Count] | None = Field(
        None,
        description="Responses sampled per prompt, e.g. n of best-of-n.",
        examples=[8],
    )
    reward_combination: Disclosable[Text] | None = Field(
        None,
        description="How several reward models were combined, e.g. 'safety RM gates at 0.15'.",
        examples=["Weighted sum: 0.7 helpfulness, 0.3 safety."],
    )
    hyperparameters: Disclosable[Hyperparameters] | None = Field(None, description="Key settings.")
    configurations: Disclosable[list[StageConfiguration]] = Field(
        default_factory=list,
        description="Configurations of the stage, where the source gives more than one (e.g. "
        "the paper's and the released model's), each with its own settings; settings they "
        "share can stay in the stage's hyperparameters.",
    )
    rounds: Disclosable[Count] | None = Field(
        None, description="Rounds or iterations of this stage.", examples=[3]
    )
    compute: Disclosable[Compute] | None = Field(None, description="Compute used.")

    @model_validator(mode="after")
    def _rl_needs_reward(self) -> PolicyStage:
        if self.kind == "sft" and self.reward_models:
            raise PydanticCustomError(
                "sft_with_reward_model", "an 'sft' stage does not use reward models; check the kind"
            )
        return self


class TrainingRound(Strict):
    """One round of an iterated pipeline: which stages ran in it, on what, against what."""

    id: Id = Field(examples=["round-2"])
    name: Disclosable[Text] | None = Field(
        None, description="Name of the round, e.g. 'RLHF-V2'.", examples=["RLHF-V2"]
    )
    stages: Disclosable[list[Id]] = Field(
        default_factory=list,
        description="Ids of the stages run in the round, in order.",
        examples=[["ppo"]],
    )
    data: Disclosable[list[DataUse]] = Field(
        default_factory=list, description="Collections and datasets used in the round."
    )
    reward_models: Disclosable[list[Id]] = Field(
        default_factory=list,
        description="Ids of the reward models used in the round.",
        examples=[["helpfulness-rm"]],
    )
    description: Disclosable[Text] | None = Field(
        None,
        description="What the round did (Markdown).",
        examples=["New comparisons were collected on samples from the round-1 policy."],
    )


class PolicyTraining(Section):
    """The policy-training pipeline: ordered stages, and the rounds of an iterated one."""

    description: Disclosable[Text] | None = Field(
        None,
        description="The pipeline in words (Markdown).",
        examples=["Supervised fine-tuning, then three rounds of PPO."],
    )
    rationale: Disclosable[Text] | None = Field(
        None,
        description="Why the pipeline is built this way: the key design decisions, their "
        "rationale and the assumptions made.",
        examples=["DPO rather than PPO: comparable results at a fraction of the compute."],
    )
    software: Disclosable[list[Software]] = Field(
        default_factory=list,
        description="Training frameworks and libraries, with the versions used.",
    )
    code_url: Disclosable[Url] | None = Field(
        None,
        description="Where the training code is published.",
        examples=["https://github.com/example/post-training"],
    )
    stages: list[PolicyStage] = Field(
        min_length=1,
        description="Stages in the order they ran; in an iterated pipeline each stage is "
        "listed once, and `rounds` says which ran in each round.",
    )
    rounds: Disclosable[list[TrainingRound]] = Field(
        default_factory=list,
        description="Rounds of an iterated pipeline (e.g. new feedback, a new reward model "
        "and new stages each round), in order.",
    )
