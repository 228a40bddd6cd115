"""Numbers that remember how they were written.

A figure in a disclosure is a fact someone published: `72.0` is not `72` and `0.50` is
not `0.5`. The loader hands each number over as one of these; they behave as the
plain number (arithmetic, comparison, hashing) and keep the text in `written`.
"""

from __future__ import annotations

import math
import re
from typing import Any


class WrittenInt(int):
    """A whole number with the text it was written as (`1.1e9`, `200`)."""

    written: str

    def __new__(cls, value: int, written: str | None = None) -> WrittenInt:
        self = super().__new__(cls, value)
        self.written = written if written is not None else repr(int(value))
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (WrittenInt, (int(self), self.written))


class WrittenFloat(float):
    """A number with the text it was written as (`72.0`, `0.50`, `1e-5`)."""

    written: str

    def __new__(cls, value: float, written: str | None = None) -> WrittenFloat:
        self = super().__new__(cls, value)
        self.written = written if written is not None else repr(float(value))
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (WrittenFloat, (float(self), self.written))


def written(value: Any) -> str:
    """The text a number was written as; `repr` for one that came from Python."""
    text = getattr(value, "written", None)
    return text if isinstance(text, str) else repr(value)


MAX_INT_DIGITS = 1000
"""Integers may have at most this many digits (Python refuses to print past 4,300)."""

NUMBER_START = frozenset("0123456789+-.")
"""The characters a number can start with."""
# Numbers in YAML 1.2 (the core schema editors and the JSON Schema follow) that YAML 1.1
# reads as text: an exponent without a decimal point or without a sign (1e-5, 1.0e5),
# and octal written 0o17. Read as YAML 1.2 does, so `learning_rate: 1e-5` is a number.
_YAML12_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+")
_YAML12_OCTAL = re.compile(r"0o[0-7]+")


def yaml12_number(text: str) -> Any:
    """The number YAML 1.2 reads in plain text that YAML 1.1 left as text, or the text."""
    if _YAML12_FLOAT.fullmatch(text):
        value = float(text)
        return WrittenFloat(value, text) if math.isfinite(value) else text
    if _YAML12_OCTAL.fullmatch(text) and len(text) <= MAX_INT_DIGITS:
        return WrittenInt(int(text[2:], 8), text)
    return text
