"""The README's Python snippet runs as written."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.repo import REPO


def test_the_python_snippet_runs(workdir: Path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    [snippet] = re.findall(r"```python\n(.*?)```", readme, re.S)
    shutil.copy(REPO / "examples" / "open-dpo-aif.yaml", workdir / "disclosure.yaml")
    names: dict[str, object] = {}
    exec(compile(snippet, "README.md", "exec"), names)
    assert names["issues"] == []
    html = names["html"]
    assert isinstance(html, str) and html.startswith("<!DOCTYPE html>")
