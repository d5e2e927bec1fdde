"""Back up and restore the database (`make backup`, `make restore`).

FileStorage (an instance's or the ZEO server's ``var/``):

    python scripts/backup.py backup  --source var/instance [--to var/backups]
    python scripts/backup.py restore --target var/restore [--from var/backups]
                                     [--date D]

``repozo`` writes a full or incremental, compressed backup of Data.fs into
<backups>/filestorage while the site runs; the blobs are snapshotted into
<backups>/blobstorage/<the same time stamp>/, each unchanged blob file
hard-linked to the previous snapshot (blob files never change once
written). Restoring puts Data.fs and the matching blobs into
<target>/var/filestorage and <target>/var/blobstorage, which must not
exist yet. ``--date`` (yyyy-mm-dd-hh-mm-ss, UTC) restores the state of
that time.

RelStorage on PostgreSQL:

    python scripts/backup.py backup  --dsn DSN [--to var/backups]
    python scripts/backup.py restore --target-dsn DSN [--from var/backups] [--date D]

``pg_dump`` writes <backups>/relstorage/<time stamp>.dump (custom format,
with the blobs, which are large objects); ``pg_restore`` loads it into
an empty database.

Generations: a FileStorage generation is a full repozo backup with the
incremental ones after it (a new full backup is made when the newest is
older than ``--full-every-days``, default 1, or with ``--full``); a
RelStorage generation is one dump. Each backup keeps the newest
``--keep`` generations (``BACKUP_KEEP``, default 7) and deletes older
ones with their blob snapshots, so data removed from the site (an
anonymisation followed by ``make pack``) leaves the backups too.
"""

import argparse
import datetime
import os
import pathlib
import shutil
import subprocess
import sys


REPO = pathlib.Path(__file__).resolve().parent.parent
BIN = pathlib.Path(sys.executable).parent
STAMP = "%Y-%m-%d-%H-%M-%S"
REPOZO = {".fsz", ".deltafsz", ".fs", ".deltafs"}  # repozo's full and incremental files
FULL = {".fsz", ".fs"}
DEFAULT_KEEP = 7


def run(*command, env=None):
    subprocess.run([str(c) for c in command], check=True, env=env)


def postgres_command(dsn):
    """The DSN without its password, and an environment carrying it
    (PGPASSWORD), so the password is not on a command line."""
    from psycopg2.extensions import make_dsn
    from psycopg2.extensions import parse_dsn

    parts = parse_dsn(dsn)
    env = dict(os.environ)
    if "password" in parts:
        env["PGPASSWORD"] = parts.pop("password")
    return make_dsn(**parts), env


def stamps(folder, suffixes):
    """The time stamps of the backups in ``folder``, oldest first."""
    if not folder.is_dir():
        return []
    return sorted(
        p.name.split(".")[0] for p in folder.iterdir() if p.suffix in suffixes
    )


def chosen(available, date):
    """The newest time stamp not after ``date`` (all when date is None)."""
    usable = [s for s in available if date is None or s <= date]
    if not usable:
        raise SystemExit("No backup " + (f"up to {date}" if date else "found"))
    return usable[-1]


def snapshot_blobs(source, target, previous):
    """Copy the blob tree ``source`` to ``target``; files already in the
    ``previous`` snapshot are hard links to it."""
    for root, dirs, files in os.walk(source):
        relative = pathlib.Path(root).relative_to(source)
        if relative == pathlib.Path("."):
            dirs[:] = [d for d in dirs if d != "tmp"]  # uploads being written
        (target / relative).mkdir(parents=True, exist_ok=True)
        for name in files:
            old = previous / relative / name if previous else None
            if old is not None and old.exists() and name.endswith(".blob"):
                os.link(old, target / relative / name)
            else:
                shutil.copy2(pathlib.Path(root) / name, target / relative / name)


def age_in_days(stamp):
    then = datetime.datetime.strptime(stamp, STAMP).replace(tzinfo=datetime.UTC)
    return (datetime.datetime.now(datetime.UTC) - then).total_seconds() / 86400


def rotate(backups, keep):
    """Delete all but the newest ``keep`` generations; returns the deleted
    paths."""
    keep = max(1, int(keep))
    deleted = []
    repository = backups / "filestorage"
    fulls = stamps(repository, FULL)
    if len(fulls) > keep:
        oldest_kept = fulls[-keep]
        for path in sorted(repository.iterdir()):
            if path.name.split(".")[0] < oldest_kept:
                deleted.append(path)
        blobs = backups / "blobstorage"
        if blobs.is_dir():
            deleted += [
                p for p in sorted(blobs.iterdir()) if p.name.split(".")[0] < oldest_kept
            ]
    dumps = stamps(backups / "relstorage", {".dump"})
    if len(dumps) > keep:
        deleted += [backups / "relstorage" / f"{stamp}.dump" for stamp in dumps[:-keep]]
    for path in deleted:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    if deleted:
        print(
            f"Deleted {len(deleted)} file(s) of generations older than the {keep} kept"
        )
    return deleted


def backup_filestorage(source, backups, full=False, full_every_days=1.0):
    data = source / "var" / "filestorage" / "Data.fs"
    if not data.exists():
        raise SystemExit(f"No Data.fs in {data.parent}")
    repository = backups / "filestorage"
    repository.mkdir(parents=True, exist_ok=True)
    fulls = stamps(repository, FULL)
    if not fulls or age_in_days(fulls[-1]) >= full_every_days:
        full = True  # a new generation
    mode = ["--full"] if full else []
    run(
        BIN / "repozo",
        "--backup",
        *mode,
        "--gzip",
        "--quick",
        "-f",
        data,
        "-r",
        repository,
    )
    stamp = stamps(repository, REPOZO)[-1]
    blobs = backups / "blobstorage"
    blobs.mkdir(exist_ok=True)
    earlier = [s for s in stamps(blobs, {""}) if s < stamp]
    target = blobs / stamp
    if not target.exists():
        # complete or not there: a broken snapshot never gets the stamp's
        # name (and so is never linked to nor restored)
        partial = blobs / f"{stamp}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        snapshot_blobs(
            source / "var" / "blobstorage",
            partial,
            blobs / earlier[-1] if earlier else None,
        )
        partial.rename(target)
    print(f"Backed up {data} and its blobs as {stamp} in {backups}")


def restore_filestorage(target, backups, date):
    filestorage = target / "var" / "filestorage"
    blobstorage = target / "var" / "blobstorage"
    for place in (filestorage, blobstorage):
        if place.exists() and any(place.iterdir()):
            raise SystemExit(f"{place} is not empty; restore into a fresh place")
    # the blobs that belong to the last repozo file of the chosen state
    stamp = chosen(stamps(backups / "filestorage", REPOZO), date)
    snapshot = backups / "blobstorage" / stamp
    if not snapshot.is_dir():
        raise SystemExit(f"No blob snapshot {snapshot} for the backup of {stamp}")
    filestorage.mkdir(parents=True, exist_ok=True)
    command = [
        BIN / "repozo",
        "--recover",
        "-r",
        backups / "filestorage",
        "-o",
        filestorage / "Data.fs",
    ]
    if date:
        command += ["--date", date]
    try:
        run(*command)
        shutil.copytree(snapshot, blobstorage, dirs_exist_ok=True)
    except BaseException:
        # nothing half-restored stays behind
        for place in (filestorage, blobstorage):
            shutil.rmtree(place, ignore_errors=True)
        raise
    print(f"Restored Data.fs and the blobs of {stamp} into {target / 'var'}")


def backup_relstorage(dsn, backups):
    folder = backups / "relstorage"
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.UTC)  # UTC, as repozo's stamps
    path = folder / (now.strftime(STAMP) + ".dump")
    dsn, env = postgres_command(dsn)
    run(
        "pg_dump",
        "--format=custom",
        "--no-owner",
        "--file",
        path,
        "--dbname",
        dsn,
        env=env,
    )
    print(f"Backed up the RelStorage database as {path}")


def restore_relstorage(dsn, backups, date):
    folder = backups / "relstorage"
    path = folder / (chosen(stamps(folder, {".dump"}), date) + ".dump")
    import psycopg2

    with psycopg2.connect(dsn) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        if cursor.fetchone()[0]:
            raise SystemExit(
                "The target database is not empty; restore into an empty one"
            )
    dsn, env = postgres_command(dsn)
    run(
        "pg_restore",
        "--no-owner",
        "--exit-on-error",
        "--single-transaction",
        "--dbname",
        dsn,
        path,
        env=env,
    )
    print(f"Restored {path} into the database")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("action", choices=("backup", "restore"))
    parser.add_argument("--source", help="instance or ZEO server directory to back up")
    parser.add_argument("--dsn", help="RelStorage database to back up")
    parser.add_argument("--target", help="fresh directory to restore FileStorage into")
    parser.add_argument(
        "--target-dsn", help="empty database to restore RelStorage into"
    )
    parser.add_argument(
        "--to", "--from", dest="backups", default=str(REPO / "var" / "backups")
    )
    parser.add_argument(
        "--date", help="restore the state of this time (yyyy-mm-dd-hh-mm-ss)"
    )
    parser.add_argument(
        "--keep",
        type=int,
        default=int(os.environ.get("BACKUP_KEEP") or DEFAULT_KEEP),
        help="generations to keep (BACKUP_KEEP, default 7); older ones are deleted",
    )
    parser.add_argument(
        "--full", action="store_true", help="FileStorage: start a new generation"
    )
    parser.add_argument(
        "--full-every-days",
        type=float,
        default=float(os.environ.get("BACKUP_FULL_EVERY_DAYS") or 1),
        help="FileStorage: a new generation when the newest is this old (default 1)",
    )
    args = parser.parse_args()
    backups = pathlib.Path(args.backups).resolve()
    if args.action == "backup" and args.dsn:
        backup_relstorage(args.dsn, backups)
        rotate(backups, args.keep)
    elif args.action == "backup" and args.source:
        backup_filestorage(
            pathlib.Path(args.source).resolve(),
            backups,
            full=args.full,
            full_every_days=args.full_every_days,
        )
        rotate(backups, args.keep)
    elif args.action == "restore" and args.target_dsn:
        restore_relstorage(args.target_dsn, backups, args.date)
    elif args.action == "restore" and args.target:
        restore_filestorage(pathlib.Path(args.target).resolve(), backups, args.date)
    else:
        parser.error(
            "backup needs --source or --dsn; restore needs --target or --target-dsn"
        )


if __name__ == "__main__":
    main()
