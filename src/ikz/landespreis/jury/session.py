"""The jury session ("Jurysitzung") of a competition.

The chair opens it (date, attendees from the jury, who is present); per
category the applications come in ranking order; per application notes,
a result (winner, nominee, not chosen) with the vote or "einvernehmlich",
and the Laudatio of each winner. Closing hands winners, nominees and
Laudatio to the signature of each category's decision (the same preview
and fingerprint as ``@@jury-decision``) and produces the minutes, a
tagged PDF stored with the session on the competition.

Who does what (checked here, so views and REST refuse alike):

- open, close: the chair (Sign Jury Decision on the competition: the chair
  while the jury is at work);
- record results and notes: the chair, except for an application on which
  the chair has a conflict of interest: that one is for the deputy chair;
- read the session and the minutes: the office and the jury (the view's
  permission, Access Jury Area).
"""

from datetime import date
from datetime import datetime
from ikz.landespreis import _
from ikz.landespreis import audit
from ikz.landespreis.domain import formatting
from ikz.landespreis.domain import session as rules
from ikz.landespreis.domain.dates import BERLIN
from ikz.landespreis.jury import conflicts
from ikz.landespreis.jury import decision
from ikz.landespreis.jury import membership
from ikz.landespreis.jury import ranking_data
from ikz.landespreis.jury import service
from ikz.landespreis.jury.service import Refused
from ikz.landespreis.permissions import SignJuryDecision
from persistent.mapping import PersistentMapping
from plone import api
from plone.namedfile.file import NamedBlobFile
from zope.annotation.interfaces import IAnnotations
from zope.i18nmessageid import Message

import html


KEY = "ikz.landespreis.jury_session"
FILENAME = "jurysitzung-protokoll.pdf"

MSG_CHAIR = _(
    "msg_session_chair",
    default="Only the jury chair opens and closes the jury session, and only "
    "while the jury is at work.",
)
MSG_RECORDER = _(
    "msg_session_recorder",
    default="Only the jury chair or the deputy chair records the session.",
)
MSG_OWN_CONFLICT = _(
    "msg_session_own_conflict",
    default="You have a conflict of interest on ${reference}: its result is "
    "recorded by the deputy chair.",
)
MSG_NOT_OPEN = _("msg_session_not_open", default="The jury session is not open.")
MSG_OPEN_ALREADY = _(
    "msg_session_open_already", default="The jury session has already been opened."
)
MSG_UNKNOWN_CATEGORY = _(
    "msg_session_category", default="Please choose a category of this competition."
)
MSG_NOTHING = _(
    "msg_session_nothing",
    default="No category has a winner yet: please record the results first.",
)
MSG_IN_CATEGORY = _("msg_session_in_category", default="${category}: ${problem}")


def get(competition):
    return IAnnotations(competition).get(KEY)


def _user():
    user = api.user.get_current()
    return user.getId() if user is not None else None


def _check_chair(competition):
    if not api.user.has_permission(SignJuryDecision, obj=competition):
        raise Refused(MSG_CHAIR, 403)


def _check_open(competition):
    data = get(competition)
    if data is None or data["state"] != "open":
        raise Refused(MSG_NOT_OPEN, 409)
    return data


def may_record(competition):
    user = _user()
    return api.user.has_permission(
        SignJuryDecision, obj=competition
    ) or user in membership.deputies(competition)


def may_run(competition):
    return api.user.has_permission(SignJuryDecision, obj=competition)


def open_session(competition, day, attendees, present):
    """The chair opens the session; returns it."""
    _check_chair(competition)
    if get(competition) is not None:
        raise Refused(MSG_OPEN_ALREADY, 409)
    if isinstance(day, str):
        try:
            day = date.fromisoformat(day.strip())
        except ValueError:
            day = None
    if not isinstance(day, date):
        raise Refused(rules.MSG_DATE, 400)
    attendees = [str(a) for a in attendees or []]
    present = [str(p) for p in present or []]
    problem = rules.check_attendance(
        attendees, present, membership.members(competition)
    )
    if problem:
        raise Refused(problem, 400)
    data = PersistentMapping({
        "state": "open",
        "date": day.isoformat(),
        "attendees": attendees,
        "present": present,
        "opened_by": _user(),
        "opened_at": datetime.now(BERLIN).isoformat(),
        "categories": PersistentMapping(),
        "signed": [],
    })
    IAnnotations(competition)[KEY] = data
    audit.record(competition, "session.opened", target=day.isoformat())
    return data


def categories(competition):
    """Each category with applications, the applications in ranking order:
    ``[{"id", "title", "url", "rows"}]``."""
    data, brains = ranking_data.compute(competition)
    result = []
    for cat in data:
        if not cat["rows"]:
            continue
        rows = []
        for row in cat["rows"]:
            brain = brains[row["submission"]]
            rows.append(
                dict(row, reference=brain.submission_reference, title=brain.Title)
            )
        result.append(dict(cat, rows=rows))
    return result


def _submission(uid):
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(UID=uid, portal_type="Submission")
    return brains[0]._unrestrictedGetObject() if brains else None


def save_category(competition, category_id, entries, reason=""):
    """Record notes and results of one category: ``entries`` is ``{uid:
    {"notes", "result", "vote", "laudatio"}}`` for applications of that
    category; applications not named keep their records."""
    if not may_record(competition):
        raise Refused(MSG_RECORDER, 403)
    data = _check_open(competition)
    found = {c["id"]: c for c in categories(competition)}
    if category_id not in found:
        raise Refused(MSG_UNKNOWN_CATEGORY, 400)
    allowed = {r["submission"]: r for r in found[category_id]["rows"]}
    user = _user()
    deputy = user in membership.deputies(competition) and not may_run(competition)
    stored = data["categories"].setdefault(
        category_id, PersistentMapping({"entries": PersistentMapping(), "reason": ""})
    )
    for uid, entry in (entries or {}).items():
        if uid not in allowed or not isinstance(entry, dict):
            raise Refused(MSG_UNKNOWN_CATEGORY, 400)
        submission = _submission(uid)
        if not deputy and conflicts.is_blocked(submission, user):
            raise Refused(
                Message(
                    MSG_OWN_CONFLICT, mapping={"reference": allowed[uid]["reference"]}
                ),
                403,
            )
        clean = {
            "notes": str(entry.get("notes") or "")[:20000],
            "result": str(entry.get("result") or ""),
            "vote": str(entry.get("vote") or ""),
            "laudatio": str(entry.get("laudatio") or "")[:20000],
        }
        problem = rules.check_entry(clean)
        if problem:
            raise Refused(
                Message(
                    MSG_IN_CATEGORY,
                    mapping={
                        "category": allowed[uid]["reference"],
                        "problem": problem,
                    },
                ),
                400,
            )
        if clean["result"]:
            clean["vote"] = rules.normalise_vote(clean["vote"])
        stored["entries"][uid] = PersistentMapping(clean)
    if reason is not None:
        stored["reason"] = str(reason or "")[:5000]
    data["categories"][category_id] = stored
    return stored


def _choices(competition, data):
    """``[(category object, title, winners, nominees, laudatio, reason)]``
    for each category with a recorded winner and no signed decision."""
    result = []
    for cat in categories(competition):
        stored = data["categories"].get(cat["id"])
        if stored is None:
            continue
        order = [r["submission"] for r in cat["rows"]]
        winners, nominees, laudatio = rules.choices(stored["entries"], order)
        category = competition.get(cat["id"])
        if not winners or decision.get(category) is not None:
            continue
        result.append((
            category,
            cat["title"],
            winners,
            nominees,
            laudatio,
            stored["reason"],
        ))
    return result


def previews(competition):
    """What closing will sign: ``[{"id", "title", "fingerprint", "problems",
    "winners", "nominees"}]``."""
    _check_chair(competition)
    data = _check_open(competition)
    result = []
    for category, title, winners, nominees, laudatio, reason in _choices(
        competition, data
    ):
        snapshot, fingerprint, problems, _status = service.prepare(
            category, winners, nominees, laudatio, reason
        )
        refs = {r["submission"]: r for r in snapshot["ranking"]}
        result.append({
            "id": category.getId(),
            "title": title,
            "fingerprint": fingerprint,
            "problems": problems,
            "winners": [refs[u] for u in winners if u in refs],
            "nominees": [refs[u] for u in nominees if u in refs],
            "laudatio": laudatio,
        })
    return result


def close(competition, fingerprints):
    """Sign every category's decision as previewed (``fingerprints``:
    ``{category_id: fingerprint}``), write the minutes and close. Raises
    Refused; the caller dooms the transaction then (nothing is signed)."""
    _check_chair(competition)
    data = _check_open(competition)
    choices = _choices(competition, data)
    if not choices:
        raise Refused(MSG_NOTHING, 400)
    signer = _user()
    for category, _title, winners, nominees, laudatio, reason in choices:
        service.sign_category(
            category,
            signer,
            winners,
            nominees,
            laudatio,
            reason,
            str((fingerprints or {}).get(category.getId()) or ""),
        )
        data["signed"] = [*data["signed"], category.getId()]
    data["state"] = "closed"
    data["closed_by"] = signer
    data["closed_at"] = datetime.now(BERLIN).isoformat()
    pdf = minutes_pdf(competition)
    data["minutes"] = NamedBlobFile(
        pdf, filename=FILENAME, contentType="application/pdf"
    )
    audit.record(
        competition,
        "session.closed",
        target=data["date"],
        categories=list(data["signed"]),
    )
    return data


# -- the minutes ---------------------------------------------------------

RESULT_TITLES = {
    "winner": "Preisträger",
    "nominee": "Nominiert",
    "none": "Nicht ausgewählt",
    "": "Kein Ergebnis festgehalten",
}


def _e(text):
    return html.escape(str(text or ""))


def _num(value):
    return "–" if value is None else f"{value:.2f}".replace(".", ",")


def minutes_html(competition):
    data = get(competition)
    name = membership.full_name
    day = formatting.german_date(date.fromisoformat(data["date"]))
    title = f"Protokoll der Jurysitzung am {day}"
    present = set(data["present"])
    parts = [
        "<!DOCTYPE html><html lang='de'><head><meta charset='utf-8'>",
        f"<title>{_e(title)}</title>",
        "<style>@page { size: A4; margin: 2cm; } body { font-family: sans-serif;"
        " font-size: 10.5pt; } table { border-collapse: collapse; width: 100%; }"
        " th, td { border: 1px solid #444; padding: 3pt; text-align: left;"
        " vertical-align: top; } h2 { margin-top: 18pt; }</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f"<p>{_e(competition.Title())}</p>",
        "<h2>Teilnehmende</h2><ul>",
    ]
    for user_id in data["attendees"]:
        state = "anwesend" if user_id in present else "abwesend"
        parts.append(f"<li>{_e(name(user_id))} – {state}</li>")
    parts.append("</ul>")
    for cat in categories(competition):
        stored = data["categories"].get(cat["id"]) or {"entries": {}, "reason": ""}
        parts.append(f"<h2>{_e(cat['title'])}</h2>")
        parts.append(
            "<table><caption>Rangfolge zu Beginn der Beratung</caption><thead><tr>"
            "<th scope='col'>Rang</th><th scope='col'>Aktenzeichen</th>"
            "<th scope='col'>Projekt</th><th scope='col'>Punkte</th>"
            "<th scope='col'>Ergebnis</th><th scope='col'>Abstimmung</th></tr>"
            "</thead><tbody>"
        )
        for row in cat["rows"]:
            entry = stored["entries"].get(row["submission"]) or {}
            parts.append(
                f"<tr><td>{_e(row.get('rank') or '–')}</td>"
                f"<td>{_e(row['reference'])}</td>"
                f"<td>{_e(row['title'])}</td><td>{_num(row.get('score'))}</td>"
                f"<td>{_e(RESULT_TITLES.get(entry.get('result', ''), ''))}</td>"
                f"<td>{_e(entry.get('vote') or '')}</td></tr>"
            )
        parts.append("</tbody></table>")
        for row in cat["rows"]:
            entry = stored["entries"].get(row["submission"]) or {}
            submission = _submission(row["submission"])
            absent = [
                name(u)
                for u in data["attendees"]
                if submission is not None and conflicts.is_blocked(submission, u)
            ]
            if not (entry.get("notes") or entry.get("laudatio") or absent):
                continue
            parts.append(f"<h3>{_e(row['reference'])} – {_e(row['title'])}</h3>")
            if absent:
                parts.append(
                    "<p>Wegen eines Interessenkonflikts bei dieser Bewerbung "
                    f"abwesend: {_e(', '.join(absent))}</p>"
                )
            if entry.get("notes"):
                parts.append(f"<p><strong>Notizen:</strong> {_e(entry['notes'])}</p>")
            if entry.get("result") == "winner":
                parts.append(
                    "<p><strong>Begründung (Laudatio):</strong> "
                    f"{_e(entry['laudatio'])}</p>"
                )
        signed = decision.get(competition.get(cat["id"]))
        if signed is not None:
            at = formatting.german_datetime(datetime.fromisoformat(signed["signed_at"]))
            parts.append(
                f"<p><strong>Unterzeichnet</strong> von {_e(name(signed['signer']))} "
                f"am {_e(at)}.</p>"
            )
    parts.append("<h2>Unterschriften</h2><p>")
    parts.append(
        f"Sitzungsleitung: {_e(name(data.get('closed_by') or data['opened_by']))}"
    )
    parts.append("</p></body></html>")
    return "".join(parts)


def minutes_pdf(competition):
    from ikz.landespreis.exports.dossier import render_pdf

    return render_pdf(minutes_html(competition))
