"""Reminders before and after the deadline, once a day, without person data."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command

from opvangnet.collection import services
from opvangnet.collection.reminders import due_on, send_round_reminders
from tests.collection.builders import REGION_ANSWERS, make_municipal_contributor, make_round, submission_of
from tests.personas import Cast

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("today", "kind"),
    [
        (date(2026, 4, 8), "before"),  # seven days before
        (date(2026, 4, 10), None),
        (date(2026, 4, 14), "before"),  # the day before
        (date(2026, 4, 15), None),  # the deadline itself
        (date(2026, 4, 16), "after"),  # the day after
        (date(2026, 4, 17), None),
        (date(2026, 4, 23), "after"),  # a week after that
        (date(2026, 7, 1), None),  # long past: given up
    ],
)
def test_reminders_fall_before_and_after_the_deadline(today: date, kind: str | None) -> None:
    due = due_on(date(2026, 4, 15), today)
    assert (due.kind if due else None) == kind


def test_the_command_mails_those_who_have_not_handed_in_once_a_day(
    cast: Cast, django_capture_on_commit_callbacks
) -> None:
    for user, address in ((cast.alice, "alice@example.org"), (cast.bob, "bob@example.org")):
        user.email = address
        user.save()
    round_ = make_round(cast.nina, [cast.amsterdam, cast.rijnmond], year=2026, number=1)
    make_municipal_contributor("gemma", cast.amsterdam_city, email="gemma@example.org")
    services.invite_contributor(
        cast.alice, submission_of(round_, cast.amsterdam), "gemeente", municipality=cast.amsterdam_city
    )
    services.submit_submission(cast.bob, submission_of(round_, cast.rijnmond), REGION_ANSWERS)

    with django_capture_on_commit_callbacks(execute=True):
        sent = send_round_reminders(date(2026, 4, 16))
    assert sent == 2
    assert sorted(message.to[0] for message in mail.outbox) == ["alice@example.org", "gemma@example.org"]
    body = mail.outbox[0].body
    assert "Amsterdam-Amstelland" in body
    assert "15 april 2026" in body
    assert "Alice" not in body
    assert "alice@" not in body

    with django_capture_on_commit_callbacks(execute=True):
        assert send_round_reminders(date(2026, 4, 16)) == 0
    call_command("remind-rounds")  # today is not a reminder day for this round: nothing, no error
