"""File comments that turn policy rules off for one file.

    # rlhf-disclosure: ignore[result-without-n, item-missing] The paper gives no sample sizes.

A transcription of a published paper can hold only what the paper says; a comment
like this one says so in the file itself, with its reason, where every reader sees
it. The rules an organisation's policy sets on purpose (`item-not-disclosed`,
`min-coverage`) cannot be turned off this way, and a policy may refuse such
comments altogether (`file_ignores: false`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from ..issues import Issue
from ..validation.messages import did_you_mean, suggest
from .policy import MIN_REASON_WORDS, RULES

PREFIX = "rlhf-disclosure:"
LOCKED = frozenset({"item-not-disclosed", "item-not-performed", "min-coverage"})
"""Rules a file cannot turn off: they are the policy's own requirements."""

_COMMENT = re.compile(rb"^([ \t]*#[ \t]*)rlhf-disclosure:([^\r\n]*)", re.MULTILINE)
_IGNORE = re.compile(r"\s*ignore\[([^\]]*)\](.*)$")


@dataclass(frozen=True)
class FileIgnores:
    """The rules a file turns off, and the problems with its comments."""

    rules: frozenset[str] = frozenset()
    problems: list[Issue] = field(default_factory=list)
    lines: tuple[int, ...] = ()  # where the comments are, for a policy that refuses them


def file_ignores(raw: bytes, file: str) -> FileIgnores:
    """Parse every `# rlhf-disclosure:` comment of a file (full-line comments only)."""
    if PREFIX.encode() not in raw:
        return FileIgnores()
    rules: set[str] = set()
    problems: list[Issue] = []
    lines: list[int] = []
    matches = list(_COMMENT.finditer(raw))
    text_spans = _scalar_spans(raw)
    for match in matches:
        line = raw.count(b"\n", 0, match.start()) + 1
        column = len(match.group(1).decode("utf-8", "replace")) + 1
        hash_at = (line - 1, match.group(1).index(b"#"))
        if any(start < hash_at < end for start, end in text_spans):
            continue  # a line of text in a block or quoted scalar, not a comment
        lines.append(line)

        def problem(
            message: str, hint: str | None = None, at: tuple[int, int] = (line, column)
        ) -> None:
            problems.append(Issue(file, at[0], at[1], "", "bad-comment", message, hint))

        body = match.group(2).decode("utf-8", "replace")
        parsed = _IGNORE.match(body)
        if parsed is None:
            problem(
                f"cannot read the comment '{PREFIX}{body.rstrip()}'",
                f"write '# {PREFIX} ignore[rule, ...] reason'",
            )
            continue
        names = [n.strip() for n in parsed.group(1).split(",") if n.strip()]
        reason = parsed.group(2).strip()
        if not names:
            problem("the comment names no rule to ignore", "name rules: " + ", ".join(RULES))
        if len(reason.split()) < MIN_REASON_WORDS:
            problem(
                "say why the rules do not apply, after the brackets",
                f"a sentence of at least {MIN_REASON_WORDS} words a reader can judge",
            )
        for name in names:
            if name in LOCKED:
                problem(
                    f"the rule '{name}' is a requirement of the policy and cannot be ignored "
                    "in a file",
                    "change the policy file instead",
                )
            elif name not in RULES:
                close = suggest(name, list(RULES))
                problem(
                    f"unknown rule '{name}'" + (did_you_mean(close) if close else ""),
                    None if close else "rules: " + ", ".join(RULES),
                )
            else:
                rules.add(name)
    return FileIgnores(frozenset(rules), problems, tuple(lines))


_Mark = tuple[int, int]  # (line, column), both from 0


def _scalar_spans(raw: bytes) -> list[tuple[_Mark, _Mark]]:
    """Where the file's multi-line scalars are, so that a line of their text that
    looks like a comment is not taken for one. Only called when the file mentions
    the prefix; a file YAML cannot scan has no spans (the load reports it)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    spans = []
    try:
        for token in yaml.scan(raw, Loader=loader):
            if isinstance(token, yaml.ScalarToken):
                start, end = token.start_mark, token.end_mark
                if end.line > start.line:
                    spans.append(((start.line, start.column), (end.line, end.column)))
    except yaml.YAMLError:
        return []
    return spans
