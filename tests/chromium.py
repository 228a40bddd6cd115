"""Headless Chromium for the report tests: one launch per test process, generous hang guards.

Timeouts here only stop a hung browser from hanging the suite; they are minutes long,
so a busy or slow machine never fails a test. Screenshots are of the viewport (or of
clipped regions), never of a whole long report, whose cost grows with its height.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

HANG_GUARD_MS = 10 * 60 * 1000
"""Ten minutes: for launching, loading and screenshotting - a hang guard, not a speed check."""

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def need(what: str, found: object, how: str) -> None:
    """Fail (never skip) when a tool the report tests need is missing."""
    if not found:
        pytest.fail(f"{what} is missing: {how} (`make test` installs it)", pytrace=False)


@contextmanager
def launched() -> Iterator[Any]:
    """The system Chromium, driven by Playwright."""
    chromium = shutil.which("chromium")
    need("Chromium", chromium, "install it with `apt-get install chromium`")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - a test extra
        pytest.fail("playwright is missing: pip install -e '.[test]'", pytrace=False)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS, headless=True, timeout=HANG_GUARD_MS
        )
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser: Any, **context: Any) -> Any:
    """A page in a fresh context whose waits time out only after the hang guard."""
    ctx = browser.new_context(**context)
    ctx.set_default_timeout(HANG_GUARD_MS)
    ctx.set_default_navigation_timeout(HANG_GUARD_MS)
    return ctx.new_page()


def clipped_screenshot(page: Any, locator: Any, path: str) -> None:
    """A screenshot of one element, cut to the viewport: its size never grows with the page."""
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    viewport = page.viewport_size
    if box is None or viewport is None:
        return
    top = max(box["y"], 0)
    clip = {
        "x": max(box["x"], 0),
        "y": top,
        "width": min(box["width"], viewport["width"]),
        "height": min(box["height"], viewport["height"] - top),
    }
    if clip["width"] > 0 and clip["height"] > 0:
        page.screenshot(path=path, clip=clip)
