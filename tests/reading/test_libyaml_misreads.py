"""Documents libyaml reads otherwise than YAML specifies are refused where they stand,
plain and nested under `extensions:` of a valid disclosure; their correct spellings
load (reading/misreads.py)."""

from __future__ import annotations

import textwrap

import pytest

from rlhf_disclosure.reading.loader import load_yaml
from rlhf_disclosure.validation.validate import validate_bytes

HEAD = "schema_version: 2\nmodel:\n  name: M\nextensions:\n"

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


# Indentation YAML requires and libyaml does not check: (document, code, line of the
# refused line in the document). The names are the YAML test suite's where one exists.
SPREAD = {
    "DK95-tab-in-quoted-continuation": ('foo: "bar\n\tbaz"', "continuation-indent", 2),
    "QB6E-quoted-continuation-unindented": ('quoted: "a\nb\nc"', "continuation-indent", 2),
    "9C9N-flow-sequence-unindented": ("flow: [a,\nb,\nc]", "continuation-indent", 2),
    "Y79Y-tab-indent-in-flow-sequence": (
        "x:\n- [\n\tfoo,\n foo\n ]",
        "continuation-indent",
        3,
    ),
    "S98Z-leading-lines-wider-than-text": (
        "empty block scalar: >\n \n  \n   \n # comment",
        "block-scalar-indent",
        5,
    ),
    "JEF9-kept-block-then-spaces-at-end": ("x:\n- |+\n   ", "spaces-at-end", 3),
    "L24T-clipped-block-then-spaces-at-end": ("foo: |\n  x\n   ", "spaces-at-end", 3),
}

# The same constructs written as YAML allows, with the value YAML gives them.
SPREAD_RIGHT = {
    "DK95-tab-after-indentation": ('foo: "bar\n  \tbaz"\n', {"foo": "bar baz"}),
    "quoted-continuation-indented": ('quoted: "a\n b\n c"\n', {"quoted": "a b c"}),
    "flow-sequence-indented": ("flow: [a,\n b,\n c]\n", {"flow": ["a", "b", "c"]}),
    "Y79Y-tab-on-empty-line-in-flow": ("x:\n- [\n\t\n foo\n ]\n", {"x": [["foo"]]}),
    "comment-line-in-flow": ("flow: [a,\n# note\n b]\n", {"flow": ["a", "b"]}),
    "S98Z-empty-leading-lines": (
        "block: >\n\n\n # text\n",
        {"block": "\n\n# text\n"},
    ),
    "L24T-spaces-then-line-break": ("foo: |\n  x\n   \n", {"foo": "x\n \n"}),
    "JEF9-kept-block-spaces-then-break": ("x:\n- |+\n   \n", {"x": ["\n"]}),
}


def _nested(body: str) -> str:
    return HEAD + textwrap.indent(body, "  ", lambda line: True)


@pytest.mark.parametrize("case", sorted(SPREAD))
def test_bad_indentation_refused_where_it_stands(case: str) -> None:
    body, code, line = SPREAD[case]
    whole = [(i.code, i.line) for i in validate_bytes(body.encode()).issues]
    assert (code, line) in whole
    nested = validate_bytes(_nested(body).encode())
    assert [(i.code, i.line) for i in nested.issues] == [(code, line + HEAD.count("\n"))]
    assert nested.issues[0].hint


@pytest.mark.parametrize("case", sorted(SPREAD_RIGHT))
def test_allowed_indentation_loads_as_yaml_says(case: str) -> None:
    body, value = SPREAD_RIGHT[case]
    assert load_yaml(body).data == value
    result = validate_bytes(_nested(body).encode())
    assert result.valid, result.issues
