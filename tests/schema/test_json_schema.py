"""The exported JSON Schema: committed copy current, and agreeing with `validate`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, get_args

import pytest
from jsonschema import Draft202012Validator
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from rlhf_disclosure.reading.loader import YamlRefused, decode, load_yaml
from rlhf_disclosure.schema import Disclosure
from rlhf_disclosure.schema.json_schema import (
    disclosure_json_schema,
    packaged_schema_text,
    schema_text,
)
from rlhf_disclosure.validation.validate import validate_bytes
from tests.repo import REPO

FIXTURES = [
    *sorted(REPO.glob("tests/fixtures/valid/*.yaml")),
    *sorted(REPO.glob("tests/fixtures/invalid/*.yaml")),
    *sorted(REPO.glob("examples/*.yaml")),
]

# Issue codes for checks the JSON Schema cannot express (listed in the README).
LOADER_ONLY = {
    "unknown-reference",
    "duplicate-id",
    "ci-order",
    "scale-order",
    "k-order",
    "date-invalid",
    "date-with-time",
    "url-invalid",
    "unquoted-value",
    "ambiguous-number",  # YAML 1.1 vs 1.2 readings: JSON Schema sees only one of them
    "inexact-number",  # JSON Schema sees the number after rounding
    "ambiguous-boolean",  # yes/no/on/off: YAML 1.1 and 1.2 disagree
    "not-finite",
    # `schema_version: 1.0`: JSON (and so JSON Schema) has one number 1 = 1.0; YAML
    # keeps the float, and validate refuses it.
    "not-whole-number",
    "duplicate-pool-name",  # unique names of the annotator pools of one collection
    "mix-share-sum",  # the exact shares of a data mix add up to at most 1
}


def test_committed_schema_matches_the_models() -> None:
    assert packaged_schema_text() == schema_text(), (
        "run: rlhf-disclosure schema -o rlhf_disclosure/data/disclosure.schema.json"
    )


def test_schema_is_valid_draft_2020_12() -> None:
    schema = disclosure_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_every_property_has_a_description() -> None:
    schema = disclosure_json_schema()
    missing = []
    for name, definition in schema["$defs"].items():
        for prop, spec in definition.get("properties", {}).items():
            if "description" not in spec:
                missing.append(f"{name}.{prop}")
    assert not missing, missing


def as_json(value: Any) -> Any:
    """What an editor's YAML 1.2 view would hand the JSON Schema: dates as text."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def parses(path: Path) -> bool:
    """Whether the file gets past the YAML loader (the rest is loader-level only)."""
    try:
        load_yaml(decode(path.read_bytes()))
    except YamlRefused:
        return False
    return True


PARSED = [p for p in FIXTURES if parses(p)]


@pytest.mark.parametrize("path", PARSED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_json_schema_agrees_with_validate(path: Path) -> None:
    raw = path.read_bytes()
    data = load_yaml(decode(raw)).data
    ours = validate_bytes(raw, path.name)
    codes = {i.code for i in ours.issues}
    errors = list(Draft202012Validator(disclosure_json_schema()).iter_errors(as_json(data)))
    if codes and codes <= LOADER_ONLY:
        return  # only checks JSON Schema cannot express
    assert (not ours.issues) == (not errors), (
        f"validate: {sorted(codes)}; jsonschema: {[e.message for e in errors][:5]}"
    )


def test_most_fixtures_reach_the_differential_test() -> None:
    assert len(PARSED) >= 40


def test_schema_json_is_deterministic() -> None:
    assert schema_text() == schema_text()
    json.loads(schema_text())


# --- Examples: every leaf property has some, and they are valid ----------------------

SCALAR_TYPES = {"string", "number", "integer", "boolean"}
UNDISCLOSED_REF = "#/$defs/Undisclosed"

# Leaf properties that need no example, by "Definition.property", each with the reason.
# Keep it tiny: an example is what an editor offers as you type.
NO_EXAMPLE: dict[str, str] = {}


def schema_properties(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(definition, property, its schema) for the root and every `$defs` entry."""
    found = [("Disclosure", name, spec) for name, spec in schema["properties"].items()]
    for definition, body in schema["$defs"].items():
        found += [(definition, name, spec) for name, spec in body.get("properties", {}).items()]
    return found


def alternatives(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The shapes a value may take, looking through anyOf/oneOf, null, a status, a
    value per variant and a qualified figure."""
    for key in ("anyOf", "oneOf"):
        if key in spec:
            return [shape for alt in spec[key] for shape in alternatives(alt)]
    ref = spec.get("$ref", "")
    if spec.get("type") == "null" or ref == UNDISCLOSED_REF:
        return []
    # The other forms of a value: per variant, or a bound or approximation of a number.
    if ref.startswith("#/$defs/PerVariant") or (
        ref.startswith("#/$defs/") and ref.endswith("Figure")
    ):
        return []
    return [spec]


def is_scalar(spec: dict[str, Any]) -> bool:
    if "$ref" in spec:
        return False
    if "type" in spec:
        return spec["type"] in SCALAR_TYPES
    return "enum" in spec or "const" in spec


def is_leaf(spec: dict[str, Any]) -> bool:
    """A scalar (perhaps with a format, pattern or enum) or a list of scalars."""
    shapes = alternatives(spec)

    def leaf(shape: dict[str, Any]) -> bool:
        if shape.get("type") == "array":
            items = alternatives(shape.get("items", {}))
            return bool(items) and all(is_scalar(i) for i in items)
        return is_scalar(shape)

    return bool(shapes) and all(leaf(s) for s in shapes)


def examples_of(spec: dict[str, Any]) -> list[Any]:
    """Examples on the property and on its anyOf/oneOf alternatives (a type alias's own)."""
    found = list(spec.get("examples", []))
    for key in ("anyOf", "oneOf"):
        for alt in spec.get(key, []):
            found += examples_of(alt)
    return found


SCHEMA = disclosure_json_schema()
PROPERTIES = schema_properties(SCHEMA)
LEAVES = [(d, p, s) for d, p, s in PROPERTIES if is_leaf(s)]
WITH_EXAMPLES = [(d, p, s) for d, p, s in PROPERTIES if examples_of(s)]


def test_the_leaf_classification_sees_most_properties() -> None:
    # Guards the helpers above: if they stopped recognising leaves, the tests below
    # would pass on nothing.
    assert len(LEAVES) >= 200
    assert ("ModelIdentity", "name", SCHEMA["$defs"]["ModelIdentity"]["properties"]["name"]) in (
        LEAVES
    )
    assert not is_leaf(SCHEMA["properties"]["model"])
    assert not is_leaf(SCHEMA["properties"]["pretraining"])
    assert not is_leaf(SCHEMA["$defs"]["Annotators"]["properties"]["demographics"])
    assert is_leaf(SCHEMA["$defs"]["Annotators"]["properties"]["workforce"])


def test_every_leaf_property_has_examples() -> None:
    # A value per variant (PerVariant*) takes the value's own form: its examples are
    # those of the field it stands in for.
    missing = [
        f"{d}.{p}"
        for d, p, s in LEAVES
        if not examples_of(s) and f"{d}.{p}" not in NO_EXAMPLE and not d.startswith("PerVariant")
    ]
    assert not missing, f"{len(missing)} leaf properties without examples: {missing}"
    assert set(NO_EXAMPLE) <= {f"{d}.{p}" for d, p, _ in LEAVES}, "stale exemption"


def test_examples_are_few_per_property() -> None:
    many = [f"{d}.{p}" for d, p, s in PROPERTIES if len(s.get("examples", [])) > 2]
    assert not many, many


@pytest.mark.parametrize(
    ("definition", "prop", "spec"), WITH_EXAMPLES, ids=[f"{d}.{p}" for d, p, _ in WITH_EXAMPLES]
)
def test_examples_are_valid_against_the_json_schema(
    definition: str, prop: str, spec: dict[str, Any]
) -> None:
    validator = Draft202012Validator(
        {"$defs": SCHEMA["$defs"], **spec}, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    for example in examples_of(spec):
        errors = [e.message for e in validator.iter_errors(example)]
        assert not errors, f"{definition}.{prop} example {example!r}: {errors}"


def reachable_models(root: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """Every model class a disclosure can contain, by name (as in `$defs`)."""

    def types_in(annotation: Any) -> list[Any]:
        return [annotation, *(t for arg in get_args(annotation) for t in types_in(arg))]

    found: dict[str, type[BaseModel]] = {}
    todo = [root]
    while todo:
        model = todo.pop()
        if found.setdefault(model.__name__, model) is not model:
            continue
        for info in model.model_fields.values():
            todo += [
                t
                for t in types_in(info.annotation)
                if isinstance(t, type) and issubclass(t, BaseModel) and t.__name__ not in found
            ]
    return found


MODELS = reachable_models(Disclosure)


def by_property(model: type[BaseModel]) -> dict[str, FieldInfo]:
    """A model's fields by the name the file uses (the alias, where one is set)."""
    return {info.alias or name: info for name, info in model.model_fields.items()}


def test_every_schema_definition_is_a_reachable_model() -> None:
    assert set(MODELS) == {"Disclosure", *SCHEMA["$defs"]}
    for definition, model in MODELS.items():
        body = SCHEMA if definition == "Disclosure" else SCHEMA["$defs"][definition]
        assert set(body.get("properties", {})) == set(by_property(model)), definition


@pytest.mark.parametrize(
    ("definition", "prop", "spec"), WITH_EXAMPLES, ids=[f"{d}.{p}" for d, p, _ in WITH_EXAMPLES]
)
def test_examples_pass_the_models_own_validation(
    definition: str, prop: str, spec: dict[str, Any]
) -> None:
    # The field's own type with its constraints and validators (Pydantic moves
    # `Annotated` metadata into `FieldInfo.metadata`), as strict as the models are.
    info = by_property(MODELS[definition])[prop]
    adapter: TypeAdapter[Any] = TypeAdapter(
        info.rebuild_annotation(),
        config=ConfigDict(strict=True, allow_inf_nan=False),
    )
    refused = []
    for example in examples_of(spec):
        try:
            adapter.validate_python(example)
        except ValidationError as exc:
            refused.append(f"{definition}.{prop} example {example!r}: {exc}")
    assert refused == []


# Draft 2020-12 keywords the exported schema may use; anything else (such as Pydantic's
# "ge" leaking from a constraint on a union) is ignored by validators, so a bound
# would silently not be checked by editors.
KEYWORDS = {
    "$schema", "$id", "$defs", "$ref", "title", "description", "examples", "default",
    "type", "enum", "const", "properties", "additionalProperties", "required", "items",
    "minItems", "maxItems", "uniqueItems", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "minLength", "maxLength", "pattern", "format", "anyOf", "oneOf",
    "allOf", "not", "if", "then", "else", "dependentRequired", "propertyNames",
    "patternProperties",
}  # fmt: skip
VALUES = {"examples", "default", "const", "enum", "required", "dependentRequired"}  # data


def keywords(node: Any) -> set[str]:
    """Every keyword used in a schema node and its subschemas."""
    found: set[str] = set()
    if isinstance(node, list):
        for item in node:
            found |= keywords(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            found.add(key)
            if key in ("properties", "$defs", "patternProperties"):
                for sub in value.values():
                    found |= keywords(sub)
            elif key not in VALUES:
                found |= keywords(value)
    return found


def test_the_schema_uses_only_standard_keywords() -> None:
    assert keywords(SCHEMA) - KEYWORDS == set()
    assert {"minimum", "maximum", "pattern"} <= keywords(SCHEMA)  # the walk sees bounds


@pytest.mark.parametrize("value", [-1, -0.5])
def test_a_negative_epoch_count_is_refused_by_the_json_schema_too(value: float) -> None:
    doc = {
        "schema_version": 2,
        "model": {"name": "M"},
        "policy_training": {
            "stages": [
                {"id": "s", "name": "S", "kind": "sft", "hyperparameters": {"epochs": value}}
            ]
        },
    }
    assert list(Draft202012Validator(SCHEMA).iter_errors(doc))
    result = validate_bytes(json.dumps(doc).encode())
    assert [i.code for i in result.issues] == ["out-of-range"]
