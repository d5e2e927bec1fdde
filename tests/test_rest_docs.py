"""docs/rest.md, recorded from a real instance.

Every example in the document is a request this test sends, as the role
named, to the real WSGI server, and the answer it got (UIDs, times, hosts
and fingerprints replaced by placeholders). ``IKZ_RECORD_DOCS=1`` writes the
document anew; otherwise the test fails when the document no longer matches
the server: another request, another status, or an answer with other keys.
"""

from aiosmtpd.controller import Controller
from ikz.landespreis import mail
from ikz.landespreis.jury import decision
from tests.applicants import ApplicantsTestCase
from tests.base import free_port
from tests.base import JuryTestCase
from tests.base import PASSWORD
from tests.base import real_mailhost
from tests.base import Recorder as SMTPRecorder

import json
import os
import pathlib
import re
import requests
import transaction


DOC = pathlib.Path(__file__).parent.parent / "docs" / "rest.md"
#: the applicants' part follows this line (recorded by its own test)
MARKER = "\n<!-- The applicants' endpoints (TestApplicantRestDocs) -->\n"

APPLICANTS_INTRO = """\
# The applicants' endpoints

Applicants have no account: the holder of a personal link (mailed on
submitting or saving a draft, or requested with `@application-link`) sends
its token in the header `X-Application-Token` (the session cookie of
"Meine Bewerbung" works too). A token opens exactly its own application or
draft. Without any credential the answer is 401, with a wrong, expired or
used one 403. After the end of submissions a PATCH or submit is refused
with a German message and nothing changes. Only the lead's link submits,
corrects and withdraws. Inviting partners with links of their own is not
available yet. `<token>` stands for a personal link's token.

```sh
curl -X PATCH -H 'Accept: application/json' \\
     -H 'Content-Type: application/json' \\
     -H "X-Application-Token: $TOKEN" \\
     -d '{"summary": "Zwei Kommunen betreiben ein Bürgerbüro."}' \\
     https://landespreis.example.org/wettbewerb/@my-application
curl -H "X-Application-Token: $TOKEN" -o bewerbung.pdf \\
     https://landespreis.example.org/wettbewerb/@my-application/pdf
```
"""


def split_doc():
    """``(jury part, applicants' part)`` of the document as it is."""
    if not DOC.exists():
        return "", ""
    head, _sep, tail = DOC.read_text().partition(MARKER)
    return head, tail


def write_part(part, markdown):
    head, tail = split_doc()
    if part == "jury":
        head = markdown
    else:
        tail = markdown
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(head.rstrip("\n") + "\n" + MARKER + "\n" + tail.lstrip("\n"))


INTRO = """\
# The REST API of ikz.landespreis

Every capability of the portal is also reachable through plone.restapi.
The endpoints below are this add-on's own (one folder each under
`src/ikz/landespreis/services/`); Plone's own endpoints (`@search`,
`@workflow`, `@sharing`, `@users`, ...) work as documented by plone.restapi,
with the add-on's rules: the separation of duties refuses with a German
message (400), `@workflow` says in German why a transition is refused, and
`@search` finds for each person only what they may see.

Authenticate with Basic auth or a JWT from `@login`; send
`Accept: application/json`. Refusals are `{"error": {"type", "message"}}`
with a German message; nothing is changed.

The examples were recorded from a running instance by
`tests/test_rest_docs.py` (run it with `IKZ_RECORD_DOCS=1` to record them
anew); `<uid:N>`, `<time>` and `<fingerprint>` stand for the values of that
run. The roles: *office* (Editor/Reviewer on the competition), *juror*,
*chair*.
"""


class Recorder:
    def __init__(self, base):
        self.base = base
        self.uids = {}
        self.sections = []

    def normalise(self, text):
        text = text.replace(self.base, "http://localhost:8080/plone")

        def uid(match):
            value = match.group(0)
            return self.uids.setdefault(value, f"<uid:{len(self.uids) + 1}>")

        text = re.sub(r"\b[0-9a-f]{64}\b", "<fingerprint>", text)
        text = re.sub(r"\b[0-9a-f]{16}\b", "<fingerprint>", text)
        text = re.sub(r"[A-Za-z0-9_-]{20,}\.<fingerprint>", "<token>", text)
        text = re.sub(r"\b[0-9a-f]{32}\b", uid, text)
        text = re.sub(
            r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)?", "<time>", text
        )
        return text

    def call(self, title, role, user, method, path, body=None, note="", token=None):
        url = self.base + path
        headers = {"Accept": "application/json"}
        if token:
            headers["X-Application-Token"] = token
        response = requests.request(
            method,
            url,
            json=body,
            headers=headers,
            auth=(user, PASSWORD) if user else None,
            timeout=60,
        )
        transaction.begin()
        if response.headers.get("Content-Type", "").startswith("application/pdf"):
            answer = f"(application/pdf, {len(response.content)} bytes)"
        else:
            try:
                answer = response.json()
            except ValueError:
                answer = response.text
        request = f"{method} {self.normalise(url)}"
        if token:
            request += "\nX-Application-Token: <token>"
        if body is not None:
            request += "\n\n" + self.normalise(
                json.dumps(body, indent=2, ensure_ascii=False)
            )
        shown = self.normalise(json.dumps(answer, indent=2, ensure_ascii=False))
        self.sections.append({
            "title": title,
            "role": role,
            "note": note,
            "request": request,
            "status": response.status_code,
            "answer": shown,
        })
        return response

    def markdown(self, intro=INTRO):
        parts = [intro]
        for section in self.sections:
            parts.append(f"## {section['title']}\n")
            parts.append(f"As *{section['role']}*. {section['note']}".rstrip() + "\n")
            parts.append(f"```http\n{section['request']}\n```\n")
            parts.append(
                f"Answer: status {section['status']}\n\n"
                f"```json\n{section['answer']}\n```\n"
            )
        return "\n".join(parts)


def shape(value):
    """The keys of an answer, recursively (values may differ per run)."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    return type(value).__name__


def parse(markdown):
    """``[(request line, status, answer shape)]`` of a document."""
    result = []
    pattern = re.compile(
        r"```http\n(?P<request>.*?)\n```\n\nAnswer: status (?P<status>\d+)\n\n"
        r"```json\n(?P<answer>.*?)\n```",
        re.S,
    )
    for match in pattern.finditer(markdown):
        try:
            answer = shape(json.loads(match.group("answer")))
        except ValueError:
            answer = "text"
        result.append((
            match.group("request").splitlines()[0],
            int(match.group("status")),
            answer,
        ))
    return result


class TestRestDocs(JuryTestCase):
    def record_mails(self, r, path):
        """The office's communication, with a real SMTP peer."""
        controller = Controller(SMTPRecorder(), hostname="127.0.0.1", port=free_port())
        controller.start()
        try:
            transaction.begin()
            real_mailhost(self.portal, controller.port)
            transaction.commit()
            self.record_mail_calls(r, path)
        finally:
            mail.stop_processors()
            controller.stop()

    def record_mail_calls(self, r, path):
        r.call(
            "The mail templates: GET @mail-templates",
            "office",
            "editor",
            "GET",
            path + "/@mail-templates",
            note="Every template with its German title, subject, body and "
            "whether the office changed it (`customised`); the placeholders "
            "a template may use. `GET @mail-templates/<id>` reads one.",
        )
        r.call(
            "A template with an unknown placeholder: PATCH @mail-templates/<id>",
            "office",
            "editor",
            "PATCH",
            path + "/@mail-templates/admission",
            {"subject": "Zulassung ${refrence}"},
            note="Refused with a German message naming it; nothing changes.",
        )
        r.call(
            "Change a template: PATCH @mail-templates/<id>",
            "office",
            "editor",
            "PATCH",
            path + "/@mail-templates/admission",
            {"subject": "Zugelassen: ${title} (${reference})"},
            note="`subject` and/or `body`; the part not sent stays. In the "
            "audit trail as on the page.",
        )
        r.call(
            "Preview a template: POST @mail-templates/<id>/preview",
            "office",
            "editor",
            "POST",
            path + "/@mail-templates/admission/preview",
            {"reference": "LP26-KA-0001"},
            note="Rendered with the application of `reference` (the first one "
            "without); `subject` and `body` preview an unsaved text. Nothing "
            "is stored or sent.",
        )
        r.call(
            "The outcome mails waiting: GET @mail-release",
            "office",
            "editor",
            "GET",
            path + "/@mail-release",
            note="Per kind the mails prepared and not yet sent; the jury's "
            "outcome is `locked` until the results are published, `reason` "
            "says why.",
        )
        r.call(
            "Review one kind: GET @mail-release?kind=",
            "office",
            "editor",
            "GET",
            path + "/@mail-release?kind=admission",
            note="The recipients and one sample mail (the first recipient's).",
        )
        r.call(
            "Release without confirmation: POST @mail-release",
            "office",
            "editor",
            "POST",
            path + "/@mail-release",
            {"kind": "admission"},
            note="Nothing is sent without `confirm`: true.",
        )
        r.call(
            "Release the jury's outcome too early: POST @mail-release",
            "office",
            "editor",
            "POST",
            path + "/@mail-release",
            {"kind": "award", "confirm": True},
            note="Awards, nominations, non-awards and the results mail wait "
            "for the published results.",
        )
        r.call(
            "Release: POST @mail-release",
            "office",
            "editor",
            "POST",
            path + "/@mail-release",
            {"kind": "admission", "confirm": True},
            note="`uids` limits the release to these applications. Each "
            "release is in the audit trail (`mail.release`), each mail in the "
            "mail log.",
        )
        log = r.call(
            "The mail log: GET @mail-log",
            "office",
            "editor",
            "GET",
            path + "/@mail-log?reference=LP26-KA-0001",
            note="Newest first. Filters: `state` (`queued`, `sent`, `failed`) "
            "and `reference`; `failed` counts the failed mails.",
        )
        r.call(
            "Send a mail again: POST @mail-log/resend",
            "office",
            "editor",
            "POST",
            path + "/@mail-log/resend",
            {"id": log.json()["items"][0]["id"]},
            note='Or `{"all_failed": true}` for every failed mail.',
        )

    def test_docs_match_the_server(self):
        c = self.competition
        for submission, reference in (
            (self.s1, "LP26-KA-0001"),
            (self.s2, "LP26-KA-0002"),
            (self.s3, "LP26-KB-0001"),
        ):
            submission.reference = reference
            submission.reindexObject()
        transaction.commit()
        base = self.portal.absolute_url()
        path = "/" + c.getId()
        s2, s3 = self.s2.UID(), self.s3.UID()
        r = Recorder(base)
        r.call(
            "List the applications: GET @submissions",
            "office",
            "editor",
            "GET",
            path + "/@submissions?b_size=2&sort_on=reference",
            note="Filters: `category`, `state`, `flag`, `text`; batched like "
            "plone.restapi's listings.",
        )
        r.call(
            "Declare a conflict of interest: POST @conflict",
            "juror",
            "juror3",
            "POST",
            path + "/kat-b/s3/@conflict",
            {"conflict": False},
            note="Before reading an assigned application the juror declares "
            "(`conflict`: true needs a `reason`). The chair, the deputy or a "
            "Site Administrator clear detected conflicts with `action`: "
            "`clear`, `juror`, `reason`.",
        )
        r.call(
            "Score an application: POST @jury-scores",
            "juror",
            "juror3",
            "POST",
            path + "/kat-b/s3/@jury-scores",
            {"scores": {"benefit": 4, "innovation": 4}, "final": True},
            note="`final`: false saves a draft; PATCH works the same.",
        )
        r.call(
            "Read one's scores: GET @jury-scores",
            "juror",
            "juror3",
            "GET",
            path + "/kat-b/s3/@jury-scores",
            note="A juror reads their own; whoever may see all scores reads all; "
            "nobody conflicted on the application (the chair neither): 403.",
        )
        self.declare(self.s3, "chair")
        self.score(self.s3, "chair", {"benefit": 10, "innovation": 7}, True)
        r.call(
            "The ranking: GET @ranking",
            "chair",
            "chair",
            "GET",
            path + "/@ranking",
            note="`normalise=1` ranks by z-values. A juror sees only the rows "
            "of their own applications. A row of an application the caller is "
            'conflicted on has `"conflict": true`, the title "befangen", no '
            "`@id` and no spread.",
        )
        body = {"winners": [s3], "laudatio": {s3: "Vorbildlich."}}
        preview = r.call(
            "Preview the decision of a category: POST @jury-decision",
            "chair",
            "chair",
            "POST",
            path + "/kat-b/@jury-decision",
            body,
            note="Without `confirm` nothing changes: the answer is the preview "
            "with its `fingerprint` and any `problems`.",
        )
        r.call(
            "Sign the decision: POST @jury-decision with confirm",
            "chair",
            "chair",
            "POST",
            path + "/kat-b/@jury-decision",
            dict(body, confirm=True, fingerprint=preview.json()["fingerprint"]),
            note="Signs exactly what the preview showed (the fingerprint).",
        )
        r.call(
            "Read the decision: GET @jury-decision",
            "office",
            "editor",
            "GET",
            path + "/kat-b/@jury-decision",
        )
        r.call(
            "Award the winner: POST @workflow/award",
            "office",
            "editor",
            "POST",
            path + "/kat-b/s3/@workflow/award",
            {},
            note="Only applications the signed decision names.",
        )
        r.call(
            "A refused transition: POST @workflow/award",
            "office",
            "editor",
            "POST",
            path + "/kat-a/s2/@workflow/award",
            {},
            note="The answer says why, in German.",
        )
        r.call(
            "Reject applications with a reason: POST @submissions-bulk",
            "office",
            "editor",
            "POST",
            path + "/@submissions-bulk",
            {"action": "reject", "uids": [s2], "reason": "Keine Kooperation."},
            note="Actions: `admit`, `reject` (with `reason`, `notify` mails the "
            "applicant), `move` (with `target`). Answers what was done and "
            "what skipped.",
        )
        r.call(
            "The audit trail: GET @audit",
            "office",
            "editor",
            "GET",
            path + "/@audit?kind=award",
            note="Filters: `kind`, `actor`, `target`, `since`, `until`. Read "
            "only; nobody can change an entry.",
        )
        self.record_mails(r, path)
        s1 = self.s1.UID()
        self.declare(self.s1, "juror1")
        self.score(self.s1, "juror1", {"benefit": 8, "innovation": 9}, True)
        r.call(
            "Open the jury session: POST @jury-session",
            "chair",
            "chair",
            "POST",
            path + "/@jury-session",
            {
                "action": "open",
                "date": "2026-03-20",
                "attendees": ["chair", "juror1", "juror2", "juror3"],
                "present": ["chair", "juror1", "juror3"],
            },
            note="The chair opens the session (date, attendees from the jury, "
            "who is present). The answer is the session as GET shows it: per "
            "category the applications in ranking order.",
        )
        r.call(
            "Record the discussion of a category: PATCH @jury-session",
            "chair",
            "chair",
            "PATCH",
            path + "/@jury-session",
            {
                "category": "kat-a",
                "entries": {
                    s1: {
                        "result": "winner",
                        "vote": "einvernehmlich",
                        "notes": "Überzeugt durch die gemeinsame Leitstelle.",
                        "laudatio": "Ein Vorbild für die interkommunale Arbeit.",
                    }
                },
                "reason": "Zwei Jurymitglieder waren verhindert.",
            },
            note="Per application `result` (`winner`, `nominee`, `none`), "
            "`vote` (`einvernehmlich` or yes:no such as `4:1`), `notes` and "
            "for a winner the `laudatio`; `reason` if scores are missing. An "
            "application on which the chair has a conflict is recorded by the "
            "deputy chair.",
        )
        preview = r.call(
            "Preview what closing signs: POST @jury-session",
            "chair",
            "chair",
            "POST",
            path + "/@jury-session",
            {"action": "preview"},
            note="Nothing changes: per category with a winner the decision "
            "that closing signs, its `fingerprint` and any `problems`.",
        )
        r.call(
            "Close the session: POST @jury-session",
            "chair",
            "chair",
            "POST",
            path + "/@jury-session",
            {
                "action": "close",
                "fingerprints": {
                    p["id"]: p["fingerprint"] for p in preview.json()["categories"]
                },
            },
            note="Signs each category's decision exactly as previewed and "
            "writes the minutes (a PDF; `minutes` is its address).",
        )
        r.call(
            "Read the jury session: GET @jury-session",
            "office",
            "editor",
            "GET",
            path + "/@jury-session",
            note="For the office and the jury; an application on which the "
            "reader has a conflict of interest shows its reference only.",
        )
        transaction.begin()
        self.assertIsNotNone(decision.get(c["kat-b"]))
        self.assertIsNotNone(decision.get(c["kat-a"]))
        markdown = r.markdown()
        if os.environ.get("IKZ_RECORD_DOCS"):
            write_part("jury", markdown)
        documented = parse(split_doc()[0])
        recorded = parse(markdown)
        self.assertEqual(len(recorded), len(r.sections))
        self.assertEqual(
            documented,
            recorded,
            "docs/rest.md no longer matches the server: record it anew with "
            "IKZ_RECORD_DOCS=1",
        )


class TestApplicantRestDocs(ApplicantsTestCase):
    def test_docs_match_the_server(self):
        from ikz.landespreis.applicants import drafts
        from ikz.landespreis.applicants import tokens
        from tests.base import valid_values

        self.apply(contact_email="erika@example.org")
        self.wait_for_mails(2)
        transaction.begin()
        (submission,) = self.submissions()
        draft = drafts.new_draft(self.competition)
        draft.contact_email = "lena@example.org"
        token = tokens.issue_token(draft)
        transaction.commit()
        base = self.portal.absolute_url()
        path = "/" + self.competition.getId() + "/"
        r = Recorder(base)
        r.call(
            "Request a personal link: POST @application-link",
            "anyone",
            None,
            "POST",
            path + "@application-link",
            {"email": "erika@example.org"},
            note="The same answer whether or not an application of this "
            "address exists; rate-limited.",
        )
        values = valid_values(category="kat-b", title="Gemeinsames Standesamt")
        half = {k: values[k] for k in ("title", "category", "summary")}
        r.call(
            "Save fields of a draft: PATCH @my-application",
            "holder of a draft's link",
            None,
            "PATCH",
            path + "@my-application",
            half,
            token=token,
            note="Field names of the application form; only the draft is "
            "written (the autosave). Files are uploaded on the form.",
        )
        invited = r.call(
            "Invite a partner: POST @my-application/invite",
            "holder of the lead's link",
            None,
            "POST",
            path + "@my-application/invite",
            {"email": "jo@beispieldorf.de", "role": "edit"},
            token=token,
            note='Roles "edit" (change the draft\'s answers and files) and "read"; '
            "the partner gets a personal link by mail from the official sender "
            "(no text of the lead's but the application's title). At most 10 "
            "partners; rate-limited. Only the lead submits, withdraws, corrects, "
            "invites and revokes; after submission partners only read.",
        )
        self.assertEqual(invited.status_code, 201)
        r.call(
            "Read the draft: GET @my-application",
            "holder of a draft's link",
            None,
            "GET",
            path + "@my-application",
            token=token,
            note="`revision` counts the draft's saves; `partners` is shown to "
            "the lead only.",
        )
        r.call(
            "Save against the revision loaded: PATCH @my-application",
            "holder of a draft's link (lead or partner who edits)",
            None,
            "PATCH",
            path + "@my-application",
            {"base_revision": 0, "title": "Standesamt der drei Kommunen"},
            token=token,
            note="Only the fields sent that differ from `base_revision` are "
            "applied; fields changed meanwhile by someone else stay (`taken`). "
            "A field changed by both keeps this save, and `conflicts` has the "
            "other text, so nothing is lost silently. Without `base_revision` "
            "the fields sent overwrite.",
        )
        r.call(
            "Revoke a partner: DELETE @my-application/invite/<id>",
            "holder of the lead's link",
            None,
            "DELETE",
            path + f"@my-application/invite/{invited.json()['id']}",
            token=token,
            note="204; the partner's links and sessions stop working at once.",
        )
        r.call(
            "A refused submit: POST @my-application/submit",
            "holder of a draft's link",
            None,
            "POST",
            path + "@my-application/submit",
            {},
            token=token,
            note="Every error at once, per field, in German; nothing changes.",
        )
        rest = {k: v for k, v in values.items() if k not in half}
        call_ = requests.patch(
            f"{base}{path}@my-application",
            json=rest,
            headers={"Accept": "application/json", "X-Application-Token": token},
            timeout=60,
        )
        self.assertEqual(call_.status_code, 200)
        submitted = r.call(
            "Submit the draft: POST @my-application/submit",
            "holder of a draft's link",
            None,
            "POST",
            path + "@my-application/submit",
            {},
            token=token,
            note='The draft goes through the application form as "Bewerbung '
            "absenden\"; the answer's `token` opens the application (the "
            "draft and its links are gone).",
        )
        mine = submitted.json()["token"]
        r.call(
            "Correct the application: PATCH @my-application",
            "holder of the lead's link",
            None,
            "PATCH",
            path + "@my-application",
            {"summary": "Drei Kommunen führen ein gemeinsames Standesamt."},
            token=mine,
            note="Until the end of submissions; each correction is a new version "
            "(the reference stays), the office sees what changed.",
        )
        r.call(
            "Read the application: GET @my-application",
            "holder of the lead's link",
            None,
            "GET",
            path + "@my-application",
            token=mine,
            note="The state in plain German, the versions and the dates ahead.",
        )
        r.call(
            "The PDF copy: GET @my-application/pdf",
            "holder of the lead's link",
            None,
            "GET",
            path + "@my-application/pdf",
            token=mine,
            note="The PDF/UA copy of the current version (as attached to the "
            "confirmation mail).",
        )
        r.call(
            "Withdraw: POST @my-application/withdraw",
            "holder of the lead's link",
            None,
            "POST",
            path + "@my-application/withdraw",
            {"confirm": True, "reason": "Das Projekt ruht."},
            token=mine,
            note="Until the jury's decision; without `confirm` nothing happens. "
            "The office is told.",
        )
        r.call(
            "Without a link: GET @my-application",
            "anyone",
            None,
            "GET",
            path + "@my-application",
        )
        self.assertTrue(submission.reference)
        markdown = r.markdown(APPLICANTS_INTRO)
        if os.environ.get("IKZ_RECORD_DOCS"):
            write_part("applicants", markdown)
        documented = parse(split_doc()[1])
        recorded = parse(markdown)
        self.assertEqual(len(recorded), len(r.sections))
        self.assertEqual(
            documented,
            recorded,
            "docs/rest.md no longer matches the server: record it anew with "
            "IKZ_RECORD_DOCS=1",
        )
