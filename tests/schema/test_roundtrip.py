"""Hypothesis: a disclosure written out as YAML loads back to an equal model."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings

from rlhf_disclosure.schema import Disclosure
from rlhf_disclosure.schema.dump import to_yaml
from rlhf_disclosure.validation.validate import validate_bytes
from tests.budget import examples
from tests.strategies import disclosure


@settings(max_examples=examples(150))
@given(disclosure)
def test_yaml_round_trip_gives_an_equal_model(data: dict[str, Any]) -> None:
    model = Disclosure.model_validate(data)
    written = to_yaml(model)
    result = validate_bytes(written.encode("utf-8"), "roundtrip.yaml")
    assert result.issues == [], written
    assert result.disclosure == model
