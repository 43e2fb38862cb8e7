"""Password hashes: argon2id in production (argon2-cffi), Werkzeug's methods for older hashes and
for the tests' cheap one.

PASSWORD_HASH_METHOD is either `argon2id:MEMORY_KIB:TIME:PARALLELISM` or a Werkzeug method
(`scrypt:N:r:p`, `pbkdf2:sha256:ITERATIONS`). A stored hash of any of them is checked by what it
says it is; one made otherwise than the configured method is made anew at the next log-in.
"""

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from werkzeug.security import check_password_hash, generate_password_hash

ARGON2ID = "argon2id"


@cache
def _argon2(method):
    """The argon2-cffi hasher of an `argon2id:m:t:p` method string."""
    _name, memory_kib, time_cost, parallelism = method.split(":")
    return PasswordHasher(memory_cost=int(memory_kib), time_cost=int(time_cost), parallelism=int(parallelism))


def _is_argon2(method):
    return method.startswith(f"{ARGON2ID}:")


def make_hash(password, method):
    if _is_argon2(method):
        return _argon2(method).hash(password)
    return generate_password_hash(password, method=method)


def matches(stored, password):
    """Whether `password` is the one `stored` was made of; False for a hash it cannot read."""
    if stored.startswith("$argon2"):
        try:
            # The parameters come from the stored hash itself, so any argon2 hasher verifies it.
            return _argon2(f"{ARGON2ID}:19456:2:1").verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False
    return check_password_hash(stored, password)


def needs_new_hash(stored, method):
    """Whether `stored` was made with another method or other parameters than `method`."""
    if _is_argon2(method):
        return not stored.startswith("$argon2id$") or _argon2(method).check_needs_rehash(stored)
    return not stored.startswith(f"{method}$")
