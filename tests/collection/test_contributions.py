"""Municipalities and umbrella organisations fill in their own section; the coordinator consolidates."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from opvangnet.collection import services
from opvangnet.collection.models import Contribution, ContributionStatus, DataValue
from opvangnet.collection.validation import ValueInput
from tests.collection.builders import MUNICIPAL_ANSWERS, make_municipal_contributor, make_round, submission_of
from tests.collection.conftest import Collection
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def region_value(collection: Collection, code: str, breakdown: str = "") -> DataValue:
    return DataValue.objects.get(
        submission=collection.amsterdam, contribution__isnull=True, question__code=code, breakdown=breakdown
    )


def test_contributors_fill_in_their_section_and_the_coordinator_consolidates(
    cast: Cast, collection: Collection
) -> None:
    services.submit_contribution(collection.gemma, collection.amsterdam_municipal, MUNICIPAL_ANSWERS)
    diemen = [
        ValueInput("municipal_places", "", 1),
        ValueInput("municipal_places", "crisis", 1),
        ValueInput("municipal_signals", "", 2),
        ValueInput("municipal_missing", "", "Een meldpunt."),
    ]
    services.submit_contribution(collection.otto, collection.diemen_municipal, diemen)
    result = services.consolidate(cast.alice, collection.amsterdam)
    assert result.created > 0
    assert region_value(collection, "municipal_places").number == 7  # 6 + 1
    assert region_value(collection, "municipal_places", "crisis").number == 5
    assert region_value(collection, "municipal_signals").number == 11
    assert (
        region_value(collection, "municipal_missing").text
        == "Amsterdam: Meer crisisplekken.\n\nDiemen: Een meldpunt."
    )
    assert region_value(collection, "municipal_places").source == "consolidation"
    # The contributions keep their own answers.
    own = DataValue.objects.get(
        contribution=collection.amsterdam_municipal, question__code="municipal_signals"
    )
    assert own.number == 9


def test_a_contributor_answers_only_questions_of_the_own_section(collection: Collection) -> None:
    with pytest.raises(services.ValuesRejected) as rejected:
        services.save_contribution_values(
            collection.gemma, collection.amsterdam_municipal, [ValueInput("requests", "", 4)]
        )
    assert rejected.value.issues[0].question == "requests"
    assert not DataValue.objects.exists()


def test_nobody_else_fills_in_a_contribution(cast: Cast, collection: Collection) -> None:
    for outsider in (collection.otto, collection.rob, collection.ulla, cast.alice, cast.nina):
        with pytest.raises(PermissionDenied):
            services.save_contribution_values(outsider, collection.amsterdam_municipal, MUNICIPAL_ANSWERS)


def test_the_coordinator_can_return_a_contribution_with_a_comment(cast: Cast, collection: Collection) -> None:
    services.submit_contribution(collection.gemma, collection.amsterdam_municipal, MUNICIPAL_ANSWERS)
    with pytest.raises(PermissionDenied):
        services.return_contribution(cast.bob, collection.amsterdam_municipal, "Niet jouw regio.")
    services.return_contribution(cast.alice, collection.amsterdam_municipal, "Tel Weesp mee.")
    contribution = Contribution.objects.get(pk=collection.amsterdam_municipal.pk)
    assert (contribution.status, contribution.comment) == (ContributionStatus.RETURNED, "Tel Weesp mee.")
    services.submit_contribution(collection.gemma, contribution, [ValueInput("municipal_signals", "", 10)])
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.SUBMITTED


def test_invitations_are_checked_and_mailed_to_the_partys_contributors(
    cast: Cast, django_capture_on_commit_callbacks
) -> None:
    round_ = make_round(cast.nina, [cast.amsterdam, cast.rijnmond])
    submission = submission_of(round_, cast.amsterdam)
    make_municipal_contributor("gemma", cast.amsterdam_city, email="gemma@example.org")
    make_municipal_contributor("rob", cast.rotterdam_city, email="rob@example.org")
    with pytest.raises(ValidationError):
        services.invite_contributor(cast.alice, submission, "gemeente", municipality=cast.rotterdam_city)
    with pytest.raises(ValidationError):
        services.invite_contributor(cast.alice, submission, "capaciteit", municipality=cast.amsterdam_city)
    with pytest.raises(ValidationError):
        services.invite_contributor(cast.alice, submission, "organisaties", municipality=cast.amsterdam_city)
    with pytest.raises(PermissionDenied):
        services.invite_contributor(cast.bob, submission, "gemeente", municipality=cast.amsterdam_city)
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_contributor(cast.alice, submission, "gemeente", municipality=cast.amsterdam_city)
    assert [message.to for message in mail.outbox] == [["gemma@example.org"]]
    with pytest.raises(ValidationError):
        services.invite_contributor(cast.alice, submission, "gemeente", municipality=cast.amsterdam_city)
