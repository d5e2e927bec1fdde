"""Drafts of applications: saved halfway, never seen by anyone else.

A draft is not content: it is a small persistent object in a BTree on the
competition (annotation :data:`DRAFTS`), so the catalog, search, sitemaps,
exports, counters and REST listings never see it, and it has no reference
number. Creating a draft writes the BTree once; saving it again (by hand or
every 30 s by the page) writes only the draft itself, so 200 people saving
while others submit do not conflict with each other or with the intake.

A draft keeps the raw values of the form's widgets (what the browser sent,
so the form shows them again exactly) and the uploads as blobs; its contact
address gets the personal link (:mod:`ikz.landespreis.applicants.tokens`).
"""

from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from datetime import datetime
from ikz.landespreis.domain.dates import BERLIN
from ikz.landespreis.utils import ensure_annotation
from persistent import Persistent
from zope.annotation.interfaces import IAnnotations

import uuid


DRAFTS = "ikz.landespreis.drafts"
COUNT = "ikz.landespreis.drafts_count"


class Draft(Persistent):
    """One draft: ``values`` (widget name -> raw value), ``files`` (field
    name -> NamedBlobFile), the contact address and times."""

    portal_type = "ApplicationDraft"

    def __init__(self, draft_id):
        self.id = draft_id
        self.values = {}
        self.files = {}
        self.contact_email = ""
        self.created = self.modified = datetime.now(BERLIN)
        self.tokens = OOBTree()

    @property
    def title(self):
        return str(self.values.get("form.widgets.title") or "")

    def save(self, values, files=None, email=None):
        """Replace the values (one write of this object only)."""
        self.values = dict(values)
        if files:
            merged = dict(self.files)
            merged.update(files)
            self.files = merged
        if email:
            self.contact_email = email
        self.modified = datetime.now(BERLIN)


def _tree(competition, create=False):
    if create:
        return ensure_annotation(competition, DRAFTS, OOBTree)
    return IAnnotations(competition).get(DRAFTS)


def new_draft(competition):
    draft = Draft(uuid.uuid4().hex)
    _tree(competition, create=True)[draft.id] = draft
    ensure_annotation(competition, COUNT, Length).change(1)
    return draft


def get_draft(competition, draft_id):
    tree = _tree(competition)
    if tree is None or not isinstance(draft_id, str):
        return None
    return tree.get(draft_id)


def delete_draft(competition, draft_id):
    tree = _tree(competition)
    if tree is not None and draft_id in tree:
        del tree[draft_id]
        ensure_annotation(competition, COUNT, Length).change(-1)
        return True
    return False


def count(competition):
    """How many drafts exist (all the office learns about them)."""
    length = IAnnotations(competition).get(COUNT)
    return length() if length is not None else 0
