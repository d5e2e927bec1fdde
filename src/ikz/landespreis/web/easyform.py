"""The REST serialisation of an application form.

collective.easyform's serializer asks ``api.user.has_permission`` with the
permission's id ``collective.easyform.DownloadSavedInput``, which Zope does
not know (it knows permissions by title): every GET of a form through the
REST API failed with a ValueError listing every permission of the portal.
This serializer asks for the permission by its title.
"""

from collective.easyform.interfaces import IEasyForm
from collective.easyform.serializer import SerializeToJson
from plone import api
from plone.restapi.interfaces import ISerializeToJson
from plone.restapi.serializer.dxcontent import SerializeToJson as DXContentToJson
from zope.component import adapter
from zope.interface import implementer
from zope.interface import Interface


DOWNLOAD_SAVED_INPUT = "collective.easyform: Download Saved Input"


@implementer(ISerializeToJson)
@adapter(IEasyForm, Interface)
class FormSerializeToJson(SerializeToJson):
    def __call__(self, version=None, include_items=True):
        result = DXContentToJson.__call__(self, version, include_items)
        if api.user.has_permission(DOWNLOAD_SAVED_INPUT, obj=self.context):
            self.serializeSavedData(result)
        return result
