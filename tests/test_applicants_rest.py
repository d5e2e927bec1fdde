"""The applicants' REST endpoints: ``@application-link`` and
``@my-application``, with the token attacks."""

from ikz.landespreis.applicants import tokens
from tests.applicants import ApplicantsTestCase

import requests
import transaction


JSON = {"Accept": "application/json", "Content-Type": "application/json"}


class TestApplicantsRest(ApplicantsTestCase):
    def setUp(self):
        super().setUp()
        self.apply()
        self.wait_for_mails(2)
        transaction.begin()
        (self.submission,) = self.submissions()
        self.url = self.competition.absolute_url()

    def test_request_link_same_answer(self):
        known = requests.post(
            f"{self.url}/@application-link",
            json={"email": "erika@example.org"},
            headers=JSON,
            timeout=30,
        )
        unknown = requests.post(
            f"{self.url}/@application-link",
            json={"email": "niemand@example.org"},
            headers=JSON,
            timeout=30,
        )
        self.assertEqual(known.status_code, 200, known.text)
        self.assertEqual(known.json(), unknown.json())
        self.assertIn("Wenn zu dieser E-Mail-Adresse", known.json()["message"])
        self.assertEqual(len(self.mails_to("erika@example.org", 2)), 2)
        bad = requests.post(
            f"{self.url}/@application-link",
            json={"email": "kein-at"},
            headers=JSON,
            timeout=30,
        )
        self.assertEqual(bad.status_code, 400)
        self.assertIn("gültige E-Mail-Adresse", bad.json()["error"]["message"])

    def test_my_application_with_token(self):
        token = tokens.issue_token(self.submission)
        transaction.commit()
        answer = requests.get(
            f"{self.url}/@my-application",
            headers={"Accept": "application/json", "X-Application-Token": token},
            timeout=30,
        )
        self.assertEqual(answer.status_code, 200, answer.text)
        data = answer.json()
        self.assertEqual(data["reference"], "LP26-KA-0001")
        self.assertEqual(data["status"]["label"], "Eingegangen")
        self.assertIn("no-store", answer.headers["Cache-Control"])

    def test_my_application_refuses_bad_tokens(self):
        from datetime import datetime
        from datetime import timedelta
        from ikz.landespreis.domain.dates import BERLIN

        expired = tokens.issue_token(
            self.submission, now=datetime.now(BERLIN) - timedelta(days=20)
        )
        transaction.commit()
        for token in (None, "geraten", expired, expired[:-2] + "00"):
            headers = {"Accept": "application/json"}
            if token:
                headers["X-Application-Token"] = token
            answer = requests.get(
                f"{self.url}/@my-application", headers=headers, timeout=30
            )
            self.assertEqual(answer.status_code, 403, token)
            self.assertNotIn("LP26", answer.text)
            self.assertIn("ungültig oder abgelaufen", answer.json()["error"]["message"])
