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

Several people write one draft (the lead and the partners it invited,
:mod:`ikz.landespreis.applicants.partners`). Every save counts a revision
and names the revision its author loaded; :meth:`Draft.apply` merges it
field by field (:mod:`ikz.landespreis.domain.merge`). The draft keeps, for
its last :data:`KEEP` revisions, what each one replaced (small dicts of
the changed keys, files as blob references), so the values of a recent
base can be rebuilt and a replaced text stays recoverable.
"""

from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from datetime import datetime
from ikz.landespreis.domain.dates import BERLIN
from ikz.landespreis.domain.merge import field_name
from ikz.landespreis.domain.merge import group_fields
from ikz.landespreis.domain.merge import Merge
from ikz.landespreis.domain.merge import merge_fields
from ikz.landespreis.utils import ensure_annotation
from persistent import Persistent
from zope.annotation.interfaces import IAnnotations

import uuid


DRAFTS = "ikz.landespreis.drafts"
COUNT = "ikz.landespreis.drafts_count"
#: how many revisions a draft keeps what they replaced
KEEP = 20
#: marks a key or file that was absent before a revision
ABSENT = None


class Draft(Persistent):
    """One draft: ``values`` (widget name -> raw value), ``files`` (field
    name -> NamedBlobFile), the contact address and times."""

    portal_type = "ApplicationDraft"
    #: drafts saved before revisions counted start at 0
    revision = 0
    #: ``((revision, replaced values, replaced files), ...)``, oldest first:
    #: what each kept revision replaced (key -> previous value or ABSENT)
    history = ()
    #: the invited partners (id -> record), see applicants/partners.py
    partners = None

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

    def _commit(self, values, files):
        """Make ``values`` and ``files`` the next revision, keeping what it
        replaced."""
        undo = {
            key: self.values.get(key, ABSENT)
            for key in set(self.values) | set(values)
            if self.values.get(key, ABSENT) != values.get(key, ABSENT)
        }
        undo_files = {
            name: self.files.get(name, ABSENT)
            for name in set(self.files) | set(files)
            if self.files.get(name, ABSENT) is not files.get(name, ABSENT)
        }
        if not undo and not undo_files:
            return False
        self.revision += 1
        self.history = (*tuple(self.history), (self.revision, undo, undo_files))[-KEEP:]
        self.values = dict(values)
        self.files = dict(files)
        return True

    def save(self, values, files=None, email=None):
        """Replace the values (one write of this object only)."""
        merged = dict(self.files)
        merged.update(files or {})
        self._commit(values, merged)
        if email:
            self.contact_email = email
        self.modified = datetime.now(BERLIN)

    def at(self, revision):
        """``(values, files)`` as they were at ``revision``, or ``None``
        when it is not kept (too old, or not a revision of this draft)."""
        if not isinstance(revision, int) or not 0 <= revision <= self.revision:
            return None
        values, files = dict(self.values), dict(self.files)
        needed = self.revision
        for number, undo, undo_files in reversed(tuple(self.history)):
            if needed <= revision:
                break
            if number != needed:
                return None
            for key, value in undo.items():
                if value is ABSENT:
                    values.pop(key, None)
                else:
                    values[key] = value
            for name, blob in undo_files.items():
                if blob is ABSENT:
                    files.pop(name, None)
                else:
                    files[name] = blob
            needed -= 1
        if needed > revision:
            return None
        return values, files

    def apply(self, raw, files=None, base=None, email=None, order=()):
        """Save the fields of ``raw`` (the widget values a client sends:
        only the fields present count) and the uploads ``files`` made
        against revision ``base``; ``base`` ``None``: the client claims
        the current revision. Returns ``(Merge of values, Merge of
        files)``; one write of this object only."""
        if base is None:
            base = self.revision
        then = self.at(base)
        base_values, base_files = then if then is not None else (None, None)
        merge = merge_fields(
            group_fields(base_values) if base_values is not None else None,
            group_fields(self.values),
            group_fields(raw),
            order,
        )
        changed = set(merge.changed)
        values = {k: v for k, v in self.values.items() if field_name(k) not in changed}
        values.update({k: v for k, v in raw.items() if field_name(k) in changed})
        file_merge = merge_fields(base_files, self.files, dict(files or {}), order)
        if not file_merge.changed:
            file_merge = Merge(values=dict(self.files))
        else:
            file_merge = Merge(
                values=file_merge.values,
                changed=file_merge.changed,
                overwritten={
                    name: blob
                    for name, blob in file_merge.overwritten.items()
                    if blob is not None
                },
            )
        self._commit(values, file_merge.values)
        if email:
            self.contact_email = email
        self.modified = datetime.now(BERLIN)
        return merge, file_merge


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
