"""Helpers for the browser tests: log in through the real login page, and check a page with axe-core."""

from __future__ import annotations

import re
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from opvangnet.accounts.models import User
from tests.builders import PASSWORD, totp_code

SERIOUS_IMPACTS = frozenset({"serious", "critical"})


def login(page: Page, live_server: Any, username: str, password: str = PASSWORD) -> None:
    """Log in through the real login page and the second-factor page (a code from the user's authenticator
    app, computed from its key) and wait until the home page has loaded.

    Fills the inputs by name, so it works whatever language the page is in.
    """
    page.goto(f"{live_server.url}/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/second-factor/"))
    page.locator("input[name=code]").fill(totp_code(User.objects.get(username=username)))
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")


def assert_accessible(page: Page) -> None:
    """Run axe-core (bundled with axe-playwright-python, injected from the package) on the current page and
    fail with a readable list of every serious or critical violation."""
    results = Axe().run(page)
    violations = [v for v in results.response["violations"] if v.get("impact") in SERIOUS_IMPACTS]
    if not violations:
        return
    lines = [f"{len(violations)} serious/critical accessibility violation(s) on {page.url}:"]
    for violation in violations:
        nodes = violation.get("nodes", [])
        target = nodes[0].get("target") if nodes else None
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" — {len(nodes)} element(s), first: {target}"
        )
        if nodes and nodes[0].get("failureSummary"):
            summary = " ".join(nodes[0]["failureSummary"].split())
            lines.append(f"    {summary}")
    pytest.fail("\n".join(lines), pytrace=False)
