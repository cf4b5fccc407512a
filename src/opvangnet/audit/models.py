"""An append-only audit log: who did what to which object, when, and why; keyed and chained.

Each entry carries an HMAC (key `settings.AUDIT_KEY`, derived with HKDF) over its content and its
predecessor's MAC. Entries form a few independent chains (shards), each with a head row that holds the last
MAC, so writers on different shards never wait for each other, and one who can write to the database but
lacks the key can neither alter, remove nor append an entry without `verify_audit` noticing.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from opvangnet.core.keys import derive_key


@lru_cache(maxsize=2)
def _mac_key(secret: str) -> bytes:
    return derive_key(secret, "audit.chain")


def mac(payload: dict[str, Any]) -> str:
    """HMAC-SHA256 of a JSON payload under the audit key."""
    encoded = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str).encode()
    return hmac.new(_mac_key(settings.AUDIT_KEY), encoded, hashlib.sha256).hexdigest()


class AuditEntry(models.Model):
    """One event; `entry_hash` is its MAC, `previous_hash` the MAC of the entry before it in its shard."""

    created_at = models.DateTimeField(_("time"), db_index=True)
    # No database constraint: the log outlives the users it names and must never change when one is deleted.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(_("actor"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.CharField(_("object type"), max_length=80, blank=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    shard = models.PositiveSmallIntegerField(default=0)
    previous_hash = models.CharField(max_length=64, blank=True)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            models.Index(fields=["shard", "id"]),
            models.Index(fields=["actor", "created_at"]),
        ]
        permissions = [("view_audit_log", "Can see who did what when (never the content)")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    def payload(self) -> dict[str, Any]:
        return {
            "created_at": self.created_at.isoformat(),
            "actor": self.actor_id,
            "actor_name": self.actor_name,
            "action": self.action,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "reason": self.reason,
            "details": self.details,
            "shard": self.shard,
            "previous_hash": self.previous_hash,
        }

    def compute_hash(self) -> str:
        return mac(self.payload())


class AuditChainHead(models.Model):
    """The end of one shard's chain: which entry was appended last, and a MAC so it cannot be rolled back."""

    shard = models.PositiveSmallIntegerField(primary_key=True)
    last_entry_id = models.BigIntegerField(null=True)
    last_hash = models.CharField(max_length=64, blank=True)
    head_hash = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"shard {self.shard}: {self.last_entry_id}"

    def compute_hash(self) -> str:
        return mac({"shard": self.shard, "last_entry_id": self.last_entry_id, "last_hash": self.last_hash})
