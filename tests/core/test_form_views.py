"""A page declared as a FormStep or ButtonStep, through real HTTP: the declaration is the whole view.

The views here rename a region; this module is also the URLconf of its tests (the project's own routes
beside them, for the layout's links).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.test import Client
from django.urls import include, path, reverse

from opvangnet.accounts.models import User
from opvangnet.accounts.roles import Role
from opvangnet.core.form_views import ButtonStep, FormStep
from opvangnet.regions.models import Region
from tests.builders import make_region, make_user

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


class NameForm(forms.Form):
    name = forms.CharField(max_length=100)


def rename(actor: User, region: Region, name: str) -> None:
    if name == "Rijnmond":
        raise ValidationError({"name": "Another region has that name."})
    region.name = name
    region.save(update_fields=["name"])


def shout(actor: User, region: Region) -> None:
    if region.name.isupper():
        raise ValidationError("It is shouting already.")
    region.name = region.name.upper()
    region.save(update_fields=["name"])


def _region(user: User, pk: int) -> Region:
    return get_object_or_404(Region, pk=pk)


def _back(region: Region) -> str:
    return f"/regions-done/{region.pk}/"


rename_view = FormStep(
    load=_region,
    form=NameForm,
    service=lambda actor, region, form: rename(actor, region, form.cleaned_data["name"]),
    success="The region has been renamed.",
    title=lambda region: f"Rename {region.name}",
    intro="Its code stays.",
    back=_back,
    template="identification/simple_form.html",
).as_view()

shout_view = ButtonStep(load=_region, service=shout, success="Now it shouts.", back=_back).as_view()

urlpatterns = [
    path("test/regions/<int:pk>/rename/", rename_view, name="rename"),
    path("test/regions/<int:pk>/shout/", shout_view, name="shout"),
    path("", include("opvangnet.urls")),
]


@pytest.fixture
def region() -> Region:
    return make_region(name="Amsterdam-Amstelland")


@pytest.fixture
def client(region: Region) -> Client:
    client = Client()
    client.force_login(make_user("nina", role=Role.NATIONAL_COORDINATOR))
    return client


def _messages(response: _MonkeyPatchedWSGIResponse) -> list[str]:
    """The messages waiting for the next page (the redirect is not followed, so earlier ones wait too)."""
    stored = get_messages(response.wsgi_request)
    return [f"{message.level_tag}: {message}" for message in stored]


def test_get_shows_the_form_with_its_title_intro_and_way_back(client: Client, region: Region) -> None:
    response = client.get(reverse("rename", args=[region.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Rename Amsterdam-Amstelland" in page
    assert "Its code stays." in page
    assert 'name="name"' in page
    assert f'href="/regions-done/{region.pk}/"' in page


def test_an_invalid_post_shows_the_errors_and_changes_nothing(client: Client, region: Region) -> None:
    response = client.post(reverse("rename", args=[region.pk]), {"name": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    region.refresh_from_db()
    assert region.name == "Amsterdam-Amstelland"
    assert _messages(response) == []


def test_the_services_refusal_shows_on_the_form(client: Client, region: Region) -> None:
    response = client.post(reverse("rename", args=[region.pk]), {"name": "Rijnmond"})
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["Another region has that name."]
    assert "Another region has that name." in response.content.decode()
    region.refresh_from_db()
    assert region.name == "Amsterdam-Amstelland"


def test_success_redirects_back_with_the_message(client: Client, region: Region) -> None:
    response = client.post(reverse("rename", args=[region.pk]), {"name": "Groot-Amsterdam"})
    assert response.status_code == 302
    assert response["Location"] == f"/regions-done/{region.pk}/"
    assert _messages(response) == ["success: The region has been renamed."]
    region.refresh_from_db()
    assert region.name == "Groot-Amsterdam"


def test_the_object_is_loaded_before_anything_else(client: Client) -> None:
    assert client.get(reverse("rename", args=[999])).status_code == 404
    assert client.post(reverse("rename", args=[999]), {"name": "Rijnmond"}).status_code == 404


def test_a_stranger_is_sent_to_the_login_page(region: Region) -> None:
    for name in ("rename", "shout"):
        response = Client().post(reverse(name, args=[region.pk]), {"name": "Groot-Amsterdam"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    region.refresh_from_db()
    assert region.name == "Amsterdam-Amstelland"


def test_a_button_answers_only_post_and_says_what_happened(client: Client, region: Region) -> None:
    url = reverse("shout", args=[region.pk])
    assert client.get(url).status_code == 405

    response = client.post(url)
    assert response["Location"] == f"/regions-done/{region.pk}/"
    assert _messages(response) == ["success: Now it shouts."]
    region.refresh_from_db()
    assert region.name == "AMSTERDAM-AMSTELLAND"

    response = client.post(url)
    assert response["Location"] == f"/regions-done/{region.pk}/"
    assert _messages(response) == ["success: Now it shouts.", "error: It is shouting already."]
