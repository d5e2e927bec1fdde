"""README.rst and SECURITY.rst are valid reStructuredText (PyPI and any
renderer show them whole) and quote the server's real body limit."""

from ikz.landespreis.wsgi import body_limit
from ikz.landespreis.wsgi import DEFAULT_UPLOAD_MAX_MB
from ikz.landespreis.wsgi import MEGABYTE

import io
import pathlib
import re
import unittest


ROOT = pathlib.Path(__file__).parent.parent
DOCUMENTS = ("README.rst", "SECURITY.rst")


def docutils_problems(path):
    """The warnings and errors docutils reports for ``path``."""
    from docutils.core import publish_doctree

    stream = io.StringIO()
    publish_doctree(
        path.read_text(encoding="utf-8"),
        source_path=str(path),
        settings_overrides={
            "report_level": 2,  # warnings and worse
            "halt_level": 5,  # never stop: report every problem
            "warning_stream": stream,
            "file_insertion_enabled": False,
            "raw_enabled": False,
        },
    )
    return stream.getvalue()


class TestDocuments(unittest.TestCase):
    def test_parse_without_warnings(self):
        for name in DOCUMENTS:
            with self.subTest(name):
                self.assertEqual(docutils_problems(ROOT / name), "")

    def test_body_limit_figures(self):
        readme = (ROOT / "README.rst").read_text(encoding="utf-8")
        limit_mb = body_limit(DEFAULT_UPLOAD_MAX_MB) // MEGABYTE
        self.assertIn(f"({limit_mb} MB by\n  default)", readme)
        nginx = re.search(r"client_max_body_size (\d+)m", readme)
        self.assertIsNotNone(nginx)
        self.assertGreater(int(nginx.group(1)), limit_mb)
        template = (ROOT / "etc" / "zope.ini.in").read_text(encoding="utf-8")
        self.assertIn("3 file fields + 3\n# pictures of at most 5 MB + 1 MB", template)
