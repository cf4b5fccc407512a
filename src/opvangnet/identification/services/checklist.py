"""Versions of the indicator checklist, kept by the administrator through the admin. A published version never
changes: running cases keep theirs."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opvangnet.accounts.models import User
from opvangnet.accounts.scoping import require
from opvangnet.audit.services import record
from opvangnet.identification.models import ChecklistVersion, Indicator


@transaction.atomic
def draft_checklist_version(actor: User, source: ChecklistVersion) -> ChecklistVersion:
    """Copy a version into a new, unpublished draft with the next number; published versions never change."""
    require(actor, "identification.add_checklistversion")
    number = (ChecklistVersion.objects.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    draft = ChecklistVersion.objects.create(number=number, title=source.title, notes="")
    Indicator.objects.bulk_create(
        Indicator(
            version=draft,
            code=i.code,
            cluster=i.cluster,
            label_nl=i.label_nl,
            label_en=i.label_en,
            exploitation_type=i.exploitation_type,
            audience=i.audience,
            position=i.position,
        )
        for i in source.indicators.all()
    )
    record(actor, "identification.draft_checklist", draft, details={"from": source.number})
    return draft


@transaction.atomic
def publish_checklist_version(actor: User, version: ChecklistVersion) -> ChecklistVersion:
    """Publish a draft: cases opened from now on use it; running cases keep theirs."""
    require(actor, "identification.change_checklistversion")
    version = ChecklistVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_published():
        raise ValidationError(_("This version is already published."))
    if not version.indicators.exists():
        raise ValidationError(_("A checklist needs at least one indicator."))
    version.published_at = timezone.now()
    version.save(update_fields=["published_at"])
    record(actor, "identification.publish_checklist", version, details={"number": version.number})
    return version
