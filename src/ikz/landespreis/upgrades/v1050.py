"""Upgrade 1041 → 1050: wide BTrees in the categories (see btrees.py), so
concurrent applications don't conflict on bucket splits."""

from ikz.landespreis.btrees import widened
from ikz.landespreis.btrees import WideOIBTree
from ikz.landespreis.btrees import WideOOBTree
from ikz.landespreis.content.category import submission_meta_type
from plone import api


def widen_category(category):
    """Replace the category's content tree and meta type index by wide
    copies; the contents, their order-free ids and the count stay."""
    category._tree = widened(category._tree, WideOOBTree)
    if submission_meta_type() not in category._mt_index:
        category._mt_index[submission_meta_type()] = WideOIBTree()
    for meta_type, ids in list(category._mt_index.items()):
        wide = widened(ids, WideOIBTree)
        if wide is not ids:
            category._mt_index[meta_type] = wide


def widen_categories(context):
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="Category"):
        widen_category(brain._unrestrictedGetObject())
