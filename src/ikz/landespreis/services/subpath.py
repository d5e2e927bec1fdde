"""Services with a path after their name (``@mail-templates/receipt``,
``@mail-log/resend``), as plone.restapi's ``@workflow/<transition>``."""

from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse


@implementer(IPublishTraverse)
class SubpathMixin:
    """Collects the names after the service's in ``self.params``."""

    max_params = 2

    def __init__(self, context, request):
        super().__init__(context, request)
        self.params = []

    def publishTraverse(self, request, name):
        from zExceptions import NotFound

        if len(self.params) >= self.max_params:
            raise NotFound(self, name, request)
        self.params.append(name)
        return self
