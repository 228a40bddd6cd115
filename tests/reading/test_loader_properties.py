"""Hypothesis: no input, however malformed, makes validation raise."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from rlhf_disclosure.reading.loader import YamlRefused, load_yaml
from rlhf_disclosure.schema import Disclosure
from rlhf_disclosure.schema.paths import iter_fields
from rlhf_disclosure.validation.validate import Result, validate_bytes
from tests.budget import examples

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


# The line breaks YAML reads (YAML 1.1, as PyYAML does): issues are located by these.
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def check(raw: bytes) -> Result:
    """Validate; whatever the input, the result is consistent and every issue located
    inside the document: on one of its lines, or on the line after the last where the
    input ended too soon, with a code and a one-line message."""
    result = validate_bytes(raw, "fuzz.yaml")
    assert (result.disclosure is None) == bool(result.issues)
    lines = len(LINE_BREAK.split(raw.decode("utf-8", "replace")))
    for issue in result.issues:
        assert 1 <= issue.line <= lines + 1 and issue.column >= 1, (issue, lines)
        assert issue.code and issue.message.isprintable(), issue
    return result


def refused_with_an_error(result: Result) -> bool:
    """The input is accepted as a disclosure, or at least one issue is an error saying why."""
    return result.disclosure is not None or any(i.severity == "error" for i in result.issues)


@settings(max_examples=examples(300))
@given(st.binary(max_size=300))
def test_random_bytes_never_raise(raw: bytes) -> None:
    result = check(raw)
    assert refused_with_an_error(result), result.issues


@settings(max_examples=examples(300))
@given(st.text(st.sampled_from(list(":-[]{}&*!|>'\"%@`#,? \n\tab01.~")), max_size=80))
def test_yaml_punctuation_soup_never_raises(text: str) -> None:
    result = check(text.encode("utf-8"))
    assert refused_with_an_error(result), result.issues


@settings(max_examples=examples(200))
@given(st.dictionaries(keys, values, max_size=6))
def test_random_structures_never_raise(data: dict[str, Any]) -> None:
    doc = {"schema_version": 2, "model": {"name": "m"}, **data}
    result = check(yaml.safe_dump(doc).encode("utf-8"))
    # safe_dump writes well-formed YAML, so the loader never refuses it outright.
    assert not any(i.code == "yaml-syntax" for i in result.issues)


# Explicit tags on random text: a tag never crashes the loader, and never silently
# changes or discards what was written.
TAGS = [
    "!!bool",
    "!!int",
    "!!float",
    "!!null",
    "!!timestamp",
    "!!str",
    "!!binary",
    "!!set",
    "!!omap",
    "!!seq",
    "!!map",
    "!!merge",
    "!!value",
    "!foo",
    "",
]
TAG_TEXT = st.sampled_from(
    [
        "",
        "~",
        "null",
        "yes",
        "maybe",
        "0x1F",
        "017",
        "1_000",
        "1.5e3",
        ".inf",
        "2024-05-01",
        "2024-02-30",
        "12:30",
        "=",
        "<<",
        "MIT",
    ]
)
TAG_TEXT |= st.text(st.characters(exclude_categories=["Cs"]), max_size=12)


def written(text: str, style: str) -> str:
    """`text` as a YAML scalar in a style: plain (maybe not valid YAML), or quoted."""
    if style == "double":
        return json.dumps(text, ensure_ascii=False)
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    return text


tagged = st.builds(
    lambda tag, text, style: f"{tag} {written(text, style)}".strip(),
    st.sampled_from(TAGS),
    TAG_TEXT,
    st.sampled_from(["plain", "double", "single"]),
)
flow = st.builds(lambda items: "[" + ", ".join(items) + "]", st.lists(tagged, max_size=3))
tagged_values = (
    tagged | flow | st.builds(lambda tag, value: f"{tag} {value}", st.sampled_from(TAGS), flow)
)


@settings(max_examples=examples(400))
@given(st.lists(tagged_values, min_size=1, max_size=4), st.booleans())
def test_explicit_tags_on_random_text_never_raise(values: list[str], as_key: bool) -> None:
    rows = "".join(
        (f"  {value}: k{i}\n" if as_key else f"  x-{i}: {value}\n")
        for i, value in enumerate(values)
    )
    doc = f"schema_version: 2\nmodel:\n  name: m\nextensions:\n{rows}"
    result = check(doc.encode("utf-8"))
    if result.disclosure is not None and not as_key:
        # Accepted: every tagged value is kept under its own key, none dropped.
        assert len(result.disclosure.extensions) == len(values)
    named = check(f"schema_version: 2\nmodel:\n  name: {values[0]}\n".encode())
    if named.disclosure is not None:
        assert isinstance(named.disclosure.model.name, str) and named.disclosure.model.name


NULL_TEXT = {"", "~", "null", "Null", "NULL"}


@settings(max_examples=examples(300))
@given(TAG_TEXT)
def test_null_and_str_tags_keep_the_text_or_refuse_it(text: str) -> None:
    value = written(text, "double")  # the one style that keeps any text exactly
    try:
        as_str = load_yaml(f"x: !!str {value}\n").data["x"]
    except YamlRefused as refused:
        # Only text YAML cannot read at all (e.g. control characters) is refused.
        assert {p.code for p in refused.problems} <= {
            "yaml-syntax",
            "unicode-line-break",
            "forbidden-character",
        }
    else:
        assert as_str == text
    try:
        as_null = load_yaml(f"x: !!null {value}\n").data["x"]
    except YamlRefused as refused:
        assert text not in NULL_TEXT or {"yaml-syntax", "forbidden-character"} & {
            p.code for p in refused.problems
        }
    else:
        assert text in NULL_TEXT and as_null is None
