"""User free text (Markdown) made safe for the HTML report.

Markdown is converted with raw HTML disabled (so `<script>` stays visible as text),
links and images with other than http(s)/mailto targets are turned back into visible
text, and the result is sanitised with nh3 as a second line of defence. The Markdown
report's escaping is output/markdown.py.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from functools import lru_cache

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from ..output.markdown import SAFE_SCHEMES

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
