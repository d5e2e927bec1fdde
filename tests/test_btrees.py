"""Applications that arrive at once don't conflict on the category's
content trees (btrees.py): a rush of concurrent inserts against a real
FileStorage, the category's own trees and the upgrade of older ones."""

from BTrees.OIBTree import OIBTree
from BTrees.OOBTree import OOBTree
from ikz.landespreis.btrees import WideOIBTree
from ikz.landespreis.btrees import WideOOBTree
from ikz.landespreis.testing import IKZ_LANDESPREIS_INTEGRATION_TESTING
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from ZODB.FileStorage import FileStorage
from ZODB.POSException import ConflictError

import logging
import os
import subprocess
import sys
import tempfile
import transaction
import unittest
import ZODB


def rush(tree_class, total=240, in_flight=8):
    """``total`` inserts of sequential ids ("lp26-ssc-0001", ...) in rounds
    of ``in_flight`` concurrent transactions, each from its own connection,
    as the applications of a deadline rush; the number that conflicted."""
    directory = tempfile.mkdtemp(prefix="ikz-btrees-")
    db = ZODB.DB(FileStorage(os.path.join(directory, "Data.fs")), pool_size=20)
    conflicts = 0
    try:
        manager = transaction.TransactionManager()
        connection = db.open(manager)
        connection.root()["tree"] = tree_class()
        manager.commit()
        connection.close()
        number = 0
        while number < total:
            managers = [transaction.TransactionManager() for _ in range(in_flight)]
            connections = [db.open(m) for m in managers]
            for offset, (m, c) in enumerate(zip(managers, connections, strict=True)):
                m.begin()
                c.root()["tree"][f"lp26-ssc-{number + offset:04d}"] = 1
            for m, c in zip(managers, connections, strict=True):
                try:
                    m.commit()
                except ConflictError:
                    m.abort()
                    conflicts += 1
                c.close()
            number += in_flight
        return conflicts
    finally:
        db.close()
        for name in os.listdir(directory):
            os.remove(os.path.join(directory, name))
        os.rmdir(directory)


class TestWideTrees(unittest.TestCase):
    def setUp(self):
        # ZODB logs each conflict it could not resolve
        logging.disable(logging.WARNING)
        self.addCleanup(logging.disable, logging.NOTSET)

    def test_a_rush_does_not_conflict_on_the_wide_tree(self):
        plain = rush(OOBTree)
        wide = rush(WideOOBTree)
        # Plone's default tree: every bucket split fails the applications
        # in flight (measured: 63 of 240)
        self.assertGreater(plain, 20)
        self.assertEqual(wide, 0)

    def test_the_meta_type_index_too(self):
        self.assertGreater(rush(OIBTree), 10)
        self.assertEqual(rush(WideOIBTree), 0)

    def test_the_zeo_server_can_load_the_classes(self):
        """The ZEO server resolves the conflicts: it must import the trees
        without Zope's configuration."""
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys, ikz.landespreis.btrees as b; "
                "assert 'plone.dexterity' not in sys.modules; "
                "print(b.WideOOBTree.max_leaf_size)",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.strip(), "500")


class TestCategoryTrees(unittest.TestCase):
    layer = IKZ_LANDESPREIS_INTEGRATION_TESTING

    def setUp(self):
        from tests.base import make_competition

        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.competition = make_competition(self.portal)
        self.category = self.competition["kat-a"]

    def test_a_category_keeps_its_applications_in_wide_trees(self):
        from ikz.landespreis.content.category import submission_meta_type
        from tests.base import make_submission

        # the index of applications exists before the first one arrives
        self.assertEqual(list(self.category._mt_index), [submission_meta_type()])
        submission = make_submission(self.category)
        self.assertIsInstance(self.category._tree, WideOOBTree)
        indexes = list(self.category._mt_index.values())
        self.assertTrue(indexes)
        for ids in indexes:
            self.assertIsInstance(ids, WideOIBTree)
        self.assertIn(submission.getId(), self.category.objectIds())
        self.assertEqual(
            self.category.objectIds(submission.meta_type), [submission.getId()]
        )

    def test_upgrade_widens_the_trees_of_older_categories(self):
        from ikz.landespreis.upgrades.v1050 import widen_categories
        from tests.base import make_submission

        first = make_submission(self.category)
        second = make_submission(self.category, id="zweiter-beitrag")
        meta_type = first.meta_type
        # as on a site at 1041: Plone's plain trees
        self.category._tree = OOBTree(self.category._tree)
        self.category._mt_index[meta_type] = OIBTree(self.category._mt_index[meta_type])
        # and an empty category without the index entry
        empty = api.content.create(
            self.competition, "Category", id="leer", title="Leer", short_code="LE"
        )
        del empty._mt_index[meta_type]
        self.assertNotIsInstance(self.category._tree, WideOOBTree)
        setup = api.portal.get_tool("portal_setup")
        widen_categories(setup)
        self.assertIsInstance(self.category._tree, WideOOBTree)
        self.assertIsInstance(self.category._mt_index[meta_type], WideOIBTree)
        self.assertEqual(
            sorted(self.category.objectIds()),
            sorted([first.getId(), second.getId()]),
        )
        self.assertEqual(len(self.category), 2)
        self.assertIsInstance(empty._mt_index[meta_type], WideOIBTree)
        self.assertEqual(self.category[first.getId()].reference, first.reference)
        self.assertEqual(
            sorted(self.category._mt_index[meta_type].keys()),
            sorted([first.getId(), second.getId()]),
        )
