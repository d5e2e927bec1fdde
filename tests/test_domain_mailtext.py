"""The mail templates' pure rules: placeholders, rendering, the HTML part."""

from ikz.landespreis.domain import mailtext

import unittest


class TestCheck(unittest.TestCase):
    def test_known_placeholders_pass(self):
        mailtext.check("Ihre Bewerbung ${reference}", "Hallo ${name}, $title: 5 $$")

    def test_unknown_placeholder_named_in_german(self):
        with self.assertRaises(mailtext.TemplateError) as caught:
            mailtext.check("Betreff", "Ihr ${refrence} und $titel")
        self.assertIn(
            "Unbekannte Platzhalter: ${refrence}, ${titel}", caught.exception.message
        )
        self.assertIn("${reference}", caught.exception.message)

    def test_broken_and_empty(self):
        for subject, body in (("Preis: 10 $", "Text"), ("B", "Text ${name")):
            with self.assertRaises(mailtext.TemplateError) as caught:
                mailtext.check(subject, body)
            self.assertIn("Dollarzeichen", caught.exception.message)
        with self.assertRaises(mailtext.TemplateError) as caught:
            mailtext.check(" ", "Text")
        self.assertEqual(caught.exception.message, mailtext.MSG_EMPTY)

    def test_placeholders_in_order(self):
        self.assertEqual(mailtext.placeholders("${a} $b $$c ${a}"), ["a", "b", "a"])


class TestRender(unittest.TestCase):
    def test_values_and_missing(self):
        subject, text = mailtext.render(
            "Bewerbung ${reference}\nBcc: x@example.org",
            "Guten Tag ${name},\n\nGrund: ${reason}\n\n${link}\n\nKosten: 5 $$\n",
            {"reference": "LP26-KA-0001", "name": "Jürgen Öz", "reason": "Zu spät."},
        )
        self.assertEqual(subject, "Bewerbung LP26-KA-0001 Bcc: x@example.org")
        # the empty link's line disappears; $$ is a dollar sign
        self.assertEqual(
            text, "Guten Tag Jürgen Öz,\n\nGrund: Zu spät.\n\nKosten: 5 $\n"
        )

    def test_value_not_reinterpreted(self):
        _subject, text = mailtext.render("S", "${reason}", {"reason": "${name} $$"})
        self.assertEqual(text, "${name} $$\n")


class TestHtml(unittest.TestCase):
    def test_paragraphs_breaks_links_escaped(self):
        html = mailtext.html_from_text(
            "Guten Tag <b>Jürgen</b>,\nZeile zwei\n\nSiehe https://landespreis.example.org/a?b=1&c=2.\n",
            "Betreff & mehr",
        )
        self.assertIn("<title>Betreff &amp; mehr</title>", html)
        self.assertIn(
            "<p>Guten Tag &lt;b&gt;Jürgen&lt;/b&gt;,<br>\nZeile zwei</p>", html
        )
        self.assertIn(
            '<a href="https://landespreis.example.org/a?b=1&amp;c=2">'
            "https://landespreis.example.org/a?b=1&amp;c=2</a>.",
            html,
        )
        self.assertIn('<html lang="de">', html)

    def test_defanged_text_is_no_link(self):
        html = mailtext.html_from_text("https[:]//evil[.]example")
        self.assertNotIn("<a ", html)
