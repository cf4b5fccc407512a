"""Files about the person: stored encrypted, their bytes apart from the list, each opened on its own with an
audited reason."""

from __future__ import annotations

import base64

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from opvangnet.accounts.models import User
from opvangnet.accounts.scoping import can_see_person_data
from opvangnet.audit.services import record
from opvangnet.identification.models import Attachment, AttachmentContent, AttachmentKind, Case

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024


def check_attachment_size(size: int) -> None:
    """The one rule on a file's size: not empty, at most 5 MB (forms ask it before reading the upload)."""
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"file": _("A file may be at most 5 MB.")})
    if size == 0:
        raise ValidationError({"file": _("The file is empty.")})


@transaction.atomic
def add_attachment(actor: User, case: Case, *, kind: str, filename: str, content: bytes) -> Attachment:
    """Store a file about the person, encrypted; only the case manager and the committee members may."""
    if not can_see_person_data(actor, case):
        raise PermissionDenied
    if kind not in AttachmentKind.values:
        raise ValidationError({"kind": _("Choose what kind of file this is.")})
    check_attachment_size(len(content))
    attachment = Attachment.objects.create(
        application_id=case.application_id,
        kind=kind,
        filename=filename[:255] or "file",
        size=len(content),
        uploaded_by=actor,
    )
    AttachmentContent.objects.create(attachment=attachment, content=base64.b64encode(content).decode("ascii"))
    record(actor, "identification.add_attachment", case, details={"attachment": attachment.pk, "kind": kind})
    return attachment


@transaction.atomic
def read_attachment(actor: User, case: Case, attachment: Attachment, reason: str) -> tuple[str, bytes]:
    """The name and bytes of one file, after recording who opened it, when and why."""
    if attachment.application_id != case.application_id or not can_see_person_data(actor, case):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you need to see the person data.")})
    stored = AttachmentContent.objects.get(attachment=attachment)
    filename = Attachment.objects.values_list("filename", flat=True).get(pk=attachment.pk)
    record(
        actor, "identification.read_attachment", case, reason=reason.strip(), details={"id": attachment.pk}
    )
    return filename, base64.b64decode(stored.content)
