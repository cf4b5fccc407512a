"""What leaves the committee: transmissions to the IND (only with the person's consent) and anonymous
consultations (no personal data at all)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opvangnet.accounts import scoping
from opvangnet.identification.fields import EncryptedQuerySet, EncryptedTextField
from opvangnet.identification.models.cases import Case, Opinion

if TYPE_CHECKING:
    from opvangnet.accounts.scoping import Viewer


class IndTransmissionQuerySet(EncryptedQuerySet["IndTransmission"]):
    def visible_to(self, user: Viewer) -> IndTransmissionQuerySet:
        """Transmissions the IND may open; joins case, application and opinion; loads no encrypted column
        (one query)."""
        return (
            scoping.ind_transmissions_for(user, self)
            .select_related("case__application", "opinion")
            .without_encrypted()
            .defer("case__application__summary", "opinion__reasons", "opinion__response")
        )


class IndTransmission(models.Model):
    """One logged sending of an opinion to the IND: a structured record (encrypted, as sent) and its
    SHA-256; the PDF report is rendered from that record. Made only with the person's consent."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="ind_transmissions")
    opinion = models.ForeignKey(Opinion, on_delete=models.PROTECT, related_name="ind_transmissions")
    sent_at = models.DateTimeField(_("sent to the IND at"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    includes_reasons = models.BooleanField(_("with the reasons"), default=True)
    includes_identifiers = models.BooleanField(_("with identifying data"), default=False)
    record = EncryptedTextField(_("structured record"), blank=True)
    record_sha256 = models.CharField(_("SHA-256 of the record"), max_length=64, blank=True)

    objects = IndTransmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("transmission to the IND")
        verbose_name_plural = _("transmissions to the IND")

    def __str__(self) -> str:
        return f"IND {self.case}"


class ConsultationQuerySet(models.QuerySet["Consultation"]):
    def visible_to(self, user: Viewer) -> ConsultationQuerySet:
        """Advice requests: the asker's own, or all for those who answer them. One query."""
        return scoping.consultations_for(user, self).select_related("asked_by")


class Consultation(models.Model):
    """An anonymous request for advice about a situation: no personal data at all."""

    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now)
    exploitation_types = models.JSONField(_("suspected exploitation"), default=list)
    question = models.TextField(_("situation and question"))
    answer = models.TextField(_("advice"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-asked_at"]
        verbose_name = _("anonymous consultation")
        verbose_name_plural = _("anonymous consultations")

    def __str__(self) -> str:
        return f"consultation {self.pk}"
