"""A PAS plugin that throttles password logins per account and per client
address: a growing delay, then a temporary lock (rules in
``domain/throttle.py``).

The plugin is the portal's only password authenticator: it checks the
throttle, then asks the user source (``source_users``, which the profile
deactivates as an authenticator of its own) and records the outcome. Every
way of logging in with a password goes through it: the login form, HTTP
Basic auth, plone.restapi's ``@login`` and password checks of the user
forms. Session cookies and JWT tokens are authenticated by their own
plugins, as before.

The failures of existing accounts are stored in the ZODB (so every
instance of a cluster sees them and an administrator can lift a lock) in a
transaction of their own: a failed login ends in an aborted request, which
must not take the record of the failure with it. The store stays small:
an attempt refused by a running lock writes nothing, and every write
removes the records that have expired.

Failures with logins that no account has (guessing or spraying random
names) are counted only in the memory of the instance process
(:data:`MEMORY`), never in the ZODB: each random name would otherwise add
a record, with the client's address, to the database. Such a client is
still delayed and locked by its address, per process: behind a balancer
with N instances it may try up to N times as often, and a restart forgets
the count (SECURITY.rst, README "Limits").
"""

from AccessControl import ClassSecurityInfo
from AccessControl.class_init import InitializeClass
from Acquisition import aq_base
from Acquisition import aq_inner
from Acquisition import aq_parent
from BTrees.OOBTree import OOBTree
from ikz.landespreis import logger
from ikz.landespreis.domain import throttle as rules
from Products.PluggableAuthService.interfaces.plugins import IAuthenticationPlugin
from Products.PluggableAuthService.plugins.BasePlugin import BasePlugin
from Products.PluggableAuthService.utils import classImplements
from ZODB.POSException import ConflictError
from zope.globalrequest import getRequest

import hashlib
import threading
import time
import transaction


PLUGIN_ID = "ikz_login_throttle"
USER_SOURCE = "source_users"
RETRIES = 5
#: keys the memory store keeps at most (the oldest go first)
MEMORY_MAX = 100_000


def _limits_of(key):
    return rules.ACCOUNT if key.startswith("account:") else rules.ADDRESS


def _prune(records, now):
    """Remove the records that have expired (``current`` is empty)."""
    expired = [
        key
        for key, record in records.items()
        if rules.current(record, now, _limits_of(key)) == rules.EMPTY
    ]
    for key in expired:
        del records[key]
    return len(expired)


class MemoryRecords:
    """The failures of unknown logins, in this process' memory only."""

    def __init__(self):
        self._records = {}
        self._lock = threading.Lock()

    def get(self, key, default=None):
        with self._lock:
            return self._records.get(key, default)

    def items(self):
        with self._lock:
            return list(self._records.items())

    def update(self, keys, change):
        with self._lock:
            result = change(self._records, keys)
            if len(self._records) > MEMORY_MAX:
                _prune(self._records, time.time())
                while len(self._records) > MEMORY_MAX:
                    del self._records[next(iter(self._records))]
            return result

    def clear(self):
        with self._lock:
            self._records.clear()


MEMORY = MemoryRecords()


def account_key(login):
    return "account:" + str(login or "").strip().lower()


def address_key(address):
    return "address:" + str(address or "")


def client_address(request):
    """The client's address; X-Forwarded-For only from Zope's trusted
    proxies (``trusted-proxy`` in zope.conf)."""
    if request is None:
        return ""
    try:
        return request.getClientAddr() or ""
    except AttributeError:
        return request.get("REMOTE_ADDR", "")


class LoginThrottle(BasePlugin):
    """Password authenticator with throttling and temporary locks."""

    meta_type = "ikz.landespreis Login Throttle"
    security = ClassSecurityInfo()

    _properties = (
        {"id": "title", "type": "string", "mode": "w"},
        {"id": "delegates", "type": "lines", "mode": "w"},
    )

    def __init__(
        self, plugin_id=PLUGIN_ID, title="Login throttle", delegates=(USER_SOURCE,)
    ):
        self._setId(plugin_id)
        self.title = title
        self.delegates = tuple(delegates)
        self.records = OOBTree()

    # -- the store, written in a transaction of its own -------------------

    def _update(self, keys, change):
        """Apply ``change(records, keys)`` and commit it at once; returns its
        result. Falls back to the request's transaction when the plugin is
        not stored yet."""
        jar = getattr(self, "_p_jar", None)
        if jar is None or self._p_oid is None:
            return change(self.records, keys)
        manager = transaction.TransactionManager()
        connection = jar.db().open(transaction_manager=manager)
        try:
            for attempt in range(RETRIES):
                manager.begin()
                try:
                    result = change(connection.get(self._p_oid).records, keys)
                    manager.commit()
                    return result
                except ConflictError:
                    manager.abort()
                    if attempt == RETRIES - 1:
                        raise
                except Exception:
                    manager.abort()
                    raise
        finally:
            connection.close()

    # -- IAuthenticationPlugin ---------------------------------------------

    security.declarePrivate("authenticateCredentials")

    def authenticateCredentials(self, credentials):
        login = credentials.get("login")
        password = credentials.get("password")
        if not login or password is None:
            return None
        request = getRequest()
        # PAS asks once per credentials extractor (Basic auth is extracted
        # by two of them): one answer, and one count, per request
        seen = getattr(request, "_ikz_throttle_seen", None)
        if seen is None:
            seen = {}
            if request is not None:
                request._ikz_throttle_seen = seen
        fingerprint = (
            login,
            hashlib.sha256(str(password).encode("utf-8", "replace")).hexdigest(),
        )
        if fingerprint in seen:
            return seen[fingerprint]
        seen[fingerprint] = result = self._throttled(
            login, password, credentials, request
        )
        return result

    def _throttled(self, login, password, credentials, request):
        address = client_address(request)
        keys = [
            (account_key(login), rules.ACCOUNT),
            (address_key(address), rules.ADDRESS),
        ]
        now = time.time()
        refused = self._refusals(keys, now)
        if refused:
            # a running lock: nothing to add, nothing written; a running
            # delay: the attempt counts (rules.failed)
            if all(verdict != rules.LOCKED for _k, verdict, _s in refused):
                self._count_failure(login, address, keys, now)
            for key, verdict, seconds in refused:
                logger.info(
                    "Login refused for %r from %s: %s %s for %.0f s",
                    login,
                    address,
                    key,
                    verdict,
                    seconds,
                )
            return None
        result = self._authenticate(credentials)
        if result is None and not self._valid_above(login, password, request):
            failures = self._count_failure(login, address, keys, time.time())
            logger.info(
                "Failed login for %r from %s (%d failures)", login, address, failures
            )
        elif result is not None:
            if keys[0][0] in self.records:
                self._update(keys[:1], self._forget)
            if MEMORY.get(keys[0][0]) is not None:
                MEMORY.update(keys[:1], self._forget)
        return result

    def _refusals(self, keys, now):
        """``[(key, verdict, seconds)]`` of the keys a delay or lock holds,
        read in the request's own view of the store and in this process'
        memory; nothing is written."""
        refused = []
        for key, limits in keys:
            for record in (self.records.get(key), MEMORY.get(key)):
                verdict, seconds = rules.decide(record, now, limits)
                if verdict != rules.ALLOWED:
                    refused.append((key, verdict, seconds))
                    break
        return refused

    def _is_known(self, login):
        """Whether an account of the user source has this login."""
        pas = self._getPAS()
        for plugin_id in self.delegates:
            plugin = getattr(aq_base(pas), plugin_id, None)
            lookup = getattr(plugin, "getUserIdForLogin", None)
            if lookup is None:
                continue
            try:
                if lookup(login):
                    return True
            except KeyError:
                continue
        return False

    def _valid_above(self, login, password, request):
        """Whether a user folder above the portal (the Zope root's, with the
        Zope administrator) knows these credentials: then the login is not
        a failure, it only is not one of the portal's."""
        portal = aq_parent(aq_inner(self._getPAS()))
        above = aq_parent(aq_inner(portal))
        folder = getattr(above, "acl_users", None)
        if folder is None or aq_base(folder) is aq_base(self._getPAS()):
            return False
        try:
            return folder.authenticate(login, password, request) is not None
        except Exception:
            return False

    def _authenticate(self, credentials):
        pas = self._getPAS()
        for plugin_id in self.delegates:
            plugin = getattr(aq_base(pas), plugin_id, None)
            if plugin is None or not IAuthenticationPlugin.providedBy(plugin):
                continue
            result = getattr(pas, plugin_id).authenticateCredentials(credentials)
            if result is not None:
                return result
        return None

    def _count_failure(self, login, address, keys, now):
        """One more failed (or refused) attempt for every key; logs the
        locks it starts and returns the account's count of failures."""

        def fail(records, keys):
            after, locked = {}, []
            for key, limits in keys:
                before = records.get(key)
                records[key] = after[key] = rules.failed(before, now, limits)
                if not rules.is_locked(before, now, limits) and rules.is_locked(
                    after[key], now, limits
                ):
                    locked.append((key, after[key][0]))
            _prune(records, now)
            return after, locked

        if self._is_known(login):
            after, locked = self._update(keys, fail)
        else:  # no account: this process' memory only, never the ZODB
            after, locked = MEMORY.update(keys, fail)
        for key, failures in locked:
            logger.warning(
                "Login locked: %s after %d failed attempts (last for %r from %s)",
                key,
                failures,
                login,
                address,
            )
        return after[keys[0][0]][0]

    @staticmethod
    def _forget(records, keys):
        for key, _limits in keys:
            if key in records:
                del records[key]

    # -- for the administrators ---------------------------------------------

    security.declareProtected("Manage users", "entries")

    def entries(self, now=None):
        """Every key with failures: dicts with key, kind, name, failures,
        last, locked_until, verdict and seconds, locked ones first."""
        now = time.time() if now is None else now
        rows = []
        for key, record in self._fresh_records().items():
            kind, _sep, name = key.partition(":")
            limits = rules.ACCOUNT if kind == "account" else rules.ADDRESS
            failures, last, locked_until = rules.current(record, now, limits)
            if not failures:
                continue
            verdict, seconds = rules.decide(record, now, limits)
            rows.append({
                "key": key,
                "kind": kind,
                "name": name,
                "failures": failures,
                "last": last,
                "locked_until": locked_until if locked_until > now else None,
                "verdict": verdict,
                "seconds": seconds,
            })
        order = {rules.LOCKED: 0, rules.WAIT: 1, rules.ALLOWED: 2}
        rows.sort(key=lambda r: (order[r["verdict"]], -r["last"]))
        return rows

    def _fresh_records(self):
        """The stored records and this process' records of unknown logins
        (the worse of both for a key)."""
        now = time.time()
        found = dict(self.records.items())
        for key, record in MEMORY.items():
            limits = _limits_of(key)
            stored = found.get(key)
            if stored is None or rules.current(record, now, limits) > rules.current(
                stored, now, limits
            ):
                found[key] = record
        return found

    security.declareProtected("Manage users", "lift")

    def lift(self, keys, by=""):
        """Lift the locks and delays of ``keys`` (all when empty); returns
        the keys lifted."""

        def remove(records, keys):
            chosen = keys if keys else list(records.keys())
            lifted = [k for k in chosen if k in records]
            for key in lifted:
                del records[key]
            return lifted

        lifted = self._update(list(keys), remove)
        lifted += [k for k in MEMORY.update(list(keys), remove) if k not in lifted]
        for key in lifted:
            logger.warning("Login lock lifted: %s by %s", key, by or "?")
        return lifted


classImplements(LoginThrottle, IAuthenticationPlugin)
InitializeClass(LoginThrottle)


def install(portal):
    """Put the throttle in front of the user source (idempotent)."""
    pas = portal.acl_users
    if PLUGIN_ID not in pas.objectIds():
        pas._setObject(PLUGIN_ID, LoginThrottle())
    plugins = pas.plugins
    active = [pid for pid, _p in plugins.listPlugins(IAuthenticationPlugin)]
    if PLUGIN_ID not in active:
        plugins.activatePlugin(IAuthenticationPlugin, PLUGIN_ID)
        plugins.movePluginsTop(IAuthenticationPlugin, [PLUGIN_ID])
    if USER_SOURCE in active:
        plugins.deactivatePlugin(IAuthenticationPlugin, USER_SOURCE)


def uninstall(portal):
    pas = portal.acl_users
    if PLUGIN_ID not in pas.objectIds():
        return
    plugins = pas.plugins
    active = [pid for pid, _p in plugins.listPlugins(IAuthenticationPlugin)]
    if USER_SOURCE in pas.objectIds() and USER_SOURCE not in active:
        plugins.activatePlugin(IAuthenticationPlugin, USER_SOURCE)
    pas._delObject(PLUGIN_ID)
