"""Writing and verifying the audit log. Services call `record(...)` inside their own transaction."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from opvangnet.audit.models import AuditChainHead, AuditEntry

# Independent chains. A writer locks only its shard's head, so at most this many transactions append at once.
SHARDS = 16


@dataclass(frozen=True)
class ChainReport:
    entries: int
    broken_at: int | None  # primary key of the first entry whose MAC or link does not match
    broken_shard: int | None = None

    @property
    def intact(self) -> bool:
        return self.broken_at is None and self.broken_shard is None


def _shard() -> int:
    # One shard per process and thread: every entry of one transaction goes to the same chain, so a
    # transaction holds at most one head lock and two writers can never wait for each other in a circle.
    return hash((os.getpid(), threading.get_ident())) % SHARDS


def _locked_head(shard: int) -> AuditChainHead:
    # The migration made every head; this covers a later, larger SHARDS.
    AuditChainHead.objects.bulk_create([sealed_empty_head(shard)], ignore_conflicts=True)
    return AuditChainHead.objects.select_for_update().get(shard=shard)


def sealed_empty_head(shard: int) -> AuditChainHead:
    head = AuditChainHead(shard=shard, last_entry_id=None, last_hash="")
    head.head_hash = head.compute_hash()
    return head


def record(
    actor: Any,
    action: str,
    target: models.Model | None = None,
    *,
    reason: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append an entry. `actor` is a user (None: the system); `details` must be JSON and hold no secrets.

    Locks one shard head for the rest of the caller's transaction (a select, an insert and an update).
    """
    with transaction.atomic():
        head = _locked_head(_shard())
        user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
        entry = AuditEntry(
            created_at=timezone.now(),
            actor=user,
            actor_name=user.get_username() if user else "system",
            action=action,
            target_type=target._meta.label_lower if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            reason=reason,
            details=details or {},
            shard=head.shard,
            previous_hash=head.last_hash,
        )
        entry.entry_hash = entry.compute_hash()
        entry.save()
        head.last_entry_id = entry.pk
        head.last_hash = entry.entry_hash
        head.head_hash = head.compute_hash()
        head.save(update_fields=["last_entry_id", "last_hash", "head_hash"])
        return entry


def verify_chain() -> ChainReport:
    """Recompute every MAC shard by shard; report the first entry altered, or whose predecessor or successor
    vanished (the head no longer matches the last entry)."""
    count = 0
    heads = {head.shard: head for head in AuditChainHead.objects.all()}
    shards = (
        set(range(SHARDS)) | set(heads) | set(AuditEntry.objects.values_list("shard", flat=True).distinct())
    )
    for shard in sorted(shards):
        previous, last = "", None
        for entry in AuditEntry.objects.filter(shard=shard).order_by("pk").iterator():
            count += 1
            if entry.previous_hash != previous or entry.compute_hash() != entry.entry_hash:
                return ChainReport(count, entry.pk, shard)
            previous, last = entry.entry_hash, entry
        head = heads.get(shard)
        if head is None and last is None:
            continue  # a shard nobody wrote to (or a flushed test database)
        head_matches = (
            head is not None
            and head.head_hash == head.compute_hash()
            and head.last_hash == previous
            and head.last_entry_id == (last.pk if last else None)
        )
        if not head_matches:
            return ChainReport(count, None, shard)
    return ChainReport(count, None)
