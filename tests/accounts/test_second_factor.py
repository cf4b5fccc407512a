"""Every login needs a second factor; with a password alone only the second-factor pages open."""

import base64
import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from opvangnet.accounts import services
from opvangnet.audit.models import AuditEntry
from tests.builders import PASSWORD, make_user, totp_code
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def password_only(client: Client, username: str) -> None:
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/capacity/",
        "/placement/",
        "/placement/inbox/",
        "/admin/",
        "/audit/",
        "/users/",
        "/identification/referrals/",
    ],
)
def test_with_a_password_alone_every_page_leads_to_the_second_factor(
    cast: Cast, client: Client, url: str
) -> None:
    password_only(client, "bea")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:second_factor"))


def test_with_a_password_alone_the_api_does_not_accept_the_session(cast: Cast, client: Client) -> None:
    password_only(client, "alice")
    assert client.get("/api/v1/placement-requests/").status_code == 401
    assert client.get(reverse("accounts:second_factor")).status_code == 200


def test_a_wrong_code_is_refused_and_recorded(cast: Cast, client: Client) -> None:
    password_only(client, "alice")
    response = client.post(reverse("accounts:second_factor"), {"code": "000000"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert client.get("/capacity/").status_code == 302
    assert AuditEntry.objects.filter(action="accounts.second_factor_failed", actor=cast.alice).exists()


def test_a_new_user_links_an_app_confirms_a_code_and_gets_backup_codes_that_work_once(
    cast: Cast, client: Client
) -> None:
    make_user("newbie", second_factor=False)
    password_only(client, "newbie")
    assert client.get(reverse("accounts:second_factor"))["Location"].startswith(
        reverse("accounts:second_factor_setup")
    )
    setup = client.get(reverse("accounts:second_factor_setup"))
    key = base64.b32decode(setup.context["key"].replace(" ", ""))
    assert setup.context["qr_code"].startswith("data:image/svg+xml")
    code = TOTP(key).token()
    done = client.post(reverse("accounts:second_factor_setup"), {"code": f"{code:06d}"})
    codes = done.context["codes"]
    assert len(codes) == services.BACKUP_CODE_COUNT
    assert client.get("/capacity/").status_code == 200
    client.post(reverse("accounts:logout"))

    password_only(client, "newbie")
    assert client.post(reverse("accounts:second_factor"), {"code": codes[0]}).status_code == 302
    assert client.get("/capacity/").status_code == 200
    client.post(reverse("accounts:logout"))
    password_only(client, "newbie")
    assert client.post(reverse("accounts:second_factor"), {"code": codes[0]}).status_code == 200  # used up


def test_the_administrator_resets_a_lost_second_factor_audited_and_the_person_is_told(
    cast: Cast, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    cast.alice.email = "alice@example.org"
    cast.alice.save()
    client.force_login(cast.bea)
    url = reverse("accounts:reset_second_factor", args=[cast.alice.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "telefoon kwijt"})
    assert not TOTPDevice.objects.filter(user=cast.alice).exists()
    entry = AuditEntry.objects.get(action="accounts.second_factor_reset")
    assert (entry.actor, entry.reason, entry.target_id) == (cast.bea, "telefoon kwijt", str(cast.alice.pk))
    assert [message.to for message in mail.outbox] == [["alice@example.org"]]
    client.force_login(cast.carol)
    assert (
        client.post(reverse("accounts:reset_second_factor", args=[cast.dave.pk]), {"reason": "x"}).status_code
        == 403
    )
    assert TOTPDevice.objects.filter(user=cast.dave).exists()


def test_a_verified_login_records_both_steps(cast: Cast, client: Client) -> None:
    password_only(client, "nina")
    client.post(reverse("accounts:second_factor"), {"code": totp_code(cast.nina)})
    actions = list(AuditEntry.objects.filter(actor=cast.nina).values_list("action", flat=True))
    assert actions == ["accounts.login", "accounts.second_factor_verified"]


def test_the_second_factor_page_does_not_redirect_elsewhere(cast: Cast, client: Client) -> None:
    password_only(client, "alice")
    response = client.post(
        reverse("accounts:second_factor"), {"code": totp_code(cast.alice), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
    assert not re.search(r"evil", response["Location"])
