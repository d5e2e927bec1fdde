"""The cyclic garbage collector paused while a ranking is built and shown.

A ranking of 10,000 applications builds some 10,000 row dicts at once. In
an instance whose cache holds the site's objects, that many new objects
set off CPython's full collections, and each walks every object of the
process: the benchmark (bench/ranking.py) measured 285 ms of a 450 ms
ranking spent there, against 130 ms without. The ranking creates no
reference cycles, so reference counting frees all of it when the request
ends and nothing is left for the collector; the pause covers the building
of the result and its rendering (page or JSON), a few hundred
milliseconds. The collector is the process's, shared by its threads: the
pause is counted, and the last one to end switches it on again (when it
was on before the first).
"""

from contextlib import contextmanager

import functools
import gc
import threading


_lock = threading.Lock()
_holders = 0
_was_enabled = False


@contextmanager
def collector_paused():
    global _holders, _was_enabled
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _was_enabled:
                gc.enable()


def paused(function):
    """Decorator: ``function`` runs with the collector paused."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with collector_paused():
            return function(*args, **kwargs)

    return wrapper
