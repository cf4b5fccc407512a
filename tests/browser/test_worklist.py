"""The coordinator's morning in a browser: the work list, overdue first, accessible wide and on a phone."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from opvangnet.placement.models import PlacementRequest
from tests.browser.helpers import assert_accessible, login
from tests.builders import make_request
from tests.personas import Cast

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 390])
def test_the_coordinator_opens_the_overdue_crisis_request_from_the_work_list(
    width: int, transactional_db: None, cast: Cast, page: Page, live_server: Any
) -> None:
    crisis = make_request(cast.alice, urgency="today")
    PlacementRequest.objects.filter(pk=crisis.pk).update(created_at=timezone.now() - dt.timedelta(days=15))
    make_request(cast.alice, urgency="week")
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, "alice")
    first = page.locator(".worklist__item").first
    assert crisis.client_code in first.inner_text()
    assert "Te laat" in first.inner_text()
    assert_accessible(page)
    first.get_by_role("link", name=crisis.client_code).click()
    page.wait_for_url(f"**/placement/requests/{crisis.pk}/")
