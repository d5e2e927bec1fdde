"""ikz.landespreis: the state prize for inter-municipal cooperation."""

from zope.i18nmessageid import MessageFactory

import logging


PACKAGE_NAME = "ikz.landespreis"
_ = MessageFactory(PACKAGE_NAME)
logger = logging.getLogger(PACKAGE_NAME)
