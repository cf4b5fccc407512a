"""Builders for identification tests: drive the real services with fixed, obviously fake data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from opvangnet.accounts.models import User
from opvangnet.identification import services
from opvangnet.identification.models import Case, Decision, Discipline, Referral, ReferrerKind

FAKE_NAME = "Testpersoon Fictief"


def make_referral(by: User, **overrides: Any) -> Referral:
    fields: dict[str, Any] = {
        "referrer_kind": ReferrerKind.POLICE,
        "exploitation_types": ["labour"],
        "consent_basis": "legal_basis",
        "b83_applicable": True,
        "summary": "Werkt 14 uur per dag in een kas, paspoort ingenomen.",
    }
    fields.update(overrides)
    person = services.PersonInput(name=fields.pop("name", FAKE_NAME), nationality="Fictiefland")
    return services.refer(by, services.ReferralInput(**fields), person)


def panel_of(first: User, second: User) -> list[tuple[User, str]]:
    return [(first, Discipline.CARE), (second, Discipline.LEGAL)]


def make_case(manager: User, referrer: User, first: User, second: User, **overrides: Any) -> Case:
    referral = make_referral(referrer, **overrides)
    return services.open_case(referral, manager, panel_of(first, second))


def assess(case: Case, by: User, view: str = "plausible") -> None:
    answers = {
        indicator.pk: services.AnswerInput("yes", "interview", "")
        for indicator in services.indicators_for(case)[:3]
    }
    services.record_assessment(case, by, view=view, opinion=f"Opinion of {by.username}.", answers=answers)


def decide(case: Case, first: User, second: User, outcome: str = "plausible") -> Decision:
    assess(case, first, outcome)
    assess(case, second, outcome)
    return services.decide_case(case, first, outcome=outcome, reasons="Joint reasons.")


def at(text: str) -> dt.datetime:
    from zoneinfo import ZoneInfo

    return dt.datetime.fromisoformat(text).replace(tzinfo=ZoneInfo("Europe/Amsterdam"))
