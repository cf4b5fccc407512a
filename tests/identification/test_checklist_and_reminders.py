"""The shipped checklist (data migration), new versions through the admin, and deadline reminders."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from opvangnet.identification import services
from opvangnet.identification.models import ChecklistVersion, Indicator
from tests.identification.builders import hear, make_case, record_views
from tests.identification.conftest import Team
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def test_the_migration_ships_version_one_with_the_ilo_indicators_and_dutch_clusters() -> None:
    version = ChecklistVersion.current()
    assert version is not None
    assert version.number == 1
    assert version.is_published()
    codes = set(version.indicators.values_list("code", flat=True))
    assert {f"ILO-{n:02d}" for n in range(1, 12)} <= codes
    clusters = set(version.indicators.values_list("cluster", flat=True))
    assert len(clusters) >= 7
    assert {"sexual", "labour", "criminal"} <= set(
        version.indicators.values_list("exploitation_type", flat=True)
    )
    assert {"adult", "minor"} <= set(version.indicators.values_list("audience", flat=True))


def test_a_case_shows_only_the_indicators_that_fit_its_exploitation_and_age(cast: Cast, team: Team) -> None:
    guardian = services.RepresentativeInput("guardian", "Voogd Fictief", "Nidos")
    case = make_case(
        cast.nina,
        cast.rick,
        team.ada,
        team.olga,
        team.tess,
        exploitation_types=["sexual"],
        age_status="minor_16_17",
        representatives=[guardian],
    )
    indicators = services.indicators_for(case)
    assert {i.exploitation_type for i in indicators} <= {"", "sexual"}
    assert "adult" not in {i.audience for i in indicators}
    assert any(i.code.startswith("NL-SM") for i in indicators)


def test_the_administrator_drafts_and_publishes_a_new_version_and_old_assessments_keep_theirs(
    cast: Cast, team: Team, client: Client
) -> None:
    case = make_case(cast.nina, cast.rick, team.ada, team.olga, team.tess)
    hear(case, cast.nina)
    record_views(case, [team.ada])
    client.force_login(cast.bea)
    changelist = reverse("admin:identification_checklistversion_changelist")
    current = ChecklistVersion.current()
    assert current is not None
    client.post(changelist, {"action": "draft_from", "_selected_action": [current.pk]})
    draft = ChecklistVersion.objects.get(number=2)
    assert not draft.is_published()
    Indicator.objects.create(version=draft, code="NEW-1", cluster="Nieuw", label_nl="Nieuw", label_en="New")
    client.post(changelist, {"action": "publish", "_selected_action": [draft.pk]})
    assert ChecklistVersion.current() == draft
    committee = case.current_committee()
    assert committee is not None
    assert committee.members.get(assessor=team.ada).assessment.checklist_version.number == 1
    # A published version is read-only in the admin.
    page = client.get(reverse("admin:identification_checklistversion_change", args=[draft.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()


def test_remind_deadlines_mails_the_members_of_overdue_cases(
    cast: Cast, team: Team, django_capture_on_commit_callbacks
) -> None:
    case = make_case(cast.nina, cast.rick, team.ada, team.olga, team.tess)
    make_case(cast.nina, cast.rick, team.sam, team.uma, team.vic)  # not due yet: no mail for them
    type(case).objects.filter(pk=case.pk).update(due_at="2020-01-01T12:00:00Z")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind-deadlines")
    assert sorted(m.to[0] for m in mail.outbox) == ["olga@example.org", "tess@example.org"]  # ada: no address
    assert case.reference in mail.outbox[0].body
