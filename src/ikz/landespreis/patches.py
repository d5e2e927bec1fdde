"""One work-around, applied by ``<ikz:apply>`` in configure.zcml.

CPython 3.11 keeps the recursion depth of its AST constructor in state that
threads share, so two threads converting syntax trees at the same moment
can fail with "SystemError: AST constructor recursion depth mismatch"
(python/cpython#106905 and its follow-ups). Chameleon converts syntax
trees when it compiles a page template, which happens on the first use of
each template in a fresh instance; the cluster tests saw a form page fail
this way when a deadline rush met a freshly started instance. Templates
are therefore compiled one at a time; compiled templates are cached, so
this costs nothing once an instance is warm.
"""

from chameleon.template import BaseTemplate

import functools
import threading


_COMPILING = threading.RLock()


def compile_one_at_a_time():
    original = BaseTemplate._compile
    if getattr(original, "_ikz_serialised", False):
        return

    @functools.wraps(original)
    def _compile(self, body, builtins):
        with _COMPILING:
            return original(self, body, builtins)

    _compile._ikz_serialised = True
    BaseTemplate._compile = _compile
