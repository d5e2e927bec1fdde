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

The failures are stored in the ZODB (so every instance of a cluster sees
them and an administrator can lift a lock) in a transaction of their own:
a failed login ends in an aborted request, which must not take the record
of the failure with it.
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
import time
import transaction


PLUGIN_ID = "ikz_login_throttle"
USER_SOURCE = "source_users"
RETRIES = 5


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
        # read in the request's own view of the store; write only on news
        refused = []
        for key, limits in keys:
            verdict, seconds = rules.decide(self.records.get(key), now, limits)
            if verdict != rules.ALLOWED:
                refused.append((key, verdict, seconds))
        if refused:
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
        elif result is not None and keys[0][0] in self.records:
            self._update(keys[:1], self._forget)
        return result

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
            return after, locked

        after, locked = self._update(keys, fail)
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
        return dict(self.records.items())

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
