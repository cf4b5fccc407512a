"""A region form from not started to approved, and every way the workflow refuses a wrong step."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from opvangnet.audit.models import AuditEntry
from opvangnet.collection import services
from opvangnet.collection.models import DataValue, DataValueChange, SubmissionEvent, SubmissionStatus
from tests.collection.builders import REGION_ANSWERS, make_round, submission_of
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def test_a_form_goes_from_not_started_to_approved(cast: Cast, django_capture_on_commit_callbacks) -> None:
    cast.nina.email = "landelijk@example.org"
    cast.nina.save()
    round_ = make_round(cast.nina, [cast.amsterdam, cast.rijnmond])
    submission = submission_of(round_, cast.amsterdam)
    assert submission.status == SubmissionStatus.NOT_STARTED

    services.start_submission(cast.alice, submission)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DRAFT
    assert DataValue.objects.filter(submission=submission, prefilled__isnull=False).exists()

    with django_capture_on_commit_callbacks(execute=True):
        services.submit_submission(cast.alice, submission, REGION_ANSWERS)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.first_submitted_at is not None
    assert mail.outbox[-1].to == ["landelijk@example.org"]
    assert "Amsterdam-Amstelland" in mail.outbox[-1].subject

    services.return_submission(cast.nina, submission, "Controleer de wachttijden.")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.RETURNED
    services.submit_submission(cast.alice, submission)
    services.approve_submission(cast.nina, submission)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.APPROVED
    assert submission.approved_by == cast.nina
    events = list(SubmissionEvent.objects.filter(submission=submission).values_list("to_status", flat=True))
    assert events[::-1] == ["draft", "submitted", "returned", "submitted", "approved"]
    assert AuditEntry.objects.filter(action="collection.advance", target_id=str(submission.pk)).count() == 5


def test_approval_locks_the_figures_until_the_national_coordinator_reopens_with_a_reason(cast: Cast) -> None:
    round_ = make_round(cast.nina, [cast.amsterdam])
    submission = submission_of(round_, cast.amsterdam)
    services.submit_submission(cast.alice, submission, REGION_ANSWERS)
    services.approve_submission(cast.nina, submission)

    with pytest.raises(ValidationError):
        services.save_submission_values(
            cast.alice, submission, [services.ValueInput("municipal_signals", "", 13)]
        )
    with pytest.raises(PermissionDenied):
        services.reopen_submission(cast.alice, submission, "Ik wil iets wijzigen.")
    with pytest.raises(ValidationError):
        services.reopen_submission(cast.nina, submission, "  ")

    services.reopen_submission(cast.nina, submission, "Signalen waren dubbel geteld.")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.RETURNED
    assert submission.approved_at is None
    services.save_submission_values(
        cast.alice, submission, [services.ValueInput("municipal_signals", "", 13)]
    )
    value = DataValue.objects.get(submission=submission, question__code="municipal_signals", breakdown="")
    assert value.number == 13
    assert list(value.changes.order_by("changed_at", "pk").values_list("new_value", flat=True)) == [
        "12",
        "13",
    ]


def test_only_the_regions_own_coordinator_fills_in_and_only_the_national_coordinator_reviews(
    cast: Cast,
) -> None:
    round_ = make_round(cast.nina, [cast.amsterdam])
    submission = submission_of(round_, cast.amsterdam)
    for outsider in (cast.bob, cast.nina, cast.carol):
        with pytest.raises(PermissionDenied):
            services.save_submission_values(outsider, submission, REGION_ANSWERS)
    services.submit_submission(cast.alice, submission, REGION_ANSWERS)
    for outsider in (cast.alice, cast.bob, cast.paul):
        with pytest.raises(PermissionDenied):
            services.approve_submission(outsider, submission)


def test_the_workflow_refuses_steps_that_are_not_in_the_table(cast: Cast) -> None:
    round_ = make_round(cast.nina, [cast.amsterdam])
    submission = submission_of(round_, cast.amsterdam)
    with pytest.raises(ValidationError):
        services.approve_submission(cast.nina, submission)  # not started
    services.start_submission(cast.alice, submission)
    with translation.override("en"), pytest.raises(ValidationError, match="from 'Draft' to 'Returned"):
        services.return_submission(cast.nina, submission, "Nog niet ingediend.")
    submission.refresh_from_db()
    assert (submission.status, submission.approved_at) == (SubmissionStatus.DRAFT, None)
    assert SubmissionEvent.objects.filter(submission=submission).count() == 1


def test_each_move_is_audited_with_its_round_and_the_hand_in_keeps_its_stamps(cast: Cast) -> None:
    round_ = make_round(cast.nina, [cast.amsterdam])
    submission = submission_of(round_, cast.amsterdam)
    services.submit_submission(cast.alice, submission, REGION_ANSWERS)
    services.return_submission(cast.nina, submission, "Controleer de wachttijden.")

    moves = AuditEntry.objects.filter(action="collection.advance", target_id=str(submission.pk)).order_by(
        "pk"
    )
    assert [(entry.actor, entry.reason, entry.details) for entry in moves] == [
        (cast.alice, "", {"from": "not_started", "to": "draft", "round": round_.pk}),
        (cast.alice, "", {"from": "draft", "to": "submitted", "round": round_.pk}),
        (
            cast.nina,
            "Controleer de wachttijden.",
            {"from": "submitted", "to": "returned", "round": round_.pk},
        ),
    ]
    submission.refresh_from_db()
    assert submission.started_at is not None
    assert submission.submitted_by == cast.alice
    assert submission.first_submitted_at == submission.submitted_at


def test_every_change_of_a_value_is_kept(cast: Cast) -> None:
    round_ = make_round(cast.nina, [cast.amsterdam])
    submission = submission_of(round_, cast.amsterdam)
    for signals in (5, 7, 7, 9):
        services.save_submission_values(
            cast.alice, submission, [services.ValueInput("municipal_signals", "", signals)]
        )
    changes = DataValueChange.objects.filter(value__question__code="municipal_signals").order_by("pk")
    assert [(c.old_value, c.new_value) for c in changes] == [("", "5"), ("5", "7"), ("7", "9")]
