"""Shared test helpers: golden files, Hypothesis profiles, the browser.

`golden(actual_text, path)` compares text with a checked-in file. Run
`make golden` (`pytest --update-golden`) to rewrite the files from the current
output instead, then review the change with `git diff`.

Hypothesis profiles: `ci` (the default, what `make test` runs) and `dev` (a tenth of
the examples, for `make test-fast`); choose one with `--hypothesis-profile=dev`.
Neither has a deadline: a slow or busy machine must not fail a test.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from tests.budget import CI_EXAMPLES
from tests.repo import REPO

_PROFILE = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("ci", max_examples=CI_EXAMPLES, print_blob=True, **_PROFILE)
settings.register_profile("dev", max_examples=CI_EXAMPLES // 10, **_PROFILE)
settings.load_profile("ci")

pytest_plugins = ["pytester"]

Golden = Callable[[str, Path], None]

_UPDATE_FLAG = "--update-golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        _UPDATE_FLAG,
        action="store_true",
        default=False,
        help="Rewrite golden files from the current output instead of comparing with them.",
    )


def _shown(path: Path) -> str:
    """The path relative to the working directory when possible, for messages."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _diff(expected: str, actual: str, name: str) -> str:
    lines = difflib.unified_diff(
        expected.splitlines(keepends=True),
        actual.splitlines(keepends=True),
        fromfile=f"{name} (expected)",
        tofile="actual output",
    )
    out = []
    for line in lines:
        if not line.endswith("\n"):
            line += "\n\\ No newline at end of file\n"
        out.append(line)
    return "".join(out)


def golden_check(update: bool) -> Golden:
    """A checker that writes golden files when `update` is true and compares otherwise."""

    def check(actual_text: str, path: Path) -> None:
        path = Path(path)
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Bytes, so no newline translation: the file holds exactly the text.
            path.write_bytes(actual_text.encode("utf-8"))
            return
        name = _shown(path)
        if not path.is_file():
            pytest.fail(
                f"golden file {name} does not exist; run `make golden` to create it "
                "(then review it before committing)",
                pytrace=False,
            )
        expected = path.read_bytes().decode("utf-8")
        if actual_text != expected:
            pytest.fail(
                f"output differs from golden file {name}:\n"
                f"{_diff(expected, actual_text, name)}\n"
                "If the new output is intended, run `make golden` to update the golden "
                "files and review the change with `git diff`.",
                pytrace=False,
            )

    return check


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    """`golden(actual_text, path)`: compare with, or under --update-golden write, a file."""
    return golden_check(bool(request.config.getoption(_UPDATE_FLAG)))


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the repository root so paths in the output are relative to it."""
    monkeypatch.chdir(REPO)
    return REPO


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty directory to run in, so file names in the output are short."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium, launched once per test process (see tests/chromium.py)."""
    from tests.chromium import launched

    with launched() as b:
        yield b
