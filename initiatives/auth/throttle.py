"""The log-in throttle: failed passwords and codes slow down whoever makes them, not the account.

Three counts, kept in the rate limiter's storage (memory:// for one process, Redis for several:
`BRICOLEUR_RATELIMIT_STORAGE_URI`), over the log-in's steps (password, code, the password that
links single sign-on) and the password asked again while signed in (`operations.
confirm_current_password`):

- per username *and* client address (the pair): LOGIN_FAILURES_PER_PAIR failures are free; each
  further one makes the pair wait LOGIN_DELAY_SECONDS, doubled per failure (60 s, 2, 4, 8 min...)
  up to LOGIN_DELAY_MAX_MINUTES. A successful log-in forgets the pair's failures; otherwise they
  are forgotten a day after the first.
- per client address, whatever the username (LOGIN_FAILURES_PER_ADDRESS): one address trying
  many usernames.
- per username, whatever the address (LOGIN_FAILURES_PER_ACCOUNT): a ceiling far above a
  person's mistakes, against guessing from many addresses at once.

A stranger who types wrong passwords for someone's username therefore waits longer and longer
at their own address, while the owner signs in from theirs. A throttled attempt is refused
before its password is checked, and is not counted.
"""

import time

from flask import current_app
from limits import parse

from initiatives.core.request_origin import client_address
from initiatives.extensions import limiter

#: How long a pair's failures are remembered (from its first failure) when no log-in succeeds.
PAIR_MEMORY_SECONDS = 24 * 60 * 60


def clock():
    """Seconds since the epoch; tests move it forward to see a wait end."""
    return time.time()


class Throttled(Exception):
    """Too many failures: the attempt is refused without being checked, for `retry_after` seconds."""

    def __init__(self, retry_after):
        super().__init__(f"throttled for {retry_after} s")
        self.retry_after = max(1, int(retry_after))


def _enabled():
    return limiter.enabled and limiter.initialized


def _key(username):
    return (username or "")[:64]


def _pair(username, address):
    return f"login-pair/{_key(username)}/{address}"


def _windows(username, address):
    """(limit, identifiers) of the per-address limit and the per-account ceiling."""
    config = current_app.config
    return [
        (parse(config["LOGIN_FAILURES_PER_ADDRESS"]), ("login-address", address)),
        (parse(config["LOGIN_FAILURES_PER_ACCOUNT"]), ("login-account", _key(username))),
    ]


def _delay(failures):
    """Seconds the pair waits after its `failures`-th failure (0 while they are free)."""
    config = current_app.config
    beyond = failures - config["LOGIN_FAILURES_PER_PAIR"]
    if beyond < 0:
        return 0
    longest = config["LOGIN_DELAY_MAX_MINUTES"] * 60
    return min(config["LOGIN_DELAY_SECONDS"] * 2 ** min(beyond, 32), longest)


def pair_wait(username, address=None):
    """Seconds the username must still wait at `address` (default: this request's); 0 if none.

    Each failure beyond the free ones stores when its wait ends under a key of its own (the
    failure's number), so two failures at the same moment never add up their waits.
    """
    if not _enabled():
        return 0
    storage = limiter.storage
    pair = _pair(username, address or client_address())
    failures = storage.get(pair)
    if failures < current_app.config["LOGIN_FAILURES_PER_PAIR"]:
        return 0
    until = storage.get(f"{pair}/{failures}")
    return max(0, until - clock())


def check(username, *, pair_only=False):
    """Raise Throttled when an attempt for `username` from this address must wait.

    `pair_only` checks the pair alone: for the password asked again while signed in, which a
    stranger's failures (the per-account ceiling) must not make the owner's session end.
    """
    if not _enabled():
        return
    waits = [pair_wait(username)]
    if not pair_only:
        strategy = limiter.limiter
        for limit, identifiers in _windows(username, client_address()):
            if not strategy.test(limit, *identifiers):
                reset_at, _remaining = strategy.get_window_stats(limit, *identifiers)
                waits.append(reset_at - time.time())
    wait = max(waits)
    if wait > 0:
        raise Throttled(wait)


def failed(username):
    """Count a failed attempt for `username` from this address."""
    if not _enabled():
        return
    address = client_address()
    strategy = limiter.limiter
    for limit, identifiers in _windows(username, address):
        strategy.hit(limit, *identifiers)
    storage = limiter.storage
    pair = _pair(username, address)
    failures = storage.incr(pair, PAIR_MEMORY_SECONDS)
    delay = _delay(failures)
    if delay:
        storage.incr(f"{pair}/{failures}", int(delay) + 1, amount=int(clock() + delay))


def succeeded(username):
    """Forget the pair's failures: its person has signed in from this address."""
    if not _enabled():
        return
    pair = _pair(username, client_address())
    storage = limiter.storage
    failures = storage.get(pair)
    storage.clear(pair)
    if failures:
        storage.clear(f"{pair}/{failures}")
