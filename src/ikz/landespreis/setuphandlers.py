from plone.base.interfaces import INonInstallable
from zope.interface import implementer


@implementer(INonInstallable)
class HiddenProfiles:
    def getNonInstallableProfiles(self):
        return ["ikz.landespreis:uninstall"]

    def getNonInstallableProducts(self):
        return ["ikz.landespreis.upgrades"]


def post_install(context):
    """The site's MailHost queues every mail (ikz.landespreis.mail)."""
    from ikz.landespreis.mail import install_mailhost
    from plone import api

    install_mailhost(api.portal.get())


def uninstall(context):
    """Remove the jury roles (GenericSetup cannot delete roles)."""
    from ikz.landespreis.jury.access import JURY_ROLES
    from plone import api

    portal = api.portal.get()
    present = [r for r in JURY_ROLES if r in portal.valid_roles()]
    if present:
        portal._delRoles(present)
