"""Reminding organisations of offers whose availability is no longer current."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import translation
from django.utils.translation import gettext as _

from opvangnet.accounts.models import User
from opvangnet.accounts.roles import roles_with_permission
from opvangnet.capacity.models import Offer
from opvangnet.core.dutch import format_moment
from opvangnet.regions.models import Organisation


def stale_reminders(now: datetime | None = None) -> list[EmailMessage]:
    """One mail per organisation listing its active stale offers, to the organisation and its provider staff.

    Organisations without any e-mail address are skipped. Three queries whatever the number of offers.
    """
    offers = Offer.objects.active().stale(now).select_related("location__organisation").order_by("name")
    by_organisation: dict[int, list[Offer]] = defaultdict(list)
    for offer in offers:
        by_organisation[offer.location.organisation_id].append(offer)
    staff: dict[int, list[str]] = defaultdict(list)
    for organisation_id, email in (
        User.objects.filter(
            role__in=roles_with_permission("capacity.manage_own_offers"),
            is_active=True,
            organisation_id__in=by_organisation,
        )
        .exclude(email="")
        .values_list("organisation_id", "email")
    ):
        staff[organisation_id].append(email)
    mails = []
    with translation.override(settings.LANGUAGE_CODE):
        for organisation in Organisation.objects.filter(pk__in=by_organisation).order_by("name"):
            recipients = sorted(
                {*([organisation.email] if organisation.email else []), *staff[organisation.pk]}
            )
            if not recipients:
                continue
            lines = [
                _("Dear colleagues of %(organisation)s,") % {"organisation": organisation.name},
                "",
                _(
                    "The availability of these offers has not been updated for more than 24 hours, so "
                    "coordinators see it as not current:"
                ),
                "",
            ]
            for offer in by_organisation[organisation.pk]:
                when = (
                    format_moment(offer.availability_updated_at)
                    if offer.availability_updated_at
                    else _("never")
                )
                lines.append(f"- {offer.name} ({offer.location.name}): {_('last updated')} {when}")
            lines += ["", _("Please update them in Opvangnet under 'My offers'."), "", "Opvangnet"]
            subject = _("Opvangnet: %(count)s offers are not current") % {
                "count": len(by_organisation[organisation.pk])
            }
            mails.append(EmailMessage(subject, "\n".join(lines), to=recipients))
    return mails


def send_stale_reminders(now: datetime | None = None) -> int:
    mails = stale_reminders(now)
    if mails:
        get_connection().send_messages(mails)
    return len(mails)
