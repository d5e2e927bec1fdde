"""Consultation hours: events tagged "Sprechstunde", the registrations of
their form and the reminder mail the day before.

The reminder is clock-driven: ``scripts/send_reminders.py`` (run daily by
cron through ``zconsole run``, see README.rst) calls
``send_reminders(portal)``; each registration is reminded once.
"""

from datetime import datetime
from datetime import timedelta
from ikz.landespreis import mail
from ikz.landespreis.domain import formatting
from ikz.landespreis.domain.dates import BERLIN
from ikz.landespreis.domain.dates import to_berlin
from ikz.landespreis.publicurl import public_url
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from plone import api
from zope.annotation.interfaces import IAnnotations
from zope.interface import provider
from zope.schema.interfaces import IContextSourceBinder
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


FIELD = "termin"
SUBJECT = "Sprechstunde"
KEY = "ikz.landespreis.registrations"


def _events(upcoming=True):
    catalog = api.portal.get_tool("portal_catalog")
    query = {"portal_type": "Event", "Subject": SUBJECT, "sort_on": "start"}
    if upcoming:
        query["end"] = {"query": datetime.now(BERLIN), "range": "min"}
    return catalog.unrestrictedSearchResults(**query)


def _dt(value):
    return to_berlin(value.asdatetime() if hasattr(value, "asdatetime") else value)


def when(event):
    """German date and time of an event or its catalog brain."""
    start = _dt(event.start)
    end = _dt(event.end)
    return f"{formatting.german_date(start.date())}, {start:%H:%M} bis {end:%H:%M} Uhr"


def label(uid):
    event = api.content.get(UID=uid)
    if event is None:
        return uid
    return f"{event.Title()} am {when(event)}"


def hours():
    """The upcoming consultation hours (catalog brains)."""
    return list(_events())


@provider(IContextSourceBinder)
def upcoming_hours(context=None):
    terms = [SimpleTerm(brain.UID, brain.UID, label(brain.UID)) for brain in _events()]
    return SimpleVocabulary(terms)


def upcoming_hours_factory(context=None):
    return upcoming_hours(context)


def registrations(event):
    return list(IAnnotations(event).get(KEY, []))


def register(uid, name, email):
    event = api.content.get(UID=uid)
    if event is None:
        return None
    stored = IAnnotations(event).get(KEY)
    if stored is None:
        stored = IAnnotations(event)[KEY] = PersistentList()
    entry = PersistentMapping(
        name=name,
        email=email,
        registered=datetime.now(BERLIN).isoformat(),
        reminded=None,
    )
    stored.append(entry)
    return entry


def confirm(uid, name, email, answers=()):
    """The office's template "consultation" (of the current competition)
    to whoever registered for the hour ``uid``, with their answers."""
    from ikz.landespreis import mailtemplates
    from ikz.landespreis.intake.mails import defang
    from ikz.landespreis.portal.views import current_competition

    event = api.content.get(UID=uid)
    if event is None:
        return None
    competition = current_competition()
    values = mailtemplates.competition_values(competition)
    values.update(
        name=defang(name),
        event=event.Title(),
        when=when(event),
        event_url=public_url(event),
    )
    subject, text, _html = mailtemplates.render(competition, "consultation", values)
    if answers:
        text = text + "\n" + "\n".join(answers) + "\n"
    return mail.send(
        event,
        "consultation",
        email,
        subject,
        text,
        html=mailtemplates.mailtext.html_from_text(text, subject),
        log=False,
    )


def reminder_text(event, entry):
    url = public_url(event)
    return "\n".join([
        f"Guten Tag {entry['name']},".replace("Tag ,", "Tag,"),
        "",
        f"wir erinnern Sie an die {event.Title()} morgen, {when(event)}.",
        "",
        "Den Zugang zur Online-Sprechstunde und die Kalenderdatei finden Sie hier:",
        url,
        "",
        "Mit freundlichen Grüßen",
        "Ihre Geschäftsstelle des Landespreises",
    ])


def send_reminders(now=None):
    """Remind everyone registered for an hour that starts tomorrow
    (German calendar day); returns the number of mails."""
    now = to_berlin(now or datetime.now(BERLIN))
    tomorrow = (now + timedelta(days=1)).date()
    sent = 0
    for brain in _events(upcoming=False):
        event = brain._unrestrictedGetObject()
        if _dt(event.start).date() != tomorrow:
            continue
        for entry in IAnnotations(event).get(KEY, []):
            if entry.get("reminded") or not entry.get("email"):
                continue
            mail.send(
                event,
                "consultation_reminder",
                entry["email"],
                f"Erinnerung: {event.Title()} morgen",
                reminder_text(event, entry),
                log=False,
            )
            entry["reminded"] = now.isoformat()
            sent += 1
    return sent
