"""Submitting a draft without the browser (``POST @my-application/submit``).

The draft's values go through the application form exactly as a post of
"Bewerbung absenden" does: the form's widgets extract and validate them
(with the action's checks of category, consent and files, all at once),
then the form's actions run, among them the one that stores the
Submission. Nothing here is a second intake: a refusal carries the form's
German messages per field and changes nothing."""

from collective.easyform.browser.view import EasyFormForm
from collective.easyform.config import FORM_ERROR_MARKER
from ikz.landespreis import _
from ikz.landespreis.applicants import drafts
from ikz.landespreis.intake import mails
from ikz.landespreis.intake.form import FORM_ID
from ikz.landespreis.intake.store import acceptance_problem
from ikz.landespreis.intake.store import ApplicationRefused
from zope.i18n import translate


#: the request key where the action leaves the stored application
STORED = "ikz_landespreis_stored"

MSG_NOT_STORED = _(
    "msg_draft_not_submitted",
    default="Your draft could not be submitted. Please try again or submit it "
    "on the form.",
)


def _messages(view, errors, request):
    result = {}
    for error in errors:
        widget = getattr(error, "widget", None)
        name = widget.__name__ if widget is not None else None
        message = getattr(error, "message", None) or error.error.doc()
        result[name] = translate(message, context=request)
    return result


def submit_draft(competition, draft, request):
    """Submit ``draft`` of ``competition``; returns the new Submission and
    deletes the draft. Raises ApplicationRefused (field -> German text,
    ``None`` for the whole application) and changes nothing otherwise."""
    from ikz.landespreis.intake.views import ApplicationForm

    problem = acceptance_problem(competition)
    if problem is not None:
        raise ApplicationRefused({None: translate(problem, context=request)})
    form = competition.get(FORM_ID)
    if form is None:
        raise ApplicationRefused({None: translate(MSG_NOT_STORED, context=request)})
    saved = request.form
    request.form = dict(draft.values)
    try:
        view = ApplicationForm(form, request)
        view.update()
        if view.closed_message is not None:
            raise ApplicationRefused({None: view.closed_message})
        data, errors = view.extractData()
        if errors:
            raise ApplicationRefused(_messages(view, errors, request))
        data = view.updateServerSideData(data)
        for name, blob in draft.files.items():
            if data.get(name) is None:
                data[name] = blob
        mails.note_proven_address(request, draft, data.get("contact_email"))
        # the form's own actions (not ApplicationForm's, which takes over
        # the draft of a browser session): the intake among them
        refused = EasyFormForm.processActions(view, data)
        if refused:
            raise ApplicationRefused({
                (None if name == FORM_ERROR_MARKER else name): message
                for name, message in refused.items()
            })
    finally:
        request.form = saved
    submission = request.get(STORED)
    if submission is None:
        raise ApplicationRefused({None: translate(MSG_NOT_STORED, context=request)})
    from ikz.landespreis.applicants import partners

    partners.carry_over(draft, submission, competition)
    drafts.delete_draft(competition, draft.id)
    return submission
