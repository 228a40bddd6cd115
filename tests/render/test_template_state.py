"""A user template cannot change what later reports say: the status words, anchors and
registries it sees are shared by every report in the process, so it may not modify
them (Jinja's immutable sandbox)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rlhf_disclosure import load_disclosure
from rlhf_disclosure.errors import TemplateProblem
from rlhf_disclosure.render import render
from tests.repo import REPO

EXAMPLE = REPO / "examples" / "closed-withheld.yaml"

ATTEMPTS = {
    "status-words": '{{ STATUS_TEXT.update({"not_disclosed": "Disclosed"}) }}',
    "view-status-words": '{{ v.STATUS_TEXT.update({"withheld": "Disclosed"}) }}',
    "anchors": "{{ anchors.clear() }}",
    "item-list": "{{ items.append(items[0]) }}",
    "counts": '{{ counts.update({"disclosed": 11}) }}',
    "model-config": '{{ d.model_config.update({"extra": "allow"}) }}',
}


@pytest.mark.parametrize("name", sorted(ATTEMPTS))
def test_a_template_cannot_change_shared_state(tmp_path: Path, name: str) -> None:
    disclosure = load_disclosure(EXAMPLE)
    before = {fmt: render(disclosure, fmt) for fmt in ("html", "md")}
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "report.md.j2").write_text(ATTEMPTS[name] + "\n", encoding="utf-8")
    with pytest.raises(TemplateProblem, match="SecurityError"):
        render(disclosure, "md", tpl)
    after = {fmt: render(disclosure, fmt) for fmt in ("html", "md")}
    assert after == before
