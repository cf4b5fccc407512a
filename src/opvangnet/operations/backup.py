"""Backup and restore of the whole database (and stored files) as one zip, the same on SQLite and PostgreSQL.

The format (version 1):

- `manifest.json`: format and version, when and from which database it was made, the applied migrations, and
  per model its table, its columns in order, its row count and the SHA-256 of its data file; per stored file
  its path, size and SHA-256; whether the audit chain verified when the backup was made.
- `data/NNNN-<app>.<model>.jsonl`: one JSON array per row, the columns in the manifest's order, models in
  dependency order (a row's foreign keys point at models written before it, cycles aside).
- `media/<storage path>`: the files that `FileField`s refer to, byte for byte as their storage holds them.

Values are what the database stores, not what Python shows: a field of a class outside Django (an encrypted
column) is read and written through a plain field of its storage type, so ciphertext stays ciphertext and the
backup never holds decrypted person data. Timestamps keep their microseconds, so the audit chain's hashes
still match after a restore.

A backup is one consistent snapshot: on PostgreSQL one REPEATABLE READ, READ ONLY transaction; on SQLite one
transaction (IMMEDIATE in our settings, so writers wait for the few seconds it takes). A restore runs in one
transaction too: it checks every checksum and the migrations first, replaces every table's rows, resets the
id sequences and verifies the audit chain before it commits; any failure leaves the database as it was.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import File
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import ExpressionWrapper, F
from django.utils import timezone
from django.utils.duration import duration_iso_string

from opvangnet.audit.services import verify_chain
from opvangnet.core.statistics import refresh_planner_statistics

FORMAT = "opvangnet-backup"
VERSION = 1
# Sessions are logins, not data: after a restore everyone logs in again.
EXCLUDED = frozenset({"sessions.session"})
BATCH = 1000


class BackupError(Exception):
    """The backup file is not one this release can restore, or restoring it failed; nothing was changed."""


@dataclass(frozen=True)
class Summary:
    models: int
    rows: int
    files: int
    audit_intact: bool


# --- which models, which columns ----------------------------------------------------------------------------


def models_in_order() -> list[type[models.Model]]:
    """Every concrete model (many-to-many tables included) with each model after the ones it refers to."""
    candidates = {
        model._meta.label_lower: model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model._meta.label_lower not in EXCLUDED
    }
    ordered: list[type[models.Model]] = []
    visiting: set[str] = set()

    def visit(label: str) -> None:
        model = candidates[label]
        if model in ordered or label in visiting:
            return  # done, or a cycle: deferred foreign keys let either order commit
        visiting.add(label)
        for field in model._meta.concrete_fields:
            target = field.related_model if field.is_relation else None
            if isinstance(target, type) and target._meta.label_lower in candidates:
                visit(target._meta.label_lower)
        visiting.discard(label)
        ordered.append(model)

    for label in sorted(candidates):
        visit(label)
    return ordered


def _storage_field(field: models.Field[Any, Any]) -> models.Field[Any, Any] | None:
    """For a field class from outside Django (e.g. an encrypted column) a plain field of its storage type."""
    if type(field).__module__.startswith("django.") or field.is_relation:
        return None
    plain_class = getattr(models, field.get_internal_type(), models.TextField)
    plain: models.Field[Any, Any] = plain_class()
    plain.set_attributes_from_name(field.name)
    plain.column = field.column
    plain.model = field.model
    return plain


def _columns(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    """The columns a row is written with; generated columns are the database's to compute."""
    return [field for field in model._meta.concrete_fields if not getattr(field, "generated", False)]


# --- values -------------------------------------------------------------------------------------------------


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return duration_iso_string(value)
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _rows(model: type[models.Model]) -> Iterator[list[Any]]:
    fields = _columns(model)
    expressions: list[Any] = []
    for field in fields:
        plain = _storage_field(field)
        expressions.append(
            field.attname if plain is None else ExpressionWrapper(F(field.attname), output_field=plain)
        )
    queryset = model._base_manager.order_by("pk").values_list(*expressions)
    for row in queryset.iterator(chunk_size=BATCH):
        yield [_encode(value) for value in row]


def _db_value(field: models.Field[Any, Any], value: Any) -> Any:
    plain = _storage_field(field)
    if plain is not None:
        return plain.get_db_prep_save(plain.to_python(value), connection)
    if value is None:
        return None
    return field.get_db_prep_save(field.to_python(value), connection)


# --- backup -------------------------------------------------------------------------------------------------


def _applied_migrations() -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


def _file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [field for field in model._meta.concrete_fields if isinstance(field, models.FileField)]


def _write_stream(archive: zipfile.ZipFile, name: str, lines: Iterator[bytes]) -> tuple[int, str]:
    digest, count = hashlib.sha256(), 0
    with archive.open(name, "w", force_zip64=True) as member:
        for line in lines:
            digest.update(line)
            member.write(line)
            count += 1
    return count, digest.hexdigest()


def backup(target: IO[bytes] | Path | str) -> Summary:
    """Write the whole database and its stored files to `target` as one consistent snapshot."""
    manifest: dict[str, Any] = {"format": FORMAT, "version": VERSION, "models": [], "media": []}
    rows_total = 0
    outermost = not connection.in_atomic_block
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive, transaction.atomic():
        if outermost:  # inside a caller's transaction, that transaction's snapshot is the one we get
            _snapshot_isolation()
        manifest["created_at"] = timezone.now().isoformat()
        manifest["database"] = connection.vendor
        manifest["migrations"] = _applied_migrations()
        for number, model in enumerate(models_in_order(), start=1):
            label = model._meta.label_lower
            name = f"data/{number:04d}-{label}.jsonl"
            lines = (json.dumps(row, ensure_ascii=False).encode() + b"\n" for row in _rows(model))
            count, digest = _write_stream(archive, name, lines)
            rows_total += count
            manifest["models"].append(
                {
                    "label": label,
                    "table": model._meta.db_table,
                    "columns": [field.attname for field in _columns(model)],
                    "file": name,
                    "rows": count,
                    "sha256": digest,
                }
            )
            for field in _file_fields(model):
                for stored in model._base_manager.exclude(**{field.attname: ""}).values_list(
                    field.attname, flat=True
                ):
                    if stored:
                        manifest["media"].append(_copy_file_out(archive, field, stored))
        audit_intact = verify_chain().intact
        manifest["audit_intact"] = audit_intact
        archive.writestr("manifest.json", json.dumps(manifest, indent=1, ensure_ascii=False))
    return Summary(len(manifest["models"]), rows_total, len(manifest["media"]), audit_intact)


def _snapshot_isolation() -> None:
    """Make the current (fresh) transaction one snapshot; SQLite's transaction already is one."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")


def _copy_file_out(archive: zipfile.ZipFile, field: models.FileField, name: str) -> dict[str, Any]:
    path = f"media/{field.model._meta.label_lower}.{field.name}/{name}"
    digest, size = hashlib.sha256(), 0
    with field.storage.open(name, "rb") as source, archive.open(path, "w", force_zip64=True) as member:
        for chunk in iter(lambda: source.read(1 << 20), b""):
            digest.update(chunk)
            size += len(chunk)
            member.write(chunk)
    return {
        "path": path,
        "model": field.model._meta.label_lower,
        "field": field.name,
        "name": name,
        "size": size,
        "sha256": digest.hexdigest(),
    }


# --- restore ------------------------------------------------------------------------------------------------


def _read_manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError) as error:
        raise BackupError("not an Opvangnet backup: manifest.json is missing or unreadable") from error
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError(
            f"unsupported backup format {manifest.get('format')!r} version {manifest.get('version')!r}"
        )
    return manifest


def _sha256(archive: zipfile.ZipFile, name: str) -> str:
    digest = hashlib.sha256()
    with archive.open(name) as member:
        for chunk in iter(lambda: member.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check(archive: zipfile.ZipFile) -> dict[str, Any]:
    """The manifest, after every file's checksum and the migrations have been compared; raises BackupError."""
    manifest = _read_manifest(archive)
    for entry in [*manifest["models"], *manifest["media"]]:
        name = entry.get("file") or entry["path"]
        try:
            actual = _sha256(archive, name)
        except (KeyError, zipfile.BadZipFile) as error:
            raise BackupError(f"{name} is missing or damaged in the backup") from error
        if actual != entry["sha256"]:
            raise BackupError(f"{name} does not match its checksum: the backup is damaged")
    applied = _applied_migrations()
    if manifest["migrations"] != applied:
        missing = sorted(set(manifest["migrations"]) - set(applied))
        extra = sorted(set(applied) - set(manifest["migrations"]))
        raise BackupError(
            "the database's migrations differ from the backup's; install the release that made it and "
            f"migrate to it first (missing here: {', '.join(missing) or 'none'}; "
            f"only here: {', '.join(extra) or 'none'})"
        )
    known = {model._meta.label_lower: model for model in models_in_order()}
    for entry in manifest["models"]:
        model = known.get(entry["label"])
        if model is None or [field.attname for field in _columns(model)] != entry["columns"]:
            raise BackupError(f"the table of {entry['label']} differs from the backup's")
    return manifest


def database_is_empty() -> bool:
    """No user and no audit entry: nothing but what migrations create."""
    from opvangnet.accounts.models import User
    from opvangnet.audit.models import AuditEntry

    return not User.objects.exists() and not AuditEntry.objects.exists()


def restore(source: IO[bytes] | Path | str, *, replace: bool = False) -> Summary:
    """Replace the database's rows (and stored files) by a backup's, all or nothing.

    Refuses (BackupError) a damaged backup, a database at other migrations, and, unless `replace`, a
    database that already holds users or audit entries.
    """
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as error:
        raise BackupError(f"not a readable backup file: {error}") from error
    with archive:
        manifest = check(archive)
        if not replace and not database_is_empty():
            raise BackupError(
                "the database already holds data; restore into an empty database or use --replace"
            )
        known = {model._meta.label_lower: model for model in models_in_order()}
        ordered = [known[entry["label"]] for entry in manifest["models"]]
        rows_total = 0
        with transaction.atomic():
            with connection.cursor() as cursor:
                for model in reversed(ordered):
                    cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
                for entry, model in zip(manifest["models"], ordered, strict=True):
                    rows_total += _insert(cursor, archive, entry, model)
                for statement in connection.ops.sequence_reset_sql(no_style(), ordered):
                    cursor.execute(statement)
            ContentType.objects.clear_cache()
            audit_intact = verify_chain().intact
            if manifest.get("audit_intact") and not audit_intact:
                raise BackupError("the audit chain does not verify after restoring; nothing was restored")
            for entry in manifest["media"]:
                _copy_file_in(archive, entry, known[entry["model"]])
    refresh_planner_statistics()  # every table was just filled at once
    return Summary(len(ordered), rows_total, len(manifest["media"]), audit_intact)


def _insert(cursor: Any, archive: zipfile.ZipFile, entry: dict[str, Any], model: type[models.Model]) -> int:
    fields = _columns(model)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    count = 0
    batch: list[list[Any]] = []
    with archive.open(entry["file"]) as member:
        for line in io.TextIOWrapper(member, encoding="utf-8"):
            values = json.loads(line)
            batch.append([_db_value(field, value) for field, value in zip(fields, values, strict=True)])
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
    if batch:
        cursor.executemany(sql, batch)
        count += len(batch)
    if count != entry["rows"]:
        raise BackupError(f"{entry['file']} holds {count} rows, the manifest says {entry['rows']}")
    return count


def _copy_file_in(archive: zipfile.ZipFile, entry: dict[str, Any], model: type[models.Model]) -> None:
    field = model._meta.get_field(entry["field"])
    assert isinstance(field, models.FileField)
    storage, name = field.storage, entry["name"]
    if storage.exists(name):
        storage.delete(name)
    with archive.open(entry["path"]) as member:
        saved = storage.save(name, File(member, name=name))
    if saved != name:
        raise BackupError(f"the storage saved {name} as {saved}")
