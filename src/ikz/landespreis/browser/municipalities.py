"""Suggestions of North Rhine-Westphalia's municipality names on the
application form: a ``<datalist>`` the lead and partner fields use
(landespreis.js connects them); every name stays free text."""

from ikz.landespreis.domain.municipalities import suggestions
from plone.app.layout.viewlets.common import ViewletBase


class MunicipalitiesViewlet(ViewletBase):
    def names(self):
        return suggestions()
