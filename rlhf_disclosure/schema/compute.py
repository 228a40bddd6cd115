"""Compute, time and energy of a training run: a pretraining run or a post-training stage."""

from __future__ import annotations

from pydantic import Field

from .common import Disclosable, Strict, Text
from .values import NonNegative


class Compute(Strict):
    """Compute, time and energy a training run used, and how each figure was obtained."""

    hardware: Disclosable[Text] | None = Field(
        None, description="Accelerators, e.g. '64 x A100 80GB'.", examples=["64 x A100 80GB"]
    )
    provider: Disclosable[Text] | None = Field(
        None,
        description="Who provided or owns the hardware: the developer's own cluster, a cloud "
        "or a partner.",
        examples=["A cloud provider's accelerator cluster, under a research agreement"],
    )
    gpu_hours: Disclosable[NonNegative] | None = Field(
        None, description="Accelerator hours.", examples=[12000]
    )
    training_time: Disclosable[NonNegative] | None = Field(
        None,
        description="Wall-clock training time in hours (a week is 168).",
        examples=[168],
    )
    training_time_description: Disclosable[Text] | None = Field(
        None,
        description="Training time as the source states it, or what the hours include.",
        examples=["About one week, excluding restarts after hardware failures."],
    )
    flops: Disclosable[NonNegative] | None = Field(
        None, description="Floating-point operations.", examples=[3.2e21]
    )
    flops_measurement: Disclosable[Text] | None = Field(
        None,
        description="How the floating-point operations were counted or estimated.",
        examples=["Estimated as 6 x parameters x training tokens."],
    )
    energy_kwh: Disclosable[NonNegative] | None = Field(
        None, description="Energy in kWh, known or estimated.", examples=[5400]
    )
    energy_measurement: Disclosable[Text] | None = Field(
        None,
        description="How the energy was measured or estimated.",
        examples=["Estimated from the accelerators' measured average board power."],
    )
    emissions_kg_co2e: Disclosable[NonNegative] | None = Field(
        None,
        description="Emissions in kilograms of CO2 equivalent, known or estimated.",
        examples=[2100],
    )
    description: Disclosable[Text] | None = Field(
        None,
        description="Compute as the source states it.",
        examples=["About one week on 64 accelerators."],
    )
