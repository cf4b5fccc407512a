"""The star of tables published to aggregate roles, region × care type included: for random records no
hidden count of any of its tables can be worked out from everything the star shows, checked over whole
numbers by CP-SAT (tests/core/test_disclosure.py), independently of the module's linear programmes."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from opvangnet.core import disclosure
from opvangnet.core.periods import Period
from opvangnet.insights import figures as fig
from opvangnet.insights import publish
from tests.core.test_disclosure import assert_nothing_disclosed

# Four care regions in two police units: enough for every relation of the star (nation = units, unit =
# regions, per care type and in total; every geography = each breakdown's values).
GEO = fig.Geography(
    region_names={"R1": "R1", "R2": "R2", "R3": "R3", "R4": "R4"},
    police_names={"P1": "P1", "P2": "P2"},
    police_of_region={"R1": "P1", "R2": "P1", "R3": "P2", "R4": "P2"},
    region_of_municipality={},
)
PERIOD = Period(dt.date(2026, 1, 1), dt.date(2026, 2, 1), "2026-01")

records = st.lists(
    st.tuples(
        st.sampled_from(sorted(GEO.region_names)),
        st.sampled_from(["crisis", "long_term", "transitional", "ambulant"]),
        st.sampled_from(["woman", "man", "non_binary"]),
        st.sampled_from(["minor", "young_adult", "adult"]),
        st.sampled_from(["sexual", "labour", "criminal"]),
    ),
    min_size=0,
    max_size=45,
)


def facts_of(rows: list[tuple[str, str, str, str, str]]) -> fig.Facts:
    requests = [
        fig.RequestFact(
            pk=index,
            created=dt.datetime(2026, 1, 2, tzinfo=dt.UTC),
            region=region,
            police_unit=GEO.police_of_region[region],
            exploitation=exploitation,
            care_type=care_type,
            gender=gender,
            age_group=age,
            need=fig.NO_NEED,
            root=index,
            hours=None,
            unmet=None,
            placed_region=None,
        )
        for index, (region, care_type, gender, age, exploitation) in enumerate(rows)
    ]
    return fig.Facts(PERIOD, GEO, requests, [], [], {})


@settings(max_examples=40, deadline=None, derandomize=True)
@given(records)
def test_no_hidden_cell_of_the_published_star_can_be_worked_out(
    rows: list[tuple[str, str, str, str, str]],
) -> None:
    facts = facts_of(rows)
    relations = publish.star_relations(GEO)
    values = publish._measure_values(facts)["requests"]
    cells = disclosure.protect(values, relations, hide=True, limit=5)
    assert_nothing_disclosed(cells, relations)
    region_care = [key for key in cells if key[0][0] == "region" and key[1] != publish.ALL]
    assert len(region_care) == 4 * 4  # region × care type is part of what is published
    for key, cell in cells.items():
        assert cell.value == values[key]
        if 0 < values[key] < 5:
            assert cell.hidden


def test_region_by_care_type_is_published_to_aggregate_roles_and_other_region_tables_are_not() -> None:
    assert publish.check_breakdown(["region", "care_type"], suppressed=True) == ("region", "care_type")
    for refused in (["region", "gender"], ["care_type", "gender"], ["region", "police_unit"]):
        try:
            publish.check_breakdown(refused, suppressed=True)
        except publish.BreakdownError:
            continue
        raise AssertionError(f"{refused} should be refused")
