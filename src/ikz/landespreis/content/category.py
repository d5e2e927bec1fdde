"""Category: holds the submissions of one prize category."""

from ikz.landespreis import _
from ikz.landespreis.btrees import WideOIBTree
from ikz.landespreis.btrees import WideOOBTree
from ikz.landespreis.interfaces import ICategoryMarker
from OFS.event import ObjectWillBeAddedEvent
from plone.app.textfield import RichText
from plone.dexterity.content import Container
from plone.supermodel import model
from zope import schema
from zope.event import notify
from zope.interface import implementer
from zope.interface import Invalid
from zope.lifecycleevent import ObjectAddedEvent

import re


SHORT_CODE = re.compile(r"^[A-Z0-9]{2,8}$")


def valid_short_code(value):
    if not SHORT_CODE.match(value or ""):
        raise Invalid(
            _("The short code consists of 2 to 8 capital letters or digits, e.g. SSC.")
        )
    return True


class ICategory(model.Schema):
    """Schema of a prize category."""

    text = RichText(title=_("Text"), required=False)
    short_code = schema.ASCIILine(
        title=_("Short code"),
        description=_("Used in reference numbers, e.g. SSC in LP26-SSC-0042."),
        required=True,
        constraint=valid_short_code,
    )
    special_category = schema.Bool(
        title=_("Special category"), required=False, default=False
    )
    prize_override = schema.Int(
        title=_("Prize for this category (EUR)"),
        description=_("Leave empty to use the prize of the competition."),
        required=False,
        min=0,
    )


def submission_meta_type():
    """The meta type the category's index files applications under (Zope
    sets it on the class when the configuration loads). The index's entry
    exists from the start: the first applications arriving together would
    otherwise all create it and conflict."""
    from ikz.landespreis.content.submission import Submission

    return Submission.meta_type


@implementer(ICategory, ICategoryMarker)
class Category(Container):
    """A prize category.

    Many submissions arrive here at the same time; an unordered BTree
    container keeps concurrent adds from conflicting on an order list.
    """

    _ordering = "unordered"

    def _initBTrees(self):
        """Wide trees: concurrent arrivals don't conflict on bucket splits
        (see btrees.py)."""
        super()._initBTrees()
        self._tree = WideOOBTree()
        self._mt_index[submission_meta_type()] = WideOIBTree()

    def _setOb(self, id, object):
        meta_type = getattr(object, "meta_type", None)
        if meta_type is not None and meta_type not in self._mt_index:
            self._mt_index[meta_type] = WideOIBTree()
        super()._setOb(id, object)

    def _setObject(
        self, id, object, roles=None, user=None, set_owner=1, suppress_events=False
    ):
        """Add without a container-modified event.

        Plone answers that event with a full reindex of the container, which
        writes the category's modification date: every arriving application
        would then write the category record, and concurrent arrivals would
        all conflict on it. An application arriving does not edit the
        category, so only the added events are sent.
        """
        if suppress_events:
            return super()._setObject(
                id, object, roles, user, set_owner, suppress_events=True
            )
        notify(ObjectWillBeAddedEvent(object, self, id))
        new_id = super()._setObject(
            id, object, roles, user, set_owner, suppress_events=True
        )
        notify(ObjectAddedEvent(self._getOb(new_id), self, new_id))
        return new_id
