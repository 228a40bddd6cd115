"""The root of a disclosure file, and the checks that span sections."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from .common import Date, Disclosable, References, Strict, Text
from .feedback import Dataset, FeedbackCollection
from .identity import ModelIdentity, Pretraining
from .release import Release
from .safety import Audit, Monitoring, PolicyEvaluation, Risk
from .training import PolicyTraining, RewardModel

SCHEMA_VERSION = 2
"""The version this package writes; version 1 files still load (see `migrate`)."""

SUPPORTED_VERSIONS = (1, 2)


def _whole_version(value: Any) -> Any:
    """Refuse 1.0 and true for the version 1: Python counts both equal to 1."""
    if isinstance(value, bool):
        raise PydanticCustomError(
            "wrong_type",
            "expected the number {version}, got a true/false value",
            {"version": SCHEMA_VERSION, "hint": f"write {SCHEMA_VERSION}"},
        )
    if isinstance(value, float):
        # JSON Schema cannot tell 2.0 from 2; YAML can, and a reader should not have to.
        raise PydanticCustomError(
            "not_whole_number",
            "expected the whole number {version}, got {value}",
            {
                "version": SCHEMA_VERSION,
                "value": getattr(value, "written", repr(value)),
                "hint": f"write {SCHEMA_VERSION}",
            },
        )
    return int(value) if isinstance(value, int) else value


SchemaVersion = Annotated[Literal[1, 2], BeforeValidator(_whole_version)]


class Disclosure(Strict):
    """A disclosure of how a model was fine-tuned from human and AI feedback."""

    schema_version: SchemaVersion = Field(
        description="Version of this format: 2 (version 1 files still load; "
        "`rlhf-disclosure migrate` updates them).",
        examples=[2],
    )
    model: ModelIdentity = Field(description="The model the disclosure is about.")
    prepared_by: Text | None = Field(
        None,
        description="Who wrote this disclosure, when not the model's developer "
        "(e.g. a third party transcribing a paper).",
        examples=["Example Transparency Project"],
    )
    date: Date | None = Field(None, description="Date of this disclosure (YYYY-MM-DD).")
    release: Disclosable[Release] | None = Field(
        None,
        description="How the model is distributed, what it is for, and what running it needs.",
    )
    pretraining: Disclosable[Pretraining] | None = Field(
        None, description="Item 1: pretraining of the base model."
    )
    feedback_collections: Disclosable[list[FeedbackCollection]] | None = Field(
        None, description="Feedback collections (items 2 to 5), one per effort."
    )
    datasets: Disclosable[list[Dataset]] | None = Field(
        None, description="Datasets used, e.g. released preference datasets."
    )
    reward_models: Disclosable[list[RewardModel]] | None = Field(
        None, description="Reward models (items 6 and 7)."
    )
    policy_training: Disclosable[PolicyTraining] | None = Field(
        None, description="The policy-training pipeline."
    )
    policy_evaluation: Disclosable[PolicyEvaluation] | None = Field(
        None, description="Item 8: evaluation of the fine-tuned policy."
    )
    audits: Disclosable[list[Audit]] | None = Field(
        None, description="Item 9: internal and external audits."
    )
    risks: Disclosable[list[Risk]] | None = Field(
        None, description="Item 10: expected risks and failure modes."
    )
    monitoring: Disclosable[Monitoring] | None = Field(
        None, description="Item 11: monitoring and correction after deployment."
    )
    references: References = Field(default_factory=list)
    extensions: dict[str, Any] = Field(
        default_factory=dict,
        description="Organisation-specific fields, free in shape; not validated.",
        examples=[{"x-acme": {"internal_ticket": "DISC-42"}}],
    )


ID_SPACES: dict[str, tuple[str, list[str]]] = {
    # name: (what it is called in messages, where its ids are defined)
    "data": (
        "feedback collection or dataset",
        ["feedback_collections[*].id", "datasets[*].id"],
    ),
    "collection": ("feedback collection", ["feedback_collections[*].id"]),
    "dataset": ("dataset", ["datasets[*].id"]),
    "reward_model": ("reward model", ["reward_models[*].id"]),
    "stage": ("stage", ["policy_training.stages[*].id"]),
    "round": ("round", ["policy_training.rounds[*].id"]),
    "audit": ("audit", ["audits[*].id"]),
    "risk": ("risk", ["risks[*].id"]),
    "variant": ("variant", ["model.variants[*].id"]),
    "reference": ("reference", ["references[*].id"]),
    "evaluation_set": ("evaluation set", ["policy_evaluation.evaluation_sets[*].id"]),
}
"""Id namespaces. Ids must be unique within each space that is not a subset of another."""

UNIQUE_SPACES = (
    "data",
    "reward_model",
    "stage",
    "round",
    "audit",
    "risk",
    "variant",
    "evaluation_set",
    "reference",
)

REFERENCES: list[tuple[str, str]] = [
    # (path of a reference, id space it must resolve in)
    ("reward_models[*].training_data[*].source", "data"),
    ("policy_training.stages[*].data[*].source", "data"),
    ("policy_training.stages[*].reward_models[*]", "reward_model"),
    ("policy_training.stages[*].produces[*]", "data"),
    ("policy_training.rounds[*].stages[*]", "stage"),
    ("policy_training.rounds[*].data[*].source", "data"),
    ("policy_training.rounds[*].reward_models[*]", "reward_model"),
    ("datasets[*].collection", "collection"),
    ("feedback_collections[*].example_selection.prompt_sources[*].dataset", "dataset"),
    *(
        (f"{results}[*].{field}", space)
        for results in (
            "policy_evaluation.results",
            "policy_evaluation.red_teaming.results",
            "policy_evaluation.risky_capabilities[*].results",
            "reward_models[*].evaluation.results",
            "feedback_collections[*].ai_feedback.validation_results",
        )
        for field, space in (("variant", "variant"), ("evaluation_set", "evaluation_set"))
    ),
]

CITED = "reference"
"""The id space every `cite[*].ref`, wherever it stands, must be in."""

VARIANT_KEYS = "variant"
"""The id space the keys of every `per_variant` mapping must be in, wherever it stands."""
