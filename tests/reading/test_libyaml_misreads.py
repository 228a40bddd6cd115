"""Documents libyaml reads otherwise than YAML specifies are refused where they stand,
plain and nested under `extensions:` of a valid disclosure; their correct spellings
load (reading/misreads.py)."""

from __future__ import annotations

import textwrap

import pytest

from rlhf_disclosure.validation.validate import validate_bytes

HEAD = "schema_version: 1\nmodel:\n  name: M\nextensions:\n"

MISREAD = {
    "comment-after-double-quoted": ('key: "value"# comment', "comment-needs-space"),
    "comment-after-single-quoted": ("key: 'value'# comment", "comment-needs-space"),
    "comment-after-block-indicator": ("block: ># comment\n  text", "comment-needs-space"),
    "lone-dash-in-flow": ("list: [-]", "lone-dash"),
    "question-key-in-flow-mapping": ("map: { ?foo: bar }", "question-mark-key"),
    "question-item-in-flow-sequence": ("list: [?x]", "question-mark-key"),
    "non-specific-tag": ("n: ! 12", "non-specific-tag"),
}

WRITTEN_RIGHT = {
    "comment-after-double-quoted": 'key: "value" # comment',
    "comment-after-block-indicator": "block: > # comment\n  text",
    "lone-dash-in-flow": "list: ['-']",
    "question-key-in-flow-mapping": "map: { '?foo': bar }",
    "question-item-in-flow-sequence": "list: ['?x']",
    "non-specific-tag": "n: '12'",
}


def codes(text: str) -> list[str]:
    return [i.code for i in validate_bytes(text.encode("utf-8")).issues]


@pytest.mark.parametrize("case", sorted(MISREAD))
def test_refused_as_a_whole_document(case: str) -> None:
    body, code = MISREAD[case]
    assert code in codes(body + "\n")


@pytest.mark.parametrize("case", sorted(MISREAD))
def test_refused_under_extensions_and_located(case: str) -> None:
    body, code = MISREAD[case]
    result = validate_bytes((HEAD + textwrap.indent(body, "  ") + "\n").encode("utf-8"))
    assert [(i.code, i.line) for i in result.issues] == [(code, 5)]


@pytest.mark.parametrize("case", sorted(WRITTEN_RIGHT))
def test_the_spelling_yaml_means_loads(case: str) -> None:
    result = validate_bytes((HEAD + textwrap.indent(WRITTEN_RIGHT[case], "  ") + "\n").encode())
    assert result.valid, result.issues
