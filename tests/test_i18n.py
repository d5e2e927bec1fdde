"""Every msgid of the code, templates and profiles has a German translation."""

import pathlib
import subprocess
import sys
import tempfile
import unittest


PACKAGE = pathlib.Path(__file__).resolve().parent.parent / "src" / "ikz" / "landespreis"
PO = PACKAGE / "locales" / "de" / "LC_MESSAGES" / "ikz.landespreis.po"


def msgids(path):
    from i18ndude.catalog import MessageCatalog

    return MessageCatalog(filename=str(path))


class TestGermanCatalog(unittest.TestCase):
    def test_every_msgid_translated(self):
        i18ndude = pathlib.Path(sys.executable).parent / "i18ndude"
        with tempfile.TemporaryDirectory() as tmp:
            pot = pathlib.Path(tmp) / "current.pot"
            subprocess.run(
                [
                    str(i18ndude),
                    "rebuild-pot",
                    "--pot",
                    str(pot),
                    "--create",
                    "ikz.landespreis",
                    ".",
                ],
                cwd=PACKAGE,
                check=True,
                capture_output=True,
            )
            extracted = msgids(pot)
        german = msgids(PO)
        missing = sorted(m for m in extracted if m and not german.get(m, None))
        untranslated = sorted(
            m
            for m in extracted
            if m and german.get(m) is not None and not german[m].msgstr
        )
        self.assertEqual(
            missing, [], "msgids not in the German catalog (run make i18n)"
        )
        self.assertEqual(untranslated, [], "msgids without German translation")
        self.assertGreater(len(extracted), 150)
