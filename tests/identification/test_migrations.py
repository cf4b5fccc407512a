"""The data migration carries records of the earlier two-stage procedure over to the Dutch procedure."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from opvangnet.identification.models import (
    Adjournment,
    Application,
    AttachmentContent,
    Case,
    CommitteeMember,
    Consent,
    IndTransmission,
    Opinion,
    ReflectionPeriod,
)
from tests.personas import Cast

BEFORE = [("identification", "0002_load_initial_checklist")]


def at(days_ago: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days_ago)


def old_records(apps, cast: Cast) -> dict[str, int]:
    """Three referrals as the earlier procedure kept them."""
    User = apps.get_model("accounts", "User")
    rick, nina = User.objects.get(pk=cast.rick.pk), User.objects.get(pk=cast.nina.pk)
    ada, olga = User.objects.get(pk=cast.ada.pk), User.objects.get(pk=cast.bea.pk)
    Referral = apps.get_model("identification", "Referral")
    Case_ = apps.get_model("identification", "Case")
    Panel = apps.get_model("identification", "Panel")
    PanelMember = apps.get_model("identification", "PanelMember")
    Assessment = apps.get_model("identification", "Assessment")
    Decision = apps.get_model("identification", "Decision")
    IndNotification = apps.get_model("identification", "IndNotification")
    ChecklistVersion = apps.get_model("identification", "ChecklistVersion")
    version = ChecklistVersion.objects.first() or ChecklistVersion.objects.create(
        number=1, title="v1", published_at=at(400)
    )

    def referral(ref: str, **fields: object):
        base = {
            "created_by": rick,
            "referrer_kind": "police",
            "referred_at": at(60),
            "exploitation_types": ["labour"],
            "consent_basis": "legal_basis",
            "summary": "Oud relaas",
        }
        base.update(fields)
        return Referral.objects.create(reference=ref, **base)

    def case_with_panel(r, state: str):
        case = Case_.objects.create(
            referral=r,
            state=state,
            opened_by=nina,
            checklist_version=version,
            first_decision_due=at(50),
            opened_at=at(59),
        )
        panel = Panel.objects.create(case=case, stage="first")
        first = PanelMember.objects.create(panel=panel, assessor=ada, discipline="legal")
        second = PanelMember.objects.create(panel=panel, assessor=olga, discipline="care")
        return case, panel, first, second

    r1 = referral("SG-1", b83_applicable=True, reflection_started_on=dt.date(2025, 1, 10))
    c1, p1, m1, _ = case_with_panel(r1, "reflection")
    Assessment.objects.create(member=m1, checklist_version=version, view="plausible", opinion="Eigen oordeel")
    d1 = Decision.objects.create(
        case=c1,
        panel=p1,
        stage="first",
        outcome="plausible",
        reasons="Redenen 1",
        decided_at=at(55),
        recorded_by=ada,
    )
    IndNotification.objects.create(case=c1, decision=d1, sent_at=at(55))
    apps.get_model("identification", "Attachment").objects.create(
        referral=r1,
        filename="verklaring.txt",
        content=base64.b64encode(b"twaalf bytes").decode(),
        uploaded_by=nina,
    )
    r2 = referral(
        "SG-2",
        referrer_kind="care_coordinator",
        consent_basis="written_consent",
        minor=True,
        consent_purpose="Vaststelling",
        consent_recipients="Team",
        consent_given_on=dt.date(2025, 2, 1),
    )
    c2, p2, m2, _ = case_with_panel(r2, "closed")
    Assessment.objects.create(member=m2, checklist_version=version, view="insufficient", opinion="Te weinig")
    Decision.objects.create(
        case=c2,
        panel=p2,
        stage="first",
        outcome="insufficient",
        reasons="Onvoldoende info",
        decided_at=at(40),
        recorded_by=ada,
    )
    r3 = referral(
        "SG-3",
        referrer_kind="self",
        consent_basis="written_consent",
        consent_purpose="x",
        consent_recipients="y",
        consent_given_on=dt.date(2025, 3, 1),
    )
    c3, p3, _, _ = case_with_panel(r3, "closed")
    Decision.objects.create(
        case=c3,
        panel=p3,
        stage="first",
        outcome="plausible",
        reasons="Eerst",
        decided_at=at(30),
        recorded_by=ada,
    )
    p3b = Panel.objects.create(case=c3, stage="final")
    PanelMember.objects.create(panel=p3b, assessor=ada, discipline="legal")
    Decision.objects.create(
        case=c3,
        panel=p3b,
        stage="final",
        outcome="not_plausible",
        reasons="Eind",
        decided_at=at(10),
        recorded_by=ada,
    )
    return {"r1": r1.pk, "r2": r2.pk, "r3": r3.pk, "c1": c1.pk, "c2": c2.pk, "c3": c3.pk}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_earlier_procedure_is_carried_over_to_the_dutch_procedure(cast: Cast) -> None:
    executor = MigrationExecutor(connection)
    latest = [key for key in executor.loader.graph.leaf_nodes() if key[0] == "identification"]
    executor.migrate(BEFORE)
    ids = old_records(executor.loader.project_state(BEFORE).apps, cast)
    executor = MigrationExecutor(connection)
    executor.migrate(latest)

    a1, a2, a3 = (Application.objects.get(pk=ids[key]) for key in ("r1", "r2", "r3"))
    assert (a1.applicant_kind, a1.nationality_status, a1.age_status) == ("referrer", "third_country", "adult")
    assert (a2.nationality_status, a2.age_status) == ("unknown", "minor_under_16")
    assert a3.applicant_kind == "person"
    # Consent: only what was recorded in writing; a referral on a legal basis gets none.
    assert not Consent.objects.filter(application=a1).exists()
    assert Consent.objects.get(application=a2).given_on == dt.date(2025, 2, 1)
    # The reflection period the police offered is a recorded fact.
    period = ReflectionPeriod.objects.get(application=a1)
    assert (period.granted_by, period.starts_on, period.ends_on) == (
        "police",
        dt.date(2025, 1, 10),
        dt.date(2025, 4, 10),
    )
    # Attachment bytes moved, without being decrypted on the way.
    content = AttachmentContent.objects.get(attachment__application=a1)
    assert base64.b64decode(content.content) == b"twaalf bytes"
    assert content.attachment.size == 12
    # Decisions became opinions; "insufficient information" became an adjournment that waits.
    c1, c2, c3 = (Case.objects.get(pk=ids[key]) for key in ("c1", "c2", "c3"))
    assert c1.state == "investigation"
    assert list(c1.opinions.values_list("kind", "outcome")) == [("preliminary", "plausible")]
    assert IndTransmission.objects.filter(case=c1, includes_reasons=False).count() == 1
    assert c2.state == "adjourned"
    assert not Opinion.objects.filter(case=c2).exists()
    assert (
        Adjournment.objects.get(case=c2, received_at__isnull=True).information_requested == "Onvoldoende info"
    )
    assert c2.due_at == Adjournment.objects.get(case=c2).due
    assert c3.state == "concluded"
    assert list(c3.opinions.order_by("issued_at").values_list("kind", "outcome")) == [
        ("preliminary", "plausible"),
        ("final", "not_plausible"),
    ]
    assert CommitteeMember.objects.filter(committee__case=c1, role="chair").count() == 1
