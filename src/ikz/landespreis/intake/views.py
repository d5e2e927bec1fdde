"""The application form page and the thank-you page."""

from Acquisition import aq_base
from collective.easyform.browser.view import EasyFormForm
from collective.easyform.browser.view import EasyFormFormWrapper
from datetime import timedelta
from ikz.landespreis import _
from ikz.landespreis.domain import formatting
from ikz.landespreis.domain.dates import time_left
from ikz.landespreis.intake import clock
from ikz.landespreis.intake.mails import german_size
from ikz.landespreis.intake.store import acceptance_problem
from ikz.landespreis.intake.store import field_errors
from ikz.landespreis.mail import receipt_state
from ikz.landespreis.utils import find_competition
from ikz.landespreis.utils import uploads
from plone import api
from plone.formwidget.namedfile.interfaces import INamedFileWidget
from plone.keyring.interfaces import IKeyManager
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from urllib.parse import urlencode
from z3c.form import button
from z3c.form.interfaces import ICheckBoxWidget
from z3c.form.interfaces import IErrorViewSnippet
from z3c.form.interfaces import IRadioWidget
from z3c.form.interfaces import ISelectWidget
from zope.component import getMultiAdapter
from zope.component import getUtility
from zope.i18n import translate
from zope.schema import ValidationError

import hashlib
import hmac
import json
import re


THANKS_VIEW = "application-received"


def thanks_token(uid):
    secret = getUtility(IKeyManager).secret()
    return hmac.new(secret.encode(), uid.encode(), hashlib.sha256).hexdigest()[:32]


def thanks_url(form, submission):
    """The signed link to the thank-you page. It names the application's
    place (category/id) as well as its UID: the page must work right after
    the commit, before the application is catalogued (see indexing.py)."""
    uid = api.content.get_uuid(submission)
    where = f"{submission.__parent__.getId()}/{submission.getId()}"
    return f"{form.absolute_url()}/@@{THANKS_VIEW}?" + urlencode({
        "id": uid,
        "at": where,
        "token": thanks_token(uid),
    })


def _find_application(competition, uid, where):
    """The application with ``uid``: at ``where`` in the competition, or
    (moved to another category since) through the catalog."""
    ids = str(where).split("/")
    if competition is not None and len(ids) == 2:
        # two ids, looked up as items (no acquisition, no "..", no views)
        category = aq_base(competition).get(ids[0]) if ids[0] else None
        found = (
            aq_base(category).get(ids[1]) if category is not None and ids[1] else None
        )
        if (
            found is not None
            and getattr(found, "portal_type", None) == "Submission"
            and api.content.get_uuid(found) == uid
        ):
            return competition[ids[0]][ids[1]]
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(UID=uid, portal_type="Submission")
    return brains[0]._unrestrictedGetObject() if brains else None


PROMPT = _("prompt_please_choose", default="Please choose")


class ApplicationForm(EasyFormForm):
    """Easyform's form, closed outside the submission window.

    Every choice starts with "Bitte wählen" (no category is preselected),
    and a post is checked completely at once: the checks of the action
    (category, consent, file contents) run with the form's own, so every
    error shows in the first answer (:meth:`error_summary`)."""

    closed_message = None
    _extra_checked = False
    draft = None
    draft_saved = None
    #: the note of a merge with someone else's save (applicants/draftform.py)
    draft_note = ""
    draft_notes = ()
    draft_taken = ""
    refused_message = None

    buttons = EasyFormForm.buttons.copy()
    handlers = EasyFormForm.handlers.copy()

    @button.buttonAndHandler(
        _("button_save_draft", default="Save draft"),
        name="save_draft",
        condition=lambda form: not form.thanksPage,
    )
    def handleSaveDraft(self, action):
        from ikz.landespreis.applicants import draftform

        CheckAuthenticator(self.request)
        saved = draftform.save(self)
        if saved.draft is None:
            if draftform.current_draft(self.context, self.request) is not None:
                # a partner who may only read
                self.request.response.setStatus(403)
                self.refused_message = saved.message
            else:
                self.add_error("contact_email", saved.message)
            self.status = ""
            return
        self.draft = saved.draft
        self.draft_saved = saved.message
        self.draft_note = saved.note
        self.draft_notes = saved.notes
        self.draft_taken = saved.taken
        if saved.merge is not None and saved.merge.taken:
            self.show_draft()

    def show_draft(self):
        """Show the draft's values (someone else's changes taken over)
        instead of the ones posted."""
        from ikz.landespreis.applicants import draftform

        form = self.request.form
        for key in [k for k in form if k.startswith(draftform.PREFIX)]:
            del form[key]
        form.update(self.draft.values)
        self.updateWidgets()
        for group in getattr(self, "groups", ()) or ():
            group.updateWidgets()

    def base_revision(self):
        """The revision the rendered form shows (a hidden field): the one
        just saved, the one posted back with errors, or the draft's."""
        from ikz.landespreis.applicants import draftform

        if self.draft is not None:
            return self.draft.revision
        draft = draftform.current_draft(self.context, self.request)
        if draft is None:
            return None
        if self.request.method == "POST":
            posted = draftform.base_revision(self.request.form.get(draftform.BASE))
            if posted is not None:
                return posted
        return draft.revision

    def add_error(self, name, text):
        """Show ``text`` as the error of the field ``name``; the view."""
        error = ValidationError()
        error.doc = lambda text=text: text
        widget = self.widgets[name]
        view = getMultiAdapter(
            (error, self.request, widget, widget.field, self, self.context),
            IErrorViewSnippet,
        )
        view.update()
        widget.error = view
        self.widgets.errors += (view,)
        return view

    def processActions(self, fields):
        from collective.easyform.config import FORM_ERROR_MARKER
        from ikz.landespreis.applicants import draftform
        from ikz.landespreis.applicants import drafts
        from ikz.landespreis.intake import mails

        if self.partner_refused():
            return {FORM_ERROR_MARKER: self.refused_message}
        draft = draftform.take_over(self, fields)
        mails.note_proven_address(self.request, draft, fields.get("contact_email"))
        errors = super().processActions(fields)
        if not errors and draft is not None:
            from ikz.landespreis.applicants import partners

            submission = self.request.get("ikz_landespreis_stored")
            if submission is not None:
                partners.carry_over(draft, submission, self.competition)
            drafts.delete_draft(self.competition, draft.id)
        return errors

    @property
    def enable_autofocus(self):
        # with errors the summary takes the focus (application-form.js);
        # Plone's pat-formautofocus would move it to the first field
        widgets = getattr(self, "widgets", None)
        if widgets is not None and widgets.errors:
            return False
        return super().enable_autofocus

    def updateWidgets(self, prefix=None):
        super().updateWidgets(prefix)
        for widget in self.all_widgets():
            if ISelectWidget.providedBy(widget):
                widget.prompt = True
                widget.promptMessage = PROMPT

    def all_widgets(self):
        widgets = list(self.widgets.values())
        for group in getattr(self, "groups", ()) or ():
            widgets.extend(group.widgets.values())
        return widgets

    def updateActions(self):
        super().updateActions()
        if (
            "submit" in self.actions
            and "form.buttons.submit" not in self.request.form
            and self.partner_session()
        ):
            # only the lead submits: a partner gets no button that would
            # only refuse (a post of it is still refused: partner_refused)
            del self.actions["submit"]

    def partner_session(self):
        """Whether the request is a partner's session on a draft."""
        from ikz.landespreis.applicants import draftform

        draft, role, _partner = draftform.draft_session(self.context, self.request)
        return draft is not None and role not in (None, "lead")

    def partner_refused(self):
        """Partners write along; only the lead submits: True (and the
        message set, status 403) for a partner's session."""
        from ikz.landespreis.applicants import draftform

        _draft, role, _partner = draftform.draft_session(self.context, self.request)
        if role in (None, "lead"):
            return False
        self.request.response.setStatus(403)
        self.refused_message = translate(
            draftform.MSG_LEAD_SUBMITS, context=self.request
        )
        return True

    def extractData(self, setErrors=True):
        if "form.buttons.submit" in self.request.form and self.partner_refused():
            # checked before the fields: nothing of a partner is submitted
            return {}, (self.refused_message,)
        data, errors = super().extractData(setErrors=setErrors)
        if errors and not self._extra_checked and self.competition is not None:
            # the form's own errors: add the action's, so none comes later
            self._extra_checked = True
            failed = {e.widget.__name__ for e in errors if e.widget is not None}
            extra = field_errors(self.competition, data, skip=failed)
            if setErrors:
                self.widgets.errors = errors
            for name, message in extra.items():
                if name in self.widgets:
                    view = self.add_error(
                        name, translate(message, context=self.request)
                    )
                    if not setErrors:
                        self.widgets.errors = self.widgets.errors[:-1]
                    errors += (view,)
        return data, errors

    def error_summary(self):
        """``[{"label", "message", "target"}]`` of every error, in the
        order of the form."""
        order = {name: i for i, name in enumerate(self.widgets.keys())}
        summary = []
        for view in self.widgets.errors or ():
            widget = view.widget
            if widget is None:
                continue
            message = getattr(view, "message", None) or view.error.doc()
            summary.append((
                order.get(widget.__name__, len(order)),
                {
                    "label": translate(
                        widget.label or widget.field.title or "", context=self.request
                    ),
                    "message": translate(message, context=self.request),
                    "target": _target_id(widget),
                },
            ))
        return [entry for _i, entry in sorted(summary, key=lambda e: e[0])]

    def update(self):
        self.competition = find_competition(self.context)
        problem = acceptance_problem(self.competition)
        if problem is not None:
            self.closed_message = translate(problem, context=self.request)
            if self.request.method == "POST":
                self.request.response.setStatus(403)
            return
        super().update()

    def render(self):
        from ikz.landespreis.applicants import draftform
        from markupsafe import escape

        if self.closed_message is not None:
            return ""
        if self.widgets.errors or self.refused_message:
            # the summary above the form says it, with links (no second,
            # empty "Einige Fehler sind aufgetreten.")
            self.status = ""
        html = super().render()
        revision = self.base_revision()
        if revision is not None:
            # the revision the page was loaded with: every save names it,
            # so the server merges field by field (applicants/draftform.py)
            hidden = (
                f'<input type="hidden" name="{draftform.BASE}" '
                f'id="ikz-base-revision" value="{escape(str(revision))}" />'
            )
            html = re.sub(r"(<form\b[^>]*>)", r"\1" + hidden, html, count=1)
        return html


def _target_id(widget):
    """The id of the element an error links to (the input itself)."""
    if ICheckBoxWidget.providedBy(widget) or IRadioWidget.providedBy(widget):
        return f"{widget.id}-0"
    if INamedFileWidget.providedBy(widget):
        return f"{widget.id}-input"
    return widget.id


class ApplicationFormView(EasyFormFormWrapper):
    form = ApplicationForm
    index = ViewPageTemplateFile("templates/application_layout.pt")

    def update(self):
        from ikz.landespreis.applicants import draftform

        self.draft = draftform.prefill(self)
        super().update()
        if self.form_instance.draft is not None:
            self.draft = self.form_instance.draft
        elif self.draft is None and self.request.method == "POST":
            # sent with errors from a draft: its files still go along
            self.draft = draftform.current_draft(self.context, self.request)

    def draft_saved(self):
        return self.form_instance.draft_saved

    def draft_note(self):
        """The note of a merge: ``{"text", "notes", "taken"}`` or ``None``."""
        form = self.form_instance
        if not form.draft_note and not form.draft_taken:
            return None
        return {
            "text": form.draft_note,
            "notes": form.draft_notes,
            "taken": form.draft_taken,
        }

    def refused_message(self):
        return self.form_instance.refused_message

    def draft_time(self):
        return formatting.german_datetime(self.draft.modified)

    def draft_files(self):
        if self.draft is None:
            return []
        return [
            f"{blob.filename} ({german_size(blob.getSize())})"
            for blob in self.draft.files.values()
        ]

    def closed_message(self):
        return self.form_instance.closed_message

    def limits(self):
        """``{"input id": max length}`` of the long text fields, as JSON for
        the live character counters (application-form.js)."""
        form = self.form_instance
        if form.closed_message is not None or getattr(form, "widgets", None) is None:
            return None
        limits = {
            widget.id: widget.field.max_length
            for widget in form.all_widgets()
            if getattr(widget.field, "max_length", None)
            and widget.field.max_length >= 100
            and getattr(widget, "mode", "input") == "input"
        }
        return json.dumps(limits) if limits else None

    def portal_url(self):
        return api.portal.get().absolute_url()

    def my_application_url(self):
        """ "Meine Bewerbung" of the draft's competition (partners, state)."""
        competition = self.form_instance.competition
        if competition is None:
            return None
        return f"{competition.absolute_url()}/@@meine-bewerbung"

    def is_partner(self):
        return self.form_instance.partner_session()

    def error_summary(self):
        form = self.form_instance
        if form.closed_message is not None or getattr(form, "widgets", None) is None:
            return []
        return form.error_summary()

    def window(self):
        competition = find_competition(self.context)
        if competition is None or competition.submission_end is None:
            return None
        now = clock.now()
        return {
            "start": formatting.german_datetime(competition.submission_start),
            "end": formatting.german_datetime(competition.submission_end),
            "left": formatting.german_duration(
                time_left(competition.submission_end, now)
            ),
        }


class ApplicationReceivedView(BrowserView):
    """Shows the reference of a stored application to the one who sent it
    (the link carries a signed token; no login is needed or granted)."""

    index = ViewPageTemplateFile("templates/application_received.pt")

    my_application_url = None

    def __call__(self):
        self.submission = None
        uid = self.request.form.get("id", "")
        token = self.request.form.get("token", "")
        if uid and hmac.compare_digest(thanks_token(uid), str(token)):
            self.submission = _find_application(
                find_competition(self.context), uid, self.request.form.get("at", "")
            )
        if self.submission is None:
            self.request.response.setStatus(404)
        else:
            self.open_session()
        return self.index()

    #: how long after sending the thank-you page opens "Meine Bewerbung"
    SESSION_WINDOW = timedelta(hours=1)

    def open_session(self):
        """Right after sending, the thank-you page lets the sender into
        "Meine Bewerbung" (later only the mailed personal link does)."""
        from ikz.landespreis.applicants import tokens
        from ikz.landespreis.web.headers import https_portal

        received = self.submission.submitted_at
        if received is None or clock.now() - received > self.SESSION_WINDOW:
            self.my_application_url = None
            return
        tokens.set_session(
            self.request,
            api.content.get_uuid(self.submission),
            "lead",
            secure=https_portal(self.request),
        )
        competition = find_competition(self.submission)
        self.my_application_url = f"{competition.absolute_url()}/@@meine-bewerbung"

    def info(self):
        s = self.submission
        files = [f"{name} ({german_size(size)})" for name, size in uploads(s)]
        return {
            "reference": s.reference,
            "title": s.title,
            "category": s.__parent__.Title(),
            "received": formatting.german_datetime(s.submitted_at),
            "email": s.contact_email,
            "files": files,
            "receipt": receipt_state(s),
        }
