"""Who sees what of the national picture: policy makers suppressed aggregates of whole periods only (page,
export, API), the national coordination centre exact figures, everybody else nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from opvangnet.core import disclosure
from opvangnet.core.periods import parse_period
from opvangnet.insights import figures as fig
from opvangnet.insights import publish
from tests.builders import make_api_token
from tests.insights.builders import build_picture
from tests.personas import Cast

pytestmark = pytest.mark.django_db
PAGES = ["insights:dashboard", "insights:gaps", "insights:map", "insights:flow", "insights:export_csv"]


def test_a_policy_maker_gets_suppressed_figures_through_the_api(cast: Cast) -> None:
    build_picture(cast)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {make_api_token(cast.paul)}")
    answer = api.get("/api/v1/picture", {"period": "2026-01", "by": "care_type"}).json()
    assert answer["suppressed"] is True
    crisis = next(row for row in answer["rows"] if row["care_type"] == "crisis")
    assert crisis["requests"] in ("<5", "x")
    assert answer["total"]["requests"] in ("<5", "x")
    assert all(not isinstance(row["requests"], int) or row["requests"] == 0 for row in answer["rows"])


def test_the_national_coordinator_gets_exact_figures(cast: Cast) -> None:
    build_picture(cast)
    api = APIClient()
    api.force_authenticate(cast.nina)
    answer = api.get("/api/v1/picture", {"period": "2026-01", "by": "region,care_type"}).json()
    assert answer["suppressed"] is False
    assert answer["total"]["requests"] == 3


def test_day_ranges_and_unknown_breakdowns_are_refused(cast: Cast) -> None:
    api = APIClient()
    api.force_authenticate(cast.paul)
    assert api.get("/api/v1/picture", {"period": "2026-01-05"}).status_code == 400
    assert api.get("/api/v1/picture", {"period": "2026", "by": "care_type,gender"}).status_code == 400
    assert api.get("/api/v1/picture", {"period": "2026", "by": "colour"}).status_code == 400
    client = Client()
    client.force_login(cast.paul)
    response = client.get(reverse("insights:dashboard"), {"period": "2026-01-01..2026-01-30"})
    assert response.status_code == 200
    assert response.context["form"].errors["period"]


def test_others_may_not_see_the_picture(cast: Cast) -> None:
    assert APIClient().get("/api/v1/picture").status_code == 401
    for user in (cast.alice, cast.carol, cast.ada, cast.ines, cast.bea, cast.rick):
        api = APIClient()
        api.force_authenticate(user)
        assert api.get("/api/v1/picture").status_code == 403, user.username
        client = Client()
        client.force_login(user)
        for name in PAGES:
            assert client.get(reverse(name)).status_code == 403, (user.username, name)
    for name in PAGES:
        response = Client().get(reverse(name))
        assert response.status_code == 302
        assert "/login/" in response["Location"]


def test_a_policy_makers_export_and_pages_show_no_small_number(cast: Cast) -> None:
    build_picture(cast)
    client = Client()
    client.force_login(cast.paul)
    export = client.get(reverse("insights:export_csv"), {"period": "2026-01"}).content.decode()
    assert "<5" in export
    assert "VO04-" not in export  # no client code ever
    page = client.get(reverse("insights:dashboard"), {"period": "2026-01"})
    assert page.status_code == 200
    assert page.context["suppressed"] is True
    assert client.get(reverse("insights:research_csv")).status_code == 403
    region = client.get(reverse("insights:region", args=["VO04"]), {"period": "2026-01"})
    assert region.status_code == 200
    assert len(region.context["tables"]) == 1  # region × care type, from the published star
    assert not region.context["offers"]  # no single offer, no per-offer occupancy
    assert "offers-heading" not in region.content.decode()
    assert client.get(reverse("insights:region", args=["XX99"])).status_code == 404
    exact = Client()
    exact.force_login(cast.nina)
    assert ";3;" in exact.get(reverse("insights:export_csv"), {"period": "2026-01"}).content.decode()


def test_no_published_cell_of_the_picture_can_be_worked_out(cast: Cast) -> None:
    build_picture(cast)
    facts = fig.facts_for(parse_period("2026-01"))
    protected = publish.protected(facts)
    relations = publish.star_relations(facts.geo)
    for measure, cells in protected.items():
        assert disclosure.audit(cells, relations) == [], measure


def test_the_threshold_setting_is_used_everywhere_a_policy_maker_looks(cast: Cast, settings) -> None:
    settings.SUPPRESSION_THRESHOLD = 10
    build_picture(cast)
    client = Client()
    client.force_login(cast.paul)
    for name in ("insights:dashboard", "insights:region"):
        args = ["VO04"] if name == "insights:region" else []
        page = client.get(reverse(name, args=args), {"period": "2026"}).content.decode()
        assert "&lt;10" in page, name
        assert "&lt;5" not in page, name
        assert "1 tot en met 9" in page, name
    api = APIClient()
    api.force_authenticate(cast.paul)
    total = api.get("/api/v1/picture", {"period": "2026"}).json()["total"]
    assert total["requests"] in ("<10", "x")  # five requests in 2026: under ten
    assert total["unique_clients"] == "<10"


def test_a_policy_maker_sees_no_figure_of_a_single_offer(cast: Cast) -> None:
    build_picture(cast)  # one crisis offer in Amsterdam, one long-term offer in Rijnmond
    api = APIClient()
    api.force_authenticate(cast.paul)
    for by in ("region", "care_type", "region,care_type", "police_unit,gender", ""):
        answer = api.get("/api/v1/picture", {"period": "2026-01", "by": by}).json()
        for row in [*answer["rows"], answer["total"]]:
            for kind, fields in publish.SUPPLY_RATES.items():
                for field in fields:
                    offers = row.get(publish.SUPPLY_FIELDS[kind]["offers"])
                    assert row.get(field) is None or offers == 0, (by, row, field)
    exact = APIClient()
    exact.force_authenticate(cast.nina)
    rows = exact.get("/api/v1/picture", {"period": "2026-01", "by": "care_type"}).json()["rows"]
    crisis = next(row for row in rows if row["care_type"] == "crisis")
    assert crisis["bed_occupancy"] == 0.8  # the national coordinator sees the offer's occupancy
    client = Client()
    client.force_login(cast.paul)
    page = client.get(reverse("insights:region", args=["VO04"]), {"period": "2026-01"}).content.decode()
    assert "Crisis A" not in page
    assert "80 %" not in page
