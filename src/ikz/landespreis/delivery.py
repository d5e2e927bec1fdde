"""Settings of mail delivery and of the limits against abuse (control panel
"Landespreis: Versand und Schutz"), and their environment variables.

The environment is applied to the registry when an instance opens its
database (``apply_environment``): ``PUBLIC_URL``, ``IKZ_POST_LIMIT``,
``IKZ_REQUEST_LIMIT``, ``IKZ_MAIL_LIMIT`` and ``IKZ_TRUSTED_PROXIES``
(comma-separated addresses). A value is written only when it differs, so
the instances of a cluster starting together do not write the same
record twice; afterwards the control panel may change it until the next
start.
"""

from ikz.landespreis import _
from ikz.landespreis import logger
from plone import api
from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from plone.base.interfaces import IPloneSiteRoot
from ZODB.POSException import ConflictError
from zope import schema
from zope.interface import Interface

import os
import transaction


PREFIX = "ikz.landespreis.delivery"

DEFAULTS = {
    "public_url": "",
    "post_limit": 20,
    "request_limit": 5,
    "mail_limit": 5,
    "trusted_proxies": [],
}


class IDeliverySettings(Interface):
    public_url = schema.TextLine(
        title=_("Public address of the portal"),
        description=_(
            "The address under which the public reaches the portal, e.g. "
            "https://landespreis.example.org. Every link in a mail starts with "
            "it, never with the address a request names. Environment: PUBLIC_URL."
        ),
        required=False,
        default="",
    )
    post_limit = schema.Int(
        title=_("Application posts per client address and minute"),
        description=_("0 switches the limit off. Environment: IKZ_POST_LIMIT."),
        required=True,
        default=20,
        min=0,
    )
    request_limit = schema.Int(
        title=_("Link and mail requests per client address and minute"),
        description=_(
            "Password reset requests. 0 switches the limit off. "
            "Environment: IKZ_REQUEST_LIMIT."
        ),
        required=True,
        default=5,
        min=0,
    )
    mail_limit = schema.Int(
        title=_("Mails per recipient and hour"),
        description=_(
            "Further mails to the same address are not sent and show as failed "
            "in the mail log, where the office can send them again. 0 switches "
            "the limit off. Environment: IKZ_MAIL_LIMIT."
        ),
        required=True,
        default=5,
        min=0,
    )
    trusted_proxies = schema.List(
        title=_("Trusted proxies"),
        description=_(
            "Addresses of the proxies in front of the instances (e.g. HAProxy). "
            "Only a request from one of them may name the client address in "
            "X-Forwarded-For. Environment: IKZ_TRUSTED_PROXIES (comma-separated)."
        ),
        value_type=schema.TextLine(),
        required=False,
        default=[],
    )


def get(name):
    """A setting from the registry (its default outside a site)."""
    try:
        value = api.portal.get_registry_record(
            f"{PREFIX}.{name}", default=DEFAULTS[name]
        )
    except Exception:
        value = DEFAULTS[name]
    return DEFAULTS[name] if value is None else value


class DeliverySettingsForm(RegistryEditForm):
    schema = IDeliverySettings
    schema_prefix = PREFIX
    label = _("Landespreis: delivery and protection")


class DeliverySettingsView(ControlPanelFormWrapper):
    form = DeliverySettingsForm


def _int(name, environ):
    value = environ.get(name, "").strip()
    if not value:
        return None
    try:
        return max(0, int(value))
    except ValueError:
        logger.error("%s=%r is not a number; ignored", name, value)
        return None


def environment_values(environ=None):
    """The settings the environment names, as ``{field: value}``."""
    environ = os.environ if environ is None else environ
    values = {}
    url = environ.get("PUBLIC_URL", "").strip()
    if url:
        values["public_url"] = url.rstrip("/")
    for field, name in (
        ("post_limit", "IKZ_POST_LIMIT"),
        ("request_limit", "IKZ_REQUEST_LIMIT"),
        ("mail_limit", "IKZ_MAIL_LIMIT"),
    ):
        value = _int(name, environ)
        if value is not None:
            values[field] = value
    proxies = environ.get("IKZ_TRUSTED_PROXIES")
    if proxies is not None:
        values["trusted_proxies"] = [p.strip() for p in proxies.split(",") if p.strip()]
    return values


def apply_to_registry(registry, values):
    """Write ``values`` to ``registry`` where they differ; True if it wrote."""
    changed = False
    for field, value in values.items():
        key = f"{PREFIX}.{field}"
        if key not in registry.records:
            continue
        if registry.records[key].value != value:
            registry.records[key].value = value
            changed = True
    return changed


def apply_environment(event):
    """IDatabaseOpenedWithRoot: the environment's settings into each site."""
    values = environment_values()
    if not values:
        return
    manager = transaction.TransactionManager()
    connection = event.database.open(transaction_manager=manager)
    try:
        app = connection.root().get("Application")
        for site in app.objectValues() if app is not None else ():
            if not IPloneSiteRoot.providedBy(site):
                continue
            for _attempt in range(5):
                manager.begin()
                try:
                    registry = site.get("portal_registry")
                    if registry is None or not apply_to_registry(registry, values):
                        manager.abort()
                        break
                    manager.commit()
                    logger.info(
                        "Settings from the environment applied to %s: %s",
                        site.getId(),
                        ", ".join(sorted(values)),
                    )
                    break
                except ConflictError:
                    manager.abort()
    except Exception:
        manager.abort()
        logger.exception("Applying the environment's settings failed")
    finally:
        connection.close()
