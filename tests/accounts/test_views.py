import pytest
from django.test import Client
from django.urls import reverse

from opvangnet.accounts.models import ApiToken
from opvangnet.audit.models import AuditEntry
from tests.builders import PASSWORD, totp_code
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def test_anonymous_home_invites_to_log_in(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert reverse("accounts:login") in response.content.decode()


def test_each_role_logs_in_with_two_factors_and_gets_its_own_home_page(cast: Cast, client: Client) -> None:
    seen_introductions = set()
    for user in cast.everyone():
        response = client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
        assert response.status_code == 302, user.username
        second_factor = client.get(response["Location"])
        assert second_factor.status_code == 302
        assert second_factor["Location"].startswith(reverse("accounts:second_factor"))
        verified = client.post(reverse("accounts:second_factor"), {"code": totp_code(user), "next": "/"})
        assert verified.status_code == 302, user.username
        home = client.get(verified["Location"])
        assert home.status_code == 200
        assert home.context["user"] == user
        seen_introductions.add(str(home.context["introduction"]))
        client.post(reverse("accounts:logout"))
    # Two coordinators share a role; every other role has its own introduction.
    assert len(seen_introductions) == 9


def test_a_wrong_password_is_refused_with_a_message(cast: Cast, client: Client) -> None:
    response = client.post(reverse("accounts:login"), {"username": "alice", "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_the_password_change_needs_login_and_changes_the_password(cast: Cast, client: Client) -> None:
    url = reverse("accounts:password_change")
    assert client.get(url).status_code == 302
    client.force_login(cast.alice)
    new = "a much longer passphrase 42"
    response = client.post(url, {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert response.status_code == 302
    cast.alice.refresh_from_db()
    assert cast.alice.check_password(new)


def test_logout_needs_a_post(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session


def test_the_administrator_reaches_the_admin_and_others_do_not(cast: Cast, client: Client) -> None:
    client.force_login(cast.bea)
    assert client.get(reverse("admin:regions_location_changelist")).status_code == 200
    client.force_login(cast.alice)
    assert client.get(reverse("admin:index")).status_code == 302


def test_the_administrator_does_not_see_a_secret_address_in_the_admin(cast: Cast, client: Client) -> None:
    client.force_login(cast.bea)
    page = client.get(reverse("admin:regions_location_change", args=[cast.secret_a.pk])).content.decode()
    assert "Geheimstraat" not in page
    public = client.get(reverse("admin:regions_location_change", args=[cast.public_a.pk])).content.decode()
    assert "Openbaarplein" in public


def test_the_administrator_cannot_change_role_scope_or_privileges_in_the_admin(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.bea)
    page = client.get(reverse("admin:accounts_user_change", args=[cast.alice.pk])).content.decode()
    for field in ("is_superuser", "is_staff", "role", "region", "organisation", "groups", "user_permissions"):
        assert f'name="{field}"' not in page
    assert reverse("accounts:user_detail", args=[cast.alice.pk]) in page
    own = client.post(
        reverse("admin:accounts_user_change", args=[cast.bea.pk]),
        {"username": "bea", "role": "national_coordinator", "is_active": "on"},
    )
    assert own.status_code == 403
    cast.bea.refresh_from_db()
    assert cast.bea.role == "administrator"


def test_pages_are_dutch_whatever_the_browser_asks_until_english_is_chosen(client: Client) -> None:
    dutch = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="nl"' in dutch.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get(reverse("accounts:login"))
    assert '<html lang="en"' in english.content.decode()
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert '<html lang="en"' in client.get(reverse("accounts:login")).content.decode()


def test_a_provider_makes_api_tokens_shown_once_and_revokes_one(cast: Cast, client: Client) -> None:
    url = reverse("accounts:api_tokens")
    assert client.get(url).status_code == 302
    client.force_login(cast.paul)
    assert client.get(url).status_code == 403
    client.force_login(cast.carol)
    first = client.post(url, {"name": "bedden"}).context["new_key"]
    second = client.post(url, {"name": "tweede"}).context["new_key"]
    assert first.startswith("opv_")
    assert second != first
    assert client.get(url).context["new_key"] is None  # shown once only
    api = Client()
    assert api.get("/api/v1/placement-requests/", HTTP_AUTHORIZATION=f"Token {first}").status_code == 200
    token = ApiToken.objects.get(name="bedden")
    assert token.last_used_at is not None
    client.post(reverse("accounts:revoke_api_token", args=[token.digest]))
    assert api.get("/api/v1/placement-requests/", HTTP_AUTHORIZATION=f"Token {first}").status_code == 401
    assert api.get("/api/v1/placement-requests/", HTTP_AUTHORIZATION=f"Token {second}").status_code == 200
    actions = set(AuditEntry.objects.filter(actor=cast.carol).values_list("action", flat=True))
    assert {"accounts.api_token_created", "accounts.api_token_revoked"} <= actions


def test_an_admin_save_reaches_the_audit_log_with_field_names_only(cast: Cast, client: Client) -> None:
    client.force_login(cast.bea)
    url = reverse("admin:regions_organisation_change", args=[cast.shelter_a.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update({"name": "Shelter A (nieuw)", "active": "on"})
    assert client.post(url, data).status_code == 302
    entry = AuditEntry.objects.get(action="admin.changed")
    assert entry.actor == cast.bea
    assert entry.details["model"] == "organisation"
    assert entry.details["object_id"] == str(cast.shelter_a.pk)
    assert "Shelter A (nieuw)" not in str(entry.details)
