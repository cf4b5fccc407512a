"""Logins, failed logins, lockouts and every admin save go into Opvangnet's own audit log.

Receivers here only write audit entries: signals are how Django and django-axes announce these events, and no
domain rule hangs on them.
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from opvangnet.audit.services import record

_ADMIN_ACTIONS = {ADDITION: "admin.added", CHANGE: "admin.changed", DELETION: "admin.deleted"}


@receiver(user_logged_in)
def audit_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(user, "accounts.login", user)


@receiver(user_logged_out)
def audit_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(user, "accounts.logout", user)


@receiver(user_login_failed)
def audit_failed_login(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # Django has already masked the password; the username is kept short in case a password was typed there.
    username = str(credentials.get("username", ""))[:150]
    record(None, "accounts.login_failed", details={"username": username})


@receiver(user_locked_out)
def audit_lockout(sender: Any, request: Any, username: str, ip_address: str, **kwargs: Any) -> None:
    record(None, "accounts.locked_out", details={"username": str(username)[:150], "ip_address": ip_address})


@receiver(post_save, sender=LogEntry)
def audit_admin_save(sender: Any, instance: LogEntry, created: bool, **kwargs: Any) -> None:
    if not created:
        return
    record(
        instance.user,
        _ADMIN_ACTIONS.get(instance.action_flag, "admin.logged"),
        details={
            "model": getattr(instance.content_type, "model", ""),
            "app": getattr(instance.content_type, "app_label", ""),
            "object_id": str(instance.object_id or ""),
            # Django's change message names the changed fields, never their values.
            "change": instance.get_change_message()[:500],
        },
    )
