"""Send the reminder mails for tomorrow's consultation hours.

Run once a day (cron), e.g. at 8:00:

    0 8 * * *  cd /srv/landespreis && .venv/bin/zconsole run \
        var/instance/etc/zope.conf scripts/send_reminders.py

Environment: SITE_ID (landespreis). Each registration is reminded once, so
running it twice a day sends nothing twice. The job reads the catalog
unrestricted and needs no account.
"""

from Testing.makerequest import makerequest
from zope.component.hooks import setSite
from zope.globalrequest import setRequest

import os
import transaction


def main(app):
    app = makerequest(app)
    setRequest(app.REQUEST)
    site = app[os.environ.get("SITE_ID", "landespreis")]
    setSite(site)
    from ikz.landespreis import mail
    from ikz.landespreis.portal.consultation import send_reminders

    sent = send_reminders()
    transaction.commit()  # the mails go into the instance's queue
    # let this short-lived process finish a mail it has begun to deliver;
    # what it has not taken, the instance's processor delivers
    mail.stop_processors()
    print(f"Reminders sent: {sent}")


main(app)  # noqa: F821 - zconsole run provides ``app``
