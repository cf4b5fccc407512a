"""Demo data collection: the default national form, last year's round approved for every region with figures
from the demo's own registry, and the round of the last quarter open, with regions in every state.

Everything goes through the services, as a person would do it, so the demo's forms, histories and audit log
look like the real thing; only the moments are moved back afterwards.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from opvangnet.accounts.models import User
from opvangnet.accounts.roles import Role
from opvangnet.collection import services
from opvangnet.collection.definitions import load_default_form
from opvangnet.collection.models import (
    CollectionForm,
    FormVersion,
    PeriodKind,
    Round,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
)
from opvangnet.collection.validation import ValueInput
from opvangnet.regions.models import Region

MISSING = [
    "Crisisplekken voor mannen: we plaatsen mannen nu vaak buiten de regio.",
    "Opvang voor slachtoffers met verslaving of psychiatrische problemen; aanbieders wijzen hen vaak af.",
    "Doorstroomwoningen: slachtoffers blijven te lang in de crisisopvang omdat er geen woning is.",
    "Plekken voor minderjarigen en jongvolwassenen, liefst dichtbij hun netwerk.",
    "Tolken en hulp in de eigen taal, vooral Roemeens, Bulgaars en Nigeriaans Pidgin.",
    "Een vast aanspreekpunt bij de gemeente voor slachtoffers zonder verblijfsstatus.",
]
MUNICIPAL_MISSING = [
    "Meer zicht op arbeidsuitbuiting via de arbeidsmigrantenhuisvesting.",
    "Structurele financiering van de crisisopvang voor mannen.",
    "Een regionaal meldpunt dat ook in de avond bereikbaar is.",
]
ORGANISATION_MISSING = [
    "Deskundigheid op het gebied van criminele uitbuiting.",
    "Voldoende personeel voor nachtdiensten in de crisisopvang.",
]


def clear_collection() -> None:
    """Remove every round and form (answers, contributions and history go with them)."""
    Round.objects.all().delete()
    CollectionForm.objects.all().delete()


def _moment(day: date, rng: random.Random) -> datetime:
    return datetime.combine(
        day, time(rng.randint(8, 17), rng.randint(0, 59)), tzinfo=timezone.get_current_timezone()
    )


def _answers(rng: random.Random, months: int) -> list[ValueInput]:
    """Believable answers to the questions Opvangnet cannot count itself, for a period of `months`."""
    crisis, long_term, transitional = rng.randint(1, 6), rng.randint(0, 5), rng.randint(0, 3)
    women, men, non_binary = rng.randint(0, 5), rng.randint(0, 7), rng.choice([0, 0, 0, 1])
    return [
        ValueInput(
            "shortage_care_type",
            "",
            rng.choices(["crisis", "long_term", "transitional", "none"], [50, 20, 20, 10])[0],
        ),
        ValueInput(
            "shortage_group",
            "",
            rng.choices(
                ["men", "minors", "multiple_problems", "no_residence_status", "none"], [35, 20, 25, 15, 5]
            )[0],
        ),
        ValueInput("missing", "", rng.choice(MISSING)),
        ValueInput("municipal_places", "", crisis + long_term + transitional),
        ValueInput("municipal_places", "crisis", crisis),
        ValueInput("municipal_places", "long_term", long_term),
        ValueInput("municipal_places", "transitional", transitional),
        ValueInput("municipal_signals", "", max(1, round(rng.randint(8, 60) * months / 12))),
        ValueInput("municipal_missing", "", rng.choice(MUNICIPAL_MISSING)),
        ValueInput("helped_elsewhere", "", women + men + non_binary),
        ValueInput("helped_elsewhere", "woman", women),
        ValueInput("helped_elsewhere", "man", men),
        ValueInput("helped_elsewhere", "non_binary", non_binary),
        ValueInput("expertise", "", rng.choice(["yes", "partly", "partly", "no"])),
        ValueInput("organisation_missing", "", rng.choice(ORGANISATION_MISSING)),
    ]


def _restamp(
    submission: Submission, started: datetime, submitted: datetime | None, approved: datetime | None
) -> None:
    """Move the moments of a demo form (and its status history) back to when they would have happened."""
    Submission.objects.filter(pk=submission.pk).update(
        started_at=started,
        first_submitted_at=submitted,
        submitted_at=submitted,
        prefilled_at=started,
        approved_at=approved,
    )
    moments = {
        SubmissionStatus.DRAFT: started,
        SubmissionStatus.SUBMITTED: submitted,
        SubmissionStatus.APPROVED: approved,
    }
    for status, moment in moments.items():
        if moment is not None:
            SubmissionEvent.objects.filter(submission=submission, to_status=status).update(at=moment)


def seed_collection(rng: random.Random) -> None:
    """The default form, an approved round for last year and an open round for the last full quarter."""
    national = User.objects.filter(role=Role.NATIONAL_COORDINATOR).order_by("username").first()
    if national is None:
        return
    version = load_default_form(national)
    regions = list(Region.objects.order_by("code"))
    # The demo login "zorgcoordinator" sorts after "zc-vo04" and so acts for its region.
    coordinators = {u.region_id: u for u in User.objects.filter(role=Role.COORDINATOR).order_by("username")}
    today = timezone.localdate()
    with services.without_mail():
        _past_year(rng, national, version, regions, coordinators, today.year - 1)
        _current_quarter(rng, national, version, regions, coordinators, today)


def _past_year(
    rng: random.Random,
    national: User,
    version: FormVersion,
    regions: list[Region],
    coordinators: dict[int | None, User],
    year: int,
) -> None:
    deadline = date(year + 1, 2, 15)
    round_ = services.open_round(
        national, services.RoundInput(version, PeriodKind.YEAR, year, 1, deadline, regions)
    )
    Round.objects.filter(pk=round_.pk).update(opened_at=_moment(date(year + 1, 1, 6), rng))
    home = _home_region(regions)
    for submission in round_.submissions.select_related("region"):
        coordinator = coordinators.get(submission.region_id)
        if coordinator is None:
            continue
        answers = _answers(rng, 12)
        if submission.region_id == home.pk and _contributed(rng, coordinator, submission, months=12):
            answers = [answer for answer in answers if not answer.question.startswith("municipal_")]
        services.submit_submission(coordinator, submission, answers)
        services.approve_submission(national, submission)
        started = _moment(date(year + 1, 1, rng.randint(7, 25)), rng)
        submitted = started + timedelta(days=rng.choice([3, 7, 14, 21, 28, 35, 45]), hours=rng.randint(0, 6))
        approved = submitted + timedelta(days=rng.randint(1, 10))
        _restamp(submission, started, submitted, approved)


def _contributed(rng: random.Random, coordinator: User, submission: Submission, months: int) -> bool:
    """The municipality of the region's centre contributed its section; the coordinator consolidated it."""
    contributor = User.objects.filter(
        role=Role.CONTRIBUTOR, region=submission.region_id, municipality__isnull=False
    ).first()
    if contributor is None or contributor.municipality is None:
        return False
    contribution = services.invite_contributor(
        coordinator, submission, "gemeente", municipality=contributor.municipality
    )
    answers = [answer for answer in _answers(rng, months) if answer.question.startswith("municipal_")]
    services.submit_contribution(contributor, contribution, answers)
    services.consolidate(coordinator, submission)
    return True


def _home_region(regions: list[Region]) -> Region:
    """The demo coordinator's region (Amsterdam's), where the demo contributors work."""
    user = User.objects.filter(username="zorgcoordinator").select_related("region").first()
    return user.region if user is not None and user.region is not None else regions[0]


def _current_quarter(
    rng: random.Random,
    national: User,
    version: FormVersion,
    regions: list[Region],
    coordinators: dict[int | None, User],
    today: date,
) -> None:
    quarter = (today.month - 1) // 3  # the last full quarter: 0 means the fourth of last year
    year, number = (today.year, quarter) if quarter else (today.year - 1, 4)
    deadline = today + timedelta(days=14)
    round_ = services.open_round(
        national, services.RoundInput(version, PeriodKind.QUARTER, year, number, deadline, regions)
    )
    Round.objects.filter(pk=round_.pk).update(opened_at=_moment(today - timedelta(days=30), rng))
    home = _home_region(regions)
    submissions = list(round_.submissions.select_related("region").order_by("region__code"))
    rng.shuffle(submissions)
    for index, submission in enumerate(submissions):
        coordinator = coordinators.get(submission.region_id)
        if coordinator is None:
            continue
        started = _moment(today - timedelta(days=rng.randint(5, 25)), rng)
        if submission.region_id == home.pk:
            services.start_submission(coordinator, submission)
            _invite_demo_contributors(coordinator, submission)
            _restamp(submission, started, None, None)
        elif index < 6:  # handed in
            services.submit_submission(coordinator, submission, _answers(rng, 3))
            submitted = started + timedelta(days=rng.randint(1, 4))
            _restamp(submission, started, submitted, None)
        elif index < 15:  # being filled in
            services.save_submission_values(coordinator, submission, _answers(rng, 3)[: rng.randint(0, 3)])
            _restamp(submission, started, None, None)


def _invite_demo_contributors(coordinator: User, submission: Submission) -> None:
    """The demo's municipality and umbrella organisation are asked for their sections (the demo logins)."""
    for contributor in User.objects.filter(role=Role.CONTRIBUTOR, region=submission.region_id):
        if contributor.municipality is not None:
            services.invite_contributor(
                coordinator, submission, "gemeente", municipality=contributor.municipality
            )
        elif contributor.organisation is not None:
            services.invite_contributor(
                coordinator, submission, "organisaties", organisation=contributor.organisation
            )
