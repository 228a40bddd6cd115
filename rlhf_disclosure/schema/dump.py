"""Write a disclosure back out as YAML that loads to the same model."""

from __future__ import annotations

from typing import Any

import yaml

from ..figures import NUMBER_START, yaml12_number
from . import Disclosure

_BASE: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_YAML_LINE_BREAKS = ("\x85", "\u2028", "\u2029")


class _Dumper(_BASE):  # type: ignore[misc]
    """The safe dumper, writing text that holds a Unicode line break double-quoted.

    YAML treats U+0085, U+2028 and U+2029 as line breaks, so left raw inside plain
    or single-quoted text they would be folded away on reading; in double quotes
    the emitter writes them as the escapes \\N, \\L and \\P.
    """


def _represent_str(dumper: Any, value: str) -> Any:
    style = '"' if any(c in value for c in _YAML_LINE_BREAKS) else None
    if style is None and value[:1] in NUMBER_START and yaml12_number(value) is not value:
        style = "'"  # text YAML 1.2 reads as a number (1e-5, 0o17): PyYAML would not quote it
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def to_yaml(disclosure: Disclosure) -> str:
    """YAML for a disclosure: fields in schema order, unset and empty fields left out."""
    data = disclosure.model_dump(
        mode="json", exclude_none=True, exclude_defaults=True, by_alias=True
    )
    data = {"schema_version": disclosure.schema_version, **data}
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=88,
    )
