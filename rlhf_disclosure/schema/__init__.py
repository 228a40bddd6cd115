"""The disclosure schema, version 2 (Pydantic v2 models)."""

from .annotators import Annotators
from .common import (
    UNION_TAGS,
    EvaluationResult,
    Reference,
    Uncertainty,
    Undisclosed,
)
from .disclosure import SCHEMA_VERSION, Disclosure
from .feedback import Dataset, FeedbackCollection
from .identity import ModelIdentity, Pretraining
from .release import Release
from .safety import Audit, Monitoring, PolicyEvaluation, Risk
from .training import PolicyStage, PolicyTraining, RewardModel

__all__ = [
    "SCHEMA_VERSION",
    "UNION_TAGS",
    "Annotators",
    "Audit",
    "Dataset",
    "Disclosure",
    "EvaluationResult",
    "FeedbackCollection",
    "ModelIdentity",
    "Monitoring",
    "PolicyEvaluation",
    "PolicyStage",
    "PolicyTraining",
    "Pretraining",
    "Reference",
    "Release",
    "RewardModel",
    "Risk",
    "Uncertainty",
    "Undisclosed",
]
