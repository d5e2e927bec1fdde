"""ikz.landespreis: the state prize for inter-municipal cooperation."""

from zope.i18nmessageid import MessageFactory

import logging


PACKAGE_NAME = "ikz.landespreis"
_ = MessageFactory(PACKAGE_NAME)
logger = logging.getLogger(PACKAGE_NAME)

from AccessControl import ModuleSecurityInfo  # noqa: E402


# the workflow guards call these from restricted Python
_guards = ModuleSecurityInfo("ikz.landespreis.guards")
_guards.declarePublic("named_in_decision", "may_revoke", "all_categories_signed")
