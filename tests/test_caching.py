"""Caching the Plone way (issue 18), through a real WSGI server and a real
Varnish: the rule of each kind of page, the RAM cache for anonymous
visitors, what invalidates it, that logged-in people and the office's and
the jury's pages are never cached, and Varnish purged on change."""

from ikz.landespreis.caching.operations import PublicPage
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.testing import Layer
from tests.base import free_port
from tests.base import JuryTestCase
from tests.base import name_in_decision
from tests.base import PASSWORD
from tests.browser import login as browser_login
from tests.served import REPO

import pathlib
import requests
import shutil
import subprocess
import sys
import tempfile
import time
import transaction


sys.path.insert(0, str(REPO / "scripts"))
import varnish


PRIVATE = "private, no-store"


def login(base, user, password=PASSWORD):
    return browser_login(base, user, password)


HTML = {"Accept": "text/html"}
RULE = "ikz.landespreis.publicPage"
ADMIN = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)


class CachingTestCase(JuryTestCase):
    """The jury fixture plus a published winner (s2) and a published page."""

    def setUp(self):
        super().setUp()
        self.s2.publication_consent = True
        name_in_decision(self.s2.__parent__, winners=[self.s2])
        for transition in ("nominate", "award", "publish"):
            api.content.transition(self.s2, transition=transition)
        api.portal.get_tool("portal_workflow").setChainForPortalTypes(
            ["Document"], "simple_publication_workflow"
        )
        self.page = api.content.create(
            container=self.competition,
            type="Document",
            id="faq",
            title="Häufige Fragen",
        )
        api.content.transition(self.page, transition="publish")
        transaction.commit()
        self.base = self.portal.absolute_url()

    def anonymous(self, url, base=None, **kw):
        return requests.get(url, headers=HTML, timeout=30, **kw)

    def cached(self, url):
        """``(first, second)``: two anonymous GETs, the second from the RAM
        cache. The ETag holds the minute (the phase follows the clock): when
        the minute turned in between, the pair is fetched again."""
        for _ in range(3):
            first = self.anonymous(url)
            second = self.anonymous(url)
            if first.headers.get("ETag") == second.headers.get("ETag"):
                break
        self.assertIn("X-RAMCache", second.headers, url)
        return first, second


class TestRules(CachingTestCase):
    def test_public_pages_have_the_public_rule(self):
        for what, url in {
            "competition": self.competition.absolute_url(),
            "category": self.competition["kat-a"].absolute_url(),
            "published winner": self.s2.absolute_url(),
            "winners page": self.base + "/@@preistraeger",
            "portal page": self.page.absolute_url(),
        }.items():
            response = self.anonymous(url)
            self.assertEqual(response.status_code, 200, what)
            # Plone's rules for Plone's types, the add-on's for its views;
            # one operation for all
            self.assertIn(
                response.headers.get("X-Cache-Rule"),
                (RULE, "plone.content.itemView", "plone.content.folderView"),
                what,
            )
            self.assertEqual(response.headers.get("X-Cache-Operation"), RULE, what)
            self.assertTrue(response.headers.get("ETag"), what)
            control = response.headers.get("Cache-Control", "")
            self.assertIn("s-maxage=60", control, what)
            self.assertIn("max-age=0", control, what)
            self.assertNotIn("private", control, what)

    def test_application_form_never_cached(self):
        url = self.competition["bewerbung"].absolute_url()
        for _ in range(2):
            response = self.anonymous(url)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(
                response.headers.get("X-Cache-Rule"), "ikz.landespreis.noCache"
            )
            self.assertNotIn("X-RAMCache", response.headers)
            self.assertNotIn("s-maxage", response.headers.get("Cache-Control", ""))

    def test_operation_defaults_match_the_registry(self):
        """The profile's registry records carry the operation's settings."""
        for option in PublicPage.options:
            self.assertIsNotNone(
                api.portal.get_registry_record(
                    f"ikz.landespreis.publicPage.{option}", default=None
                )
                if option != "vary"
                else "",
                option,
            )
        self.assertEqual(
            api.portal.get_registry_record("ikz.landespreis.publicPage.smaxage"), 60
        )
        self.assertIn(
            "catalogCounter",
            api.portal.get_registry_record("ikz.landespreis.publicPage.etags"),
        )
        self.assertTrue(
            api.portal.get_registry_record(
                "plone.caching.interfaces.ICacheSettings.enabled"
            )
        )


class TestRamCache(CachingTestCase):
    def test_anonymous_served_from_ram_cache_and_304(self):
        url = self.competition.absolute_url()
        first, second = self.cached(url)
        self.assertEqual(first.text, second.text)
        self.assertEqual(first.headers["ETag"], second.headers["ETag"])
        # the security headers come along with the cached copy
        self.assertEqual(second.headers.get("X-Content-Type-Options"), "nosniff")
        self.assertIn(
            "script-src 'self'", second.headers.get("Content-Security-Policy", "")
        )
        revalidated = requests.get(
            url,
            headers=dict(HTML, **{"If-None-Match": first.headers["ETag"]}),
            timeout=30,
        )
        self.assertEqual(revalidated.status_code, 304)

    def test_edit_and_transition_invalidate(self):
        url = self.competition.absolute_url()
        self.cached(url)
        # an edit (reindexed: the catalog counter moves)
        self.competition.title = "Landespreis Neu"
        self.competition.reindexObject()
        transaction.commit()
        response = self.anonymous(url)
        self.assertNotIn("X-RAMCache", response.headers)
        self.assertIn("Landespreis Neu", response.text)
        # a transition of a published page
        page = self.page.absolute_url()
        self.cached(page)
        api.content.transition(self.page, transition="retract")
        transaction.commit()
        response = self.anonymous(page, allow_redirects=False)
        self.assertNotIn("X-RAMCache", response.headers)
        self.assertNotIn("Häufige Fragen", response.text)

    def test_settings_invalidate(self):
        url = self.competition.absolute_url()
        _first, before = self.cached(url)
        api.portal.set_registry_record(
            "ikz.landespreis.portal.logo_text", "Neues Textlogo"
        )
        transaction.commit()
        response = self.anonymous(url)
        self.assertNotIn("X-RAMCache", response.headers)
        self.assertIn("Neues Textlogo", response.text)
        # the settings' part of the ETag (before the clock's) changed
        self.assertNotEqual(
            response.headers["ETag"].split("|")[-2],
            before.headers["ETag"].split("|")[-2],
        )

    def test_logged_in_never_gets_the_cached_page(self):
        url = self.competition.absolute_url()
        anonymous, _second = self.cached(url)
        basic = requests.get(url, headers=HTML, auth=("editor", PASSWORD), timeout=30)
        session, _response = login(self.base, "editor")
        cookie = session.get(url, headers=HTML, timeout=30)
        for what, response in {"basic": basic, "cookie": cookie}.items():
            self.assertEqual(response.status_code, 200, what)
            self.assertNotIn("X-RAMCache", response.headers, what)
            self.assertEqual(response.headers.get("Cache-Control"), PRIVATE, what)
            self.assertNotEqual(response.text, anonymous.text, what)
            # the anonymous ETag does not validate a logged-in page either
            revalidated = (session.get if what == "cookie" else requests.get)(
                url,
                headers=dict(HTML, **{"If-None-Match": anonymous.headers["ETag"]}),
                timeout=30,
                **({} if what == "cookie" else {"auth": ("editor", PASSWORD)}),
            )
            self.assertEqual(revalidated.status_code, 200, what)

    def test_office_and_jury_pages_never_cached(self):
        c = self.competition.absolute_url()
        cases = {
            "office listing": (c + "/@@submissions", "editor"),
            "application for the office": (self.s1.absolute_url(), "editor"),
            "jury dashboard": (c + "/@@jury", "juror1"),
            "application for a juror": (self.s1.absolute_url(), "juror1"),
            "ranking": (c + "/@@ranking", "chair"),
        }
        for what, (url, user) in cases.items():
            for _ in range(2):
                response = requests.get(
                    url, headers=HTML, auth=(user, PASSWORD), timeout=30
                )
                self.assertEqual(response.status_code, 200, what)
                self.assertNotIn("X-RAMCache", response.headers, what)
                self.assertEqual(response.headers.get("Cache-Control"), PRIVATE, what)
        # anonymous at a non-public application: refused, and not cached
        for _ in range(2):
            response = self.anonymous(self.s1.absolute_url(), allow_redirects=False)
            self.assertNotIn("X-RAMCache", response.headers)
            self.assertEqual(response.headers.get("Cache-Control"), PRIVATE)
        # a personal link on a public page: never stored, never served
        url = self.competition.absolute_url() + "?token=abc"
        for _ in range(2):
            response = self.anonymous(url)
            self.assertNotIn("X-RAMCache", response.headers)
            self.assertEqual(response.headers.get("Cache-Control"), PRIVATE)
        # a status message waiting for an anonymous visitor: the page is
        # rendered for them, not taken from the cache
        url = self.competition.absolute_url()
        self.cached(url)
        response = self.anonymous(url, cookies={"statusmessages": "x"})
        self.assertNotIn("X-RAMCache", response.headers)


class VarnishLayer(Layer):
    """Debian's Varnish (etc/varnish.vcl, scripts/varnish.py) in front of
    the functional layer's WSGI server; installed with `make varnish` when
    it is missing (as root, like PostgreSQL for the cluster tests)."""

    defaultBases = (CachingTestCase.layer,)

    def setUp(self):
        if not (
            shutil.which("varnishd") or pathlib.Path("/usr/sbin/varnishd").exists()
        ):
            subprocess.run(["make", "varnish"], cwd=REPO, check=True, timeout=600)
        self.tmp = tempfile.mkdtemp(prefix="ikz-varnish-")
        self["varnish_port"] = port = free_port()
        varnish.start(f"{self['host']}:{self['port']}", port, self.tmp, memory="32m")

    def tearDown(self):
        varnish.stop(self.tmp)
        shutil.rmtree(self.tmp, ignore_errors=True)


VARNISH = VarnishLayer()


class TestVarnish(CachingTestCase):
    layer = VARNISH

    def setUp(self):
        super().setUp()
        self.proxy = f"http://127.0.0.1:{self.layer['varnish_port']}"
        prefix = "plone.cachepurging.interfaces.ICachePurgingSettings"
        api.portal.set_registry_record(f"{prefix}.cachingProxies", (self.proxy,))
        api.portal.set_registry_record(f"{prefix}.enabled", True)
        transaction.commit()
        # the same paths as the instance's, through Varnish
        self.front = self.proxy + "/" + self.portal.virtual_url_path()

    def through(self, path, **kw):
        return requests.get(self.front + path, headers=HTML, timeout=30, **kw)

    def assert_hit(self, path):
        self.through(path)
        response = self.through(path)
        self.assertEqual(response.headers.get("X-Varnish-Cache"), "HIT", path)
        return response

    def wait_for_miss(self, path, timeout=15):
        """plone.cachepurging purges after the commit, in its own thread."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            response = self.through(path)
            if response.headers.get("X-Varnish-Cache") == "MISS":
                return response
            time.sleep(0.2)
        self.fail(f"{path} still served from Varnish")

    def rest(self, method, path, **kw):
        url = self.base + "/++api++" + path
        response = requests.request(
            method,
            url,
            auth=ADMIN,
            headers={"Accept": "application/json"},
            timeout=30,
            **kw,
        )
        self.assertLess(response.status_code, 300, response.text)
        return response

    def test_public_pages_cached_and_purged_on_edit(self):
        competition = "/" + self.competition.getId()
        hit = self.assert_hit(competition)
        self.assertIn("Testwettbewerb", hit.text)
        # the browser still revalidates: s-maxage is for the proxy only
        self.assertNotIn("s-maxage", hit.headers.get("Cache-Control", ""))
        self.assert_hit("/@@preistraeger")
        self.rest("PATCH", competition, json={"title": "Landespreis Umbenannt"})
        response = self.wait_for_miss(competition)
        self.assertIn("Landespreis Umbenannt", response.text)
        # the winners page shows the competitions: purged as well
        self.wait_for_miss("/@@preistraeger")

    def test_purged_on_retract(self):
        path = f"/{self.competition.getId()}/faq"
        self.assertIn("Häufige Fragen", self.assert_hit(path).text)
        self.rest("POST", path + "/@workflow/retract")
        response = self.wait_for_miss(path)
        self.assertNotIn("Häufige Fragen", response.text)

    def test_logged_in_and_personal_pass(self):
        competition = "/" + self.competition.getId()
        anonymous = self.assert_hit(competition)
        session, response = login(self.front, "editor")
        self.assertIn("__ac", session.cookies)
        for _ in range(2):
            response = session.get(self.front + competition, headers=HTML, timeout=30)
            self.assertEqual(response.headers.get("X-Varnish-Cache"), "MISS")
            self.assertEqual(response.headers.get("Cache-Control"), PRIVATE)
            self.assertNotEqual(response.text, anonymous.text)
        for _ in range(2):
            response = self.through(competition, auth=("editor", PASSWORD))
            self.assertEqual(response.headers.get("X-Varnish-Cache"), "MISS")
        for _ in range(2):
            response = self.through(competition + "?token=abc")
            self.assertEqual(response.headers.get("X-Varnish-Cache"), "MISS")
        response = self.through(competition, cookies={"statusmessages": "x"})
        self.assertEqual(response.headers.get("X-Varnish-Cache"), "MISS")
        # other cookies say nothing about the visitor: still the cached page
        response = self.through(competition, cookies={"_pk_id": "x"})
        self.assertEqual(response.headers.get("X-Varnish-Cache"), "HIT")
        # the office's pages pass, twice
        for _ in range(2):
            response = self.through(
                competition + "/@@submissions", auth=("editor", PASSWORD)
            )
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response.headers.get("X-Varnish-Cache"), "MISS")
            self.assertEqual(response.headers.get("Cache-Control"), PRIVATE)

    def test_purge_only_from_the_instance(self):
        """Varnish takes PURGE only from its own machine (the instance)."""
        self.assertIn('"127.0.0.1";', varnish.VCL.read_text())
        response = requests.request(
            "PURGE", self.front + "/" + self.competition.getId(), timeout=30
        )
        self.assertEqual(response.status_code, 200)
