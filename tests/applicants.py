"""Helpers of the applicants' tests (tests/test_applicants*.py,
tests/test_drafts.py): a test case with links leading to the test server."""

from ikz.landespreis.ratelimit import LIMITER
from plone import api
from tests.base import IntakeTestCase
from tests.base import valid_values
from tests.browser import Browser
from tests.browser import text

import re
import time
import transaction


LINK = re.compile(r"(http://\S+@@meine-bewerbung\?token=[A-Za-z0-9_.=-]+)")


def body(message):
    """The text of a mail (the text part of a multipart mail)."""
    part = message.get_body(("plain",)) if message.is_multipart() else message
    return part.get_content()


def plain(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text(response)))


class ApplicantsTestCase(IntakeTestCase):
    def setUp(self):
        super().setUp()
        LIMITER.reset()
        # links in mails lead to the test server
        api.portal.set_registry_record(
            "ikz.landespreis.delivery.public_url", self.portal.absolute_url()
        )
        transaction.commit()
        self.page = f"{self.competition.absolute_url()}/@@meine-bewerbung"

    def tearDown(self):
        LIMITER.reset()
        super().tearDown()

    def apply(self, **overrides):
        response = Browser().submit_application(
            self.form_url, valid_values(**overrides)
        )
        self.assertEqual(response.status_code, 200, plain(response)[-600:])
        return response

    def mails_to(self, address, count=1, timeout=10):
        deadline = time.time() + timeout
        while True:
            found = [m for rcpt, m in self.smtp.messages if address in rcpt]
            if len(found) >= count or time.time() > deadline:
                return found
            time.sleep(0.05)

    def link_in(self, message):
        found = LINK.findall(body(message))
        self.assertTrue(found, body(message))
        return found[-1]

    def request_link(self, session, address):
        page = session.get(self.page)
        authenticator = re.search(
            r'name="_authenticator" value="([^"]+)"', page.text
        ).group(1)
        return session.post(
            self.page,
            data={
                "email": address,
                "_authenticator": authenticator,
                "form.buttons.request": "1",
            },
        )
