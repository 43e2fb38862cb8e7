"""The queue in which a process's SQLite writers wait their turn: first come, first served; a turn
not come in time is SQLite's own "database is locked"; the thread holding it may begin again."""

import threading
import time

import pytest

from initiatives.core.errors import is_busy
from initiatives.core.writer_queue import WriterQueue, WriterQueueTimeout


def test_writers_take_their_turn_in_the_order_they_came():
    queue = WriterQueue()
    queue.acquire(timeout=1)
    order = []

    def writer(number):
        queue.acquire(timeout=10)
        order.append(number)
        queue.release()

    threads = []
    for number in range(8):
        thread = threading.Thread(target=writer, args=(number,))
        thread.start()
        threads.append(thread)
        time.sleep(0.02)  # each in line before the next comes
    queue.release()
    for thread in threads:
        thread.join(timeout=10)
    assert order == list(range(8))


def test_a_turn_that_does_not_come_in_time_is_database_busy_and_leaves_the_line():
    queue = WriterQueue()
    queue.acquire(timeout=1)
    outcome = {}

    def impatient():
        try:
            queue.acquire(timeout=0.1)
        except WriterQueueTimeout as error:
            outcome["error"] = error

    thread = threading.Thread(target=impatient)
    thread.start()
    thread.join(timeout=5)
    assert is_busy(outcome["error"])
    queue.release()
    # The impatient writer left the line: the next one gets its turn at once.
    acquired = threading.Event()
    threading.Thread(target=lambda: (queue.acquire(timeout=1), acquired.set(), queue.release())).start()
    assert acquired.wait(2)


def test_the_thread_holding_its_turn_may_begin_again():
    queue = WriterQueue()
    queue.acquire(timeout=1)
    queue.acquire(timeout=0.01)  # a second connection in the same thread: no wait for itself
    queue.release()
    waiting = threading.Event()
    got_it = threading.Event()

    def other():
        waiting.set()
        queue.acquire(timeout=5)
        got_it.set()
        queue.release()

    thread = threading.Thread(target=other)
    thread.start()
    waiting.wait(1)
    assert not got_it.wait(0.1)  # still held once
    queue.release()
    assert got_it.wait(2)
    thread.join(timeout=5)


@pytest.mark.parametrize("turns", [1, 3])
def test_a_released_queue_is_free(turns):
    queue = WriterQueue()
    for _turn in range(turns):
        queue.acquire(timeout=0.01)
    for _turn in range(turns):
        queue.release()
    acquired = threading.Event()
    threading.Thread(target=lambda: (queue.acquire(timeout=0.5), acquired.set())).start()
    assert acquired.wait(2)
