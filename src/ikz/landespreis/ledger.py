"""Office and jury data per competition, kept out of the catalog.

Catalog metadata is returned to everyone who may see an object (brains,
``@search?metadata_fields=``); scores and eligibility flags must not be. So
the per-submission summaries that listings and the ranking need live here,
in BTrees on the competition, read only by code that checked its
permission first. Listings still never wake submissions.

- ``scores``: submission UID -> BTree juror -> {"values", "final"}
- ``jurors``: submission UID -> tuple of jurors holding ``Juror`` on it
- ``flags``: submission UID -> tuple of eligibility flags

Nested BTrees keep concurrent saves on different submissions or by
different jurors from conflicting.
"""

from BTrees.OOBTree import OOBTree
from ikz.landespreis.utils import ensure_annotation
from zope.annotation.interfaces import IAnnotations


SCORES = "ikz.landespreis.ledger.scores"
JURORS = "ikz.landespreis.ledger.jurors"
FLAGS = "ikz.landespreis.ledger.flags"


def ensure(competition):
    for key in (SCORES, JURORS, FLAGS):
        ensure_annotation(competition, key, OOBTree)


def _tree(competition, key):
    return IAnnotations(competition).get(key) or {}


def set_score(competition, uid, juror, values, final):
    tree = ensure_annotation(competition, SCORES, OOBTree)
    per_juror = tree.get(uid)
    if per_juror is None:
        per_juror = tree[uid] = OOBTree()
    per_juror[juror] = {"values": dict(values), "final": bool(final)}


def set_jurors(competition, uid, jurors):
    tree = ensure_annotation(competition, JURORS, OOBTree)
    jurors = tuple(sorted(jurors))
    if tree.get(uid) != jurors:
        tree[uid] = jurors


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
