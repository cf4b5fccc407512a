"""Publications of the demo country: the PDF report renders and reads, and the research export is
k-anonymous."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.utils import timezone
from pypdf import PdfReader

from opvangnet.core.periods import containing, year
from opvangnet.demo.seeding import seed_country
from opvangnet.insights import exports, research
from tests.insights.builders import at, request_at
from tests.personas import Cast

pytestmark = pytest.mark.django_db


@pytest.mark.sqlite_only
def test_the_pdf_report_renders_for_the_demo() -> None:
    seed_country(seed=2)
    period = year(timezone.localdate().year)
    pdf = exports.to_pdf(period, suppressed=True)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert period.label in text
    assert "<5" in text
    assert "VO04-" not in text  # no client code


@pytest.mark.sqlite_only
def test_the_research_export_is_k_anonymous() -> None:
    seed_country(seed=2)
    period = year(timezone.localdate().year - 1)
    rows, _levels = research.research_rows(period, k=11)
    assert len(rows) > 100
    quasi = [
        research.COLUMNS.index(name)
        for name in research.COLUMNS
        if name not in ("Datasource", "careType", "outcome")
    ]
    combinations = Counter(tuple(row[i] for i in quasi) for row in rows)
    assert min(combinations.values()) >= 11
    assert {row[research.COLUMNS.index("isForcedCriminality")] for row in rows} <= {"", "0", "1"}


def test_anonymise_generalises_until_every_group_has_k() -> None:
    records = [
        research.Record(
            "placement",
            f"2025-Q{1 + i % 4}",
            f"VO{i % 7:02d}",
            f"PE{i % 3:02d}",
            "adult",
            "woman",
            "unknown",
            ("sexual",),
        )
        for i in range(60)
    ]
    kept, levels = research.anonymise(records, k=11)
    groups = Counter(key for _record, key in kept)
    assert min(groups.values()) >= 11
    assert len(kept) >= 57  # at most 5 % left out
    assert levels != (0, 0, 0, 0, 0, 0)


def test_both_sources_give_the_nationality_group_in_one_coding(cast: Cast) -> None:
    from opvangnet.identification.models import Application
    from tests.identification.builders import make_application

    when = at(2025, 3, 10, 12)
    for group, needs in [
        ("outside_eu", []),
        ("eu_eea", []),
        ("dutch", []),
        ("unknown", ["no_residence_status"]),  # e.g. a request from before the intake asked
        ("unknown", []),
    ]:
        request_at(cast.alice, when, nationality_group=group, needs=needs)
    period = containing(when.date(), "quarter")
    coded = sorted(record.nationality for record in research.placement_records(period))
    assert coded == ["dutch", "eu_eea", "third_country", "third_country", "unknown"]
    for status in ("eu_with_rights", "eu_without_rights", "third_country", "unknown"):
        application = make_application(cast.nina, nationality_status=status)
        Application.objects.filter(pk=application.pk).update(received_at=when)
    coded = sorted(record.nationality for record in research.identification_records(period))
    assert coded == ["eu_eea", "eu_eea", "third_country", "unknown"]
