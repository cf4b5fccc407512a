"""The completeness page shows submitted, late and missing regions correctly."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from opvangnet.collection import services
from opvangnet.collection.models import Submission
from opvangnet.collection.queries import round_completeness
from tests.builders import make_region, make_user
from tests.collection.builders import REGION_ANSWERS, make_round, submission_of
from tests.personas import Cast

pytestmark = pytest.mark.django_db
ZONE = ZoneInfo("Europe/Amsterdam")


def handed_in(submission: Submission, when: datetime) -> None:
    Submission.objects.filter(pk=submission.pk).update(first_submitted_at=when, submitted_at=when)


def test_the_completeness_page_shows_submitted_late_and_missing_regions(client: Client, cast: Cast) -> None:
    utrecht, twente, zeeland = (
        make_region("VO31", "Utrecht"),
        make_region("VO30", "Twente"),
        make_region("VO35", "Zeeland"),
    )
    round_ = make_round(
        cast.nina, [cast.amsterdam, cast.rijnmond, utrecht, twente, zeeland], deadline=date(2026, 4, 15)
    )
    on_time = submission_of(round_, cast.amsterdam)
    services.submit_submission(cast.alice, on_time, REGION_ANSWERS)
    services.approve_submission(cast.nina, on_time)
    handed_in(on_time, datetime(2026, 4, 15, 23, 30, tzinfo=ZONE))  # the deadline day still counts
    late = submission_of(round_, cast.rijnmond)
    services.submit_submission(cast.bob, late, REGION_ANSWERS)
    handed_in(late, datetime(2026, 4, 18, 9, 0, tzinfo=ZONE))
    services.start_submission(make_user("zc-utrecht", region=utrecht), submission_of(round_, utrecht))
    # Twente and Zeeland never started; Utrecht has a draft: all three are missing after the deadline.

    report = round_completeness(round_, now=datetime(2026, 4, 20, 12, tzinfo=ZONE))
    by_region = {row.region_code: row for row in report.regions}
    assert (report.expected, report.submitted, report.approved) == (5, 2, 1)
    assert (report.on_time, report.late, report.missing, report.open) == (1, 1, 3, 0)
    assert by_region["VO04"].timeliness == "on_time"
    assert (by_region["VO28"].timeliness, by_region["VO28"].days_late) == ("late", 3)
    assert {by_region[code].timeliness for code in ("VO31", "VO30", "VO35")} == {"missing"}
    assert report.percentage == 40

    before = round_completeness(round_, now=datetime(2026, 4, 10, 12, tzinfo=ZONE))
    assert (before.missing, before.open) == (0, 3)

    client.force_login(cast.nina)
    page = client.get(f"/collection/rounds/{round_.pk}/completeness/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="count-late">1<' in html
    assert 'id="count-on-time">1<' in html
    # The page counts against today, long after the deadline: the three others are missing.
    assert 'id="count-missing">3<' in html
    rows = {row.split('"')[0]: row for row in html.split('data-region="')[1:]}
    assert "badge--warning" in rows["VO28"]
    assert "badge--ok" in rows["VO04"]
    assert "badge--danger" in rows["VO35"]
