"""The package as users get it: `python -m build` makes an sdist and a wheel (from the
sdist), twine accepts both, and the wheel installed into a fresh virtual environment
runs every command on the examples, so a template or data file left out of the wheel
fails here.

The build runs on a copy of the files git tracks (and new files not ignored), as a
clean clone would hold them; installing takes the dependencies from the package index.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from rlhf_disclosure import __version__, load_disclosure
from rlhf_disclosure.render import render
from tests.repo import REPO
from tests.source_tree import copy_source, source_files

pytestmark = pytest.mark.packaging

EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))
HANG_GUARD = 1800  # seconds: a hung pip or build, never a slow one


def sh(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    """Run a command; fail the test with its output when it fails."""
    proc = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=HANG_GUARD,
    )
    assert proc.returncode == 0, f"{args} exited {proc.returncode}:\n{proc.stdout}{proc.stderr}"
    return proc.stdout


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("package")
    src = copy_source(root / "src")
    out = root / "dist"
    sh(sys.executable, "-m", "build", "--outdir", out, src)
    [wheel] = out.glob("*.whl")
    [sdist] = out.glob("*.tar.gz")
    return {"wheel": wheel, "sdist": sdist, "root": root}


@pytest.fixture(scope="module")
def installed(dist: dict[str, Path]) -> Path:
    """A fresh virtual environment with only the wheel (and its dependencies) in it."""
    venv = dist["root"] / "venv"
    sh(sys.executable, "-m", "venv", venv)
    sh(venv / "bin" / "python", "-m", "pip", "install", "--quiet", dist["wheel"])
    return venv / "bin"


def test_build_makes_both_files_named_for_the_version(dist: dict[str, Path]) -> None:
    assert dist["wheel"].name == f"rlhf_disclosure-{__version__}-py3-none-any.whl"
    assert dist["sdist"].name == f"rlhf_disclosure-{__version__}.tar.gz"


def test_twine_accepts_both(dist: dict[str, Path]) -> None:
    out = sh(sys.executable, "-m", "twine", "check", "--strict", dist["wheel"], dist["sdist"])
    assert out.count("PASSED") == 2, out


def test_the_wheel_holds_every_file_of_the_package(dist: dict[str, Path]) -> None:
    """Every tracked file under rlhf_disclosure/ (templates, data, py.typed) is in the wheel."""
    wanted = {n for n in source_files() if n.startswith("rlhf_disclosure/")}
    with zipfile.ZipFile(dist["wheel"]) as wheel:
        names = set(wheel.namelist())
        metadata = wheel.read(f"rlhf_disclosure-{__version__}.dist-info/entry_points.txt")
    assert wanted - names == set()
    assert "rlhf-disclosure = rlhf_disclosure.cli.app:main" in metadata.decode()


def run_tool(bin_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NO_COLOR")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(
        [str(bin_dir / "rlhf-disclosure"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=HANG_GUARD,
    )


def test_the_installed_tool_is_the_wheel_not_this_checkout(installed: Path, tmp_path: Path) -> None:
    # Not from the checkout: there, `python -c` would import the source tree.
    code = "import rlhf_disclosure; print(rlhf_disclosure.__file__)"
    where = sh(installed / "python", "-c", code, cwd=tmp_path)
    assert Path(where.strip()).is_relative_to(installed.parent)
    version = sh(installed / "python", "-m", "rlhf_disclosure", "--version", cwd=tmp_path)
    assert version == f"rlhf-disclosure {__version__}\n"


def test_the_installed_wheel_runs_every_command(installed: Path, tmp_path: Path) -> None:
    (tmp_path / "examples").mkdir()
    for example in EXAMPLES:
        shutil.copy(example, tmp_path / "examples" / example.name)

    validate = run_tool(installed, tmp_path, "validate", "examples")
    assert validate.returncode == 0, validate.stdout + validate.stderr
    assert validate.stderr.startswith(f"{len(EXAMPLES)} files checked: {len(EXAMPLES)} valid")

    for framework in ("casper", "fmti", "fmti-2023", "eu-ai-act", "eu-gpai-code"):
        for fmt in ("text", "json", "md"):
            args = ["coverage", "examples", "--framework", framework, "--format", fmt]
            cov = run_tool(installed, tmp_path, *args)
            assert cov.returncode == 0, (framework, fmt, cov.stderr)
            assert "disclosed" in cov.stdout

    for fmt in ("html", "md"):
        done = run_tool(installed, tmp_path, "render", "examples", "-f", fmt, "--out-dir", "out")
        assert done.returncode == 0, done.stderr
        for example in EXAMPLES:
            # The same bytes as this checkout renders: nothing missing from the wheel.
            written = (tmp_path / "out" / f"{example.stem}.{fmt}").read_text(encoding="utf-8")
            assert written == render(load_disclosure(example), fmt)  # type: ignore[arg-type]

    init = run_tool(installed, tmp_path, "init", "new-disclosure.yaml")
    assert init.returncode == 0, init.stderr
    todo = run_tool(installed, tmp_path, "check", "new-disclosure.yaml")
    assert todo.returncode == 1  # a fresh scaffold is full of TODOs
    assert "error[todo]" in todo.stdout

    schema = run_tool(installed, tmp_path, "schema")
    assert schema.returncode == 0
    assert schema.stdout == (REPO / "rlhf_disclosure/data/disclosure.schema.json").read_text(
        encoding="utf-8"
    )

    strict = run_tool(installed, tmp_path, "check", "--strict", "examples")
    assert strict.returncode == 0, strict.stdout + strict.stderr
