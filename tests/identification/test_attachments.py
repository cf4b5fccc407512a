"""Files about the person: stored encrypted, opened one at a time with a reason, only by the case's people."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from opvangnet.audit.models import AuditEntry
from opvangnet.identification.models import Attachment
from tests.identification.builders import make_case
from tests.identification.conftest import Team
from tests.personas import Cast

pytestmark = pytest.mark.django_db

SECRET = b"Verklaring van Testpersoon Fictief"


def upload(client: Client, case_pk: int) -> object:
    file = SimpleUploadedFile("verklaring.txt", SECRET, content_type="text/plain")
    return client.post(reverse("identification:attachment_upload", args=[case_pk]), {"file": file})


def test_an_assessor_adds_a_file_that_is_encrypted_and_opens_it_with_a_reason(
    cast: Cast, team: Team, client: Client
) -> None:
    case = make_case(cast.nina, cast.rick, team.ada, team.olga)
    client.force_login(team.ada)
    assert upload(client, case.pk).status_code == 302
    attachment = Attachment.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT filename, content FROM identification_attachment")
        filename, content = cursor.fetchone()
    assert "verklaring" not in filename
    assert "Verklaring" not in content
    url = reverse("identification:attachment", args=[case.pk, attachment.pk])
    assert client.post(url, {"reason": ""}).status_code == 302  # no reason: back, nothing shown
    response = client.post(url, {"reason": "Voorbereiding gesprek"})
    assert response.content == SECRET
    assert response["Cache-Control"] == "no-store"
    entry = AuditEntry.objects.get(action="identification.read_attachment")
    assert (entry.actor, entry.reason) == (team.ada, "Voorbereiding gesprek")


def test_the_list_of_files_appears_only_after_a_reason(cast: Cast, team: Team, client: Client) -> None:
    case = make_case(cast.nina, cast.rick, team.ada, team.olga)
    client.force_login(team.ada)
    upload(client, case.pk)
    page = reverse("identification:person", args=[case.pk])
    assert "verklaring.txt" not in client.get(page).content.decode()
    assert "verklaring.txt" in client.post(page, {"reason": "Dossier lezen"}).content.decode()


@pytest.mark.parametrize(("who", "status"), [("rick", 404), ("bea", 404), ("ines", 404), ("sam", 404)])
def test_nobody_outside_the_case_adds_or_opens_files(
    cast: Cast, team: Team, client: Client, who: str, status: int
) -> None:
    case = make_case(cast.nina, cast.rick, team.ada, team.olga)
    client.force_login(team.ada)
    upload(client, case.pk)
    attachment = Attachment.objects.get()
    outsider = getattr(team, who, None) or getattr(cast, who)
    client.force_login(outsider)
    assert upload(client, case.pk).status_code in (403, 404)
    url = reverse("identification:attachment", args=[case.pk, attachment.pk])
    assert client.post(url, {"reason": "nieuwsgierig"}).status_code in (403, status)
    assert Attachment.objects.count() == 1
    assert not AuditEntry.objects.filter(action="identification.read_attachment").exists()
