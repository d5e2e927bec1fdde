"""How the jury's pages end a form post, in one place.

- ``done``: the act succeeded: a status message for the next page and a
  redirect (post, redirect, get);
- ``refused``: the act was refused: nothing of the request is kept (the
  transaction is doomed) and the German message shows on the page itself,
  with the status of the refusal.
"""

from ikz.landespreis.utils import show_message
from zope.i18n import translate

import transaction


def done(view, message, url):
    """Show ``message`` on the page at ``url`` and redirect there."""
    show_message(view.request, message)
    view.request.response.redirect(url)
    return ""


def refused(view, message, status=400, doom=True):
    """The page again with ``message`` (a message id or German text) as
    ``view.error``; ``doom=False`` keeps what the request has changed."""
    if doom:
        transaction.doom()
    view.error = translate(message, context=view.request)
    view.request.response.setStatus(status)
    return view.index()
