"""Pattern-constrained fields match over the whole value: a trailing line break does not
pass (Python's `$` matches before one; JSON Schema's, in editors, does not)."""

from __future__ import annotations

import pytest

from rlhf_disclosure.validation.validate import validate_bytes

HEAD = "schema_version: 2\nmodel:\n  name: M\n"

CASES = {
    "id": HEAD + 'reward_models:\n  - id: "rm{tail}"\n    name: R\n',
    "date": HEAD + '  release_date: "2024-01-01{tail}"\n',
    "currency": HEAD
    + "feedback_collections:\n  - id: c\n    name: C\n    annotators:\n"
    + '      compensation:\n        amount: 3\n        currency: "USD{tail}"\n        unit: hour\n',
    "url": HEAD + 'references:\n  - url: "https://example.org/paper{tail}"\n',
}


@pytest.mark.parametrize("field", sorted(CASES))
@pytest.mark.parametrize("tail", ["\\n", "\\r\\n", " \\n"])
def test_a_trailing_line_break_does_not_pass(field: str, tail: str) -> None:
    good = validate_bytes(CASES[field].format(tail="").encode())
    assert good.valid, good.issues
    bad = validate_bytes(CASES[field].format(tail=tail).encode())
    assert not bad.valid
    assert bad.issues and bad.issues[0].line > 3
