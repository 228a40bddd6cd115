"""Numbers and booleans in typed fields that do not mean what they say.

The schema takes `count: 0755` as a number, but YAML 1.1 (what the loader reads)
makes it 493 while YAML 1.2 (what editors and the JSON Schema use) makes it 755; the
same for `1_000`, `0b101` and `1:30`, and `file_ignores: yes` is true for one and
the text "yes" for the other. A number with more digits than a float holds
(`99.99999999999999999`) becomes another number (100.0). Each is a located error
asking for the number as it is meant; free-form fields get their own check
(`locate.free_form_issues`), and a typed text field its schema error.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from decimal import Decimal, InvalidOperation

from yaml.nodes import ScalarNode

from ..issues import Issue, printable_issue
from ..reading.loader import BOOL, FLOAT, INT, Loaded, node_locs, position
from ..schema.paths import Loc
from .locate import (
    display_path,
    retyped_plain_scalar,
    under_reported,
    yaml_value,
)

# What YAML 1.1 reads as an integer and YAML 1.2 (core schema) reads otherwise: a
# leading-zero octal, binary, underscores and base-60 ("sexagesimal") numbers.
_DIFFERS_INT = re.compile(r"[-+]?(0[0-7_]+|0b[01_]+|.*_.*|[1-9][0-9_]*(:[0-5]?[0-9])+)")
_DIFFERS_FLOAT = re.compile(r".*[_:].*")


def _reading(node: ScalarNode, value: object) -> tuple[str, str, str] | None:
    """(code, message, hint) when YAML 1.1's reading of a plain value is not what it says."""
    text = node.value
    if node.tag == BOOL and text.lower() not in ("true", "false"):
        return (
            "ambiguous-boolean",
            f"YAML 1.1 reads {text} as {yaml_value(value)}, and YAML 1.2 (editors, the "
            "JSON Schema) reads it as text",
            "write true or false",
        )
    hex_int = text.lstrip("+-").lower().startswith("0x")  # YAML 1.2 reads hex alike
    if (node.tag == INT and not hex_int and _DIFFERS_INT.fullmatch(text)) or (
        node.tag == FLOAT and _DIFFERS_FLOAT.fullmatch(text)
    ):
        return (
            "ambiguous-number",
            f"YAML 1.1 reads {text} as {yaml_value(value)}, and YAML 1.2 (editors, the "
            "JSON Schema) reads it otherwise",
            f"write the number plainly, as it is meant, or quote {text} if it is text",
        )
    if node.tag == FLOAT and isinstance(value, float):
        try:
            exact = Decimal(text) == Decimal(repr(value))
        except InvalidOperation:
            return None
        if not exact:
            return (
                "inexact-number",
                f"{text} has more digits than a number here can hold; it would be read "
                f"as {yaml_value(value)}",
                "write at most 17 significant digits, or quote the number to keep it as text",
            )
    return None


def typed_number_issues(
    file: str,
    loaded: Loaded,
    taken: Collection[int] = (),
    reported: Collection[Loc] = (),
) -> list[Issue]:
    """Plain numbers and booleans whose reading is not what they say, except on `taken`
    lines and at or below `reported` places."""
    found = [
        (node, reading)
        for node, value in loaded.typed_plain
        if node.tag in (INT, FLOAT, BOOL)
        and (reading := _reading(node, value)) is not None
        and retyped_plain_scalar(node)
    ]
    if not found:
        return []
    locs = node_locs(loaded.root)
    quiet = frozenset(reported)
    out: list[Issue] = []
    for node, (code, message, hint) in found:
        line, col = position(node)
        loc = locs.get(id(node))
        if line in taken or loc is None or under_reported(loc, quiet):
            continue
        issue = Issue(file, line, col, display_path(loaded, loc), code, message, hint)
        out.append(printable_issue(issue))
    return out
