"""Builders for identification tests: drive the real services with fixed, obviously fake data."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from opvangnet.accounts.models import User
from opvangnet.identification import services
from opvangnet.identification.models import (
    Application,
    Case,
    ConsentPurpose,
    Discipline,
    Hearing,
    MemberView,
    Opinion,
    Outcome,
)

FAKE_NAME = "Testpersoon Fictief"
SUMMARY = "Werkt 14 uur per dag in een kas, paspoort ingenomen."
CONSENT_DAY = dt.date(2025, 1, 6)
DISCIPLINES = [Discipline.LEGAL, Discipline.CARE, Discipline.MEDICAL, Discipline.PSYCHOLOGICAL]


def ensure_published_checklist() -> None:
    """The checklist a data migration loads (a transactional test's flush before may have removed it)."""
    from django.apps import apps

    migration = importlib.import_module("opvangnet.identification.migrations.0002_load_initial_checklist")
    migration.load_checklist(apps, None)


def make_application(
    by: User,
    *,
    consents: Iterable[str] = (ConsentPurpose.ASSESSMENT,),
    name: str = FAKE_NAME,
    **overrides: Any,
) -> Application:
    """An application with the person's written consent to the purposes in `consents`."""
    other = [purpose for purpose in consents if purpose != ConsentPurpose.ASSESSMENT]
    fields: dict[str, Any] = {
        "applicant_kind": "referrer",
        "referrer_kind": next(iter(services.allowed_referrer_kinds(by)), "other"),
        "exploitation_types": ["labour"],
        "nationality_status": "third_country",
        "age_status": "adult",
        "consent_given_on": CONSENT_DAY,
        "other_consents": other,
        "medical_authorisation_on": CONSENT_DAY if ConsentPurpose.MEDICAL in other else None,
        "summary": SUMMARY,
    }
    fields.update(overrides)
    person = services.PersonInput(name=name, nationality="Fictiefland", v_number="1234567890")
    return services.submit_application(by, services.ApplicationInput(**fields), person)


def seats(chair: User, *members: User) -> list[services.Seat]:
    return [
        services.Seat(assessor, discipline, chair=position == 0)
        for position, (assessor, discipline) in enumerate(zip((chair, *members), DISCIPLINES, strict=False))
    ]


def make_case(manager: User, referrer: User, chair: User, *members: User, **overrides: Any) -> Case:
    application = make_application(referrer, **overrides)
    return services.form_committee(manager, application, seats(chair, *members))


def hear(case: Case, manager: User, **plan: Any) -> Hearing:
    """Plan a hearing for tomorrow and record that it took place (minutes written now)."""
    hearing = services.plan_hearing(
        manager,
        case,
        planned_for=plan.pop("planned_for", timezone.now() + dt.timedelta(days=1)),
        place=plan.pop("place", "Kantoor commissie, Utrecht"),
        interpreter=plan.pop("interpreter", None),
    )
    return services.record_hearing(manager, hearing, person_appeared=True, minutes="Verslag van het horen.")


def record_views(case: Case, members: Iterable[User], view: str = MemberView.PLAUSIBLE) -> None:
    for member in members:
        answers = {
            indicator.pk: services.AnswerInput("yes", "interview", "")
            for indicator in services.indicators_for(case)[:3]
        }
        services.record_assessment(
            member, case, view=view, reasoning=f"View of {member.username}.", answers=answers
        )


def conclude(
    case: Case, manager: User, chair: User, *members: User, outcome: str = Outcome.PLAUSIBLE
) -> Opinion:
    """Hear the person, record every member's view and give the opinion (a negative one through a draft
    and the person's response)."""
    hear(case, manager)
    record_views(case, (chair, *members), outcome)
    if outcome == Outcome.NOT_PLAUSIBLE:
        draft = services.send_draft_opinion(chair, case, reasons="Concept: niet aannemelijk.")
        services.record_response(manager, draft, response_by="person", response="Mijn zienswijze.")
    return services.give_opinion(chair, case, outcome=outcome, reasons="Joint reasons.")


def at(text: str) -> dt.datetime:
    from zoneinfo import ZoneInfo

    return dt.datetime.fromisoformat(text).replace(tzinfo=ZoneInfo("Europe/Amsterdam"))
