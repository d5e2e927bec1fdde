"""The applicant's view of the state of an application (pure rules)."""

from datetime import datetime
from datetime import timedelta
from ikz.landespreis.domain.applicant_status import applicant_status
from ikz.landespreis.domain.applicant_status import dates_ahead
from ikz.landespreis.domain.dates import BERLIN

import unittest


def key(state, competition_state="open", released=None, reason=""):
    return applicant_status(state, competition_state, released, reason).key


class TestApplicantStatus(unittest.TestCase):
    def test_received_while_open_then_checking(self):
        self.assertEqual(key("received", "open"), "received")
        self.assertEqual(key("received", "judging"), "checking")

    def test_eligibility_outcome_only_when_released(self):
        self.assertEqual(key("admitted", "judging"), "checking")
        self.assertEqual(key("admitted", "judging", "admitted"), "admitted")
        self.assertEqual(key("rejected", "judging"), "checking")
        status = applicant_status("rejected", "judging", "rejected", "Keine Partner")
        self.assertEqual((status.key, status.label), ("rejected", "Nicht zugelassen"))
        self.assertEqual(status.reason, "Keine Partner")

    def test_jury_outcome_only_once_results_are_published(self):
        for competition_state in ("judging", "decided"):
            self.assertEqual(key("awarded", competition_state), "checking")
            self.assertEqual(key("awarded", competition_state, "admitted"), "admitted")
            self.assertEqual(
                key("nominated", competition_state, "admitted"), "admitted"
            )
        self.assertEqual(key("awarded", "results_published"), "awarded")
        self.assertEqual(key("nominated", "results_published"), "nominated")
        self.assertEqual(key("published", "results_published"), "published")
        self.assertEqual(
            key("admitted", "results_published", "admitted"), "not_awarded"
        )
        self.assertEqual(key("archived_published", "archived"), "published")
        self.assertEqual(key("archived", "archived", "rejected", "x"), "rejected")
        self.assertEqual(key("rejected", "results_published"), "checking")

    def test_withdrawn_and_draft(self):
        self.assertEqual(key("withdrawn", "judging"), "withdrawn")
        self.assertEqual(key("draft", "open"), "draft")
        self.assertEqual(applicant_status("withdrawn", "open").label, "Zurückgezogen")

    def test_every_label_is_german(self):
        for state in ("received", "admitted", "rejected", "awarded", "withdrawn"):
            status = applicant_status(state, "results_published", "admitted")
            self.assertTrue(status.label and status.text)


class TestDatesAhead(unittest.TestCase):
    def test_only_future_dates_soonest_first(self):
        now = datetime(2026, 2, 1, 12, tzinfo=BERLIN)
        ahead = dates_ahead(
            now,
            now + timedelta(days=30),
            now - timedelta(days=1),
            now + timedelta(days=10),
        )
        self.assertEqual(
            [m.label for m in ahead], ["Preisverleihung", "Ende der Bewerbungsfrist"]
        )
        self.assertEqual(dates_ahead(now, None, None, None), [])
