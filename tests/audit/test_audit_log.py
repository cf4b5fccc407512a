from typing import Any
from unittest.mock import patch

import pytest
from django.core.management import CommandError, call_command

from opvangnet.audit.models import AuditEntry
from opvangnet.audit.services import record, verify_chain
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def test_entries_chain_to_their_predecessor(cast: Cast) -> None:
    first = record(cast.alice, "test.first", cast.secret_a, reason="because")
    second = record(None, "test.second")
    assert second.previous_hash == first.entry_hash
    assert first.target_type == "regions.location"
    assert first.actor_name == "alice"
    assert second.actor_name == "system"
    assert verify_chain().intact


def test_an_edited_entry_breaks_the_chain(cast: Cast) -> None:
    record(cast.alice, "test.first")
    tampered = record(cast.alice, "test.second", reason="original")
    record(cast.alice, "test.third")
    AuditEntry.objects.filter(pk=tampered.pk).update(reason="rewritten")
    report = verify_chain()
    assert report.broken_at == tampered.pk
    with pytest.raises(CommandError, match="broken"):
        call_command("verify_audit")


def test_a_deleted_entry_breaks_the_chain(cast: Cast) -> None:
    record(cast.alice, "test.first")
    removed = record(cast.alice, "test.second")
    after = record(cast.alice, "test.third")
    removed.delete()
    assert verify_chain().broken_at == after.pk


def test_a_row_changed_and_the_chain_recomputed_without_the_key_is_detected(cast: Cast) -> None:
    import hashlib
    import json

    record(cast.alice, "test.first")
    tampered = record(cast.alice, "test.second", reason="original")
    record(cast.alice, "test.third")
    # Someone with write access but without the key rewrites the reason and recomputes every hash after it,
    # the way the unkeyed chain could be forged: with plain SHA-256.
    previous = ""
    for entry in AuditEntry.objects.filter(shard=tampered.shard).order_by("pk"):
        if entry.pk == tampered.pk:
            entry.reason = "rewritten"
        entry.previous_hash = previous
        payload = json.dumps(entry.payload(), sort_keys=True, separators=(",", ":"), default=str)
        entry.entry_hash = hashlib.sha256(payload.encode()).hexdigest()
        AuditEntry.objects.filter(pk=entry.pk).update(
            reason=entry.reason, previous_hash=entry.previous_hash, entry_hash=entry.entry_hash
        )
        previous = entry.entry_hash
    assert not verify_chain().intact


def test_the_same_chain_under_another_key_does_not_verify(cast: Cast, settings: Any) -> None:
    record(cast.alice, "test.first")
    assert verify_chain().intact
    settings.AUDIT_KEY = "another key that is long enough, 32+ characters"
    assert not verify_chain().intact


def test_removing_the_last_entry_is_detected_by_the_head(cast: Cast) -> None:
    record(cast.alice, "test.first")
    last = record(cast.alice, "test.second")
    AuditEntry.objects.filter(pk=last.pk).delete()
    report = verify_chain()
    assert not report.intact
    assert report.broken_shard == last.shard


def test_writers_on_different_shards_each_keep_an_intact_chain(cast: Cast) -> None:
    from opvangnet.audit.models import AuditChainHead
    from opvangnet.audit.services import SHARDS

    for shard in (3, 7, 3):
        with patch("opvangnet.audit.services._shard", return_value=shard):
            record(cast.alice, f"test.shard{shard}")
    assert AuditChainHead.objects.count() == SHARDS
    assert set(AuditEntry.objects.values_list("shard", flat=True)) == {3, 7}
    assert verify_chain().intact
