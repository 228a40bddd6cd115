"""User free text (Markdown) made safe for a Markdown output: reports, coverage tables,
the GitHub job summary.

Text is passed through with anything that could become live HTML where the Markdown
is shown escaped, and links whose scheme is not http(s) or mailto made literal.
"""

from __future__ import annotations

import html
import re

from ..issues import printable

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
"""Link schemes a report may carry, in Markdown and in HTML."""

# Code spans and safe autolinks pass through untouched; they cannot carry live HTML.
# A code span opens and closes with backtick runs of the same, maximal length; a run
# after a backslash is taken as escaped (the safe reading: its text then gets escaped);
# a span never crosses a blank line, since a paragraph break ends it in Markdown.
_PROTECTED = re.compile(
    r"(?<![`\\])(`+)(?!`)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)|<(?:https?|mailto):[^\s<>]+>",
    re.DOTALL | re.IGNORECASE,
)


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


# What a terminal acts on or a reader cannot see: control characters (tab and line
# breaks kept) and bidirectional overrides and isolates, which can reorder a line.
_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(text: str) -> str:
    """Control characters and bidi overrides shown as escapes (`\\x1b`, `\\u202e`)."""
    return _TERMINAL_UNSAFE.sub(lambda m: printable(m.group()), text)


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT_UNDERLINE = re.compile(r"^( {0,3})([=-])(\2*[ \t]*)$")


def opens_fence(line: str) -> str | None:
    """The fence a line opens (its run of ` or ~), if it opens one."""
    found = _FENCE.match(line)
    if found is None:
        return None
    run = found.group(1)
    if run[0] == "`" and "`" in line[found.end() :]:
        return None  # a backtick fence's info string holds no backtick: inline code
    return run


def closes_fence(line: str, fence: str) -> bool:
    found = _FENCE.match(line)
    return (
        found is not None
        and found.group(1)[0] == fence[0]
        and len(found.group(1)) >= len(fence)
        and not line[found.end() :].strip()
    )


def _keep_structure(text: str) -> str:
    """User Markdown that cannot change the report's structure.

    A code fence left open is closed at the end of the field (or the rest of the report
    would be code); headings become bold lines (a heading would take over one of the
    report's anchors, such as #9-audits); a setext underline is escaped. Lines inside
    fenced code are left as they are.
    """
    out: list[str] = []
    fence: str | None = None
    previous = ""
    for line in text.split("\n"):
        if fence is not None:
            if closes_fence(line, fence):
                fence = None
            out.append(line)
            previous = ""
            continue
        opened = opens_fence(line)
        heading = _ATX_HEADING.match(line)
        underline = _SETEXT_UNDERLINE.match(line)
        if opened is not None:
            fence = opened
            out.append(line)
        elif heading is not None:
            title = (heading.group(1) or "").strip()
            out.append(f"**{title}**" if title else "")
        elif previous.strip() and underline is not None:
            out.append(f"{underline.group(1)}\\{underline.group(2)}{underline.group(3)}")
        else:
            out.append(line)
        previous = line
    if fence is not None:
        out.append(fence)
    return "\n".join(out)


# `]:` after an unescaped `]` starts a link reference definition - at a line's start,
# in a list item, in a block quote: escaping that `]` anywhere leaves none to form.
_DEFINITION = re.compile(r"(?<!\\)((?:\\\\)*)\]:")


def code_blocks(text: str) -> list[tuple[bool, str]]:
    """The text in runs of (is fenced code, lines), fence lines with their code."""
    runs: list[tuple[bool, list[str]]] = []
    fence: str | None = None
    for line in text.split("\n"):
        if fence is None and (opened := opens_fence(line)) is not None:
            runs.append((True, [line]))
            fence = opened
        elif fence is not None:
            runs[-1][1].append(line)
            if closes_fence(line, fence):
                fence = None
        elif runs and not runs[-1][0]:
            runs[-1][1].append(line)
        else:
            runs.append((False, [line]))
    return [(code, "\n".join(lines)) for code, lines in runs]


def _escape_prose(text: str) -> str:
    text = _escape_outside_code(_neutralise_md_links(text))
    text = re.sub(r"!\[", r"!\\[", text)  # no images: they would load from elsewhere
    return _DEFINITION.sub(lambda m: f"{m.group(1)}\\]:", text)


def markdown_text(text: str, *, keep_code: bool = True) -> str:
    """User Markdown for a Markdown output: HTML escaped, unsafe links made literal,
    control characters and bidi overrides shown as escapes, no link definitions, and
    nothing that could change the structure around it (see `_keep_structure`).

    Fenced code is kept as written (nothing in it is live, and its fence is closed):
    escaping there would show `&lt;` where the user wrote `<`. Without `keep_code`
    (text that is put on one line, where a fence is no fence) everything is escaped.
    """
    text = _keep_structure(_visible(text.strip()))
    if not keep_code:
        return _escape_prose(text)
    return "\n".join(chunk if code else _escape_prose(chunk) for code, chunk in code_blocks(text))


def markdown_cell(text: str) -> str:
    """User text for one Markdown table cell: one line, pipes escaped."""
    flat = " ".join(markdown_text(text, keep_code=False).split())
    return flat.replace("|", "\\|")


def markdown_code_cell(text: str) -> str:
    """User text as inline code in one Markdown table cell: as written (nothing in a code
    span is live), on one line, control characters shown as escapes, pipes escaped (GFM
    splits cells at them even in code), fenced with more backticks than it contains."""
    flat = " ".join(_visible(text).split())
    run = max((len(r) for r in re.findall(r"`+", flat)), default=0)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    fence = "`" * (run + 1)
    return f"{fence}{pad}{flat.replace('|', chr(92) + '|')}{pad}{fence}"


def markdown_link_text(text: str) -> str:
    """User text inside a Markdown link's [...]: brackets escaped so it cannot nest links."""
    return re.sub(r"(?<!\\)([\[\]])", r"\\\1", markdown_cell(text))
