"""Person data is encrypted at rest, lists and reports decrypt nothing (acceptance 4 of issue 13), and a
wrong or missing key gives a clear error on the pages that need it while every other page keeps working."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from opvangnet.identification import fields, services
from opvangnet.identification.fields import FieldKeyError, count_decryptions
from opvangnet.identification.models import Application, PersonData
from tests.identification.builders import FAKE_NAME, conclude, make_application, make_case
from tests.identification.conftest import Team
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def raw(table: str, column: str, key: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE {key} = %s", [pk])  # noqa: S608 - names are ours
        return str(cursor.fetchone()[0])


def test_the_raw_database_value_of_a_name_is_not_the_plaintext(cast: Cast) -> None:
    application = make_application(cast.rick)
    stored = raw(PersonData._meta.db_table, "name", "application_id", application.pk)
    assert FAKE_NAME not in stored
    assert stored.startswith("gAAAA")  # a Fernet token
    assert PersonData.objects.get(application=application).name == FAKE_NAME
    assert "paspoort" not in raw(Application._meta.db_table, "summary", "id", application.pk)


def test_a_rotated_key_still_reads_old_data_and_rotation_re_encrypts_it(cast: Cast, settings) -> None:
    application = make_application(cast.rick)
    before = raw(PersonData._meta.db_table, "name", "application_id", application.pk)
    settings.FIELD_ENCRYPTION_KEYS = ["a brand new key for rotation", *settings.FIELD_ENCRYPTION_KEYS]
    assert PersonData.objects.get(application=application).name == FAKE_NAME
    assert services.rotate_field_key() >= 1
    assert raw(PersonData._meta.db_table, "name", "application_id", application.pk) != before
    settings.FIELD_ENCRYPTION_KEYS = ["a brand new key for rotation"]
    assert PersonData.objects.get(application=application).name == FAKE_NAME


def test_without_the_right_key_person_data_cannot_be_read(cast: Cast, settings) -> None:
    application = make_application(cast.rick)
    settings.FIELD_ENCRYPTION_KEYS = ["some other key"]
    with pytest.raises(FieldKeyError):
        PersonData.objects.get(application=application)
    assert fields.encrypt("x") != fields.encrypt("x")  # randomised tokens


def with_files_and_opinions(cast: Cast, team: Team) -> int:
    case = make_case(cast.nina, cast.rick, team.ada, team.olga, team.tess)
    for number in range(3):
        services.add_attachment(
            cast.nina, case, kind="statement", filename=f"v{number}.txt", content=b"x" * 50_000
        )
    conclude(case, cast.nina, team.ada, team.olga, team.tess)
    return case.pk


def test_the_file_list_and_the_figures_decrypt_nothing(cast: Cast, team: Team, client: Client) -> None:
    pk = with_files_and_opinions(cast, team)
    client.force_login(cast.nina)
    for url in (
        reverse("identification:attachments", args=[pk]),
        reverse("identification:report"),
        reverse("identification:applications"),
        reverse("identification:cases"),
        reverse("identification:dashboard"),
        "/api/v1/identification/cases/",
        "/api/v1/identification/applications/",
    ):
        with count_decryptions() as decrypted:
            assert client.get(url).status_code == 200
        assert decrypted.value == 0, url


def test_a_wrong_key_breaks_only_the_pages_that_need_person_data_with_a_clear_message(
    cast: Cast, team: Team, client: Client, settings
) -> None:
    pk = with_files_and_opinions(cast, team)
    settings.FIELD_ENCRYPTION_KEYS = ["the wrong key"]
    client.force_login(cast.nina)
    for url in (
        reverse("identification:applications"),
        reverse("identification:cases"),
        reverse("identification:attachments", args=[pk]),
        reverse("identification:report"),
        reverse("identification:dashboard"),
        "/api/v1/identification/cases/",
    ):
        assert client.get(url).status_code == 200, url
    response = client.post(reverse("identification:person", args=[pk]), {"reason": "Dossier lezen"})
    assert response.status_code == 503
    assert "sleutel ontbreekt of klopt niet" in response.content.decode()
    assert client.get(reverse("identification:case", args=[pk])).status_code == 503
    settings.FIELD_ENCRYPTION_KEYS = []
    assert client.get(reverse("identification:cases")).status_code == 200
    assert client.get(reverse("identification:case", args=[pk])).status_code == 503
