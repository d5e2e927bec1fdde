"""Plone's password mails with links from the public address.

Plone builds the reset link from the request (``navigation_root_url``),
so ``POST @users/<id>/reset-password`` with a forged ``Host`` sent a
genuine reset link to the forger's host. These views, registered for the
add-on's layer, take the link from :func:`ikz.landespreis.publicurl.public_url`
and name the client address as :mod:`ikz.landespreis.ratelimit` finds it
(``X-Forwarded-For`` only from a trusted proxy).
"""

from ikz.landespreis.publicurl import public_url
from ikz.landespreis.ratelimit import client_address
from Products.CMFPlone.browser.login.password_reset import PasswordResetToolView


class PublicPasswordResetToolView(PasswordResetToolView):
    def construct_url(self, randomstring):
        return public_url(None, "passwordreset", randomstring)

    def client_address(self):
        return client_address(self.request)
