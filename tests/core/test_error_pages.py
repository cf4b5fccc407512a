"""Error pages are Dutch, in the site's layout, and never a bare English default."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import Cast

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_a_dutch_404(client: Client) -> None:
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_a_forbidden_page_is_a_dutch_403(cast: Cast, client: Client) -> None:
    client.force_login(cast.paul)
    response = client.get(reverse("placement:intake"))
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()


def test_the_admin_is_branded(cast: Cast, client: Client) -> None:
    client.force_login(cast.bea)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Opvangnet-beheer" in page
    assert "Django" not in page


def test_the_favicon_is_served_by_the_app(client: Client) -> None:
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert b"<svg" in b"".join(response.streaming_content)  # type: ignore[attr-defined]
