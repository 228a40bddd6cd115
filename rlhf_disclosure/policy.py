"""Policies: what an organisation requires of a disclosure beyond validity.

A policy is a small YAML file validated like a disclosure. The default policy
is `Policy()`; the rules and their default severities are the table `RULES`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from .items import FRAMEWORK_IDS, ITEMS_BY_ID
from .schema.common import Strict

Severity = Literal["error", "warning", "ignore"]

RULES: dict[str, tuple[Severity, str]] = {
    # code: (default severity, what it checks)
    "item-missing": ("error", "each of the eleven items is disclosed, withheld or not applicable"),
    "item-not-disclosed": ("error", "items the policy requires are disclosed, not withheld"),
    "todo": ("error", "no TODO placeholders are left"),
    "weak-reason": ("error", "withheld / not-applicable reasons are real sentences"),
    "result-without-n": ("warning", "evaluation results give their sample size"),
    "result-without-uncertainty": ("warning", "evaluation results give their uncertainty"),
    "future-date": ("error", "no date lies in the future"),
    "min-coverage": ("error", "coverage reaches the policy's minimum per framework"),
}

WEAK_REASONS = frozenset(
    {
        "n/a",
        "na",
        "n.a.",
        "-",
        "--",
        "tbd",
        "tba",
        "todo",
        "none",
        "null",
        "no",
        "yes",
        "...",
        "?",
        "secret",
        "confidential",
        "withheld",
        "not applicable",
        "not available",
        "proprietary",
        "internal",
        "unknown",
        "x",
    }
)
"""Reasons that say nothing; compared case-insensitively, without trailing punctuation."""

MIN_REASON_WORDS = 4


class Policy(Strict):
    """What a disclosure must satisfy beyond being valid."""

    policy_version: Literal[1] = Field(1, description="Version of the policy format; currently 1.")
    require_disclosed: list[str] = Field(
        default_factory=list,
        description="Ids of items that must be disclosed, not merely withheld "
        "(e.g. annotators, reward_model_evaluation).",
    )
    min_coverage: dict[str, float] = Field(
        default_factory=dict,
        description="Minimum share of items disclosed, in percent, per framework "
        f"({', '.join(FRAMEWORK_IDS)}).",
    )
    severity: dict[str, Severity] = Field(
        default_factory=dict,
        description="Severity per rule code (error, warning or ignore): " + ", ".join(RULES),
    )

    @field_validator("require_disclosed")
    @classmethod
    def _known_items(cls, value: list[str]) -> list[str]:
        for ident in value:
            if ident not in ITEMS_BY_ID:
                raise PydanticCustomError(
                    "unknown_item",
                    "unknown item {ident}; known items: {known}",
                    {"ident": repr(ident), "known": ", ".join(ITEMS_BY_ID)},
                )
        return value

    @field_validator("min_coverage")
    @classmethod
    def _known_frameworks(cls, value: dict[str, float]) -> dict[str, float]:
        for name, percent in value.items():
            if name not in FRAMEWORK_IDS:
                raise PydanticCustomError(
                    "unknown_framework",
                    "unknown framework {name}; known: {known}",
                    {"name": repr(name), "known": ", ".join(FRAMEWORK_IDS)},
                )
            if not 0 <= percent <= 100:
                raise PydanticCustomError(
                    "coverage_range", "a minimum coverage is a percentage from 0 to 100"
                )
        return value

    @field_validator("severity")
    @classmethod
    def _known_rules(cls, value: dict[str, Severity]) -> dict[str, Severity]:
        for code in value:
            if code not in RULES:
                raise PydanticCustomError(
                    "unknown_rule",
                    "unknown rule {code}; rules: {known}",
                    {"code": repr(code), "known": ", ".join(RULES)},
                )
        return value

    def severity_of(self, code: str) -> Severity:
        return self.severity.get(code, RULES[code][0])
