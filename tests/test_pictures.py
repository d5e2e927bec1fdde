"""The applicant's pictures for the winners showcase: the rules (pure),
the intake through a real WSGI server (refused types, missing alternative
text, too large: a German message and nothing stored), and who sees them
(the winner page, the gallery, @@images, @@download, REST)."""

from ikz.landespreis.applicants import drafts
from ikz.landespreis.demo_pictures import demo_picture
from ikz.landespreis.domain import pictures as rules
from ikz.landespreis.testing import IKZ_LANDESPREIS_FUNCTIONAL_TESTING
from plone import api
from plone.namedfile.file import NamedBlobImage
from tests.base import german
from tests.base import IntakeTestCase
from tests.base import make_competition
from tests.base import make_submission
from tests.base import name_in_decision
from tests.base import valid_values
from tests.browser import text
from tests.test_drafts import DRAFT
from tests.test_drafts import DraftsTestCase

import io
import re
import requests
import transaction
import unittest


PNG = demo_picture()
ALT = "Zwei Orte, verbunden durch eine Straße zwischen grünen Feldern."


def jpeg(size=(120, 80)):
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (0, 110, 60)).save(out, format="JPEG")
    return out.getvalue()


def gif():
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="GIF")
    return out.getvalue()


class TestRules(unittest.TestCase):
    def test_accepted_types_by_content(self):
        self.assertIsNone(rules.picture_problem(PNG, 1024 * 1024))
        self.assertIsNone(rules.picture_problem(jpeg(), 1024 * 1024))

    def test_refused_types(self):
        svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
        for data in (gif(), svg, b"%PDF-1.4\n%%EOF", b"MZ\x90\x00" + b"\x00" * 100):
            self.assertEqual(rules.picture_problem(data, 1024 * 1024), "type")
        self.assertEqual(rules.picture_problem(b"", 1024), "empty")

    def test_too_large(self):
        self.assertEqual(rules.picture_problem(PNG, len(PNG) - 1), "too_large")
        self.assertIsNone(rules.picture_problem(PNG, len(PNG)))
        self.assertEqual(rules.picture_limit(20 * 1024 * 1024), 5 * 1024 * 1024)
        self.assertEqual(rules.picture_limit(1024 * 1024), 1024 * 1024)

    def test_broken_and_bomb(self):
        # a PNG header and nothing behind it
        self.assertEqual(
            rules.picture_problem(PNG[:40] + b"\x00" * 100, 1024 * 1024),
            "broken_image",
        )
        # 10,000 x 10,000 pixels of one colour: small as a file, 100
        # megapixels to scale
        from PIL import Image

        out = io.BytesIO()
        Image.new("1", (10_000, 10_000)).save(out, format="PNG")
        self.assertLess(len(out.getvalue()), 100_000)
        self.assertEqual(
            rules.picture_problem(out.getvalue(), 1024 * 1024), "too_many_pixels"
        )

    def test_alternative_texts(self):
        self.assertEqual(rules.alt_problem(None), "alt_missing")
        self.assertEqual(rules.alt_problem("   \n "), "alt_missing")
        self.assertEqual(rules.alt_problem("Bild"), "alt_too_short")
        self.assertEqual(rules.alt_problem("x" * 251), "alt_too_long")
        self.assertEqual(rules.alt_problem("IMG_2034.JPG"), "alt_filename")
        self.assertIsNone(rules.alt_problem(ALT))
        self.assertEqual(rules.clean_alt("  Zwei   Orte\n"), "Zwei Orte")
        self.assertEqual(
            rules.pictures_problems(
                {"picture_2_alt": ""}, {"picture_1": False, "picture_2": True}
            ),
            {"picture_2_alt": "alt_missing"},
        )

    def test_visible_only_with_consent_once_published(self):
        pairs = [("picture_1", ALT), ("picture_2", "")]
        self.assertEqual(rules.visible_pictures(pairs, False, True), [])
        self.assertEqual(rules.visible_pictures(pairs, True, False), [])
        self.assertEqual(
            rules.visible_pictures(pairs, True, True), [("picture_1", ALT)]
        )


class TestIntake(IntakeTestCase):
    def post(self, files, **values):
        return self.browser.submit_application(
            self.form_url, valid_values(**values), files=files
        )

    def assert_refused(self, response, message):
        page = re.sub(r"\s+", " ", text(response))
        self.assertIn(message, page)
        self.assertNotIn("application-received", response.url)
        self.assertEqual(self.submissions(), [])

    def test_form_asks_for_pictures_and_alternative_texts(self):
        page = text(requests.get(self.form_url, timeout=60))
        self.assertIn("Bild 1 (optional)", page)
        self.assertIn("Bildbeschreibung (Alternativtext) zu Bild 3", page)

    def test_pictures_stored_with_alternative_texts(self):
        response = self.post(
            {
                "picture_1": ("rathaus.png", PNG, "application/octet-stream"),
                "picture_2": ("feld.jpg", jpeg(), "image/png"),
            },
            picture_1_alt=f"  {ALT}  ",
            picture_2_alt="Ein grünes Feld am Stadtrand.",
        )
        self.assertIn("LP26-KA-0001", text(response))
        # the thank-you page lists the pictures received
        self.assertIn("rathaus.png", text(response))
        self.assertIn("feld.jpg", text(response))
        submission = self.submissions()[0]
        self.assertIsInstance(submission.picture_1, NamedBlobImage)
        self.assertEqual(submission.picture_1.contentType, "image/png")
        self.assertEqual(submission.picture_1.getImageSize(), (800, 500))
        self.assertEqual(submission.picture_1_alt, ALT)
        # the type comes from the content, not from the name or the browser
        self.assertEqual(submission.picture_2.contentType, "image/jpeg")
        self.assertIsNone(submission.picture_3)
        # the applicant's own data (Art. 15 GDPR) includes them
        from ikz.landespreis.applicants.consent import application_data

        pictures = application_data(submission)["pictures"]
        self.assertEqual(
            [(p["filename"], p["alt"]) for p in pictures],
            [("rathaus.png", ALT), ("feld.jpg", "Ein grünes Feld am Stadtrand.")],
        )

    def test_missing_alternative_text(self):
        response = self.post(
            {"picture_1": ("rathaus.png", PNG, "image/png")}, picture_1_alt=""
        )
        self.assert_refused(response, "Bitte beschreiben Sie Bild 1 in einem")
        response = self.post(
            {"picture_2": ("rathaus.png", PNG, "image/png")},
            picture_2_alt="rathaus.png",
        )
        self.assert_refused(response, "Der Alternativtext zu Bild 2 ist ein Dateiname")

    def test_refused_types(self):
        for name, data in (
            ("bild.gif", gif()),
            ("bild.png", b"%PDF-1.4\n" + b"0" * 200),
            (
                "bild.png",
                b'<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>',
            ),
        ):
            with self.subTest(name=name):
                response = self.post(
                    {"picture_1": (name, data, "image/png")}, picture_1_alt=ALT
                )
                self.assert_refused(
                    response, f"Die Datei {name} ist kein Bild eines zugelassenen Typs"
                )

    def test_too_large(self):
        api.portal.set_registry_record("ikz.landespreis.intake.upload_max_mb", 1)
        transaction.commit()
        from PIL import Image

        import os

        noise = Image.frombytes("RGB", (700, 700), os.urandom(700 * 700 * 3))
        out = io.BytesIO()
        noise.save(out, format="PNG")
        self.assertGreater(len(out.getvalue()), 1024 * 1024)
        response = self.post(
            {"picture_3": ("gross.png", out.getvalue(), "image/png")},
            picture_3_alt=ALT,
        )
        self.assert_refused(response, "Die Datei gross.png ist größer als 1 MB")

    def test_alternative_text_without_picture_is_not_stored(self):
        self.post({}, picture_1_alt=ALT)
        submission = self.submissions()[0]
        self.assertIsNone(submission.picture_1)
        self.assertIsNone(submission.picture_1_alt)


class TestWhoSeesThem(unittest.TestCase):
    """A real WSGI server: what an anonymous visitor can fetch."""

    layer = IKZ_LANDESPREIS_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        german()
        self.competition = make_competition(self.portal)
        self.submission = make_submission(
            self.competition["kat-a"], publication_consent=True
        )
        self.submission.picture_1 = NamedBlobImage(
            PNG, filename="rathaus.png", contentType="image/png"
        )
        self.submission.picture_1_alt = ALT
        api.content.transition(self.submission, transition="admit")
        transaction.commit()
        self.url = self.submission.absolute_url()

    def picture_urls(self):
        return (
            "/@@images/picture_1",
            "/@@images/picture_1/preview",
            "/@@images/picture_1/large",
            "/@@download/picture_1",
            "/@@display-file/picture_1",
            "/picture_1",
        )

    def test_anonymous_cannot_fetch_unpublished_pictures(self):
        for state_walk in ((), ("nominate", "award")):
            for transition in state_walk:
                if transition == "nominate":
                    name_in_decision(
                        self.submission.__parent__, winners=[self.submission]
                    )
                api.content.transition(self.submission, transition=transition)
            transaction.commit()
            for path in self.picture_urls():
                response = requests.get(
                    self.url + path, timeout=30, allow_redirects=False
                )
                self.assertNotEqual(response.status_code, 200, path)
                self.assertNotIn(b"\x89PNG", response.content)
            # a scale's unique URL is as closed as the picture
            with api.env.adopt_roles(["Manager"]):
                scale = self.submission.restrictedTraverse("@@images").scale(
                    "picture_1", scale="preview"
                )
            transaction.commit()
            response = requests.get(scale.url, timeout=30, allow_redirects=False)
            self.assertNotEqual(response.status_code, 200)
            self.assertNotIn(b"\x89PNG", response.content)
            response = requests.get(
                self.url, headers={"Accept": "application/json"}, timeout=30
            )
            self.assertEqual(response.status_code, 401)
            self.assertNotIn("picture_1", response.text)
            page = requests.get(
                self.portal.absolute_url() + "/@@preistraeger", timeout=30
            )
            self.assertNotIn("@@images", page.text)
            self.assertNotIn(ALT, page.text)

    def test_published_winner_shows_scales_with_alternative_texts(self):
        name_in_decision(self.submission.__parent__, winners=[self.submission])
        for transition in ("nominate", "award", "publish"):
            api.content.transition(self.submission, transition=transition)
        transaction.commit()
        page = requests.get(self.url, timeout=30).text
        found = re.findall(r'<img[^>]+src="([^"]+@@images/[^"]+)"[^>]*>', page)
        self.assertTrue(found, page[-2000:])
        self.assertIn(f'alt="{ALT}"', page)
        # scales, never the original
        for src in found:
            self.assertNotRegex(src, r"@@images/picture_1$")
            scaled = requests.get(src, timeout=30)
            self.assertEqual(scaled.status_code, 200)
            self.assertEqual(scaled.headers["Content-Type"], "image/png")
        # Open Graph and schema.org
        self.assertRegex(page, r'property="og:image"\s+content="[^"]+@@images/')
        self.assertIn(f'content="{ALT}"', page)
        self.assertIn('"@type": "CreativeWork"', page)
        self.assertIn('"ImageObject"', page)
        # the gallery across editions, once the results are published
        for transition in ("announce", "open", "close", "decide", "publish_results"):
            api.content.transition(self.competition, transition=transition)
        transaction.commit()
        gallery = requests.get(
            self.portal.absolute_url() + "/@@preistraeger", timeout=30
        ).text
        self.assertIn(f'alt="{ALT}"', gallery)
        self.assertIn(self.url, gallery)
        # REST tells what the consent covers
        data = requests.get(
            self.url, headers={"Accept": "application/json"}, timeout=30
        ).json()
        self.assertEqual(data["picture_1_alt"], ALT)

    def test_without_consent_not_shown(self):
        """A published winner whose consent is missing (data from before the
        guard, a restore): the pages show no picture."""
        name_in_decision(self.submission.__parent__, winners=[self.submission])
        for transition in ("nominate", "award", "publish"):
            api.content.transition(self.submission, transition=transition)
        self.submission.publication_consent = False
        for transition in ("announce", "open", "close", "decide", "publish_results"):
            api.content.transition(self.competition, transition=transition)
        transaction.commit()
        page = requests.get(self.url, timeout=30).text
        self.assertNotIn("@@images/", page)
        self.assertNotIn(f'alt="{ALT}"', page)
        gallery = requests.get(
            self.portal.absolute_url() + "/@@preistraeger", timeout=30
        ).text
        self.assertIn(self.url, gallery)
        self.assertNotIn("@@images/", gallery)

    def test_office_patch_checks_type_and_alternative_text(self):
        from tests.base import add_user
        from tests.base import PASSWORD

        import base64

        add_user("editor")
        api.user.grant_roles(
            username="editor", obj=self.competition, roles=["Editor", "Reviewer"]
        )
        transaction.commit()

        def patch(body):
            return requests.patch(
                self.url,
                json=body,
                auth=("editor", PASSWORD),
                headers={"Accept": "application/json"},
                timeout=30,
            )

        def upload(data, name):
            return {
                "data": base64.b64encode(data).decode(),
                "encoding": "base64",
                "filename": name,
                "content-type": "image/png",
            }

        svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>'
        for data, name in ((svg, "bild.png"), (gif(), "bild.png")):
            response = patch({"picture_2": upload(data, name), "picture_2_alt": ALT})
            self.assertEqual(response.status_code, 400, response.text)
            self.assertIn("kein Bild eines zugelassenen Typs", response.text)
        response = patch({"picture_2": upload(jpeg(), "feld.jpg")})
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("Bitte beschreiben Sie Bild 2", response.text)
        transaction.begin()
        self.assertIsNone(self.submission.picture_2)
        response = patch({
            "picture_2": upload(jpeg(), "feld.jpg"),
            "picture_2_alt": "Ein grünes Feld am Stadtrand.",
        })
        self.assertEqual(response.status_code, 204, response.text)
        transaction.begin()
        self.assertEqual(self.submission.picture_2.contentType, "image/jpeg")

    def test_edit_form_requires_the_alternative_text(self):
        from ikz.landespreis.content.submission import ISubmission

        class Data:
            picture_1 = self.submission.picture_1
            picture_1_alt = ""
            picture_2 = picture_3 = None

        from zope.interface import Invalid

        with self.assertRaises(Invalid) as raised:
            ISubmission.validateInvariants(Data())
        from zope.i18n import translate

        self.assertIn(
            "Bitte beschreiben Sie Bild 1",
            translate(raised.exception.args[0], target_language="de"),
        )


class TestDemoPictures(unittest.TestCase):
    layer = IKZ_LANDESPREIS_FUNCTIONAL_TESTING

    def test_only_published_winners_with_consent_get_one(self):
        from ikz.landespreis.demo_pictures import add_winner_pictures
        from PIL import Image

        portal = self.layer["portal"]
        competition = make_competition(portal)
        category = competition["kat-a"]
        winner = make_submission(category, publication_consent=True)
        other = make_submission(category, id="zweiter", publication_consent=True)
        api.content.transition(winner, transition="admit")
        name_in_decision(category, winners=[winner])
        for transition in ("nominate", "award", "publish"):
            api.content.transition(winner, transition=transition)
        with api.env.adopt_roles(["Manager"]):
            self.assertEqual(add_winner_pictures(portal), [winner.reference])
            # a second run changes nothing
            self.assertEqual(add_winner_pictures(portal), [])
        self.assertIsNone(other.picture_1)
        image = Image.open(io.BytesIO(winner.picture_1.data))
        self.assertEqual((image.format, image.size), ("PNG", (800, 500)))
        self.assertIsNone(rules.alt_problem(winner.picture_1_alt))
        self.assertIn("Gemeinsames Bürgerbüro", winner.picture_1_alt)
        self.assertIn("Stadt Musterstadt", winner.picture_1_alt)
        transaction.abort()

    def test_the_demo_invents_no_winners(self):
        """The demo as created has no results: no picture, no winner."""
        from ikz.landespreis.demo import create_demo_content

        portal = self.layer["portal"]
        with api.env.adopt_roles(["Manager"]):
            create_demo_content(portal)
        catalog = api.portal.get_tool("portal_catalog")
        self.assertEqual(
            len(catalog.unrestrictedSearchResults(portal_type="Submission")), 0
        )
        transaction.abort()


class TestDraftPictures(DraftsTestCase):
    def test_draft_keeps_an_accepted_picture_only(self):
        browser, _response = self.save_draft(
            values={**DRAFT, "picture_1_alt": ALT},
            files={
                "picture_1": ("rathaus.png", PNG, "image/png"),
                "picture_2": ("bild.gif", gif(), "image/gif"),
            },
        )
        transaction.begin()
        (draft,) = drafts._tree(self.competition).values()
        self.assertEqual(sorted(draft.files), ["picture_1"])
        self.assertEqual(draft.values["form.widgets.picture_1_alt"], ALT)
        # submitting from the draft: the saved picture goes along
        done = browser.submit_application(
            self.form_url,
            valid_values(
                category="kat-b", contact_email="lena@example.org", picture_1_alt=ALT
            ),
        )
        self.assertIn("application-received", done.url)
        (submission,) = self.submissions()
        self.assertIsInstance(submission.picture_1, NamedBlobImage)
        self.assertEqual(submission.picture_1.data, PNG)
        self.assertEqual(submission.picture_1_alt, ALT)
        self.assertIsNone(submission.picture_2)


class TestAnonymisation(unittest.TestCase):
    layer = IKZ_LANDESPREIS_FUNCTIONAL_TESTING

    def test_pictures_of_non_winners_removed_winners_kept(self):
        from ikz.landespreis.office.archive import anonymise_competition
        from zope.annotation.interfaces import IAnnotations

        portal = self.layer["portal"]
        competition = make_competition(portal)
        loser = make_submission(competition["kat-a"], id="loser")
        winner = make_submission(
            competition["kat-b"], id="winner", publication_consent=True
        )
        for submission in (loser, winner):
            submission.picture_1 = NamedBlobImage(
                PNG, filename="rathaus.png", contentType="image/png"
            )
            submission.picture_1_alt = ALT
            # a scale the office looked at
            submission.restrictedTraverse("@@images").scale("picture_1", "preview")
        name_in_decision(competition["kat-b"], winners=[winner])
        name_in_decision(competition["kat-a"])
        for transition in ("admit", "nominate", "award", "publish"):
            api.content.transition(winner, transition=transition)
        api.content.transition(loser, transition="admit")
        for transition in (
            "announce",
            "open",
            "close",
            "decide",
            "publish_results",
            "archive",
        ):
            api.content.transition(competition, transition=transition)
        records = anonymise_competition(competition, "editor")
        self.assertEqual(len(records), 1)
        self.assertEqual(records[0]["files"], ["rathaus.png"])
        self.assertIsNone(loser.picture_1)
        self.assertIsNone(loser.picture_1_alt)
        self.assertNotIn("plone.scale", IAnnotations(loser))
        self.assertIsNotNone(winner.picture_1)
        transaction.commit()
        # the archived winner still shows its picture in public
        page = requests.get(winner.absolute_url(), timeout=30).text
        self.assertIn(f'alt="{ALT}"', page)
