"""Every number in a disclosure is found in both reports as the file writes it.

For each example and each valid fixture, every numeric scalar of the YAML (the
loader keeps its written form, `figures.WrittenInt` / `WrittenFloat`) is looked for
in the text of the HTML report (tags removed, entities decoded) and of the Markdown
report. A number counts as found in one of the presentations `render/view.py`
documents, and only as a whole number (`0.5` is not found in `0.50`, nor `72` in
`72.0`):

- as written (`72.0`, `0.50`, `1e-5`, `+3`);
- a plain whole number of four digits or more with its thousands grouped (`num`:
  `1500` -> `1,500`);
- a share as a percentage with the digits it was written with (`percent`:
  `0.745` -> `74.5%`, `0.50` -> `50%`); that covers a CI level too (`0.95` -> `95% CI`).

A bound or a range is its figures in words ('about 1,500', '8 to 12'): each figure is
looked for on its own. A number written n times must be found at least n times, so a
number dropped in one place is not hidden by the same number shown in another.
Numbers in `NOT_SHOWN` are left out, each for the reason given there.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from rlhf_disclosure import load_disclosure
from rlhf_disclosure.figures import WrittenFloat, WrittenInt
from rlhf_disclosure.reading.loader import decode, load_yaml
from rlhf_disclosure.render import render
from rlhf_disclosure.render.view import num, percent
from rlhf_disclosure.schema import Disclosure
from rlhf_disclosure.schema.paths import Loc
from tests.repo import REPO

FILES = sorted(REPO.glob("examples/*.yaml")) + sorted(
    (REPO / "tests" / "fixtures" / "valid").glob("*.yaml")
)

NOT_SHOWN: dict[str, str] = {
    r"schema_version": "the format's version, not a fact about the model",
}
"""Numbers the reports deliberately do not show: a regular expression matched against
the number's path (`index_path` form, list items by index), and why."""

REFORMATTED: dict[str, str] = {}
"""Numbers the reports show reformatted, a known defect: (path pattern -> why). None
today: `hyperparameters.other` kept its written form once its Scalar type handed the
loader's numbers back as written. An entry here would leave those numbers out of the
main test, to be checked on their own."""


def _numbers(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _numbers(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _numbers(item, (*loc, index))
    elif isinstance(value, (WrittenInt, WrittenFloat)) and not isinstance(value, bool):
        yield loc, value


def _path(loc: Loc) -> str:
    out = ""
    for seg in loc:
        out += f"[{seg}]" if isinstance(seg, int) else (f".{seg}" if out else str(seg))
    return out


def _matches(patterns: dict[str, str], where: str) -> bool:
    return any(re.fullmatch(pattern, where) for pattern in patterns)


def _lost_form(where: str, value: Any) -> bool:
    """Whether a number is one REFORMATTED says loses its written form, and the form
    matters: the plain number would print otherwise (`0.0` as `0`; not `2048`)."""
    plain = int(value) if isinstance(value, int) else float(value)
    return _matches(REFORMATTED, where) and not set(forms(value)) & {num(plain)}


def written_numbers(path: Path, known: bool = False) -> list[tuple[str, Any]]:
    """(path, number) for every numeric scalar of a file the reports should show; with
    `known`, only those REFORMATTED spoils, else all but those."""
    data = load_yaml(decode(path.read_bytes())).data
    return [
        (where, value)
        for where, value in ((_path(loc), v) for loc, v in _numbers(data))
        if not _matches(NOT_SHOWN, where) and _lost_form(where, value) == known
    ]


def forms(value: Any) -> list[str]:
    """The presentations of a number the reports may use (module docstring)."""
    shown = [value.written, num(value)]
    if isinstance(value, (int, float)) and 0 <= value <= 1:
        shown.append(percent(value))
    return list(dict.fromkeys(shown))


def _pattern(form: str) -> re.Pattern[str]:
    # A whole number only: no digit, point, comma or sign glued on either side.
    return re.compile(rf"(?<![\d.,+\-]){re.escape(form)}(?![.,]?\d)")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("style", "script")
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "script")
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def report_text(disclosure: Disclosure, fmt: str) -> str:
    out = render(disclosure, fmt)  # type: ignore[arg-type]
    if fmt == "md":
        return html.unescape(out)
    parser = _Text()
    parser.feed(out)
    parser.close()
    return "".join(parser.parts)


def missing_numbers(path: Path, fmt: str, known: bool = False) -> list[str]:
    """'n of [path: written] (looked for: forms)' for numbers the report does not show."""
    text = report_text(load_disclosure(path), fmt)
    groups: dict[tuple[str, ...], list[str]] = {}
    for where, value in written_numbers(path, known):
        groups.setdefault(tuple(forms(value)), []).append(f"{where}: {value.written}")
    problems: list[str] = []
    for shown, places in groups.items():
        found = sum(len(_pattern(f).findall(text)) for f in shown)
        if found < len(places):
            problems.append(f"{len(places) - found} of {places} (looked for {list(shown)})")
    return problems


CASES = [
    pytest.param(path, fmt, id=f"{path.stem}-{fmt}") for path in FILES for fmt in ("html", "md")
]


@pytest.mark.parametrize(("path", "fmt"), CASES)
def test_every_number_is_shown_as_written(path: Path, fmt: str) -> None:
    assert missing_numbers(path, fmt) == []


def test_the_files_have_numbers_to_look_for() -> None:
    assert len(FILES) >= 20
    assert sum(len(written_numbers(p)) for p in FILES) > 200


def test_a_reformatted_number_is_not_found() -> None:
    # The matcher itself: 72.0 printed as 72, 0.50 as 0.5, +3 as 3 are not found.
    assert not _pattern("72.0").search("win rate 72%")
    assert not _pattern("0.50").search("at most 0.5.")
    assert not _pattern("72").search("72.0")
    assert not _pattern("0.5").search("0.50")
    assert _pattern("+3").search("a gain of +3 points")
    assert not _pattern("3").search("+3")
    assert forms(WrittenFloat(0.50, "0.50")) == ["0.50", "50%"]
    assert forms(WrittenInt(1500, "1500")) == ["1500", "1,500"]
