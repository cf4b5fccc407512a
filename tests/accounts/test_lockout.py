"""After repeated failed logins the right password is refused, until an administrator lifts the block."""

import pytest
from django.conf import LazySettings
from django.test import Client
from django.urls import reverse

from opvangnet.audit.models import AuditEntry
from tests.builders import PASSWORD
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def attempt(client: Client, username: str, password: str, address: str = "198.51.100.7") -> int:
    response = client.post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )
    return response.status_code


def test_after_the_limit_the_right_password_is_refused_until_unlocked(
    cast: Cast, client: Client, settings: LazySettings
) -> None:
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "alice", "wrong")
    assert attempt(client, "alice", PASSWORD) == 429
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="accounts.login_failed").count() >= settings.AXES_FAILURE_LIMIT
    assert AuditEntry.objects.filter(action="accounts.locked_out").exists()

    admin = Client()
    admin.force_login(cast.bea)
    admin.post(reverse("accounts:unlock_login", args=[cast.alice.pk]), {"reason": "belde zelf"})
    assert AuditEntry.objects.filter(action="accounts.login_unlocked", reason="belde zelf").exists()
    assert attempt(client, "alice", PASSWORD) == 302


def test_one_address_trying_many_accounts_is_blocked_too(
    cast: Cast, client: Client, settings: LazySettings
) -> None:
    for number in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, f"guess{number}", "wrong", address="203.0.113.9")
    assert attempt(client, "bob", PASSWORD, address="203.0.113.9") == 429
    assert attempt(client, "bob", PASSWORD, address="198.51.100.20") == 302
