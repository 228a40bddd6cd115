"""Policy evaluation (item 8) and systemic safety (items 9 to 11)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import (
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
from .values import Count


class RedTeaming(Section):
    """Adversarial testing of the policy."""

    teams: Disclosable[list[Evaluator]] = Field(default_factory=list, description="Who red-teamed.")
    people: Disclosable[Count] | None = Field(
        None, description="Number of people involved.", examples=[30]
    )
    expertise: Disclosable[Text] | None = Field(
        None,
        description="Expertise of the red teamers.",
        examples=["Security researchers and chemistry experts."],
    )
    scope: Disclosable[Text] | None = Field(
        None,
        description="What was in scope.",
        examples=["Jailbreaks, harmful advice and privacy leaks, in English."],
    )
    attack_categories: Disclosable[list[Text]] = Field(
        default_factory=list,
        description="Categories of attack tried.",
        examples=[["jailbreak", "prompt injection"]],
    )
    start_date: Disclosable[Date] | None = Field(None, description="When it started.")
    end_date: Disclosable[Date] | None = Field(None, description="When it ended.")
    findings: Disclosable[Text] | None = Field(
        None,
        description="What was found (Markdown).",
        examples=["Role-play prompts bypassed refusals; fixed before release."],
    )
    results: Disclosable[list[EvaluationResult]] = Field(
        default_factory=list, description="Results as numbers."
    )


class CapabilityTest(Strict):
    """A test for a risky capability, e.g. deception or cyber-offence uplift."""

    name: Text = Field(description="Name of the test.", examples=["Persuasion evaluation"])
    capability: Text = Field(
        description="Capability tested, e.g. 'deception'.", examples=["deception"]
    )
    method: Disclosable[Text] | None = Field(
        None,
        description="How it was tested.",
        examples=["Multi-turn conversations scored by trained raters."],
    )
    results: Disclosable[list[EvaluationResult]] = Field(
        default_factory=list, description="Results as numbers."
    )
    findings: Disclosable[Text] | None = Field(
        None, description="What was found.", examples=["No meaningful uplift over the base model."]
    )


class EvaluationSet(Strict):
    """An evaluation set, described once and named by the results that use it."""

    id: Id = Field(examples=["helpfulness-eval"])
    name: Text = Field(description="Name of the set.", examples=["Held-out helpfulness prompts"])
    size: Disclosable[Count] | None = Field(
        None, description="Number of prompts or items.", examples=[1500]
    )
    written_by: Disclosable[Text] | None = Field(
        None,
        description="Who wrote or chose the prompts.",
        examples=["Held-out labellers who did not write training prompts"],
    )
    public: Disclosable[bool] | None = Field(
        None, description="Whether the set is published.", examples=[False]
    )
    url: Disclosable[Url] | None = Field(
        None, description="Where it can be found.", examples=["https://example.org/eval-set"]
    )
    contamination: Disclosable[Text] | None = Field(
        None,
        description="How overlap with the training data was checked or prevented.",
        examples=["13-gram overlap against all post-training data; 0.3% of prompts removed."],
    )
    description: Disclosable[Text] | None = Field(
        None, description="What the set holds (Markdown).", examples=["Single-turn requests."]
    )


class PolicyEvaluation(Section):
    """Item 8: how the fine-tuned policy was evaluated, with the numbers."""

    description: Disclosable[Text] | None = Field(
        None,
        description="Overview of the evaluation (Markdown).",
        examples=["Benchmarks, plus human preference ratings against the SFT model."],
    )
    results: Disclosable[list[EvaluationResult]] = Field(
        default_factory=list, description="Benchmark and human-evaluation results."
    )
    evaluation_sets: Disclosable[list[EvaluationSet]] = Field(
        default_factory=list,
        description="Evaluation sets described once (who wrote them, size, contamination "
        "controls); results name them by id.",
    )
    caveats: Disclosable[list[Text]] = Field(
        default_factory=list,
        description="Limitations of the evaluation as a whole, as the source states them.",
        examples=[["Win rates are against one baseline only."]],
    )
    red_teaming: Disclosable[RedTeaming] | None = Field(None, description="Red teaming.")
    risky_capabilities: Disclosable[list[CapabilityTest]] = Field(
        default_factory=list, description="Tests for risky capabilities."
    )


class Audit(Section):
    """Item 9: one internal or external audit."""

    id: Id = Field(examples=["external-audit-2024"])
    kind: Literal["internal", "external"] = Field(
        description="Internal or external.", examples=["external"]
    )
    auditor: Text = Field(description="Who audited.", examples=["Example Audit Partners"])
    scope: Disclosable[Text] | None = Field(
        None,
        description="What was audited.",
        examples=["The data pipeline and annotators' working conditions."],
    )
    start_date: Disclosable[Date] | None = Field(None, description="When it started.")
    end_date: Disclosable[Date] | None = Field(None, description="When it ended.")
    findings: Disclosable[Text] | None = Field(
        None,
        description="What was found (Markdown).",
        examples=["Two recommendations on pay transparency, both adopted."],
    )
    report_url: Disclosable[Url] | None = Field(
        None, description="Where the report is.", examples=["https://example.org/audit-report.pdf"]
    )


class Risk(Section):
    """Item 10: one expected risk or anticipated failure mode."""

    id: Id = Field(examples=["over-refusal"])
    risk: Text = Field(
        description="The risk, in a few words.", examples=["Over-refusal of benign requests"]
    )
    description: Disclosable[Text] | None = Field(
        None,
        description="The risk in detail (Markdown).",
        examples=["The model declines harmless medical and legal questions."],
    )
    likelihood: Disclosable[Text] | None = Field(
        None, description="Likelihood, where stated.", examples=["medium"]
    )
    severity: Disclosable[Text] | None = Field(
        None, description="Severity, where stated.", examples=["low"]
    )
    mitigations: Disclosable[list[Text]] = Field(
        default_factory=list,
        description="Mitigations in place.",
        examples=[["Refusal-rate monitoring", "Borderline prompts in fine-tuning data"]],
    )
    residual_risk: Disclosable[Text] | None = Field(
        None,
        description="What remains after mitigation.",
        examples=["Some medical questions are still refused."],
    )
    threshold: Disclosable[Text] | None = Field(
        None,
        description="The level of this risk at which training or release would stop or "
        "change, and how it is measured.",
        examples=["Release is paused if the uplift evaluation exceeds the expert baseline."],
    )


class Monitoring(Section):
    """Item 11: how failures are detected after deployment and how they are handled."""

    monitored: Disclosable[Text] | None = Field(
        None,
        description="What is monitored after deployment.",
        examples=["Flagged conversations and refusal rates."],
    )
    reporting: Disclosable[Text] | None = Field(
        None,
        description="How users and others report failures.",
        examples=["A feedback button in the product and a public e-mail address."],
    )
    reporting_channels: Disclosable[list[Link]] = Field(
        default_factory=list, description="Where to report problems."
    )
    correction: Disclosable[Text] | None = Field(
        None,
        description="How reported failures are corrected.",
        examples=["Confirmed failures are added to the next fine-tuning round."],
    )
    usage_policy: Disclosable[Text] | None = Field(
        None,
        description="The usage policy in brief.",
        examples=["No use for surveillance, weapons or deceptive impersonation."],
    )
    usage_policy_url: Disclosable[Url] | None = Field(
        None,
        description="Where the usage policy is.",
        examples=["https://example.org/usage-policy"],
    )
    incident_response: Disclosable[Text] | None = Field(
        None,
        description="How incidents are handled.",
        examples=["An on-call team triages reports within 24 hours."],
    )
    updates: Disclosable[Text] | None = Field(
        None,
        description="How the model is updated, versioned and rolled back.",
        examples=["Versioned releases; the previous version stays available for 90 days."],
    )
