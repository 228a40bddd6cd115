"""Strict YAML loading that keeps the node tree so problems can be located.

PyYAML's C parser composes the node tree (every node carries its position for
free); this module builds plain Python data from it in one pass, refusing what
a disclosure has no use for and what PyYAML would otherwise accept silently:
duplicate keys, aliases, unknown tags, tags that do not fit their value,
non-string keys, excessive nesting and several documents in one file.

Positions are lines and columns as an editor shows them: libyaml also ends a
line at U+0085, U+2028 and U+2029, so text holding one of those has its
positions recounted from the character index.
"""

from __future__ import annotations

import gc
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, NamedTuple

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import UserError
from ..figures import MAX_INT_DIGITS, NUMBER_START, WrittenFloat, WrittenInt, yaml12_number
from ..issues import as_seen
from .misreads import indentation_misreads, misreads

if TYPE_CHECKING:  # only the type: reading does not load the schema's models
    from ..schema.paths import Loc

_CParser = getattr(yaml, "CSafeLoader", None)
_BaseLoader: type[yaml.SafeLoader] = _CParser or yaml.SafeLoader

MAX_DEPTH = 64
_MAX_INT_BITS = int(MAX_INT_DIGITS * 3.3219280948873626)  # log2(10) bits per digit
DEFAULT_MAX_SIZE = 10 * 1024 * 1024
# Problems of one kind listed one by one per file; the rest are counted in one
# summary issue, so a file with an alias (or a duplicate key) on every line stays
# readable, and quick to report.
MAX_LISTED_PER_KIND = 100

_T = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (
    _T + "str",
    _T + "int",
    _T + "float",
    _T + "bool",
    _T + "null",
    _T + "timestamp",
)
MAP, SEQ, MERGE, VALUE = _T + "map", _T + "seq", _T + "merge", _T + "value"


@dataclass(frozen=True)
class LoadProblem:
    """Something wrong with the YAML itself, before the schema is consulted."""

    line: int  # 1-based
    column: int  # 1-based
    code: str
    message: str
    hint: str | None = None
    loc: Loc | None = None  # where in the data, when known


@dataclass
class Loaded:
    """Plain data plus the node tree it came from."""

    data: Any
    root: Node
    typed_plain: tuple[tuple[ScalarNode, Any], ...] = ()
    """Plain scalars YAML typed as numbers or booleans, with their values, in document
    order: what checks of how YAML 1.1 read a value need to look at, found while
    building so no second walk of the tree is needed."""


class Pending(NamedTuple):
    """A problem found while building the data, not yet placed in it: the node it is
    about and the keys below that node, turned into a data location once the whole
    tree is known."""

    node: Node | None
    below: tuple[str, ...]
    problem: LoadProblem


class YamlRefused(UserError):
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
_resolver = yaml.resolver.Resolver()


class YamlType(NamedTuple):
    """How messages speak of one of YAML's standard types."""

    needs: str
    """What a value with this tag must be ('a whole number such as 42')."""
    kind: str
    """What YAML made of a plain value ('a number')."""
    reads_as: str
    """Before the value YAML read ('the number' 1.1)."""


# The one vocabulary of YAML's types, by tag: the standard tags a disclosure accepts
# when they fit their value. `!!str` fits any single value: it is one way to quote.
YAML_TYPES: dict[str, YamlType] = {
    STR: YamlType("a single value", "text", "the text"),
    INT: YamlType("a whole number such as 42", "a number", "the number"),
    FLOAT: YamlType("a number such as 0.5", "a number", "the number"),
    BOOL: YamlType("true or false", "true/false", "the boolean"),
    NULL: YamlType("an empty value, ~ or null", "null (empty)", "the value"),
    TIMESTAMP: YamlType("a date such as 2024-05-01", "a date", "the date"),
    MAP: YamlType("a mapping of keys to values", "a mapping", "the mapping"),
    SEQ: YamlType("a list", "a list", "the list"),
}

# Standard tags a disclosure has no use for, and what to write instead.
_REFUSED_TAGS = {
    _T + "binary": "a disclosure holds text, not binary data",
    _T + "set": "write a list instead",
    _T + "omap": "write a plain mapping instead; it keeps its order",
    _T + "pairs": "write a list of mappings instead",
    MERGE: "merge keys are not supported",
    VALUE: "YAML's value key is not supported",
}

# Plain text that YAML gives a special meaning, so it cannot stand as a value unquoted.
_SPECIAL_PLAIN = {MERGE: "<<", VALUE: "="}

_DECIMAL_INT = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)")


def position(node: Node) -> tuple[int, int]:
    """1-based line and column where a node starts."""
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


def describe_scalar(node: ScalarNode) -> str:
    """What YAML made of a plain scalar, in words."""
    known = YAML_TYPES.get(node.tag)
    return known.kind if known is not None else "text"


def shown_tag(tag: str) -> str:
    """A tag as it is usually written: `!!bool` rather than its full name."""
    return "!!" + tag[len(_T) :] if tag.startswith(_T) else tag


def _shown_value(value: str) -> str:
    if not value:
        return "an empty value"
    if len(value) > 40:
        value = value[:37] + "..."
    return f"the value {value!r}"


def _tag_fits(tag: str, value: str) -> bool:
    """Whether YAML reads `value`, written plain, as `tag` anyway.

    A tag that only repeats what YAML would read changes nothing; any other
    would change or discard the text (`!!null MIT`) or cannot be built
    (`!!bool maybe`). `!!float` also takes a whole number written in decimal.
    """
    resolved = _resolver.resolve(ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    if resolved == tag:
        return True
    return tag == FLOAT and resolved == INT and _DECIMAL_INT.fullmatch(value) is not None


_ANCHOR_PROPERTY = re.compile(r"&[^\s\[\]{},]*\s*")


def _tag_written(text: str, node: Node) -> bool:
    """Whether the node's tag was written in the file rather than resolved from its text."""
    i = node.start_mark.index
    anchor = _ANCHOR_PROPERTY.match(text, i)  # an anchor may come before the tag
    return text.startswith("!", anchor.end() if anchor else i)


class _Builder:
    def __init__(self, text: str) -> None:
        self.text = text
        # Without a '!' anywhere no tag was written, so every tag is YAML's own.
        self.may_have_tags = "!" in text
        # (node, path below the node, problem); the path is filled in afterwards.
        self.problems: list[Pending] = []
        self.seen: set[int] = set()
        self.aliased = False
        self.typed_plain: list[tuple[ScalarNode, Any]] = []
        # Nodes over several lines whose indentation libyaml does not check, each
        # with the column of the block collection around it (-1 at the top).
        self.spread: list[tuple[Node, int]] = []

    def problem(
        self,
        node: Node,
        code: str,
        message: str,
        hint: str | None = None,
        below: tuple[str, ...] = (),
    ) -> None:
        line, col = position(node)
        self.problems.append(Pending(node, below, LoadProblem(line, col, code, message, hint)))

    def build(self, node: Node, depth: int, indent: int = -1) -> Any:
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
            if node.style and node.end_mark.line != node.start_mark.line:
                self.spread.append((node, indent))
            return self.scalar(node)
        assert isinstance(node, (MappingNode, SequenceNode))
        if not node.flow_style:
            indent = node.start_mark.column
        elif node.end_mark.line != node.start_mark.line:
            self.spread.append((node, indent))
        if isinstance(node, MappingNode):
            return self.mapping(node, depth, indent)
        if node.tag != SEQ:
            return self.bad_tag(node)
        return [self.build(child, depth + 1, indent) for child in node.value]

    def bad_tag(self, node: Node) -> None:
        """A node whose tag a disclosure cannot take, with the reason in words."""
        tag = node.tag
        shown = shown_tag(tag)
        if (
            isinstance(node, ScalarNode)
            and tag in _SPECIAL_PLAIN
            and not _tag_written(self.text, node)
        ):
            self.special_plain(node, "value")
            return
        if tag in YAML_TYPES:
            what = (
                _shown_value(node.value)
                if isinstance(node, ScalarNode)
                else ("a mapping" if isinstance(node, MappingNode) else "a list")
            )
            self.problem(
                node,
                "tag-mismatch",
                f"the tag {shown} does not fit {what}: {shown} needs {YAML_TYPES[tag].needs}",
                "remove the tag",
            )
            return
        reason = _REFUSED_TAGS.get(tag)
        self.problem(
            node,
            "unknown-tag",
            f"the tag {shown} is not allowed" + (f": {reason}" if reason else ""),
            "remove the tag; a disclosure uses plain YAML values only",
        )

    def special_plain(self, node: ScalarNode, role: str) -> None:
        self.problem(
            node,
            "special-value",
            f"YAML gives an unquoted '{node.value}' a special meaning, so it cannot be a {role}",
            f'put the {role} in quotes: "{node.value}"',
        )

    def scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        if tag == STR:
            text = node.value
            if not node.style and text[:1] in NUMBER_START:
                return yaml12_number(text)
            return text
        make = _SCALARS.get(tag)
        if make is None:
            return self.bad_tag(node)
        # A quoted value, or one with a tag or anchor before it, may carry a tag
        # written by hand; a plain untagged value was typed by YAML itself and fits.
        if (
            self.may_have_tags
            and (node.style or self.text.startswith(("!", "&"), node.start_mark.index))
            and not _tag_fits(tag, node.value)
        ):
            return self.misfit(node)
        if tag == INT and len(node.value) > MAX_INT_DIGITS + 8:  # signs, 0x, underscores
            return self.too_long(node)
        try:
            value = make(node)
        except (ValueError, OverflowError, LookupError, AttributeError, yaml.YAMLError) as exc:
            # PyYAML's constructors raise LookupError or AttributeError for text their
            # resolver would not have given the tag: a tag the check above missed.
            if not _tag_fits(tag, node.value):
                return self.misfit(node)
            self.problem(node, "bad-scalar", f"cannot read {node.value!r}: {exc}")
            return None
        if isinstance(value, int) and value.bit_length() > _MAX_INT_BITS:
            return self.too_long(node)  # sexagesimal and hex digits grow fast
        if isinstance(value, float):
            value = WrittenFloat(value, node.value)
        elif isinstance(value, int) and not isinstance(value, bool):
            value = WrittenInt(value, node.value)
        if not node.style:
            self.typed_plain.append((node, value))
        return value

    def too_long(self, node: ScalarNode) -> None:
        """An integer too long to be a fact, or to be printed (Python refuses past 4,300)."""
        self.problem(
            node,
            "number-too-long",
            f"the number {node.value[:20]}... has more than {MAX_INT_DIGITS:,} digits",
            "write the number a source gives, or quote it to keep it as text",
        )

    def misfit(self, node: ScalarNode) -> None:
        """A standard scalar tag written on text that YAML would not read that way."""
        shown, needs = shown_tag(node.tag), YAML_TYPES[node.tag].needs
        effect = ", and would discard the text" if node.tag == NULL else ""
        self.problem(
            node,
            "tag-mismatch",
            f"the tag {shown} does not fit {_shown_value(node.value)}: {shown} needs {needs}"
            + effect,
            f"remove the tag to keep the value as written, or write {needs}",
        )

    def mapping(self, node: MappingNode, depth: int, indent: int) -> dict[str, Any]:
        if node.tag != MAP:
            self.bad_tag(node)
            return {}
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        seen_as: dict[str, str] = {}  # keys as a reader sees them -> as written
        for key_node, value_node in node.value:
            if not (isinstance(key_node, ScalarNode) and key_node.tag == STR):
                self.non_string_key(key_node)
                continue
            name = key_node.value
            shown = as_seen(name)
            if shown in seen_as and seen_as[shown] != name:
                other = seen_as[shown]
                self.problem(
                    key_node,
                    "look-alike-key",
                    f"the key {name!a} looks the same as {other!a} on line "
                    f"{first_line[other]}: they differ only in invisible characters or "
                    "in how accented letters are encoded",
                    "write the key once, typed plainly",
                    below=(name,),
                )
                continue
            seen_as.setdefault(shown, name)
            if name in out or name in first_line:
                self.problem(
                    key_node,
                    "duplicate-key",
                    f"duplicate key {name!r}: first defined on line {first_line[name]}",
                    "YAML would silently keep only the last value; remove or rename one",
                    below=(name,),
                )
                continue
            first_line[name] = key_node.start_mark.line + 1
            out[name] = self.build(value_node, depth + 1, indent)
        return out

    def non_string_key(self, key: Node) -> None:
        written = _tag_written(self.text, key)
        if isinstance(key, ScalarNode) and written:
            self.problem(
                key,
                "non-string-key",
                f"keys must be plain text, not tagged {shown_tag(key.tag)}",
                "remove the tag",
            )
        elif isinstance(key, ScalarNode) and key.tag == MERGE:
            self.problem(
                key,
                "merge-key",
                "merge keys ('<<') are not supported",
                "write the merged keys out in full",
            )
        elif isinstance(key, ScalarNode) and key.tag in _SPECIAL_PLAIN:
            self.special_plain(key, "key")
        elif isinstance(key, ScalarNode) and key.tag in _SCALARS:
            self.problem(
                key,
                "non-string-key",
                f"the key {key.value!r} is read by YAML as {describe_scalar(key)}, not text",
                f'put the key in quotes: "{key.value}"',
            )
        else:
            self.problem(key, "non-string-key", "keys must be plain text")


# Line breaks to libyaml, but not to editors (nor to people reading a message).
_ODD_BREAKS = {
    "\u2028": ("U+2028 (LINE SEPARATOR)", "\\L"),
    "\u2029": ("U+2029 (PARAGRAPH SEPARATOR)", "\\P"),
    "\x85": ("U+0085 (NEXT LINE)", "\\N"),
}
_ODD_BREAK = re.compile("[\u2028\u2029\x85]")
_LINE_END = re.compile(r"\r\n?|\n")


def _has_odd_breaks(text: str) -> bool:
    # Near free for ASCII text: a wider character cannot be in a narrower string.
    return any(ch in text for ch in _ODD_BREAKS)


class _Lines:
    """Lines as editors count them: ended by a newline, CR LF or a lone CR only.

    Needed only for text holding one of `_ODD_BREAKS`; elsewhere libyaml's own
    line and column agree with this.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *(m.end() for m in _LINE_END.finditer(text))]

    def place(self, index: int) -> tuple[int, int]:
        """0-based line and column of a character index."""
        line = bisect_right(self.starts, index) - 1
        return line, index - self.starts[line]

    def mark(self, mark: Any) -> yaml.Mark:
        line, column = self.place(mark.index)
        return yaml.Mark(mark.name, mark.index, line, column, None, 0)

    def odd_break_on_line(self, line: int) -> tuple[int, str] | None:
        """The column (0-based) and character of the first odd break on a 0-based line."""
        start = self.starts[line]
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        for column, ch in enumerate(self.text[start:end]):
            if ch in _ODD_BREAKS:
                return column, ch
        return None


def _fix_marks(root: Node, lines: _Lines) -> list[ScalarNode]:
    """Give every node editor positions, in place; return the scalars.

    Paid only by text holding an odd line break, and only for the marks after
    the first one: before it libyaml and editors agree.
    """
    first = _ODD_BREAK.search(lines.text)
    after = first.start() if first else len(lines.text)
    done: set[int] = set()
    scalars: list[ScalarNode] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in done:
            continue
        done.add(id(node))
        if node.end_mark.index > after:
            node.end_mark = lines.mark(node.end_mark)
            if node.start_mark.index > after:
                node.start_mark = lines.mark(node.start_mark)
        if isinstance(node, MappingNode):
            for key, value in node.value:
                stack += (key, value)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, ScalarNode):
            scalars.append(node)
    return scalars


def _unkept_breaks(lines: _Lines, scalars: list[ScalarNode]) -> list[Pending]:
    """Odd line breaks that YAML does not keep as written.

    Inside quotes U+2028 and U+2029 are kept, but U+0085 becomes a space; at the
    end of a plain value any of them is dropped; in a comment one ends the
    comment and the rest of the line is read as YAML. Each would silently
    change the text, so each is refused, once per value.
    """
    text = lines.text
    scalars = sorted(scalars, key=lambda n: n.start_mark.index)
    starts = [n.start_mark.index for n in scalars]
    problems: list[Pending] = []
    kept: dict[tuple[int, str], bool] = {}  # (value, character): all kept, or reported
    for match in _ODD_BREAK.finditer(text):
        i, ch = match.start(), match.group()
        k = bisect_right(starts, i) - 1
        node = scalars[k] if k >= 0 and i < scalars[k].end_mark.index else None
        if node is not None:
            key = (id(node), ch)
            if key not in kept:
                source = text[node.start_mark.index : node.end_mark.index]
                kept[key] = source.count(ch) <= node.value.count(ch)
            if kept[key]:
                continue
            kept[key] = True  # one issue per value and character is enough
        line, column = lines.place(i)
        name, escape = _ODD_BREAKS[ch]
        problem = LoadProblem(
            line + 1,
            column + 1,
            "unicode-line-break",
            f"YAML reads {name} as a line break, so "
            + (
                "the value would not be kept as written"
                if node is not None
                else "what follows it is read as a new line"
            ),
            f"remove it, or write it as {escape} inside double quotes",
        )
        problems.append(Pending(node, (), problem))
    return problems


def _mark_position(mark: Any, lines: _Lines | None) -> tuple[int, int]:
    """1-based line and column of a mark, as an editor counts them."""
    if mark is None:
        return 1, 1
    if lines is not None:
        line, column = lines.place(mark.index)
        return line + 1, column + 1
    return mark.line + 1, mark.column + 1


def _locate_offset(text: bytes, offset: int) -> tuple[int, int]:
    line = text.count(b"\n", 0, offset) + 1
    start = text.rfind(b"\n", 0, offset) + 1
    column = len(text[start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


def _syntax_problem(text: str, exc: yaml.MarkedYAMLError, lines: _Lines | None) -> LoadProblem:
    mark = exc.problem_mark or exc.context_mark
    line, col = _mark_position(mark, lines)
    if mark is not None and text.startswith("\t", mark.index):
        return LoadProblem(
            line,
            col,
            "tab",
            "a tab character cannot be used for indentation or structure in YAML",
            "indent with spaces",
        )
    message = f"YAML syntax error: {exc.problem or 'cannot parse'}"
    if exc.context and exc.context_mark is not None and exc.context_mark is not mark:
        where = _mark_position(exc.context_mark, lines)
        message += f" ({exc.context}, started at line {where[0]}, column {where[1]})"
    elif exc.context:
        message += f" ({exc.context})"
    hint = _odd_break_hint(lines, [mark, exc.context_mark]) if lines is not None else None
    if mark is not None:
        line_start = text.rfind("\n", 0, mark.index) + 1
        before = text[line_start : mark.index].lstrip(" -")
        if len(before) >= _MAX_SIMPLE_KEY and ": " not in before:  # all of it one key
            # libyaml gives up on a key after 1,024 characters and says only that it
            # found no ':' (or a ':' it did not expect).
            message = (
                f"a key may be at most {_MAX_SIMPLE_KEY:,} characters long in YAML; this "
                f"line runs to column {col} before YAML gives up ({message})"
            )
            hint = "shorten the key, or write it as '? key' on a line of its own"
    return LoadProblem(line, col, "yaml-syntax", message, hint)


_MAX_SIMPLE_KEY = 1024


def _odd_break_hint(lines: _Lines, marks: list[Any]) -> str | None:
    """Name an odd line break on a line the error points at: the likely cause."""
    for mark in marks:
        if mark is None:
            continue
        line = lines.place(mark.index)[0]
        found = lines.odd_break_on_line(line)
        if found is not None:
            column, ch = found
            name, escape = _ODD_BREAKS[ch]
            return (
                f"line {line + 1}, column {column + 1} holds {name}, which YAML reads as a "
                f"line break; remove it, or write it as {escape} inside double quotes"
            )
    return None


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


_ANCHOR_ISSUES = {
    # kind: (message, hint)
    "anchor": ("anchors (&{}) are not supported in a disclosure", "remove the anchor"),
    "alias": (
        "aliases (*{}) are not supported in a disclosure",
        "write the value out in full where it is used",
    ),
}

# What the summary of unlisted problems calls them, by code.
_PLURALS = {
    "anchor": "anchors",
    "alias": "aliases",
    "duplicate-key": "duplicate keys",
    "non-string-key": "keys that are not text",
    "tag-mismatch": "tags that do not fit their value",
    "unknown-tag": "tags that are not allowed",
    "special-value": "unquoted special values",
    "unicode-line-break": "odd line breaks",
}


def _unlisted(code: str, more: int) -> str:
    what = _PLURALS.get(code, f"problems of this kind ({code})")
    return f"... and {more:,} more {what}, not listed one by one"


def _capped(
    problems: list[Pending],
) -> list[Pending]:
    """The first problems of each kind, then one summary per kind at the first left out."""
    counts: dict[str, int] = {}
    kept = []
    first_unlisted: dict[str, Pending] = {}
    for item in problems:
        code = item.problem.code
        counts[code] = counts.get(code, 0) + 1
        if counts[code] <= MAX_LISTED_PER_KIND:
            kept.append(item)
        elif code not in first_unlisted:
            first_unlisted[code] = item
    for code, (node, below, problem) in first_unlisted.items():
        message = _unlisted(code, counts[code] - MAX_LISTED_PER_KIND)
        kept.append(Pending(node, below, replace(problem, message=message)))
    return kept


def _anchor_problems(text: str, lines: _Lines | None) -> list[LoadProblem]:
    """Anchors and aliases, located, from the event stream; past a limit only counted."""
    problems = []
    counts = {"anchor": 0, "alias": 0}
    first_unlisted: dict[str, tuple[int, int]] = {}
    for event in yaml.parse(text, Loader=_Loader):
        anchor = getattr(event, "anchor", None)
        if anchor is None:
            continue
        kind = "alias" if isinstance(event, yaml.AliasEvent) else "anchor"
        counts[kind] += 1
        if counts[kind] > MAX_LISTED_PER_KIND:
            if kind not in first_unlisted:
                first_unlisted[kind] = _mark_position(event.start_mark, lines)
            continue
        line, col = _mark_position(event.start_mark, lines)
        message, hint = _ANCHOR_ISSUES[kind]
        problems.append(LoadProblem(line, col, kind, message.format(anchor), hint))
    for kind, (line, col) in first_unlisted.items():
        message = _unlisted(kind, counts[kind] - MAX_LISTED_PER_KIND)
        problems.append(LoadProblem(line, col, kind, message, _ANCHOR_ISSUES[kind][1]))
    return problems


def node_locs(root: Node) -> dict[int, Loc]:
    """Where each node sits in the data; computed only when there are problems to place.

    A node reached twice (through an alias) keeps the first place found, and is
    not walked again: a list of a million aliases costs a million look-ups.
    """
    locs: dict[int, Loc] = {id(root): ()}
    stack: list[Node] = [root]
    while stack:
        node = stack.pop()
        loc = locs[id(node)]
        if isinstance(node, MappingNode):
            for key, value in node.value:
                locs.setdefault(id(key), loc)
                if id(value) not in locs:
                    name = key.value if isinstance(key, ScalarNode) else "?"
                    locs[id(value)] = (*loc, name)
                    stack.append(value)
        elif isinstance(node, SequenceNode):
            for i, child in enumerate(node.value):
                if id(child) not in locs:
                    locs[id(child)] = (*loc, i)
                    stack.append(child)
    return locs


_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def decode(raw: bytes) -> str:
    """UTF-8 text from bytes, refusing NUL bytes and invalid UTF-8 with a position."""
    for bom, name in _WIDE_BOMS:  # UTF-32 first: its little-endian mark starts like UTF-16's
        if raw.startswith(bom):
            raise YamlRefused(
                [
                    LoadProblem(
                        1, 1, "encoding", f"the file is {name}, not UTF-8", "save the file as UTF-8"
                    )
                ]
            )
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
    text = text[1:] if text.startswith("\ufeff") else text
    inner = text.find("\ufeff")
    if inner != -1:  # libyaml drops it silently wherever it stands
        line, col = _locate_offset(raw, len(raw) - len(text[inner:].encode("utf-8")))
        raise YamlRefused(
            [
                LoadProblem(
                    line,
                    col,
                    "bom-in-document",
                    "a byte-order mark (U+FEFF) stands inside the document; YAML drops it "
                    "without a word",
                    "remove it, or write it as \\ufeff inside double quotes",
                )
            ]
        )
    return text


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
    lines = _Lines(text) if _has_odd_breaks(text) else None
    root, scalars = _parse_one_document(text, lines)
    _refuse_non_mapping(root)
    return _build(text, root, lines, scalars)


def _parse_one_document(text: str, lines: _Lines | None) -> tuple[Node | None, list[ScalarNode]]:
    """The node tree of the only document (marks fixed for odd line breaks)."""
    loader = _Loader(text)
    try:
        root = loader.get_node() if loader.check_node() else None
        scalars = _fix_marks(root, lines) if root is not None and lines is not None else []
        if root is not None and loader.check_node():
            extra = loader.get_node()
            line, col = _mark_position(extra.start_mark if extra else None, lines)
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
        raise YamlRefused([_syntax_problem(text, exc, lines)]) from None
    except yaml.reader.ReaderError as exc:
        raise YamlRefused([_character_problem(text, exc, lines)]) from None
    except yaml.YAMLError as exc:
        raise YamlRefused([LoadProblem(1, 1, "yaml-syntax", f"YAML error: {exc}")]) from None
    finally:
        loader.dispose()
    return root, scalars


def _character_problem(
    text: str, exc: yaml.reader.ReaderError, lines: _Lines | None
) -> LoadProblem:
    """A character YAML does not allow (a control character), placed where it stands.

    libyaml gives its offset in UTF-8 bytes, the pure-Python reader in characters.
    """
    char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
    at = exc.position
    if not (0 <= at < len(text) and ord(text[at]) == char):
        at = len(text.encode("utf-8")[:at].decode("utf-8", errors="ignore"))
    if lines is not None:
        line, column = lines.place(at)
    else:
        line, column = text.count("\n", 0, at), at - (text.rfind("\n", 0, at) + 1)
    kind = "control character" if unicodedata.category(chr(char)) == "Cc" else "character"
    return LoadProblem(
        line + 1,
        column + 1,
        "forbidden-character",
        f"the {kind} U+{char:04X} is not allowed in YAML",
        f'remove it; inside double quotes it can be written as "\\x{char:02x}"'
        if char < 0x100
        else f'remove it; inside double quotes it can be written as "\\u{char:04x}"',
    )


def _refuse_non_mapping(root: Node | None) -> None:
    """An empty document, or one that is not a mapping, is not a disclosure."""
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


def _build(text: str, root: Node | None, lines: _Lines | None, scalars: list[ScalarNode]) -> Loaded:
    """Plain data from the tree; every problem found on the way refuses it, placed."""
    assert isinstance(root, MappingNode)
    builder = _Builder(text)
    data = builder.build(root, 1)
    if lines is not None:
        builder.problems += _unkept_breaks(lines, scalars)
    for node, code, message, hint in misreads(text, root):
        line, col = position(node)
        builder.problems.append(Pending(node, (), LoadProblem(line, col, code, message, hint)))
    for node, line, col, code, message, hint in indentation_misreads(text, builder.spread):
        builder.problems.append(Pending(node, (), LoadProblem(line, col, code, message, hint)))
    builder.problems = _capped(builder.problems)
    problems = [p.problem for p in builder.problems]
    if builder.aliased or _may_have_anchors(text):
        problems.extend(_anchor_problems(text, lines))
    if problems:
        locs = node_locs(root)
        placed = [
            replace(p, loc=(*locs[id(node)], *below) if id(node) in locs else None)
            for node, below, p in builder.problems
        ]
        placed += problems[len(placed) :]
        raise YamlRefused(placed, Loaded(data, root, tuple(builder.typed_plain)))
    return Loaded(data, root, tuple(builder.typed_plain))
