"""Cataloguing a new application in a transaction of its own.

Plone's full-text indexes (ZCTextIndex) rewrite the posting list of every
word of a document they index, so applications arriving at the same moment
conflict on their common words; on a ZEO cluster in a deadline rush the
retries ran out. So an application is stored first, in a transaction that
leaves the catalog alone (nothing accepted can then be lost to a catalog
conflict), and catalogued right after its commit in a short transaction
that retries on its own; the instance's threads take turns at it (a lock), so
only the other instances' cataloguing can conflict with it.

If it still fails, or the instance dies between the two commits, the
application is stored but unknown to the catalog. ``reconcile`` finds such
applications (it compares each category's size with the catalog) and
catalogues them; every instance runs it when it starts, so a crashed
instance repairs its gap on restart.
"""

from Acquisition import aq_base
from Acquisition import aq_parent
from ikz.landespreis import logger
from plone.base.interfaces import IPloneSiteRoot
from Testing.makerequest import makerequest
from ZODB.POSException import ConflictError
from zope.component.hooks import getSite
from zope.component.hooks import setSite

import os
import random
import threading
import time
import transaction


#: one cataloguing transaction at a time per instance
_LOCK = threading.Lock()
#: how long an application's cataloguing keeps retrying
BUDGET_SECONDS = 120


def mark_deferred(submission):
    """Before the application is added: the indexing queue skips it."""
    submission._v_ikz_defer_catalog = True


def pend_audit(context, entry):
    """Keep the audit ``entry`` about ``context`` for the cataloguing
    transaction when ``context`` is an application being stored (marked by
    ``mark_deferred``); False otherwise (the caller writes it at once)."""
    base = aq_base(context)
    if not getattr(base, "_v_ikz_defer_catalog", False):
        return False
    base.__dict__.setdefault("_v_ikz_audit_pending", []).append(entry)
    return True


def pend_mail_index(context, entry):
    """Keep the mail log ``entry`` (persistent, with an oid) for the
    cataloguing transaction, which adds it to the competition's mail index,
    when ``context`` is an application being stored; False otherwise."""
    base = aq_base(context)
    if not getattr(base, "_v_ikz_defer_catalog", False):
        return False
    base.__dict__.setdefault("_v_ikz_mail_pending", []).append(entry._p_oid)
    return True


def defer_indexing(submission, attempts=200):
    """Catalogue ``submission`` after the commit of the current transaction
    (``mark_deferred`` kept it out of the indexing queue until then)."""
    path = "/".join(submission.getPhysicalPath())
    db = submission._p_jar.db() if submission._p_jar is not None else None
    transaction.get().addAfterCommitHook(
        _catalog_after_commit, args=(submission, db, path, attempts)
    )


def _catalog_after_commit(committed, submission, db, path, attempts):
    # the mark must not outlive this request in the connection's cache
    state = aq_base(submission).__dict__
    state.pop("_v_ikz_defer_catalog", None)
    pending = tuple(state.pop("_v_ikz_audit_pending", ()))
    mails = tuple(state.pop("_v_ikz_mail_pending", ()))
    if not committed or db is None:
        return
    # the budget counts from now, waiting for the lock included: the reply
    # to the applicant waits for this (their thank-you page does not)
    deadline = time.monotonic() + BUDGET_SECONDS
    if not _LOCK.acquire(timeout=BUDGET_SECONDS):
        logger.error(
            "Cataloguing %s gave up waiting; the next start of an instance "
            "catalogues it",
            path,
        )
        return
    try:
        _catalog_path(db, path, attempts, deadline, pending, mails)
    finally:
        _LOCK.release()


def _catalog_path(db, path, attempts, deadline, pending=(), mails=()):
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
                    _store_audit(obj, pending)
                    _store_mail_index(obj, connection, mails)
                    _remember_email(obj)
                finally:
                    setSite(previous)
                manager.commit()
                return True
            except ConflictError:
                manager.abort()
                if time.monotonic() > deadline:
                    break
                time.sleep(random.uniform(0.01, 0.05) * min(attempt + 1, 10))  # noqa: S311 - retry jitter, not a secret
            except Exception:
                manager.abort()
                logger.exception("Cataloguing %s failed", path)
                _audit_lost(path, pending)
                return False
        _audit_lost(path, pending)
        logger.error(
            "Cataloguing %s failed after %d attempts; "
            "the next start of an instance catalogues it",
            path,
            attempt + 1,
        )
        return False
    finally:
        connection.close()


def _store_audit(obj, pending):
    if not pending:
        return
    from ikz.landespreis import audit
    from ikz.landespreis.utils import find_competition

    competition = find_competition(obj)
    for entry in pending:
        audit.store(competition, entry)


def _store_mail_index(obj, connection, oids):
    if not oids:
        return
    from ikz.landespreis import mail
    from ikz.landespreis.utils import find_competition

    competition = find_competition(obj)
    for oid in oids:
        entry = connection.get(oid)
        mail.index_entry(competition, entry)


def _remember_email(obj):
    """The competition's index of contact addresses (for "Meine
    Bewerbung"), written here rather than in the intake: applications of
    one address arriving at once would all write one place of it."""
    from ikz.landespreis.applicants.tokens import remember_email
    from ikz.landespreis.utils import find_competition

    competition = find_competition(obj)
    if competition is not None:
        remember_email(competition, obj)


def _audit_lost(path, pending):
    # the application itself is stored and its mails are in its own mail
    # log; only these copies for the competition's trail are lost
    for entry in pending:
        logger.error("Audit entry for %s not written: %r", path, entry)


def missing_from_catalog(site):
    """Paths of the applications the catalog does not know. Cheap: a
    category whose size matches its catalogued applications is skipped."""
    catalog = site.portal_catalog
    missing = []
    for brain in catalog.unrestrictedSearchResults(portal_type="Category"):
        known = {
            b.getPath()
            for b in catalog.unrestrictedSearchResults(
                path={"query": brain.getPath(), "depth": 1}, portal_type="Submission"
            )
        }
        category = brain._unrestrictedGetObject()
        if category.objectCount() == len(known):
            continue
        for obj in category.objectValues():
            path = "/".join(obj.getPhysicalPath())
            if getattr(obj, "portal_type", None) == "Submission" and path not in known:
                missing.append(path)
    return missing


def reconcile(site):
    """Catalogue every application of ``site`` the catalog missed; returns
    their paths. Runs in the caller's transaction."""
    missing = missing_from_catalog(site)
    for path in missing:
        obj = site.unrestrictedTraverse(path)
        site.portal_catalog.catalog_object(obj, path)
        _remember_email(obj)
        logger.warning("Catalogued %s, which the catalog had missed", path)
    return missing


def reconcile_on_start(event):
    """IDatabaseOpenedWithRoot: repair what a crash may have left.

    Every process that opens the database sends the event, zconsole's too;
    IKZ_RECONCILE=off leaves the catalog alone (the checking scripts run
    so, to see the storage as it is)."""
    if os.environ.get("IKZ_RECONCILE", "on").lower() in ("off", "0", "false", "no"):
        return
    db = event.database
    manager = transaction.TransactionManager()
    connection = db.open(transaction_manager=manager)
    try:
        app = makerequest(connection.root()["Application"])
        for site in app.objectValues():
            if (
                not IPloneSiteRoot.providedBy(site)
                or "portal_catalog" not in site.objectIds()
            ):
                continue
            for _attempt in range(10):
                manager.begin()
                previous = getSite()
                setSite(site)
                try:
                    reconcile(site)
                    manager.commit()
                    break
                except ConflictError:
                    manager.abort()
                    time.sleep(random.uniform(0.05, 0.5))  # noqa: S311 - retry jitter, not a secret
                finally:
                    setSite(previous)
            else:
                logger.error(
                    "Checking %s for missed applications gave up after 10 conflicts",
                    site.getId(),
                )
    except Exception:
        manager.abort()
        logger.exception("Checking the catalog for missed applications failed")
    finally:
        connection.close()


def _site_of(obj):
    while obj is not None and not IPloneSiteRoot.providedBy(obj):
        obj = aq_parent(obj)
    return obj
