``make pack`` packs FileStorage, ZEO and RelStorage (``scripts/pack.py``;
no ``Data.fs.old`` or removed blobs kept), the anonymisation view says that a
pack completes it, and ``make backup`` keeps ``BACKUP_KEEP`` generations
(default 7) and deletes older ones. ``bench/abuse.py`` measures refused
oversized uploads.
