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
