"""Keys for one purpose each, derived from a configured secret with HKDF (RFC 5869).

A secret from the environment is never used directly as a key: each use (encrypting person data, keying the
audit chain) derives its own key with its purpose as HKDF's `info`, so one leaked derived key reveals neither
the secret nor the keys of other purposes.
"""

from __future__ import annotations

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def derive_key(secret: str, purpose: str, length: int = 32) -> bytes:
    """`length` bytes of key for `purpose` (e.g. "identification.person-data") from `secret`."""
    return HKDF(
        algorithm=hashes.SHA256(), length=length, salt=None, info=f"opvangnet:{purpose}".encode()
    ).derive(secret.encode())
