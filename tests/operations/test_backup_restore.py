"""Backup → empty database → restore gives the same rows, byte for byte (ciphertext stays ciphertext), and the
audit chain still verifies. Runs on the suite's database (SQLite and PostgreSQL in `make test`).
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from opvangnet.accounts.roles import Role
from opvangnet.audit.models import AuditEntry
from opvangnet.audit.services import verify_chain
from opvangnet.capacity.services import Availability, record_availability
from opvangnet.identification import services as identification
from opvangnet.identification.models import PersonData
from opvangnet.operations.backup import BackupError, models_in_order, restore
from opvangnet.placement import services as placement
from tests.builders import make_offer, make_request, make_user
from tests.identification.builders import FAKE_NAME, make_case
from tests.personas import Cast, build_cast


def raw_tables() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table as the database driver returns it: no Django field conversion at all."""
    tables: dict[str, list[tuple[Any, ...]]] = {}
    with connection.cursor() as cursor:
        for model in models_in_order():
            table = connection.ops.quote_name(model._meta.db_table)
            pk = connection.ops.quote_name(model._meta.pk.column)
            cursor.execute(f"SELECT * FROM {table} ORDER BY {pk}")  # noqa: S608
            tables[model._meta.label_lower] = [tuple(row) for row in cursor.fetchall()]
    return tables


def _published_checklist() -> None:
    """The checklist comes from a data migration; a transactional test that ran earlier flushed it away."""
    from importlib import import_module

    from django.apps import apps

    import_module("opvangnet.identification.migrations.0002_load_initial_checklist").load_checklist(
        apps, None
    )


def some_of_everything(cast: Cast) -> None:
    _published_checklist()
    offer = make_offer(cast.secret_a, places=6, free_places=3, occupied_places=3)
    record_availability(cast.carol, offer, Availability(2, 4, 1))
    accepted = placement.propose(cast.alice, make_request(cast.alice), offer)
    placement.accept_proposal(cast.carol, accepted)
    declined = placement.propose(cast.alice, make_request(cast.alice, urgency="planned"), offer)
    placement.decline_proposal(cast.carol, declined, "other", 'Uitleg met "aanhalingstekens" en ümlaut')
    olga, sam = make_user("olga", Role.ASSESSOR), make_user("sam", Role.ASSESSOR)
    case = make_case(cast.nina, cast.rick, cast.ada, olga, sam)
    identification.add_attachment(
        cast.ada, case, kind="statement", filename="verklaring.txt", content=b"\x00\x01 bytes \xff"
    )


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_database_gives_identical_data(tmp_path: Path) -> None:
    cast = build_cast()
    some_of_everything(cast)
    assert verify_chain().intact
    before = raw_tables()
    assert before["identification.persondata"]
    assert before["audit.auditentry"]
    backup_file = tmp_path / "opvangnet.zip"

    call_command("backup", str(backup_file))

    with zipfile.ZipFile(backup_file) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        everything = b"".join(archive.read(name) for name in archive.namelist())
    assert manifest["audit_intact"] is True
    assert FAKE_NAME.encode() not in everything  # person data leaves only as ciphertext

    call_command("flush", interactive=False)
    assert not AuditEntry.objects.exists()
    call_command("restore", str(backup_file))

    after = raw_tables()
    assert after.keys() == before.keys()
    for label in before:
        assert after[label] == before[label], label
    assert verify_chain().intact
    call_command("verify_audit")
    assert PersonData.objects.get().name == FAKE_NAME  # the same key still decrypts the restored ciphertext


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_in_use_and_a_damaged_backup(tmp_path: Path) -> None:
    cast = build_cast()
    make_offer(cast.secret_a)
    record_availability(cast.carol, make_offer(cast.public_a), Availability(1, 1, 0))
    backup_file = tmp_path / "b.zip"
    call_command("backup", str(backup_file))
    rows_before = raw_tables()

    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", str(backup_file))

    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(backup_file) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename.endswith("capacity.offer.jsonl"):
                content = content.replace(b'"crisis"', b'"ambulant"', 1)
            target.writestr(item, content)
    with pytest.raises(BackupError, match="checksum"):
        restore(damaged, replace=True)
    with pytest.raises(BackupError, match="not a readable backup"):
        restore(tmp_path / "missing.zip")
    assert raw_tables() == rows_before

    with pytest.raises(CommandError, match="exists"):
        call_command("backup", str(backup_file))


@pytest.mark.django_db(transaction=True)
def test_replace_restores_over_newer_data(tmp_path: Path) -> None:
    cast = build_cast()
    offer = make_offer(cast.secret_a)
    backup_file = tmp_path / "b.zip"
    call_command("backup", str(backup_file))
    before = raw_tables()
    record_availability(cast.carol, offer, Availability(0, 5, 3))
    call_command("restore", str(backup_file), "--replace")
    assert raw_tables() == before
    assert verify_chain().intact


def test_stored_files_are_copied_out_and_back_byte_for_byte(tmp_path: Path) -> None:
    """No model has a FileField yet; this drives the file copy with a real storage and a stand-in field."""
    from types import SimpleNamespace

    from django.core.files.base import ContentFile
    from django.core.files.storage import FileSystemStorage

    from opvangnet.operations.backup import _copy_file_in, _copy_file_out

    source = FileSystemStorage(location=tmp_path / "source")
    name = source.save("cases/1/scan.bin", ContentFile(b"\x00encrypted\xff" * 1000))
    meta = SimpleNamespace(label_lower="identification.attachment")
    field = SimpleNamespace(storage=source, name="file", model=SimpleNamespace(_meta=meta))
    archive_path = tmp_path / "files.zip"
    with zipfile.ZipFile(archive_path, "w") as archive:
        entry = _copy_file_out(archive, field, name)  # type: ignore[arg-type]
    assert entry["size"] == 11_000

    target = FileSystemStorage(location=tmp_path / "target")
    target.save(name, ContentFile(b"an older version"))
    restored_field = models_file_field(target)
    model = SimpleNamespace(_meta=SimpleNamespace(get_field=lambda _name: restored_field))
    with zipfile.ZipFile(archive_path) as archive:
        _copy_file_in(archive, entry, model)  # type: ignore[arg-type]
    assert target.open(name).read() == source.open(name).read()


def models_file_field(storage: object) -> object:
    from django.db import models

    return models.FileField(storage=storage)  # type: ignore[arg-type]
