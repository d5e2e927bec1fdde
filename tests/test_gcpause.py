"""The garbage collector's pause around a ranking (gcpause.py): off while
the rows are built and shown, on again afterwards, also when several
threads pause it at once or the work fails; left off when it was off."""

from ikz.landespreis.gcpause import collector_paused
from ikz.landespreis.gcpause import paused

import gc
import threading
import unittest


class TestCollectorPaused(unittest.TestCase):
    def setUp(self):
        self.addCleanup(gc.enable)
        gc.enable()

    def test_off_inside_on_after(self):
        with collector_paused():
            self.assertFalse(gc.isenabled())
        self.assertTrue(gc.isenabled())

    def test_on_again_after_a_failure(self):
        @paused
        def fails():
            self.assertFalse(gc.isenabled())
            raise ValueError("kaputt")

        with self.assertRaises(ValueError):
            fails()
        self.assertTrue(gc.isenabled())

    def test_nested(self):
        with collector_paused():
            with collector_paused():
                self.assertFalse(gc.isenabled())
            self.assertFalse(gc.isenabled())
        self.assertTrue(gc.isenabled())

    def test_left_off_when_it_was_off(self):
        gc.disable()
        with collector_paused():
            pass
        self.assertFalse(gc.isenabled())

    def test_overlapping_threads(self):
        """The first thread ends its pause while the second is still in
        its own: the collector stays off until the second ends too."""
        first_in, first_out, second_in = (threading.Event() for _ in range(3))
        seen = {}

        def first():
            with collector_paused():
                first_in.set()
                second_in.wait(10)
            first_out.set()

        def second():
            first_in.wait(10)
            with collector_paused():
                second_in.set()
                first_out.wait(10)
                seen["after the first ended"] = gc.isenabled()

        threads = [threading.Thread(target=first), threading.Thread(target=second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
        self.assertEqual(seen, {"after the first ended": False})
        self.assertTrue(gc.isenabled())

    def test_many_threads_leave_it_on(self):
        barrier = threading.Barrier(8)

        def work():
            with collector_paused():
                barrier.wait(10)  # all eight inside at once
            for _round in range(199):
                with collector_paused():
                    pass

        threads = [threading.Thread(target=work) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        self.assertTrue(gc.isenabled())
