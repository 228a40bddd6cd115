"""Who made the model and what it is (the model-card basics), and its pretraining (item 1)."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from .base import Detail
from .common import (
    ContactUrl,
    Date,
    Disclosable,
    Id,
    References,
    Section,
    Strict,
    Text,
    Url,
)
from .compute import Compute
from .values import Count, Share

Modality = Literal["text", "image", "audio", "video", "code", "multimodal", "other"]


class InputOutput(Detail):
    """One modality the model takes in or produces, its format and its largest size."""

    model_config = ConfigDict(
        json_schema_extra={
            # A size given as a figure (not a status) needs its unit.
            "if": {
                "properties": {"max_size": {"not": {"type": "object", "required": ["status"]}}},
                "required": ["max_size"],
            },
            "then": {"required": ["unit"]},
        }
    )

    modality: Modality = Field(description="The modality.", examples=["text"])
    format: Disclosable[Text] | None = Field(
        None,
        description="Format as the source states it, e.g. 'UTF-8 text in a chat template'.",
        examples=["UTF-8 text in the Tulu chat template"],
    )
    max_size: Disclosable[Count] | None = Field(
        None,
        description="Largest input or output of this modality, in `unit` (e.g. the "
        "context window); not_applicable where no maximum is defined.",
        examples=[4096],
    )
    unit: Text | None = Field(
        None, description="Unit of `max_size`, e.g. 'tokens' or 'pixels'.", examples=["tokens"]
    )
    description: Text | None = Field(
        None, description="Anything else about it.", examples=["Includes the system prompt."]
    )

    @model_validator(mode="after")
    def _unit_with_size(self) -> InputOutput:
        if isinstance(self.max_size, int | float) and self.unit is None:
            raise PydanticCustomError(
                "unit_missing",
                "a maximum size needs its unit",
                {"hint": "add `unit:`, e.g. `unit: tokens`"},
            )
        return self


class Link(Detail):
    """A named link about the model."""

    label: Text = Field(
        description="What the link is, e.g. 'Paper' or 'Model weights'.", examples=["Paper"]
    )
    url: Url = Field(
        description="The link (http or https).", examples=["https://example.org/paper"]
    )


class Variant(Strict):
    """One member of the family a disclosure covers: a size, a checkpoint, an ablation."""

    id: Id = Field(examples=["example-70b"])
    name: Text = Field(
        description="Name as released or as the source calls it.", examples=["Example-70B-Chat"]
    )
    kind: Disclosable[Literal["size", "checkpoint", "ablation", "other"]] | None = Field(
        None,
        description="How it differs from its siblings: another size, a checkpoint, an ablation.",
        examples=["size"],
    )
    parameters: Disclosable[Count] | None = Field(
        None, description="Number of parameters.", examples=[70000000000]
    )
    context_length: Disclosable[Count] | None = Field(
        None, description="Context window in tokens.", examples=[8192]
    )
    base_model: Disclosable[Text] | None = Field(
        None, description="Model this variant was fine-tuned from.", examples=["Example-70B"]
    )
    release_date: Disclosable[Date] | None = Field(
        None, description="Release date (YYYY, YYYY-MM or YYYY-MM-DD)."
    )
    released: Disclosable[bool] | None = Field(
        None, description="Whether this variant was released.", examples=[True]
    )
    description: Disclosable[Text] | None = Field(
        None,
        description="What sets it apart (Markdown).",
        examples=["The same recipe without the final RL stage."],
    )


class ModelIdentity(Strict):
    """The model the disclosure is about."""

    name: Text = Field(description="Model name as released.", examples=["Example-7B-Chat"])
    version: Disclosable[Text] | None = Field(
        None,
        description="Version string; quote it in YAML (e.g. '1.10') so it stays text.",
        examples=["1.1"],
    )
    developer: Disclosable[Text] | None = Field(
        None, description="Developer or organisation.", examples=["Example AI Lab"]
    )
    release_date: Disclosable[Date] | None = Field(
        None, description="Release date (YYYY, YYYY-MM or YYYY-MM-DD)."
    )
    licence: Disclosable[Text] | None = Field(
        None, description="Licence of the model, e.g. 'apache-2.0'.", examples=["apache-2.0"]
    )
    contact: Disclosable[ContactUrl] | None = Field(
        None,
        description="Where to send questions: a mailto: address or an http(s) page.",
        examples=["mailto:safety@example.org", "https://example.org/contact"],
    )
    links: Disclosable[list[Link]] = Field(
        default_factory=list, description="Paper, weights, demo, etc."
    )
    base_model: Disclosable[Text] | None = Field(
        None, description="Model this one was fine-tuned from.", examples=["Example-7B"]
    )
    modality: Disclosable[list[Modality]] = Field(
        default_factory=list,
        description="Input/output modalities, e.g. [text].",
        examples=[["text"], ["text", "image"]],
    )
    inputs: Disclosable[list[InputOutput]] = Field(
        default_factory=list,
        description="What the model takes in: modality, format and maximum size (e.g. the "
        "context window) of each.",
    )
    outputs: Disclosable[list[InputOutput]] = Field(
        default_factory=list,
        description="What the model produces: modality, format and maximum size of each.",
    )
    parameters: Disclosable[Count] | None = Field(
        None, description="Number of parameters.", examples=[7000000000]
    )
    architecture: Disclosable[Text] | None = Field(
        None,
        description="Architecture, e.g. 'decoder-only transformer'.",
        examples=["decoder-only transformer"],
    )
    description: Disclosable[Text] | None = Field(
        None,
        description="What the model is for (Markdown).",
        examples=["A chat assistant fine-tuned to be helpful and harmless."],
    )
    variants: Disclosable[list[Variant]] = Field(
        default_factory=list,
        description="The sizes, checkpoints or ablations the disclosure also covers; any "
        "value elsewhere can differ by variant ({per_variant: {id: value}}).",
    )
    references: References = Field(default_factory=list)


class DataSource(Strict):
    """One source of pretraining data."""

    name: Text = Field(
        description="Name of the source, e.g. 'Common Crawl'.", examples=["Filtered web crawl"]
    )
    description: Disclosable[Text] | None = Field(
        None,
        description="What it contains and how it was used.",
        examples=["English web pages, deduplicated and quality-filtered."],
    )
    share: Disclosable[Share] | None = Field(
        None, description="Share of the pretraining mixture (0 to 1).", examples=[0.6]
    )
    url: Disclosable[Url] | None = Field(
        None,
        description="Where the source is described.",
        examples=["https://example.org/data/web-crawl"],
    )


class Pretraining(Section):
    """Item 1: how the base model was pretrained and on what data."""

    base_model: Disclosable[Text] | None = Field(
        None, description="Pretrained model the pipeline starts from.", examples=["Example-7B"]
    )
    description: Disclosable[Text] | None = Field(
        None,
        description="How pretraining was done (Markdown).",
        examples=["Next-token prediction on a mixture of web text, code and books."],
    )
    data_sources: Disclosable[list[DataSource]] = Field(
        default_factory=list, description="Sources of pretraining data."
    )
    data_modality: Disclosable[list[Modality]] = Field(
        default_factory=list,
        description="Modalities of the pretraining data, e.g. [text, code].",
        examples=[["text", "code"]],
    )
    data_cutoff: Disclosable[Date] | None = Field(
        None, description="Date of the most recent pretraining data."
    )
    size: Disclosable[Text] | None = Field(
        None,
        description="Amount of data, e.g. '300B tokens' (as the source states it).",
        examples=["1.2T tokens"],
    )
    tokens: Disclosable[Count] | None = Field(
        None, description="Number of pretraining tokens, if known.", examples=[1200000000000]
    )
    filtering: Disclosable[Text] | None = Field(
        None,
        description="How data was filtered (quality, toxicity, personal data, deduplication).",
        examples=["Quality classifier, toxicity filter and near-duplicate removal."],
    )
    known_biases: Disclosable[Text] | None = Field(
        None,
        description="Known biases of the data or base model that feedback may inherit.",
        examples=["Over-represents English-language and North American sources."],
    )
    compute: Disclosable[Compute] | None = Field(
        None, description="Compute, time and energy pretraining used."
    )
