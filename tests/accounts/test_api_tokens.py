"""API tokens are stored as digests only, expire, and can be revoked."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from opvangnet.accounts.models import ApiToken
from tests.builders import make_api_token
from tests.personas import Cast

pytestmark = pytest.mark.django_db

URL = "/api/v1/placement-requests/"


def test_the_database_holds_no_usable_token(cast: Cast) -> None:
    key = make_api_token(cast.carol)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_apitoken")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert key not in stored
    assert key[:15] in stored  # only the prefix, to find the row


def test_an_expired_token_gets_401(cast: Cast, client: Client) -> None:
    key = make_api_token(cast.carol)
    assert client.get(URL, HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    ApiToken.objects.update(expiry=timezone.now() - timedelta(minutes=1))
    assert client.get(URL, HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


def test_a_revoked_or_wrong_token_gets_401(cast: Cast, client: Client) -> None:
    key = make_api_token(cast.carol)
    assert client.get(URL, HTTP_AUTHORIZATION=f"Token {key[:-1]}x").status_code == 401
    ApiToken.objects.all().delete()
    assert client.get(URL, HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


def test_a_new_token_expires_after_the_configured_time(cast: Cast) -> None:
    make_api_token(cast.carol)
    token = ApiToken.objects.get()
    assert token.expiry is not None
    assert timedelta(days=89) < token.expiry - timezone.now() <= timedelta(days=90)
