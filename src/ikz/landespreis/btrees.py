"""Wide BTrees for the containers that many applications enter at once.

A category keeps its contents in BTrees keyed by the applications' ids,
which are their references ("lp26-ssc-0042"): every new application is
inserted at the end, into the same last bucket. Concurrent inserts into one
bucket are merged by the BTrees' conflict resolution, but not when the
bucket splits: a split changes the tree node, and every application in
flight at that moment conflicts and is published again. With Plone's
default bucket sizes (30 keys for OOBTree, 60 for OIBTree) the last bucket
splits every 15 to 30 applications; in a deadline rush on a cluster an
application could meet a split on each of its retries and fail.

These trees keep up to 500 keys in a bucket: a category of up to 500
applications stays one bucket stored inline in the tree, whose concurrent
inserts always resolve; a bigger one splits every 250 applications.

This module imports nothing but BTrees, so the ZEO server, which resolves
the conflicts and must load the class, can import it cheaply.
"""

from BTrees.OIBTree import OIBTree
from BTrees.OOBTree import OOBTree


LEAF_SIZE = 500


class WideOOBTree(OOBTree):
    """id -> object, for a category's ``_tree``."""

    max_leaf_size = LEAF_SIZE


class WideOIBTree(OIBTree):
    """id -> 1, for a category's meta type index."""

    max_leaf_size = LEAF_SIZE


def widened(tree, wide_class):
    """A wide copy of ``tree`` (the tree itself when it is wide already)."""
    if isinstance(tree, wide_class):
        return tree
    wide = wide_class()
    wide.update(tree)
    return wide
