"""Message templates chosen by Pydantic's stable error type (never by message text).

Each entry of MESSAGES: our issue code, and a template filled from the error's
context plus `field` (the field name), `got` (what the YAML holds, in words) and
`input`. OWN_MESSAGES are for problems found beside Pydantic. `issues.printable`
keeps text from the YAML from breaking a message over lines or reaching the terminal.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

TYPE_EXPECTATIONS: dict[str, str] = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true/false",
    "list_type": "a list",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
    "model_attributes_type": "a mapping of keys to values",
    "date_type": "a date",
}

MESSAGES: dict[str, tuple[str, str]] = {
    "missing": ("missing-field", "required field '{field}' is missing"),
    "extra_forbidden": ("unknown-field", "unknown field '{field}'"),
    "literal_error": ("invalid-value", "{input} is not allowed here; expected {expected}"),
    "greater_than_equal": ("out-of-range", "must be at least {ge}, got {input}"),
    "greater_than": ("out-of-range", "must be greater than {gt}, got {input}"),
    "less_than_equal": ("out-of-range", "must be at most {le}, got {input}"),
    "less_than": ("out-of-range", "must be less than {lt}, got {input}"),
    "too_short": ("too-short", "needs at least {min_length} item(s)"),
    "too_long": ("too-long", "has more than {max_length} item(s)"),
    "string_pattern_mismatch": ("invalid-format", "{input} does not have the expected form"),
    "finite_number": ("not-finite", "must be a finite number, got {input}"),
}

HINTS: dict[str, str] = {
    "missing": "add '{field}:' under this mapping",
    "string_pattern_mismatch": "expected a value matching {pattern}",
    "disclosable": "where the source says something other than a value, write a status: "
    "{status: withheld, reason: ...} (or not_applicable, none, elsewhere)",
    "quote": 'put the value in quotes to keep it exactly as written: "{raw}"',
    "quote_bool": "write true or false if a yes/no setting is meant, or put the value in "
    'quotes to keep the text: "{raw}"',
    "quote_number": 'put the value in quotes to keep it exactly as written: "{raw}", '
    "or write the number as {value}",
    "undisclosed_extra": "remove '{field}'",
    "undisclosed_extra_disclosable": "remove '{field}', or remove 'status' and 'reason' "
    "to disclose the section instead",
}

OWN_MESSAGES: dict[str, str] = {
    # Messages for problems Pydantic does not report, or reports in pieces.
    "unquoted_string": "expected text, but YAML reads the unquoted value {raw} as {reads}",
    "unquoted_union": "expected {expected}, but YAML reads the unquoted value {raw} as {reads}",
    "unquoted_free": "YAML reads the unquoted value {raw} as {reads}, not as the text '{raw}'",
    "undisclosed_extra": "unknown field '{field}'; {section} holds only {allowed}",
}


def suggest(word: str, options: Sequence[str]) -> list[str]:
    """What `word` was probably meant to be, best first; never `word` itself.

    The same word in another case wins; then options holding the word as whole
    '_'-separated tokens ('ppo' -> 'rlhf_ppo', not the close 'ipo'); then the
    closest spelling.
    """
    candidates = [o for o in options if o != word]
    lowered = word.lower()
    same = [o for o in candidates if o.lower() == lowered]
    if same:
        return same[:1]
    tokens = lowered.split("_")
    holding = [o for o in candidates if _holds_tokens(o.lower().split("_"), tokens)]
    if 0 < len(holding) <= 3:
        return holding
    return difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)


def _holds_tokens(tokens: list[str], run: list[str]) -> bool:
    n = len(run)
    return any(tokens[i : i + n] == run for i in range(len(tokens) - n + 1))


def did_you_mean(guesses: Sequence[str]) -> str:
    """'; did you mean \'x\'?' for the guesses of `suggest`."""
    quoted = [f"'{g}'" for g in guesses]
    return "; did you mean " + or_list(quoted) + "?"


def or_list(words: Sequence[str]) -> str:
    """'a, b or c'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def and_list(words: Sequence[str]) -> str:
    """'a, b and c'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


# A number field given text: which form the text asks for -----------------------

_SCALE_WORDS = {
    "thousand": 10**3,
    "k": 10**3,
    "million": 10**6,
    "m": 10**6,
    "billion": 10**9,
    "b": 10**9,
    "trillion": 10**12,
    "t": 10**12,
}
_NUMBER_TEXT = r"([0-9][0-9,]*(?:\.[0-9]+)?)\s*(thousand|million|billion|trillion|[kmbt])?"
_WORDED_FORMS = [
    (r"(?:about|approximately|approx\.?|around|roughly|circa|ca\.?|~|≈)\s*", "about"),
    (r"(?:more than|over|above|greater than|>)\s*", "more_than"),
    (r"(?:at least|no fewer than|no less than|>=|≥)\s*", "at_least"),
    (r"(?:less than|fewer than|under|below|<)\s*", "less_than"),
    (r"(?:at most|up to|no more than|<=|≤)\s*", "at_most"),
]


def _figure(digits: str, scale: str | None) -> str | None:
    """'1,500' -> '1500', '7 billion' -> '7e9'; None when the digits are not a number."""
    plain = digits.replace(",", "")
    try:
        value = float(plain)
    except ValueError:
        return None
    if scale is None or not value:
        return plain
    return f"{plain}e{len(str(_SCALE_WORDS[scale.lower()])) - 1}"


def figure_hint(text: str) -> str:
    """The form a number field's text asks for, e.g. 'more than 200' -> write
    {more_than: 200}; or the list of forms when the text says none of them."""
    said = " ".join(text.strip().lower().split())
    for prefix, key in _WORDED_FORMS:
        match = re.fullmatch(prefix + _NUMBER_TEXT + r"\+?", said)
        if match and (figure := _figure(match.group(1), match.group(2))):
            meaning = {
                "about": "an approximation",
                "more_than": "a strict lower bound",
                "at_least": "a lower bound",
                "less_than": "a strict upper bound",
                "at_most": "an upper bound",
            }[key]
            return f"write {{{key}: {figure}}} for {meaning}"
    match = re.fullmatch(_NUMBER_TEXT + r"\+", said)
    if match and (figure := _figure(match.group(1), match.group(2))):
        return f"write {{at_least: {figure}}} for a lower bound"
    match = re.fullmatch(_NUMBER_TEXT + "\\s*(?:to|-|\u2013|\u2014)\\s*" + _NUMBER_TEXT, said)
    if match:
        low, high = _figure(match.group(1), match.group(2)), _figure(match.group(3), match.group(4))
        if low and high:
            return f"write {{from: {low}, to: {high}}} for a range"
    match = re.fullmatch(_NUMBER_TEXT, said)
    if match and (figure := _figure(match.group(1), match.group(2))):
        return f"write the number without quotes or words: {figure}"
    return (
        "write a number, or a figure the source qualifies: {about: N}, {at_least: N}, "
        "{more_than: N}, {at_most: N}, {less_than: N}, {from: A, to: B}; or a status "
        "{status: withheld, reason: ...}"
    )
