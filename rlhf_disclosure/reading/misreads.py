"""YAML that libyaml reads otherwise than the YAML specification, found in the source.

Each construct below is accepted by libyaml with a value the specification does not
give it (or accepted though the specification refuses it). They are found from the
node tree and the text under it, and refused with a located message, so a file never
loads with a value its author did not write:

- a comment right after a quoted value (`key: "value"# note`): YAML needs a space
  before `#`; libyaml drops the rest as a comment;
- a comment right after a block scalar indicator (`key: ># note`);
- a key written `?foo` in a flow mapping (`{ ?foo: bar }`): the key is `?foo`, libyaml
  reads `foo`; an item `?x` in a flow sequence (`[?x]`) is the text `?x`, libyaml
  makes a mapping of it;
- a lone `-` in a flow collection (`[-]`), which YAML refuses;
- the non-specific tag `!` (`! 12`), which makes the value text, where libyaml
  resolves it as if untagged (the number 12).
"""

from __future__ import annotations

import re

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

Misread = tuple[Node, str, str, str]
"""(node, code, message, hint)."""

_BLOCK_HEADER = re.compile(r"[|>][-+0-9]*#")
# Text any of the constructs needs; a document without it is not walked at all.
_BLOCK_SUSPECT = re.compile(r"[|>][-+0-9]{0,2}#")
_FLOW_SUSPECT = re.compile(r"[\[{,][ \t]*(?:-[ \t]*[\]},]|\?[^ \t\r\n])")


def _suspect(text: str) -> bool:
    if '"#' in text or "'#" in text or "! " in text or "!\t" in text:
        return True
    if "#" in text and _BLOCK_SUSPECT.search(text):
        return True
    return ("[" in text or "{" in text) and _FLOW_SUSPECT.search(text) is not None


def _flow(node: Node) -> bool:
    return isinstance(node, (MappingNode, SequenceNode)) and bool(node.flow_style)


def misreads(text: str, root: Node) -> list[Misread]:
    """Every construct of the module's list in the document under `root`."""
    if not _suspect(text):
        return []
    found: list[Misread] = []
    seen: set[int] = set()
    stack: list[tuple[Node, Node | None]] = [(root, None)]
    while stack:
        node, parent = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        found.extend(_at(text, node, parent))
        if isinstance(node, SequenceNode):
            stack.extend((child, node) for child in node.value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack.extend(((key, node), (value, node)))
    return found


def _at(text: str, node: Node, parent: Node | None) -> list[Misread]:
    start, end = node.start_mark.index, node.end_mark.index
    out: list[Misread] = []
    if isinstance(node, ScalarNode):
        if node.style in ('"', "'") and text[end : end + 1] == "#":
            out.append(
                (
                    node,
                    "comment-needs-space",
                    "a comment right after a quoted value needs a space before '#'; "
                    "YAML refuses it (libyaml would drop the rest of the line)",
                    "put a space before '#'",
                )
            )
        if node.style in ("|", ">") and _BLOCK_HEADER.match(text, start):
            out.append(
                (
                    node,
                    "comment-needs-space",
                    "a comment right after a block scalar indicator needs a space before "
                    "'#'; YAML refuses it",
                    "put a space before '#'",
                )
            )
        if not node.style and node.value == "-" and parent is not None and _flow(parent):
            out.append(
                (
                    node,
                    "lone-dash",
                    "a lone '-' in a flow collection is not YAML (libyaml reads it as "
                    "the text '-')",
                    "quote it ('-') if it is meant as text",
                )
            )
        if text.startswith("! ", start) or text.startswith("!\t", start):
            out.append(
                (
                    node,
                    "non-specific-tag",
                    f"the tag '!' makes {node.value!r} text in YAML, where libyaml reads "
                    "it as if untagged",
                    f"quote the value ('{node.value}') or remove the '!'",
                )
            )
    if parent is not None and _flow(parent) and _question_eaten(text, start):
        out.append(
            (
                node,
                "question-mark-key",
                "'?' with no space after it is part of the value in a flow collection "
                "(the key or item '?"
                + (node.value if isinstance(node, ScalarNode) else "")
                + "'), but libyaml reads it as the explicit-key indicator",
                "quote the value ('?...') or put a space after '?'",
            )
        )
    return out


def _question_eaten(text: str, start: int) -> bool:
    """A '?' right before a node (no space between) that libyaml took as an indicator."""
    if start == 0 or text[start - 1] != "?":
        return False
    before = text[: start - 1].rstrip(" \t")
    return before.endswith(("{", "[", ","))
