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

`indentation_misreads` adds the indentation rules libyaml does not check, from the
multi-line nodes the loader collects while it builds the data.
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


# Indentation that YAML requires and libyaml does not check ------------------------

SpreadMisread = tuple[Node, int, int, str, str, str]
"""(node, 1-based line, 1-based column, code, message, hint)."""

_BREAK = re.compile(r"\r\n?|\n")
_BLOCK_START = re.compile(r"(?:[!&][^ \t\r\n]*[ \t]+)*[|>]([-+]?)([1-9]?)")


def indentation_misreads(text: str, spread: list[tuple[Node, int]]) -> list[SpreadMisread]:
    """Lines of multi-line nodes that break YAML's indentation rules but load anyway.

    `spread` holds each quoted value, block scalar and flow collection written over
    several lines, with the column of the block collection around it (-1 when
    there is none). libyaml checks none of the following:

    - a line continuing a quoted value or a flow collection must be indented by
      more spaces than that collection (a tab is not indentation), so
      `key: "bar` + a line `<TAB>baz"` is not YAML;
    - the empty lines that start a block scalar may not have more spaces than its
      first line of text (libyaml ends the scalar there and drops the text);
    - a file that ends in a line of spaces, without a line break, right after a
      block scalar: YAML counts the end of the file as that line's break, and
      libyaml loses it.
    """
    found: list[SpreadMisread] = []
    last_block: ScalarNode | None = None
    for node, indent in spread:
        if isinstance(node, ScalarNode) and node.style in ("|", ">"):
            found.extend(_block_leading_lines(text, node, indent))
            if last_block is None or node.end_mark.index > last_block.end_mark.index:
                last_block = node
        elif indent >= 0:
            found.extend(_under_indented(text, node, indent))
    if last_block is not None:
        found.extend(_spaces_at_end(text, last_block))
    return found


def _under_indented(text: str, node: Node, indent: int) -> list[SpreadMisread]:
    """The first line of the node indented too little, if any (one issue per node)."""
    start, end = node.start_mark.index, node.end_mark.index
    need = indent + 1
    bad: list[tuple[int, int, bool]] = []  # (line, column, a tab in the indentation)
    line = node.start_mark.line + 1
    for brk in _BREAK.finditer(text, start, end):
        line += 1
        at = first = brk.end()
        while at < end and text[at] == " ":
            at += 1
        spaces = at - first
        while at < end and text[at] in " \t":
            at += 1
        if at >= len(text) or text[at] in "\r\n" or spaces >= need:
            continue  # an empty line, or indented enough
        if text[at] == "#" and not isinstance(node, ScalarNode):
            continue  # a comment line may start anywhere
        bad.append((line, at - first + 1, "\t" in text[first:at]))
    if not bad:
        return []
    line, column, tab = bad[0]
    what = "a quoted value" if isinstance(node, ScalarNode) else "a list or mapping in brackets"
    indentation = f"{need} space{'s' if need > 1 else ''}"
    more = f" (and {len(bad) - 1} more line{'s' if len(bad) > 2 else ''} after it)"
    return [
        (
            node,
            line,
            column,
            "continuation-indent",
            f"this line continues {what} begun on line {node.start_mark.line + 1}, so YAML "
            f"needs it indented by at least {indentation}"
            + (" (a tab does not count as indentation)" if tab else "")
            + "; libyaml would read it anyway"
            + (more if len(bad) > 1 else ""),
            f"start the line with at least {indentation}",
        )
    ]


def _block_leading_lines(text: str, node: ScalarNode, indent: int) -> list[SpreadMisread]:
    header = _BLOCK_START.match(text, node.start_mark.index)
    if header is None or header.group(2):
        return []  # the indentation is given, so no line sets it
    brk = _BREAK.search(text, header.end())
    line = node.start_mark.line + 1
    widest = 0
    while brk is not None:
        line += 1
        first = brk.end()
        brk = _BREAK.search(text, first)
        stop = brk.start() if brk else len(text)
        row = text[first:stop]
        spaces = len(row) - len(row.lstrip(" "))
        if spaces < len(row):  # the first line with text
            if indent < spaces < widest:
                return [
                    (
                        node,
                        line,
                        spaces + 1,
                        "block-scalar-indent",
                        f"the empty lines that start this block scalar have more spaces "
                        f"({widest}) than its first line of text ({spaces}); YAML refuses "
                        "that, and libyaml would drop the text",
                        "remove the spaces from the empty lines before the text",
                    )
                ]
            return []
        widest = max(widest, spaces)
    return []


def _spaces_at_end(text: str, node: ScalarNode) -> list[SpreadMisread]:
    tail = text[node.end_mark.index :]
    if not text.endswith(" ") or tail.strip(" \r\n"):
        return []
    last = max(text.rfind("\n"), text.rfind("\r")) + 1
    if text[last:].strip(" "):
        return []
    line = node.end_mark.line + 1 + len(_BREAK.findall(tail))
    return [
        (
            node,
            line,
            1,
            "spaces-at-end",
            "the file ends in a line of spaces, without a line break, right after a "
            "block scalar; YAML counts the end of the file as that line's break, and "
            "libyaml would lose it",
            "remove the spaces at the end of the file, or end it with a line break",
        )
    ]
