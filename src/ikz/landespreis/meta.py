"""The ZCML directive ``<ikz:apply handler="..." />``.

It calls ``handler`` once when the configuration is executed (in every
instance and in the test layers alike), so the few changes this add-on
makes to other packages at start are registered in ZCML, each with its
reason, instead of happening as a side effect of importing a module.
"""

from zope.configuration.fields import GlobalObject
from zope.interface import Interface


class IApplyDirective(Interface):
    handler = GlobalObject(
        title="Callable",
        description="Called without arguments when the configuration runs.",
        required=True,
    )


def apply(_context, handler):
    _context.action(discriminator=("ikz:apply", handler), callable=handler, args=())
