"""Writing and verifying the audit log. Services call `record(...)` inside their own transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from opvangnet.audit.models import AuditEntry

# One row locked while appending keeps the chain linear when two requests write at once.
_CHAIN_LOCK_ACTION = "audit.genesis"


@dataclass(frozen=True)
class ChainReport:
    entries: int
    broken_at: int | None  # primary key of the first entry whose hash does not match

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def _genesis() -> AuditEntry:
    genesis = AuditEntry.objects.filter(action=_CHAIN_LOCK_ACTION).first()
    if genesis is None:
        genesis = AuditEntry(created_at=timezone.now(), action=_CHAIN_LOCK_ACTION)
        genesis.entry_hash = genesis.compute_hash()
        genesis.save()
    return genesis


def record(
    actor: Any,
    action: str,
    target: models.Model | None = None,
    *,
    reason: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append an entry. `actor` is a user (None: the system); `details` must be JSON and hold no secrets.

    Locks the first entry of the chain for the rest of the caller's transaction (two queries and an insert).
    """
    with transaction.atomic():
        genesis = _genesis()
        AuditEntry.objects.select_for_update().filter(pk=genesis.pk).first()
        last = AuditEntry.objects.order_by("-pk").first()
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
            previous_hash=last.entry_hash if last else "",
        )
        entry.entry_hash = entry.compute_hash()
        entry.save()
        return entry


def verify_chain() -> ChainReport:
    """Recompute every hash in order; report the first entry altered or whose predecessor vanished."""
    previous = ""
    count = 0
    for entry in AuditEntry.objects.order_by("pk").iterator():
        count += 1
        if entry.previous_hash != previous or entry.compute_hash() != entry.entry_hash:
            return ChainReport(count, entry.pk)
        previous = entry.entry_hash
    return ChainReport(count, None)
