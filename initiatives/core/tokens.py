"""Random secrets as they are stored: API tokens, session ids and recovery codes are kept (and
counted by the rate limiter) only as hashes."""

import hashlib


def hash_token(token):
    """Return the stored form of a random secret (API token, session id, recovery code).

    They are random with at least 80 bits, so SHA-256 suffices: no slow hash is needed.
    """
    return hashlib.sha256(token.encode()).hexdigest()
