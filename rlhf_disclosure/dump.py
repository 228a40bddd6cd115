"""Write a disclosure back out as YAML that loads to the same model."""

from __future__ import annotations

import yaml

from .schema import Disclosure


def to_yaml(disclosure: Disclosure) -> str:
    """YAML for a disclosure: fields in schema order, unset and empty fields left out."""
    data = disclosure.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    data = {"schema_version": disclosure.schema_version, **data}
    return yaml.dump(
        data,
        Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
        sort_keys=False,
        allow_unicode=True,
        width=88,
    )
