"""User free text (Markdown) made safe for each output format.

HTML: Markdown is converted with raw HTML disabled (so `<script>` stays visible
as text), links and images with other than http(s)/mailto targets are turned
back into visible text, and the result is sanitised with nh3 as a second line
of defence. Markdown: text is passed through with anything that could become
live HTML where the report is shown escaped.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from functools import lru_cache

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "strong",
        "em",
        "b",
        "i",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "hr",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "sub",
        "sup",
        "del",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


def safe_url(url: str) -> bool:
    """Whether a link target may appear in a report."""
    scheme = url.split(":", 1)[0].strip().lower() if ":" in url else ""
    return scheme in SAFE_SCHEMES


class _NeutraliseLinks(Treeprocessor):
    """Links to other schemes and images become plain text showing what was written."""

    def run(self, root: ET.Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag == "a" and not safe_url(child.get("href", "")):
                    text = "".join(child.itertext())
                    self._replace(parent, index, child, f"{text} ({child.get('href', '')})")
                elif child.tag == "img":
                    alt, src = child.get("alt", ""), child.get("src", "")
                    self._replace(parent, index, child, f"[image: {alt}] ({src})")

    @staticmethod
    def _replace(parent: ET.Element, index: int, child: ET.Element, text: str) -> None:
        span = ET.Element("span")
        span.text = text
        span.tail = child.tail
        parent.remove(child)
        parent.insert(index, span)


class _SafeMarkdown(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.inlinePatterns.deregister("entity")
        md.treeprocessors.register(_NeutraliseLinks(md), "neutralise_links", 0)


@lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=[_SafeMarkdown(), "tables", "sane_lists"], output_format="html"
    )


def markdown_to_html(text: str) -> Markup:
    """Markdown to sanitised HTML; block level (paragraphs, lists)."""
    conv = _converter()
    html = conv.reset().convert(text)
    clean = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(SAFE_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return Markup(clean)


def inline_html(text: str) -> Markup:
    """Short text: Markdown without the wrapping paragraph when it is one paragraph."""
    html = str(markdown_to_html(text))
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


# --- Markdown output -------------------------------------------------------

# Code spans and safe autolinks pass through untouched; they cannot carry live HTML.
# A code span opens and closes with backtick runs of the same, maximal length; a run
# after a backslash is taken as escaped (the safe reading: its text then gets escaped);
# a span never crosses a blank line, since a paragraph break ends it in Markdown.
_PROTECTED = re.compile(
    r"(?<![`\\])(`+)(?!`)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)|<(?:https?|mailto):[^\s<>]+>",
    re.DOTALL | re.IGNORECASE,
)
_REF_DEF = re.compile(r"^(\s{0,3})\[([^\]]+)\]:", re.MULTILINE)


def _escape_outside_code(text: str) -> str:
    out, pos = [], 0
    for m in _PROTECTED.finditer(text):
        out.append(_escape_loose(text[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_escape_loose(text[pos:]))
    return "".join(out)


def _escape_loose(text: str) -> str:
    # A backtick outside a complete code span is escaped too: left bare, it could pair
    # with one from a neighbouring field and turn escaped text back into raw HTML.
    return _escape_html_chars(text).replace("`", "\\`")


def _escape_html_chars(text: str) -> str:
    # '&' is left alone: in Markdown '&lt;' means the character '<', as in the HTML report,
    # and an entity can only ever produce text, never a tag.
    return text.replace("<", "&lt;").replace(">", "&gt;")


_LINK_CLOSE = re.compile(r"(\\*)\]\(")
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")
_PUNCT_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def _unsafe_destination(rest: str) -> bool:
    """Whether a link destination (the text after `](`) names a scheme we do not allow.

    Read the way a Markdown renderer and then a browser would: entities decoded
    (`&#115;`, `&colon;`), backslash escapes dropped, and the tabs, newlines and
    control characters that browsers strip from a scheme removed.
    """
    head = rest[:400].lstrip()
    head = head[1:] if head.startswith("<") else head
    decoded = _INVISIBLE.sub("", _PUNCT_ESCAPE.sub(r"\1", html.unescape(head))).lower()
    m = _SCHEME.match(decoded)
    return m is not None and m.group(1) not in SAFE_SCHEMES


def _neutralise_md_links(text: str) -> str:
    """Escape the `]` of every `](` whose destination is unsafe, so no link forms.

    Keyed on `](` rather than on a whole `[...](...)` so that nested brackets
    (`[a [b] c](javascript:...)`) cannot hide a link from the check.
    """
    out, pos = [], 0
    for m in _LINK_CLOSE.finditer(text):
        if len(m.group(1)) % 2:  # `\](`: the bracket is already literal
            continue
        if _unsafe_destination(text[m.end() :]):
            out.append(text[pos : m.start(1) + len(m.group(1))] + "\\](")
            pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def markdown_text(text: str) -> str:
    """User Markdown for a Markdown report: HTML escaped, unsafe links made literal."""
    text = _neutralise_md_links(text.strip())
    text = _escape_outside_code(text)
    text = re.sub(r"!\[", r"!\\[", text)  # no images: they would load from elsewhere
    return _REF_DEF.sub(lambda m: f"{m.group(1)}\\[{m.group(2)}\\]:", text)


def markdown_cell(text: str) -> str:
    """User text for one Markdown table cell: one line, pipes escaped."""
    flat = " ".join(markdown_text(text).split())
    return flat.replace("|", "\\|")


def markdown_link_text(text: str) -> str:
    """User text inside a Markdown link's [...]: brackets escaped so it cannot nest links."""
    return re.sub(r"(?<!\\)([\[\]])", r"\\\1", markdown_cell(text))
