"""Person data is encrypted at rest: the raw database value is a Fernet token, never the plaintext."""

import pytest
from django.db import connection

from opvangnet.identification import fields
from opvangnet.identification.models import PersonData, Referral
from opvangnet.identification.services import rotate_field_key
from tests.identification.builders import FAKE_NAME, make_referral
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def raw(table: str, column: str, key: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE {key} = %s", [pk])  # noqa: S608 - names are ours
        return str(cursor.fetchone()[0])


def test_the_raw_database_value_of_a_name_is_not_the_plaintext(cast: Cast) -> None:
    referral = make_referral(cast.rick)
    stored = raw(PersonData._meta.db_table, "name", "referral_id", referral.pk)
    assert FAKE_NAME not in stored
    assert "Testpersoon" not in stored
    assert stored.startswith("gAAAA")  # a Fernet token
    assert PersonData.objects.get(referral=referral).name == FAKE_NAME
    summary = raw(Referral._meta.db_table, "summary", "id", referral.pk)
    assert "paspoort" not in summary


def test_a_rotated_key_still_reads_old_data_and_rotation_re_encrypts_it(cast: Cast, settings) -> None:
    referral = make_referral(cast.rick)
    before = raw(PersonData._meta.db_table, "name", "referral_id", referral.pk)
    settings.FIELD_ENCRYPTION_KEYS = ["a brand new key for rotation", *settings.FIELD_ENCRYPTION_KEYS]
    assert PersonData.objects.get(referral=referral).name == FAKE_NAME
    assert rotate_field_key() >= 1
    after = raw(PersonData._meta.db_table, "name", "referral_id", referral.pk)
    assert after != before
    settings.FIELD_ENCRYPTION_KEYS = ["a brand new key for rotation"]
    assert PersonData.objects.get(referral=referral).name == FAKE_NAME


def test_without_the_right_key_person_data_cannot_be_read(cast: Cast, settings) -> None:
    referral = make_referral(cast.rick)
    settings.FIELD_ENCRYPTION_KEYS = ["some other key"]
    with pytest.raises(Exception, match="cannot be decrypted"):
        PersonData.objects.get(referral=referral)
    assert fields.encrypt("x") != fields.encrypt("x")  # randomised tokens
