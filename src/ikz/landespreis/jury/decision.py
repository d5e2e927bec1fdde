"""The signed jury decision per category, stored on the category.

The record keeps the current signature (the snapshot of the ranking, the
winners, nominees and the Laudatio per winner, who signed and when, and
the jurors' countersignatures) and every earlier signature that a Site
Administrator voided, with who voided it, when and why. Nothing here
checks permissions or rules: ``jury.service`` does, for views and REST.
"""

from datetime import datetime
from ikz.landespreis.domain.dates import BERLIN
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from zope.annotation.interfaces import IAnnotations

import copy


KEY = "ikz.landespreis.jury_decision"


class AlreadyFrozen(Exception):
    """The category is signed already."""


class NotSigned(Exception):
    """The category has no current signature."""


class AlreadyCountersigned(Exception):
    pass


def _plain(value):
    if isinstance(value, (PersistentMapping, dict)):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (PersistentList, list, tuple)):
        return [_plain(v) for v in value]
    return value


def _record(category, create=False):
    annotations = IAnnotations(category)
    stored = annotations.get(KEY)
    if stored is not None and "signer" in stored:
        # a signature stored before the record kept its history
        stored = PersistentMapping(current=stored, voided=PersistentList())
        if create:
            annotations[KEY] = stored
    if stored is None and create:
        stored = annotations[KEY] = PersistentMapping(
            current=None, voided=PersistentList()
        )
    return stored


def get(category):
    """The current signed decision as plain data, or None."""
    stored = _record(category)
    if stored is None or stored.get("current") is None:
        return None
    data = _plain(stored["current"])
    data.setdefault("winners", [])
    data.setdefault("nominees", [])
    data.setdefault("laudatio", {})
    data.setdefault("countersignatures", [])
    return data


def voided(category):
    """Earlier signatures, voided by a reopening (oldest first)."""
    stored = _record(category)
    return [_plain(v) for v in stored.get("voided", ())] if stored else []


def freeze(category, signer, data):
    """Store ``data`` (a snapshot, see domain.decisions) as signed."""
    stored = _record(category, create=True)
    if stored.get("current") is not None:
        raise AlreadyFrozen(category.getId())
    current = PersistentMapping(copy.deepcopy(dict(data)))
    current["signed_at"] = datetime.now(BERLIN).isoformat()
    current["signer"] = signer
    current["countersignatures"] = PersistentList()
    stored["current"] = current
    return get(category)


def countersign(category, juror):
    stored = _record(category, create=True)
    current = stored.get("current")
    if current is None:
        raise NotSigned(category.getId())
    signatures = current.setdefault("countersignatures", PersistentList())
    if any(s["juror"] == juror for s in signatures):
        raise AlreadyCountersigned(juror)
    entry = {"juror": juror, "at": datetime.now(BERLIN).isoformat()}
    signatures.append(entry)
    current._p_changed = True
    return entry


def void(category, by, reason):
    """Void the current signature; it stays in the record."""
    stored = _record(category, create=True)
    current = stored.get("current")
    if current is None:
        raise NotSigned(category.getId())
    entry = _plain(current)
    entry.update(
        voided_at=datetime.now(BERLIN).isoformat(), voided_by=by, void_reason=reason
    )
    stored["voided"].append(entry)
    stored["current"] = None
    return entry
