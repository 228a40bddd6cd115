"""How the model is released and meant to be used: the facts downstream providers and
regulators ask for (EU AI Act Annexes XI and XII, the GPAI Code's Model Documentation
Form, FMTI's distribution and usage-policy indicators)."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from .base import Detail
from .common import Date, Disclosable, Section, Strict, Text, Url, _when
from .values import NonNegative

ChannelKind = Literal["open_weights", "api", "app", "enterprise_suite", "other"]


class Channel(Detail):
    """One way the model is distributed, with who can use it that way."""

    kind: ChannelKind = Field(
        description="open_weights (downloadable weights, e.g. an open-source repository), "
        "api (public or subscription API), app (consumer, IDE or device app, firmware), "
        "enterprise_suite (enterprise or subscription software), other.",
        examples=["open_weights"],
    )
    name: Text | None = Field(
        None, description="The channel by name.", examples=["Hugging Face Hub"]
    )
    url: Url | None = Field(None, description="Where it is.", examples=["https://example.org"])
    access: Text | None = Field(
        None,
        description="Who can use it and on what terms (the access level).",
        examples=["Anyone, after accepting the licence"],
    )


_HEX_LENGTHS = {"md5": 32, "sha1": 40, "sha256": 64, "sha384": 96, "sha512": 128}


def _algorithm_pattern(name: str) -> str:
    """A JSON Schema pattern for an algorithm's name as `Authenticity` reads it: any
    case, hyphens anywhere ('SHA-256')."""
    parts = [f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c) for c in name]
    return "^-*" + "-*".join(parts) + "-*$"


_AUTHENTICITY_SCHEMA: dict[str, Any] = {
    "allOf": [
        _when("kind", "endpoint", {"properties": {"value": {"pattern": "^https?://"}}}),
        *(
            {
                "if": {
                    "properties": {
                        "kind": {"const": "hash"},
                        "algorithm": {"pattern": _algorithm_pattern(name)},
                    },
                    "required": ["kind", "algorithm"],
                },
                "then": {"properties": {"value": {"pattern": f"^[0-9a-fA-F]{{{length}}}$"}}},
            }
            for name, length in _HEX_LENGTHS.items()
        ),
    ]
}


class Authenticity(Detail):
    """Evidence that a copy of the model is the one released: a hash of its files,
    a signature, or the endpoint a service answers at."""

    model_config = ConfigDict(json_schema_extra=_AUTHENTICITY_SCHEMA)

    kind: Literal["hash", "signature", "endpoint", "other"] = Field(
        description="What the evidence is.", examples=["hash"]
    )
    value: Text = Field(
        description="The hash or signature as published, or the endpoint's URL.",
        examples=["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"],
    )
    algorithm: Text | None = Field(
        None, description="Hash or signature algorithm, e.g. 'sha256'.", examples=["sha256"]
    )
    artifact: Text | None = Field(
        None,
        description="What it authenticates, e.g. a file or a revision.",
        examples=["model.safetensors"],
    )

    @model_validator(mode="after")
    def _check_value(self) -> Authenticity:
        if self.kind == "endpoint" and not re.match(r"https?://", self.value):
            raise PydanticCustomError(
                "endpoint_not_url",
                "an endpoint must be an http or https URL, got {value}",
                {"value": repr(self.value), "hint": "write the URL in full, from https://"},
            )
        want = _HEX_LENGTHS.get((self.algorithm or "").lower().replace("-", ""))
        if self.kind == "hash" and want and not re.fullmatch(f"[0-9a-fA-F]{{{want}}}", self.value):
            got = (
                f"{len(self.value)} characters"
                if len(self.value) != want
                else "characters that are not hexadecimal digits"
            )
            raise PydanticCustomError(
                "bad_hash",
                "a {algorithm} hash is {want} hexadecimal digits, got {got}",
                {
                    "algorithm": self.algorithm,
                    "want": want,
                    "got": got,
                    "hint": "copy the hash whole, as published, or correct `algorithm`",
                },
            )
        return self


class Software(Detail):
    """A piece of software, with the version that matters."""

    name: Text = Field(description="Name of the software.", examples=["vLLM"])
    version: Text | None = Field(
        None,
        description="Version; quote it in YAML (e.g. '0.10') so it stays text.",
        examples=["0.6.3"],
    )
    purpose: Text | None = Field(
        None, description="What it is used for.", examples=["Serving the model"]
    )
    url: Url | None = Field(None, description="Where it is.", examples=["https://example.org"])


class InferenceCompute(Strict):
    """Computation (and energy) the model needs to answer, as benchmarked."""

    flops: Disclosable[NonNegative] | None = Field(
        None, description="Floating-point operations, per `per`.", examples=[1.4e13]
    )
    energy_kwh: Disclosable[NonNegative] | None = Field(
        None, description="Energy in kWh, per `per`.", examples=[0.0003]
    )
    per: Text | None = Field(
        None,
        description="What the figures are for, e.g. 'per 1,000 output tokens'.",
        examples=["per 1,000 output tokens"],
    )
    measurement: Disclosable[Text] | None = Field(
        None,
        description="How the figures were measured or estimated (the benchmark, hardware).",
        examples=["Measured on one H100 with vLLM at batch size 1."],
    )
    description: Disclosable[Text] | None = Field(
        None,
        description="Inference compute as the source states it.",
        examples=["About 2 x parameters floating-point operations per generated token."],
    )


class Release(Section):
    """How the model is released, to whom, for what, and what running it needs."""

    distribution: Disclosable[list[Channel]] = Field(
        default_factory=list, description="How the model is distributed, channel by channel."
    )
    eu_release_date: Disclosable[Date] | None = Field(
        None,
        description="When the model was placed on the EU market (give it even where it "
        "is the release date: the GPAI Code's Model Documentation Form asks for both).",
    )
    process: Disclosable[Text] | None = Field(
        None,
        description="How the release was decided and staged (e.g. research preview, then API).",
        examples=["Released to trusted testers for six weeks, then through the API."],
    )
    authenticity: Disclosable[list[Authenticity]] = Field(
        default_factory=list,
        description="How to check a copy is the released model: hashes, signatures, endpoints.",
    )
    intended_uses: Disclosable[list[Text]] = Field(
        default_factory=list,
        description="Uses the developer intends.",
        examples=[["Chat assistance", "Research on alignment"]],
    )
    prohibited_uses: Disclosable[list[Text]] = Field(
        default_factory=list,
        description="Uses the developer restricts or prohibits, beyond what law forbids.",
        examples=[["Medical diagnosis"]],
    )
    ai_systems: Disclosable[Text] | None = Field(
        None,
        description="The type and nature of AI systems the model can be built into.",
        examples=["Chat assistants and retrieval-augmented question answering."],
    )
    integration: Disclosable[Text] | None = Field(
        None,
        description="The technical means needed to build it into a system: instructions, "
        "infrastructure, tools.",
        examples=["Load with transformers; prompts must use the chat template."],
    )
    interaction: Disclosable[Text] | None = Field(
        None,
        description="How the model interacts with hardware or software that is not part of "
        "it (tools, function calling, agents).",
        examples=["Can call tools described in the prompt as JSON schemas."],
    )
    hardware: Disclosable[Text] | None = Field(
        None,
        description="Hardware needed to run it.",
        examples=["One 80 GB accelerator for the 8B model in bf16."],
    )
    software: Disclosable[list[Software]] = Field(
        default_factory=list,
        description="Software needed or recommended to run it, with the versions that matter.",
    )
    inference_compute: Disclosable[InferenceCompute] | None = Field(
        None, description="Benchmarked computation and energy at inference."
    )


__all__ = [
    "Authenticity",
    "Channel",
    "InferenceCompute",
    "Release",
    "Software",
]
