"""Policies: what an organisation requires of a disclosure beyond validity.

A policy is a small YAML file validated like a disclosure. The default policy
is `Policy()`; the rules and their default severities are the table `RULES`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field

from ..coverage.items import FRAMEWORK_IDS, ITEMS_BY_ID
from ..schema.base import Bare

Severity = Literal["error", "warning", "ignore"]

RULES: dict[str, tuple[Severity, str]] = {
    # code: (default severity, what it checks)
    "item-missing": ("error", "each of the eleven items is disclosed, withheld or not applicable"),
    "item-not-disclosed": ("error", "items the policy requires are disclosed, not withheld"),
    "item-partial": ("ignore", "every question of each item is answered, in every part"),
    "item-not-performed": (
        "error",
        "items the policy requires to have been done (require_performed) are not 'none'",
    ),
    "todo": ("error", "no TODO placeholders are left"),
    "weak-reason": ("error", "withheld / not-applicable reasons are real sentences"),
    "placeholder": ("error", "no field answers with a placeholder such as 'n/a' or '-'"),
    "result-without-n": ("warning", "evaluation results give their sample size"),
    "result-without-uncertainty": ("warning", "evaluation results give their uncertainty"),
    "result-outside-interval": ("warning", "a result's value lies inside its interval"),
    "future-date": ("error", "no date lies in the future"),
    "end-before-start": ("warning", "no end date lies before its start date"),
    "not-applicable-reads-as-none": (
        "warning",
        "a not-applicable reason does not say that nothing was done (that is 'none')",
    ),
    "percent-as-fraction": (
        "warning",
        "a value in percent is not written as a fraction (0.74 for 74%)",
    ),
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


# The keys a policy may name come from the registries, so they cannot drift: Pydantic
# checks them as the Literal types built here (mypy sees plain text).
if TYPE_CHECKING:
    ItemId = str
    FrameworkId = str
    RuleCode = str
else:
    ItemId = Literal[tuple(ITEMS_BY_ID)]
    FrameworkId = Literal[FRAMEWORK_IDS]
    RuleCode = Literal[tuple(RULES)]
Percent = Annotated[float, Field(ge=0, le=100)]


class Policy(Bare):
    """What a disclosure must satisfy beyond being valid."""

    policy_version: Literal[1] = Field(1, description="Version of the policy format; currently 1.")
    require_disclosed: list[ItemId] = Field(
        default_factory=list,
        description="Ids of items that must be disclosed, not merely withheld "
        "(e.g. annotators, reward_model_evaluation).",
    )
    require_performed: list[ItemId] = Field(
        default_factory=list,
        description="Ids of items that must have been done and disclosed: 'none' (nothing "
        "of the kind was done), not applicable, withheld or missing fail (e.g. audits).",
    )
    min_coverage: dict[FrameworkId, Percent] = Field(
        default_factory=dict,
        description="Minimum share of applicable items disclosed (not_applicable ones left out), "
        "in percent, per framework "
        f"({', '.join(FRAMEWORK_IDS)}).",
    )
    file_ignores: bool = Field(
        True,
        description="Whether a file may turn rules off for itself with a comment "
        "'# rlhf-disclosure: ignore[rule, ...] reason' (item-not-disclosed and "
        "min-coverage cannot be turned off).",
    )
    severity: dict[RuleCode, Severity] = Field(
        default_factory=dict,
        description="Severity per rule code (error, warning or ignore): " + ", ".join(RULES),
    )

    def severity_of(self, code: str) -> Severity:
        for rule, severity in self.severity.items():
            if rule == code:
                return severity
        return RULES[code][0]
