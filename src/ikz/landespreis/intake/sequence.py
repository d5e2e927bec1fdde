"""Reference numbers that never repeat, even when many posts arrive at once.

The counter lives on the competition, but it is advanced in a transaction of
its own (like a database sequence): a short transaction that retries on
conflicts and commits at once. The application's own transaction never
touches the counter, so concurrent applications do not conflict on it; a
number whose application later fails stays unused (a gap, never a
duplicate).
"""

from ikz.landespreis.utils import ensure_annotation
from persistent import Persistent
from ZODB.POSException import ConflictError
from ZODB.POSException import POSKeyError

import random
import time
import transaction


KEY = "ikz.landespreis.reference_counter"


class Counter(Persistent):
    """A plain counter: concurrent increments must conflict (no resolution)."""

    def __init__(self):
        self.value = 0


def ensure_counter(competition):
    return ensure_annotation(competition, KEY, Counter)


def next_number(competition, attempts=100):
    counter = ensure_counter(competition)
    oid = counter._p_oid
    jar = getattr(competition, "_p_jar", None)
    if oid is None or jar is None:
        # not stored yet: the counter is new in this very transaction
        counter.value += 1
        return counter.value
    manager = transaction.TransactionManager()
    connection = jar.db().open(transaction_manager=manager)
    try:
        for attempt in range(attempts):
            manager.begin()
            try:
                stored = connection.get(oid)
                stored.value += 1
                number = stored.value
                manager.commit()
                return number
            except POSKeyError:
                manager.abort()
                # created in the current, uncommitted transaction
                counter.value += 1
                return counter.value
            except ConflictError:
                manager.abort()
                time.sleep(random.uniform(0.001, 0.02) * (attempt + 1))  # noqa: S311 - retry jitter, not a secret
        raise ConflictError("reference counter: too many concurrent attempts")
    finally:
        connection.close()
