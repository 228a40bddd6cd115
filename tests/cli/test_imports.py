"""`--version` and `validate` must not pay for the rendering libraries."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.repo import REPO

SNIPPET = """
import sys
from typer.testing import CliRunner
from rlhf_disclosure.cli.app import app
result = CliRunner().invoke(app, {args!r})
heavy = sorted(m for m in ("jinja2", "markdown", "nh3") if m in sys.modules)
print(result.exit_code, ",".join(heavy) or "none")
"""


def run(args: list[str]) -> str:
    code = SNIPPET.format(args=args)
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def test_version_imports_no_rendering_library() -> None:
    assert run(["--version"]) == "0 none"


def test_validate_imports_no_rendering_library(tmp_path: Path) -> None:
    doc = tmp_path / "d.yaml"
    doc.write_text("schema_version: 2\nmodel:\n  name: M\n", encoding="utf-8")
    assert run(["validate", str(doc)]) == "0 none"
