from ikz.landespreis.testing import IKZ_DEMO_INTEGRATION_TESTING

import unittest


class TestSmoke(unittest.TestCase):
    layer = IKZ_DEMO_INTEGRATION_TESTING

    def test_demo(self):
        portal = self.layer["portal"]
        self.assertIn("landespreis-2026", portal)
