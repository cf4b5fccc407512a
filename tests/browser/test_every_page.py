"""Every page, as every role, at 1280 and at 390 pixels wide: no serious or critical axe-core violation.

The pages are those of the access table (tests/pages.py) that answer a role with an HTML page. Each role gets
one browser context (signed in by a session cookie, the login itself is tested elsewhere) and one tab that
walks its pages. axe-core is injected from the copy that the `axe-playwright-python` test dependency ships
(the npm `axe-core` build; nothing from a CDN), evaluated through DevTools since the pages' CSP refuses inline
script.

Many pages look the same to several roles; axe runs once per distinct page structure and width (the
structure is the page's elements with their roles, classes and attributes, text left out), which keeps
the sweep under a minute. It runs on SQLite only: the pages are the same on PostgreSQL.
"""

from __future__ import annotations

import hashlib
import time
from functools import partial
from pathlib import Path
from typing import Any

import axe_playwright_python
import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, ViewportSize
from playwright.sync_api import Error as PlaywrightError

from tests.access_matrix import USERS, build_world
from tests.browser.conftest import ACTION_TIMEOUT_MS
from tests.pages import Visit, page_visits
from tests.personas import Cast

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]

AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
AFTER_NEXT_FRAME_JS = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
WIDTHS: dict[str, ViewportSize] = {
    "wide": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
}
SERIOUS_IMPACTS = {"serious", "critical"}
# The rules whose answer can change with the width alone (site.css changes no colour by width for <main>).
LAYOUT_RULES = ["scrollable-region-focusable", "target-size", "avoid-inline-spacing"]
# Only the violations, with no element handles: a full result of every pass costs more than the check.
AXE_OPTIONS = {"resultTypes": ["violations"], "elementRef": False}

# The kinds of element in the page's <main> (element and parent, classes, role, input type, labelled or not;
# text, values and how many rows left out): two pages with the same kinds get the same verdict from axe.
STRUCTURE_JS = """() => {
  const main = document.querySelector('main');
  if (!main || !document.title) return null;  // an htmx fragment: checked inside the page that loads it
  const parts = new Set();
  for (const el of main.querySelectorAll('*')) {
    parts.add([el.parentElement.tagName, el.tagName, el.className, el.getAttribute('role'),
               el.getAttribute('type'), el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby')
              ].join(' '));
  }
  return [...parts].sort().join('>');
}"""


def signed_in_context(browser: Browser, live_server: Any, cast: Cast, username: str) -> BrowserContext:
    context = browser.new_context(locale="nl-NL", viewport=WIDTHS["wide"])
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    if username != "anon":
        client = Client()
        client.force_login(getattr(cast, username))
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )
    return context


def serious_violations(page: Page, *, whole: bool, layout_only: bool = False) -> list[str]:
    """axe's serious and critical findings on the page, or (not `whole`) on its <main> only.

    `layout_only` runs only the rules whose answer depends on the width (a region that scrolls, the size of
    a touch target): for the second width of a <main> already checked in full at the first, whose elements
    keep their names, roles and colours."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)  # through DevTools: the page's CSP rightly refuses an inline <script>
    context = "document" if whole else "{include: ['main']}"
    options = (
        {**AXE_OPTIONS, "runOnly": {"type": "rule", "values": LAYOUT_RULES}} if layout_only else AXE_OPTIONS
    )
    result = page.evaluate(f"options => axe.run({context}, options)", options)
    lines = []
    for violation in result["violations"]:
        if violation.get("impact") not in SERIOUS_IMPACTS:
            continue
        nodes = violation.get("nodes", [])
        target = nodes[0].get("target") if nodes else None
        lines.append(f"{violation['id']} ({violation['impact']}): {len(nodes)} element(s), first {target}")
    return lines


def note_csp_violation(violations: list[str], username: str, message: ConsoleMessage) -> None:
    if "Content Security Policy" in message.text:
        violations.append(f"{username}: {message.text}")


def unfold_the_menu(page: Page) -> None:
    """Open the phone menu and every group in it, so that axe sees the whole navigation."""
    button = page.locator(".site-menu-button")
    if button.count() and button.is_visible():
        button.click()
        page.evaluate("() => document.querySelectorAll('.site-nav details').forEach(d => { d.open = true; })")


def test_every_page_passes_axe_at_both_widths_for_every_role(
    transactional_db: None, cast: Cast, browser: Browser, live_server: Any
) -> None:
    started = time.monotonic()
    visits = page_visits(build_world(cast))
    by_user: dict[str, list[Visit]] = {}
    for visit in visits:
        by_user.setdefault(visit.username, []).append(visit)
    checked: set[tuple[str, str]] = set()
    whole_checked: set[str] = set()
    problems: list[str] = []
    pages = runs = 0
    csp_errors: list[str] = []
    for username in USERS:
        context = signed_in_context(browser, live_server, cast, username)
        page = context.new_page()
        page.on("console", partial(note_csp_violation, csp_errors, username))
        try:
            for visit in by_user.get(username, []):
                page.set_viewport_size(WIDTHS["wide"])
                try:
                    response = page.goto(f"{live_server.url}{visit.url}")
                except PlaywrightError as error:
                    if "Download is starting" in str(error):
                        continue  # a file (CSV, XLSX, PDF), not a page
                    raise
                if response is None or not response.headers.get("content-type", "").startswith("text/html"):
                    continue
                shape = page.evaluate(STRUCTURE_JS)
                if shape is None:
                    continue
                pages += 1
                # The role's header, navigation and footer are the same on all its pages: checked whole on
                # the first; after that <main>, once per distinct structure and width.
                whole = username not in whole_checked
                whole_checked.add(username)
                structure = hashlib.sha256(shape.encode()).hexdigest()
                for width, viewport in WIDTHS.items():
                    if not whole and (structure, width) in checked:
                        continue
                    checked.add((structure, width))
                    page.set_viewport_size(viewport)
                    # The page's resize handlers (site.js marks tables that now scroll) run before a frame
                    # is drawn; a person meets the page after that, so axe does too.
                    page.evaluate(AFTER_NEXT_FRAME_JS)
                    if whole and width == "phone":
                        unfold_the_menu(page)
                    runs += 1
                    problems += [
                        f"{visit.route} as {username} at {width} ({visit.url}): {line}"
                        for line in serious_violations(
                            page, whole=whole, layout_only=not whole and width == "phone"
                        )
                    ]
        finally:
            context.close()
    seconds = time.monotonic() - started
    print(f"axe sweep: {pages} page views, {runs} axe runs, {seconds:.1f} s")
    assert pages > 250, f"only {pages} page views: the sweep lost its pages"
    assert not problems, f"{len(problems)} serious/critical axe violation(s):\n" + "\n".join(problems)
    assert not csp_errors, "Content-Security-Policy violations:\n" + "\n".join(csp_errors[:20])
