"""Partners who write along: the lead invites co-editors by e-mail (roles
"bearbeiten" and "lesen"), sees and revokes them; each role tries every act
it may not do, on the pages and through REST; two people saving one draft
at once lose nothing (field-level merge with a visible note)."""

from ikz.landespreis import audit
from ikz.landespreis.applicants import drafts
from ikz.landespreis.applicants import partners
from ikz.landespreis.applicants import tokens
from ikz.landespreis.ratelimit import LIMITER
from tests.applicants import plain
from tests.browser import Browser
from tests.test_drafts import DRAFT
from tests.test_drafts import DraftsTestCase
from tests.test_drafts import post_form

import json
import re
import requests
import transaction


TOKEN = re.compile(r"token=([A-Za-z0-9_.=-]+)")


def authenticator(html):
    return re.search(r'name="_authenticator" value="([^"]+)"', html).group(1)


class PartnersCase(DraftsTestCase):
    def setUp(self):
        super().setUp()
        self.api = f"{self.competition.absolute_url()}/@my-application"

    def page_post(self, browser, **data):
        page = browser.session.get(self.page, timeout=30)
        data["_authenticator"] = authenticator(page.text)
        return browser.session.post(self.page, data=data, timeout=60)

    def invite(self, browser, address, role):
        return self.page_post(
            browser,
            partner_email=address,
            partner_role=role,
            **{"form.buttons.invite": "1"},
        )

    def partner(self, address):
        """``(browser with the partner's session, token)`` from the mail."""
        (mail,) = self.mails_to(address)
        link = self.link_in(mail)
        browser = Browser()
        opened = browser.session.get(link, timeout=30)
        self.assertEqual(opened.url, self.page)
        return browser, TOKEN.search(link).group(1)

    def rest(self, method, token, path="", **kw):
        LIMITER.reset()
        return requests.request(
            method,
            f"{self.api}{path}",
            headers={"X-Application-Token": token, "Accept": "application/json"},
            timeout=60,
            **kw,
        )

    def the_draft(self):
        transaction.begin()
        (draft,) = drafts._tree(self.competition).values()
        return draft


class TestInviteOnThePage(PartnersCase):
    def test_lead_invites_sees_and_revokes(self):
        lead, _response = self.save_draft()
        page = lead.session.get(self.page, timeout=30)
        self.assertIn("Partner, die mitschreiben", plain(page))
        # a bad address: a German message, nothing stored, no mail
        bad = self.invite(lead, "kein-at", "edit")
        self.assertEqual(bad.status_code, 400)
        self.assertIn("gültige E-Mail-Adresse der Partnerin", plain(bad))
        bad = self.invite(lead, "jo@example.org", "admin")
        self.assertEqual(bad.status_code, 400)
        self.assertIn("lesen", plain(bad))
        self.assertEqual(partners.records(self.the_draft()), [])

        done = self.invite(lead, "jo@beispieldorf.de", "edit")
        self.assertEqual(done.status_code, 200)
        self.assertIn("jo@beispieldorf.de wurde eingeladen (bearbeiten)", plain(done))
        self.invite(lead, "kim@kreis.de", "read")
        listing = plain(lead.session.get(self.page, timeout=30))
        self.assertRegex(listing, r"jo@beispieldorf\.de bearbeiten \d\d\.\d\d\.\d{4}")
        self.assertRegex(listing, r"kim@kreis\.de lesen \d\d\.\d\d\.\d{4}")

        (mail,) = self.mails_to("jo@beispieldorf.de")
        self.assertIn("Geheimentwurf Kreisarchiv", mail["Subject"])
        text = mail.get_body(("plain",)).get_content()
        self.assertIn("Ihr Recht: bearbeiten", text)
        self.assertNotIn("lena@example.org", text)  # nothing of the lead's

        editor, editor_token = self.partner("jo@beispieldorf.de")
        seen = plain(editor.session.get(self.page, timeout=30))
        self.assertIn("Ihr Recht: bearbeiten", seen)
        self.assertIn("Bewerbung weiter bearbeiten", seen)
        self.assertNotIn("Partner, die mitschreiben", seen)
        self.assertNotIn("Entwurf löschen", seen)

        # audit: the acts with the partner's id and role, no address
        transaction.begin()
        invited = audit.entries(self.competition, kind="applicant.partner_invited")
        self.assertEqual(len(invited), 2)
        self.assertNotIn("@", repr(invited))
        self.assertEqual(dict(invited[0]["details"])["draft"], True)

        # the lead revokes: link and session stop at once
        transaction.begin()
        (jo,) = [r for r in partners.records(self.the_draft()) if r["role"] == "edit"]
        partner_id = jo["id"]
        gone = self.page_post(lead, partner=partner_id, **{"form.buttons.revoke": "1"})
        self.assertIn(
            "Die Einladung von jo@beispieldorf.de wurde widerrufen", plain(gone)
        )
        after = editor.session.get(self.page, timeout=30)
        self.assertIn("Link zusenden", plain(after))  # the request form only
        self.assertNotIn("Geheimentwurf", plain(after))
        self.assertEqual(self.rest("GET", editor_token).status_code, 403)
        form = editor.session.get(self.form_url, timeout=30)
        self.assertNotIn("Geheimentwurf Kreisarchiv", form.text)
        transaction.begin()
        revoked = audit.entries(self.competition, kind="applicant.partner_revoked")
        self.assertEqual(len(revoked), 1)
        self.assertEqual(dict(revoked[0]["details"])["partner"], partner_id)
        # revoking again: nothing there
        again = self.page_post(lead, partner=partner_id, **{"form.buttons.revoke": "1"})
        self.assertEqual(again.status_code, 404)

    def test_at_most_ten_and_rate_limited(self):
        lead, _response = self.save_draft()
        transaction.begin()
        draft = self.the_draft()
        for i in range(partners.MAX_PARTNERS):
            partners.invite(draft, self.competition, f"p{i}@example.org", "read")
        transaction.commit()
        over = self.invite(lead, "elf@example.org", "read")
        self.assertEqual(over.status_code, 409)
        self.assertIn("Höchstens 10 Partner", plain(over))
        # inviting an address again renews it (no new place taken)
        renewed = self.invite(lead, "p0@example.org", "edit")
        self.assertEqual(renewed.status_code, 200)
        self.assertEqual(len(partners.records(self.the_draft())), 10)
        # the rate limit of invitations per application
        limit = partners.INVITE_LIMIT
        partners.INVITE_LIMIT = 0 + 1
        try:
            LIMITER.reset()
            self.assertEqual(
                self.invite(lead, "p1@example.org", "edit").status_code, 200
            )
            limited = self.invite(lead, "p2@example.org", "edit")
            self.assertEqual(limited.status_code, 429)
            self.assertIn("Zu viele Einladungen", plain(limited))
        finally:
            partners.INVITE_LIMIT = limit
            LIMITER.reset()


class TestRolesOnThePages(PartnersCase):
    def test_each_partner_tries_the_forbidden_acts(self):
        lead, _response = self.save_draft()
        self.invite(lead, "jo@beispieldorf.de", "edit")
        self.invite(lead, "kim@kreis.de", "read")
        editor, _t = self.partner("jo@beispieldorf.de")
        reader, _t = self.partner("kim@kreis.de")

        # the reader sees the answers, read-only
        seen = plain(reader.session.get(self.page, timeout=30))
        self.assertIn("Ihr Recht: lesen", seen)
        self.assertIn("Halb fertig: gemeinsames Archiv", seen)
        self.assertNotIn("Bewerbung weiter bearbeiten", seen)

        for browser in (editor, reader):
            for data in (
                {"form.buttons.delete_draft_confirm": "1"},
                {
                    "form.buttons.invite": "1",
                    "partner_email": "x@example.org",
                    "partner_role": "edit",
                },
                {"form.buttons.revoke": "1", "partner": "x"},
            ):
                refused = self.page_post(browser, **data)
                self.assertEqual(refused.status_code, 403, data)
                self.assertIn(
                    "nur der persönliche Link der federführenden Kommune",
                    plain(refused),
                )
        self.assertEqual(self.draft_count(), 1)
        self.assertEqual(len(partners.records(self.the_draft())), 2)

        # the reader saves nothing: form, autosave
        refused = post_form(
            reader, self.form_url, dict(DRAFT, summary="vom Leser"), "save_draft"
        )
        self.assertEqual(refused.status_code, 403)
        self.assertIn("nur zum Lesen eingeladen", plain(refused))
        form = reader.session.get(self.form_url, timeout=30)
        autosave = reader.session.post(
            f"{self.form_url}/@@autosave-draft",
            data={
                "_authenticator": authenticator(form.text),
                "form.widgets.summary": "vom Leser",
            },
            timeout=30,
        )
        self.assertEqual(autosave.status_code, 403)
        self.assertIn("nur zum Lesen", json.loads(autosave.text)["error"])
        self.assertEqual(
            self.the_draft().values["form.widgets.summary"],
            "Halb fertig: gemeinsames Archiv",
        )

        # the editor saves, keeps the lead's address and its own session
        saved = post_form(
            editor, self.form_url, dict(DRAFT, summary="vom Partner"), "save_draft"
        )
        self.assertEqual(saved.status_code, 200)
        self.assertIn("Ihr Entwurf wurde um", plain(saved))
        draft = self.the_draft()
        self.assertEqual(draft.values["form.widgets.summary"], "vom Partner")
        self.assertEqual(draft.contact_email, "lena@example.org")
        self.assertIn("Ihr Recht: bearbeiten", plain(editor.session.get(self.page)))

        # ... but does not submit, on the form either
        for browser in (editor, reader):
            refused = browser.submit_application(
                self.form_url,
                {**DRAFT, "privacy_consent": True},
            )
            self.assertEqual(refused.status_code, 403)
            self.assertIn("Nur die federführende Kommune kann", plain(refused))
        self.assertEqual(self.submissions(), [])
        self.assertEqual(self.draft_count(), 1)


class TestRolesThroughRest(PartnersCase):
    def test_invite_list_revoke_and_forbidden_acts(self):
        _draft_id, lead_token = self.new_rest_draft()
        created = self.rest(
            "POST",
            lead_token,
            "/invite",
            json={"email": "jo@beispieldorf.de", "role": "edit"},
        )
        self.assertEqual(created.status_code, 201, created.text)
        record = created.json()
        self.assertEqual(record["email"], "jo@beispieldorf.de")
        self.assertEqual(record["role"], "edit")
        self.assertIn("invited", record)
        self.rest(
            "POST",
            lead_token,
            "/invite",
            json={"email": "kim@kreis.de", "role": "read"},
        )
        for body in (
            {"email": "kein-at", "role": "edit"},
            {"email": "x@example.org", "role": "lead"},
            {"email": "lena@example.org", "role": "read"},
            {},
        ):
            bad = self.rest("POST", lead_token, "/invite", json=body)
            self.assertEqual(bad.status_code, 400, body)
            self.assertTrue(bad.json()["error"]["message"])

        listing = self.rest("GET", lead_token).json()
        self.assertEqual(listing["role"], "lead")
        self.assertEqual(
            sorted((p["email"], p["role"]) for p in listing["partners"]),
            [("jo@beispieldorf.de", "edit"), ("kim@kreis.de", "read")],
        )
        _editor, edit_token = self.partner("jo@beispieldorf.de")
        _reader, read_token = self.partner("kim@kreis.de")
        mine = self.rest("GET", edit_token).json()
        self.assertEqual(mine["role"], "edit")
        self.assertNotIn("partners", mine)
        self.assertEqual(self.rest("GET", read_token).json()["role"], "read")

        # the reader patches nothing; the editor does
        refused = self.rest("PATCH", read_token, json={"summary": "Leser"})
        self.assertEqual(refused.status_code, 403)
        self.assertIn("nur zum Lesen", refused.json()["error"]["message"])
        patched = self.rest("PATCH", edit_token, json={"summary": "Partner"})
        self.assertEqual(patched.status_code, 200, patched.text)
        # neither submits, withdraws, invites, revokes
        partner_id = record["id"]
        for token in (edit_token, read_token):
            for method, path, body in (
                ("POST", "/submit", {}),
                ("POST", "/withdraw", {"confirm": True}),
                ("POST", "/invite", {"email": "z@example.org", "role": "edit"}),
                ("DELETE", f"/invite/{partner_id}", None),
            ):
                answer = self.rest(method, token, path, json=body)
                self.assertEqual(answer.status_code, 403, (method, path))
                self.assertIn(
                    "nur der persönliche Link der federführenden Kommune",
                    answer.json()["error"]["message"],
                )
        self.assertEqual(self.draft_count(), 1)

        # the lead revokes through REST: the token stops at once
        unknown = self.rest("DELETE", lead_token, "/invite/nichtda")
        self.assertEqual(unknown.status_code, 404)
        gone = self.rest("DELETE", lead_token, f"/invite/{partner_id}")
        self.assertEqual(gone.status_code, 204)
        self.assertEqual(self.rest("GET", edit_token).status_code, 403)
        self.assertEqual(
            [p["email"] for p in self.rest("GET", lead_token).json()["partners"]],
            ["kim@kreis.de"],
        )

    def new_rest_draft(self):
        transaction.begin()
        draft = drafts.new_draft(self.competition)
        draft.contact_email = "lena@example.org"
        draft.save({"form.widgets.title": "Geheimentwurf Kreisarchiv"})
        token = tokens.issue_token(draft)
        transaction.commit()
        return draft.id, token

    def test_partners_of_a_draft_follow_it_when_submitted(self):
        from tests.base import valid_values

        _draft_id, lead_token = self.new_rest_draft()
        self.rest(
            "POST",
            lead_token,
            "/invite",
            json={"email": "jo@beispieldorf.de", "role": "edit"},
        )
        _editor, draft_token = self.partner("jo@beispieldorf.de")
        values = valid_values(contact_email="lena@example.org")
        self.assertEqual(self.rest("PATCH", lead_token, json=values).status_code, 200)
        submitted = self.rest("POST", lead_token, "/submit", json={})
        self.assertEqual(submitted.status_code, 201, submitted.text)
        # the draft's link died with the draft; a fresh one came by mail
        self.assertEqual(self.rest("GET", draft_token).status_code, 403)
        mails = self.mails_to("jo@beispieldorf.de", count=2)
        self.assertEqual(len(mails), 2)
        token = TOKEN.search(self.link_in(mails[-1])).group(1)
        mine = self.rest("GET", token).json()
        self.assertEqual(mine["role"], "read")
        self.assertEqual(mine["reference"], submitted.json()["reference"])
        lead = self.rest("GET", submitted.json()["token"]).json()
        self.assertEqual(
            [(p["email"], p["role"]) for p in lead["partners"]],
            [("jo@beispieldorf.de", "edit")],
        )

    def test_after_submission_partners_only_read(self):
        self.apply(contact_email="lena@example.org")
        transaction.begin()
        (submission,) = self.submissions()
        lead_token = tokens.issue_token(submission)
        transaction.commit()
        self.rest(
            "POST",
            lead_token,
            "/invite",
            json={"email": "jo@beispieldorf.de", "role": "edit"},
        )
        editor, edit_token = self.partner("jo@beispieldorf.de")
        self.assertEqual(self.rest("GET", edit_token).json()["role"], "read")
        pdf = self.rest("GET", edit_token, "/pdf")
        self.assertEqual(pdf.status_code, 200)
        self.assertTrue(pdf.content.startswith(b"%PDF"))
        corrected = self.rest("PATCH", edit_token, json={"summary": "Partner"})
        self.assertEqual(corrected.status_code, 403)
        withdrawn = self.rest("POST", edit_token, "/withdraw", json={"confirm": True})
        self.assertEqual(withdrawn.status_code, 403)
        page = plain(editor.session.get(self.page, timeout=30))
        self.assertIn("Ihr Recht: lesen", page)
        self.assertNotIn("Bewerbung zurückziehen", page)
        self.assertNotIn("Antworten und Dateien korrigieren", page)
        refused = self.page_post(editor, **{"form.buttons.withdraw_confirm": "1"})
        self.assertEqual(refused.status_code, 403)
        correction = editor.session.get(f"{self.page}-korrektur", timeout=30)
        self.assertNotIn("Gemeinsames Bürgerbüro", correction.text)
        transaction.begin()
        self.assertEqual(submission.portal_type, "Submission")
        from plone import api

        self.assertNotEqual(api.content.get_state(submission), "withdrawn")


class TestConcurrentSaves(PartnersCase):
    def test_two_sessions_save_the_same_draft(self):
        lead, _response = self.save_draft(
            values=dict(DRAFT, benefit="Nutzen am Anfang")
        )
        self.invite(lead, "jo@beispieldorf.de", "edit")
        editor, edit_token = self.partner("jo@beispieldorf.de")
        base = self.the_draft().revision

        # both load the form (the same revision) ...
        lead_data, lead_action = lead.form_data(
            self.form_url,
            dict(
                DRAFT, summary="Kurzfassung der Kreisstadt", benefit="Nutzen am Anfang"
            ),
            "save_draft",
        )
        editor_data, editor_action = editor.form_data(
            self.form_url,
            dict(
                DRAFT,
                summary="Kurzfassung der Partnergemeinde",
                benefit="Nutzen laut Partnergemeinde",
            ),
            "save_draft",
        )
        self.assertEqual(lead_data["ikz_base_revision"], str(base))
        self.assertEqual(editor_data["ikz_base_revision"], str(base))
        # ... the lead saves first, the partner a moment later
        first = lead.session.post(lead_action, data=lead_data, timeout=60)
        self.assertEqual(first.status_code, 200)
        self.assertNotIn("ikz-merge-note", first.text)
        second = editor.session.post(editor_action, data=editor_data, timeout=60)
        self.assertEqual(second.status_code, 200)
        note = plain(second)
        # the later save wins, the note names the field and keeps the text
        self.assertIn("gleichzeitig", note)
        self.assertIn("Kurzfassung der Kreisstadt", note)
        self.assertIn('id="ikz-merge-note"', second.text)
        draft = self.the_draft()
        self.assertEqual(
            draft.values["form.widgets.summary"], "Kurzfassung der Partnergemeinde"
        )
        self.assertEqual(
            draft.values["form.widgets.benefit"], "Nutzen laut Partnergemeinde"
        )
        self.assertEqual(draft.revision, base + 2)
        # the replaced text stays in the draft's revisions
        self.assertEqual(
            draft.at(base + 1)[0]["form.widgets.summary"], "Kurzfassung der Kreisstadt"
        )

        # the lead's page is behind: its autosave (base + 1) changes only the
        # title; the partner's texts stay and come back to the page
        autosave = lead.session.post(
            f"{self.form_url}/@@autosave-draft",
            data={
                "_authenticator": authenticator(first.text),
                "ikz_base_revision": str(base + 1),
                "form.widgets.title": "Kreisarchiv 2.0",
                "form.widgets.summary": "Kurzfassung der Kreisstadt",
                "form.widgets.benefit": "Nutzen am Anfang",
            },
            timeout=30,
        )
        self.assertEqual(autosave.status_code, 200, autosave.text)
        answer = autosave.json()
        self.assertEqual(answer["revision"], base + 3)
        self.assertEqual(answer["conflicts"], [])
        self.assertEqual(
            answer["updated"]["summary"],
            {"form.widgets.summary": "Kurzfassung der Partnergemeinde"},
        )
        self.assertIn("benefit", answer["updated"])
        self.assertTrue(answer["taken"])
        draft = self.the_draft()
        self.assertEqual(draft.values["form.widgets.title"], "Kreisarchiv 2.0")
        self.assertEqual(
            draft.values["form.widgets.summary"], "Kurzfassung der Partnergemeinde"
        )

        # REST: a PATCH against an old base changing the same field
        patched = self.rest(
            "PATCH",
            edit_token,
            json={"base_revision": base + 1, "title": "Archiv der Partner"},
        )
        self.assertEqual(patched.status_code, 200, patched.text)
        answer = patched.json()
        self.assertEqual(answer["revision"], base + 4)
        (conflict,) = answer["conflicts"]
        self.assertEqual(conflict["field"], "title")
        self.assertEqual(conflict["text"], "Kreisarchiv 2.0")
        self.assertIn("gleichzeitig", answer["note"])
        # the form shows what someone else saved since it was loaded
        lead_data, lead_action = lead.form_data(
            self.form_url, dict(DRAFT, title="Archiv der Kreisstadt"), "save_draft"
        )
        self.rest("PATCH", edit_token, json={"benefit": "Nutzen, zuletzt vom Partner"})
        shown = lead.session.post(lead_action, data=lead_data, timeout=60)
        self.assertEqual(shown.status_code, 200)
        self.assertIn("Nutzen, zuletzt vom Partner</textarea>", shown.text)
        self.assertIn("Was jemand anderes inzwischen geändert hat", plain(shown))
        draft = self.the_draft()
        self.assertEqual(draft.values["form.widgets.title"], "Archiv der Kreisstadt")
        self.assertEqual(
            draft.values["form.widgets.benefit"], "Nutzen, zuletzt vom Partner"
        )
        self.assertIn(
            f'name="ikz_base_revision" id="ikz-base-revision" value="{draft.revision}"',
            shown.text,
        )
        bad = self.rest("PATCH", edit_token, json={"base_revision": "x", "title": "y"})
        self.assertEqual(bad.status_code, 400)
        self.assertEqual(
            self.rest("GET", edit_token).json()["revision"], self.the_draft().revision
        )
