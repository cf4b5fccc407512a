"""Issue 16: the case manager links a case to the person's placement request; the placement side learns only
that a case is linked and its stage."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from opvangnet.audit.models import AuditEntry
from opvangnet.identification.models import PlacementLink
from opvangnet.identification.services.placement_links import link_placement_request
from opvangnet.placement import links
from tests.builders import make_request
from tests.identification.builders import make_case
from tests.identification.conftest import Team
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def test_the_case_manager_links_a_case_and_placement_sees_only_that(
    cast: Cast, team: Team, client: Client
) -> None:
    case = make_case(cast.nina, cast.rick, team.ada, team.olga, team.tess, name="Anna Fictief")
    placement = make_request(cast.alice)
    assert links.case_summary(placement) is None
    client.force_login(cast.nina)
    response = client.post(
        reverse("identification:placement_link", args=[case.pk]),
        {"client_code": placement.client_code.lower()},
    )
    assert response.status_code == 302
    link = PlacementLink.objects.get()
    assert (link.case, link.placement_request, link.linked_by) == (case, placement, cast.nina)
    entry = AuditEntry.objects.get(action="identification.placement_linked")
    assert entry.details == {"placement_request": placement.pk}
    summary = links.case_summary(placement)
    assert summary is not None
    assert summary.status == str(case.get_state_display())
    client.force_login(cast.alice)
    page = client.get(reverse("placement:detail", args=[placement.pk])).content.decode()
    assert "gekoppeld aan een zaak over de slachtofferstatus" in page
    assert "Anna Fictief" not in page
    assert case.application.reference not in page


def test_only_the_case_manager_links_and_one_case_per_request(cast: Cast, team: Team) -> None:
    case = make_case(cast.nina, cast.rick, team.ada, team.olga, team.tess)
    other = make_case(cast.nina, cast.rick, team.sam, team.uma, team.vic)
    placement = make_request(cast.alice)
    with pytest.raises(PermissionDenied):
        link_placement_request(cast.alice, case, placement.client_code)
    with pytest.raises(ValidationError):
        link_placement_request(cast.nina, case, "VO04-1999-9999")
    link_placement_request(cast.nina, case, placement.client_code)
    assert link_placement_request(cast.nina, case, placement.client_code).case == case  # again: no change
    with pytest.raises(ValidationError):
        link_placement_request(cast.nina, other, placement.client_code)
