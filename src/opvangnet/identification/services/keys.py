"""Rotating the field key: every encrypted value re-encrypted under the first key of OPVANGNET_FIELD_KEY."""

from __future__ import annotations

from django.apps import apps
from django.db import transaction

from opvangnet.audit.services import record
from opvangnet.identification.fields import EncryptedTextField


@transaction.atomic
def rotate_field_key() -> int:
    """Re-encrypt every encrypted value under the first key of `OPVANGNET_FIELD_KEY`. Returns rows rewritten.

    Run after putting a new key first; afterwards the old key can be dropped from the list.
    """
    rewritten = 0
    for model in apps.get_app_config("identification").get_models():
        names = [f.name for f in model._meta.get_fields() if isinstance(f, EncryptedTextField)]
        if not names:
            continue
        for row in model._default_manager.select_for_update().iterator():
            row.save(update_fields=names)
            rewritten += 1
    record(None, "identification.rotate_field_key", details={"rows": rewritten})
    return rewritten
