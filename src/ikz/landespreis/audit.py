"""The audit trail: an append-only record per competition of every act that
matters (DESIGN.md, "Duties no one may cross").

Entries live in an ``LOBTree`` annotation on the competition, keyed by a
random integer, so concurrent writers (applications arriving, jurors
saving) add their keys to different buckets and rarely conflict; readers
order entries by their stored time.
Each entry is a tuple of (name, value) pairs of plain values, so it cannot
be changed in place; nothing in this module updates or deletes an entry, and no
view or service offers to.

Record with :func:`record`; read with :func:`entries`. Kinds are short
English identifiers (``"transition"``, ``"conflict.declared"``, ...); their
German labels are in :data:`KIND_LABELS`.
"""

from BTrees.LOBTree import LOBTree
from datetime import datetime
from datetime import UTC
from ikz.landespreis.utils import ensure_annotation
from ikz.landespreis.utils import find_competition
from zope.annotation.interfaces import IAnnotations

import random


KEY = "ikz.landespreis.audit"

# kind -> German label (shown to the office; msgids stay English elsewhere,
# these are data labels like the workflow titles)
KIND_LABELS = {
    "transition": "Statuswechsel",
    "step.confirmed": "Großer Schritt bestätigt",
    "conflict.declared": "Befangenheit erklärt",
    "conflict.none": "Keine Befangenheit erklärt",
    "conflict.cleared": "Befangenheit aufgehoben",
    "conflict.correction_requested": "Korrektur einer Erklärung beantragt",
    "conflict.corrected": "Erklärung korrigiert",
    "score.final": "Bewertung endgültig abgegeben",
    "score.reopened": "Bewertung wieder geöffnet",
    "jury.member_added": "Jurymitglied aufgenommen",
    "jury.member_removed": "Jurymitglied entfernt",
    "jury.chair": "Vorsitz bestimmt",
    "jury.deputy": "Stellvertretender Vorsitz bestimmt",
    "jury.panel": "Jurygruppe geändert",
    "jury.invited": "Jurymitglied eingeladen",
    "session.opened": "Jurysitzung eröffnet",
    "session.closed": "Jurysitzung geschlossen (Entscheidungen unterzeichnet)",
    "jury.confidentiality": "Vertraulichkeitserklärung angenommen",
    "jury.closed": "Jury-Zugang nach der Archivierung beendet",
    "decision.signed": "Juryentscheidung unterzeichnet",
    "decision.countersigned": "Juryentscheidung mitgezeichnet",
    "decision.reopened": "Juryentscheidung wieder geöffnet",
    "award": "Auszeichnung",
    "publication": "Veröffentlichung",
    "field.changed": "Geschütztes Feld geändert",
    "consent.withdrawn": "Einwilligung widerrufen",
    "download": "Download personenbezogener Daten",
    "anonymisation": "Anonymisierung",
    "mail": "E-Mail",
    "mail.release": "Mails freigegeben",
    "mail.template": "Mailvorlage geändert",
    "applicant.released": "Ergebnis der Prüfung für die Bewerbung freigegeben",
    "applicant.withdrawn": "Bewerbung von der Bewerbung selbst zurückgezogen",
    "applicant.corrected": "Bewerbung selbst korrigiert (neue Fassung)",
    "applicant.partner_invited": "Partnerin/Partner zur Bewerbung eingeladen",
    "applicant.partner_revoked": "Einladung einer Partnerin/eines Partners widerrufen",
    "drafts.purged": "Nicht abgesendete Entwürfe gelöscht",
    "move": "Kategorie gewechselt",
    "ranking.rebuilt": "Ranglisten-Datensätze neu aufgebaut",
}


def _key():
    """A random 62-bit key. Entries are ordered by their stored time when
    read (:func:`entries`); random keys spread concurrent writers (a
    deadline rush of applications, each with its mails) over the tree's
    buckets, where keys that grow with time would all land in the last
    bucket and conflict whenever it splits."""
    return random.getrandbits(62)


def _actor():
    try:
        from plone import api

        user = api.user.get_current()
        return user.getId() or user.getUserName()
    except Exception:
        return "System"


def record(context, kind, *, target="", reason="", actor=None, **details):
    """Append an entry to the trail of ``context``'s competition.

    ``target`` is what the act concerns (usually a submission UID or a
    user id), ``reason`` the reason given; ``details`` are plain values
    (strings, numbers, tuples). Returns the entry, or ``None`` outside a
    competition."""
    competition = find_competition(context)
    if competition is None:
        return None
    when = datetime.now(UTC)
    entry = (
        ("time", when.isoformat()),
        ("kind", kind),
        ("actor", actor if actor is not None else _actor()),
        ("target", target or ""),
        ("reason", reason or ""),
        ("details", tuple(sorted((k, _plain(v)) for k, v in details.items()))),
    )
    from ikz.landespreis.intake import indexing

    if indexing.pend_audit(context, entry):
        # an application being stored: its entries are written with its
        # cataloguing, right after the commit (intake/indexing.py), so
        # applications arriving at once do not all write the shared trail
        return dict(entry)
    store(competition, entry)
    return dict(entry)


def store(competition, entry):
    """Write the finished ``entry`` (a tuple of pairs) into the trail."""
    tree = ensure_annotation(competition, KEY, LOBTree)
    key = _key()
    while key in tree:
        key += 1
    tree[key] = entry


def _plain(value):
    if isinstance(value, (list, tuple, set, frozenset)):
        return tuple(_plain(v) for v in value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def entries(competition, *, kind=None, actor=None, target=None, since=None, until=None):
    """The entries of ``competition``'s trail, oldest first, as dicts
    (``details`` as a dict). Filters: ``kind`` (a kind or a prefix ending
    in "."), ``actor``, ``target`` (a value or a collection of values),
    ``since``/``until`` (ISO strings or aware datetimes)."""
    tree = IAnnotations(competition).get(KEY)
    if not tree:
        return []
    if isinstance(since, datetime):
        since = since.astimezone(UTC).isoformat()
    if isinstance(until, datetime):
        until = until.astimezone(UTC).isoformat()
    if isinstance(target, str):
        target = {target}
    result = []
    for raw in tree.values():
        entry = dict(raw)
        if not _matches(entry, kind, actor, target, since, until):
            continue
        entry["details"] = dict(entry["details"])
        entry["label"] = KIND_LABELS.get(entry["kind"], entry["kind"])
        result.append(entry)
    # keys are random: the stored time (microseconds) gives the order
    result.sort(key=lambda e: e["time"])
    return result


def _matches(entry, kind, actor, target, since, until):
    if kind and not (
        entry["kind"] == kind or (kind.endswith(".") and entry["kind"].startswith(kind))
    ):
        return False
    if actor and entry["actor"] != actor:
        return False
    if target is not None and entry["target"] not in target:
        return False
    if since and entry["time"] < since:
        return False
    return not (until and entry["time"] > until)


def record_download(context, request, export, **details):
    """Who took personal data out: one entry per download of an export, a
    ZIP, a dossier. A GET that writes needs plone.protect's consent; the
    audit entry is the only write of these views."""
    from plone.protect.interfaces import IDisableCSRFProtection
    from zope.interface import alsoProvides

    alsoProvides(request, IDisableCSRFProtection)
    target = ""
    if getattr(context, "portal_type", "") == "Submission":
        from plone import api

        target = api.content.get_uuid(context)
    return record(context, "download", target=target, export=export, **details)


def filtered(competition, form, target=None):
    """Entries of ``competition`` filtered by the request form's ``kind``,
    ``actor``, ``since`` and ``until`` (dates ``YYYY-MM-DD``, inclusive),
    newest first. Bad dates are ignored with no filter."""
    since = _date(form.get("since"))
    until = _date(form.get("until"), end=True)
    result = entries(
        competition,
        kind=(form.get("kind") or None),
        actor=(form.get("actor") or None),
        target=target,
        since=since,
        until=until,
    )
    result.reverse()
    return result


def _date(value, end=False):
    from datetime import date
    from ikz.landespreis.domain.dates import BERLIN

    if not value or not isinstance(value, str):
        return None
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        return None
    moment = datetime(day.year, day.month, day.day, tzinfo=BERLIN)
    if end:
        moment = moment.replace(hour=23, minute=59, second=59, microsecond=999999)
    return moment


#: German names of the details the office reads most ("Verlauf")
DETAIL_LABELS = {
    "mail": "Mail",
    "state": "Zustand",
    "fields": "Geänderte Felder",
    "version": "Fassung",
    "count": "Anzahl",
    "outcome": "Ergebnis",
    "reference": "Aktenzeichen",
    "references": "Aktenzeichen",
    "template": "Vorlage",
    "export": "Export",
}
OUTCOME_LABELS = {"admitted": "zugelassen", "rejected": "nicht zugelassen"}
#: the actor of what no one logged in did (a mail queued by the intake)
ANONYMOUS = "Anonymous User"
ANONYMOUS_LABEL = "System (automatisch)"


def _detail_value(key, value):
    from ikz.landespreis import mail

    if key == "mail":
        return mail.KIND_LABELS.get(value, value)
    if key == "state":
        return mail.STATE_LABELS.get(value, value)
    if key == "outcome":
        return OUTCOME_LABELS.get(value, value)
    if key == "fields":
        from ikz.landespreis.applicants.corrections import LABELS

        label_of = dict(LABELS)
        return tuple(label_of.get(v, v) for v in value)
    return value


def plain_details(entry):
    """The details of an entry as one readable line, in German where the
    key and its values are known."""
    parts = []
    for key, raw in sorted(entry["details"].items()):
        value = _detail_value(key, raw)
        text = ", ".join(map(str, value)) if isinstance(value, tuple) else value
        parts.append(f"{DETAIL_LABELS.get(key, key)}: {text}")
    return "; ".join(parts)


def actor_label(actor):
    """Who did it, as the office reads it."""
    return ANONYMOUS_LABEL if actor == ANONYMOUS else actor
