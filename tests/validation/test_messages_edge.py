"""Edge cases of validation messages: free-form values, suggestions, escaping, URLs, paths.

The golden fixtures (`tests/fixtures/invalid/{msg,partial,freeform,url}-*.yaml`) show
whole outputs; these tests sweep tables of inputs through the CLI and state the rule
each row checks.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from rlhf_disclosure.schema import Disclosure, Undisclosed
from rlhf_disclosure.schema.common import UNION_TAG_DISCLOSED
from rlhf_disclosure.schema.paths import field_names, tagged_branch
from tests.cli_helpers import run
from tests.repo import REPO

HEAD = "schema_version: 2\nmodel:\n  name: Edge-7B\n"


def validate_text(workdir: Path, body: str, *options: str) -> tuple[int, list[dict[str, Any]]]:
    """Validate HEAD + body as one file; the exit code and the issues (JSON format)."""
    (workdir / "d.yaml").write_text(HEAD + body, encoding="utf-8")
    result = run("validate", "--format", "json", *options, "d.yaml")
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)["issues"]


# Free-form values: YAML 1.1 retyping is an error only where it changes what is written.

FREE_VALUES = [
    # (as written, refused?)
    ("NO", True),
    ("yes", True),
    ("On", True),
    ("off", True),
    ("1.10", True),
    ("0.50", True),
    ("2.00", True),
    ("1:30", True),
    ("0755", True),
    ("0x1F", True),
    ("1_000", True),
    (".inf", True),
    ("2024-01-01", True),
    ("2024-01-01 10:00:00", True),
    ("3.14159265358979323846", True),
    ("true", False),
    ("False", False),
    ("1", False),
    ("-3", False),
    ("0.5", False),
    ("1.0", False),
    ("100.0", False),
    ("1.0e-6", False),
    ("2.2865909453284757e+154", False),
    ("null", False),
    ("~", False),
    ("y", False),  # text in YAML 1.1 too
    ("1e3", False),  # text in YAML 1.1 too
    ('"NO"', False),
    ("'1.10'", False),
    ('"2024-01-01"', False),
    ("!!bool yes", False),  # the tag says what is meant
    ("!!float 1.10", False),
]


@pytest.mark.parametrize(("written", "refused"), FREE_VALUES, ids=[v for v, _ in FREE_VALUES])
def test_extension_values_that_yaml_retypes_are_refused(
    workdir: Path, written: str, refused: bool
) -> None:
    code, issues = validate_text(workdir, f"extensions:\n  x: {written}\n  list: [{written}]\n")
    if refused:
        assert code == 1
        assert [(i["code"], i["path"]) for i in issues] == [
            ("unquoted-value", "extensions.x"),
            ("unquoted-value", "extensions.list[0]"),
        ]
        assert all(written in i["hint"] for i in issues), issues
    else:
        assert (code, issues) == (0, [])


@pytest.mark.parametrize(("written", "refused"), FREE_VALUES, ids=[v for v, _ in FREE_VALUES])
def test_free_hyperparameters_give_one_issue_per_retyped_value(
    workdir: Path, written: str, refused: bool
) -> None:
    body = (
        "reward_models:\n  - id: rm\n    name: RM\n    hyperparameters:\n"
        f"      other:\n        x: {written}\n"
    )
    code, issues = validate_text(workdir, body)
    if written in ("null", "~"):
        # Not a value `other` takes at all: the schema's own error, not a YAML one.
        assert [i["code"] for i in issues] == ["wrong-type"]
    elif refused:
        # One issue per place, even where the schema also rejects the value (dates).
        assert [(i["code"], i["path"]) for i in issues] == [
            ("unquoted-value", "reward_models[rm].hyperparameters.other.x")
        ]
    else:
        assert (code, issues) == (0, [])


def test_boolean_hint_offers_true_or_false(workdir: Path) -> None:
    _, [issue] = validate_text(workdir, "extensions:\n  clip: off\n")
    assert issue["message"] == (
        "YAML reads the unquoted value off as the boolean false, not as the text 'off'"
    )
    assert "write true or false" in issue["hint"]
    assert '"off"' in issue["hint"]


# "Did you mean": the branch named by the union tag, never the word itself.

DISCLOSED_SECTIONS = [
    (name, field)
    for name, info in Disclosure.model_fields.items()
    for field in field_names(tagged_branch(info.annotation, UNION_TAG_DISCLOSED))
    if field not in Undisclosed.model_fields
]


def test_every_disclosed_section_is_swept() -> None:
    # Guards the sweep below against passing vacuously after a schema change.
    assert len({name for name, _ in DISCLOSED_SECTIONS}) >= 3
    assert len(DISCLOSED_SECTIONS) >= 20


@pytest.mark.parametrize(("section", "field"), DISCLOSED_SECTIONS)
def test_withheld_section_with_a_disclosed_field(workdir: Path, section: str, field: str) -> None:
    body = f"{section}:\n  status: withheld\n  reason: Secret.\n  {field}: x\n"
    _, issues = validate_text(workdir, body)
    [issue] = [i for i in issues if i["code"] == "unknown-field"]
    assert f"did you mean '{field}'" not in issue["message"]
    assert issue["message"] == (
        f"unknown field '{field}'; a section marked withheld holds only "
        "status, reason and references"
    )
    assert issue["hint"] == (
        f"remove '{field}', or remove 'status' and 'reason' to disclose the section instead"
    )


def test_typo_in_a_withheld_section_is_matched_against_its_own_fields(workdir: Path) -> None:
    body = "pretraining:\n  status: not_applicable\n  reasn: Fine-tuned only.\n"
    _, issues = validate_text(workdir, body)
    messages = {i["message"] for i in issues}
    assert "unknown field 'reasn'; did you mean 'reason'?" in messages


SUGGESTIONS = [
    # (typed stage kind, suggestion)
    ("ppo", "'rlhf_ppo'"),
    ("PPO", "'rlhf_ppo'"),
    ("DPO", "'dpo'"),
    ("Rlhf_Ppo", "'rlhf_ppo'"),
    ("rlhf", "'rlhf_ppo' or 'rlhf_other'"),
    ("sampling", "'rejection_sampling'"),
    ("preference_other", "'direct_preference_other'"),
    ("dpoo", "'dpo'"),
    ("rejection-sampling", "'rejection_sampling'"),
]


@pytest.mark.parametrize(("typed", "meant"), SUGGESTIONS)
def test_suggestion_prefers_whole_tokens(workdir: Path, typed: str, meant: str) -> None:
    body = f"policy_training:\n  stages:\n    - id: s\n      name: S\n      kind: {typed}\n"
    _, [issue] = validate_text(workdir, body)
    assert issue["message"].endswith(f"; did you mean {meant}?"), issue["message"]


# Control characters from the file never reach the terminal or split a line.

CONTROL = REPO / "tests" / "fixtures" / "invalid" / "msg-control-characters.yaml"


def _visible(text: str) -> bool:
    return all(unicodedata.category(ch)[0] != "C" for ch in text)


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_control_characters_are_escaped_in_every_format(in_repo: Path, fmt: str) -> None:
    result = run("validate", "--format", fmt, CONTROL.relative_to(REPO).as_posix())
    assert result.exit_code == 1
    for line in result.stdout.splitlines():
        assert _visible(line), repr(line)
    if fmt == "text":
        # One line per issue: no message spilled onto a line of its own.
        assert all(line.startswith("tests/fixtures/") for line in result.stdout.splitlines())


def test_escaped_paths_and_messages_keep_what_was_written(in_repo: Path) -> None:
    result = run("validate", "--format", "json", CONTROL.relative_to(REPO).as_posix())
    issues = json.loads(result.stdout)["issues"]
    paths = {i["path"] for i in issues}
    assert "evil\\nkey" in paths
    assert "\\x1b[31mred" in paths
    assert "reward_models[a b\\nc].id" in paths
    assert any("'bradley\\u202eterry'" in i["message"] for i in issues)
    assert any(i["hint"] and "\\x1b[2Jx, a b\\nc" in i["hint"] for i in issues)


# URLs: nothing that looks like one place and leads to another.

URLS = [
    # (url, field, accepted?)
    ("https://example.org/paper", "url", True),
    ("https://user@example.org:8443/p?q=1#s", "url", True),
    ("HTTPS://EXAMPLE.ORG/P", "url", True),
    ("https://例え.jp/論文", "url", True),
    ("https://evil.example\\@good.example", "url", False),
    ("https://example.org\\path", "url", False),
    ("https://example.org\u200b/x", "url", False),
    ("https://example.org/\u202egnp.exe", "url", False),
    ("https://example.org/\u2060x", "url", False),
    ("https://exa mple.org/", "url", False),
    ("https://example.org/\u00a0x", "url", False),
    ("https://example.org/\x1b[31m", "url", False),
    ("https:example.org", "url", False),
    ("https:///x", "url", False),
    ("mailto:safety@example.org", "contact", True),
    ("mailto:a.b+c@sub.example.org?subject=RLHF%20card", "contact", True),
    ("MAILTO:Safety@Example.ORG", "contact", True),
    ("https://example.org/contact", "contact", True),
    ("mailto:javascript:alert(1)@x", "contact", False),
    ("mailto:javascript:alert(1)@example.org", "contact", False),
    ("mailto:safety", "contact", False),
    ("mailto:@example.org", "contact", False),
    ("mailto:safety@localhost", "contact", False),
    ("mailto:a@b@example.org", "contact", False),
    ("mailto:<a@example.org>", "contact", False),
    ("javascript:alert(1)", "contact", False),
]


@pytest.mark.parametrize(("url", "field", "accepted"), URLS, ids=[repr(u) for u, _, _ in URLS])
def test_url_checks(workdir: Path, url: str, field: str, accepted: bool) -> None:
    quoted = json.dumps(url)  # a JSON string is a YAML double-quoted string
    # `url` of a reference, or `contact` of the model (HEAD ends inside `model:`).
    body = f"references:\n  - url: {quoted}\n" if field == "url" else f"  contact: {quoted}\n"
    code, issues = validate_text(workdir, body)
    if accepted:
        assert (code, issues) == (0, [])
    else:
        assert code == 1
        assert [i["code"] for i in issues] in (["url-invalid"], ["url-scheme"]), issues
        assert all(_visible(i["message"]) and i["message"].count("\n") == 0 for i in issues)


# The schema version is the whole number 2 (or 1, for older files): not 2.0, not true.


@pytest.mark.parametrize(
    ("written", "code"),
    [("2.0", "not-whole-number"), ("true", "wrong-type"), ("yes", "wrong-type"), ("3", None)],
)
def test_schema_version_is_a_whole_known_version(
    workdir: Path, written: str, code: str | None
) -> None:
    (workdir / "d.yaml").write_text(
        f"schema_version: {written}\nmodel:\n  name: M\n", encoding="utf-8"
    )
    result = run("validate", "--format", "json", "d.yaml")
    assert result.exit_code == 1
    [issue] = json.loads(result.stdout)["issues"]
    if code is None:
        assert issue["code"] == "invalid-value"
    else:
        assert (issue["code"], issue["hint"]) == (code, "write 2")


# Paths on the command line.


def test_directory_finds_yaml_files_whatever_the_case_of_the_suffix(workdir: Path) -> None:
    for name in ("a.yaml", "b.YML", "X.YAML", "c.Yaml", "notes.txt", "yaml"):
        (workdir / "d" / name).parent.mkdir(exist_ok=True)
        (workdir / "d" / name).write_text(HEAD, encoding="utf-8")
    result = run("validate", "--format", "json", "d")
    assert result.exit_code == 0, result.output
    files = [f["file"] for f in json.loads(result.stdout)["files"]]
    assert sorted(Path(f).name for f in files) == ["X.YAML", "a.yaml", "b.YML", "c.Yaml"]


@pytest.mark.parametrize("args", [[""], ["ok.yaml", ""], ["", "ok.yaml"]])
def test_empty_path_is_a_usage_error(workdir: Path, args: list[str]) -> None:
    (workdir / "ok.yaml").write_text(HEAD, encoding="utf-8")
    result = run("validate", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "usage error: an empty path was given; name a file, directory or pattern\n"
    )


# The shares of a data mix: exact ones are added up as written (decimals, not floats).

MIX_SHARES = [
    # (shares as written, the sum the error names, or None where the mix is valid)
    (["0.1", "0.2", "0.7"], None),  # 1 as decimals; 1.0000000000000002 as floats
    (["0.5", "0.50"], None),
    (["1"], None),
    (["0.1", "0.2", "0.71"], "1.01"),
    (["0.70", "0.31"], "1.01"),
    (["1", "0.001"], "1.001"),
    (["0.9", "{about: 0.5}", "{at_least: 0.3}", "{from: 0.2, to: 0.4}"], None),
    (["0.9", "{status: withheld, reason: Not published.}"], None),
]


@pytest.mark.parametrize(("shares", "total"), MIX_SHARES)
def test_exact_mix_shares_add_up_as_written(
    workdir: Path, shares: list[str], total: str | None
) -> None:
    items = "".join(f"      - category: c{i}\n        share: {s}\n" for i, s in enumerate(shares))
    body = f"feedback_collections:\n  - id: c\n    name: C\n    mix:\n{items}"
    code, issues = validate_text(workdir, body)
    if total is None:
        assert (code, issues) == (0, [])
    else:
        assert code == 1
        assert [(i["code"], i["path"]) for i in issues] == [
            ("mix-share-sum", "feedback_collections[c].mix")
        ]
        assert f"add up to {total}, more than 1" in issues[0]["message"]
