"""Playwright infrastructure for the browser tests: one headless Chromium per session, a context per test.

Every test in this folder is marked `browser` and drives Debian's Chromium (no browser downloads) against
pytest-django's `live_server`, which runs on a transactional test database.

Environment:
- `OPVANGNET_CHROMIUM`: the Chromium executable (default `/usr/bin/chromium`).
- `OPVANGNET_REQUIRE_BROWSER=1`: fail instead of skip when that executable is missing (for CI).

On a failing test a full-page screenshot is written to `test-artifacts/` at the repository root.
"""

from __future__ import annotations

import os
import re
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run while one is running.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import Browser, Page, sync_playwright

BROWSER_DIR = Path(__file__).resolve().parent
ARTIFACTS_DIR = BROWSER_DIR.parents[1] / "test-artifacts"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Server-rendered pages: anything slower than this is a failure, not something to wait for.
ACTION_TIMEOUT_MS = 10_000


# --- marking and failure reporting --------------------------------------------------------------------------


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test in this folder `browser`, so `-m "not browser"` leaves them out."""
    for item in items:
        if BROWSER_DIR in item.path.resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keep each phase's report on the item (`item.rep_setup`, `item.rep_call`) for the `page` fixture."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


# --- browser and page ---------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = os.environ.get("OPVANGNET_CHROMIUM", DEFAULT_CHROMIUM)
    if not Path(executable).is_file():
        message = (
            f"Chromium not found at {executable!r}: install Debian's chromium (apt-get install chromium) "
            "or point OPVANGNET_CHROMIUM at a Chromium executable."
        )
        if os.environ.get("OPVANGNET_REQUIRE_BROWSER") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A page in a fresh browser context (no cookies shared between tests), in Dutch, 1280x900."""
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    page = context.new_page()
    # The pages promise a strict Content-Security-Policy with no inline script or style: any violation the
    # browser reports fails the test (a blocked script or style would silently break a page).
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    try:
        yield page
    finally:
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            _save_screenshot(page, request.node.nodeid)
        context.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


def _save_screenshot(page: Page, nodeid: str) -> None:
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid).strip("_")
    path = ARTIFACTS_DIR / f"{name}.png"
    try:
        page.screenshot(path=str(path), full_page=True)
    except Exception as error:  # a screenshot must never hide the real failure
        print(f"could not save screenshot {path}: {error}")
    else:
        print(f"screenshot saved: {path}")
