"""Encryption at rest for person data: a text field that stores only a Fernet token.

Keys come from `settings.FIELD_ENCRYPTION_KEYS` (environment variable `OPVANGNET_FIELD_KEY`, comma-separated):
the first key encrypts, every key decrypts, so a key is rotated by putting the new one first and running
`opvangnet rotate_field_key`. Each key may be any long random string; the Fernet key is derived from it with
HKDF (`core/keys.py`). Values written before HKDF (a SHA-256 stretch) still decrypt, and `rotate_field_key`
re-encrypts them under the HKDF key. Tokens are randomised, so these fields cannot be searched or filtered on.

Decrypting costs time and, with a wrong key, fails: lists and reports never load these columns
(`EncryptedQuerySet.without_encrypted()`), and a failure raises `FieldKeyError`, which the identification
middleware turns into a readable error on the one page that needed the data. `count_decryptions()` lets a test
see how many values a piece of code decrypted.
"""

from __future__ import annotations

import base64
import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

from opvangnet.core.keys import derive_key

_DOMAIN = b"opvangnet.identification.person-data:"


class FieldKeyError(Exception):
    """The field key is missing or does not open the stored data (a wrong or rotated-out key)."""


def _fernet_key(secret: str) -> bytes:
    return base64.urlsafe_b64encode(derive_key(secret, "identification.person-data"))


def _legacy_fernet_key(secret: str) -> bytes:
    return base64.urlsafe_b64encode(hashlib.sha256(_DOMAIN + secret.encode()).digest())


@lru_cache(maxsize=4)
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise FieldKeyError("OPVANGNET_FIELD_KEY is empty: person data cannot be encrypted or read")
    # The first key encrypts; the legacy derivations come last, to decrypt older values only.
    fernets = [Fernet(_fernet_key(key)) for key in keys] + [Fernet(_legacy_fernet_key(key)) for key in keys]
    return MultiFernet(fernets)


def cipher() -> MultiFernet:
    return _cipher(tuple(settings.FIELD_ENCRYPTION_KEYS))


@dataclass
class DecryptionCount:
    value: int = 0


_counting = threading.local()


@contextmanager
def count_decryptions() -> Iterator[DecryptionCount]:
    """Count the values decrypted in this thread inside the block (for tests and benchmarks)."""
    counter = DecryptionCount()
    previous = getattr(_counting, "counter", None)
    _counting.counter = counter
    try:
        yield counter
    finally:
        _counting.counter = previous


def encrypt(plaintext: str) -> str:
    return cipher().encrypt(plaintext.encode()).decode("ascii")


def decrypt(token: str) -> str:
    counter = getattr(_counting, "counter", None)
    if counter is not None:
        counter.value += 1
    try:
        return cipher().decrypt(token.encode("ascii")).decode()
    except InvalidToken as error:
        raise FieldKeyError(
            "Person data cannot be decrypted with OPVANGNET_FIELD_KEY (a wrong or rotated-out key)"
        ) from error


def rotate(token: str) -> str:
    """The same plaintext, encrypted again under the first (current) key."""
    return cipher().rotate(token.encode("ascii")).decode("ascii")


class EncryptedTextField(models.TextField[Any, Any]):
    """Text that is encrypted before it reaches the database and decrypted when read. Empty stays empty."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))


def encrypted_field_names(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


M = TypeVar("M", bound=models.Model)


class EncryptedQuerySet(models.QuerySet[M]):
    """A queryset that can leave its model's encrypted columns unloaded."""

    def without_encrypted(self) -> Any:
        """Defer every encrypted column: nothing is decrypted unless a row's field is read later (one query
        per such read, so lists must not read them)."""
        names = encrypted_field_names(self.model)
        return self.defer(*names) if names else self
