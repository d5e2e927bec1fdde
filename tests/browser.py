"""A small browser for functional tests: reads a form page as a browser
does (hidden inputs, CSRF token, honeypot) and posts multipart bodies."""

from html.parser import HTMLParser

import html
import os
import pathlib
import requests


class _FormParser(HTMLParser):
    def __init__(self, form_id):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.action = None
        self.hidden = {}
        self.names = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("id") == self.form_id or self.form_id is None):
            self.inside = True
            self.action = attrs.get("action")
        elif self.inside and tag in ("input", "select", "textarea", "button"):
            name = attrs.get("name")
            if not name:
                return
            self.names.add(name)
            if tag == "input" and attrs.get("type") == "hidden":
                self.hidden[name] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False


class Browser:
    def __init__(self):
        self.session = requests.Session()

    def open_form(self, url, form_id="form"):
        response = self.session.get(url, timeout=60)
        parser = _FormParser(form_id)
        parser.feed(response.text)
        return response, parser

    def form_data(self, form_url, values, button, label="1"):
        """The form page's hidden inputs and the easyform fields ``values``
        (by field id), as a browser posts them with ``button``; and the
        form's action."""
        _response, parser = self.open_form(form_url)
        data = dict(parser.hidden)
        for name, value in values.items():
            key = f"form.widgets.{name}"
            if isinstance(value, bool):
                if value:
                    data[f"{key}:list"] = "selected"
                data[f"{key}-empty-marker"] = "1"
            elif name in ("category", "project_status"):
                data[f"{key}:list"] = value
                data[f"{key}-empty-marker"] = "1"
            else:
                data[key] = value
        data[f"form.buttons.{button}"] = label
        return data, parser.action or form_url

    def submit_application(
        self, form_url, values, files=None, extra=None, headers=None, follow=True
    ):
        """Fill the easyform fields ``values`` (by field id) and post (with
        extra request ``headers``)."""
        data, action = self.form_data(form_url, values, "submit", "Bewerbung absenden")
        data.update(extra or {})
        upload = {
            f"form.widgets.{name}": (filename, content, mime)
            for name, (filename, content, mime) in (files or {}).items()
        }
        return self.session.post(
            action,
            data=data,
            files=upload or None,
            timeout=120,
            allow_redirects=follow,
            headers=headers,
        )


def text(response):
    return html.unescape(response.text)


REPO = pathlib.Path(__file__).resolve().parent.parent


# -- Debian's Chromium for the Playwright journeys ---------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = pathlib.Path(os.environ.get("IKZ_SCREENSHOTS", REPO / "var" / "screenshots"))
DEMO = "demo"


def login(base, user, password):
    """Log in through Plone's login form, as a browser does: a session
    with the ``__ac`` cookie (and the raw answer that set it)."""
    session = requests.Session()
    session.get(base + "/login", timeout=30)
    response = session.post(
        base + "/login",
        data={
            "__ac_name": user,
            "__ac_password": password,
            "buttons.login": "Anmelden",
            "came_from": base,
        },
        allow_redirects=False,
        timeout=30,
    )
    return session, response
