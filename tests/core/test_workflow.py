"""The one workflow helper: checks the transition table, stamps closed_at, saves and audits."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from opvangnet.audit.models import AuditEntry
from opvangnet.core.workflow import Workflow
from opvangnet.placement.models import ALLOWED_TRANSITIONS, PlacementRequest, RequestStatus
from tests.builders import make_request
from tests.personas import Cast

REQUESTS: Workflow[PlacementRequest] = Workflow(
    states=RequestStatus,
    transitions=ALLOWED_TRANSITIONS,
    audit_action="test.advance",
    closed_states=frozenset({RequestStatus.LEFT, RequestStatus.CANCELLED}),
)


def test_it_moves_along_the_table_and_writes_one_audit_entry(cast: Cast) -> None:
    request = make_request(cast.alice)

    REQUESTS.advance(cast.alice, request, RequestStatus.CANCELLED, reason="no longer needed")

    request.refresh_from_db()
    assert request.status == RequestStatus.CANCELLED
    assert request.closed_at is not None
    entry = AuditEntry.objects.get(action="test.advance")
    assert (entry.actor, entry.reason) == (cast.alice, "no longer needed")
    assert entry.details == {"from": "open", "to": "cancelled"}


def test_it_refuses_a_move_the_table_lacks_and_changes_nothing(cast: Cast) -> None:
    request = make_request(cast.alice)

    with translation.override("en"), pytest.raises(ValidationError, match="from 'Open' to 'Placed'"):
        REQUESTS.advance(cast.alice, request, RequestStatus.PLACED)

    assert PlacementRequest.objects.get(pk=request.pk).status == RequestStatus.OPEN
    assert not AuditEntry.objects.filter(action="test.advance").exists()


def test_it_tells_which_states_come_next(cast: Cast) -> None:
    request = make_request(cast.alice)

    assert REQUESTS.next_states(request) == {RequestStatus.PROPOSED, RequestStatus.CANCELLED}
    assert REQUESTS.can_move(request, RequestStatus.PROPOSED)
    assert not REQUESTS.is_closed(request)


def test_a_table_naming_an_unknown_state_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown states"):
        Workflow(states=RequestStatus, transitions={"open": frozenset({"nowhere"})}, audit_action="x")
