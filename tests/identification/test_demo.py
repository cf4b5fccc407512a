"""The demo country holds two years of assessment work with a plausible mix."""

import pytest

from opvangnet.demo.seeding import seed_country
from opvangnet.identification.models import (
    Adjournment,
    Application,
    Case,
    Committee,
    Hearing,
    IndTransmission,
    Opinion,
    PersonData,
    Reassessment,
)

pytestmark = pytest.mark.django_db


@pytest.mark.sqlite_only
def test_the_demo_holds_applications_committees_hearings_opinions_and_reassessments() -> None:
    seed_country(seed=1)
    applications = Application.objects.count()
    assert applications == 120
    kinds = set(Application.objects.values_list("referrer_kind", flat=True))
    assert {"police", "kmar", "labour_inspectorate", "care_coordinator", "care_provider", "self"} <= kinds
    assert 0.7 * applications <= Case.objects.count() <= applications
    assert Hearing.objects.filter(interpreter__isnull=False).exists()
    assert Adjournment.objects.exists()
    assert Opinion.objects.filter(kind="draft", response_received_at__isnull=False).exists()
    assert Opinion.objects.filter(kind="final", outcome="not_plausible").exists()
    assert Reassessment.objects.exists()
    assert IndTransmission.objects.exists()
    assert all(committee.members.filter(role="chair").count() == 1 for committee in Committee.objects.all())
    assert Case.objects.exclude(state="concluded").exists()
    assert all(p.name.startswith("Fictief Persoon") for p in PersonData.objects.all())
    seed_country(seed=1, replace=True)  # replacing removes the identification rows first
    assert Application.objects.count() == 120
