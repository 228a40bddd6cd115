"""Policy evaluation (item 8) and systemic safety (items 9 to 11)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import (
    Count,
    Date,
    Disclosable,
    EvaluationResult,
    Evaluator,
    Id,
    Section,
    Strict,
    Text,
    Url,
)
from .identity import Link


class RedTeaming(Section):
    """Adversarial testing of the policy."""

    teams: list[Evaluator] = Field(default_factory=list, description="Who red-teamed.")
    people: Count | None = Field(None, description="Number of people involved.")
    expertise: Text | None = Field(None, description="Expertise of the red teamers.")
    scope: Text | None = Field(None, description="What was in scope.")
    attack_categories: list[Text] = Field(
        default_factory=list, description="Categories of attack tried."
    )
    start_date: Date | None = Field(None, description="When it started.")
    end_date: Date | None = Field(None, description="When it ended.")
    findings: Text | None = Field(None, description="What was found (Markdown).")
    results: list[EvaluationResult] = Field(default_factory=list, description="Results as numbers.")


class CapabilityTest(Strict):
    """A test for a risky capability, e.g. deception or cyber-offence uplift."""

    name: Text = Field(description="Name of the test.")
    capability: Text = Field(description="Capability tested, e.g. 'deception'.")
    method: Text | None = Field(None, description="How it was tested.")
    results: list[EvaluationResult] = Field(default_factory=list, description="Results as numbers.")
    findings: Text | None = Field(None, description="What was found.")


class PolicyEvaluation(Section):
    """Item 8: how the fine-tuned policy was evaluated, with the numbers."""

    description: Text | None = Field(None, description="Overview of the evaluation (Markdown).")
    results: list[EvaluationResult] = Field(
        default_factory=list, description="Benchmark and human-evaluation results."
    )
    red_teaming: Disclosable[RedTeaming] | None = Field(None, description="Red teaming.")
    risky_capabilities: list[CapabilityTest] = Field(
        default_factory=list, description="Tests for risky capabilities."
    )


class Audit(Section):
    """Item 9: one internal or external audit."""

    id: Id
    kind: Literal["internal", "external"] = Field(description="Internal or external.")
    auditor: Text = Field(description="Who audited.")
    scope: Text | None = Field(None, description="What was audited.")
    start_date: Date | None = Field(None, description="When it started.")
    end_date: Date | None = Field(None, description="When it ended.")
    findings: Text | None = Field(None, description="What was found (Markdown).")
    report_url: Url | None = Field(None, description="Where the report is.")


class Risk(Section):
    """Item 10: one expected risk or anticipated failure mode."""

    id: Id
    risk: Text = Field(description="The risk, in a few words.")
    description: Text | None = Field(None, description="The risk in detail (Markdown).")
    likelihood: Text | None = Field(None, description="Likelihood, where stated.")
    severity: Text | None = Field(None, description="Severity, where stated.")
    mitigations: list[Text] = Field(default_factory=list, description="Mitigations in place.")
    residual_risk: Text | None = Field(None, description="What remains after mitigation.")


class Monitoring(Section):
    """Item 11: how failures are detected after deployment and how they are handled."""

    monitored: Text | None = Field(None, description="What is monitored after deployment.")
    reporting: Text | None = Field(None, description="How users and others report failures.")
    reporting_channels: list[Link] = Field(
        default_factory=list, description="Where to report problems."
    )
    correction: Text | None = Field(None, description="How reported failures are corrected.")
    usage_policy: Text | None = Field(None, description="The usage policy in brief.")
    usage_policy_url: Url | None = Field(None, description="Where the usage policy is.")
    incident_response: Text | None = Field(None, description="How incidents are handled.")
    updates: Text | None = Field(
        None, description="How the model is updated, versioned and rolled back."
    )
