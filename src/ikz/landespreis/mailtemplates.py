"""The mail templates the office edits through the web.

Every mail to an applicant, a juror or a visitor of a consultation hour is
rendered from one of the templates below (:data:`DEFAULTS` holds the German
texts a new competition starts with) and sent through
:func:`ikz.landespreis.mail.send` as plain text with an HTML part made from
it (:func:`ikz.landespreis.domain.mailtext.html_from_text`).

Where they live: as an annotation on the competition, like the other things
the office edits per edition (categories, criteria, dates, the form's
mail actions in collective.easyform live on their content too). The
registry is site-wide configuration for Site Administrators: the office
holds its roles locally on its competition and could not edit it there, and
the next edition would silently change the texts of the last one. Only
texts that differ from the defaults are stored; a new edition copies them
(:func:`copy`). Mails outside a competition (consultation hours) use the
templates of the current competition.
"""

from BTrees.OOBTree import OOBTree
from datetime import datetime
from ikz.landespreis.domain import formatting
from ikz.landespreis.domain import mailtext
from ikz.landespreis.domain.dates import BERLIN
from ikz.landespreis.intake.mails import PDF_ATTACHED
from persistent.mapping import PersistentMapping
from plone import api
from zope.annotation.interfaces import IAnnotations


KEY = "ikz.landespreis.mail_templates"

MSG_UNKNOWN_TEMPLATE = "Diese Vorlage gibt es nicht."
MSG_UNKNOWN_REFERENCE = (
    "In diesem Wettbewerb gibt es keine Bewerbung mit diesem Aktenzeichen."
)
#: the reason shown in a preview of a mail to an application without one
EXAMPLE_REASON = "(Begründung der Geschäftsstelle)"
#: the changed answers shown in a preview of the correction's mail
EXAMPLE_CHANGED = "(die geänderten Angaben, z. B. Kurzbeschreibung des Projekts)"

SIGNATURE = "Mit freundlichen Grüßen\nIhre Geschäftsstelle des Landespreises"

#: kind -> German title, subject, body
DEFAULTS = {
    "receipt": {
        "title": "Eingangsbestätigung",
        "subject": "Eingangsbestätigung: Ihre Bewerbung ${reference}",
        "body": (
            # no name: the address is whatever the form was given
            "Guten Tag,\n\n"
            "vielen Dank für Ihre Bewerbung zum ${competition}. "
            "Wir haben sie erhalten:\n\n"
            "Aktenzeichen: ${reference}\n"
            "Projekt: ${title}\n"
            "Kategorie: ${category}\n"
            "Eingegangen am: ${received}\n\n"
            "${pdf}\n\n"
            "${link}\n\n"
            "Wie geht es weiter? Die Geschäftsstelle prüft Ihre Bewerbung anhand "
            "der Teilnahmebedingungen und meldet sich, falls etwas fehlt. "
            "Zugelassene Bewerbungen bewertet die Jury. Bitte geben Sie bei "
            "Rückfragen Ihr Aktenzeichen an.\n\n" + SIGNATURE
        ),
    },
    "correction": {
        "title": "Bestätigung einer Korrektur",
        "subject": "Ihre Korrektur: Bewerbung ${reference}, Fassung ${version}",
        "body": (
            "Guten Tag,\n\n"
            "Ihre Korrektur der Bewerbung „${title}“ (${reference}) zum "
            "${competition} ist gespeichert. Die Bewerbung gilt jetzt in "
            "Fassung ${version}.\n\n"
            "Geändert: ${changed}\n\n"
            "${pdf} Bis zum "
            "Bewerbungsschluss am ${submission_end} können Sie weitere "
            "Korrekturen vornehmen; danach gilt die letzte Fassung.\n\n"
            "${link}\n\n"
            "Haben Sie diese Korrektur nicht selbst vorgenommen? Dann "
            "antworten Sie bitte sofort auf diese E-Mail.\n\n" + SIGNATURE
        ),
    },
    "admission": {
        "title": "Zulassung",
        "subject": "Ihre Bewerbung ${reference} ist zugelassen",
        "body": (
            "Guten Tag ${name},\n\n"
            "Ihre Bewerbung „${title}“ (${reference}) in der Kategorie "
            "${category} erfüllt die Teilnahmebedingungen und ist zum "
            "${competition} zugelassen. Sie wird nun von der Jury bewertet "
            "(Frist der Jury: ${jury_deadline}).\n\n"
            "${link}\n\n" + SIGNATURE
        ),
    },
    "rejection": {
        "title": "Absage mit Begründung",
        "subject": "Ihre Bewerbung ${reference}",
        "body": (
            "Guten Tag ${name},\n\n"
            "vielen Dank für Ihre Bewerbung „${title}“ (${reference}). Leider "
            "kann sie nicht zum Wettbewerb zugelassen werden, aus folgendem "
            "Grund:\n\n${reason}\n\n"
            "Wenn Sie Fragen haben, antworten Sie bitte auf diese Mail.\n\n" + SIGNATURE
        ),
    },
    "withdrawal": {
        "title": "Rücknahme",
        "subject": "Ihre Bewerbung ${reference}",
        "body": (
            "Guten Tag ${name},\n\n"
            "Ihre Bewerbung „${title}“ (${reference}) wurde aus dem Wettbewerb "
            "genommen, aus folgendem Grund:\n\n${reason}\n\n"
            "Wenn Sie Fragen haben, antworten Sie bitte auf diese Mail.\n\n" + SIGNATURE
        ),
    },
    "nomination": {
        "title": "Nominierung",
        "subject": "Ihr Projekt ${reference} ist nominiert",
        "body": (
            "Guten Tag ${name},\n\n"
            "herzlichen Glückwunsch: Die Jury des ${competition} hat Ihr "
            "Projekt „${title}“ in der Kategorie ${category} nominiert. "
            "Die Ergebnisse finden Sie hier:\n${results_url}\n\n" + SIGNATURE
        ),
    },
    "award": {
        "title": "Auszeichnung",
        "subject": "Ihr Projekt ${reference} ist ausgezeichnet",
        "body": (
            "Guten Tag ${name},\n\n"
            "herzlichen Glückwunsch: Ihr Projekt „${title}“ ist Preisträger des "
            "${competition} in der Kategorie ${category}. Das Preisgeld teilen "
            "die Partner der Kooperation unter sich auf; wir melden uns wegen "
            "der Preisverleihung.\n\n"
            "Die Ergebnisse: ${results_url}\n\n" + SIGNATURE
        ),
    },
    "non_award": {
        "title": "Keine Auszeichnung",
        "subject": "Ergebnis Ihrer Bewerbung ${reference}",
        "body": (
            "Guten Tag ${name},\n\n"
            "die Jury des ${competition} hat entschieden. Ihr Projekt "
            "„${title}“ (${reference}) wurde diesmal nicht ausgezeichnet. Wir "
            "danken Ihnen für Ihre Teilnahme und ermutigen Sie, sich wieder zu "
            "bewerben.\n\n"
            "Die Ergebnisse: ${results_url}\n\n" + SIGNATURE
        ),
    },
    "results": {
        "title": "Ergebnisse veröffentlicht",
        "subject": "Die Ergebnisse des ${competition} sind veröffentlicht",
        "body": (
            "Guten Tag ${name},\n\n"
            "die Ergebnisse des ${competition} sind veröffentlicht:\n"
            "${results_url}\n\n"
            "Vielen Dank für Ihre Bewerbung „${title}“ (${reference}).\n\n" + SIGNATURE
        ),
    },
    "juror_invitation": {
        "title": "Einladung in die Jury",
        "subject": "Einladung in die Jury des ${competition}",
        "body": (
            "Guten Tag ${name},\n\n"
            "Sie sind Mitglied der Jury des ${competition}. Im Jurybereich "
            "lesen Sie die zugelassenen Bewerbungen, erklären mögliche "
            "Befangenheiten und bewerten die Projekte:\n${jury_url}\n\n"
            "Frist der Jury: ${jury_deadline}\n\n" + SIGNATURE
        ),
    },
    "reminder": {
        "title": "Erinnerung an die Jury",
        "subject": "Erinnerung: offene Bewertungen im ${competition}",
        "body": (
            "Guten Tag ${name},\n\n"
            "Sie haben im ${competition} noch ${count} Bewerbungen zu bewerten. "
            "Die Frist der Jury endet am ${jury_deadline}.\n\n"
            "Bitte melden Sie sich im Jurybereich an: ${jury_url}\n\n" + SIGNATURE
        ),
    },
    "consultation": {
        "title": "Anmeldung zur Sprechstunde",
        "subject": "Ihre Anmeldung: ${event}",
        "body": (
            "Guten Tag ${name},\n\n"
            "vielen Dank für Ihre Anmeldung zur ${event} am ${when}. Am Tag "
            "vorher erinnern wir Sie. Den Zugang finden Sie hier:\n"
            "${event_url}\n\n" + SIGNATURE
        ),
    },
}

#: the kinds the office releases, in the order of the release page
OUTCOMES = ("admission", "rejection", "nomination", "award", "non_award", "results")
#: ... of which these tell the jury's outcome: only after the results are out
JURY_OUTCOMES = ("nomination", "award", "non_award", "results")


def _store(competition, create=False):
    annotations = IAnnotations(competition)
    store = annotations.get(KEY)
    if store is None and create:
        store = annotations[KEY] = OOBTree()
    return store


def get(competition, kind):
    """``{"title", "subject", "body", "changed"}`` of ``kind``."""
    default = DEFAULTS[kind]
    stored = _store(competition) if competition is not None else None
    own = stored.get(kind) if stored is not None else None
    result = dict(default, changed=False)
    if own is not None:
        result.update(subject=own["subject"], body=own["body"], changed=True)
        result["modified"] = own.get("modified")
        result["by"] = own.get("by", "")
    return result


def save(competition, kind, subject, body):
    """Store the office's text; :class:`mailtext.TemplateError` (German) for
    a template that could not be sent, and nothing changes."""
    if kind not in DEFAULTS:
        raise mailtext.TemplateError(MSG_UNKNOWN_TEMPLATE)
    subject = (subject or "").strip()
    body = (body or "").replace("\r\n", "\n").strip() + "\n"
    mailtext.check(subject, body)
    _store(competition, create=True)[kind] = PersistentMapping(
        subject=subject,
        body=body,
        modified=datetime.now(BERLIN),
        by=api.user.get_current().getId() or "",
    )


def reset(competition, kind):
    """Back to the default text."""
    store = _store(competition)
    if store is not None and kind in store:
        del store[kind]


def record(competition, kind, action):
    """The office's change of a template (``save``, ``reset``) in the trail."""
    from ikz.landespreis import audit

    audit.record(
        competition,
        "mail.template",
        target=api.content.get_uuid(competition),
        template=kind,
        action=action,
    )


def edit(competition, kind, subject=None, body=None):
    """The office changes ``kind`` (``None`` keeps that part): checked as by
    :func:`save` (nothing changes on a :class:`mailtext.TemplateError`) and
    recorded in the audit trail. The page and the REST API both use it."""
    if kind not in DEFAULTS:
        raise mailtext.TemplateError(MSG_UNKNOWN_TEMPLATE)
    current = get(competition, kind)
    save(
        competition,
        kind,
        current["subject"] if subject is None else subject,
        current["body"] if body is None else body,
    )
    record(competition, kind, "save")


def restore(competition, kind):
    """Back to the default text, recorded in the audit trail."""
    reset(competition, kind)
    record(competition, kind, "reset")


def copy(source, target):
    """The office's texts of ``source`` for the edition ``target``."""
    store = _store(source)
    if not store:
        return
    for kind, own in store.items():
        _store(target, create=True)[kind] = PersistentMapping(own)


# -- values ---------------------------------------------------------------------


def applicant_link(submission):
    """The applicant's personal link to their application, or ``''``.

    THE HOOK for the applicants' area (personal, signed, single-purpose,
    expiring links, stored hashed; built in parallel): until it exists
    there is no link, ``${link}`` renders empty and a line holding only the
    link disappears. That feature makes this function return its link (a
    fresh token per mail); nothing else here needs to change."""
    from ikz.landespreis.applicants import links
    from ikz.landespreis.utils import find_competition
    from zope.globalrequest import getRequest

    competition = find_competition(submission)
    if competition is None or getattr(submission, "portal_type", "") != "Submission":
        return ""
    request = getRequest()
    if request is None or request.get("REQUEST_METHOD", "GET") in ("GET", "HEAD"):
        # a preview (or a job without a request) issues no token: it would
        # write on a GET; the page lets the applicant request a link
        return links.page_url(competition)
    return links.new_link(submission, competition)


def competition_values(competition):
    from ikz.landespreis.publicurl import public_url

    if competition is None:
        return {"today": formatting.german_date(datetime.now(BERLIN))}
    return {
        "competition": competition.Title(),
        "submission_end": formatting.german_datetime(
            getattr(competition, "submission_end", None)
        ),
        "jury_deadline": formatting.german_datetime(
            getattr(competition, "jury_deadline", None)
        )
        or "-",
        "today": formatting.german_date(datetime.now(BERLIN)),
        "results_url": public_url(None, "@@preistraeger"),
        "jury_url": public_url(competition, "@@jury"),
    }


def submission_values(submission, reason=None, link=None):
    """The placeholders of a mail about ``submission``. The texts the
    applicant typed are defanged: the address may be anyone's. ``link``
    instead of a fresh personal link (a preview issues none)."""
    from ikz.landespreis.intake.mails import defang
    from ikz.landespreis.utils import find_competition

    values = competition_values(find_competition(submission))
    values.update(
        name=defang(getattr(submission, "contact_name", "") or ""),
        reference=getattr(submission, "reference", "") or "",
        title=defang(submission.title),
        category=submission.__parent__.Title(),
        received=formatting.german_datetime(getattr(submission, "submitted_at", None)),
        reason=(
            reason
            if reason is not None
            else getattr(submission, "rejection_reason", "") or ""
        ),
        link=applicant_link(submission) if link is None else link,
        version=getattr(submission, "version", None) or 1,
    )
    return values


# -- preview ---------------------------------------------------------------------


def preview_submissions(competition, limit=200):
    """The applications of ``competition`` to preview a template with, by
    reference (catalog brains, as the current user may see them)."""
    return api.content.find(
        context=competition,
        portal_type="Submission",
        sort_on="submission_reference",
    )[:limit]


def preview_submission(competition, uid=None, reference=None):
    """The application to preview with: the one of ``uid`` or ``reference``
    in ``competition`` (``None`` when there is none such), else the first."""
    query = {}
    if uid:
        query["UID"] = uid
    if reference:
        query["submission_reference"] = reference
    if query:
        brains = api.content.find(
            context=competition, portal_type="Submission", **query
        )
    else:
        brains = preview_submissions(competition, limit=1)
    return brains[0].getObject() if brains else None


def preview_values(competition, submission=None):
    """Placeholders from ``submission`` (the competition's and examples for
    the juror mails without one); the applicant's link is the page where
    they ask for one: a preview issues no token."""
    from ikz.landespreis.applicants import links

    if submission is not None:
        values = submission_values(submission, link=links.page_url(competition))
        if not values.get("reason"):
            values["reason"] = EXAMPLE_REASON
    else:
        values = competition_values(competition)
    user = api.user.get_current()
    values.setdefault("name", user.getProperty("fullname", "") or user.getId())
    values.setdefault("count", 3)
    values.setdefault("event", "Online-Sprechstunde")
    values.setdefault("when", "(Datum und Uhrzeit der Sprechstunde)")
    values.setdefault("event_url", competition.absolute_url())
    values.setdefault("pdf", PDF_ATTACHED)
    values.setdefault("changed", EXAMPLE_CHANGED)
    return values


def preview(competition, kind, submission=None, subject=None, body=None):
    """``(subject, text, html)`` of ``kind`` (or of the unsaved ``subject`` and
    ``body``, checked: :class:`mailtext.TemplateError`) rendered with
    ``submission``; nothing is stored or sent."""
    if kind not in DEFAULTS:
        raise mailtext.TemplateError(MSG_UNKNOWN_TEMPLATE)
    template = get(competition, kind)
    subject = (template["subject"] if subject is None else subject).strip()
    body = template["body"] if body is None else body
    mailtext.check(subject, body)
    subject, text = mailtext.render(
        subject, body, preview_values(competition, submission)
    )
    return subject, text, mailtext.html_from_text(text, subject)


def render(competition, kind, values):
    """``(subject, text, html)`` of ``kind`` with ``values``."""
    template = get(competition, kind)
    subject, text = mailtext.render(template["subject"], template["body"], values)
    return subject, text, mailtext.html_from_text(text, subject)


def send(context, kind, to, values, competition=None, **kw):
    """Render ``kind`` and send it through the central mail module (its log,
    limit and audit); returns the log entry."""
    from ikz.landespreis import mail
    from ikz.landespreis.utils import find_competition

    if competition is None:
        competition = find_competition(context)
    subject, text, html = render(competition, kind, values)
    return mail.send(context, kind, to, subject, text, html=html, **kw)


def send_to_applicant(submission, kind, reason=None, extra=None, **kw):
    """``kind`` to the applicant of ``submission`` (``None`` without an
    address); ``extra`` placeholders on top of the application's."""
    from email.utils import formataddr
    from ikz.landespreis.intake.mails import defang
    from ikz.landespreis.utils import find_competition

    address = getattr(submission, "contact_email", None)
    if not address:
        return None
    competition = find_competition(submission)
    kw.setdefault("reply_to", getattr(competition, "office_email", None) or None)
    values = submission_values(submission, reason=reason)
    values.update(extra or {})
    return send(
        submission,
        kind,
        formataddr((defang(submission.contact_name or ""), address)),
        values,
        competition=competition,
        **kw,
    )
