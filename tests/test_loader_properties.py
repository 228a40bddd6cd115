"""Hypothesis: no input, however malformed, makes validation raise."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rlhf_disclosure.schema import Disclosure
from rlhf_disclosure.schema.paths import iter_fields
from rlhf_disclosure.validate import Result, validate_bytes

FIELD_NAMES = sorted(
    {path.rsplit(".", 1)[-1].removesuffix("[*]") for path, _ in iter_fields(Disclosure)}
)
keys = st.sampled_from(FIELD_NAMES) | st.text(max_size=8)
scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=40,
)


def check(raw: bytes) -> Result:
    """Validate; whatever the input, the result is consistent and every issue located."""
    result = validate_bytes(raw, "fuzz.yaml")
    assert (result.disclosure is None) == bool(result.issues)
    for issue in result.issues:
        assert issue.line >= 1 and issue.column >= 1
        assert issue.code and issue.message
    return result


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_never_raise(raw: bytes) -> None:
    result = check(raw)
    assert result.file == "fuzz.yaml"


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list(":-[]{}&*!|>'\"%@`#,? \n\tab01.~")), max_size=80))
def test_yaml_punctuation_soup_never_raises(text: str) -> None:
    result = check(text.encode("utf-8"))
    assert result.file == "fuzz.yaml"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(keys, values, max_size=6))
def test_random_structures_never_raise(data: dict[str, Any]) -> None:
    doc = {"schema_version": 1, "model": {"name": "m"}, **data}
    result = check(yaml.safe_dump(doc).encode("utf-8"))
    # safe_dump writes well-formed YAML, so the loader never refuses it outright.
    assert not any(i.code == "yaml-syntax" for i in result.issues)
