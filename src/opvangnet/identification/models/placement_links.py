"""The link from a victim-status case to the same person's placement request(s).

It lives here, above placement: the placement side learns only that a case is linked and its stage, through
`placement.links` (registered in `IdentificationConfig.ready`), never a name, a reference or a case id.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opvangnet.identification.models.cases import Case
from opvangnet.placement.models import PlacementRequest


class PlacementLink(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="placement_links")
    placement_request = models.OneToOneField(
        PlacementRequest,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("placement request"),
    )
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField(_("linked at"), default=timezone.now)

    class Meta:
        ordering = ["linked_at"]
        verbose_name = _("link to a placement request")
        verbose_name_plural = _("links to placement requests")

    def __str__(self) -> str:
        return f"{self.case_id} ↔ {self.placement_request_id}"
