import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from opvangnet.audit.models import AuditEntry
from opvangnet.capacity.models import AvailabilitySnapshot
from opvangnet.capacity.services import Availability, record_availability
from tests.builders import make_offer
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def test_a_report_becomes_current_and_joins_the_history(cast: Cast) -> None:
    offer = make_offer(
        cast.secret_a, places=6, free_places=0, occupied_places=6, availability_updated_at=None
    )
    record_availability(cast.carol, offer, Availability(2, 4, 1))
    record_availability(cast.carol, offer, Availability(1, 5, 0))
    offer.refresh_from_db()
    assert (offer.free_places, offer.occupied_places, offer.waiting_list) == (1, 5, 0)
    assert not offer.is_stale()
    history = list(AvailabilitySnapshot.objects.filter(offer=offer).values_list("free_places", flat=True))
    assert history == [1, 2]
    entry = AuditEntry.objects.filter(action="capacity.availability_recorded").last()
    assert entry is not None
    assert entry.details["free_places"] == 1
    assert entry.actor_name == "carol"


def test_a_provider_cannot_report_for_another_organisation(cast: Cast) -> None:
    offer = make_offer(cast.secret_b)
    with pytest.raises(PermissionDenied):
        record_availability(cast.carol, offer, Availability(0, 5, 0))
    assert not AvailabilitySnapshot.objects.exists()


@pytest.mark.parametrize("who", ["alice", "paul", "bea", "rick", "ines"])
def test_roles_without_offers_of_their_own_cannot_report(cast: Cast, who: str) -> None:
    with pytest.raises(PermissionDenied):
        record_availability(getattr(cast, who), make_offer(cast.secret_a), Availability(1, 1, 0))


def test_the_national_coordinator_may_report_for_any_offer(cast: Cast) -> None:
    record_availability(cast.nina, make_offer(cast.secret_b), Availability(1, 1, 0))
    assert AvailabilitySnapshot.objects.count() == 1


def test_more_free_and_occupied_places_than_the_offer_has_are_refused(cast: Cast) -> None:
    offer = make_offer(cast.secret_a, places=5)
    with pytest.raises(ValidationError) as error:
        record_availability(cast.carol, offer, Availability(3, 3, 0))
    assert "free_places" in error.value.message_dict
    offer.refresh_from_db()
    assert offer.free_places == 2
    assert not AvailabilitySnapshot.objects.exists()
