"""After a bulk load the database measures its tables again, so it plans with the real sizes."""

from __future__ import annotations

import pytest
from django.db import connection

from opvangnet.core.statistics import refresh_planner_statistics
from tests.builders import make_offer
from tests.personas import Cast


def _measured_rows(table: str) -> float:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            return float(cursor.fetchone()[0])
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if not cursor.fetchone()[0]:
            return -1.0
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
        row = cursor.fetchone()
        return float(row[0].split()[0]) if row else -1.0


@pytest.mark.django_db
def test_refreshing_the_statistics_counts_the_rows_just_loaded(cast: Cast) -> None:
    for number in range(12):
        make_offer(cast.secret_a, name=f"Offer {number}")
    refresh_planner_statistics()
    assert _measured_rows("capacity_offer") == 12
