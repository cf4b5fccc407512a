"""The demo country holds two years of identification work with a plausible mix."""

import pytest

from opvangnet.demo.seeding import seed_country
from opvangnet.identification.models import (
    Case,
    CaseState,
    Decision,
    IndNotification,
    PersonData,
    Reconsideration,
    Referral,
)

pytestmark = pytest.mark.django_db


def test_the_demo_holds_referrals_cases_decisions_and_reconsiderations() -> None:
    seed_country(seed=1)
    referrals = Referral.objects.count()
    assert referrals == 120
    kinds = set(Referral.objects.values_list("referrer_kind", flat=True))
    assert {"police", "kmar", "labour_inspectorate", "care_coordinator", "care_provider", "self"} <= kinds
    assert 0.7 * referrals <= Case.objects.count() <= referrals
    assert Decision.objects.filter(stage="final").exists()
    assert Reconsideration.objects.filter(new_decision__isnull=False).exists()
    assert IndNotification.objects.exists()
    assert Case.objects.filter(state=CaseState.REFLECTION).exists()
    assert all(p.name.startswith("Fictief Persoon") for p in PersonData.objects.all())
    seed_country(seed=1, replace=True)  # replacing removes the identification rows first
    assert Referral.objects.count() == 120
