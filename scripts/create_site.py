"""Create the Landespreis site (run with ``zconsole run <zope.conf> <this>``).

Idempotent: an existing site is kept with its data; only the admin account
and the mail settings are brought up to date.

Environment: SITE_ID (landespreis), ADMIN_USER (admin), ADMIN_PASSWORD
(admin), SETUP_CONTENT (true: the demo edition), DEMO (on: the demo accounts
with the password ``demo``; off: none, and demo accounts that still have
that password are removed from an existing site), SMTP_HOST, SMTP_PORT,
MAIL_FROM.
"""

from AccessControl.SecurityManagement import newSecurityManager
from plone.distribution.api import site as site_api
from Testing.makerequest import makerequest
from zope.component.hooks import setSite
from zope.globalrequest import setRequest

import os
import transaction


def truthy(value):
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def ensure_admin(app, username, password):
    acl = app.acl_users
    if acl.getUserById(username) is None:
        acl._doAddUser(username, password, ["Manager"], [])
        print(f"Created Zope admin {username}")
    elif "users" in acl.objectIds():
        # a PAS (site creation migrates the root user folder): its user and
        # role managers, as PlonePAS' _doChangeUser needs a plugin the root lacks
        acl.users.updateUserPassword(username, password)
        acl.roles.assignRoleToPrincipal("Manager", username)
    else:
        acl._doChangeUser(username, password, ["Manager"], [])
    return acl.getUserById(username).__of__(acl)


def configure_mailhost(site):
    """Plone reads the SMTP server from the registry (mail control panel);
    the MailHost object is kept in step for the ZMI."""
    mailhost = site.MailHost
    registry = site.portal_registry
    host = os.environ.get("SMTP_HOST")
    port = os.environ.get("SMTP_PORT")
    if host:
        registry["plone.smtp_host"] = host
    if port:
        registry["plone.smtp_port"] = int(port)
    mailhost.smtp_host = registry["plone.smtp_host"]
    mailhost.smtp_port = registry["plone.smtp_port"]
    sender = os.environ.get("MAIL_FROM")
    if sender or not registry.get("plone.email_from_address"):
        registry["plone.email_from_address"] = sender or "landespreis@example.org"
        registry["plone.email_from_name"] = "Landespreis Interkommunale Zusammenarbeit"
    print(f"Mail: {registry['plone.smtp_host']}:{registry['plone.smtp_port']}")


def configure_caching_proxy(site):
    """CACHING_PROXY (e.g. http://127.0.0.1:6081 of `make start-varnish`):
    plone.cachepurging sends its PURGE requests there; "off" stops them.
    Unset: the settings stay as they are."""
    proxy = os.environ.get("CACHING_PROXY")
    if proxy is None:
        return
    registry = site.portal_registry
    prefix = "plone.cachepurging.interfaces.ICachePurgingSettings"
    proxies = () if proxy.strip().lower() in ("", "off") else (proxy.strip(),)
    registry[f"{prefix}.cachingProxies"] = proxies
    registry[f"{prefix}.enabled"] = bool(proxies)
    print(f"Caching proxy: {', '.join(proxies) or 'none'}")


def main(app):
    site_id = os.environ.get("SITE_ID", "landespreis")
    admin = ensure_admin(
        app,
        os.environ.get("ADMIN_USER", "admin"),
        os.environ.get("ADMIN_PASSWORD", "admin"),
    )
    newSecurityManager(None, admin)
    app = makerequest(app)
    setRequest(app.REQUEST)
    if site_id in app.objectIds():
        print(f"Site {site_id} exists; keeping its data")
        site = app[site_id]
    else:
        answers = {
            "site_id": site_id,
            "title": "Landespreis für innovative interkommunale Zusammenarbeit",
            "description": (
                "Landespreis für innovative interkommunale Zusammenarbeit "
                "in Nordrhein-Westfalen"
            ),
            "default_language": "de",
            "portal_timezone": "Europe/Berlin",
            "setup_content": truthy(os.environ.get("SETUP_CONTENT", "true")),
        }
        site = site_api.create(app, "landespreis", answers)
        print(f"Created site {site_id} with the distribution 'landespreis'")
    # creating a site replaces the root user folder by a PAS (PlonePAS'
    # migrate_root_uf), which drops the admin made above: make it again
    ensure_admin(
        app,
        os.environ.get("ADMIN_USER", "admin"),
        os.environ.get("ADMIN_PASSWORD", "admin"),
    )
    setSite(site)
    configure_mailhost(site)
    configure_caching_proxy(site)
    if not truthy(os.environ.get("DEMO", "on")):
        from ikz.landespreis.demo import remove_demo_accounts

        removed = remove_demo_accounts(site)
        print(
            "Demo accounts: " + (", ".join(removed) + " removed" if removed else "none")
        )
    transaction.commit()


main(app)  # noqa: F821 - zconsole provides ``app``
