"""Anonymous refusals in bulk: one entry per client address per minute, and one with the count.

Every 401 and 403 is logged (BIO: refused requests are logged), but the audit log is append-only
and a hash chain: a client sending wrong tokens as fast as it can would grow it by hundreds of
permanent rows a second. So a refusal without a signed-in user (an API request without a valid
token, mostly) is counted per client address per clock minute, in the rate limiter's storage
(memory:// in one process, Redis shared by all: `BRICOLEUR_RATELIMIT_STORAGE_URI`):

- the first refusal of an address in a minute is logged as ever, `access.denied`, with its path,
  method and status;
- the later ones of that minute are only counted. Once the minute is over, the next request this
  process answers (any request, of anyone) writes one `access.denied_repeated` entry with the
  address as its origin, the minute, and how many more refusals there were.

Why not write the count at once, or update the first entry? The log cannot change an entry, and
a running total written per refusal would be the flood again. Why "the next request after the
minute"? No request may wait for a timer, and there is no background worker; the count waits in
the storage (a day) until then. Each process remembers which minutes it counted in; whichever
process first claims a minute (an atomic increment of a second key) writes its entry, so with
several workers it is written once. A count is lost only when every process that counted it
stops before answering another request (or, with memory://, with its process).

Refusals of a signed-in user are each logged as before: they name a person, and the API's
per-token limit keeps them few.
"""

import logging
import time
from datetime import UTC, datetime

from flask import current_app

from initiatives.audit.models import Outcome
from initiatives.core.request_origin import client_address
from initiatives.extensions import limiter

#: The audit action of the counted refusals of one address in one minute.
REPEATED_ACTION = "access.denied_repeated"
#: How long a minute's count waits in the storage to be written.
KEEP_SECONDS = 24 * 60 * 60

logger = logging.getLogger(__name__)


def clock():
    """Seconds since the epoch; tests move it to the next minute."""
    return time.time()


def _counting():
    return limiter.enabled and limiter.initialized


def _counted_minutes():
    """(address, minute) pairs this process counted refusals in that are not yet written."""
    return current_app.extensions.setdefault("audit_repeated_denials", set())


def _key(address, minute):
    return f"audit-denied/{address}/{minute}"


def entries_for(denial):
    """The entries to write for an anonymous refusal `denial` ((action, details)): itself when it
    is its address's first this minute, none when it is only counted."""
    if not _counting():
        return [denial]
    address = client_address()
    minute = int(clock() // 60)
    try:
        number = limiter.storage.incr(_key(address, minute), KEEP_SECONDS)
    except Exception:  # the storage is down: log every refusal rather than none
        logger.exception("could not count a refusal; it is logged on its own")
        return [denial]
    if number == 1:
        return [denial]
    _counted_minutes().add((address, minute))
    return []


def due_counts():
    """One entry per counted minute that is over: (action, details) to write."""
    if not _counting():
        return []
    counted = _counted_minutes()
    if not counted:
        return []
    now = int(clock() // 60)
    entries = []
    for address, minute in sorted(item for item in counted if item[1] < now):
        counted.discard((address, minute))
        try:
            key = _key(address, minute)
            if limiter.storage.incr(key + "/written", KEEP_SECONDS) != 1:
                continue  # another process writes it
            number = limiter.storage.get(key)
        except Exception:
            logger.exception("could not read the refusals counted for %s", address)
            continue
        if number > 1:
            entries.append(_repeated_entry(address, minute, number - 1))
    return entries


def _repeated_entry(address, minute, more):
    start = datetime.fromtimestamp(minute * 60, UTC)
    return (
        REPEATED_ACTION,
        {
            "actor": None,
            "outcome": Outcome.DENIED,
            "origin": address,
            "summary": f"{more} more requests from {address} refused in the minute from {start:%H:%M} UTC",
            "data": {"count": more, "minute": start.isoformat()},
        },
    )
