"""The jury roles on the Sharing tab."""

from ikz.landespreis import _
from plone.app.workflow.interfaces import ISharingPageRole
from zope.interface import implementer


@implementer(ISharingPageRole)
class JurorRole:
    title = _("title_juror", default="Is juror")
    required_permission = "ikz.landespreis: Manage Jury"
    required_interface = None


@implementer(ISharingPageRole)
class JuryChairRole:
    title = _("title_jury_chair", default="Chairs the jury")
    required_permission = "ikz.landespreis: Manage Jury"
    required_interface = None
