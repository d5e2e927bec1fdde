"""Bad input: a clear German error, nothing stored, nothing leaked; script
payloads inert everywhere they are shown."""

from html.parser import HTMLParser
from ikz.landespreis.testing import IKZ_LANDESPREIS_FUNCTIONAL_TESTING
from plone import api
from tests.base import add_user
from tests.base import declare_no_conflict
from tests.base import IntakeTestCase
from tests.base import make_jury
from tests.base import PASSWORD
from tests.base import PDF
from tests.base import valid_values
from tests.browser import text

import re
import requests
import transaction


PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'


class _ActiveContent(HTMLParser):
    """Finds the payload where a browser would run it: a script element with
    its text, or an element with an event handler attribute."""

    def __init__(self):
        super().__init__()
        self.found = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        for name, _value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and 'alert("x")' in data:
            self.found.append("<script>")


def active_payload(page):
    parser = _ActiveContent()
    parser.feed(page)
    return parser.found


class TestBadInput(IntakeTestCase):
    layer = IKZ_LANDESPREIS_FUNCTIONAL_TESTING

    def refused(self, response, message=None):
        self.assertNotIn("application-received", response.url)
        self.assertEqual(self.submissions(), [])
        if message:
            self.assertIn(message, text(response))

    def test_invalid_email(self):
        self.refused(
            self.browser.submit_application(
                self.form_url, valid_values(contact_email="keine-adresse")
            )
        )

    def test_invalid_date(self):
        self.refused(
            self.browser.submit_application(
                self.form_url,
                valid_values(contact_date="31.02.2019", contract_date="2019-02-31"),
            )
        )

    def test_invalid_choice(self):
        self.refused(
            self.browser.submit_application(
                self.form_url, valid_values(project_status="erfunden")
            )
        )

    def test_overlong_values(self):
        self.refused(
            self.browser.submit_application(
                self.form_url, valid_values(title="x" * 5000)
            )
        )
        self.refused(
            self.browser.submit_application(
                self.form_url, valid_values(summary="x" * 20000)
            )
        )

    def test_missing_required_fields(self):
        for field in ("title", "lead_municipality", "contact_name", "summary"):
            self.refused(
                self.browser.submit_application(
                    self.form_url, valid_values(**{field: ""})
                )
            )

    def test_broken_multipart(self):
        _response, _parser = self.browser.open_form(self.form_url)
        body = b'--XYZ\r\nContent-Disposition: form-data; name="form.widgets.title"\r\n\r\nAbc'
        broken = self.browser.session.post(
            self.form_url,
            data=body,
            headers={"Content-Type": "multipart/form-data; boundary=XYZ"},
        )
        self.assertLess(broken.status_code, 500)
        self.assertEqual(self.submissions(), [])

    def test_post_without_csrf_token(self):
        response, _parser = self.browser.open_form(self.form_url)
        data = {
            f"form.widgets.{k}": v
            for k, v in valid_values().items()
            if isinstance(v, str)
        }
        data["form.buttons.submit"] = "Bewerbung absenden"
        response = requests.post(self.form_url, data=data, timeout=30)
        self.assertNotIn("application-received", response.url)
        self.assertEqual(self.submissions(), [])

    def test_payloads_inert_everywhere(self):
        values = valid_values(
            title=f"Projekt {PAYLOAD}",
            lead_municipality=f"Stadt {PAYLOAD}",
            partners=f"Gemeinde {PAYLOAD}",
            summary=PAYLOAD,
            benefit=PAYLOAD,
        )
        response = self.browser.submit_application(
            self.form_url,
            values,
            files={"project_file": (f"{PAYLOAD}.pdf", PDF, "application/pdf")},
        )
        self.assertIn("application-received", response.url)
        self.assertEqual(active_payload(response.text), [])
        submission = self.submissions()[0]
        self.assertIn("<script>", submission.title)  # stored as given, shown escaped
        c = self.competition
        add_user("editor")
        add_user("juror")
        add_user("chair")
        api.user.grant_roles(username="editor", obj=c, roles=["Editor", "Reviewer"])
        make_jury(c, jurors=["juror"], chair="chair")
        declare_no_conflict(submission, "juror", "chair")
        api.content.transition(submission, transition="admit")
        api.content.transition(c, transition="close")
        transaction.commit()
        pages = [
            (submission.absolute_url(), "editor"),
            (submission.absolute_url(), "juror"),
            (submission.absolute_url() + "/@@score", "juror"),
            (c.absolute_url() + "/@@submissions", "editor"),
            (c.absolute_url() + "/@@jury", "juror"),
            (c.absolute_url() + "/@@ranking", "chair"),
            (c.absolute_url() + "/@@jury-conflicts", "chair"),
            (c["kat-a"].absolute_url() + "/@@jury-decision", "chair"),
            (c.absolute_url(), "editor"),
        ]
        for url, user in pages:
            page = requests.get(url, auth=(user, PASSWORD), timeout=30)
            self.assertEqual(page.status_code, 200, url)
            self.assertEqual(active_payload(page.text), [], url)
        # mails: the text as typed; the HTML part of the applicant's mail
        # (made from its template) only escaped; exports are plain cells
        htmls = []
        for _rcpt, message in self.wait_for_mails(2):
            self.assertEqual(
                message.get_body(("plain",)).get_content_type(), "text/plain"
            )
            html = message.get_body(("html",))
            if html is not None:
                htmls.append(html.get_content())
                self.assertEqual(active_payload(html.get_content()), [])
                self.assertIn("&lt;script&gt;", html.get_content())
        self.assertEqual(len(htmls), 1)
        export = requests.get(
            c.absolute_url() + "/@@submissions-export?format=csv",
            auth=("editor", PASSWORD),
            timeout=30,
        )
        self.assertEqual(export.headers["Content-Disposition"][:10], "attachment")
        self.assertNotIn("text/html", export.headers["Content-Type"])
        zipped = requests.get(
            c.absolute_url() + "/@@uploads-export",
            auth=("editor", PASSWORD),
            timeout=30,
        )
        import io
        import zipfile

        names = zipfile.ZipFile(io.BytesIO(zipped.content)).namelist()
        self.assertTrue(
            all(
                ("/" in n or n == "manifest.csv")
                and ".." not in n
                and not re.search(r"[<>\"]", n)
                for n in names
            ),
            names,
        )
