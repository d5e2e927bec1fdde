``make pack`` packs FileStorage, ZEO and RelStorage (``scripts/pack.py``;
no ``Data.fs.old`` or removed blobs kept), the anonymisation view says that a
pack completes it, and ``make backup`` keeps ``BACKUP_KEEP`` generations
(default 7) and deletes older ones. ``bench/abuse.py`` measures refused
oversized uploads.

Ready to go live, accounts and web edge: password logins are throttled per account and per client address (growing delay, then a temporary lock; administrators lift locks on ``@@login-locks``); anonymous visitors list no users or groups through vocabularies or REST; the password reset answers the same for every login; ``DEMO=off make start`` creates a site without the demo accounts; cookie-authenticated REST changes must be JSON from the portal's own origin; security headers, a Content-Security-Policy and ``Cache-Control: private, no-store`` for everything not public; the login cookie is ``Secure`` behind HTTPS; a published application is found only by what its page shows.
