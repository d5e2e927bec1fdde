"""Check the storage of an instance.

    IKZ_RECONCILE=off zconsole run <instance>/etc/zope.conf scripts/check_storage.py

(With IKZ_RECONCILE=off it reads only. On FileStorage the instance must be
stopped: Data.fs admits one process; ZEO and RelStorage check while serving.)

For every storage: each object reachable from the root loads, each
reference points at a stored object, each blob has its file. On RelStorage
(PostgreSQL) also the consistency queries below. Prints one JSON line with
the figures and the problems; exits with 1 when there are problems.
(``fstest`` checks a FileStorage's file format on top of this.)
"""

from ZODB.blob import is_blob_record
from ZODB.POSException import POSKeyError
from ZODB.serialize import referencesf
from ZODB.utils import oid_repr
from ZODB.utils import z64

import json
import os


#: (what must hold, a query counting the rows that break it)
RELSTORAGE_QUERIES = [
    (
        "every blob chunk belongs to the current state of its object",
        "SELECT count(*) FROM blob_chunk b JOIN object_state o USING (zoid) "
        "WHERE b.tid <> o.tid",
    ),
    (
        "every blob chunk has its large object",
        "SELECT count(*) FROM blob_chunk b LEFT JOIN pg_largeobject_metadata m "
        "ON m.oid = b.chunk WHERE m.oid IS NULL",
    ),
    (
        "the chunks of a blob are numbered 0..n-1",
        "SELECT count(*) FROM (SELECT zoid FROM blob_chunk GROUP BY zoid "
        "HAVING min(chunk_num) <> 0 OR max(chunk_num) + 1 <> count(*)) gaps",
    ),
    (
        "every state is as long as recorded",
        "SELECT count(*) FROM object_state WHERE state IS NOT NULL "
        "AND state_size <> length(state)",
    ),
]


def walk(storage):
    """Objects and blobs reachable from the root; the problems found."""
    seen, todo, problems = set(), [z64], []
    blobs = blob_bytes = 0
    while todo:
        oid = todo.pop()
        if oid in seen:
            continue
        seen.add(oid)
        try:
            data, serial = storage.load(oid)
        except POSKeyError:
            problems.append(f"object {oid_repr(oid)} is referenced but missing")
            continue
        if is_blob_record(data):
            blobs += 1
            try:
                filename = storage.loadBlob(oid, serial)
                blob_bytes += os.path.getsize(filename)
            except (POSKeyError, OSError) as error:
                problems.append(f"blob {oid_repr(oid)}: {error}")
        todo.extend(referencesf(data))
    return {"objects": len(seen), "blobs": blobs, "blob_bytes": blob_bytes}, problems


def relstorage_checks(storage):
    adapter = getattr(storage, "_adapter", None)
    if adapter is None or "postgresql" not in type(adapter).__module__:
        return {}, []
    conn, cursor = adapter.connmanager.open()
    problems, figures = [], {}
    try:
        for rule, query in RELSTORAGE_QUERIES:
            cursor.execute(query)
            broken = cursor.fetchone()[0]
            if broken:
                problems.append(f"{rule}: {broken} rows break it")
        cursor.execute(
            "SELECT count(*), coalesce(sum(state_size), 0) FROM object_state"
        )
        figures["sql_objects"], figures["sql_state_bytes"] = map(int, cursor.fetchone())
    finally:
        adapter.connmanager.close(conn, cursor)
    return figures, problems


def main(app):
    storage = app._p_jar.db().storage
    figures, problems = walk(storage)
    more, sql_problems = relstorage_checks(storage)
    figures.update(
        more, storage=type(storage).__name__, problems=problems + sql_problems
    )
    print(json.dumps(figures))
    if figures["problems"]:
        raise SystemExit(1)


main(app)  # noqa: F821 - zconsole provides ``app``
