"""Office and jury data per competition, kept out of the catalog.

Catalog metadata is returned to everyone who may see an object (brains,
``@search?metadata_fields=``); scores and eligibility flags must not be. So
the per-submission summaries that listings and the ranking need live here,
in BTrees on the competition, read only by code that checked its
permission first. Listings still never wake submissions.

- ``scores``: submission UID -> BTree juror -> {"values", "final"}
- ``jurors``: submission UID -> tuple of jurors holding ``Juror`` on it
- ``flags``: submission UID -> tuple of eligibility flags
- ``blocked``: submission UID -> tuple of jurors with a conflict on it
  (declared or detected, not cleared): who must not read its scores
- ``places``: submission UID -> its category id, while it is before the
  jury (``admitted``, ``nominated``, ``awarded``)
- ``ranking``: category id -> BTree submission UID -> ``(expected,
  finals)``, the compact record the ranking reads: ``expected`` is the
  number of jurors holding ``Juror`` on it, ``finals`` a tuple of
  ``(juror, ((criterion, value), ...))``, one per juror who holds the role
  and whose score is final. Kept by :func:`set_score`, :func:`set_jurors`
  and :func:`set_place`, so it follows final scores, reopened scores,
  access (panels, conflicts, removals, moves) and the workflow; rebuilt
  from the score annotations by ``jury.ranking_data.rebuild``.

Nested BTrees keep concurrent saves on different submissions or by
different jurors from conflicting; a record is one entry in a bucket, so
two jurors finalising different applications of a category at once write
different buckets or are merged by the bucket's conflict resolution.
"""

from BTrees.OOBTree import OOBTree
from ikz.landespreis.utils import ensure_annotation
from zope.annotation.interfaces import IAnnotations


SCORES = "ikz.landespreis.ledger.scores"
JURORS = "ikz.landespreis.ledger.jurors"
FLAGS = "ikz.landespreis.ledger.flags"
PLACES = "ikz.landespreis.ledger.places"
RANKING = "ikz.landespreis.ledger.ranking"
BLOCKED = "ikz.landespreis.ledger.blocked"


def ensure(competition):
    for key in (SCORES, JURORS, FLAGS, PLACES, RANKING, BLOCKED):
        ensure_annotation(competition, key, OOBTree)


def _tree(competition, key):
    return IAnnotations(competition).get(key) or {}


def set_score(competition, uid, juror, values, final):
    tree = ensure_annotation(competition, SCORES, OOBTree)
    per_juror = tree.get(uid)
    if per_juror is None:
        per_juror = tree[uid] = OOBTree()
    per_juror[juror] = {"values": dict(values), "final": bool(final)}
    _refresh(competition, uid)


def set_jurors(competition, uid, jurors):
    tree = ensure_annotation(competition, JURORS, OOBTree)
    jurors = tuple(sorted(jurors))
    if tree.get(uid) != jurors:
        tree[uid] = jurors
    _refresh(competition, uid)


def set_place(competition, uid, category):
    """The submission's category while it is before the jury, else None."""
    tree = ensure_annotation(competition, PLACES, OOBTree)
    old = tree.get(uid)
    if old == category:
        return
    if category is None:
        del tree[uid]
    else:
        tree[uid] = category
    if old is not None:
        record = _tree(competition, RANKING).get(old)
        if record is not None and uid in record:
            del record[uid]
    _refresh(competition, uid)


def forget(competition, uid):
    """A removed submission leaves the ranking (its data stay for the
    audit trail until anonymisation)."""
    if _tree(competition, PLACES).get(uid) is not None:
        set_place(competition, uid, None)


def compact(competition, uid):
    """``(expected, finals)`` of the submission from the ledger."""
    current = jurors(competition, uid)
    per_juror = _tree(competition, SCORES).get(uid) or {}
    finals = []
    for juror in current:
        data = per_juror.get(juror)
        if data is None or not data.get("final"):
            continue
        finals.append((juror, tuple(sorted(data.get("values", {}).items()))))
    return len(current), tuple(finals)


def _refresh(competition, uid):
    category = _tree(competition, PLACES).get(uid)
    if category is None:
        return
    ranking = ensure_annotation(competition, RANKING, OOBTree)
    record = ranking.get(category)
    if record is None:
        record = ranking[category] = OOBTree()
    value = compact(competition, uid)
    if record.get(uid) != value:
        record[uid] = value


def ranking_records(competition):
    """``{category id: BTree uid -> (expected, finals)}`` (read only)."""
    return _tree(competition, RANKING)


def set_flags(competition, uid, flags):
    tree = ensure_annotation(competition, FLAGS, OOBTree)
    flags = tuple(flags)
    if tree.get(uid) != flags:
        tree[uid] = flags


def scores(competition, uid):
    """``{juror: {"values", "final"}}`` of the jurors who still hold the
    Juror role on the submission (a conflict or a removal drops them)."""
    per_juror = _tree(competition, SCORES).get(uid) or {}
    current = set(jurors(competition, uid))
    return {j: dict(v) for j, v in per_juror.items() if j in current}


def jurors(competition, uid):
    return _tree(competition, JURORS).get(uid, ())


def flags(competition, uid):
    return _tree(competition, FLAGS).get(uid, ())


def set_blocked(competition, uid, jurors):
    """The jurors with a conflict on the submission (kept by
    ``access.sync_submission``)."""
    jurors = tuple(sorted(jurors))
    tree = IAnnotations(competition).get(BLOCKED)
    if tree is None and not jurors:
        return
    tree = ensure_annotation(competition, BLOCKED, OOBTree)
    if tree.get(uid, ()) != jurors:
        if jurors:
            tree[uid] = jurors
        else:
            del tree[uid]


def blocked_among(competition, juror, uids):
    """The UIDs among ``uids`` on which ``juror`` has a conflict."""
    tree = _tree(competition, BLOCKED)
    if not tree:
        return set()
    return {uid for uid in uids if juror in tree.get(uid, ())}
