"""The JSON Schema of the disclosure format, generated from the models."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from . import SCHEMA_VERSION, Disclosure

SCHEMA_URL = (
    "https://raw.githubusercontent.com/rlhf-disclosure/rlhf-disclosure/main/"
    "rlhf_disclosure/data/disclosure.schema.json"
)
"""Where the published schema lives; editors fetch it through the scaffold's modeline."""

PACKAGED = "data/disclosure.schema.json"


def disclosure_json_schema() -> dict[str, Any]:
    """Draft 2020-12 JSON Schema for a disclosure file."""
    body = Disclosure.model_json_schema(mode="validation")
    # Pydantic leaves a required field that is a bare `$ref` without its description;
    # editors show these descriptions on hover, so put them back.
    for name, info in Disclosure.model_fields.items():
        prop = body.get("properties", {}).get(name)
        if prop is not None and "description" not in prop and info.description:
            prop["description"] = info.description
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_URL,
        "title": f"RLHF disclosure (schema version {SCHEMA_VERSION})",
        **{k: v for k, v in body.items() if k != "title"},
    }


def schema_text() -> str:
    """The schema as the exact text that is committed and published."""
    return json.dumps(disclosure_json_schema(), indent=2, ensure_ascii=False) + "\n"


def packaged_schema_text() -> str:
    """The copy shipped in the package (tests check it equals `schema_text()`)."""
    return resources.files("rlhf_disclosure").joinpath(PACKAGED).read_text("utf-8")
