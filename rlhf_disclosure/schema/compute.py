"""Compute, time and energy of a training run."""

from __future__ import annotations

from pydantic import Field

from .common import Disclosable, Strict, Text
from .values import NonNegative


class Compute(Strict):
    """Compute used by a stage."""

    hardware: Disclosable[Text] | None = Field(
        None, description="Accelerators, e.g. '64 x A100 80GB'.", examples=["64 x A100 80GB"]
    )
    gpu_hours: Disclosable[NonNegative] | None = Field(
        None, description="Accelerator hours.", examples=[12000]
    )
    flops: Disclosable[NonNegative] | None = Field(
        None, description="Floating-point operations.", examples=[3.2e21]
    )
    energy_kwh: Disclosable[NonNegative] | None = Field(
        None, description="Energy in kWh, known or estimated.", examples=[5400]
    )
    description: Disclosable[Text] | None = Field(
        None,
        description="Compute as the source states it.",
        examples=["About one week on 64 accelerators."],
    )
