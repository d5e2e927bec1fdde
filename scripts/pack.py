"""Pack the database (`make pack`): drop old revisions and unreferenced
objects, and with them the blob files no current object references.

    zconsole run <instance>/etc/zope.conf scripts/pack.py

Works for every storage of etc/storage/ through the instance's own
configuration:

* FileStorage: stop the instance first (Data.fs admits one process). The
  storages are configured with ``pack-keep-old false``, so no Data.fs.old
  and no ``.removed`` blob directory keeps what the pack removed.
* ZEO: online; the ZEO server packs its FileStorage (same setting) and
  removes the blob files from the shared blob directory.
* RelStorage (history-free): online; the pack collects unreferenced
  objects and their blobs in PostgreSQL.

``PACK_DAYS`` (default 0) keeps the revisions of the last days; 0 keeps
only the current state, which is what completes an anonymisation.
"""

import os
import time


def pack(app, days):
    db = app._p_jar.db()
    storage = db.storage
    before = storage.getSize()
    started = time.time()
    db.pack(days=days)
    after = storage.getSize()
    print(
        f"Packed {db.database_name!r} ({storage.getName()}): "
        f"{before / 1e6:.1f} MB -> {after / 1e6:.1f} MB "
        f"in {time.time() - started:.1f} s (revisions older than {days:g} days removed)"
    )


if __name__ == "__main__":
    pack(app, float(os.environ.get("PACK_DAYS") or 0))  # noqa: F821 - zconsole's app
