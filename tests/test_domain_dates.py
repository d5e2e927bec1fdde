"""The submission window in German time (pure functions)."""

from datetime import datetime
from datetime import timedelta
from datetime import UTC
from ikz.landespreis.domain.dates import time_left
from ikz.landespreis.domain.dates import to_berlin
from ikz.landespreis.domain.dates import window_phase

import unittest


START = to_berlin(datetime(2025, 12, 1, 0, 0, 0))
END = to_berlin(datetime(2026, 2, 9, 23, 59, 59))


class TestWindow(unittest.TestCase):
    def test_table(self):
        cases = [
            (datetime(2025, 11, 30, 23, 59, 59), "before"),
            (datetime(2025, 12, 1, 0, 0, 0), "open"),
            (datetime(2026, 1, 15, 12, 0), "open"),
            (datetime(2026, 2, 9, 23, 59, 59), "open"),
            (datetime(2026, 2, 9, 23, 59, 59, 999999), "open"),
            (datetime(2026, 2, 10, 0, 0, 0), "after"),
        ]
        for naive, expected in cases:
            self.assertEqual(
                window_phase(START, END, to_berlin(naive)), expected, naive
            )

    def test_utc_clock(self):
        # 22:59:59 UTC is 23:59:59 in Berlin in winter
        now = datetime(2026, 2, 9, 22, 59, 59, tzinfo=UTC)
        self.assertEqual(window_phase(START, END, now), "open")
        self.assertEqual(window_phase(START, END, now + timedelta(seconds=1)), "after")

    def test_summer_time(self):
        end = to_berlin(datetime(2026, 7, 31, 23, 59, 59))
        start = to_berlin(datetime(2026, 6, 1))
        now = datetime(2026, 7, 31, 21, 59, 59, tzinfo=UTC)  # CEST = UTC+2
        self.assertEqual(window_phase(start, end, now), "open")
        self.assertEqual(window_phase(start, end, now + timedelta(seconds=1)), "after")

    def test_unset(self):
        self.assertEqual(window_phase(None, END, START), "unset")

    def test_naive_values_are_german_wall_clock(self):
        winter = to_berlin(datetime(2026, 1, 1, 12))
        summer = to_berlin(datetime(2026, 7, 1, 12))
        self.assertEqual(winter.utcoffset(), timedelta(hours=1))
        self.assertEqual(summer.utcoffset(), timedelta(hours=2))
        self.assertEqual(summer.hour, 12)

    def test_time_left(self):
        self.assertEqual(time_left(END, END + timedelta(days=1)), timedelta(0))
        self.assertEqual(time_left(END, END - timedelta(hours=5)), timedelta(hours=5))
