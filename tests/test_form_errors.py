"""The application form's errors: every one at once, in a summary at the
top that links to each field; "Bitte wählen" for every choice."""

from html.parser import HTMLParser
from tests.base import IntakeTestCase
from tests.base import valid_values
from tests.browser import text

import re


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = set()
        self.summary_links = []
        self.selects = {}
        self._select = None
        self._in_summary = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if attrs.get("id") == "ikz-error-summary":
            self._in_summary = 1
        elif self._in_summary and tag == "div":
            self._in_summary += 1
        if self._in_summary and tag == "a":
            self.summary_links.append(attrs.get("href"))
        if tag == "select":
            self._select = attrs.get("name")
            self.selects[self._select] = []
        if tag == "option" and self._select:
            self.selects[self._select].append([
                attrs.get("value"),
                "selected" in attrs,
                "",
            ])

    def handle_data(self, data):
        if self._select and self.selects[self._select]:
            self.selects[self._select][-1][2] += data.strip()

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if self._in_summary and tag == "div":
            self._in_summary -= 1


def parse(response):
    page = _Page()
    page.feed(response.text)
    return page


def summary_text(response):
    found = re.search(r'id="ikz-error-summary".*?</ul>', text(response), re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0))) if found else ""


class TestFormErrors(IntakeTestCase):
    def test_choices_start_with_please_choose(self):
        page = parse(self.browser.session.get(self.form_url))
        for name in ("form.widgets.category:list", "form.widgets.project_status:list"):
            first = page.selects[name][0]
            self.assertEqual(first, ["--NOVALUE--", True, "Bitte wählen"], name)
            self.assertFalse(
                any(selected for _v, selected, _t in page.selects[name][1:])
            )

    def test_every_error_at_once_with_links(self):
        values = valid_values(title="", summary="")
        values["privacy_consent"] = False
        del values["category"]
        response = self.browser.submit_application(
            self.form_url,
            values,
            files={
                "project_file": (
                    "antrag.pdf",
                    b"MZ\x90\x00" + b"\x00" * 200,
                    "application/pdf",
                )
            },
        )
        self.assertEqual(self.submissions(), [])
        page = parse(response)
        summary = summary_text(response)
        self.assertIn("5 Fehler – bitte korrigieren Sie diese Angaben", summary)
        for label in (
            "Titel des Projekts",
            "Kategorie",
            "Kurzbeschreibung des Projekts",
            "Projektsteckbrief",
            "Einwilligung in die Datenverarbeitung",
        ):
            self.assertIn(label, summary)
        self.assertIn("keine Datei eines zugelassenen Typs", summary)
        self.assertIn("Datenverarbeitung", summary)
        # in the order of the form, each link leads to an element on the page
        self.assertEqual(len(page.summary_links), 5)
        for href in page.summary_links:
            self.assertTrue(href.startswith("#"), href)
            self.assertIn(href[1:], page.ids, href)
        self.assertEqual(page.summary_links[0], "#form-widgets-title")
        self.assertNotIn("Einige Fehler sind aufgetreten", text(response))

    def test_corrected_fields_lose_their_errors(self):
        values = valid_values(title="")
        values["privacy_consent"] = False
        first = self.browser.submit_application(self.form_url, values)
        self.assertIn(
            "2 Fehler – bitte korrigieren Sie diese Angaben", summary_text(first)
        )
        values = valid_values()
        values["privacy_consent"] = False
        second = self.browser.submit_application(self.form_url, values)
        summary = summary_text(second)
        self.assertIn("1 Fehler – bitte korrigieren Sie diese Angabe:", summary)
        self.assertNotIn("Titel des Projekts", summary)
        self.assertEqual(len(parse(second).summary_links), 1)

    def test_limits_for_the_character_counters(self):
        import html
        import json

        page = self.browser.session.get(self.form_url).text
        found = re.search(r'data-ikz-limits="([^"]+)"', page)
        limits = json.loads(html.unescape(found.group(1)))
        self.assertEqual(limits["form-widgets-summary"], 3000)
        self.assertEqual(limits["form-widgets-partners"], 5000)
        self.assertIn("application-form.js", page)

    def test_no_summary_on_a_fresh_form_or_success(self):
        self.assertNotIn(
            "ikz-error-summary", self.browser.session.get(self.form_url).text
        )
        done = self.browser.submit_application(self.form_url, valid_values())
        self.assertIn("application-received", done.url)
