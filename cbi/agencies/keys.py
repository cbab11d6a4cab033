"""The one hash of an agency's bearer secret (shared by issuing and checking a key)."""

import hashlib


def secret_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
