"""The writers of one process line up for SQLite's write lock, first come first served.

SQLite has one write lock per database, and a transaction that waits for it polls (its busy
handler sleeps up to 100 ms between tries): whoever tries at the right moment gets it, however
long the others have waited. With 16 threads of 4 workers writing to one case, a few waited out
the whole busy timeout while later writers went first, and were answered 503. In the queue a
process's writers take their turn in order, so only one writer per process polls SQLite; the
wait for the lock is shared fairly between processes and then between threads.
"""

import os
import sqlite3
import threading
import time
from collections import deque


class WriterQueueTimeout(sqlite3.OperationalError):
    """A writer's turn did not come within the busy timeout: the same answer as SQLite's own
    "database is locked" (SQLITE_BUSY), so that the request is answered 503, nothing saved."""

    def __init__(self):
        super().__init__("database is locked (waited for this process's other writers)")
        self.sqlite_errorcode = 5  # SQLITE_BUSY
        self.sqlite_errorname = "SQLITE_BUSY"


class WriterQueue:
    """A first-in first-out lock for write transactions, re-entrant for the thread holding it (a
    second connection in the same thread must not wait for the first)."""

    def __init__(self):
        self._reset()
        os.register_at_fork(after_in_child=self._reset)

    def _reset(self):
        # A fork copies the lock as it is; the child's threads are new and hold nothing.
        self._mutex = threading.Lock()
        self._waiting = deque()
        self._owner = None
        self._depth = 0

    def acquire(self, timeout):
        """Wait up to `timeout` seconds for this thread's turn; raise WriterQueueTimeout if it did
        not come."""
        me = threading.get_ident()
        with self._mutex:
            if self._owner == me:
                self._depth += 1
                return
            if self._owner is None and not self._waiting:
                self._owner, self._depth = me, 1
                return
            turn = threading.Event()
            self._waiting.append((me, turn))
        deadline = time.monotonic() + timeout
        if turn.wait(max(deadline - time.monotonic(), 0)):
            return
        with self._mutex:
            if turn.is_set():  # handed over while the wait timed out
                return
            self._waiting.remove((me, turn))
        raise WriterQueueTimeout()

    def release(self):
        """End this thread's turn and hand it to the next in line."""
        with self._mutex:
            if self._owner != threading.get_ident():
                return
            self._depth -= 1
            if self._depth:
                return
            if self._waiting:
                self._owner, turn = self._waiting.popleft()
                self._depth = 1
                turn.set()
            else:
                self._owner = None
