"""The demo country has a default form, last year's round approved with figures from its own registry, and an
open round with regions in every state; the contributor demo logins exist."""

from __future__ import annotations

import pytest

from opvangnet.accounts.models import User
from opvangnet.accounts.roles import Role
from opvangnet.collection.models import (
    Contribution,
    DataValue,
    PeriodKind,
    Round,
    Submission,
    SubmissionStatus,
)
from opvangnet.collection.prefill import Period, requests_by_gender
from opvangnet.demo.seeding import seed_country
from opvangnet.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.mark.sqlite_only
def test_the_demo_has_an_approved_year_and_an_open_quarter() -> None:
    result = seed_country(seed=2)
    assert {"gemeente", "koepel"} <= {login.username for login in result.logins}
    gemeente, koepel = User.objects.get(username="gemeente"), User.objects.get(username="koepel")
    assert gemeente.role == koepel.role == Role.CONTRIBUTOR
    assert gemeente.municipality is not None
    assert koepel.organisation is not None

    past, current = Round.objects.order_by("period_start")
    assert past.period_kind == PeriodKind.YEAR
    regions = Region.objects.count()
    assert past.submissions.filter(status=SubmissionStatus.APPROVED).count() == regions
    assert current.period_kind == PeriodKind.QUARTER
    statuses = set(current.submissions.values_list("status", flat=True))
    assert {SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED, SubmissionStatus.NOT_STARTED} <= statuses

    # Last year's figures come from the demo's own registry.
    submission = Submission.objects.get(round=past, region=gemeente.region)
    period = Period(past.period_start, past.period_end, past.reference_date)
    counted = requests_by_gender(submission.region, period)
    stored = DataValue.objects.get(
        submission=submission, contribution=None, question__code="requests_gender", breakdown=""
    )
    assert stored.number == counted[""] > 0

    # The demo contributors have their invitations in the open round.
    assert Contribution.objects.filter(submission__round=current, municipality=gemeente.municipality).exists()
    assert Contribution.objects.filter(submission__round=current, organisation=koepel.organisation).exists()
