"""Passwords and recovery codes, kept only as slow salted hashes: scrypt from `cryptography`
(OpenSSL's — never a hash of our own) with a random salt per password, the cost parameters
stored with the hash so a later program can raise them without breaking old ones. Not the
standard library's hashlib.scrypt: the exe leaves out Python's own OpenSSL DLLs (installer/
kongchuo.spec), and hashlib has no scrypt without them; `cryptography` carries its own.
No db, no Qt."""

from __future__ import annotations

import hmac
import secrets

from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

SCHEME = "scrypt"
# About 50 ms and 16 MiB per check on an office PC: slow for someone trying millions of guesses
# on a copied file, unnoticeable at a login.
N, R, P = 2**14, 8, 1
SALT_BYTES = 16
KEY_BYTES = 32
MAX_MEMORY = 64 * 2**20

# Recovery codes: no 0/O, 1/I/L, so a code read off paper is typed right.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_GROUPS, CODE_GROUP_LENGTH = 5, 4


def _derive(secret: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    if n * r * 128 > MAX_MEMORY:  # a stored hash asking for more memory than a check may take
        raise ValueError("scrypt parameters too large")
    return Scrypt(salt=salt, length=KEY_BYTES, n=n, r=r, p=p).derive(secret.encode("utf-8"))


def hash_secret(secret: str) -> str:
    """ "scrypt$n$r$p$<salt hex>$<key hex>" for `secret`, with a fresh random salt."""
    salt = secrets.token_bytes(SALT_BYTES)
    key = _derive(secret, salt, N, R, P)
    return f"{SCHEME}${N}${R}${P}${salt.hex()}${key.hex()}"


def matches(secret: str, stored: str) -> bool:
    """Whether `secret` is the one `stored` was made from (constant-time comparison)."""
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != SCHEME:
            return False
        derived = _derive(secret, bytes.fromhex(salt), int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(derived, bytes.fromhex(key))


def spend_time() -> None:
    """As long as a check takes: an unknown account name answers no faster than a wrong password."""
    _derive("", b"\0" * SALT_BYTES, N, R, P)


def new_recovery_code() -> str:
    """A random code such as "7KQM-2XHD-…" (5 groups of 4, about 99 bits)."""
    groups = (
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LENGTH))
        for _ in range(CODE_GROUPS)
    )
    return "-".join(groups)


def normal_code(typed: str) -> str:
    """A typed code as it was issued: capitals, dashes in place; spaces and case do not matter."""
    plain = "".join(ch for ch in typed.upper() if ch.isalnum())
    step = CODE_GROUP_LENGTH
    return "-".join(plain[i : i + step] for i in range(0, len(plain), step))
