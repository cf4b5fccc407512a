"""Anonymous advice: a question about a situation without any personal data, answered by the case manager or
an assessor."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opvangnet.accounts.models import User
from opvangnet.accounts.scoping import require
from opvangnet.audit.services import record
from opvangnet.identification.models import Consultation


@transaction.atomic
def ask_consultation(actor: User, *, exploitation_types: list[str], question: str) -> Consultation:
    require(actor, "identification.ask_consultation")
    if not question.strip():
        raise ValidationError({"question": _("Describe the situation and your question.")})
    consultation = Consultation.objects.create(
        asked_by=actor, exploitation_types=sorted(set(exploitation_types)), question=question
    )
    record(actor, "identification.ask_consultation", consultation)
    return consultation


@transaction.atomic
def answer_consultation(actor: User, consultation: Consultation, *, answer: str) -> Consultation:
    require(actor, "identification.answer_consultation")
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.answered_at is not None:
        raise ValidationError(_("This request has already been answered."))
    if not answer.strip():
        raise ValidationError({"answer": _("Write your advice.")})
    consultation.answer = answer
    consultation.answered_by = actor
    consultation.answered_at = timezone.now()
    consultation.save(update_fields=["answer", "answered_by", "answered_at"])
    transaction.on_commit(
        lambda: (
            send_mail(
                _("Your advice request has been answered"),
                _("Your anonymous advice request in Opvangnet has been answered. Log in to read the advice."),
                settings.DEFAULT_FROM_EMAIL,
                [consultation.asked_by.email],
            )
            if consultation.asked_by.email
            else None
        )
    )
    record(actor, "identification.answer_consultation", consultation)
    return consultation
