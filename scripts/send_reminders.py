"""Send the reminder mails for tomorrow's consultation hours.

Run once a day (cron), e.g. at 8:00:

    0 8 * * *  cd /srv/landespreis && bin/zconsole run instance/etc/zope.conf scripts/send_reminders.py

Environment: SITE_ID (landespreis). Each registration is reminded once, so
running it twice a day sends nothing twice.
"""

from AccessControl.SecurityManagement import newSecurityManager
from Testing.makerequest import makerequest
from zope.component.hooks import setSite

import os
import transaction


def main(app):
    app = makerequest(app)
    site = app[os.environ.get("SITE_ID", "landespreis")]
    setSite(site)
    user = app.acl_users.getUsers()[0] if app.acl_users.getUsers() else None
    if user is not None:
        newSecurityManager(None, user.__of__(app.acl_users))
    from ikz.landespreis.portal.consultation import send_reminders

    sent = send_reminders()
    transaction.commit()
    print(f"Reminders sent: {sent}")


if __name__ == "__main__" or "app" in globals():
    main(globals()["app"])
