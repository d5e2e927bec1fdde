"""The signed jury decision per category: a frozen snapshot of its ranking."""

from datetime import datetime
from ikz.landespreis.domain.dates import BERLIN
from persistent.mapping import PersistentMapping
from zope.annotation.interfaces import IAnnotations

import copy


KEY = "ikz.landespreis.jury_decision"


class AlreadyFrozen(Exception):
    pass


def get(category):
    stored = IAnnotations(category).get(KEY)
    return dict(stored) if stored is not None else None


def freeze(category, signer, justification, ranking):
    annotations = IAnnotations(category)
    if annotations.get(KEY) is not None:
        raise AlreadyFrozen(category.getId())
    annotations[KEY] = PersistentMapping(
        signed_at=datetime.now(BERLIN).isoformat(),
        signer=signer,
        justification=justification,
        ranking=copy.deepcopy(list(ranking)),
    )
    return get(category)
