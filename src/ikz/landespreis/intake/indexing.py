"""Cataloguing a new application in a transaction of its own.

Plone's full-text indexes (ZCTextIndex) rewrite the posting list of every
word of a document they index, so applications arriving at the same moment
conflict on their common words; on a ZEO cluster in a deadline rush the
retries ran out. So an application is stored first, in a transaction that
leaves the catalog alone (nothing accepted can then be lost to a catalog
conflict), and catalogued right after its commit in a short transaction
that retries on its own. If that ever fails, the application is stored
and logged; a catalog rebuild finds it.
"""

from Acquisition import aq_base
from Acquisition import aq_parent
from ikz.landespreis import logger
from plone.base.interfaces import IPloneSiteRoot
from Testing.makerequest import makerequest
from ZODB.POSException import ConflictError
from zope.component.hooks import getSite
from zope.component.hooks import setSite

import random
import time
import transaction


def mark_deferred(submission):
    """Before the application is added: the indexing queue skips it."""
    submission._v_ikz_defer_catalog = True


def defer_indexing(submission, attempts=20):
    """Catalogue ``submission`` after the commit of the current transaction
    (``mark_deferred`` kept it out of the indexing queue until then)."""
    path = "/".join(submission.getPhysicalPath())
    db = submission._p_jar.db() if submission._p_jar is not None else None
    transaction.get().addAfterCommitHook(
        _catalog_after_commit, args=(submission, db, path, attempts)
    )


def _catalog_after_commit(committed, submission, db, path, attempts):
    # the mark must not outlive this request in the connection's cache
    aq_base(submission).__dict__.pop("_v_ikz_defer_catalog", None)
    if not committed or db is None:
        return
    manager = transaction.TransactionManager()
    connection = db.open(transaction_manager=manager)
    try:
        for attempt in range(attempts):
            manager.begin()
            try:
                app = makerequest(connection.root()["Application"])
                obj = app.unrestrictedTraverse(path)
                site = _site_of(obj)
                previous = getSite()
                setSite(site)
                try:
                    site.portal_catalog.catalog_object(obj, path)
                finally:
                    setSite(previous)
                manager.commit()
                return
            except ConflictError:
                manager.abort()
                time.sleep(random.uniform(0.01, 0.1) * (attempt + 1))
            except Exception:  # noqa: B902 - logged, the application is stored
                manager.abort()
                logger.exception("Cataloguing %s failed", path)
                return
        logger.error("Cataloguing %s failed after %d attempts", path, attempts)
    finally:
        connection.close()


def _site_of(obj):
    while obj is not None and not IPloneSiteRoot.providedBy(obj):
        obj = aq_parent(obj)
    return obj
