"""The local PostgreSQL server for RelStorage (`make start-relstorage`,
the RelStorage tests, `.ci/run`).

    python scripts/postgres.py start              # start the installed cluster
    python scripts/postgres.py ensure DBNAME      # + role and database; prints the DSN
    python scripts/postgres.py drop DBNAME

The server is Debian's packaged cluster (``pg_lsclusters``), started with
``pg_ctlcluster``. The add-on connects over TCP on 127.0.0.1 as the role
``landespreis`` (password from ``PGPASSWORD_LANDESPREIS``, default
``landespreis``). Administrative statements run as the ``postgres`` system
user (``runuser`` when we are root).
"""

import os
import subprocess
import sys
import time


ROLE = os.environ.get("PG_ROLE", "landespreis")
PASSWORD = os.environ.get("PGPASSWORD_LANDESPREIS", "landespreis")
PORT = int(os.environ.get("PGPORT", "5432"))


def clusters():
    """``[(version, name, port, status)]`` of the installed clusters."""
    result = subprocess.run(
        ["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=True
    )
    return [
        tuple(line.split()[:4]) for line in result.stdout.splitlines() if line.strip()
    ]


def is_ready(port=PORT):
    return (
        subprocess.run([
            "pg_isready",
            "-q",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
        ]).returncode
        == 0
    )


def start(timeout=60):
    """Start the cluster that listens on PORT, unless it runs already."""
    if is_ready():
        return
    for version, name, port, status in clusters():
        if int(port) == PORT and status != "online":
            # its messages go to stderr: `ensure` prints the DSN on stdout
            subprocess.run(
                ["pg_ctlcluster", version, name, "start"], check=True, stdout=sys.stderr
            )
    deadline = time.time() + timeout
    while not is_ready():
        if time.time() > deadline:
            raise SystemExit(f"PostgreSQL does not answer on 127.0.0.1:{PORT}")
        time.sleep(0.3)


def admin(sql, database="postgres"):
    """Run ``sql`` as the database superuser; returns psql's output."""
    command = [
        "psql",
        "-X",
        "-q",
        "-t",
        "-A",
        "-v",
        "ON_ERROR_STOP=1",
        "-p",
        str(PORT),
        "-d",
        database,
        "-c",
        sql,
    ]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(
        command, capture_output=True, text=True, check=True, cwd="/"
    ).stdout.strip()


def quote_ident(name):
    return '"' + name.replace('"', '""') + '"'


def quote_literal(value):
    return "'" + value.replace("'", "''") + "'"


def dsn(database):
    return (
        f"dbname={database} user={ROLE} password={PASSWORD} host=127.0.0.1 port={PORT}"
    )


def ensure(database):
    """The role and ``database`` exist; returns the DSN."""
    start()
    if not admin(f"SELECT 1 FROM pg_roles WHERE rolname = {quote_literal(ROLE)}"):  # noqa: S608 - quoted with quote_literal
        admin(
            f"CREATE ROLE {quote_ident(ROLE)} LOGIN CREATEDB "
            f"PASSWORD {quote_literal(PASSWORD)}"
        )
    if not admin(
        f"SELECT 1 FROM pg_database WHERE datname = {quote_literal(database)}"  # noqa: S608 - quoted with quote_literal
    ):
        admin(f"CREATE DATABASE {quote_ident(database)} OWNER {quote_ident(ROLE)}")
    return dsn(database)


def drop(database):
    admin(f"DROP DATABASE IF EXISTS {quote_ident(database)} WITH (FORCE)")


def main(argv):
    if not argv or argv[0] not in ("start", "ensure", "drop"):
        raise SystemExit(__doc__)
    if argv[0] == "start":
        start()
    elif argv[0] == "ensure":
        print(ensure(argv[1]))
    else:
        drop(argv[1])


if __name__ == "__main__":
    main(sys.argv[1:])
