"""`opvangnet apply-retention` anonymises or deletes exactly what is past its period, a day either side, and
audits it; `--dry-run` counts the same and changes nothing; a second run finds nothing left to do."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.conf import LazySettings
from django.core.management import call_command
from django.utils import timezone

from opvangnet.accounts.roles import Role
from opvangnet.audit.models import AuditEntry
from opvangnet.audit.services import verify_chain
from opvangnet.capacity.models import AvailabilitySnapshot, Offer
from opvangnet.identification import services as identification
from opvangnet.identification.models import Attachment, Case, PersonData, Referral
from opvangnet.operations.retention import apply_retention
from opvangnet.placement import services as placement
from opvangnet.placement.models import PlacementRequest, Proposal
from tests.builders import make_offer, make_request, make_user
from tests.identification.builders import decide, make_case, make_referral
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


def ended_case(cast: Cast, olga: object, closed_days_ago: float, name: str) -> Case:
    case = make_case(cast.nina, cast.rick, cast.ada, olga, name=name)
    decide(case, cast.ada, olga, outcome="not_plausible")  # type: ignore[arg-type]
    identification.add_attachment(case.referral, cast.ada, "verklaring.txt", b"statement")
    Case.objects.filter(pk=case.pk).update(closed_at=ago(closed_days_ago))
    return case


@pytest.fixture
def world(cast: Cast) -> dict[str, object]:
    offer = make_offer(cast.secret_a, places=10, free_places=5, occupied_places=5)
    olga = make_user("olga", Role.ASSESSOR)
    old_referral = make_referral(cast.rick, name="Oud Fictief")
    Referral.objects.filter(pk=old_referral.pk).update(referred_at=ago(5 * 365 + 1))
    quiet = make_offer(cast.public_a)
    return {
        "old_request": closed_request(cast, offer, 730 + 1),
        "recent_request": closed_request(cast, offer, 730 - 1),
        "open_request": make_request(cast.alice),
        "old_snapshots": [snapshot_at(offer, 3 * 365 + 1), snapshot_at(offer, 3 * 365 + 5)],
        "recent_snapshot": snapshot_at(offer, 3 * 365 - 1),
        "only_snapshot": snapshot_at(quiet, 4000),  # the latest of its offer: kept however old
        "files_old": ended_case(cast, olga, 365 + 1, "Bestand Oud"),
        "files_recent": ended_case(cast, olga, 365 - 1, "Bestand Nieuw"),
        "person_old": ended_case(cast, olga, 5 * 365 + 1, "Persoon Oud"),
        "old_referral": old_referral,
        "recent_referral": make_referral(cast.rick, name="Nieuw Fictief"),
    }


def test_it_removes_or_anonymises_exactly_what_is_past_its_period(world: dict[str, object]) -> None:
    outcomes = {outcome.kind: outcome.count for outcome in apply_retention(NOW)}

    assert outcomes["placement_requests"] == 1
    old = PlacementRequest.objects.get(pk=world["old_request"].pk)  # type: ignore[attr-defined]
    assert old.client_code == f"anon-{old.pk}"
    assert (old.age, old.languages, old.avoid_regions) == (24, [], [])
    assert set(Proposal.objects.filter(request=old).values_list("reason_text", flat=True)) == {""}
    recent = PlacementRequest.objects.get(pk=world["recent_request"].pk)  # type: ignore[attr-defined]
    assert (recent.age, recent.languages) == (30, ["ro"])
    assert Proposal.objects.filter(request=recent).exclude(reason_text="").exists()
    assert not PlacementRequest.objects.get(pk=world["open_request"].pk).client_code.startswith("anon-")  # type: ignore[attr-defined]

    assert outcomes["availability_history"] == 2
    remaining = set(AvailabilitySnapshot.objects.values_list("pk", flat=True))
    assert not {snapshot.pk for snapshot in world["old_snapshots"]} & remaining  # type: ignore[attr-defined]
    assert {world["recent_snapshot"].pk, world["only_snapshot"].pk} <= remaining  # type: ignore[attr-defined]

    assert outcomes["identification_files"] == 2  # the old files case and the old person-data case
    cases_with_files = set(Attachment.objects.values_list("referral__case", flat=True))
    assert cases_with_files == {world["files_recent"].pk}  # type: ignore[attr-defined]

    assert outcomes["identification_person_data"] == 2  # the long-closed case and the caseless referral
    erased = {world["person_old"].referral_id, world["old_referral"].pk}  # type: ignore[attr-defined]
    assert set(PersonData.objects.values_list("referral", flat=True)).isdisjoint(erased)
    assert set(Referral.objects.filter(pk__in=erased).values_list("summary", flat=True)) == {""}
    assert PersonData.objects.filter(referral=world["recent_referral"]).exists()
    assert PersonData.objects.filter(referral=world["files_old"].referral).exists()  # type: ignore[attr-defined]
    closed = Case.objects.get(pk=world["person_old"].pk)  # type: ignore[attr-defined]
    assert closed.decisions.get().reasons == ""
    assert closed.decisions.get().outcome == "not_plausible"

    entry = AuditEntry.objects.get(action="operations.retention_applied")
    assert entry.details["placement_requests"]["count"] == 1
    assert verify_chain().intact


def test_a_dry_run_counts_the_same_and_changes_nothing(world: dict[str, object]) -> None:
    audit_before = AuditEntry.objects.count()
    dry = [(o.kind, o.count) for o in apply_retention(NOW, dry_run=True)]
    assert AuditEntry.objects.count() == audit_before
    assert PersonData.objects.count() == 5
    assert Attachment.objects.count() == 3
    assert not PlacementRequest.objects.filter(client_code__startswith="anon-").exists()
    assert dry == [(o.kind, o.count) for o in apply_retention(NOW)]


def test_a_second_run_finds_nothing_left(world: dict[str, object]) -> None:
    apply_retention(NOW)
    again = {o.kind: o.count for o in apply_retention(NOW)}
    assert again == {
        "placement_requests": 0,
        "availability_history": 0,
        "identification_files": 0,
        "identification_person_data": 0,
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


def test_the_command_prints_what_it_did(world: dict[str, object]) -> None:
    out = StringIO()
    call_command("apply-retention", "--dry-run", stdout=out)
    assert "placement_requests: 1 would be anonymised" in out.getvalue()
    out = StringIO()
    call_command("apply-retention", stdout=out)
    assert "identification_files: 2 were deleted" in out.getvalue()
