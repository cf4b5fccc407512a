"""The case manager sees the case's own access log: who looked at person data, when and why."""

import pytest
from django.test import Client
from django.urls import reverse

from opvangnet.accounts.roles import Role
from opvangnet.identification import services
from tests.builders import make_user
from tests.identification.builders import make_case
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def test_the_case_manager_sees_who_looked_at_person_data_and_why(cast: Cast, client: Client) -> None:
    olga, sam = make_user("olga", Role.ASSESSOR), make_user("sam", Role.ASSESSOR)
    case = make_case(cast.nina, cast.rick, cast.ada, olga, sam)
    services.view_person_data(cast.ada, case, "voorbereiding hoorzitting")
    client.force_login(cast.nina)
    log = client.get(reverse("identification:case", args=[case.pk])).context["access_log"]
    entry = next(entry for entry in log if entry.action == "identification.view_person_data")
    assert (entry.actor_name, entry.reason) == ("ada", "voorbereiding hoorzitting")


def test_a_committee_member_does_not_see_the_access_log(cast: Cast, client: Client) -> None:
    olga, sam = make_user("olga", Role.ASSESSOR), make_user("sam", Role.ASSESSOR)
    case = make_case(cast.nina, cast.rick, cast.ada, olga, sam)
    client.force_login(cast.ada)
    response = client.get(reverse("identification:case", args=[case.pk]))
    assert response.context["access_log"] is None
    assert "voorbereiding" not in response.content.decode()
