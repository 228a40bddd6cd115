"""Hostile free text must come out of both reports as visible text, never as live markup.

Every free-text string of examples/instructgpt.yaml gets a payload (script tags,
event-handler attributes, javascript:/data: links, mXSS, template syntax ...);
a mutation is kept only if the disclosure stays valid. Both reports are then
parsed: the HTML with the standard library's html.parser, the Markdown with a
CommonMark parser that, like GitHub, lets raw HTML through, so anything that
would be live shows up as an element or an HTML token.

Each mutated field carries a marker `zqNNNN` right before its payload, so a
payload that is silently dropped (or swallowed by a comment) is found and
named by its field.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from pydantic import ValidationError

from rlhf_disclosure.output.markdown import markdown_cell, markdown_text
from rlhf_disclosure.render import render
from rlhf_disclosure.render.richtext import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, markdown_to_html
from rlhf_disclosure.schema import Disclosure
from rlhf_disclosure.validation.references import reference_problems
from rlhf_disclosure.validation.validate import validate_bytes
from tests.budget import examples
from tests.repo import REPO

EXAMPLE = REPO / "examples" / "instructgpt.yaml"


# --- Payloads ----------------------------------------------------------------


@dataclass(frozen=True)
class Payload:
    id: str
    text: str
    # How the payload may read in the HTML report besides verbatim: fields that are
    # Markdown show unsafe links as "text (target)". Compared case-insensitively,
    # with runs of whitespace collapsed.
    html_also: tuple[str, ...] = ()
    md_also: tuple[str, ...] = ()


PAYLOADS = [
    Payload("script", "<script>alert(1)</script>"),
    Payload("script-mixed-case", "<ScRiPt >alert(1)</sCrIpT>"),
    Payload("script-src", '<script src="https://example.com/x.js"></script>'),
    Payload("img-onerror", "<img src=x onerror=alert(1)>"),
    Payload("svg-onload", "<svg onload=alert(1)>"),
    Payload("svg-script", "<svg><script>alert(1)</script></svg>"),
    Payload(
        "md-link-javascript",
        "[click](javascript:alert(1))",
        html_also=("click (javascript:alert(1))",),
    ),
    Payload(
        "md-link-javascript-spaced",
        "[click]( JaVaScRiPt:alert(1) )",
        html_also=("click (javascript:alert(1))",),
    ),
    Payload(
        "md-link-javascript-angle",
        "[click](<javascript:alert(1)>)",
        html_also=("click (javascript:alert(1))",),
    ),
    # Links that hide their scheme from a naive check. Entities and escapes are
    # Markdown's own way of writing a character, so the text shows them decoded.
    Payload(
        "md-link-nested-brackets",
        "[a [b] c](javascript:alert(2))",
        html_also=("a [b] c (javascript:alert(2))",),
    ),
    Payload(
        "md-link-entity-in-scheme",
        "[x](java&#115;cript:alert(3))",
        html_also=("x (javascript:alert(3))",),
        md_also=("[x](javascript:alert(3))",),
    ),
    Payload(
        "md-link-entity-colon",
        "[y](javascript&colon;alert(7))",
        html_also=("y (javascript:alert(7))",),
        md_also=("[y](javascript:alert(7))",),
    ),
    Payload(
        "md-link-escaped-colon",
        "[z](javascript\\:alert(8))",
        html_also=("z (javascript\\:alert(8))",),
        md_also=("[z](javascript:alert(8))",),
    ),
    Payload(
        "md-link-tab-in-scheme",
        "[t](java&#9;script:alert(9))",
        html_also=("t (java\tscript:alert(9))",),
        md_also=("[t](java\tscript:alert(9))",),
    ),
    Payload(
        "md-link-data",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        html_also=("click (data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",),
    ),
    Payload(
        "md-image-javascript",
        "![x](javascript:alert(1))",
        html_also=("[image: x] (javascript:alert(1))",),
    ),
    Payload(
        "md-image-remote",
        "![pixel](https://example.com/pixel.png)",
        html_also=("[image: pixel] (https://example.com/pixel.png)",),
    ),
    Payload(
        "md-reference-link-javascript",
        "[click][evil]\n\n[evil]: javascript:alert(1)",
        # The reference definition is consumed by Markdown; its use shows the target.
        html_also=("[click][evil] [evil]: javascript:alert(1)", "click (javascript:alert(1))"),
    ),
    Payload("autolink-javascript", "<javascript:alert(1)>"),
    Payload(
        "code-fence-breakout",
        # Closes a fence the report may have opened around the text, then writes HTML.
        "```\n\n<script>alert(1)</script>\n\n```",
        html_also=("<script>alert(1)</script>",),
        # The fence the text leaves open at its end is closed there, empty.
        md_also=("<script>alert(1)</script>", "```\n\n<script>alert(1)</script>"),
    ),
    Payload(
        "code-span-unmatched-run",
        # Two backticks open nothing (no closing pair), so the tag is outside any code span.
        "``<img src=x onerror=alert(1)>`",
        html_also=("`<img src=x onerror=alert(1)>",),
    ),
    Payload(
        "code-span",
        "`<script>alert(1)</script>`",
        # A code span shows its content without the backticks.
        html_also=("<script>alert(1)</script>",),
        md_also=("<script>alert(1)</script>",),
    ),
    Payload("html-link-javascript", '<a href="javascript:alert(1)">click</a>'),
    Payload("attribute-breakout-double", '" onmouseover="alert(1)'),
    Payload("attribute-breakout-single", "' onmouseover='alert(1)"),
    Payload("attribute-breakout-script", "'><script>alert(1)</script>"),
    Payload("attribute-breakout-double-script", '"><script>alert(1)</script>'),
    Payload("mxss-noscript", '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'),
    Payload("mxss-math", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"),
    Payload("jinja-expression", "{{ 7*7 }}"),
    Payload("jinja-statement", "{% for x in range(3) %}{{ x }}{% endfor %}"),
    Payload("jinja-raw", "{% raw %}{% for %}{% endraw %}"),
    Payload("jinja-comment", "{# hidden #}"),
    Payload("html-comment-open", "<!--"),
    Payload("html-comment", "<!-- hidden -->"),
    Payload("cdata-end", "]]>"),
    Payload("cdata", "<![CDATA[<script>alert(1)</script>]]>"),
    Payload("iframe", '<iframe src="https://example.com/"></iframe>'),
    Payload("iframe-srcdoc", '<iframe srcdoc="<script>alert(1)</script>"></iframe>'),
    Payload("object", '<object data="javascript:alert(1)"></object>'),
    Payload("embed", '<embed src="javascript:alert(1)">'),
    Payload(
        "form", '<form action="https://example.com/"><input name="x"><button>Go</button></form>'
    ),
    Payload("base", '<base href="https://example.com/">'),
    Payload("meta-refresh", '<meta http-equiv="refresh" content="0;url=https://example.com/">'),
    Payload("style-element", "<style>body{display:none}</style>"),
    Payload("style-attribute", '<p style="display:none">hidden</p>'),
    Payload("link-stylesheet", '<link rel="stylesheet" href="https://example.com/x.css">'),
    Payload("textarea-breakout", "</textarea><script>alert(1)</script>"),
    Payload("title-breakout", "</title><script>alert(1)</script>"),
    Payload(
        "entities",
        "&lt;script&gt;alert(1)&lt;/script&gt; &#60;b&#62;",
        # Decoding a character reference is Markdown; it must still end up as text.
        html_also=("<script>alert(1)</script> <b>",),
        md_also=("<script>alert(1)</script> <b>",),
    ),
    Payload("table-cell-breakout", "| x | <script>alert(1)</script> |"),
    Payload("null-and-controls", "a\u200bb\u2028c <scr\u200bipt>"),
]

# Values that are not free text even where the schema accepts any string.
SKIP_KEYS = frozenset({"id", "url", "currency", "date", "release_date", "schema_version"})


def _marker(n: int) -> str:
    return f"zq{n:04d}"


# --- Building hostile disclosures ----------------------------------------------


def _string_paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _string_paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _string_paths(value, (*path, index))
    elif isinstance(node, str):
        yield path


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        node = node[step]
    return node


def _set(node: Any, path: tuple[Any, ...], value: Any) -> None:
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value


def _still_valid(data: dict[str, Any]) -> bool:
    try:
        Disclosure.model_validate(data)
    except ValidationError:
        return False
    return not reference_problems(data)


class _Yaml12Numbers(yaml.SafeLoader):
    """PyYAML's safe loader, also reading YAML 1.2 exponent numbers that YAML 1.1
    leaves as strings (`9e-6`, `1.3e9`), as the disclosure loader does."""


_Yaml12Numbers.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE][-+]?[0-9]+$"),
    list("-+0123456789."),
)


@cache
def example_data() -> dict[str, Any]:
    # _Yaml12Numbers is a SafeLoader subclass: safe to load.
    data = yaml.load(EXAMPLE.read_bytes(), Loader=_Yaml12Numbers)
    assert isinstance(data, dict)
    return data


@cache
def free_text_paths() -> tuple[tuple[Any, ...], ...]:
    """Paths of the string values that accept any text (ids, URLs, enums, dates do not)."""
    base = example_data()
    probe = "<b>\"'&{{ x }}</b>\n\n[a](javascript:b) ]]> <!--"
    kept = []
    for path in _string_paths(base):
        if any(isinstance(step, str) and step in SKIP_KEYS for step in path[-1:]):
            continue
        data = copy.deepcopy(base)
        _set(data, path, f"{_get(data, path)} {probe}")
        if _still_valid(data):
            kept.append(path)
    return tuple(kept)


@dataclass
class Hostile:
    payload: Payload
    yaml_text: str
    fields: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # marker -> path


def hostile(payload: Payload, salt: int = 0) -> Hostile:
    """instructgpt.yaml with `payload` in every free-text field (hostile_reports validates it).

    Fields alternate between the payload starting a block of its own (where
    Markdown looks for HTML blocks) and the payload appended to the original text.
    """
    data = copy.deepcopy(example_data())
    out = Hostile(payload, "")
    for n, path in enumerate(free_text_paths()):
        marker = _marker(n)
        original = _get(data, path)
        if (n + salt) % 2:
            value = f"{original} {marker} {payload.text}"
        else:
            value = f"{marker}\n\n{payload.text}"
        _set(data, path, value)
        out.fields[marker] = path
    out.yaml_text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
    return out


@cache
def hostile_reports(index: int) -> tuple[Hostile, str, str]:
    payload = PAYLOADS[index]
    doc = hostile(payload, salt=index)
    result = validate_bytes(doc.yaml_text.encode("utf-8"), f"hostile-{payload.id}.yaml")
    problems = "\n".join(
        f"{i.file}:{i.line}:{i.column}: {i.path}: {i.message}" for i in result.issues
    )
    assert result.valid and result.disclosure is not None, (
        f"the payload made the disclosure invalid:\n{problems}"
    )
    return doc, render(result.disclosure, "html"), render(result.disclosure, "md")


# --- Reading HTML ---------------------------------------------------------------


@dataclass
class Parsed:
    elements: list[tuple[str, list[tuple[str, str | None]]]] = field(default_factory=list)
    text: str = ""
    comments: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parsed = Parsed()
        self._chunks: list[str] = []
        self._raw_text: list[str] = []  # open <style>/<script>: their content is not text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parsed.elements.append((tag, attrs))
        if tag in ("style", "script"):
            self._raw_text.append(tag)
        elif tag in ("p", "br", "li", "td", "th", "div", "dt", "dd", "tr", "h1", "h2", "h3"):
            self._chunks.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parsed.elements.append((tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        if self._raw_text and self._raw_text[-1] == tag:
            self._raw_text.pop()
        else:
            self._chunks.append(" " if tag in ("p", "li", "td", "th", "div", "dd") else "")

    def handle_data(self, data: str) -> None:
        if not self._raw_text:
            self._chunks.append(data)

    def handle_comment(self, data: str) -> None:
        self.parsed.comments.append(data)

    def handle_decl(self, decl: str) -> None:
        self.parsed.elements.append(("!" + decl.split()[0].lower(), []))

    def unknown_decl(self, data: str) -> None:
        self.parsed.elements.append(("!" + data[:20], []))

    def handle_pi(self, data: str) -> None:
        self.parsed.elements.append(("?" + data[:20], []))


def parse_html(text: str) -> Parsed:
    reader = _Reader()
    reader.feed(text)
    reader.close()
    reader.parsed.text = _flat("".join(reader._chunks))
    return reader.parsed


def _flat(text: str) -> str:
    return " ".join(text.split()).casefold()


def _loose(text: str) -> str:
    """For finding a payload: emphasis marks may pair up with marks elsewhere and vanish."""
    return _flat(text).replace("*", "").replace("_", "")


@cache
def baseline() -> tuple[Parsed, Parsed]:
    """The unmodified example's HTML report, and its Markdown report read as HTML."""
    result = validate_bytes(EXAMPLE.read_bytes(), str(EXAMPLE))
    assert result.disclosure is not None
    return (
        parse_html(render(result.disclosure, "html")),
        parse_html(md_to_html(render(result.disclosure, "md"))),
    )


DANGEROUS_ELEMENTS = frozenset(
    {
        "script",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "form",
        "input",
        "button",
        "textarea",
        "select",
        "base",
        "link",
        "img",
        "image",
        "video",
        "audio",
        "source",
        "track",
        "noscript",
        "template",
        "math",
        "mglyph",
        "foreignobject",
        "portal",
        "xmp",
        "plaintext",
        "noembed",
        "noframes",
    }
)
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset"}
)
# Markdown parsers align table columns with a style attribute; nothing else may be styled.
_ALIGN = re.compile(r"text-align:(left|right|center)")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\u200b-\u200d\ufeff]+")


def url_scheme(value: str) -> str:
    m = _SCHEME.match(_IGNORED_IN_URL.sub("", value).lower())
    return m.group(1) if m else ""


def _signature(tag: str, attrs: list[tuple[str, str | None]]) -> tuple[str, frozenset[str]]:
    return tag, frozenset(name for name, _ in attrs)


def _markdown_signatures() -> set[tuple[str, frozenset[str]]]:
    """Elements that sanitised user Markdown may produce, with each allowed attribute set."""
    out: set[tuple[str, frozenset[str]]] = {("span", frozenset())}
    for tag in ALLOWED_TAGS:
        allowed = set(ALLOWED_ATTRIBUTES.get(tag, set()))
        if tag == "a":
            allowed |= {"rel"}
        names = sorted(allowed)
        for mask in range(1 << len(names)):
            out.add((tag, frozenset(n for i, n in enumerate(names) if mask >> i & 1)))
    return out


def live_markup(parsed: Parsed, base: Parsed, relative_links: bool = False) -> list[str]:
    """Every element, attribute or comment that user text could have made live."""
    problems = []
    allowed = {_signature(t, a) for t, a in base.elements} | _markdown_signatures()
    for tag, attrs in parsed.elements:
        shown = f"<{tag} {' '.join(f'{k}={v!r}' for k, v in attrs)}>"
        if tag in DANGEROUS_ELEMENTS:
            problems.append(f"element {shown}")
        for name, value in attrs:
            if name.startswith("on"):
                problems.append(f"event handler attribute {name} in {shown}")
            if name == "srcdoc" or (name == "style" and not _ALIGN.fullmatch(value or "")):
                problems.append(f"attribute {name} in {shown}")
            if name in URL_ATTRIBUTES and value is not None:
                scheme = url_scheme(value)
                if scheme in ("javascript", "data", "vbscript", "file"):
                    problems.append(f"{scheme}: URL in {shown}")
                elif name != "href" or not (
                    scheme in ("http", "https", "mailto")
                    or value[:1] == "#"
                    or (relative_links and scheme == "")
                ):
                    problems.append(f"unexpected URL in {shown}")
        if _signature(tag, attrs) not in allowed:
            problems.append(f"element or attribute set the report does not make: {shown}")
    base_tags = [(t, a) for t, a in base.elements if t in ("style", "meta", "title")]
    tags = [(t, a) for t, a in parsed.elements if t in ("style", "meta", "title")]
    if tags != base_tags:
        problems.append(f"head elements changed: {tags} instead of {base_tags}")
    if parsed.comments != base.comments:
        problems.append(f"comments: {parsed.comments}")
    return problems


# --- Reading Markdown -----------------------------------------------------------

# CommonMark with GitHub's tables and strikethrough, raw HTML passed through (GitHub
# would then sanitise it; here any raw HTML at all is a failure).
_MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
# markdown-it drops javascript: links itself; other renderers may not, so the tests
# see every link the Markdown makes, whatever its scheme.
_MD.validateLink = lambda url: True


def md_tokens(text: str) -> Iterator[tuple[Token, int]]:
    """Every token, inline ones too, with the 1-based line of the block it is in."""

    def walk(tokens: list[Token], line: int) -> Iterator[tuple[Token, int]]:
        for token in tokens:
            here = token.map[0] + 1 if token.map else line
            yield token, here
            if token.children:
                yield from walk(token.children, here)

    return walk(_MD.parse(text), 0)


def md_to_html(text: str) -> str:
    return _MD.render(text)


def md_problems(text: str) -> list[str]:
    problems = []
    for token, line in md_tokens(text):
        if token.type in ("html_block", "html_inline"):
            problems.append(f"line {line}: raw HTML {token.content!r}")
        if token.type == "image":
            problems.append(f"line {line}: image {token.attrGet('src')!r}")
        if token.type == "link_open":
            # A link without a scheme is relative: harmless wherever the report is shown.
            href = str(token.attrGet("href") or "")
            if url_scheme(href) not in ("", "http", "https", "mailto"):
                problems.append(f"line {line}: link to {href!r}")
    return problems


# The report itself writes no HTML; its only angle brackets are <https://...> autolinks.
_TAG_START = re.compile(r"<(?!(?:https?|mailto):)[A-Za-z!/?]")


def _without_code(line: str) -> str:
    """A line with its code spans blanked out, found as CommonMark does: a run of
    backticks (not backslash-escaped) up to the next run of the same length."""
    out, i = [], 0
    while i < len(line):
        if line[i] == "\\" and i + 1 < len(line):
            out.append(line[i : i + 2])
            i += 2
            continue
        if line[i] == "`":
            run = len(line[i:]) - len(line[i:].lstrip("`"))
            close = re.compile(f"(?<!`){'`' * run}(?!`)").search(line, i + run)
            if close:
                out.append(" " * (close.end() - i))
                i = close.end()
                continue
            out.append("`" * run)
            i += run
            continue
        out.append(line[i])
        i += 1
    return "".join(out)


def tag_starts(md: str) -> list[str]:
    """Every '<' that starts a tag, outside code blocks and code spans, by line."""
    in_code: set[int] = set()
    for token, _ in md_tokens(md):
        if token.type in ("fence", "code_block") and token.map:
            in_code.update(range(token.map[0], token.map[1]))
    found = []
    for number, line in enumerate(md.splitlines()):
        if number in in_code:
            continue
        m = _TAG_START.search(_without_code(line))
        if m:
            found.append(f"line {number + 1}, column {m.start() + 1}: {line[:200]!r}")
    return found


# --- The tests --------------------------------------------------------------------


def test_every_kind_of_free_text_is_mutated() -> None:
    paths = free_text_paths()
    keys = {p[-1] for p in paths if isinstance(p[-1], str)}
    assert len(paths) > 300
    # A spread of contexts: headings, table cells, field lists, Markdown blocks, captions.
    assert {"name", "description", "notes", "locator", "title", "category", "unit"} <= keys
    assert {"risk", "formula", "dimension", "metric", "slice", "purpose"} <= keys
    assert not keys & SKIP_KEYS


def test_baseline_reports_are_clean() -> None:
    html_base, md_base = baseline()
    assert [t for t, _ in html_base.elements].count("style") == 1
    assert live_markup(html_base, html_base) == []
    assert live_markup(md_base, md_base, relative_links=True) == []
    result = validate_bytes(EXAMPLE.read_bytes(), str(EXAMPLE))
    assert result.disclosure is not None
    md = render(result.disclosure, "md")
    assert md_problems(md) == []
    assert tag_starts(md) == []


PAYLOAD_IDS = [p.id for p in PAYLOADS]


@pytest.mark.parametrize("index", range(len(PAYLOADS)), ids=PAYLOAD_IDS)
def test_html_report_has_no_live_markup(index: int) -> None:
    _, html, _ = hostile_reports(index)
    problems = live_markup(parse_html(html), baseline()[0])
    assert problems == [], "\n".join(problems[:40])


@pytest.mark.parametrize("index", range(len(PAYLOADS)), ids=PAYLOAD_IDS)
def test_html_report_shows_every_payload_as_text(index: int) -> None:
    doc, html, _ = hostile_reports(index)
    text = _loose(parse_html(html).text)
    forms = [_loose(f) for f in (doc.payload.text, *doc.payload.html_also)]
    missing = [
        f"{marker} at {'.'.join(map(str, path))}"
        for marker, path in doc.fields.items()
        if not any(f"{marker} {form}" in text for form in forms)
    ]
    assert missing == [], (
        f"{len(missing)} of {len(doc.fields)} fields do not show {doc.payload.text!r} "
        "as text after their marker:\n" + "\n".join(missing[:40])
    )


@pytest.mark.parametrize("index", range(len(PAYLOADS)), ids=PAYLOAD_IDS)
def test_markdown_report_has_no_raw_html(index: int) -> None:
    _, _, md = hostile_reports(index)
    problems = md_problems(md)
    assert problems == [], "\n".join(problems[:40])
    starts = tag_starts(md)
    assert starts == [], "a tag starts at\n" + "\n".join(starts[:40])
    # Read as GitHub would, the report has only the elements Markdown itself makes.
    parsed = parse_html(md_to_html(md))
    problems = live_markup(parsed, baseline()[1], relative_links=True)
    assert problems == [], "\n".join(problems[:40])


@pytest.mark.parametrize("index", range(len(PAYLOADS)), ids=PAYLOAD_IDS)
def test_markdown_report_shows_every_payload_as_text(index: int) -> None:
    doc, _, md = hostile_reports(index)
    text = _loose(parse_html(md_to_html(md)).text)
    forms = [_loose(f) for f in (doc.payload.text, *doc.payload.md_also)]
    missing = [
        f"{marker} at {'.'.join(map(str, path))}"
        for marker, path in doc.fields.items()
        if not any(f"{marker} {form}" in text for form in forms)
    ]
    assert missing == [], (
        f"{len(missing)} of {len(doc.fields)} fields do not show {doc.payload.text!r} "
        "as text after their marker:\n" + "\n".join(missing[:40])
    )


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_template_syntax_in_user_text_is_not_evaluated(fmt: str) -> None:
    index = PAYLOAD_IDS.index("jinja-expression")
    doc, html, md = hostile_reports(index)
    # The HTML as a reader sees it; the Markdown as written (where * is still visible).
    text = parse_html(html).text if fmt == "html" else _flat(md)
    evaluated = [m for m in doc.fields if f"{m} 49" in text]
    assert evaluated == [], f"template syntax was evaluated after {evaluated[:10]}"
    shown = [m for m in doc.fields if m in text]
    assert shown
    assert text.count("{{ 7*7 }}") >= len(shown)


# --- Properties of the rich-text functions -----------------------------------------

FRAGMENTS = [
    "<",
    ">",
    "&",
    '"',
    "'",
    "`",
    "[",
    "]",
    "(",
    ")",
    "!",
    "*",
    "_",
    "\\",
    "|",
    "\n",
    "\n\n",
    "    ",
    "-",
    "#",
    ":",
    "=",
    "/",
    "<script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<a href='javascript:alert(1)'>",
    "javascript:",
    "JaVaScRiPt:",
    "data:text/html,",
    "vbscript:",
    "https://example.com/",
    "mailto:a@example.com",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "&lt;",
    "&#60;",
    "&#x3c;",
    "onerror=",
    " onmouseover=",
    "<style>",
    "<iframe>",
    "<math>",
    "<noscript>",
    '<p title="',
    "[x]: ",
    "![",
    "](",
    "<https://example.com>",
    "<javascript:alert(1)>",
    "```",
    "~~~",
    "| --- |",
    "\t",
    "\u2028",
    "\x00",
]
hostile_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=30
).map("".join)

_MD_ALLOWED = {tag: set(ALLOWED_ATTRIBUTES.get(tag, set())) for tag in ALLOWED_TAGS}
_MD_ALLOWED["a"] = _MD_ALLOWED["a"] | {"rel"}
_MD_ALLOWED["span"] = set()


@settings(max_examples=examples(400))
@given(hostile_text)
def test_markdown_to_html_yields_only_allowed_elements(text: str) -> None:
    parsed = parse_html(str(markdown_to_html(text)))
    for tag, attrs in parsed.elements:
        assert tag in _MD_ALLOWED, (tag, attrs)
        for name, value in attrs:
            assert name in _MD_ALLOWED[tag], (tag, attrs)
            if name == "href":
                assert url_scheme(value or "") in ("http", "https", "mailto"), (tag, attrs)
    assert parsed.comments == []


@settings(max_examples=examples(400))
@given(hostile_text)
@example("``<script>`")  # a backtick run is not closed by a shorter one
@example("x ```\n\n<script>\n\n```")  # a code span does not reach across a blank line
def test_markdown_text_yields_no_raw_html(text: str) -> None:
    assert md_problems(markdown_text(text)) == []


@settings(max_examples=examples(300))
@given(hostile_text)
@example("`<script>```")
@example("a | b \\| c")
def test_markdown_cell_stays_in_its_cell(text: str) -> None:
    cell = markdown_cell(text)
    assert "\n" not in cell
    table = f"| A | B |\n| --- | --- |\n| {cell} | end |\n"
    assert md_problems(table) == []
    tokens = [token for token, _ in md_tokens(table)]
    rows = [t for t in tokens if t.type == "tr_open"]
    cells = [t for t in tokens if t.type == "td_open"]
    assert len(rows) == 2 and len(cells) == 2, table
    last = [t for t in tokens if t.type == "inline"][-1]
    assert last.content == "end", table
