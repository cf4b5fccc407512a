"""Files about the person: stored encrypted with their bytes apart from the list, opened one at a time with a
reason, only by the case manager and the case's committee."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from opvangnet.audit.models import AuditEntry
from opvangnet.identification.models import Attachment, AttachmentContent
from tests.identification.builders import make_case
from tests.identification.conftest import Team
from tests.personas import Cast

pytestmark = pytest.mark.django_db

SECRET = b"Verklaring van Testpersoon Fictief"


def upload(client: Client, case_pk: int, content: bytes = SECRET) -> Any:
    file = SimpleUploadedFile("verklaring.txt", content, content_type="text/plain")
    return client.post(
        reverse("identification:attachments", args=[case_pk]), {"file": file, "kind": "statement"}
    )


def test_a_member_adds_a_file_that_is_encrypted_apart_and_opens_it_with_a_reason(
    cast: Cast, team: Team, client: Client
) -> None:
    case = make_case(cast.nina, cast.rick, team.ada, team.olga, team.tess)
    client.force_login(team.ada)
    assert upload(client, case.pk).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.size == len(SECRET)
    with connection.cursor() as cursor:
        cursor.execute("SELECT filename FROM identification_attachment")
        (filename,) = cursor.fetchone()
        cursor.execute("SELECT content FROM identification_attachmentcontent")
        (content,) = cursor.fetchone()
    assert "verklaring" not in filename
    assert "Verklaring" not in content
    assert AttachmentContent.objects.filter(attachment=attachment).exists()
    url = reverse("identification:attachment", args=[case.pk, attachment.pk])
    assert client.post(url, {"reason": ""}).status_code == 302  # no reason: back, nothing shown
    response = client.post(url, {"reason": "Voorbereiding hoorzitting"})
    assert response.content == SECRET
    assert response["Cache-Control"] == "no-store"
    entry = AuditEntry.objects.get(action="identification.read_attachment")
    assert (entry.actor, entry.reason) == (team.ada, "Voorbereiding hoorzitting")


def test_the_list_shows_kind_size_and_date_but_never_the_name(cast: Cast, team: Team, client: Client) -> None:
    case = make_case(cast.nina, cast.rick, team.ada, team.olga, team.tess)
    client.force_login(team.ada)
    upload(client, case.pk)
    page = client.get(reverse("identification:attachments", args=[case.pk])).content.decode()
    assert "verklaring.txt" not in page
    assert "Verklaring van betrokkene" in page


def test_an_empty_or_too_large_file_is_refused_with_a_message(cast: Cast, team: Team, client: Client) -> None:
    case = make_case(cast.nina, cast.rick, team.ada, team.olga, team.tess)
    client.force_login(team.ada)
    assert upload(client, case.pk, b"").status_code == 302
    assert upload(client, case.pk, b"x" * (5 * 1024 * 1024 + 1)).status_code == 302
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("who", ["rick", "bea", "ines", "sam"])
def test_nobody_outside_the_case_adds_or_opens_files(
    cast: Cast, team: Team, client: Client, who: str
) -> None:
    case = make_case(cast.nina, cast.rick, team.ada, team.olga, team.tess)
    client.force_login(team.ada)
    upload(client, case.pk)
    attachment = Attachment.objects.get()
    client.force_login(getattr(team, who, None) or getattr(cast, who))
    assert upload(client, case.pk).status_code in (403, 404)
    url = reverse("identification:attachment", args=[case.pk, attachment.pk])
    assert client.post(url, {"reason": "nieuwsgierig"}).status_code in (403, 404)
    assert Attachment.objects.count() == 1
    assert not AuditEntry.objects.filter(action="identification.read_attachment").exists()
