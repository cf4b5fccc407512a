"""Demo data for victim-status assessment: two years of applications, committees, hearings, adjournments,
draft opinions with responses, opinions, transmissions to the IND and reassessments.

The mix of who brings applications in follows CoMensha's reporting (police about a third, care coordination
a quarter, providers and others, NLA and KMar a few per cent each, and people applying themselves or through
a lawyer). Names are obviously fake ("Fictief Persoon 001"). Rows are written directly, with their historic
dates and without audit entries: the demo has no history of real actions to log.
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
    B83_COVERED,
    MINOR_STATUSES,
    Adjournment,
    AgeDetermination,
    AgeStatus,
    ApplicantKind,
    Application,
    Assessment,
    Attachment,
    AttachmentContent,
    Case,
    CaseState,
    ChecklistVersion,
    Committee,
    CommitteeMember,
    Consent,
    ConsentGiver,
    ConsentPurpose,
    Consultation,
    Discipline,
    Hearing,
    IndicatorAnswer,
    IndTransmission,
    NationalityStatus,
    Opinion,
    OpinionKind,
    Outcome,
    PersonData,
    Reassessment,
    ReferrerKind,
    ReflectionPeriod,
    Representative,
    RepresentativeKind,
    SeatRole,
    Submitter,
    Urgency,
)
from opvangnet.regions.models import Organisation

APPLICATIONS_PER_YEAR = 60
KIND_WEIGHTS = {
    ReferrerKind.POLICE: 30,
    ReferrerKind.CARE_COORDINATOR: 22,
    ReferrerKind.OTHER: 10,
    ReferrerKind.LABOUR_INSPECTORATE: 8,
    ReferrerKind.KMAR: 7,
    ReferrerKind.CARE_PROVIDER: 8,
    ReferrerKind.SELF: 15,
}
TYPE_WEIGHTS = {"sexual": 45, "labour": 30, "criminal": 20, "other": 5}
NATIONALITY_WEIGHTS = {
    NationalityStatus.THIRD_COUNTRY: 45,
    NationalityStatus.EU_WITHOUT_RIGHTS: 8,
    NationalityStatus.EU_WITH_RIGHTS: 12,
    NationalityStatus.DUTCH: 30,
    NationalityStatus.UNKNOWN: 5,
}
AGE_WEIGHTS = {
    AgeStatus.ADULT: 85,
    AgeStatus.MINOR_16_17: 6,
    AgeStatus.MINOR_UNDER_16: 5,
    AgeStatus.DISPUTED: 4,
}
NATIONALITIES = ["Fictiefland", "Verzinnia", "Nergensstan", "Voorbeeldië", "Testonië"]
LANGUAGES = ["Roemeens", "Tigrinya", "Vietnamees", "Spaans", "Engels", "Bulgaars"]
DISCIPLINES = [Discipline.LEGAL, Discipline.CARE, Discipline.MEDICAL, Discipline.PSYCHOLOGICAL]
QUESTIONS = [
    "Een cliënte moest haar paspoort aan haar 'werkgever' afgeven. Wat kunnen wij doen?",
    "Een jongen van 16 wordt steeds van school opgehaald en heeft veel geld. Is dit een signaal?",
    "Twaalf arbeidsmigranten wonen in één huis van de uitzendbureau-eigenaar. Wat is hier aan de hand?",
]


def clear_identification() -> None:
    """Remove all identification rows (before `seed --replace` removes the users they refer to)."""
    IndTransmission.objects.all().delete()
    Reassessment.objects.update(new_opinion=None)
    Committee.objects.update(reassessment=None)
    Reassessment.objects.all().delete()
    Opinion.objects.update(draft=None)
    Opinion.objects.all().delete()
    IndicatorAnswer.objects.all().delete()
    Assessment.objects.all().delete()
    Hearing.objects.all().delete()
    Adjournment.objects.all().delete()
    CommitteeMember.objects.all().delete()
    Committee.objects.all().delete()
    Case.objects.all().delete()
    AttachmentContent.objects.all().delete()
    Attachment.objects.all().delete()
    for model in (Consent, Representative, ReflectionPeriod, AgeDetermination, PersonData):
        model.objects.all().delete()
    Application.objects.all().delete()
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


def _later(moment: dt.datetime, days: int) -> dt.datetime:
    return deadlines.add_working_days(timezone.localtime(moment), days)


DEMO_ASSESSOR = "beoordelaar"


def _opened_for(due: dt.datetime) -> dt.datetime:
    """The latest moment (a working day, same time of day) on which a case must be opened for its opinion to
    fall due at or after `due`, whatever the holidays: the first step whose deadline reaches it."""
    opened = due - dt.timedelta(days=90)
    while _later(opened, settings.IDENTIFICATION_OPINION_WORKING_DAYS) < due:
        opened += dt.timedelta(days=1)
    return opened


class _Builder:
    def __init__(self, rng: random.Random, now: dt.datetime) -> None:
        self.rng = rng
        self.now = now
        self.manager = User.objects.get(username="landelijk")
        self.assessors = list(User.objects.filter(role=Role.ASSESSOR).order_by("username"))
        coordinators = list(User.objects.filter(role=Role.COORDINATOR).order_by("username"))
        self.coordinators = coordinators
        self.providers = list(User.objects.filter(role=Role.PROVIDER).order_by("username"))
        police = User.objects.get(username="ketenpartner")
        kmar = Organisation.objects.filter(name="Koninklijke Marechaussee").first()
        nla = Organisation.objects.filter(name="Nederlandse Arbeidsinspectie").first()
        self.referrers = {
            ReferrerKind.POLICE: [police],
            ReferrerKind.KMAR: [_chain_partner("ketenpartner-kmar", kmar, police)],
            ReferrerKind.LABOUR_INSPECTORATE: [_chain_partner("ketenpartner-nla", nla, police)],
            ReferrerKind.CARE_COORDINATOR: coordinators,
            ReferrerKind.CARE_PROVIDER: self.providers,
            ReferrerKind.SELF: [self.manager],
            ReferrerKind.OTHER: [self.manager],
        }
        self.version = ChecklistVersion.current()
        self.indicators = list(self.version.indicators.all()) if self.version else []
        self.count = 0

    # --- the application ---------------------------------------------------------------------------

    def application(self, received: dt.datetime) -> Application:
        rng = self.rng
        # The first applications show every kind of referrer once; the rest follow the weights.
        kind = list(KIND_WEIGHTS)[self.count] if self.count < len(KIND_WEIGHTS) else _pick(rng, KIND_WEIGHTS)
        by = rng.choice(self.referrers[kind])
        nationality = _pick(rng, NATIONALITY_WEIGHTS)
        age = _pick(rng, AGE_WEIGHTS)
        foreign = nationality != NationalityStatus.DUTCH
        self.count += 1
        shelter = rng.choice(self.providers).organisation if self.providers and rng.random() < 0.6 else None
        applicant = {ReferrerKind.SELF: ApplicantKind.PERSON, ReferrerKind.OTHER: ApplicantKind.LAWYER}.get(
            kind, ApplicantKind.REFERRER
        )
        application = Application.objects.create(
            reference=f"AV-{timezone.localtime(received).year}-D{self.count:04d}",
            created_by=by,
            applicant_kind=applicant,
            referrer_kind=kind,
            referrer_organisation_id=by.organisation_id if applicant == ApplicantKind.REFERRER else None,
            received_at=received,
            exploitation_types=sorted({_pick(rng, TYPE_WEIGHTS) for _ in range(rng.choice([1, 1, 1, 2]))}),
            nationality_status=nationality,
            dublin=nationality in B83_COVERED and rng.random() < 0.1,
            age_status=age,
            shelter_organisation=shelter,
            interpreter_language=rng.choice(LANGUAGES) if foreign and rng.random() < 0.6 else "",
            urgency=_pick(rng, {Urgency.NORMAL: 70, Urgency.URGENT: 22, Urgency.IMMEDIATE: 8}),
            summary="Synthetische demonstratieaanvraag; geen echte persoon.",
        )
        PersonData.objects.create(
            application=application,
            name=f"Fictief Persoon {self.count:03d}",
            date_of_birth=f"{rng.randint(1970, 2008)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
            nationality="Nederland" if not foreign else rng.choice(NATIONALITIES),
            languages=application.interpreter_language or "Nederlands",
            v_number=f"{rng.randint(10**9, 10**10 - 1)}" if foreign else "",
        )
        self.parties(application, received)
        return application

    def parties(self, application: Application, received: dt.datetime) -> None:
        rng = self.rng
        minor = application.age_status in MINOR_STATUSES
        add = {"application": application, "added_by": self.manager, "added_at": received}
        if minor:
            Representative.objects.create(
                kind=RepresentativeKind.GUARDIAN, name="Voogd Fictief", organisation="Nidos", **add
            )
        if application.applicant_kind == ApplicantKind.LAWYER or rng.random() < 0.5:
            Representative.objects.create(
                kind=RepresentativeKind.LAWYER,
                name="Mr. Advocaat Fictief",
                organisation="Advocatenkantoor Voorbeeld",
                **add,
            )
        if application.interpreter_language:
            Representative.objects.create(
                kind=RepresentativeKind.INTERPRETER,
                name="Tolk Fictief",
                organisation="Tolkenbureau Voorbeeld",
                language=application.interpreter_language,
                **add,
            )
        giver = (
            ConsentGiver.LEGAL_REPRESENTATIVE
            if application.needs_legal_representative_consent()
            else ConsentGiver.PERSON
        )
        purposes = [ConsentPurpose.ASSESSMENT]
        purposes += [
            p
            for p, share in (
                (ConsentPurpose.THIRD_PARTIES, 0.8),
                (ConsentPurpose.MEDICAL, 0.4),
                (ConsentPurpose.REFERRER_OUTCOME, 0.5),
            )
            if rng.random() < share
        ]
        if application.covered_by_b83() and rng.random() < 0.75:
            purposes += [ConsentPurpose.IND_STATUS, ConsentPurpose.IND_OPINION]
            if rng.random() < 0.7:
                purposes.append(ConsentPurpose.IND_IDENTIFIERS)
        day = timezone.localdate(received)
        Consent.objects.bulk_create(
            Consent(
                application=application,
                purpose=purpose,
                given_by=giver,
                given_on=day,
                document_reference="Toestemmingsformulier in het dossier",
                authorisation_on=day if purpose == ConsentPurpose.MEDICAL else None,
                recorded_by=self.manager,
                recorded_at=received,
            )
            for purpose in purposes
        )
        if (
            application.referrer_kind in (ReferrerKind.POLICE, ReferrerKind.KMAR)
            and application.covered_by_b83()
        ):
            start = day - dt.timedelta(days=rng.randint(0, 10))
            ReflectionPeriod.objects.create(
                application=application,
                granted_by="kmar" if application.referrer_kind == ReferrerKind.KMAR else "police",
                granting_unit="Demo-eenheid",
                starts_on=start,
                ends_on=deadlines.reflection_period_end(start, dublin=application.dublin),
                recorded_by=application.created_by,
                recorded_at=received,
            )
        if application.age_status == AgeStatus.DISPUTED and rng.random() < 0.5:
            AgeDetermination.objects.create(
                application=application,
                previous_status=AgeStatus.ADULT,
                new_status=AgeStatus.DISPUTED,
                basis="Synthetisch: leeftijd betwist, leeftijdsonderzoek aangevraagd.",
                recorded_by=self.manager,
                recorded_at=received,
            )

    # --- the case ----------------------------------------------------------------------------------

    def committee(self, case: Case, when: dt.datetime, members: list[User], **extra: Any) -> Committee:
        committee = Committee.objects.create(case=case, formed_at=when, formed_by=self.manager, **extra)
        for position, (assessor, discipline) in enumerate(zip(members, DISCIPLINES, strict=False)):
            CommitteeMember.objects.create(
                committee=committee,
                assessor=assessor,
                discipline=discipline,
                role=SeatRole.CHAIR if position == 0 else SeatRole.MEMBER,
            )
        return committee

    def save(
        self, case: Case, state: str, due: dt.datetime | None = None, closed: dt.datetime | None = None
    ) -> None:
        case.state = state
        case.due_at = (
            due
            if due is not None
            else (
                case.opinion_due
                if state not in (CaseState.CONCLUDED, CaseState.WITHDRAWN, CaseState.REASSESSMENT)
                else None
            )
        )
        case.closed_at = closed
        case.save()

    def views(self, case: Case, committee: Committee, when: dt.datetime, outcome: str) -> None:
        rng = self.rng
        fitting = [
            i
            for i in self.indicators
            if i.applies_to(case.application.exploitation_types, minor=case.application.is_minor())
        ]
        for member in committee.members.all():
            view = (
                outcome
                if rng.random() < 0.8
                else rng.choice(["plausible", "not_plausible", "more_information"])
            )
            assessment = Assessment.objects.create(
                member=member,
                checklist_version=case.checklist_version,
                view=view,
                reasoning="Synthetische eigen beoordeling voor de demo.",
                recorded_at=when - dt.timedelta(hours=rng.randint(2, 30)),
            )
            IndicatorAnswer.objects.bulk_create(
                IndicatorAnswer(
                    assessment=assessment, indicator=i, observed=rng.choice(["yes", "no", "unknown"])
                )
                for i in rng.sample(fitting, min(5, len(fitting)))
            )

    def opinion(
        self, case: Case, committee: Committee, when: dt.datetime, kind: str, outcome: str, **extra: Any
    ) -> Opinion:
        chair = committee.members.filter(role=SeatRole.CHAIR).first()
        assert chair is not None
        return Opinion.objects.create(
            case=case,
            committee=committee,
            kind=kind,
            outcome=outcome,
            reasons="Synthetische motivering voor de demo.",
            issued_at=when,
            recorded_by=chair.assessor,
            **extra,
        )

    def open_case(self, application: Application, opened: dt.datetime) -> Case:
        assert self.version is not None  # checked by the callers
        return Case.objects.create(
            application=application,
            opened_at=opened,
            opened_by=self.manager,
            checklist_version=self.version,
            opinion_due=_later(opened, settings.IDENTIFICATION_OPINION_WORKING_DAYS),
        )

    def run(self, application: Application) -> None:
        """Take the application through the procedure as far as the demo's "now" allows."""
        rng, now = self.rng, self.now
        opened = application.received_at + dt.timedelta(days=rng.randint(1, 6))
        if opened > now or self.version is None:
            return
        members = rng.sample(self.assessors, 3)
        case = self.open_case(application, opened)
        committee = self.committee(case, opened, members)
        outcome = self.assess(case, committee, opened)
        if outcome == Outcome.NOT_PLAUSIBLE and rng.random() < 0.35:
            self.reassess(case, committee, members)

    def assessor_case(self, application: Application, assessor: User, opened: dt.datetime) -> None:
        """A case the demo assessor chairs, heard ten days after it opened and in deliberation since: its
        opinion falls due when `opened` says (see `seed_identification`). Draws nothing from the rng."""
        assert self.version is not None  # checked by the caller
        case = self.open_case(application, opened)
        others = [a for a in self.assessors if a != assessor][:2]
        committee = self.committee(case, opened, [assessor, *others])
        held = opened + dt.timedelta(days=10)
        Hearing.objects.create(
            case=case,
            committee=committee,
            planned_for=held,
            place="Kantoor van de commissie, Utrecht",
            interpreter=application.representatives.filter(kind=RepresentativeKind.INTERPRETER).first(),
            lawyer_invited=application.representatives.filter(kind=RepresentativeKind.LAWYER).exists(),
            guardian_invited=application.is_minor(),
            planned_by=self.manager,
            planned_at=opened + dt.timedelta(days=1),
            held_at=held,
            person_appeared=True,
            minutes="Synthetisch verslag van de hoorzitting.",
            minutes_by=self.manager,
        )
        self.save(case, CaseState.DELIBERATION)

    def assess(self, case: Case, committee: Committee, start: dt.datetime) -> str | None:
        rng, now = self.rng, self.now
        moment = start + dt.timedelta(days=rng.randint(5, 15))
        if rng.random() < 0.1:
            committee.hearing_waived_at = moment
            committee.hearing_waived_note = "Synthetisch: betrokkene ziet af van horen."
            committee.save()
        else:
            interpreter = case.application.representatives.filter(kind=RepresentativeKind.INTERPRETER).first()
            hearing = Hearing.objects.create(
                case=case,
                committee=committee,
                planned_for=moment,
                place="Kantoor van de commissie, Utrecht" if rng.random() < 0.7 else "Per video",
                interpreter=interpreter,
                lawyer_invited=case.application.representatives.filter(
                    kind=RepresentativeKind.LAWYER
                ).exists(),
                guardian_invited=case.application.is_minor(),
                planned_by=self.manager,
                planned_at=start + dt.timedelta(days=1),
            )
            if moment > now:
                self.save(case, CaseState.HEARING_PLANNED)
                return None
            hearing.held_at = moment
            hearing.person_appeared = rng.random() < 0.9
            hearing.minutes = "Synthetisch verslag van de hoorzitting."
            hearing.minutes_by = self.manager
            hearing.save()
        if rng.random() < 0.25:
            asked = moment + dt.timedelta(days=rng.randint(1, 5))
            adjournment = Adjournment.objects.create(
                case=case,
                source=rng.choice(["person", "third_party"]),
                information_requested="Synthetisch: nadere informatie gevraagd.",
                requested_at=asked,
                requested_by=self.manager,
                due=_later(asked, settings.IDENTIFICATION_INFORMATION_WORKING_DAYS),
            )
            received = asked + dt.timedelta(days=rng.randint(5, 25))
            if asked > now:
                self.save(case, CaseState.DELIBERATION)
                return None
            if received > now:
                self.save(case, CaseState.ADJOURNED, due=adjournment.due)
                return None
            adjournment.received_at = received
            adjournment.received_note = "Synthetisch: informatie ontvangen."
            adjournment.received_by = self.manager
            adjournment.save()
            case.opinion_due = deadlines.extend_for_pause(case.opinion_due, asked, received)  # type: ignore[arg-type]
            moment = received
        decided = moment + dt.timedelta(days=rng.randint(3, 20))
        if decided > now:
            self.save(case, CaseState.DELIBERATION)
            return None
        positive = rng.random() < 0.7
        self.views(case, committee, decided, "plausible" if positive else "not_plausible")
        draft = None
        if not positive:
            draft = self.opinion(
                case,
                committee,
                decided,
                OpinionKind.DRAFT,
                Outcome.NOT_PLAUSIBLE,
                response_due=_later(decided, settings.IDENTIFICATION_RESPONSE_WORKING_DAYS),
            )
            answered = decided + dt.timedelta(days=rng.randint(3, 12))
            if answered > now:
                self.save(case, CaseState.DRAFT_NEGATIVE, due=draft.response_due)
                return None
            if rng.random() < 0.6:
                draft.response = "Synthetische zienswijze van betrokkene."
                draft.response_by = rng.choice([Submitter.PERSON, Submitter.LAWYER])
                draft.response_received_at = answered
                draft.save()
                positive = rng.random() < 0.3
            decided = answered + dt.timedelta(days=rng.randint(1, 5))
            if decided > now:
                self.save(case, CaseState.DRAFT_NEGATIVE, due=draft.response_due)
                return None
        outcome = Outcome.PLAUSIBLE if positive else Outcome.NOT_PLAUSIBLE
        final = self.opinion(case, committee, decided, OpinionKind.FINAL, outcome, draft=draft)
        if committee.reassessment_id:
            Reassessment.objects.filter(pk=committee.reassessment_id).update(new_opinion=final)
        if rng.random() < 0.8:
            final.handed_over_at = decided + dt.timedelta(days=rng.randint(1, 4))
            final.handed_over_by = self.manager
            final.save()
        self.save(case, CaseState.CONCLUDED, closed=decided)
        application = case.application
        if (
            application.covered_by_b83()
            and application.consents.filter(purpose=ConsentPurpose.IND_OPINION).exists()
        ):
            IndTransmission.objects.create(
                case=case,
                opinion=final,
                sent_at=decided + dt.timedelta(days=1),
                sent_by=self.manager,
                includes_identifiers=application.consents.filter(
                    purpose=ConsentPurpose.IND_IDENTIFIERS
                ).exists(),
            )
        return outcome

    def reassess(self, case: Case, committee: Committee, earlier: list[User]) -> None:
        rng, now = self.rng, self.now
        final = case.opinions.filter(kind=OpinionKind.FINAL).order_by("-pk").first()
        if final is None:
            return
        requested = final.issued_at + dt.timedelta(days=rng.randint(10, 40))
        if requested > now:
            return
        request = Reassessment.objects.create(
            case=case,
            opinion=final,
            requested_by_kind=rng.choice([Submitter.PERSON, Submitter.LAWYER]),
            recorded_by=self.manager,
            requested_at=requested,
            grounds="Synthetisch verzoek om herbeoordeling met nieuwe feiten.",
        )
        others = [a for a in self.assessors if a not in earlier]
        formed = requested + dt.timedelta(days=rng.randint(2, 8))
        if len(others) < 3 or formed > now:
            self.save(case, CaseState.REASSESSMENT)
            return
        new = self.committee(case, formed, rng.sample(others, 3), reassessment=request)
        case.opinion_due = _later(formed, settings.IDENTIFICATION_OPINION_WORKING_DAYS)
        self.assess(case, new, formed)


def seed_identification(rng: random.Random, now: dt.datetime | None = None) -> int:
    """Two years of applications (about 85 % reach a committee) and some anonymous consultations.

    Returns the number of applications."""
    now = now or timezone.now()
    builder = _Builder(rng, now)
    if len(builder.assessors) < 6 or not builder.coordinators or not builder.providers:
        return 0
    start = now - dt.timedelta(days=730)
    # The demo assessor chairs two cases whose opinion is due: one a few days overdue, one due within the
    # warning time (today or the next working day), so the work list shows both kinds (issue 16).
    assessor = User.objects.filter(username=DEMO_ASSESSOR, role=Role.ASSESSOR).first()
    stories: dict[dt.datetime, dt.datetime] = {}  # received -> opened
    if assessor is not None and builder.version is not None:
        for due in (now - dt.timedelta(days=5), now + dt.timedelta(hours=1)):
            opened = _opened_for(due)
            stories[opened - dt.timedelta(days=2)] = opened
    moments = sorted(
        [
            *(
                start + dt.timedelta(minutes=rng.randint(0, 730 * 24 * 60))
                for _ in range(2 * APPLICATIONS_PER_YEAR - len(stories))
            ),
            *stories,
        ]
    )
    for moment in moments:
        application = builder.application(moment)
        if moment in stories and assessor is not None:
            builder.assessor_case(application, assessor, stories[moment])
        elif rng.random() < 0.85:
            builder.run(application)
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
