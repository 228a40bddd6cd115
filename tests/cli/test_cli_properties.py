"""Hypothesis: every command takes any valid disclosure in its stride: it runs to a
verdict (exit 0 or 1), never to an internal error, and says the same thing twice."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given, settings

from rlhf_disclosure.schema import Disclosure
from rlhf_disclosure.schema.dump import to_yaml
from tests.budget import examples
from tests.cli_helpers import run_clean
from tests.strategies import full_disclosure

COMMANDS = [
    ["validate"],
    ["validate", "--format", "github"],
    ["check", "--strict"],
    ["check", "--format", "json"],
    *(
        ["coverage", "--framework", framework, "--format", fmt]
        for framework in ("casper", "fmti", "eu-ai-act")
        for fmt in ("text", "json", "md")
    ),
]


@settings(max_examples=examples(25))
@given(full_disclosure())
def test_every_command_reaches_a_verdict_on_any_valid_disclosure(data: dict[str, Any]) -> None:
    text = to_yaml(Disclosure.model_validate(data))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "d.yaml"
        path.write_text(text, encoding="utf-8")
        for command in COMMANDS:
            first = run_clean(*command, str(path))
            assert first.exit_code in (0, 1), (command, first.output)
            if command[0] == "validate":
                assert first.exit_code == 0, first.output
            if "json" in command:
                json.loads(first.stdout)
            again = run_clean(*command, str(path))
            assert (again.exit_code, again.stdout) == (first.exit_code, first.stdout)
