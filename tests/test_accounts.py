"""Accounts under attack (issue 12, item 4), over a real WSGI server:
password guessing is delayed and then locked (an administrator lifts the
lock), anonymous visitors list no principals, and the password reset tells
nobody which accounts exist."""

from aiosmtpd.controller import Controller
from ikz.landespreis.accounts.throttle import MEMORY
from ikz.landespreis.accounts.throttle import PLUGIN_ID
from ikz.landespreis.domain import throttle as rules
from ikz.landespreis.testing import IKZ_LANDESPREIS_FUNCTIONAL_TESTING
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from tests.base import add_user
from tests.base import free_port
from tests.base import german
from tests.base import JSON
from tests.base import make_competition
from tests.base import make_jury
from tests.base import PASSWORD
from tests.base import real_mailhost
from tests.base import SMTPRecorder

import logging
import re
import requests
import time
import transaction
import unittest


class LogRecorder(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


class TestThrottleRules(unittest.TestCase):
    """The pure rules (domain/throttle.py)."""

    def test_delay_grows_then_lock(self):
        limits = rules.Limits(delay_after=3, max_delay=60, lock_after=10)
        self.assertEqual(
            [rules.delay(n, limits) for n in range(2, 12)],
            [0, 1, 2, 4, 8, 16, 32, 60, 60, 60],
        )
        record, now = None, 1000.0
        for _ in range(3):
            self.assertEqual(rules.decide(record, now, limits)[0], rules.ALLOWED)
            record = rules.failed(record, now, limits)
        self.assertEqual(rules.decide(record, now + 0.5, limits)[0], rules.WAIT)
        self.assertEqual(rules.decide(record, now + 1.0, limits)[0], rules.ALLOWED)
        for _ in range(7):
            record = rules.failed(record, now, limits)
        verdict, seconds = rules.decide(record, now, limits)
        self.assertEqual((verdict, seconds), (rules.LOCKED, limits.lock_seconds))
        # the lock ends by itself, with a clean slate
        later = now + limits.lock_seconds + 1
        self.assertEqual(rules.decide(record, later, limits)[0], rules.ALLOWED)
        self.assertEqual(rules.current(record, later, limits), rules.EMPTY)

    def test_old_failures_are_forgotten(self):
        limits = rules.ACCOUNT
        record = rules.failed(rules.failed(None, 0.0, limits), 0.0, limits)
        self.assertEqual(rules.current(record, 10.0, limits)[0], 2)
        self.assertEqual(
            rules.current(record, limits.window_seconds + 1, limits), rules.EMPTY
        )


class AccountsTestCase(unittest.TestCase):
    layer = IKZ_LANDESPREIS_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        MEMORY.clear()
        self.addCleanup(MEMORY.clear)
        german()
        add_user("jury1")
        add_user("jury2")
        transaction.commit()
        self.base = self.portal.absolute_url()
        self.log = LogRecorder()
        self.logger = logging.getLogger("ikz.landespreis")
        self.level = self.logger.level
        self.logger.setLevel(logging.INFO)
        self.logger.addHandler(self.log)

    def tearDown(self):
        self.logger.removeHandler(self.log)
        self.logger.setLevel(self.level)

    def login(self, user, password):
        """plone.restapi's ``@login``: 200 with a token, or 401."""
        return requests.post(
            self.base + "/@login",
            json={"login": user, "password": password},
            headers=JSON,
            timeout=30,
        )


class TestLoginThrottle(AccountsTestCase):
    def test_hundred_wrong_passwords_lock_the_account(self):
        start = time.time()
        answers = {self.login("jury1", f"falsch-{n}").status_code for n in range(100)}
        self.assertEqual(answers, {401})
        # the right password does not help any more: locked
        self.assertEqual(self.login("jury1", PASSWORD).status_code, 401)
        self.assertEqual(self.basic_get("jury1").status_code, 401)
        # the attempts against the lock are refused and written nowhere, so
        # they do not add up to a lock of the whole address
        self.assertEqual(self.login("jury2", PASSWORD).status_code, 200)
        self.assertTrue(any("Login locked: account:jury1" in m for m in self.log.lines))
        self.assertFalse(any("Login locked: address:" in m for m in self.log.lines))
        self.assertTrue(any("Login refused for 'jury1'" in m for m in self.log.lines))
        print(f"\n  100 wrong passwords: {time.time() - start:.1f} s, then locked")

        # the administrator sees the lock and lifts it
        admin = requests.Session()
        admin.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        page = admin.get(self.base + "/@@login-locks", timeout=30)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Anmeldesperren", page.text)
        self.assertIn("jury1", page.text)
        self.assertIn("gesperrt bis", page.text)
        token = re.search(r'name="_authenticator" value="([^"]+)"', page.text)[1]
        lifted = admin.post(
            self.base + "/@@login-locks",
            data={
                "_authenticator": token,
                "keys:list": ["account:jury1", "address:127.0.0.1"],
            },
            timeout=30,
        )
        self.assertEqual(lifted.status_code, 200)
        self.assertNotIn("gesperrt bis", lifted.text)
        self.assertTrue(
            any(
                "Login lock lifted: account:jury1 by admin" in m for m in self.log.lines
            )
        )
        self.assertEqual(self.login("jury1", PASSWORD).status_code, 200)

    def basic_get(self, user):
        return requests.get(
            self.base + "/@users/" + user,
            headers={"Accept": "application/json"},
            auth=(user, PASSWORD),
            timeout=30,
        )

    def test_delay_grows_after_three_failures(self):
        for n in range(3):
            self.assertEqual(self.login("jury1", f"falsch-{n}").status_code, 401)
        # within the delay even the right password is refused ...
        self.assertEqual(self.login("jury1", PASSWORD).status_code, 401)
        # ... and that attempt counted too: now two seconds from then
        time.sleep(1.2)
        self.assertEqual(self.login("jury1", PASSWORD).status_code, 401)
        time.sleep(4.1)
        self.assertEqual(
            self.login("jury1", PASSWORD).status_code, 200, "\n".join(self.log.lines)
        )
        # a success clears the account's failures
        self.assertEqual(self.login("jury1", PASSWORD).status_code, 200)

    def test_one_address_guessing_many_accounts_is_locked(self):
        for n in range(rules.ADDRESS.lock_after):
            self.assertEqual(self.login(f"konto{n}", "falsch").status_code, 401)
        # now the address is locked, whoever logs in from it
        self.assertEqual(self.login("jury2", PASSWORD).status_code, 401)
        self.assertTrue(any("Login locked: address:" in m for m in self.log.lines))
        admin = requests.Session()
        admin.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        page = admin.get(self.base + "/@@login-locks", timeout=30)
        self.assertIn('value="address:127.0.0.1"', page.text)
        self.assertIn("<span>Adresse</span>", page.text)
        token = re.search(r'name="_authenticator" value="([^"]+)"', page.text)[1]
        admin.post(
            self.base + "/@@login-locks",
            data={"_authenticator": token, "all": "1"},
            timeout=30,
        )
        self.assertEqual(self.login("jury2", PASSWORD).status_code, 200)

    def last_write(self):
        return self.portal._p_jar.db().lastTransaction()

    def stored_keys(self):
        transaction.begin()
        return set(self.portal.acl_users[PLUGIN_ID].records.keys())

    def test_nothing_written_while_locked(self):
        """Guessing on against a lock costs the database nothing."""
        for n in range(rules.ACCOUNT.lock_after):
            self.login("jury1", f"falsch-{n}")
        transaction.begin()
        entries = self.portal.acl_users[PLUGIN_ID].entries()
        self.assertEqual(entries[0]["verdict"], rules.LOCKED)
        before = self.last_write()
        for n in range(20):
            self.assertEqual(self.login("jury1", f"weiter-{n}").status_code, 401)
        self.assertEqual(self.last_write(), before)
        self.assertTrue(any("Login refused for 'jury1'" in m for m in self.log.lines))

    def test_unknown_logins_are_counted_in_memory_only(self):
        """Random names add no record (and no address) to the database, yet
        the address is delayed and locked all the same."""
        before = self.last_write()
        for n in range(5):
            self.assertEqual(self.login(f"zufall-{n}", "falsch").status_code, 401)
        self.assertEqual(self.last_write(), before)
        self.assertEqual(self.stored_keys(), set())
        remembered = {key for key, _record in MEMORY.items()}
        self.assertIn("account:zufall-0", remembered)
        self.assertIn("address:127.0.0.1", remembered)
        # the administrators see them (this process) as the stored ones
        transaction.begin()
        names = {e["name"] for e in self.portal.acl_users[PLUGIN_ID].entries()}
        self.assertIn("zufall-4", names)
        # a known account's failures are stored for every instance
        self.login("jury1", "falsch")
        self.assertEqual(self.stored_keys(), {"account:jury1", "address:127.0.0.1"})

    def test_expired_records_are_removed_on_write(self):
        plugin = self.portal.acl_users[PLUGIN_ID]
        old = time.time() - rules.ACCOUNT.window_seconds - 60
        plugin.records["account:ehemals"] = (2, old, 0.0)
        plugin.records["address:198.51.100.7"] = (12, old, 0.0)
        plugin.records["account:jury2"] = (1, time.time(), 0.0)  # still counts
        transaction.commit()
        self.assertEqual(self.login("jury1", "falsch").status_code, 401)
        self.assertEqual(
            self.stored_keys(),
            {"account:jury1", "account:jury2", "address:127.0.0.1"},
        )

    def test_the_zope_administrator_is_no_failure(self):
        for _ in range(30):
            response = requests.get(
                self.base + "/@@overview-controlpanel",
                auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD),
                timeout=30,
            )
            self.assertEqual(response.status_code, 200)
        transaction.begin()
        self.assertEqual(self.portal.acl_users[PLUGIN_ID].entries(), [])

    def test_locks_page_is_for_administrators_only(self):
        for auth in (None, ("jury1", PASSWORD)):
            response = requests.get(
                self.base + "/@@login-locks",
                auth=auth,
                timeout=30,
                allow_redirects=False,
            )
            self.assertIn(response.status_code, (302, 401, 403))


PRINCIPAL_VOCABULARIES = (
    "plone.app.vocabularies.Principals",
    "plone.app.vocabularies.Groups",
    "plone.app.vocabularies.Users",
)


class TestNoPrincipalsForAnonymous(AccountsTestCase):
    def setUp(self):
        super().setUp()
        self.competition = make_competition(self.portal)
        make_jury(self.competition, jurors=["jury1", "jury2"])
        api.group.create(groupname="geheime-gruppe", title="Geheime Gruppe")
        transaction.commit()

    def assert_nothing_listed(self, response, what):
        for secret in ("jury1", "jury2", "geheime-gruppe", "Geheime Gruppe"):
            self.assertNotIn(secret, response.text, what)

    def test_no_vocabulary_lists_principals(self):
        names = [
            v["title"]
            for v in requests.get(
                self.base + "/++api++/@vocabularies", headers=JSON, timeout=30
            ).json()
        ]
        self.assertTrue(set(PRINCIPAL_VOCABULARIES) <= set(names))
        for name in names:
            for query in ("", "?title=jury", "?title=Geheim"):
                response = requests.get(
                    f"{self.base}/++api++/@vocabularies/{name}{query}",
                    headers=JSON,
                    timeout=30,
                )
                self.assert_nothing_listed(response, name)
        for name in PRINCIPAL_VOCABULARIES:
            response = requests.get(
                f"{self.base}/++api++/@vocabularies/{name}", headers=JSON, timeout=30
            )
            self.assertEqual(response.status_code, 401, name)
            # Classic UI's vocabulary view
            response = requests.get(
                f"{self.base}/@@getVocabulary?name={name}&query=jury",
                timeout=30,
            )
            self.assert_nothing_listed(response, name)

    def test_no_rest_endpoint_lists_principals(self):
        for path in (
            "@users",
            "@users?query=jury",
            "@users/jury1",
            "@groups",
            "@groups/geheime-gruppe",
            "@principals?search=jury",
            "@principals?search=Geheim",
        ):
            response = requests.get(f"{self.base}/++api++/{path}", timeout=30)
            self.assertIn(response.status_code, (401, 403), path)
            self.assert_nothing_listed(response, path)

    def test_the_office_still_finds_principals(self):
        add_user("redaktion")
        api.user.grant_roles(username="redaktion", roles=["Site Administrator"])
        transaction.commit()
        response = requests.get(
            f"{self.base}/++api++/@vocabularies/plone.app.vocabularies.Principals"
            "?title=Geheim",
            headers=JSON,
            auth=("redaktion", PASSWORD),
            timeout=30,
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("geheime-gruppe", response.text)


class TestPasswordReset(AccountsTestCase):
    def setUp(self):
        super().setUp()
        self.smtp = SMTPRecorder()
        self.controller = Controller(self.smtp, hostname="127.0.0.1", port=free_port())
        self.controller.start()
        real_mailhost(self.portal, self.controller.port)
        transaction.commit()

    def tearDown(self):
        self.controller.stop()
        super().tearDown()

    def reset(self, user, body=None):
        response = requests.post(
            f"{self.base}/++api++/@users/{user}/reset-password",
            json=body or {},
            headers=JSON,
            timeout=30,
        )
        return response.status_code, response.text

    def test_rest_same_answer_for_known_and_unknown(self):
        known = self.reset("jury1")
        unknown = self.reset("niemand")
        self.assertEqual(known, unknown)
        self.assertLess(known[0], 300)
        deadline = time.time() + 10
        while not self.smtp.messages and time.time() < deadline:
            time.sleep(0.05)
        self.assertEqual([m[0] for m in self.smtp.messages], [["jury1@example.org"]])
        # with a token or an old password, too
        for body in (
            {"reset_token": "abc", "new_password": "neues-passwort-1"},
            {"old_password": "x", "new_password": "neues-passwort-1"},
            {"reset_token": "abc"},
        ):
            self.assertEqual(
                self.reset("jury1", body), self.reset("niemand", body), body
            )

    def test_rest_same_answer_when_the_mail_server_is_down(self):
        self.controller.stop()
        self.controller = Controller(self.smtp, hostname="127.0.0.1", port=free_port())
        self.controller.start()
        api.portal.set_registry_record("plone.smtp_port", free_port())  # nobody
        transaction.commit()
        known = self.reset("jury1")
        self.assertEqual(known, self.reset("niemand"))
        self.assertLess(known[0], 300)
        self.assertNotIn("Errno", known[1])

    def test_classic_form_same_answer(self):
        def post(userid):
            session = requests.Session()
            form = session.get(self.base + "/mail_password_form", timeout=30)
            self.assertEqual(form.status_code, 200)
            response = session.post(
                self.base + "/mail_password", data={"userid": userid}, timeout=30
            )
            body = re.sub(r'value="[0-9a-f]{20,}"', "", response.text)
            return response.status_code, response.url, body

        known = post("jury1")
        unknown = post("niemand")
        self.assertEqual(known[:2], unknown[:2])
        self.assertEqual(known[2], unknown[2])
        self.assertNotIn("nicht gefunden", unknown[2])
