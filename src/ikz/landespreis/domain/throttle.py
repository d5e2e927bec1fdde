"""Login throttling rules: pure functions over plain records.

A record per key (an account's login or a client address) is a tuple
``(failures, last_failure, locked_until)`` with times in seconds. After
``delay_after`` failures each further attempt must wait a delay that
doubles with every failure (up to ``max_delay``); after ``lock_after``
failures the key is locked for ``lock_seconds``. Attempts refused while a
delay runs count as failures too; while a lock runs they change nothing
(the plugin writes nothing then). Failures older than ``window_seconds``
are forgotten.
"""

from dataclasses import dataclass


#: (failures, last failure, locked until)
Record = tuple[int, float, float]


@dataclass(frozen=True)
class Limits:
    delay_after: int = 3
    max_delay: float = 60.0
    lock_after: int = 10
    lock_seconds: float = 30 * 60.0
    window_seconds: float = 60 * 60.0


#: a client address may be shared by a whole town hall behind one NAT
ACCOUNT = Limits()
ADDRESS = Limits(delay_after=20, max_delay=30.0, lock_after=50)

EMPTY: Record = (0, 0.0, 0.0)

ALLOWED = "allowed"
WAIT = "wait"
LOCKED = "locked"


def current(record: Record | None, now: float, limits: Limits) -> Record:
    """The record as it stands at ``now`` (old failures forgotten)."""
    failures, last, locked_until = record or EMPTY
    if locked_until and locked_until <= now:
        return EMPTY
    if failures and now - last > limits.window_seconds and locked_until <= now:
        return EMPTY
    return (failures, last, locked_until)


def delay(failures: int, limits: Limits) -> float:
    """Seconds an attempt must wait after ``failures`` failures."""
    if failures < limits.delay_after:
        return 0.0
    return float(min(limits.max_delay, 2 ** (failures - limits.delay_after)))


def decide(record: Record | None, now: float, limits: Limits) -> tuple[str, float]:
    """``(verdict, seconds)``: ALLOWED, or WAIT/LOCKED and for how long."""
    failures, last, locked_until = current(record, now, limits)
    if locked_until > now:
        return LOCKED, locked_until - now
    wait = last + delay(failures, limits) - now
    if failures and wait > 0:
        return WAIT, wait
    return ALLOWED, 0.0


def failed(record: Record | None, now: float, limits: Limits) -> Record:
    """The record after one more failed (or refused) attempt."""
    failures, _last, locked_until = current(record, now, limits)
    failures += 1
    if failures >= limits.lock_after and locked_until <= now:
        locked_until = now + limits.lock_seconds
    return (failures, now, locked_until)


def is_locked(record: Record | None, now: float, limits: Limits) -> bool:
    return decide(record, now, limits)[0] == LOCKED
