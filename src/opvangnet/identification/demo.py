"""Demo identification data: two years of referrals, cases, decisions and reconsiderations.

The referrer mix follows CoMensha's reporting (police about a third, care coordination a quarter, an NGO like
FairWork a sixth, NLA and KMar a few per cent each, plus providers and self-referrals). Names are obviously
fake ("Fictief Persoon 001"). Rows are written directly, with their historic dates, and without audit entries:
the demo has no history of real actions to log.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from opvangnet.accounts.models import User
from opvangnet.accounts.roles import Role
from opvangnet.identification import deadlines
from opvangnet.identification.models import (
    ENFORCEMENT_REFERRERS,
    Assessment,
    Case,
    CaseState,
    ChecklistVersion,
    ConsentBasis,
    Consultation,
    Decision,
    Discipline,
    IndicatorAnswer,
    IndNotification,
    Outcome,
    Panel,
    PanelMember,
    PersonData,
    Reconsideration,
    Referral,
    ReferrerKind,
    Stage,
    Urgency,
)
from opvangnet.regions.models import Organisation

REFERRALS_PER_YEAR = 60
KIND_WEIGHTS = {
    ReferrerKind.POLICE: 30,
    ReferrerKind.CARE_COORDINATOR: 22,
    ReferrerKind.OTHER: 15,
    ReferrerKind.LABOUR_INSPECTORATE: 8,
    ReferrerKind.KMAR: 7,
    ReferrerKind.CARE_PROVIDER: 8,
    ReferrerKind.SELF: 10,
}
TYPE_WEIGHTS = {"sexual": 45, "labour": 30, "criminal": 20, "other": 5}
NATIONALITIES = ["Fictiefland", "Verzinnia", "Nergensstan", "Voorbeeldië", "Nederland", "Testonië"]
DISCIPLINES = [Discipline.CARE, Discipline.LEGAL, Discipline.MEDICAL, Discipline.PSYCHOLOGICAL]
QUESTIONS = [
    "Een cliënte moest haar paspoort aan haar 'werkgever' afgeven. Wat kunnen wij doen?",
    "Een jongen van 16 wordt steeds van school opgehaald en heeft veel geld. Is dit een signaal?",
    "Twaalf arbeidsmigranten wonen in één huis van de uitzendbureau-eigenaar. Waar melden wij dit?",
]


def clear_identification() -> None:
    """Remove all identification rows (before `seed --replace` removes the users they refer to)."""
    IndNotification.objects.all().delete()
    Reconsideration.objects.update(new_decision=None)
    Panel.objects.update(reconsideration=None)
    Reconsideration.objects.all().delete()
    Decision.objects.all().delete()
    IndicatorAnswer.objects.all().delete()
    Assessment.objects.all().delete()
    PanelMember.objects.all().delete()
    Panel.objects.all().delete()
    Case.objects.all().delete()
    Referral.objects.all().delete()
    Consultation.objects.all().delete()


def _pick(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _chain_partner(username: str, organisation: Organisation | None, fallback: User) -> User:
    if organisation is None:
        return fallback
    user, _created = User.objects.get_or_create(
        username=username,
        defaults={
            "role": Role.CHAIN_PARTNER,
            "organisation": organisation,
            "first_name": "Demo",
            "last_name": organisation.name,
            "email": f"{username}@example.org",
            "password": make_password("opvangnet-demo"),
        },
    )
    return user


class _Builder:
    def __init__(self, rng: random.Random, now: dt.datetime) -> None:
        self.rng = rng
        self.now = now
        self.manager = User.objects.get(username="landelijk")
        self.assessors = list(User.objects.filter(role=Role.ASSESSOR).order_by("username"))
        self.coordinators = list(User.objects.filter(role=Role.COORDINATOR).order_by("username"))
        self.providers = list(User.objects.filter(role=Role.PROVIDER).order_by("username"))
        police = User.objects.get(username="ketenpartner")
        kmar = Organisation.objects.filter(name="Koninklijke Marechaussee").first()
        nla = Organisation.objects.filter(name="Nederlandse Arbeidsinspectie").first()
        self.referrers = {
            ReferrerKind.POLICE: [police],
            ReferrerKind.KMAR: [_chain_partner("ketenpartner-kmar", kmar, police)],
            ReferrerKind.LABOUR_INSPECTORATE: [_chain_partner("ketenpartner-nla", nla, police)],
            ReferrerKind.CARE_COORDINATOR: self.coordinators,
            ReferrerKind.SELF: self.coordinators,
            ReferrerKind.CARE_PROVIDER: self.providers,
            ReferrerKind.OTHER: [self.manager],
        }
        self.version = ChecklistVersion.current()
        self.indicators = list(self.version.indicators.all()) if self.version else []
        self.count = 0

    def referral(self, referred_at: dt.datetime) -> Referral:
        rng = self.rng
        kind = _pick(rng, KIND_WEIGHTS)
        by = rng.choice(self.referrers[kind])
        types = sorted({_pick(rng, TYPE_WEIGHTS) for _ in range(rng.choice([1, 1, 1, 2]))})
        b83 = rng.random() < 0.4
        enforcement = kind in ENFORCEMENT_REFERRERS
        self.count += 1
        referral = Referral.objects.create(
            reference=f"SG-{timezone.localtime(referred_at).year}-D{self.count:04d}",
            created_by=by,
            referrer_kind=kind,
            referrer_organisation_id=by.organisation_id,
            referred_at=referred_at,
            exploitation_types=types,
            b83_applicable=b83,
            dublin=b83 and rng.random() < 0.1,
            minor=rng.random() < 0.12,
            consent_basis=ConsentBasis.LEGAL_BASIS if enforcement else ConsentBasis.WRITTEN_CONSENT,
            consent_purpose="" if enforcement else "Vaststelling slachtofferschap en opvang",
            consent_recipients="" if enforcement else "Beoordelingsteam en landelijk coördinator",
            consent_given_on=None if enforcement else timezone.localdate(referred_at),
            urgency=_pick(rng, {Urgency.NORMAL: 70, Urgency.URGENT: 22, Urgency.IMMEDIATE: 8}),
            summary="Synthetische demonstratiemelding; geen echte persoon.",
        )
        PersonData.objects.create(
            referral=referral,
            name=f"Fictief Persoon {self.count:03d}",
            date_of_birth=f"{rng.randint(1970, 2008)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
            nationality=rng.choice(NATIONALITIES),
            languages=rng.choice(["Engels", "Nederlands", "Frans", "Spaans"]),
        )
        return referral

    def panel(self, case: Case, stage: str, members: list[User], when: dt.datetime, **extra: Any) -> Panel:
        panel = Panel.objects.create(case=case, stage=stage, formed_at=when, **extra)
        disciplines = self.rng.sample(DISCIPLINES, len(members))
        for assessor, discipline in zip(members, disciplines, strict=True):
            PanelMember.objects.create(panel=panel, assessor=assessor, discipline=discipline)
        return panel

    def decide(self, case: Case, panel: Panel, when: dt.datetime, outcome: str) -> Decision:
        rng = self.rng
        for member in panel.members.all():
            view = outcome if rng.random() < 0.8 else rng.choice(Outcome.values)
            assessment = Assessment.objects.create(
                member=member,
                checklist_version=case.checklist_version,
                view=view,
                opinion="Synthetische beoordeling voor de demo.",
                recorded_at=when - dt.timedelta(hours=rng.randint(2, 30)),
            )
            fitting = [
                i
                for i in self.indicators
                if i.applies_to(case.referral.exploitation_types, minor=case.referral.minor)
            ]
            IndicatorAnswer.objects.bulk_create(
                IndicatorAnswer(
                    assessment=assessment, indicator=i, observed=rng.choice(["yes", "no", "unknown"])
                )
                for i in rng.sample(fitting, min(5, len(fitting)))
            )
        decision = Decision.objects.create(
            case=case,
            panel=panel,
            stage=panel.stage,
            outcome=outcome,
            reasons="Synthetische motivering voor de demo.",
            decided_at=when,
            recorded_by=panel.members.first().assessor,  # type: ignore[union-attr]
        )
        if case.referral.b83_applicable:
            IndNotification.objects.create(case=case, decision=decision, sent_at=when)
        return decision

    def case(self, referral: Referral) -> None:
        rng, now = self.rng, self.now
        opened = referral.referred_at + dt.timedelta(hours=rng.randint(2, 72))
        if opened > now or self.version is None:
            return
        members = rng.sample(self.assessors, 2)
        case = Case.objects.create(
            referral=referral,
            opened_at=opened,
            opened_by=self.manager,
            checklist_version=self.version,
            first_decision_due=deadlines.add_working_days(
                timezone.localtime(referral.referred_at), settings.IDENTIFICATION_FIRST_DECISION_WORKING_DAYS
            ),
        )
        panel = self.panel(case, Stage.FIRST, members, opened)
        decided = referral.referred_at + dt.timedelta(days=rng.choice([2, 3, 4, 5, 6, 7, 8, 10, 14]))
        if decided > now:
            return  # still awaiting the first decision: shows on the deadline dashboard
        outcome = _pick(rng, {Outcome.PLAUSIBLE: 60, Outcome.NOT_PLAUSIBLE: 20, Outcome.INSUFFICIENT: 20})
        decision = self.decide(case, panel, decided, outcome)
        if outcome == Outcome.PLAUSIBLE:
            self.reflection(case, decision, members)
        else:
            self.close(case, decided)
            if rng.random() < 0.3:
                self.reconsider(case, decision, members)

    def reflection(self, case: Case, decision: Decision, members: list[User]) -> None:
        rng, now = self.rng, self.now
        start = timezone.localdate(decision.decided_at)
        case.reflection_start = start
        case.reflection_end = deadlines.reflection_period_end(start, dublin=case.referral.dublin)
        end_moment = timezone.localtime(decision.decided_at).replace(
            year=case.reflection_end.year, month=case.reflection_end.month, day=case.reflection_end.day
        )
        case.final_decision_due = deadlines.add_working_days(
            end_moment, settings.IDENTIFICATION_FINAL_DECISION_WORKING_DAYS
        )
        case.state = CaseState.REFLECTION
        case.save()
        if end_moment > now:
            return
        panel = self.panel(case, Stage.FINAL, members, end_moment)
        case.state = CaseState.FINAL_STAGE
        case.save(update_fields=["state"])
        decided = end_moment + dt.timedelta(days=rng.randint(3, 20))
        if decided > now:
            return
        outcome = _pick(rng, {Outcome.PLAUSIBLE: 75, Outcome.NOT_PLAUSIBLE: 15, Outcome.INSUFFICIENT: 10})
        self.decide(case, panel, decided, outcome)
        self.close(case, decided)

    def close(self, case: Case, when: dt.datetime) -> None:
        case.state = CaseState.CLOSED
        case.closed_at = when
        case.save(update_fields=["state", "closed_at"])

    def reconsider(self, case: Case, decision: Decision, earlier: list[User]) -> None:
        rng, now = self.rng, self.now
        requested = decision.decided_at + dt.timedelta(days=rng.randint(3, 20))
        if requested > now:
            return
        request = Reconsideration.objects.create(
            case=case,
            decision=decision,
            requested_by_kind=rng.choice(["referrer", "person"]),
            requested_by=case.referral.created_by,
            requested_at=requested,
            grounds="Synthetisch verzoek om heroverweging.",
        )
        case.state = CaseState.RECONSIDERATION
        case.closed_at = None
        case.save(update_fields=["state", "closed_at"])
        others = [a for a in self.assessors if a not in earlier]
        if len(others) < 2:
            return
        formed = requested + dt.timedelta(days=rng.randint(1, 4))
        if formed > now:
            return
        panel = self.panel(case, decision.stage, rng.sample(others, 2), formed, reconsideration=request)
        case.state = CaseState.FIRST_STAGE if decision.stage == Stage.FIRST else CaseState.FINAL_STAGE
        case.first_decision_due = deadlines.add_working_days(
            timezone.localtime(formed), settings.IDENTIFICATION_FIRST_DECISION_WORKING_DAYS
        )
        case.save(update_fields=["state", "first_decision_due"])
        decided = formed + dt.timedelta(days=rng.randint(3, 12))
        if decided > now:
            return
        outcome = Outcome.PLAUSIBLE if rng.random() < 0.6 else Outcome.NOT_PLAUSIBLE
        new = self.decide(case, panel, decided, outcome)
        request.new_decision = new
        request.save(update_fields=["new_decision"])
        if outcome == Outcome.PLAUSIBLE and decision.stage == Stage.FIRST:
            self.reflection(case, new, [m.assessor for m in panel.members.all()])
        else:
            self.close(case, decided)


def seed_identification(rng: random.Random, now: dt.datetime | None = None) -> int:
    """Two years of referrals (about 85 % become cases) and some anonymous consultations.

    Returns the number of referrals."""
    now = now or timezone.now()
    builder = _Builder(rng, now)
    if len(builder.assessors) < 4 or not builder.coordinators or not builder.providers:
        return 0
    start = now - dt.timedelta(days=730)
    moments = sorted(
        start + dt.timedelta(minutes=rng.randint(0, 730 * 24 * 60)) for _ in range(2 * REFERRALS_PER_YEAR)
    )
    for moment in moments:
        referral = builder.referral(moment)
        if rng.random() < 0.85:
            builder.case(referral)
    for number in range(10):
        asked = now - dt.timedelta(days=rng.randint(1, 300))
        answered = number % 3 != 0
        Consultation.objects.create(
            asked_by=rng.choice(builder.coordinators + builder.providers),
            asked_at=asked,
            exploitation_types=[_pick(rng, TYPE_WEIGHTS)],
            question=rng.choice(QUESTIONS),
            answer="Synthetisch advies: bespreek de signalen met de zorgcoördinator in uw regio."
            if answered
            else "",
            answered_by=builder.manager if answered else None,
            answered_at=asked + dt.timedelta(days=1) if answered else None,
        )
    return len(moments)
