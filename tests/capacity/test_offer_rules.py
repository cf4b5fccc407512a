from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from opvangnet.capacity.models import Offer
from tests.builders import make_offer
from tests.personas import Cast

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"min_age": 30, "max_age": 20}, "max_age"),
        ({"places": 0}, "places"),
        ({"serves_sexual": False, "serves_labour": False}, "serves_sexual"),
        ({"accepts_woman": False, "accepts_man": False}, "accepts_woman"),
        ({"languages": "nl,xx"}, "languages"),
        ({"care_type": "hotel"}, "care_type"),
    ],
)
def test_it_refuses_contradictory_offers(cast: Cast, overrides: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        make_offer(cast.secret_a, **overrides)
    assert field in error.value.message_dict
    assert not Offer.objects.exists()


def test_ambulant_help_may_have_no_fixed_number_of_places(cast: Cast) -> None:
    offer = make_offer(cast.public_a, care_type="ambulant", places=0, free_places=0, occupied_places=0)
    assert not offer.is_bed_based


def test_availability_older_than_24_hours_is_not_current(cast: Cast) -> None:
    now = timezone.now()
    fresh = make_offer(cast.secret_a, availability_updated_at=now - timedelta(hours=23))
    old = make_offer(cast.secret_a, availability_updated_at=now - timedelta(hours=25))
    never = make_offer(cast.secret_a, availability_updated_at=None)
    assert not fresh.is_stale(now)
    assert old.is_stale(now)
    assert never.is_stale(now)
    assert set(Offer.objects.stale(now)) == {old, never}
