"""The portal's own settings: text logo and the sign-language video."""

from ikz.landespreis import _
from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from zope import schema
from zope.interface import Interface


PREFIX = "ikz.landespreis.portal"


class IPortalSettings(Interface):
    logo_text = schema.TextLine(
        title=_("Text logo"),
        description=_(
            "Shown in the header when no logo image is set in the site settings."
        ),
        required=False,
        default="Landespreis IKZ.NRW",
    )
    logo_subtitle = schema.TextLine(
        title=_("Line below the text logo"),
        required=False,
        default="Landespreis für innovative interkommunale Zusammenarbeit",
    )
    sign_language_video = schema.URI(
        title=_("Video in German Sign Language"),
        description=_(
            "Address of a video in German Sign Language (DGS) shown on the "
            "start page; may stay empty."
        ),
        required=False,
    )


def get(name):
    from plone import api

    return api.portal.get_registry_record(
        f"{PREFIX}.{name}", default=IPortalSettings[name].default
    )


class PortalSettingsForm(RegistryEditForm):
    schema = IPortalSettings
    schema_prefix = PREFIX
    label = _("Portal settings")


class PortalSettingsView(ControlPanelFormWrapper):
    form = PortalSettingsForm
