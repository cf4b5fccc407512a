"""Telling people about proposals: an in-app notice per user and an e-mail, sent only after the commit.

- A new proposal: every provider user of the offer's organisation gets a notice; its contact persons who
  want mail (`ContactPerson.notify`) get an e-mail. Urgent requests (urgency *today*) say so in the subject.
- Accepted, declined by the provider, hold expired: the request's coordinator gets a notice and an e-mail.

Nothing here holds person data beyond the client code: no age, gender, needs or names. Mail goes out with
`transaction.on_commit`, so a proposal rolled back never sends one. The texts are Dutch (the chain's
language); notices are worded when shown, in the reader's language (`Notice.message`).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opvangnet.accounts.models import User
from opvangnet.accounts.roles import roles_with_permission
from opvangnet.placement.models import Notice, NoticeKind, Proposal, Urgency
from opvangnet.regions.models import ContactPerson

if TYPE_CHECKING:
    from opvangnet.accounts.scoping import Viewer

logger = logging.getLogger(__name__)


def proposal_made(proposal: Proposal) -> None:
    """Notices for the provider's users and mail to its contact persons, after the commit."""
    organisation_id = proposal.offer.location.organisation_id
    urgent = proposal.request.urgency == Urgency.TODAY
    providers = User.objects.filter(
        organisation_id=organisation_id,
        role__in=roles_with_permission("placement.answer_proposals"),
        is_active=True,
    )
    Notice.objects.bulk_create(
        [
            Notice(recipient=user, proposal=proposal, kind=NoticeKind.PROPOSED, urgent=urgent)
            for user in providers
        ]
    )
    addresses = list(
        ContactPerson.objects.filter(organisation_id=organisation_id, notify=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if addresses:
        _mail_after_commit(proposal, NoticeKind.PROPOSED, addresses, urgent)


def proposal_answered(proposal: Proposal, kind: str) -> None:
    """The coordinator hears of an acceptance, a refusal or an expired hold (notice and mail)."""
    coordinator = proposal.request.coordinator
    urgent = proposal.request.urgency == Urgency.TODAY
    Notice.objects.create(recipient=coordinator, proposal=proposal, kind=kind, urgent=urgent)
    if coordinator.email:
        _mail_after_commit(proposal, kind, [coordinator.email], urgent)


SUBJECTS = {
    NoticeKind.PROPOSED: gettext_lazy("New placement proposal %(code)s"),
    NoticeKind.ACCEPTED: gettext_lazy("Proposal %(code)s accepted"),
    NoticeKind.DECLINED: gettext_lazy("Proposal %(code)s declined"),
    NoticeKind.EXPIRED: gettext_lazy("Place for %(code)s no longer held"),
}


def _mail_after_commit(proposal: Proposal, kind: str, addresses: list[str], urgent: bool) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        subject = str(SUBJECTS[NoticeKind(kind)]) % {"code": proposal.request.client_code}
        if urgent:
            subject = _("[URGENT] %(subject)s") % {"subject": subject}
        body = _body(proposal, kind)
    messages = [EmailMessage(subject, body, to=[address]) for address in addresses]

    def send() -> None:
        try:
            get_connection().send_messages(messages)
        except OSError:  # a mail server that is down must not break the placement; the notice is there
            logger.exception("placement mail not sent", extra={"proposal": proposal.pk, "kind": kind})

    transaction.on_commit(send)


def _body(proposal: Proposal, kind: str) -> str:
    """The mail text: client code, offer, what happened and where to act; never more about the person."""
    request = proposal.request
    lines = [Notice(proposal=proposal, kind=kind).message(), ""]
    lines.append(_("Offer: %(offer)s") % {"offer": proposal.offer.name})
    if kind == NoticeKind.PROPOSED:
        lines.append(_("Answer in Opvangnet: %(path)s") % {"path": reverse("placement:inbox")})
        if request.region.coordination_phone:
            lines.append(
                _("Care coordination %(region)s: %(phone)s")
                % {"region": request.region.name, "phone": request.region.coordination_phone}
            )
    else:
        path = reverse("placement:detail", args=[request.pk])
        lines.append(_("See the request in Opvangnet: %(path)s") % {"path": path})
        phone = proposal.offer.location.organisation.phone_24_7
        if phone:
            lines.append(_("Provider, day and night: %(phone)s") % {"phone": phone})
    lines += ["", _("This message holds no personal data; the details are in Opvangnet.")]
    return "\n".join(lines)


def unread_count(user: Viewer) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notice.objects.for_user(user).unread().count()
