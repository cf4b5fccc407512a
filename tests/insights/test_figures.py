"""Every figure of the national picture equals a hand count (tests/insights/builders.py), for several
breakdowns and two periods."""

from __future__ import annotations

import pytest

from opvangnet.core.periods import parse_period
from opvangnet.insights import figures as fig
from opvangnet.insights.publish import picture
from tests.insights.builders import build_picture
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def rows_by(result: dict, *dimensions: str) -> dict:
    return {tuple(row[d] for d in dimensions): row for row in result["rows"]}


def test_january_by_hand(cast: Cast) -> None:
    build_picture(cast)
    january = parse_period("2026-01")
    total = picture(january, [], suppressed=False)["total"]
    assert total == {
        "requests": 3,
        "placed": 2,
        "placed_within_1_day": 1,
        "refusals": 1,
        "unmet": 1,
        "placed_within_7_days": 2,
        "unique_clients": 3,
    }
    by_region = rows_by(picture(january, ["region"], suppressed=False), "region")
    assert by_region[("VO04",)]["requests"] == 2
    assert by_region[("VO04",)]["refusals"] == 1
    assert by_region[("VO04",)]["unmet"] == 1
    assert by_region[("VO28",)]["placed"] == 1
    assert by_region[("VO28",)]["placed_within_1_day"] == 0
    by_care = rows_by(picture(january, ["care_type"], suppressed=False), "care_type")
    assert (by_care[("crisis",)]["requests"], by_care[("crisis",)]["placed"]) == (2, 1)
    assert (by_care[("long_term",)]["requests"], by_care[("long_term",)]["placed"]) == (1, 1)
    assert by_care[("transitional",)]["requests"] == 0
    by_gender = rows_by(picture(january, ["gender"], suppressed=False), "gender")
    assert (by_gender[("woman",)]["placed"], by_gender[("man",)]["unmet"]) == (2, 1)
    by_age = rows_by(picture(january, ["age_group"], suppressed=False), "age_group")
    assert (by_age[("minor",)]["requests"], by_age[("adult",)]["requests"]) == (1, 2)
    by_need = rows_by(picture(january, ["need"], suppressed=False), "need")
    assert by_need[("addiction",)]["refusals"] == 1
    two_way = rows_by(picture(january, ["region", "care_type"], suppressed=False), "region", "care_type")
    assert two_way[("VO04", "crisis")]["requests"] == 2
    assert two_way[("VO28", "long_term")]["placed"] == 1


def test_january_supply_and_times_by_hand(cast: Cast) -> None:
    build_picture(cast)
    facts = fig.facts_for(parse_period("2026-01"))
    national = fig.national(facts)
    assert national.median_hours == pytest.approx((5 + 72) / 2)
    crisis = fig.breakdown(facts, ("care_type",))[("crisis",)]
    assert crisis.beds.places == 5
    assert crisis.ambulant.places == 0
    # Offer A: 2 free for 15.5 days, then 0 for 15.5 days of January's 31.
    assert crisis.beds.average_free == pytest.approx(1.0)
    assert crisis.beds.occupancy == pytest.approx(0.8)
    assert crisis.beds.share_full == pytest.approx(0.5)
    # Reports on 1 January 00:00 and 16 January 12:00: stale after 24 hours each time, 29 days of 31.
    assert crisis.beds.share_stale == pytest.approx(29 / 31)
    assert crisis.requests_per_bed == pytest.approx(2 / 5)
    assert (national.beds.places, national.ambulant.places) == (5 + 8, 0)


def test_the_second_quarter_by_hand(cast: Cast) -> None:
    build_picture(cast)
    quarter = parse_period("2026-Q2")
    total = picture(quarter, [], suppressed=False)["total"]
    assert (total["requests"], total["placed"], total["placed_within_1_day"], total["unmet"]) == (2, 1, 1, 0)
    assert total["refusals"] == 0
    facts = fig.facts_for(quarter)
    rijnmond = fig.breakdown(facts, ("region",))[("VO28",)]
    assert rijnmond.placed_elsewhere == 1  # placed in Amsterdam: a region leaning on its neighbour
    by_exploitation = rows_by(picture(quarter, ["exploitation"], suppressed=False), "exploitation")
    assert by_exploitation[("criminal",)]["placed"] == 1
    assert by_exploitation[("labour",)]["requests"] == 1
    year = picture(parse_period("2026"), [], suppressed=False)["total"]
    assert year["requests"] == 5


def test_paths_point_in_time_and_returns(cast: Cast) -> None:
    from opvangnet.placement.models import PlacementRequest

    made = build_picture(cast)
    r1 = made["requests"][0]
    PlacementRequest.objects.filter(pk=r1.pk).update(
        exit_date=parse_period("2026-02").start, exit_destination="independent"
    )
    follow_up = made["requests"][3]
    PlacementRequest.objects.filter(pk=follow_up.pk).update(previous_request=r1)
    returns = fig.returns(parse_period("2026-02"))
    assert (returns.exits, returns.within[6]) == (1, 1)
    counts = fig.point_in_time(parse_period("2026-01").last_day)
    assert counts[("VO04", "crisis")] == 1  # R1 (R4 came later)
    assert counts[("VO28", "long_term")] == 1
    paths = fig.paths(parse_period("2026-01"))
    assert paths.routes[("crisis", "crisis", "still_there")] == 1  # R1, then R4 as its follow-up
    assert paths.routes[("not_placed",)] == 1
