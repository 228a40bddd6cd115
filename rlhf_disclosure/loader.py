"""Strict YAML loading that keeps the node tree so problems can be located.

PyYAML's C parser composes the node tree (every node carries its position for
free); this module builds plain Python data from it in one pass, refusing what
a disclosure has no use for and what PyYAML would otherwise accept silently:
duplicate keys, aliases, unknown tags, non-string keys, excessive nesting and
several documents in one file.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

_CParser = getattr(yaml, "CSafeLoader", None)
_BaseLoader: type[yaml.SafeLoader] = _CParser or yaml.SafeLoader

MAX_DEPTH = 64
DEFAULT_MAX_SIZE = 10 * 1024 * 1024

_T = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (
    _T + "str",
    _T + "int",
    _T + "float",
    _T + "bool",
    _T + "null",
    _T + "timestamp",
)
MAP, SEQ, MERGE = _T + "map", _T + "seq", _T + "merge"


@dataclass(frozen=True)
class LoadProblem:
    """Something wrong with the YAML itself, before the schema is consulted."""

    line: int  # 1-based
    column: int  # 1-based
    code: str
    message: str
    hint: str | None = None
    loc: tuple[str | int, ...] | None = None  # where in the data, when known


@dataclass
class Loaded:
    """Plain data plus the node tree it came from."""

    data: Any
    root: Node


class YamlRefused(Exception):
    """The file cannot be read as a disclosure document; `partial` has what was built."""

    def __init__(self, problems: list[LoadProblem], partial: Loaded | None = None) -> None:
        super().__init__(problems[0].message if problems else "refused")
        self.problems = problems
        self.partial = partial


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """A private subclass so nothing here touches PyYAML's global loaders."""


_scalar_maker = yaml.constructor.SafeConstructor()
_SCALARS: dict[str, Callable[[ScalarNode], Any]] = {
    INT: _scalar_maker.construct_yaml_int,
    FLOAT: _scalar_maker.construct_yaml_float,
    BOOL: _scalar_maker.construct_yaml_bool,
    NULL: _scalar_maker.construct_yaml_null,
    TIMESTAMP: _scalar_maker.construct_yaml_timestamp,
}


def position(node: Node) -> tuple[int, int]:
    """1-based line and column where a node starts."""
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


def _mark_position(mark: Any) -> tuple[int, int]:
    if mark is None:
        return 1, 1
    return mark.line + 1, mark.column + 1


def describe_scalar(node: ScalarNode) -> str:
    """What YAML made of a plain scalar, in words."""
    kind = {
        INT: "a number",
        FLOAT: "a number",
        BOOL: "true/false",
        NULL: "null (empty)",
        TIMESTAMP: "a date",
    }.get(node.tag, "text")
    return kind


class _Builder:
    def __init__(self) -> None:
        self.problems: list[tuple[Node, LoadProblem]] = []
        self.seen: set[int] = set()
        self.aliased = False

    def problem(self, node: Node, code: str, message: str, hint: str | None = None) -> None:
        line, col = position(node)
        self.problems.append((node, LoadProblem(line, col, code, message, hint)))

    def build(self, node: Node, depth: int) -> Any:
        key = id(node)
        if key in self.seen:
            # The parser hands back the anchored node itself for an alias; where
            # the alias was written is found from the event stream afterwards.
            self.aliased = True
            return None
        self.seen.add(key)
        if depth > MAX_DEPTH:
            self.problem(node, "too-deep", f"nesting is deeper than {MAX_DEPTH} levels")
            return None
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, MappingNode):
            return self.mapping(node, depth)
        if isinstance(node, SequenceNode):
            if node.tag != SEQ:
                return self.bad_tag(node)
            return [self.build(child, depth + 1) for child in node.value]
        raise AssertionError(f"unexpected node {node!r}")  # pragma: no cover

    def bad_tag(self, node: Node) -> None:
        tag = node.tag
        shown = "!!" + tag[len(_T) :] if tag.startswith(_T) else tag
        self.problem(
            node,
            "unknown-tag",
            f"the tag {shown} is not allowed",
            "remove the tag; a disclosure uses plain YAML values only",
        )

    def scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        if tag == STR:
            return node.value
        make = _SCALARS.get(tag)
        if make is None:
            return self.bad_tag(node)
        try:
            return make(node)
        except (ValueError, OverflowError, yaml.YAMLError) as exc:
            self.problem(node, "bad-scalar", f"cannot read {node.value!r}: {exc}")
            return None

    def mapping(self, node: MappingNode, depth: int) -> dict[str, Any]:
        if node.tag != MAP:
            self.bad_tag(node)
            return {}
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not (isinstance(key_node, ScalarNode) and key_node.tag == STR):
                self.non_string_key(key_node)
                continue
            name = key_node.value
            if name in out or name in first_line:
                self.problem(
                    key_node,
                    "duplicate-key",
                    f"duplicate key {name!r}: first defined on line {first_line[name]}",
                    "YAML would silently keep only the last value; remove or rename one",
                )
                continue
            first_line[name] = key_node.start_mark.line + 1
            out[name] = self.build(value_node, depth + 1)
        return out

    def non_string_key(self, key: Node) -> None:
        if isinstance(key, ScalarNode) and key.tag == MERGE:
            self.problem(
                key,
                "merge-key",
                "merge keys ('<<') are not supported",
                "write the merged keys out in full",
            )
        elif isinstance(key, ScalarNode) and key.tag in _SCALARS:
            self.problem(
                key,
                "non-string-key",
                f"the key {key.value!r} is read by YAML as {describe_scalar(key)}, not text",
                f'put the key in quotes: "{key.value}"',
            )
        else:
            self.problem(key, "non-string-key", "keys must be plain text")


def _locate_offset(text: bytes, offset: int) -> tuple[int, int]:
    line = text.count(b"\n", 0, offset) + 1
    start = text.rfind(b"\n", 0, offset) + 1
    column = len(text[start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


def _syntax_problem(text: str, exc: yaml.MarkedYAMLError) -> LoadProblem:
    mark = exc.problem_mark or exc.context_mark
    line, col = _mark_position(mark)
    if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
        return LoadProblem(
            line,
            col,
            "tab",
            "a tab character cannot be used for indentation or structure in YAML",
            "indent with spaces",
        )
    message = f"YAML syntax error: {exc.problem or 'cannot parse'}"
    if exc.context and exc.context_mark is not None and exc.context_mark is not mark:
        where = _mark_position(exc.context_mark)
        message += f" ({exc.context}, started at line {where[0]}, column {where[1]})"
    elif exc.context:
        message += f" ({exc.context})"
    return LoadProblem(line, col, "yaml-syntax", message)


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line + 1)
    if line < len(lines) and column < len(lines[line]):
        return lines[line][column]
    return ""


_ANCHOR_CHAR = re.compile(r"[&*]")
_ANCHOR_AFTER_NOT = frozenset(" \t\n\r[]{},&*")
_ANCHOR_LEAD = frozenset(":-[{,?\n")


def _may_have_anchors(text: str) -> bool:
    """A cheap over-approximation of where YAML could read '&name' or '*name'.

    Anchors and aliases start a node: at the start of a line, or after ':', '-',
    '[', '{', ',' or '?' and spaces. Prose such as '**bold**' or 'R&D' does not
    match, so the exact (slower) event scan runs only when it might find something.
    """
    for m in _ANCHOR_CHAR.finditer(text):
        i = m.start()
        after = text[i + 1 : i + 2]
        if not after or after in _ANCHOR_AFTER_NOT:
            continue
        j = i - 1
        while j >= 0 and text[j] in " \t":
            j -= 1
        if j < 0 or text[j] in _ANCHOR_LEAD:
            return True
    return False


def _anchor_problems(text: str) -> list[LoadProblem]:
    """Every anchor and alias, located, from the event stream."""
    problems = []
    for event in yaml.parse(text, Loader=_Loader):
        anchor = getattr(event, "anchor", None)
        if anchor is None:
            continue
        line, col = _mark_position(event.start_mark)
        if isinstance(event, yaml.AliasEvent):
            problems.append(
                LoadProblem(
                    line,
                    col,
                    "alias",
                    f"aliases (*{anchor}) are not supported in a disclosure",
                    "write the value out in full where it is used",
                )
            )
        else:
            problems.append(
                LoadProblem(
                    line,
                    col,
                    "anchor",
                    f"anchors (&{anchor}) are not supported in a disclosure",
                    "remove the anchor",
                )
            )
    return problems


def _node_locs(root: Node) -> dict[int, tuple[str | int, ...]]:
    """Where each node sits in the data; computed only when there are problems to place."""
    locs: dict[int, tuple[str | int, ...]] = {}
    stack: list[tuple[Node, tuple[str | int, ...]]] = [(root, ())]
    while stack:
        node, loc = stack.pop()
        if id(node) in locs:
            continue
        locs[id(node)] = loc
        if isinstance(node, MappingNode):
            for key, value in node.value:
                name = key.value if isinstance(key, ScalarNode) else "?"
                locs.setdefault(id(key), loc)
                stack.append((value, (*loc, name)))
        elif isinstance(node, SequenceNode):
            stack.extend((child, (*loc, i)) for i, child in enumerate(node.value))
    return locs


def decode(raw: bytes) -> str:
    """UTF-8 text from bytes, refusing NUL bytes and invalid UTF-8 with a position."""
    nul = raw.find(b"\x00")
    if nul != -1:
        line, col = _locate_offset(raw, nul)
        raise YamlRefused(
            [LoadProblem(line, col, "nul-byte", "the file contains a NUL byte; is it binary?")]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _locate_offset(raw, exc.start)
        raise YamlRefused(
            [
                LoadProblem(
                    line,
                    col,
                    "encoding",
                    f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                    "save the file as UTF-8",
                )
            ]
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector.

    Parsing and validating allocate many small objects and no cycles; left
    running, the collector rescans the growing tree and triples the time taken
    on large files.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_yaml(text: str) -> Loaded:
    """Parse one YAML document into plain data, keeping its node tree."""
    loader = _Loader(text)
    try:
        root = loader.get_node() if loader.check_node() else None
        if root is not None and loader.check_node():
            extra = loader.get_node()
            line, col = position(extra) if extra is not None else (1, 1)
            raise YamlRefused(
                [
                    LoadProblem(
                        line,
                        col,
                        "multiple-documents",
                        "the file holds more than one YAML document",
                        "keep one disclosure per file; remove the '---' separator",
                    )
                ]
            )
    except yaml.MarkedYAMLError as exc:
        raise YamlRefused([_syntax_problem(text, exc)]) from None
    except yaml.YAMLError as exc:
        raise YamlRefused([LoadProblem(1, 1, "yaml-syntax", f"YAML error: {exc}")]) from None
    finally:
        loader.dispose()
    if root is None or (
        isinstance(root, ScalarNode) and root.tag == NULL and root.value in ("", "~")
    ):
        raise YamlRefused([LoadProblem(1, 1, "empty-file", "the file holds no YAML document")])
    if not isinstance(root, MappingNode):
        line, col = position(root)
        raise YamlRefused(
            [
                LoadProblem(
                    line,
                    col,
                    "root-not-mapping",
                    "the document must be a mapping of keys to values",
                )
            ]
        )
    builder = _Builder()
    data = builder.build(root, 1)
    problems = [p for _, p in builder.problems]
    if builder.aliased or _may_have_anchors(text):
        problems.extend(_anchor_problems(text))
    if problems:
        locs = _node_locs(root)
        placed = [replace(p, loc=locs.get(id(node))) for node, p in builder.problems]
        placed += problems[len(placed) :]
        raise YamlRefused(placed, Loaded(data, root))
    return Loaded(data, root)
