"""Registry settings of the intake, editable in the control panel."""

from ikz.landespreis import _
from ikz.landespreis.domain.files import DEFAULT_ALLOWED
from ikz.landespreis.domain.files import TYPES
from ikz.landespreis.wsgi import upload_max_mb
from plone import api
from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from zope import schema
from zope.interface import Interface
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


@provider(IVocabularyFactory)
def upload_types_vocabulary(context):
    return SimpleVocabulary([
        SimpleTerm(key, key, title) for key, (title, _mime) in TYPES.items()
    ])


PREFIX = "ikz.landespreis.intake"


class IIntakeSettings(Interface):
    upload_max_mb = schema.Int(
        title=_("Maximum size per file (MB)"),
        description=_(
            "help_upload_max_mb",
            default="The server refuses larger requests before reading them: "
            "at most IKZ_UPLOAD_MAX_MB per file (set when the instance is "
            "rendered, see README); a higher value here has no effect.",
        ),
        required=True,
        default=20,
        min=1,
        max=200,
    )
    upload_types = schema.List(
        title=_("Allowed file types"),
        description=_("The type is checked by the file's content, not by its name."),
        value_type=schema.Choice(vocabulary="ikz.landespreis.UploadTypes"),
        required=True,
        default=list(DEFAULT_ALLOWED),
    )


def upload_limits():
    """(allowed type keys, maximum bytes) from the registry, the size capped
    at the instance's ``IKZ_UPLOAD_MAX_MB`` (the server's body limit)."""
    max_mb = api.portal.get_registry_record(f"{PREFIX}.upload_max_mb", default=20)
    max_mb = min(int(max_mb or 20), upload_max_mb())
    allowed = api.portal.get_registry_record(
        f"{PREFIX}.upload_types", default=list(DEFAULT_ALLOWED)
    )
    return tuple(allowed or DEFAULT_ALLOWED), max_mb * 1024 * 1024


class IntakeSettingsForm(RegistryEditForm):
    schema = IIntakeSettings
    schema_prefix = PREFIX
    label = _("Landespreis: applications")


class IntakeSettingsView(ControlPanelFormWrapper):
    form = IntakeSettingsForm
