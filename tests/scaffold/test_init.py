"""`init`: the scaffold it writes, and what `check` says about it before and after filling in.

The scaffold is compared with the schema itself (`iter_fields`), not with a copy of
the scaffold's own rules, so a field added to the schema and forgotten by the
generator fails here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Any, get_args, get_origin

import jsonschema
import pytest
import yaml

from rlhf_disclosure.schema import Disclosure, Undisclosed
from rlhf_disclosure.schema.common import DATE, LINK
from rlhf_disclosure.schema.json_schema import SCHEMA_URL
from rlhf_disclosure.schema.paths import iter_fields, literal_values, models_in, type_at
from tests.cli_helpers import run
from tests.repo import REPO

MODELINE = "# yaml-language-server: $schema="

# Optional fields the full scaffold leaves out on purpose (see scaffold._SKIP_ALWAYS).
LEFT_OUT = {"references", "notes", "extensions"}
# A field that takes one mapping or a list of them: the scaffold writes the mapping
# and names the list form in a comment.
LIST_FORMS = ("feedback_collections[*].annotators[*]",)


def init(*options: str, path: str | None = None) -> str:
    """Run `init` in the current directory and return the text of the file it wrote."""
    result = run("init", *options, *([path] if path else []))
    assert result.exit_code == 0, result.output
    return Path(path or "disclosure.yaml").read_text(encoding="utf-8")


# Paths in the data, written like iter_fields paths: list items become [*].


def key_paths(value: Any, prefix: str = "") -> set[str]:
    out: set[str] = set()
    if isinstance(value, dict):
        for key, child in value.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            out.add(path)
            out |= key_paths(child, path)
    elif isinstance(value, list):
        for child in value:
            out |= key_paths(child, prefix + "[*]")
    return out


SHOWN_AT = {
    "",  # the document itself
    "pretraining",
    "feedback_collections[*]",
    "datasets[*]",
    "reward_models[*]",
    "policy_training",
    "policy_evaluation",
    "audits[*]",
    "risks[*]",
    "monitoring",
}


def expected_scaffold_paths() -> set[str]:
    """Every schema field path, without the `status`/`reason` alternative of disclosable
    sections (the scaffold names that alternative in a comment), nor anything below
    those; the optional references/notes/extensions only on the document and on each
    item's own section."""
    undisclosed = {id(info) for info in Undisclosed.model_fields.values()}
    fields = list(iter_fields(Disclosure))
    # A section's own `references` has the same path as its status's: not a status path.
    own = {path for path, info in fields if id(info) not in undisclosed}

    def left_out(path: str, info: Any) -> bool:
        parent, _, name = path.rpartition(".")
        if name == "cite":
            return True
        if id(info) in undisclosed:
            return path not in own
        return name in LEFT_OUT and not info.is_required() and parent not in SHOWN_AT

    dropped = {path for path, info in fields if left_out(path, info)}
    return {
        path
        for path, _ in fields
        if path not in dropped
        and not any(path.startswith((d + ".", d + "[*].")) for d in dropped)
        and not path.startswith(LIST_FORMS)
    }


def placeholder_positions(text: str) -> list[tuple[int, int]]:
    """(line, column) of every TODO outside comments, 1-based."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        code = line.split("#", 1)[0]
        found.extend((number, m.start() + 1) for m in re.finditer(r"\bTODO\b", code))
    return found


# Writing the file


def test_init_writes_disclosure_yaml_in_the_current_directory(workdir: Path) -> None:
    result = run("init")
    assert result.exit_code == 0, result.output
    assert (workdir / "disclosure.yaml").is_file()
    assert result.stdout == (
        "wrote disclosure.yaml; fill in every TODO, then run: "
        "rlhf-disclosure check disclosure.yaml\n"
    )
    assert [p.name for p in workdir.iterdir()] == ["disclosure.yaml"]


def test_init_writes_to_a_named_path(workdir: Path) -> None:
    (workdir / "docs").mkdir()
    text = init(path="docs/model-disclosure.yml")
    assert text.startswith(MODELINE)
    assert not (workdir / "disclosure.yaml").exists()


def test_first_line_is_the_schema_modeline(workdir: Path) -> None:
    first = init().splitlines()[0]
    assert first == f"{MODELINE}{SCHEMA_URL}"


def test_schema_url_option_changes_the_modeline(workdir: Path) -> None:
    url = "https://schemas.example.org/rlhf/disclosure.schema.json"
    text = init("--schema-url", url)
    assert text.splitlines()[0] == f"{MODELINE}{url}"
    assert SCHEMA_URL not in text


def test_scaffold_parses_as_yaml_with_the_current_schema_version(workdir: Path) -> None:
    for args in ((), ("--minimal",)):
        Path("disclosure.yaml").unlink(missing_ok=True)
        data = yaml.safe_load(init(*args))
        assert isinstance(data, dict)
        assert data["schema_version"] == 2
        assert list(data)[:2] == ["schema_version", "model"]


def test_existing_file_is_left_alone_and_exits_1(workdir: Path) -> None:
    target = workdir / "disclosure.yaml"
    target.write_text("schema_version: 2\nmodel:\n  name: Mine\n", encoding="utf-8")
    result = run("init")
    assert result.exit_code == 1
    assert result.stderr == "error: disclosure.yaml already exists; use --force to replace it\n"
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8") == "schema_version: 2\nmodel:\n  name: Mine\n"


def test_force_replaces_an_existing_file(workdir: Path) -> None:
    target = workdir / "disclosure.yaml"
    target.write_text("schema_version: 2\nmodel:\n  name: Mine\n", encoding="utf-8")
    result = run("init", "--force")
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert text.startswith(MODELINE)
    assert "Mine" not in text


def test_minimal_is_shorter_and_a_subset_of_the_full_scaffold(workdir: Path) -> None:
    full = init(path="full.yaml")
    minimal = init("--minimal", path="minimal.yaml")
    assert len(minimal.splitlines()) < len(full.splitlines()) / 2
    assert minimal.splitlines()[0] == full.splitlines()[0]
    full_paths = key_paths(yaml.safe_load(full))
    minimal_paths = key_paths(yaml.safe_load(minimal))
    assert minimal_paths < full_paths
    # The minimal scaffold still asks about all eleven items.
    for key in ("pretraining", "feedback_collections", "reward_models", "policy_evaluation"):
        assert key in minimal_paths
    for key in ("audits", "risks", "monitoring"):
        assert key in minimal_paths


def test_full_scaffold_has_exactly_the_fields_of_the_schema(workdir: Path) -> None:
    scaffold_paths = key_paths(yaml.safe_load(init()))
    expected = expected_scaffold_paths()
    assert sorted(expected - scaffold_paths) == []  # schema fields the scaffold forgot
    assert sorted(scaffold_paths - expected) == []  # keys the schema does not have
    # Spot checks that the comparison is about nested fields, not just top-level keys.
    assert "feedback_collections[*].annotators.recruitment.screening[*].pass_rate" in expected
    assert "policy_training.stages[*].hyperparameters.kl_coefficient" in expected


def test_every_leaf_field_name_of_the_schema_is_a_key_in_the_full_scaffold(
    workdir: Path,
) -> None:
    text = init()
    keys = {m.group(1) for m in re.finditer(r"^\s*(?:- )?([A-Za-z_][A-Za-z0-9_]*):", text, re.M)}
    undisclosed = {id(info) for info in Undisclosed.model_fields.values()}
    names = {
        path.rsplit(".", 1)[-1].removesuffix("[*]")
        for path, info in iter_fields(Disclosure)
        if id(info) not in undisclosed and ".cite" not in f".{path}"
    }
    assert sorted(names - keys - LEFT_OUT) == []
    for name in LEFT_OUT:  # shown on the document and each item's section only
        assert name in keys


def sections(info: Any) -> list[type[Any]]:
    """The models (other than a status or a qualified figure) a field can hold."""
    return [
        m
        for m in models_in(info.annotation)
        if m is not Undisclosed
        and not m.__name__.endswith("Figure")
        and not m.__name__.startswith("PerVariant")
    ]


def test_each_disclosable_field_says_how_to_withhold_it(workdir: Path) -> None:
    text = init()
    # Each section says so beside it; the header says it once for every other field.
    disclosable = [
        path
        for path, info in iter_fields(Disclosure)
        if Undisclosed in models_in(info.annotation)
        and sections(info)
        and path in expected_scaffold_paths()
    ]
    notes = text.count("# Or, if not disclosed here: 'status: withheld'")
    assert notes == len(disclosable) > 10


def _markers(loc: tuple[str | int, ...]) -> tuple[Any, list[Any]]:
    """The declared type at `loc` and the metadata Pydantic keeps beside it."""
    name = loc[-1]
    if isinstance(name, str):
        for model in models_in(type_at(Disclosure, loc[:-1])):
            if name in model.model_fields:
                info = model.model_fields[name]
                return info.annotation, list(info.metadata)
    return type_at(Disclosure, loc), []


def _marked(tp: Any, marker: object) -> bool:
    if get_origin(tp) is Annotated and any(m is marker for m in tp.__metadata__):
        return True
    return any(_marked(a, marker) for a in get_args(tp))


def has_marker(loc: tuple[str | int, ...], marker: object) -> bool:
    annotation, metadata = _markers(loc)
    return any(m is marker for m in metadata) or _marked(annotation, marker)


def todo_lines(text: str) -> dict[tuple[str | int, ...], int]:
    """Each TODO placeholder's location in the data, with its 1-based line."""
    out: dict[tuple[str | int, ...], int] = {}

    def walk(node: yaml.Node, loc: tuple[str | int, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, child in node.value:
                walk(child, (*loc, key.value))
        elif isinstance(node, yaml.SequenceNode):
            for index, child in enumerate(node.value):
                walk(child, (*loc, index))
        elif "TODO" in node.value:
            out[loc] = node.start_mark.line + 1

    walk(yaml.compose(text), ())
    return out


def test_every_url_placeholder_says_it_wants_a_link(workdir: Path) -> None:
    text = init()
    lines = text.splitlines()
    urls = {loc: line for loc, line in todo_lines(text).items() if has_marker(loc, LINK)}
    assert len(urls) > 10
    unhinted = [
        ".".join(map(str, loc))
        for loc, line in urls.items()
        if not lines[line - 1].endswith("TODO  # an https:// link")
    ]
    assert unhinted == []


def test_every_choice_placeholder_lists_its_choices(workdir: Path) -> None:
    text = init()
    lines = text.splitlines()
    choices = {
        loc: line for loc, line in todo_lines(text).items() if literal_values(_markers(loc)[0])
    }
    assert len(choices) > 5
    for loc, line in choices.items():
        listed = ", ".join(str(v) for v in literal_values(_markers(loc)[0]))
        assert lines[line - 1].endswith(f"TODO  # one of: {listed}"), loc
    assert text.count("TODO  # one of: ") == len(choices)
    assert "unit: TODO  # one of: hour, task, item, day, week, month, year" in text


# check on a fresh scaffold


@pytest.mark.parametrize("minimal", [False, True], ids=["full", "minimal"])
def test_check_reports_each_todo_once_where_it_is(workdir: Path, minimal: bool) -> None:
    text = init("--minimal") if minimal else init()
    positions = placeholder_positions(text)
    assert len(positions) == text.count("TODO") - 1  # one TODO is in the header comment
    assert len(positions) == len({line for line, _ in positions})  # one per line

    result = run("check", "--format", "json", "disclosure.yaml")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    issues = doc["issues"]
    # Only TODO errors: no wrong-type, date-format or url error for a TODO in a
    # number, date, choice or link field.
    assert {i["code"] for i in issues} == {"todo"}
    assert all(i["severity"] == "error" for i in issues)
    assert sorted((i["line"], i["column"]) for i in issues) == positions
    assert doc["summary"]["errors"] == len(positions)
    lines = text.splitlines()
    for issue in issues:
        assert lines[issue["line"] - 1][issue["column"] - 1 :].startswith("TODO")


def test_check_text_output_on_a_fresh_scaffold(workdir: Path) -> None:
    text = init("--minimal")
    count = len(placeholder_positions(text))
    result = run("check", "disclosure.yaml")
    assert result.exit_code == 1
    out = result.stdout.splitlines()
    assert len(out) == count
    assert all(
        re.fullmatch(
            r"disclosure\.yaml:\d+:\d+: error\[todo\] \S+: a TODO placeholder is left here "
            r"\(hint: fill it in, or remove the field\)",
            line,
        )
        for line in out
    ), out[:3]
    assert "model.name" in result.stdout
    assert result.stderr == (
        f"1 file checked: 0 valid, 1 invalid; {count} error(s), 0 warning(s)\n"
    )


def test_validate_on_a_fresh_scaffold_reports_the_typed_fields(workdir: Path) -> None:
    """`validate` knows nothing of TODOs: a TODO in a number or date field is a type error."""
    init("--minimal")
    result = run("validate", "disclosure.yaml")
    assert result.exit_code == 1
    assert "model.release_date: expected a date" in result.stdout
    assert "error[todo]" not in result.stdout


# Filling in every TODO

# Where an id is defined (by its list) and where it is referred to.
REFERRED = {
    "source": "feedback_collections-0",
    "collection": "feedback_collections-0",
    "variant": "variants-0",
    "evaluation_set": "evaluation_sets-0",
}
REFERRED_DATASET = "datasets-0"


def plausible(loc: tuple[str | int, ...]) -> Any:
    """A value that fits the schema at `loc`, chosen from the field's type."""
    name = loc[-1]
    if name == "id":
        return f"{loc[-3]}-{loc[-2]}"  # e.g. reward_models-0: unique per list
    if isinstance(name, int) and loc[-2] == "reward_models":  # a stage's reward models
        return "reward_models-0"
    if isinstance(name, int) and loc[-2] == "produces":  # what a stage produced
        return "datasets-0"
    if isinstance(name, int) and loc[-2] == "stages":  # the stages a round ran
        return "stages-0"
    annotation, _ = _markers(loc)
    alternatives = set(_flatten_types(annotation))
    choices = literal_values(annotation)
    if choices:
        # An 'sft' stage may not use reward models, and the scaffold lists some.
        return "rlhf_ppo" if name == "kind" and "stages" in loc else choices[0]
    if name in REFERRED and str in alternatives:
        return REFERRED[name]
    if name == "dataset" and str in alternatives:
        return REFERRED_DATASET
    if bool in alternatives:
        return True
    if int in alternatives:
        return 3
    if float in alternatives:
        if name == "value" and "agreement" in loc:
            return 70.0  # percent agreement is in %, not a fraction (percent-as-fraction)
        return 5.0 if name == "max" else 0.5  # a rating scale needs min < max
    if has_marker(loc, DATE):
        return "2024-01-15"
    if has_marker(loc, LINK):
        return "https://example.org/rlhf"
    if name == "currency":
        return "USD"
    assert str in alternatives, (loc, annotation)
    return f"Example {str(name).replace('_', ' ')} for this model."


def _flatten_types(tp: Any) -> list[Any]:
    if get_origin(tp) is Annotated:
        return _flatten_types(get_args(tp)[0])
    args = get_args(tp)
    if args and get_origin(tp) is not list and get_origin(tp) is not dict:
        return [a for arg in args for a in _flatten_types(arg)]
    return [tp]


def fill_todos(value: Any, loc: tuple[str | int, ...] = ()) -> Any:
    if isinstance(value, dict):
        return {k: fill_todos(v, (*loc, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [fill_todos(v, (*loc, i)) for i, v in enumerate(value)]
    if isinstance(value, str) and "TODO" in value:
        return plausible(loc)
    return value


@pytest.mark.parametrize("minimal", [False, True], ids=["full", "minimal"])
def test_filled_scaffold_passes_check_strictly(workdir: Path, minimal: bool) -> None:
    text = init("--minimal") if minimal else init()
    data = fill_todos(yaml.safe_load(text))
    assert "TODO" not in repr(data)
    Path("disclosure.yaml").write_text(
        yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    validated = run("validate", "disclosure.yaml")
    assert validated.exit_code == 0, validated.stdout
    result = run("check", "--strict", "disclosure.yaml")
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""
    assert result.stderr == "1 file checked: 1 valid, 0 invalid; 0 error(s), 0 warning(s)\n"
    # Every item has an answer; the full scaffold answers every question too.
    score = run("coverage", "disclosure.yaml").stdout.splitlines()[0]
    assert ", withheld 0, not applicable 0, missing 0; questions answered" in score
    if not minimal:
        assert score == (
            "disclosure.yaml: disclosed 11/11, partial 0, withheld 0, not applicable 0, "
            "missing 0; questions answered 36/36"
        )


def test_one_todo_left_is_the_only_finding(workdir: Path) -> None:
    text = init("--minimal")
    data = fill_todos(yaml.safe_load(text))
    data["model"]["release_date"] = "TODO"
    Path("disclosure.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = run("check", "disclosure.yaml")
    assert result.exit_code == 1
    [line] = result.stdout.splitlines()
    assert re.fullmatch(r"disclosure\.yaml:\d+:\d+: error\[todo\] model\.release_date: .*", line), (
        line
    )


# schema: the JSON Schema editors use through the modeline

PACKAGED_SCHEMA = REPO / "rlhf_disclosure" / "data" / "disclosure.schema.json"


def test_schema_prints_the_committed_schema() -> None:
    result = run("schema")
    assert result.exit_code == 0
    assert result.stdout == PACKAGED_SCHEMA.read_text(encoding="utf-8")
    assert result.stderr == ""
    doc = json.loads(result.stdout)
    assert doc["$id"] == SCHEMA_URL
    assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_out_writes_the_file(workdir: Path) -> None:
    result = run("schema", "-o", "schema.json")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "schema.json\n"
    assert (workdir / "schema.json").read_bytes() == PACKAGED_SCHEMA.read_bytes()
    again = run("schema", "--out", "schema.json")  # replaces the file
    assert again.exit_code == 0
    assert (workdir / "schema.json").read_bytes() == PACKAGED_SCHEMA.read_bytes()


def test_modeline_url_names_the_committed_schema_file() -> None:
    """The default modeline points at the published copy of this very file."""
    assert SCHEMA_URL.endswith("/main/" + PACKAGED_SCHEMA.relative_to(REPO).as_posix())


def test_scaffold_filled_in_validates_against_the_json_schema(workdir: Path) -> None:
    """What editors check through the modeline agrees with `check` on a filled scaffold."""
    data = fill_todos(yaml.safe_load(init()))
    schema = json.loads(PACKAGED_SCHEMA.read_text(encoding="utf-8"))
    errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]
    assert errors == []


EXAMPLE_HINT = re.compile(r"^(?P<head>\s*(?:- )?(?:\w+: )?)TODO  # e\.g\. (?P<example>.+)$")


@pytest.mark.parametrize("minimal", [False, True], ids=["full", "minimal"])
def test_every_example_beside_a_todo_is_a_valid_value_there(workdir: Path, minimal: bool) -> None:
    text = init(*(["--minimal"] if minimal else []))
    lines = text.splitlines()
    filled = set()
    for number, line in enumerate(lines, 1):
        hint = EXAMPLE_HINT.match(line)
        if hint:
            lines[number - 1] = hint["head"] + hint["example"]
            filled.add(number)
    assert len(filled) > (20 if minimal else 150)
    Path("filled.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("validate", "--format", "json", "filled.yaml")
    issues = json.loads(result.stdout)["issues"]
    # The TODOs without an example are still wrong there; the examples never are.
    assert issues, "the remaining TODOs should still be reported"
    assert [i for i in issues if i["line"] in filled] == []


def test_an_example_is_not_repeated_where_the_description_gives_one(workdir: Path) -> None:
    comment: list[str] = []  # the comment block above the current line
    for line in init().splitlines():
        if line.lstrip().startswith("#"):
            comment.append(line)
            continue
        if "# e.g." in line:
            assert not any("e.g." in c for c in comment), (comment, line)
        comment = []


@pytest.mark.parametrize("url", ["x\ny: 1", "a b", "", "tab\there", "x\u2028y"])
def test_a_schema_url_that_would_break_the_modeline_is_a_usage_error(
    workdir: Path, url: str
) -> None:
    result = run("init", "--schema-url", url)
    assert result.exit_code == 2
    assert "--schema-url must be one URL or path without spaces" in result.output
    assert not Path("disclosure.yaml").exists()


@pytest.mark.parametrize("options", [(), ("--minimal",)])
def test_the_list_form_of_annotators_is_named_beside_the_mapping(
    workdir: Path, options: tuple[str, ...]
) -> None:
    lines = init(*options).splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip() == "annotators:")
    assert lines[at - 1].strip() == (
        "# Or, for several groups: a list of mappings like this one, each with its own 'name:'"
    )
