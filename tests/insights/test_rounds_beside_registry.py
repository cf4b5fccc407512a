"""The picture shows approved data-collection figures beside the registry's count, differences flagged;
only to those who see exact figures."""

import pytest
from django.test import Client
from django.urls import reverse

from opvangnet.collection import services
from opvangnet.collection.validation import ValueInput
from tests.collection.builders import REGION_ANSWERS, make_round, submission_of
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def test_a_corrected_figure_is_flagged_beside_the_registry(cast: Cast, client: Client) -> None:
    round_ = make_round(cast.nina, [cast.amsterdam])
    submission = submission_of(round_, cast.amsterdam)
    corrected = ValueInput("waiting_list", "", 9, "Ook wie buiten Opvangnet om wacht.")
    services.submit_submission(cast.alice, submission, [*REGION_ANSWERS, corrected])
    services.approve_submission(cast.nina, submission)

    client.force_login(cast.nina)
    rounds = client.get(reverse("insights:dashboard"), {"period": "2026-Q1"}).context["rounds"]
    waiting = next(row for row in rounds if row.question == "waiting_list")
    assert (waiting.region, waiting.reported, waiting.registry) == ("VO04", 9, 0.0)
    assert waiting.flagged
    assert all(not row.flagged for row in rounds if row.reported == row.registry)

    client.force_login(cast.paul)
    page = client.get(reverse("insights:dashboard"), {"period": "2026-Q1"})
    assert page.context["rounds"] is None  # a region's own figures are exact counts
