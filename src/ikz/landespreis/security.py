"""Closing escalation through the application form's models.

collective.easyform lets whoever may modify a form write its XML models:
the REST API accepts ``fields_model``/``actions_model`` with no field
permission, and the XML model editors need only "Modify portal content".
An Editor could so add a custom script action with the proxy role Manager,
or TALES expressions that run with the rights of whoever views the form.
Editors keep the field and action editors (which guard TALES and scripts
with easyform's own permissions); the raw models need easyform's
"Edit Technical Fields" (Manager, Site Administrator).
"""

from collective.easyform.config import EDIT_TECHNICAL_PERMISSION
from collective.easyform.interfaces import IEasyForm
from plone.autoform.interfaces import WRITE_PERMISSIONS_KEY


MODEL_FIELDS = ("fields_model", "actions_model")


def protect_models():
    permissions = dict(IEasyForm.queryTaggedValue(WRITE_PERMISSIONS_KEY, {}) or {})
    for name in MODEL_FIELDS:
        permissions[name] = EDIT_TECHNICAL_PERMISSION
    IEasyForm.setTaggedValue(WRITE_PERMISSIONS_KEY, permissions)
