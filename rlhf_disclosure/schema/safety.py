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
    people: Count | None = Field(None, description="Number of people involved.", examples=[30])
    expertise: Text | None = Field(
        None,
        description="Expertise of the red teamers.",
        examples=["Security researchers and chemistry experts."],
    )
    scope: Text | None = Field(
        None,
        description="What was in scope.",
        examples=["Jailbreaks, harmful advice and privacy leaks, in English."],
    )
    attack_categories: list[Text] = Field(
        default_factory=list,
        description="Categories of attack tried.",
        examples=[["jailbreak", "prompt injection"]],
    )
    start_date: Date | None = Field(None, description="When it started.")
    end_date: Date | None = Field(None, description="When it ended.")
    findings: Text | None = Field(
        None,
        description="What was found (Markdown).",
        examples=["Role-play prompts bypassed refusals; fixed before release."],
    )
    results: list[EvaluationResult] = Field(default_factory=list, description="Results as numbers.")


class CapabilityTest(Strict):
    """A test for a risky capability, e.g. deception or cyber-offence uplift."""

    name: Text = Field(description="Name of the test.", examples=["Persuasion evaluation"])
    capability: Text = Field(
        description="Capability tested, e.g. 'deception'.", examples=["deception"]
    )
    method: Text | None = Field(
        None,
        description="How it was tested.",
        examples=["Multi-turn conversations scored by trained raters."],
    )
    results: list[EvaluationResult] = Field(default_factory=list, description="Results as numbers.")
    findings: Text | None = Field(
        None, description="What was found.", examples=["No meaningful uplift over the base model."]
    )


class PolicyEvaluation(Section):
    """Item 8: how the fine-tuned policy was evaluated, with the numbers."""

    description: Text | None = Field(
        None,
        description="Overview of the evaluation (Markdown).",
        examples=["Benchmarks, plus human preference ratings against the SFT model."],
    )
    results: list[EvaluationResult] = Field(
        default_factory=list, description="Benchmark and human-evaluation results."
    )
    red_teaming: Disclosable[RedTeaming] | None = Field(None, description="Red teaming.")
    risky_capabilities: list[CapabilityTest] = Field(
        default_factory=list, description="Tests for risky capabilities."
    )


class Audit(Section):
    """Item 9: one internal or external audit."""

    id: Id = Field(examples=["external-audit-2024"])
    kind: Literal["internal", "external"] = Field(
        description="Internal or external.", examples=["external"]
    )
    auditor: Text = Field(description="Who audited.", examples=["Example Audit Partners"])
    scope: Text | None = Field(
        None,
        description="What was audited.",
        examples=["The data pipeline and annotators' working conditions."],
    )
    start_date: Date | None = Field(None, description="When it started.")
    end_date: Date | None = Field(None, description="When it ended.")
    findings: Text | None = Field(
        None,
        description="What was found (Markdown).",
        examples=["Two recommendations on pay transparency, both adopted."],
    )
    report_url: Url | None = Field(
        None, description="Where the report is.", examples=["https://example.org/audit-report.pdf"]
    )


class Risk(Section):
    """Item 10: one expected risk or anticipated failure mode."""

    id: Id = Field(examples=["over-refusal"])
    risk: Text = Field(
        description="The risk, in a few words.", examples=["Over-refusal of benign requests"]
    )
    description: Text | None = Field(
        None,
        description="The risk in detail (Markdown).",
        examples=["The model declines harmless medical and legal questions."],
    )
    likelihood: Text | None = Field(
        None, description="Likelihood, where stated.", examples=["medium"]
    )
    severity: Text | None = Field(None, description="Severity, where stated.", examples=["low"])
    mitigations: list[Text] = Field(
        default_factory=list,
        description="Mitigations in place.",
        examples=[["Refusal-rate monitoring", "Borderline prompts in fine-tuning data"]],
    )
    residual_risk: Text | None = Field(
        None,
        description="What remains after mitigation.",
        examples=["Some medical questions are still refused."],
    )


class Monitoring(Section):
    """Item 11: how failures are detected after deployment and how they are handled."""

    monitored: Text | None = Field(
        None,
        description="What is monitored after deployment.",
        examples=["Flagged conversations and refusal rates."],
    )
    reporting: Text | None = Field(
        None,
        description="How users and others report failures.",
        examples=["A feedback button in the product and a public e-mail address."],
    )
    reporting_channels: list[Link] = Field(
        default_factory=list, description="Where to report problems."
    )
    correction: Text | None = Field(
        None,
        description="How reported failures are corrected.",
        examples=["Confirmed failures are added to the next fine-tuning round."],
    )
    usage_policy: Text | None = Field(
        None,
        description="The usage policy in brief.",
        examples=["No use for surveillance, weapons or deceptive impersonation."],
    )
    usage_policy_url: Url | None = Field(
        None,
        description="Where the usage policy is.",
        examples=["https://example.org/usage-policy"],
    )
    incident_response: Text | None = Field(
        None,
        description="How incidents are handled.",
        examples=["An on-call team triages reports within 24 hours."],
    )
    updates: Text | None = Field(
        None,
        description="How the model is updated, versioned and rolled back.",
        examples=["Versioned releases; the previous version stays available for 90 days."],
    )
