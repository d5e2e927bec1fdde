"""Scores per submission, kept in an annotation keyed by juror.

The annotation is a BTree created at admission; each juror's record is a
persistent object of its own, so two jurors saving at once write different
records. Every change is kept in the record's history.
"""

from BTrees.OOBTree import OOBTree
from datetime import datetime
from ikz.landespreis import _
from ikz.landespreis.domain.criteria import score_number
from ikz.landespreis.domain.dates import BERLIN
from ikz.landespreis.utils import ensure_annotation
from persistent import Persistent
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from zope.annotation.interfaces import IAnnotations
from zope.i18nmessageid import Message


KEY = "ikz.landespreis.scores"


class ScoreError(ValueError):
    """A refused score; ``message`` is a German-translatable msgid."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class ScoreRecord(Persistent):
    def __init__(self, juror):
        self.juror = juror
        self.values = PersistentMapping()
        self.comments = PersistentMapping()
        self.comment = ""
        self.final = False
        self.created = datetime.now(BERLIN)
        self.modified = self.created
        self.history = PersistentList()

    def as_dict(self):
        return {
            "juror": self.juror,
            "scores": dict(self.values),
            "comments": dict(self.comments),
            "comment": self.comment,
            "final": self.final,
            "created": self.created.isoformat(),
            "modified": self.modified.isoformat(),
        }


def ensure_store(submission):
    return ensure_annotation(submission, KEY, OOBTree)


def records(submission):
    store = IAnnotations(submission).get(KEY)
    return dict(store.items()) if store is not None else {}


def record(submission, juror):
    store = IAnnotations(submission).get(KEY)
    return store.get(juror) if store is not None else None


MSG_LOCKED = _(
    "msg_score_locked",
    default="Your final score is locked. The jury chair can reopen it.",
)
MSG_RANGE = _("msg_score_range", default="Please give a score from ${min} to ${max}.")
MSG_MISSING = _("msg_score_missing", default="Please score every criterion.")


def validate_values(values, criteria, low, high, final):
    """Pure check of one juror's values; returns clean ``{cid: number}``."""
    clean = {}
    for row in criteria:
        cid = row["id"]
        raw = values.get(cid)
        if raw in (None, ""):
            if final:
                raise ScoreError(MSG_MISSING, cid)
            continue
        try:
            clean[cid] = score_number(raw, low, high)
        except ValueError:
            raise ScoreError(
                Message(MSG_RANGE, mapping={"min": low, "max": high}), cid
            ) from None
    return clean


def save(
    submission,
    competition,
    juror,
    values,
    comments=None,
    comment="",
    final=False,
):
    """Store a juror's score; raises ScoreError with a German message.
    Who may score when is the permission Score Submission (workflow)."""
    criteria = competition.criteria or []
    clean = validate_values(
        values or {}, criteria, competition.score_min, competition.score_max, final
    )
    store = ensure_store(submission)
    entry = store.get(juror)
    if entry is None:
        entry = store[juror] = ScoreRecord(juror)
    elif entry.final:
        raise ScoreError(MSG_LOCKED)
    known = {row["id"] for row in criteria}
    old = entry.as_dict()
    entry.values.clear()
    entry.values.update(clean)
    entry.comments.clear()
    entry.comments.update({
        k: str(v) for k, v in (comments or {}).items() if k in known and v
    })
    entry.comment = str(comment or "")
    entry.final = bool(final)
    entry.modified = datetime.now(BERLIN)
    entry.history.append({
        "by": juror,
        "at": entry.modified,
        "old": {
            "scores": old["scores"],
            "final": old["final"],
            "comment": old["comment"],
        },
        "new": {"scores": dict(clean), "final": entry.final, "comment": entry.comment},
    })
    return entry


def reopen(submission, juror, by, reason=""):
    entry = record(submission, juror)
    if entry is None or not entry.final:
        return False
    entry.final = False
    entry.modified = datetime.now(BERLIN)
    entry.history.append({
        "by": by,
        "at": entry.modified,
        "old": {"final": True},
        "new": {"final": False},
        "action": "reopen",
        "reason": reason,
    })
    return True
