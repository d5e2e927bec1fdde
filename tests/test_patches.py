"""The start-up work-around of patches.py: templates and Python
expressions are compiled one at a time (CPython 3.11's AST constructor
state is shared between threads)."""

from ikz.landespreis import patches
from ikz.landespreis.testing import IKZ_LANDESPREIS_INTEGRATION_TESTING

import threading
import unittest


class TestCompileOneAtATime(unittest.TestCase):
    layer = IKZ_LANDESPREIS_INTEGRATION_TESTING

    def compilers(self):
        from chameleon.zpt.template import PageTemplate
        from RestrictedPython import compile_restricted_eval
        from zope.tales.engine import Engine

        return {
            "chameleon": lambda n: PageTemplate(f"<p>${{{n} + 1}}</p>")(),
            "restricted": lambda n: compile_restricted_eval(f"{n} * 2"),
            "tales": lambda n: Engine.compile(f"python: {n} - 1"),
        }

    def test_each_compiler_waits_for_the_other(self):
        for name, compile_ in self.compilers().items():
            done = threading.Event()

            def work(compile_=compile_, done=done):
                compile_(7)
                done.set()

            with patches._COMPILING:
                thread = threading.Thread(target=work)
                thread.start()
                # another thread holds the lock: no compilation meanwhile
                self.assertFalse(done.wait(0.5), name)
            self.assertTrue(done.wait(30), name)
            thread.join()

    def test_many_threads_compile_at_once(self):
        errors = []
        compilers = list(self.compilers().values())

        def work(number):
            try:
                for step in range(20):
                    compilers[(number + step) % 3](number * 100 + step)
            except Exception as error:  # pragma: no cover - the failure
                errors.append(repr(error))

        threads = [threading.Thread(target=work, args=(n,)) for n in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])
