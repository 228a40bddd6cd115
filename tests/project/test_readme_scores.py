"""The README's table of the bundled examples' scores is the scores `coverage` prints."""

from __future__ import annotations

import re

from rlhf_disclosure import load_disclosure
from rlhf_disclosure.coverage.report import coverage_report
from tests.repo import REPO


def test_the_readme_gives_each_example_its_current_score() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(examples/[\w.-]+\.yaml)` \| [^|]+ \| ([^|]+) \|$", readme, re.M))
    examples = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "examples").glob("*.yaml"))
    assert sorted(rows) == examples
    for name, score in rows.items():
        assert score.strip() == coverage_report(load_disclosure(REPO / name)).score, name
