"""Loader edge cases: explicit tags, odd line breaks, many aliases, --max-size.

The golden fixtures `tests/fixtures/invalid/{tag,linesep,alias}-*.yaml` show the
messages; these tests pin the rules behind them and the CLI behaviour around them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from rlhf_disclosure import load_disclosure
from rlhf_disclosure.errors import ValidationFailed
from rlhf_disclosure.figures import WrittenFloat, WrittenInt
from rlhf_disclosure.issues import Issue, sort_issues
from rlhf_disclosure.reading.loader import MAX_LISTED_PER_KIND, LoadProblem, YamlRefused, load_yaml
from rlhf_disclosure.validation.validate import validate_bytes
from tests.cli_helpers import run_clean

HEAD = "schema_version: 2\nmodel:\n  name: Edge-7B\n"


def refused(text: str) -> list[LoadProblem]:
    """The loader's problems for `text`, which must be refused."""
    with pytest.raises(YamlRefused) as info:
        load_yaml(text)
    return info.value.problems


# Explicit tags ------------------------------------------------------------------

# A tag is kept when YAML would read the text that way anyway (`!!str` always fits
# one value, `!!float` also a decimal whole number); any other would change or
# discard the text, or cannot be built at all.
TAGS_THAT_FIT: list[tuple[str, Any]] = [
    ("!!str 1.10", "1.10"),
    ('!!str "yes"', "yes"),
    ("!!str", ""),
    ("!!null", None),
    ("!!null ~", None),
    ("!!null null", None),
    ("!!null NULL", None),
    ('!!null ""', None),
    ("!!int 42", 42),
    ('!!int "0x1F"', 31),
    ("!!float 0.5", 0.5),
    ("!!float 1", 1.0),
    ("!!bool true", True),
    ("!!bool 'off'", False),
    ("!!timestamp 2024-05-01", dt.date(2024, 5, 1)),
    ("!!seq [a]", ["a"]),
    ("!!map {a: 1}", {"a": 1}),
]

TAGS_THAT_DO_NOT_FIT = [
    "!!bool maybe",
    "!!bool tRuE",
    "!!bool",
    "!!timestamp hello",
    '!!int ""',
    "!!int",
    "!!int 1.5",
    '!!float ""',
    "!!float 017",
    "!!float yes",
    "!!null MIT",
    "!!null 'null '",
    '!!null "0"',
    "!!seq a",
    "!!map [a]",
    "!!str [a]",
    "!!int {a: 1}",
]


@pytest.mark.parametrize(("value", "expected"), TAGS_THAT_FIT, ids=[v for v, _ in TAGS_THAT_FIT])
def test_a_tag_that_fits_its_value_is_kept(value: str, expected: Any) -> None:
    data = load_yaml(f"x: {value}\n").data
    assert data == {"x": expected}
    got = data["x"]
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        # Numbers keep the text they were written as (rlhf_disclosure/figures.py).
        assert type(got) in (WrittenInt, WrittenFloat) and isinstance(got, type(expected))
        assert got.written == value.split(" ", 1)[1].strip("\"'")
    else:
        assert type(got) is type(expected)


@pytest.mark.parametrize("value", TAGS_THAT_DO_NOT_FIT)
def test_a_tag_that_does_not_fit_is_a_located_error(value: str) -> None:
    (problem,) = refused(f"a: 1\nx: {value}\n")
    assert (problem.line, problem.column, problem.code) == (2, 4, "tag-mismatch")
    assert problem.message.startswith("the tag !!")
    assert "does not fit" in problem.message
    assert problem.loc == ("x",)


@pytest.mark.parametrize("value", ["!!bool maybe", "!!timestamp hello", '!!int ""', '!!float ""'])
def test_a_misfit_tag_is_an_invalid_file_not_an_internal_error(value: str, workdir: Path) -> None:
    (workdir / "bad.yaml").write_text(HEAD.replace("Edge-7B", value), encoding="utf-8")
    (workdir / "good.yaml").write_text(HEAD, encoding="utf-8")
    result = run_clean("validate", "bad.yaml", "good.yaml")
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith("bad.yaml:3:9: error[tag-mismatch] model.name: the tag !!")
    # The bad file does not stop the run: the good one after it is still checked.
    assert result.stderr.startswith("2 files checked: 1 valid, 1 invalid")
    assert "internal error" not in result.output


def test_load_disclosure_raises_validation_failed_for_a_misfit_tag(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(HEAD.replace("Edge-7B", "!!bool maybe"), encoding="utf-8")
    with pytest.raises(ValidationFailed) as info:
        load_disclosure(path)
    assert [i.code for i in info.value.issues] == ["tag-mismatch"]


@pytest.mark.parametrize("value", ["!!null MIT", "!!null 'Apache 2.0'", "!!null no"])
def test_null_tag_never_discards_text(value: str) -> None:
    result = validate_bytes(f"{HEAD}  licence: {value}\n".encode(), "d.yaml")
    assert not result.valid
    assert [(i.line, i.code, i.path) for i in result.issues] == [
        (4, "tag-mismatch", "model.licence")
    ]
    assert "discard" in result.issues[0].message


def test_null_tag_on_an_empty_value_is_a_valid_file() -> None:
    assert validate_bytes(f"{HEAD}  licence: !!null ~\n".encode(), "d.yaml").valid


@pytest.mark.parametrize(
    ("value", "tag"),
    [("!!binary aGk=", "!!binary"), ("!!set {a}", "!!set"), ("!!omap [a: 1]", "!!omap")],
)
def test_standard_tags_a_disclosure_has_no_use_for_are_refused(value: str, tag: str) -> None:
    (problem,) = refused(f"x: {value}\n")
    assert problem.code == "unknown-tag"
    assert problem.message.startswith(f"the tag {tag} is not allowed: ")


@pytest.mark.parametrize(
    ("text", "role"), [("x: =\n", "value"), ("x: <<\n", "value"), ("=: 1\n", "key")]
)
def test_special_plain_text_names_no_tag_the_user_never_wrote(text: str, role: str) -> None:
    (problem,) = refused(text)
    assert problem.code == "special-value"
    assert "!!" not in problem.message
    assert "special meaning" in problem.message
    assert problem.hint is not None and problem.hint.startswith(f"put the {role} in quotes")


@pytest.mark.parametrize("text", ["x: !!value =\n", "x: !!merge <<\n"])
def test_a_written_special_tag_is_named(text: str) -> None:
    (problem,) = refused(text)
    assert problem.code == "unknown-tag"
    assert problem.message.startswith("the tag !!")


@pytest.mark.parametrize("text", ["!!bool maybe: 1\n", "!!merge x: 1\n", "!!int 1: 1\n"])
def test_a_tagged_key_is_refused_by_its_tag(text: str) -> None:
    (problem,) = refused(text)
    assert problem.code == "non-string-key"
    assert "not tagged !!" in problem.message


# Odd line breaks ----------------------------------------------------------------

ODD_BREAKS = ["\u2028", "\u2029", "\x85"]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("char", ["\u2028", "\u2029"], ids=["U+2028", "U+2029"])
def test_lines_are_counted_as_an_editor_counts_them(char: str, newline: str) -> None:
    text = newline.join(["a: 1", f'b: "x{char}y{char}z"', "c: 1", "  # comment", "c: 2", ""])
    (problem,) = refused(text)
    assert (problem.line, problem.column, problem.code) == (5, 1, "duplicate-key")
    assert "first defined on line 3" in problem.message


@pytest.mark.parametrize("char", ODD_BREAKS, ids=["U+2028", "U+2029", "U+0085"])
def test_schema_issues_after_an_odd_break_have_editor_lines(char: str) -> None:
    raw = f'{HEAD}  description: "a{char}b"\n  licnese: x\n'.encode()
    result = validate_bytes(raw, "d.yaml")
    by_code = {i.code: (i.line, i.column) for i in result.issues}
    assert by_code["unknown-field"] == (5, 3)


@pytest.mark.parametrize("char", ODD_BREAKS, ids=["U+2028", "U+2029", "U+0085"])
def test_an_unquoted_odd_break_is_located_inside_the_file(char: str) -> None:
    text = f"{HEAD}  description: first{char}second\n"
    (problem,) = refused(text)
    assert problem.code == "yaml-syntax"
    assert problem.line <= text.count("\n") + 1
    assert problem.hint is not None and "line 4, column 21 holds U+" in problem.hint


@pytest.mark.parametrize(
    "text",
    [
        'x: "a\x85b"\n',  # NEL inside quotes becomes a space
        "x: 'a\x85b'\n",
        "x: a\u2028\n",  # dropped from the end of a plain value
        "x: a # note\u2029y: b\n",  # ends the comment: 'y: b' becomes a key
    ],
)
def test_an_odd_break_that_yaml_would_not_keep_is_refused(text: str) -> None:
    problems = refused(text)
    assert [p.code for p in problems] == ["unicode-line-break"]
    assert problems[0].line == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('x: "a\u2028b"\n', "a\u2028b"),
        ("x: 'a\u2029b'\n", "a\u2029b"),
        ("x: [a\u2028b]\n", ["a\u2028b"]),
    ],
)
def test_an_odd_break_that_yaml_keeps_is_text_like_any_other(text: str, expected: Any) -> None:
    assert load_yaml(text).data == {"x": expected}


# Many anchors and aliases -------------------------------------------------------


@pytest.mark.parametrize("extra", [0, 1, 250])
def test_aliases_past_the_limit_are_counted_in_one_issue(extra: int) -> None:
    count = MAX_LISTED_PER_KIND + extra
    text = "a: &x 1\nb: [" + ", ".join(["*x"] * count) + "]\n"
    problems = refused(text)
    aliases = [p for p in problems if p.code == "alias"]
    listed = [p for p in aliases if not p.message.startswith("...")]
    assert len(listed) == MAX_LISTED_PER_KIND
    summaries = [p.message for p in aliases if p.message.startswith("...")]
    assert summaries == (
        [f"... and {extra:,} more aliases, not listed one by one"] if extra else []
    )
    # The summary sits where the first unlisted alias is, after every listed one.
    assert max(p.column for p in aliases) == aliases[-1].column


def test_many_anchors_are_capped_too() -> None:
    count = MAX_LISTED_PER_KIND + 7
    text = "".join(f"k{i}: &a{i} v\n" for i in range(count))
    problems = refused(text)
    assert len(problems) == MAX_LISTED_PER_KIND + 1
    assert problems[-1].message == "... and 7 more anchors, not listed one by one"
    assert problems[-1].line == MAX_LISTED_PER_KIND + 1


def test_other_loader_problems_past_the_limit_are_counted_too() -> None:
    text = "a: 1\n" * (MAX_LISTED_PER_KIND + 6)  # the first, then limit + 5 duplicates
    problems = refused(text)
    assert [p.code for p in problems] == ["duplicate-key"] * (MAX_LISTED_PER_KIND + 1)
    assert problems[-1].message == "... and 5 more duplicate keys, not listed one by one"
    assert (problems[-1].line, problems[-1].loc) == (MAX_LISTED_PER_KIND + 2, ("a",))


def test_sort_issues_orders_by_place_then_path_code_and_message() -> None:
    issues = [
        Issue("b.yaml", 1, 1, "", "x", "m"),
        Issue("a.yaml", 10, 1, "", "x", "m"),
        Issue("a.yaml", 9, 2, "", "x", "m"),
        Issue("a.yaml", 9, 2, "", "x", "m", hint="same issue, other hint"),
        Issue("a.yaml", 9, 1, "z", "a", "m"),
        Issue("a.yaml", 9, 1, "a", "b", "m"),
        Issue("a.yaml", 9, 1, "a", "a", "n"),
        Issue("a.yaml", 9, 1, "a", "a", "m"),
    ]
    order = [(i.file, i.line, i.column, i.path, i.code, i.message) for i in sort_issues(issues)]
    assert order == [
        ("a.yaml", 9, 1, "a", "a", "m"),
        ("a.yaml", 9, 1, "a", "a", "n"),
        ("a.yaml", 9, 1, "a", "b", "m"),
        ("a.yaml", 9, 1, "z", "a", "m"),
        ("a.yaml", 9, 2, "", "x", "m"),
        ("a.yaml", 10, 1, "", "x", "m"),
        ("b.yaml", 1, 1, "", "x", "m"),
    ]


# --max-size -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "says"),
    [
        ("nan", "finite"),
        ("inf", "finite"),
        ("-inf", "finite"),
        ("1e400", "finite"),
        ("1e306GB", "finite"),
        ("0.0001", "at least 1 byte"),
        ("0.5", "at least 1 byte"),
        ("0.0000001KB", "at least 1 byte"),
        ("0", "at least 1 byte"),
        ("-1", "at least 1 byte"),
        ("ten", "cannot read"),
        ("10XB", "cannot read"),
    ],
)
def test_max_size_that_is_no_size_is_a_usage_error(size: str, says: str, workdir: Path) -> None:
    (workdir / "d.yaml").write_text(HEAD, encoding="utf-8")
    for command in ("validate", "check"):
        result = run_clean(command, "--max-size", size, "d.yaml")
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("usage error: --max-size")
        assert says in result.stderr
        assert size in result.stderr


@pytest.mark.parametrize(("size", "valid"), [("1", False), ("1.9", False), ("1.5KB", True)])
def test_max_size_rounds_down_to_whole_bytes(size: str, valid: bool, workdir: Path) -> None:
    (workdir / "d.yaml").write_text(HEAD, encoding="utf-8")
    result = run_clean("validate", "--max-size", size, "d.yaml")
    assert result.exit_code == (0 if valid else 1), result.output
    if not valid:
        limit = int(float(size))
        assert f"more than the limit of {limit:,}" in result.stdout
