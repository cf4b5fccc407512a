"""The indicator checklist: versioned, informs the committee members and never computes an opinion."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from opvangnet.identification.models.choices import Audience
from opvangnet.vocabulary import Exploitation

# The clusters of the shipped checklists (data/checklist_v*.json), stored in English as written there; shown
# through these labels so that the page reads in its own language. A cluster added later without a label
# here shows as stored.
CLUSTER_LABELS = {
    "ILO – indicators of forced labour": _("ILO – indicators of forced labour"),
    "NL – criminal exploitation, adult": _("NL – criminal exploitation, adult"),
    "NL – criminal exploitation, minor": _("NL – criminal exploitation, minor"),
    "NL – labour exploitation": _("NL – labour exploitation"),
    "NL – multiple dependency": _("NL – multiple dependency"),
    "NL – severe restriction of basic freedoms": _("NL – severe restriction of basic freedoms"),
    "NL – sexual exploitation, adult": _("NL – sexual exploitation, adult"),
    "NL – sexual exploitation, minor": _("NL – sexual exploitation, minor"),
}


class ChecklistVersion(models.Model):
    """One version of the indicator checklist. A published version never changes; edits make a new one."""

    number = models.PositiveIntegerField(_("version"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    notes = models.TextField(_("what changed"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("checklist version")
        verbose_name_plural = _("checklist versions")

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    def is_published(self) -> bool:
        return self.published_at is not None

    @classmethod
    def current(cls) -> ChecklistVersion | None:
        return cls.objects.filter(published_at__isnull=False).order_by("-number").first()


class Indicator(models.Model):
    """One indicator of a checklist version; it informs a member's view and never computes an opinion."""

    version = models.ForeignKey(ChecklistVersion, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=20)
    cluster = models.CharField(_("cluster"), max_length=120)
    label_nl = models.CharField(_("label (Dutch)"), max_length=300)
    label_en = models.CharField(_("label (English)"), max_length=300)
    exploitation_type = models.CharField(
        _("exploitation type"),
        max_length=10,
        choices=Exploitation.choices,
        blank=True,
        help_text=_("Empty: applies to every type."),
    )
    audience = models.CharField(
        _("applies to"), max_length=10, choices=Audience.choices, default=Audience.ALL
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["version", "position", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="unique_indicator_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.label_en}"

    def cluster_label(self) -> str:
        return str(CLUSTER_LABELS.get(self.cluster, self.cluster))

    def label(self) -> str:
        return self.label_nl if (get_language() or "nl").startswith("nl") else self.label_en

    def applies_to(self, exploitation_types: list[str], *, minor: bool) -> bool:
        type_fits = not self.exploitation_type or self.exploitation_type in exploitation_types
        audience_fits = self.audience == Audience.ALL or self.audience == (
            Audience.MINOR if minor else Audience.ADULT
        )
        return type_fits and audience_fits
