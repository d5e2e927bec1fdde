from plone.base.interfaces import INonInstallable
from zope.interface import implementer


@implementer(INonInstallable)
class HiddenProfiles:
    def getNonInstallableProfiles(self):
        return ["ikz.landespreis:uninstall"]

    def getNonInstallableProducts(self):
        return ["ikz.landespreis.upgrades"]


def post_install(context):
    """What GenericSetup XML cannot do: put the login throttle in front of
    the user source (a PAS plugin order) and make the site's MailHost queue
    every mail (ikz.landespreis.mail)."""
    from ikz.landespreis.accounts import throttle
    from ikz.landespreis.mail import install_mailhost
    from plone import api

    portal = api.portal.get()
    throttle.install(portal)
    install_mailhost(portal)


def uninstall(context):
    """Remove the jury roles (GenericSetup cannot delete roles), the login
    throttle and the queued MailHost."""
    from ikz.landespreis.accounts import throttle
    from ikz.landespreis.jury.access import JURY_ROLES
    from ikz.landespreis.mail import uninstall_mailhost
    from plone import api

    portal = api.portal.get()
    throttle.uninstall(portal)
    uninstall_mailhost(portal)
    present = [r for r in JURY_ROLES if r in portal.valid_roles()]
    if present:
        portal._delRoles(present)
