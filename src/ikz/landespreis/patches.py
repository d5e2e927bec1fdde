"""One work-around, applied by ``<ikz:apply>`` in configure.zcml.

CPython 3.11 keeps the recursion depth of its AST constructor in state that
threads share, so two threads converting syntax trees at the same moment
can fail with "SystemError: AST constructor recursion depth mismatch"
(python/cpython#106905 and its follow-ups). Chameleon converts syntax
trees when it compiles a page template, which happens on the first use of
each template in a fresh instance; the cluster tests saw a form page fail
this way when a deadline rush met a freshly started instance. So do
restricted Python expressions (workflow guards, actions, TALES ``python:``
expressions), compiled on their first use in each process, which can meet a
template being compiled in another thread. Templates and expressions are
therefore compiled one at a time; both are cached once compiled, so this
costs nothing once an instance is warm.
"""

from chameleon.template import BaseTemplate

import functools
import threading


_COMPILING = threading.RLock()


def _serialised(original):
    if getattr(original, "_ikz_serialised", False):
        return original

    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        with _COMPILING:
            return original(*args, **kwargs)

    wrapper._ikz_serialised = True
    return wrapper


def compile_one_at_a_time():
    """Chameleon's templates, RestrictedPython's and zope.tales' Python
    expressions: one compilation at a time in the process."""
    import RestrictedPython.compile
    import zope.tales.pythonexpr

    BaseTemplate._compile = _serialised(BaseTemplate._compile)
    RestrictedPython.compile._compile_restricted_mode = _serialised(
        RestrictedPython.compile._compile_restricted_mode
    )
    zope.tales.pythonexpr.PythonExpr._compile = _serialised(
        zope.tales.pythonexpr.PythonExpr._compile
    )
