from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.builders import make_offer
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def test_each_organisation_gets_one_mail_listing_its_stale_offers(cast: Cast) -> None:
    cast.carol.email = "carol@example.org"
    cast.carol.save()
    old = timezone.now() - timedelta(days=2)
    make_offer(cast.secret_a, name="Oud A", availability_updated_at=old)
    make_offer(cast.public_a, name="Nooit A", availability_updated_at=None)
    make_offer(cast.secret_a, name="Vers A")
    make_offer(cast.secret_b, name="Oud B", availability_updated_at=old)
    make_offer(cast.secret_b, name="Gesloten B", availability_updated_at=old, active=False)
    call_command("remind-stale")
    assert len(mail.outbox) == 2
    by_recipients = {tuple(message.to): message for message in mail.outbox}
    a = by_recipients[("carol@example.org", "info@example.org")]
    assert "Oud A" in a.body
    assert "Nooit A" in a.body
    assert "Vers A" not in a.body
    assert "Oud B" not in a.body
    assert "Gesloten B" not in by_recipients[("info@example.org",)].body


def test_no_stale_offers_means_no_mail(cast: Cast) -> None:
    make_offer(cast.secret_a)
    call_command("remind-stale")
    assert mail.outbox == []
