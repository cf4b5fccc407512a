"""`opvangnet apply-retention` anonymises or deletes exactly what is past its period, a day either side, and
audits it; `--dry-run` counts the same and changes nothing; a second run finds nothing left to do."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.conf import LazySettings
from django.core.management import call_command
from django.utils import timezone

from opvangnet.accounts.models import User
from opvangnet.accounts.roles import Role
from opvangnet.audit.models import AuditEntry
from opvangnet.audit.services import verify_chain
from opvangnet.capacity.models import AvailabilitySnapshot, Offer
from opvangnet.identification import services as identification
from opvangnet.identification.models import Application, Attachment, Case, Consultation, Opinion, PersonData
from opvangnet.operations.retention import apply_retention
from opvangnet.placement import services as placement
from opvangnet.placement.models import PlacementRequest, Proposal
from tests.builders import make_offer, make_request, make_user
from tests.identification.builders import conclude, make_application, make_case
from tests.personas import Cast

pytestmark = pytest.mark.django_db

NOW = timezone.now()
DAY = dt.timedelta(days=1)


def ago(days: float) -> dt.datetime:
    return NOW - dt.timedelta(days=days)


def closed_request(cast: Cast, offer: Offer, closed_days_ago: float) -> PlacementRequest:
    request = make_request(cast.alice, languages=["ro"], avoid_regions=["VO28"], age=30)
    placement.propose(cast.alice, request, offer)
    placement.withdraw(cast.alice, request, "declined_by_client", "other", "Wil naar haar zus in Utrecht")
    placement.cancel_request(cast.alice, request, "no_longer_needed")
    PlacementRequest.objects.filter(pk=request.pk).update(closed_at=ago(closed_days_ago))
    return request


def snapshot_at(offer: Offer, days_ago: float) -> AvailabilitySnapshot:
    return AvailabilitySnapshot.objects.create(
        offer=offer, recorded_at=ago(days_ago), free_places=1, occupied_places=1, waiting_list=0, source="web"
    )


def concluded_case(cast: Cast, members: list[User], concluded_days_ago: float, name: str) -> Case:
    case = make_case(cast.nina, cast.rick, cast.ada, *members, name=name)
    conclude(case, cast.nina, cast.ada, *members, outcome="not_plausible")
    identification.add_attachment(cast.ada, case, kind="statement", filename="verklaring.txt", content=b"x")
    Case.objects.filter(pk=case.pk).update(closed_at=ago(concluded_days_ago))
    return case


@pytest.fixture
def world(cast: Cast) -> dict[str, Any]:
    offer = make_offer(cast.secret_a, places=10, free_places=5, occupied_places=5)
    members = [make_user("olga", Role.ASSESSOR), make_user("sam", Role.ASSESSOR)]
    old_application = make_application(cast.rick, name="Oud Fictief")
    Application.objects.filter(pk=old_application.pk).update(received_at=ago(365 + 1))
    quiet = make_offer(cast.public_a)
    old_consultation = identification.ask_consultation(
        cast.alice, exploitation_types=["labour"], question="?"
    )
    Consultation.objects.filter(pk=old_consultation.pk).update(asked_at=ago(2 * 365 + 1))
    return {
        "old_request": closed_request(cast, offer, 730 + 1),
        "recent_request": closed_request(cast, offer, 730 - 1),
        "open_request": make_request(cast.alice),
        "old_snapshots": [snapshot_at(offer, 3 * 365 + 1), snapshot_at(offer, 3 * 365 + 5)],
        "recent_snapshot": snapshot_at(offer, 3 * 365 - 1),
        "only_snapshot": snapshot_at(quiet, 4000),  # the latest of its offer: kept however old
        "concluded_recent": concluded_case(cast, members, 5 * 365 - 1, "Persoon Nieuw"),
        "concluded_old": concluded_case(cast, members, 5 * 365 + 1, "Persoon Oud"),
        "old_application": old_application,  # never reached a committee, received over a year ago
        "recent_application": make_application(cast.rick, name="Nieuw Fictief"),
        "old_consultation": old_consultation,
        "recent_consultation": identification.ask_consultation(
            cast.alice, exploitation_types=["labour"], question="?"
        ),
    }


def test_it_removes_or_anonymises_exactly_what_is_past_its_period(world: dict[str, Any]) -> None:
    outcomes = {outcome.kind: outcome.count for outcome in apply_retention(NOW)}

    assert outcomes["placement_requests"] == 1
    old = PlacementRequest.objects.get(pk=world["old_request"].pk)
    assert old.client_code == f"anon-{old.pk}"
    assert (old.age, old.languages, old.avoid_regions) == (24, [], [])
    assert set(Proposal.objects.filter(request=old).values_list("reason_text", flat=True)) == {""}
    recent = PlacementRequest.objects.get(pk=world["recent_request"].pk)
    assert (recent.age, recent.languages) == (30, ["ro"])
    assert Proposal.objects.filter(request=recent).exclude(reason_text="").exists()
    assert not PlacementRequest.objects.get(pk=world["open_request"].pk).client_code.startswith("anon-")

    assert outcomes["availability_history"] == 2
    remaining = set(AvailabilitySnapshot.objects.values_list("pk", flat=True))
    assert not {snapshot.pk for snapshot in world["old_snapshots"]} & remaining
    assert {world["recent_snapshot"].pk, world["only_snapshot"].pk} <= remaining

    assert outcomes["identification_applications"] == 2  # the long-concluded case and the old application
    erased = {world["concluded_old"].application_id, world["old_application"].pk}
    assert set(PersonData.objects.values_list("application", flat=True)).isdisjoint(erased)
    assert not Attachment.objects.filter(application__in=erased).exists()
    assert set(Application.objects.filter(pk__in=erased).values_list("summary", flat=True)) == {""}
    assert PersonData.objects.filter(application=world["recent_application"]).exists()
    recent_case = world["concluded_recent"]
    assert Attachment.objects.filter(application=recent_case.application_id).exists()
    old_opinions = Opinion.objects.filter(case=world["concluded_old"])
    assert set(old_opinions.values_list("reasons", flat=True)) == {""}
    assert "not_plausible" in set(old_opinions.values_list("outcome", flat=True))

    assert outcomes["identification_consultations"] == 1
    assert set(Consultation.objects.values_list("pk", flat=True)) == {world["recent_consultation"].pk}

    entry = AuditEntry.objects.get(action="operations.retention_applied")
    assert entry.details["placement_requests"]["count"] == 1
    assert verify_chain().intact


def test_a_dry_run_counts_the_same_and_changes_nothing(world: dict[str, Any]) -> None:
    audit_before = AuditEntry.objects.count()
    dry = [(o.kind, o.count) for o in apply_retention(NOW, dry_run=True)]
    assert AuditEntry.objects.count() == audit_before
    assert PersonData.objects.count() == 4
    assert Attachment.objects.count() == 2
    assert not PlacementRequest.objects.filter(client_code__startswith="anon-").exists()
    assert dry == [(o.kind, o.count) for o in apply_retention(NOW)]


def test_a_second_run_finds_nothing_left(world: dict[str, Any]) -> None:
    apply_retention(NOW)
    again = {o.kind: o.count for o in apply_retention(NOW)}
    assert again == {
        "placement_requests": 0,
        "availability_history": 0,
        "identification_applications": 0,
        "identification_consultations": 0,
        "audit_entries": 0,
    }


def test_audit_entries_past_their_period_are_counted_and_kept(cast: Cast, settings: LazySettings) -> None:
    settings.RETENTION = {**settings.RETENTION, "audit_entries": 0}
    make_request(cast.alice)
    entries = AuditEntry.objects.count()
    outcome = {o.kind: o for o in apply_retention(timezone.now() + DAY)}["audit_entries"]
    assert outcome.count == entries
    assert AuditEntry.objects.count() == entries + 1  # only the retention entry itself was added
    assert verify_chain().intact


def test_the_command_prints_what_it_did(world: dict[str, Any]) -> None:
    out = StringIO()
    call_command("apply-retention", "--dry-run", stdout=out)
    assert "placement_requests: 1 would be anonymised" in out.getvalue()
    out = StringIO()
    call_command("apply-retention", stdout=out)
    assert "identification_applications: 2 were erased" in out.getvalue()
