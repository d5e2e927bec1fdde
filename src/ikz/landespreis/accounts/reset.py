"""Password reset that answers the same for known and unknown accounts.

plone.restapi answered ``POST @users/<id>/reset-password`` with 404 for an
unknown account and with 200 (or a 500 with the mail error) for a known
one; Plone's form said "The username you entered could not be found". Both
now answer as if a mail had been sent; failures are logged.
"""

from ikz.landespreis import logger
from plone.restapi.services.users.add import UsersPost
from Products.CMFPlone.browser.login.mail_password import MailPasswordView
from zope.component.hooks import getSite


def mail_password(context, request, login):
    """Ask Plone to mail a reset link; never tell the caller what happened.

    Without the MailHost's queue the mail is sent at once, so that a mail
    server that is down fails here (and is logged), not in the commit."""
    portal = getSite()
    queued = bool(getattr(getattr(portal, "MailHost", None), "smtp_queue", False))
    try:
        portal.portal_registration.mailPassword(login, request, immediate=not queued)
    except Exception as error:
        logger.info("No password reset mail for %r: %s", login, error)


class NoSuchAccount:
    """Stands in for an unknown account, so every answer is the one a known
    account gets for the same parameters (a wrong token, a wrong password)."""

    def __init__(self, login):
        self.login = login

    def getUser(self):
        return self

    def getUserName(self):
        return self.login


class ResetPasswordPost(UsersPost):
    """``@users``, where ``<id>/reset-password`` tells nothing about ``<id>``."""

    def _get_user_by_login_name(self, user_id):
        user = super()._get_user_by_login_name(user_id)
        return user if user is not None else NoSuchAccount(user_id)

    def update_password(self, data):
        if list(data) == []:
            mail_password(self.context, self.request, self.params[0])
            return
        return super().update_password(data)


class ResetPasswordForm(MailPasswordView):
    """Classic UI ``mail_password``: the same page for every login."""

    def __call__(self):
        mail_password(self.context, self.request, self.request.form.get("userid", ""))
        return self.context.restrictedTraverse("@@mail_password_response")()
